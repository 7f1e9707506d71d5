//! Lints: the checks beyond hard errors, each with a stable code and a level
//! (`allow`, `warn`, `deny`) that `[check]` in `book.toml` can change.

use std::collections::{BTreeMap, HashMap};

use crate::analysis::coverage::Coverage;
use crate::analysis::required::{self, RequiredStatus};
use crate::config::{Config, DEFAULT_STANDARD, LintLevel};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::handbook::Handbook;
use crate::parse::front_matter::Status;

/// A lint: its code, default level and what it reports.
pub struct Lint {
    /// Stable code.
    pub code: &'static str,
    /// Level when `[check]` does not set one.
    pub default: LintLevel,
    /// One line for the README and `--help`.
    pub summary: &'static str,
}

/// Every lint, in the order the README lists them.
pub const LINTS: &[Lint] = &[
    Lint {
        code: "review-overdue",
        default: LintLevel::Warn,
        summary: "an approved document is past its review date",
    },
    Lint {
        code: "no-owner",
        default: LintLevel::Warn,
        summary: "a document names no owner",
    },
    Lint {
        code: "no-approver",
        default: LintLevel::Warn,
        summary: "an approved document names no approver",
    },
    Lint {
        code: "missing-change-summary",
        default: LintLevel::Warn,
        summary: "the current `revision` has no entry in the document's `changes:` log (every document's with `[documents] require-change-log`)",
    },
    Lint {
        code: "self-approved",
        default: LintLevel::Warn,
        summary: "a document's `approved_by` is its `owner`",
    },
    Lint {
        code: "approver-not-allowed",
        default: LintLevel::Warn,
        summary: "`approved_by` is not one of the `approver-roles` of the document's type",
    },
    Lint {
        code: "approved-after-effective",
        default: LintLevel::Warn,
        summary: "`approved_on` is after `effective`",
    },
    Lint {
        code: "change-log-mismatch",
        default: LintLevel::Warn,
        summary: "the `changes:` entry of the current revision names another approver or approval day than the front matter",
    },
    Lint {
        code: "currency-check-overdue",
        default: LintLevel::Warn,
        summary: "an approved document of external origin is past its next currency check",
    },
    Lint {
        code: "incomplete-external-document",
        default: LintLevel::Warn,
        summary: "an approved or in-review document of external origin lacks `issuer`, `identifier`, `controlled_copy` or a currency-check date",
    },
    Lint {
        code: "external-field-on-internal",
        default: LintLevel::Warn,
        summary: "external-origin fields (`issuer`, `identifier`, …) on a document whose type is not external",
    },
    Lint {
        code: "broad-clause-tag",
        default: LintLevel::Warn,
        summary: "a tag on a clause with sub-clauses, which does not count for them (a note, on a clause with lettered items, that the tag addresses all of them)",
    },
    Lint {
        code: "orphan-document",
        default: LintLevel::Warn,
        summary: "no other document and not the home page links to a document",
    },
    Lint {
        code: "missing-documented-information",
        default: LintLevel::Warn,
        summary: "documented information ISO 9001 requires is not provided: no approved, effective document for an item to maintain, no record of one for an item to retain",
    },
    Lint {
        code: "record-without-retention",
        default: LintLevel::Warn,
        summary: "a declared record does not say how long it is kept (`retention`)",
    },
    Lint {
        code: "record-without-location",
        default: LintLevel::Warn,
        summary: "a declared record says neither where nor in what system it is kept (`location`, `system`)",
    },
    Lint {
        code: "vague-wording",
        default: LintLevel::Warn,
        summary: "wording auditors flag as vague (`[check] vague-words`)",
    },
    Lint {
        code: "empty-document",
        default: LintLevel::Warn,
        summary: "a document without body text",
    },
    Lint {
        code: "empty-section",
        default: LintLevel::Warn,
        summary: "a heading with neither text nor sub-sections",
    },
    Lint {
        code: "duplicate-title",
        default: LintLevel::Warn,
        summary: "two current documents with the same title",
    },
    Lint {
        code: "link-to-obsolete",
        default: LintLevel::Warn,
        summary: "a current document links to an obsolete one",
    },
    Lint {
        code: "superseded-not-obsolete",
        default: LintLevel::Warn,
        summary: "a document superseded by one in force is not obsolete",
    },
    Lint {
        code: "tag-not-applicable",
        default: LintLevel::Warn,
        summary: "a tag on a clause excluded as not applicable",
    },
    Lint {
        code: "unusual-exclusion",
        default: LintLevel::Warn,
        summary: "an ISO 9001 exclusion outside clause 8 and 7.1.5 (4.3: only where conformity is not affected)",
    },
    Lint {
        code: "exclusion-not-in-scope",
        default: LintLevel::Warn,
        summary: "an exclusion the scope statement (the document tagged 4.3) does not reference with a `[[clause:…]]` link",
    },
    Lint {
        code: "standard-not-in-scope",
        default: LintLevel::Warn,
        summary: "a tag of a standard that is not in scope",
    },
    Lint {
        code: "todo",
        default: LintLevel::Warn,
        summary: "a `TODO` marker left in a document, the home page or book.toml",
    },
    Lint {
        code: "unknown-field",
        default: LintLevel::Warn,
        summary: "a front-matter key that is neither built in nor declared in `[documents] extra-fields`",
    },
    Lint {
        code: "non-canonical-case",
        default: LintLevel::Warn,
        summary: "a status or type written in another case than its own (`Approved`)",
    },
    Lint {
        code: "review-before-effective",
        default: LintLevel::Warn,
        summary: "`review_by` is before `effective`",
    },
    Lint {
        code: "implausible-date",
        default: LintLevel::Warn,
        summary: "`effective` or `review_by` more than 10 years from the build date",
    },
    Lint {
        code: "revision-not-increasing",
        default: LintLevel::Warn,
        summary: "a document's revision is lower than one it had in an earlier commit",
    },
    Lint {
        code: "changed-after-approval",
        default: LintLevel::Warn,
        summary: "an approved revision was edited (committed or not) without a new revision",
    },
    Lint {
        code: "coverage-lost",
        default: LintLevel::Warn,
        summary: "`check --baseline`: a requirement addressed at the baseline no longer is",
    },
    Lint {
        code: "link-outside-content",
        default: LintLevel::Warn,
        summary: "a symbolic link that leaves the content folder (skipped)",
    },
    Lint {
        code: "unreadable-file",
        default: LintLevel::Warn,
        summary: "a file or folder that cannot be read (skipped)",
    },
    Lint {
        code: "commitment-without-objective",
        default: LintLevel::Warn,
        summary: "a policy commitment that no quality objective `serves`",
    },
    Lint {
        code: "objective-without-commitment",
        default: LintLevel::Warn,
        summary: "a quality objective that serves no policy commitment",
    },
    Lint {
        code: "objective-incomplete",
        default: LintLevel::Warn,
        summary: "an objective without one of the 6.2.2 elements: `actions`, `resources`, `owner`, `due`, `evaluation`",
    },
    Lint {
        code: "kpi-data-invalid",
        default: LintLevel::Deny,
        summary: "an objective's data file is missing or has a bad row (date, number, duplicate, order)",
    },
    Lint {
        code: "kpi-stale",
        default: LintLevel::Warn,
        summary: "an objective's latest result is more than 1.5 periods old",
    },
    Lint {
        code: "objective-overdue",
        default: LintLevel::Warn,
        summary: "an objective past its due date whose latest result does not meet the target (missed)",
    },
    Lint {
        code: "review-input-missing",
        default: LintLevel::Warn,
        summary: "a held management review record does not cover an input of ISO 9001 9.3.2 (`covers:`)",
    },
    Lint {
        code: "action-overdue",
        default: LintLevel::Warn,
        summary: "an open action of a management review is past its `due` date",
    },
    Lint {
        code: "action-unowned",
        default: LintLevel::Warn,
        summary: "an open action of a management review names no `owner`",
    },
    Lint {
        code: "management-review-overdue",
        default: LintLevel::Warn,
        summary: "the latest management review is older than `[management-review] interval-months` (default 12)",
    },
    Lint {
        code: "unknown-role",
        default: LintLevel::Warn,
        summary: "an owner, approver or audience role that nobody in the people file holds",
    },
    Lint {
        code: "role-vacant",
        default: LintLevel::Warn,
        summary: "an owner, approver or audience role held only by people who have left",
    },
    Lint {
        code: "acknowledgement-overdue",
        default: LintLevel::Warn,
        summary: "people of a document's audience have not acknowledged its revision by the due date (one per document)",
    },
    Lint {
        code: "acknowledgement-of-unknown",
        default: LintLevel::Deny,
        summary: "a ledger line names a person, document or revision that does not exist",
    },
    Lint {
        code: "acknowledgement-before-effective",
        default: LintLevel::Deny,
        summary: "a ledger line acknowledges a revision before its effective date",
    },
];

/// The lint with this code.
pub fn lint(code: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.code == code)
}

/// Checks the `[check]` table (every key must be a lint code) and
/// `[documents] extra-fields` (no built-in front-matter key).
pub fn check_config(config: &Config) -> Vec<Diagnostic> {
    let builtin = config
        .documents
        .extra_fields
        .0
        .keys()
        .filter(|k| crate::parse::front_matter::KNOWN_KEYS.contains(&k.as_str()))
        .map(|k| {
            config.diagnostic_at(
                k,
                Diagnostic::error(
                    "config",
                    format!("`extra-fields` declares `{k}`, which is a built-in front-matter field"),
                )
                .help("remove it from `[documents] extra-fields`; the README's front-matter reference lists the built-in fields"),
            )
        });
    let unknown_lints = config
        .check
        .levels
        .keys()
        .filter(|code| lint(code).is_none())
        .map(|code| {
            let hint = crate::util::suggest::closest(code, LINTS.iter().map(|l| l.code))
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            config.diagnostic_at(
                code,
                Diagnostic::error(
                    "config",
                    format!("`[check]` names the unknown lint `{code}`"),
                )
                .help(format!(
                    "{hint}the README lists every lint code; `vague-words` sets the word list"
                )),
            )
        });
    builtin.chain(unknown_lints).collect()
}

/// Applies `[check]` levels: allowed lints are dropped, denied ones become errors.
pub fn apply_levels(levels: &BTreeMap<String, LintLevel>, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|d| {
        let Some(l) = lint(d.code) else { return true };
        let set = levels.get(d.code).copied();
        match set.unwrap_or(l.default) {
            LintLevel::Allow => false,
            LintLevel::Warn => {
                // A lint's notes (e.g. `broad-clause-tag` on a clause with
                // lettered items) stay notes unless `[check]` sets a level.
                if set.is_some() || d.severity != Severity::Note {
                    d.severity = Severity::Warning;
                }
                true
            }
            LintLevel::Deny => {
                d.severity = Severity::Error;
                true
            }
        }
    });
}

/// The lints that look at the whole handbook.
pub fn check(hb: &Handbook, coverage: &Coverage) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let home_links: Vec<usize> = hb
        .home
        .iter()
        .flat_map(|h| h.links.iter().filter_map(|l| l.document))
        .collect();
    let mut titles: HashMap<String, usize> = HashMap::new();
    for (i, d) in hb.documents.iter().enumerate() {
        let current = d.meta.status != Status::Obsolete;
        let text = &d.file.text;
        let header = d.meta.id.bytes.clone();
        if current && d.meta.owner.is_none() {
            out.push(
                Diagnostic::warning("no-owner", format!("{} names no owner", d.id()))
                    .at_bytes(text, header.clone())
                    .help("add `owner: <role>` (a role such as Quality Manager, not a person)"),
            );
        }
        if d.meta.status == Status::Approved && d.meta.approved_by.is_none() && !hb.is_external(d) {
            out.push(
                Diagnostic::warning(
                    "no-approver",
                    format!("{} is approved but names no approver", d.id()),
                )
                .at_bytes(text, header.clone())
                .help("add `approved_by: <role>`"),
            );
        }
        if current && d.analysis.is_empty {
            out.push(
                Diagnostic::warning("empty-document", format!("{} has no text", d.id()))
                    .at_bytes(text, header.clone())
                    .help("write the document, or remove it"),
            );
        }
        for &h in &d.analysis.empty_sections {
            let heading = &d.analysis.headings[h];
            out.push(
                Diagnostic::warning(
                    "empty-section",
                    format!("the section \"{}\" is empty", heading.text),
                )
                .at_bytes(text, heading.bytes.clone())
                .help("write the section, or remove the heading"),
            );
        }
        for (range, phrase) in &d.analysis.vague {
            out.push(
                Diagnostic::warning(
                    "vague-wording",
                    format!(
                        "\"{phrase}\" is vague: auditors ask who decides, and by what criteria"
                    ),
                )
                .at_bytes(text, range.clone())
                .help("say exactly what is done, by whom, when, or to what criterion"),
            );
        }
        if d.meta.status == Status::Approved
            && d.backlinks.is_empty()
            && !home_links.contains(&i)
            && !hb.linked_from_broken(i)
        {
            out.push(
                Diagnostic::warning("orphan-document", format!("no other document links to {}", d.id()))
                    .at_bytes(text, header.clone())
                    .help("link to it from the documents that rely on it (e.g. `[[ID]]`), or from the home page"),
            );
        }
        if current {
            let key = d.meta.title.to_lowercase();
            match titles.get(&key) {
                Some(&first) => out.push(
                    Diagnostic::warning(
                        "duplicate-title",
                        format!(
                            "{} has the same title as {}: \"{}\"",
                            d.id(),
                            hb.documents[first].id(),
                            d.meta.title
                        ),
                    )
                    .at_bytes(text, header.clone())
                    .help("give each document a title that tells it apart"),
                ),
                None => {
                    titles.insert(key, i);
                }
            }
        }
        out.extend(broad_clause_tags(hb, d));
    }
    out.extend(missing_documented_information(hb, coverage));
    out
}

/// `broad-clause-tag`: a tag on a clause with sub-clauses. On a numbered
/// clause with lettered items (or an item with sub-items) the tag addresses
/// all of them, so it is only a note that item tags would be more precise;
/// on other parents it does not count for the sub-clauses (a warning),
/// unless `[coverage] parent-tags-cover-children` is set.
fn broad_clause_tags(hb: &Handbook, d: &crate::model::handbook::Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let text = &d.file.text;
    // Section tags first: a clause with items tagged both in the front matter
    // and on a section gets one note, at the section (the narrower place).
    let sections = d.analysis.headings.iter().flat_map(|h| h.clauses.iter());
    let mut noted: Vec<(String, usize)> = Vec::new();
    for (in_section, tag) in sections
        .map(|t| (true, t))
        .chain(d.meta.clauses.iter().map(|t| (false, t)))
    {
        let key = tag
            .standard
            .clone()
            .unwrap_or_else(|| hb.config.standards.default_key());
        let Some(catalog) = hb.catalogs.get(&key) else {
            continue;
        };
        let Some(i) = catalog.get(&tag.clause) else {
            continue;
        };
        let c = &catalog.clauses[i];
        if c.is_leaf() {
            continue;
        }
        if catalog.has_items(i) {
            let seen = noted.iter().any(|(k, x)| *k == key && *x == i);
            if seen && !in_section {
                continue;
            }
            noted.push((key.clone(), i));
            let items: Vec<&str> = c
                .children
                .iter()
                .map(|&ch| &catalog.clauses[ch])
                .filter(|ch| ch.is_item)
                .map(|ch| ch.id.as_str())
                .collect();
            let shown = match items.as_slice() {
                [first, .., last] => format!("`{first}` … `{last}`"),
                _ => items
                    .iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            out.push(
                Diagnostic::note(
                    "broad-clause-tag",
                    format!(
                        "{} has {} items; this tag addresses all of them",
                        tag.clause,
                        items.len()
                    ),
                )
                .at_bytes(text, tag.bytes.clone())
                .help(format!(
                    "tag the items the document really addresses ({shown}) so the matrix shows each one's evidence; or set `broad-clause-tag = \"allow\"` in `[check]`"
                )),
            );
        } else if !hb.config.coverage.parent_tags_cover_children {
            out.push(
                Diagnostic::warning(
                    "broad-clause-tag",
                    format!("{} has sub-clauses; this tag shows on its row but does not count for them", tag.clause),
                )
                .at_bytes(text, tag.bytes.clone())
                .help("tag the sub-clauses the document really addresses, or set `[coverage] parent-tags-cover-children = true`"),
            );
        }
    }
    out.sort_by_key(|d: &Diagnostic| d.span.as_ref().map(|s| (s.start.line, s.start.column)));
    out
}

/// Items of documented information a standard in scope requires (ISO 9001,
/// ISO 13485: those with a list) that are not provided (planned items and
/// gaps; see [`crate::analysis::required`]): the message says which half is
/// missing, a document to maintain or a record to retain.
/// Items not applicable or marked not needed are skipped. Not run while a
/// document's front matter cannot be read: the records and tags it would
/// provide are unknown, so its error comes first and alone.
fn missing_documented_information(hb: &Handbook, coverage: &Coverage) -> Vec<Diagnostic> {
    if !hb.broken.is_empty() {
        return Vec::new();
    }
    hb.scope
        .iter()
        .filter(|k| !crate::parse::catalog::required_items(k).is_empty())
        .flat_map(|key| missing_documented_information_of(hb, coverage, key))
        .collect()
}

/// [`missing_documented_information`] for the standard `key`.
fn missing_documented_information_of(
    hb: &Handbook,
    coverage: &Coverage,
    key: &str,
) -> Vec<Diagnostic> {
    let name = hb.catalogs.get(key).map_or(key, |c| c.name.as_str());
    required::assess(hb, coverage, key)
        .into_iter()
        .filter(|a| matches!(a.status, RequiredStatus::Planned | RequiredStatus::Gap))
        .map(|a| {
            let item = &a.item;
            let mut problems = Vec::new();
            let mut helps = Vec::new();
            let why = |half: Option<RequiredStatus>| match half {
                Some(RequiredStatus::Planned) => "is only planned (not yet approved and effective)",
                _ => "is missing",
            };
            if a.document_half.is_some_and(|s| s != RequiredStatus::Satisfied) {
                problems.push(format!("the document to maintain {}", why(a.document_half)));
                helps.push(format!(
                    "tag the approved document that provides it with clause {}",
                    item.clause
                ));
            }
            if a.record_half.is_some_and(|s| s != RequiredStatus::Satisfied) {
                let mut p = format!("the record to retain {}", why(a.record_half));
                let mut tagging: Vec<&str> =
                    a.refs.iter().map(|r| hb.documents[r.doc].id()).collect();
                tagging.sort_unstable();
                tagging.dedup();
                if !tagging.is_empty() && a.records.is_empty() {
                    p.push_str(&format!(
                        " ({} {} the clause, but a document is not a record)",
                        tagging.join(", "),
                        if tagging.len() == 1 { "tags" } else { "tag" }
                    ));
                }
                problems.push(p);
                helps.push(format!(
                    "declare the record under `records:` in the front matter of the document that governs it, with `clauses: [\"{}\"]`",
                    item.clause
                ));
            }
            if item.condition.is_some() && key == DEFAULT_STANDARD {
                helps.push(format!(
                    "if its condition ({}) does not arise here, say why under `[documented-information.not-needed]` in book.toml (key \"{}\")",
                    item.condition.as_deref().unwrap_or_default(),
                    item.reference
                ));
            } else if item.condition.is_some() {
                helps.push(format!(
                    "if its condition ({}) does not arise here, exclude clause {} under `[standards.{key}.not-applicable]` in book.toml with the reason",
                    item.condition.as_deref().unwrap_or_default(),
                    item.clause
                ));
            }
            hb.config.diagnostic_at(
                "[standards",
                Diagnostic::warning(
                    "missing-documented-information",
                    format!(
                        "{name} {} requires {}: {}; {}",
                        item.reference,
                        a.kind.with_article(),
                        item.label,
                        problems.join("; ")
                    ),
                )
                .help(helps.join("; ")),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::coverage::Coverage;
    use crate::model::testing::{
        CONFIG, EXCLUDES_8_3, TODAY, approved, doc, load_config, policy_and_draft, with_code,
    };

    /// Loads, computes coverage and runs every check with the `[check]` levels,
    /// as `pipeline::load` does.
    fn run(config: &str, files: Vec<(String, String)>) -> Vec<Diagnostic> {
        let (hb, mut d) = load_config(config, files);
        let cov = Coverage::compute(&hb, TODAY);
        d.extend(crate::check::run(&hb, &cov));
        apply_levels(&hb.config.check.levels, &mut d);
        d
    }

    fn missing(d: &[Diagnostic]) -> Vec<String> {
        with_code(d, "missing-documented-information")
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn missing_documented_information_skips_excluded_and_satisfied_items() {
        let all = missing(&run(CONFIG, Vec::new()));
        assert_eq!(all.len(), catalog_items());
        assert!(all.iter().any(|m| m.contains(" 8.3.2")), "{all:?}");
        assert!(
            all.iter()
                .any(|m| m.contains("requires a document to maintain and a record to retain"))
        );

        let d = run(EXCLUDES_8_3, policy_and_draft());
        let some = missing(&d);
        assert!(!some.iter().any(|m| m.contains(" 8.3.")), "{some:?}");
        assert!(!some.iter().any(|m| m.contains("5.2.2 a)")), "{some:?}");
        assert!(
            some.iter().any(|m| m.contains("6.2.1")),
            "a planned item is still missing: {some:?}"
        );
    }

    fn catalog_items() -> usize {
        crate::parse::catalog::required_items(DEFAULT_STANDARD).len()
    }

    #[test]
    fn missing_documented_information_needs_iso9001_in_scope() {
        let config = "[book]\ntitle = \"T\"\n[standards]\nin-scope = [\"iso14001-2015\"]\n";
        assert!(missing(&run(config, Vec::new())).is_empty());
    }

    #[test]
    fn lint_levels_allow_warn_and_deny() {
        let files = || {
            vec![doc(
                "SOP-001",
                "status: approved\neffective: 2026-01-01",
                "Text.",
            )]
        };
        let d = run(CONFIG, files());
        let no_owner = with_code(&d, "no-owner");
        assert_eq!(no_owner.len(), 1);
        assert_eq!(no_owner[0].severity, Severity::Warning);

        let d = run(
            "[book]\ntitle = \"T\"\n[check]\nno-owner = \"deny\"\nno-approver = \"allow\"\n",
            files(),
        );
        assert_eq!(with_code(&d, "no-owner")[0].severity, Severity::Error);
        assert!(with_code(&d, "no-approver").is_empty());
        assert_eq!(
            with_code(&d, "orphan-document").len(),
            1,
            "others keep their default"
        );
    }

    #[test]
    fn unknown_lint_names_in_check_are_errors() {
        let d = run(
            "[book]\ntitle = \"T\"\n[check]\nno-onwer = \"allow\"\n",
            Vec::new(),
        );
        let config: Vec<_> = with_code(&d, "config");
        assert_eq!(config.len(), 1, "{d:?}");
        assert!(
            config[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `no-owner`")
        );
    }

    #[test]
    fn broad_clause_tags_warn_unless_parent_tags_cover_children() {
        let files = || vec![approved("SOP-001", r#"["7.5.3"]"#, ".")];
        assert_eq!(
            with_code(&run(CONFIG, files()), "broad-clause-tag").len(),
            1
        );
        let config = "[book]\ntitle = \"T\"\n[coverage]\nparent-tags-cover-children = true\n";
        assert!(with_code(&run(config, files()), "broad-clause-tag").is_empty());
    }
}
