//! The approval record in front matter beyond `approved_by`: the revision log
//! (`changes:`, one entry per revision with its summary and approval) and the
//! last periodic review (`reviewed:`). Reads the YAML tree into typed values
//! with spans and reports every malformed part at its own line and column.
//!
//! It only reads one file: whether the log covers the current revision, or
//! agrees with `approved_by` / `approved_on`, is checked in `crate::check`;
//! the order a log is shown in is decided in `crate::views`.

use std::ops::Range;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::located::Located;
use crate::parse::values::{Reader, mapping_at};
use crate::parse::yaml::{Node, Value};
use crate::util::suggest;

/// One entry of `changes:`: what changed in a revision, and who approved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEntry {
    /// The revision the entry describes, as written (`C`, `3`, `1.2`).
    pub revision: Located<String>,
    /// The day of the revision.
    pub date: Located<Date>,
    /// What changed, in the author's words.
    pub summary: String,
    /// The role that approved the revision.
    pub approved_by: Option<Located<String>>,
    /// The day it was approved.
    pub approved_on: Option<Located<Date>>,
    /// Evidence of the approval (a pull request, a signed form); linked on
    /// the site only when it is an `http(s)` address ([`evidence_link`]).
    pub evidence: Option<String>,
    /// `major: true`: the revision is a major one, which people must
    /// acknowledge under `acknowledge: major-revision`; `None` when the
    /// entry does not say.
    pub major: Option<bool>,
    /// The entry's byte range in the file.
    pub bytes: Range<usize>,
}

/// What a periodic review concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewOutcome {
    /// The document was reviewed and stays as it is.
    NoChange,
    /// The review led to a new revision.
    Revised,
}

impl ReviewOutcome {
    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewOutcome::NoChange => "no-change",
            ReviewOutcome::Revised => "revised",
        }
    }

    /// Every outcome, for messages.
    pub const ALL: [&'static str; 2] = ["no-change", "revised"];

    fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "no-change" => Some(ReviewOutcome::NoChange),
            "revised" => Some(ReviewOutcome::Revised),
            _ => None,
        }
    }
}

/// `reviewed:`: the last periodic review of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// The day of the review.
    pub date: Located<Date>,
    /// The role that reviewed it.
    pub by: String,
    /// What the review concluded.
    pub outcome: ReviewOutcome,
    /// The mapping's byte range in the file.
    pub bytes: Range<usize>,
}

/// The keys of a `changes:` entry.
pub const CHANGE_KEYS: [&str; 7] = [
    "revision",
    "date",
    "summary",
    "approved_by",
    "approved_on",
    "evidence",
    "major",
];

/// The keys of `reviewed:`.
pub const REVIEW_KEYS: [&str; 3] = ["date", "by", "outcome"];

/// `evidence` as a link target, when it is an `http://` or `https://`
/// address; anything else (a form number, a `javascript:` text) is shown as
/// plain text.
pub fn evidence_link(evidence: &str) -> Option<&str> {
    let e = evidence.trim();
    let lower = e.get(..8).unwrap_or(e).to_ascii_lowercase();
    let is_web = (lower.starts_with("https://") && e.len() > 8)
        || (lower.starts_with("http://") && e.len() > 7);
    (is_web && !e.contains(char::is_whitespace)).then_some(e)
}

/// Reads `changes:`, a list of [`ChangeEntry`] mappings, in file order.
/// Malformed entries are reported and left out.
pub fn read_changes(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ChangeEntry> {
    let mut r = Reader { file, diagnostics };
    let items = match &node.value {
        Value::Seq(items) => items,
        Value::Null => return Vec::new(),
        other => {
            r.error(
                node.bytes.clone(),
                format!(
                    "`changes` must be a list of revisions, found {}",
                    other.kind()
                ),
                "write one entry per revision: `- revision: B` with `date:` and `summary:` indented below it".to_string(),
            );
            return Vec::new();
        }
    };
    let mut out: Vec<ChangeEntry> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let what = format!("`changes` entry {}", n + 1);
        let Some(entry) = read_entry(&mut r, &what, item) else {
            continue;
        };
        if let Some(first) = out
            .iter()
            .find(|e| e.revision.value == entry.revision.value)
        {
            let line = file.position(first.revision.bytes.start).line;
            r.error(
                entry.revision.bytes.clone(),
                format!(
                    "`changes` has two entries for revision {}",
                    entry.revision.value
                ),
                format!("merge this entry into the one on line {line}, or correct its revision"),
            );
            continue;
        }
        out.push(entry);
    }
    out
}

/// One `changes:` entry.
fn read_entry(r: &mut Reader<'_>, what: &str, item: &Node) -> Option<ChangeEntry> {
    let Value::Map(fields) = &item.value else {
        r.error(
            item.bytes.clone(),
            format!(
                "{what} must be a mapping with `revision`, `date` and `summary`, found {}",
                item.value.kind()
            ),
            "write e.g. `- { revision: B, date: 2026-03-01, summary: \"New approval step\" }`"
                .to_string(),
        );
        return None;
    };
    let (mut revision, mut date, mut summary) = (None, None, None);
    let (mut approved_by, mut approved_on, mut evidence) = (None, None, None);
    let mut major = None;
    for (key, value) in fields {
        let field = format!("`{key}` of {what}");
        match key.as_str() {
            "revision" => revision = r.located_text(&field, value),
            "date" => date = r.date(&field, value),
            "summary" => summary = r.text(&field, value),
            "approved_by" => approved_by = r.located_text(&field, value),
            "approved_on" => approved_on = r.date(&field, value),
            "evidence" => evidence = r.text(&field, value),
            "major" => match value.value {
                Value::Bool(b) => major = Some(b),
                _ => r.error(
                    value.bytes.clone(),
                    format!(
                        "{field} must be `true` or `false`, found {}",
                        value.value.kind()
                    ),
                    "write `major: true` for a major revision, or leave the key out".to_string(),
                ),
            },
            other => r.unknown_key(what, other, value, &CHANGE_KEYS),
        }
    }
    let present = |k: &str| fields.iter().any(|(key, _)| key == k);
    let missing: Vec<&str> = ["revision", "date", "summary"]
        .into_iter()
        .filter(|k| !present(k))
        .collect();
    r.missing(
        what,
        mapping_at(r.file, item, fields),
        &missing,
        "`revision: B`, `date: 2026-03-01`, `summary: \"…\"`",
    );
    Some(ChangeEntry {
        revision: revision?,
        date: date?,
        summary: summary?,
        approved_by,
        approved_on,
        evidence,
        major,
        bytes: item.bytes.clone(),
    })
}

/// Reads `reviewed: {date, by, outcome}`; reports what is malformed.
pub fn read_reviewed(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Reviewed> {
    let mut r = Reader { file, diagnostics };
    let what = "`reviewed`";
    let Value::Map(fields) = &node.value else {
        r.error(
            node.bytes.clone(),
            format!(
                "`reviewed` must be a mapping with `date`, `by` and `outcome`, found {}",
                node.value.kind()
            ),
            "write e.g. `reviewed: { date: 2026-09-01, by: Quality Manager, outcome: no-change }`"
                .to_string(),
        );
        return None;
    };
    let (mut date, mut by, mut outcome) = (None, None, None);
    for (key, value) in fields {
        let field = format!("`{key}` of `reviewed`");
        match key.as_str() {
            "date" => date = r.date(&field, value),
            "by" => by = r.text(&field, value),
            "outcome" => {
                let Some(text) = r.text(&field, value) else {
                    continue;
                };
                outcome = ReviewOutcome::parse(&text);
                if outcome.is_none() {
                    let hint = suggest::closest(&text, ReviewOutcome::ALL.iter().copied())
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    r.error(
                        value.bytes.clone(),
                        format!("unknown review outcome `{text}`"),
                        format!(
                            "{hint}the outcome is `no-change` (reviewed, nothing to change) or `revised` (the review led to a new revision)"
                        ),
                    );
                }
            }
            other => r.unknown_key(what, other, value, &REVIEW_KEYS),
        }
    }
    let present = |k: &str| fields.iter().any(|(key, _)| key == k);
    let missing: Vec<&str> = REVIEW_KEYS.into_iter().filter(|k| !present(k)).collect();
    r.missing(
        what,
        mapping_at(r.file, node, fields),
        &missing,
        "`reviewed: { date: 2026-09-01, by: Quality Manager, outcome: no-change }`",
    );
    Some(Reviewed {
        date: date?,
        by: by?,
        outcome: outcome?,
        bytes: node.bytes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;

    /// Parses `yaml` (the text of a front-matter block) and reads the value
    /// of its one key with `read`.
    fn read<T>(
        yaml_text: &str,
        read: impl Fn(&SourceText, &Node, &mut Vec<Diagnostic>) -> T,
    ) -> (T, Vec<Diagnostic>) {
        let file = SourceText::new("content/a.md", yaml_text.to_string());
        let root = yaml::parse(yaml_text, 0).expect("valid YAML");
        let Value::Map(entries) = root.value else {
            panic!("a mapping")
        };
        let mut d = Vec::new();
        let value = read(&file, &entries[0].1, &mut d);
        (value, d)
    }

    fn locations(d: &[Diagnostic]) -> Vec<String> {
        d.iter().map(Diagnostic::location).collect()
    }

    #[test]
    fn a_full_log_is_read_in_file_order() {
        let (log, d) = read(
            "changes:\n  - revision: A\n    date: 2025-01-10\n    summary: First issue\n  - revision: B\n    date: 2025-06-01\n    summary: |\n      New approval step\n    approved_by: Managing Director\n    approved_on: 2025-05-28\n    evidence: https://git.example.com/qms/pulls/12\n",
            read_changes,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].revision.value, "A");
        assert_eq!(log[1].summary, "New approval step");
        assert_eq!(
            log[1].approved_by.as_ref().map(|a| a.value.as_str()),
            Some("Managing Director")
        );
        assert_eq!(
            log[1]
                .approved_on
                .as_ref()
                .map(|a| a.value.to_string())
                .as_deref(),
            Some("2025-05-28")
        );
        assert_eq!(
            log[1].evidence.as_deref(),
            Some("https://git.example.com/qms/pulls/12")
        );
    }

    #[test]
    fn numbers_are_revisions_as_written() {
        let (log, d) = read(
            "changes: [{revision: 2.10, date: 2025-01-10, summary: S}]\n",
            read_changes,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(log[0].revision.value, "2.10");
    }

    #[test]
    fn malformed_logs_are_reported_where_they_are() {
        let (log, d) = read("changes: B\n", read_changes);
        assert!(log.is_empty());
        assert!(d[0].message.contains("must be a list"), "{}", d[0].message);
        assert_eq!(locations(&d), ["content/a.md:1:10"]);

        let (log, d) = read("changes:\n  - just text\n", read_changes);
        assert!(log.is_empty());
        assert!(
            d[0].message.contains("must be a mapping"),
            "{}",
            d[0].message
        );
        assert_eq!(locations(&d), ["content/a.md:2:5"]);

        let (log, d) = read(
            "changes:\n  - revision: A\n    summary: S\n  - revision: B\n    date: 2025-13-01\n    summary: S\n    aproved_by: MD\n",
            read_changes,
        );
        assert!(log.is_empty(), "{log:?}");
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].message.contains("`date`"), "{}", d[0].message);
        assert_eq!(d[0].location(), "content/a.md:2:5");
        assert_eq!(d[1].code, "invalid-date");
        assert_eq!(d[1].location(), "content/a.md:5:11");
        assert!(d[2].message.contains("unknown key `aproved_by`"));
        assert_eq!(d[2].location(), "content/a.md:7:5");
        assert!(
            d[2].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `approved_by`")
        );
    }

    #[test]
    fn a_revision_logged_twice_is_an_error_at_the_second() {
        let (log, d) = read(
            "changes:\n  - {revision: A, date: 2025-01-10, summary: S}\n  - {revision: A, date: 2025-02-10, summary: T}\n",
            read_changes,
        );
        assert_eq!(log.len(), 1);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location(), "content/a.md:3:16");
        assert!(d[0].help.as_deref().unwrap_or("").contains("line 2"));
    }

    #[test]
    fn reviews_are_read_and_checked() {
        let (r, d) = read(
            "reviewed: {date: 2026-09-01, by: Quality Manager, outcome: no-change}\n",
            read_reviewed,
        );
        assert!(d.is_empty(), "{d:?}");
        let r = r.expect("read");
        assert_eq!(r.outcome, ReviewOutcome::NoChange);
        assert_eq!(r.by, "Quality Manager");

        let (r, d) = read(
            "reviewed:\n  date: 2026-09-01\n  by: QM\n  outcome: no change\n",
            read_reviewed,
        );
        assert!(r.is_none());
        assert_eq!(d[0].location(), "content/a.md:4:12");
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `no-change`")
        );

        let (r, d) = read(
            "reviewed:\n  date: 2026-09-01\n  outcom: revised\n",
            read_reviewed,
        );
        assert!(r.is_none());
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(messages[0].contains("unknown key `outcom`"), "{messages:?}");
        assert!(messages[1].contains("`by`, `outcome`"), "{messages:?}");
        assert_eq!(locations(&d), ["content/a.md:3:3", "content/a.md:2:3"]);

        let (r, d) = read("reviewed: 2026-09-01\n", read_reviewed);
        assert!(r.is_none());
        assert!(d[0].message.contains("must be a mapping"));
    }

    #[test]
    fn only_web_addresses_are_evidence_links() {
        assert_eq!(
            evidence_link(" https://git.example.com/pulls/12 "),
            Some("https://git.example.com/pulls/12")
        );
        assert!(evidence_link("HTTP://intranet/forms/7").is_some());
        assert_eq!(evidence_link("javascript:alert(1)"), None);
        assert_eq!(evidence_link("Form F-12, signed"), None);
        assert_eq!(evidence_link("https://"), None);
        assert_eq!(evidence_link("https://a b"), None);
    }
}
