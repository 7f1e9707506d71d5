//! Awareness checks: roles that nobody holds (`unknown-role`) or only people
//! who left (`role-vacant`), acknowledgements that are overdue
//! (`acknowledgement-overdue`, one per document), ledger lines naming a
//! person, document or revision that does not exist
//! (`acknowledgement-of-unknown`) or acknowledging a revision before it took
//! effect (`acknowledgement-before-effective`), and `awareness-off` (a note:
//! documents declare audiences but there is no people file).
//!
//! The revisions a ledger line may name: the document's current revision,
//! those of its `changes:` log and, when git history was read, every
//! revision it was committed with.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::analysis::awareness::{self, AwarenessStatus};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::awareness::Awareness;
use crate::model::handbook::{Document, Handbook};
use crate::parse::awareness::{Acknowledgement, Audience};
use crate::parse::front_matter::Status;
use crate::parse::history::{Availability, History};
use crate::util::suggest;

/// How many names an `acknowledgement-overdue` message lists.
const NAMED: usize = 5;

/// Every awareness check.
pub fn run(hb: &Handbook, history: &History) -> Vec<Diagnostic> {
    let Some(aw) = hb.awareness.as_ref() else {
        return awareness_off(hb).into_iter().collect();
    };
    let mut out = roles(hb, aw);
    if let Some(status) = awareness::compute(hb) {
        out.extend(overdue(hb, aw, &status));
    }
    out.extend(ledger(hb, aw, history));
    out
}

/// The byte range of the top-level `key:` line of a document's front
/// matter, else of its ID.
fn key_line(d: &Document, key: &str) -> Range<usize> {
    d.file
        .front_matter
        .as_ref()
        .and_then(|b| {
            let yaml = d.file.text.text.get(b.yaml.clone())?;
            let needle = format!("{key}:");
            let at = yaml
                .match_indices(&needle)
                .find(|(i, _)| *i == 0 || yaml.as_bytes()[i - 1] == b'\n')?
                .0;
            let end = yaml[at..].find('\n').map_or(yaml.len(), |e| at + e);
            Some(b.yaml.start + at..b.yaml.start + end)
        })
        .unwrap_or_else(|| d.meta.id.bytes.clone())
}

/// `awareness-off`: documents declare `audience:` but there is no people file.
fn awareness_off(hb: &Handbook) -> Option<Diagnostic> {
    let with: Vec<&Document> = hb
        .documents
        .iter()
        .filter(|d| d.meta.audience.is_some())
        .collect();
    let first = with.first()?;
    Some(
        Diagnostic::note(
            "awareness-off",
            format!(
                "{} declare{} `audience:`, but there is no people file `{}`: acknowledgements are not tracked",
                crate::util::plural::count(with.len(), "document"),
                if with.len() == 1 { "s" } else { "" },
                hb.config.awareness.people_path().display()
            ),
        )
        .at_bytes(&first.file.text, key_line(first, "audience"))
        .help("create the people file (header `person,roles,start,end`) to publish reading lists and track acknowledgements; see the README's \"Awareness\" section"),
    )
}

/// `unknown-role` and `role-vacant` for the owners, approvers and audiences
/// of current documents.
fn roles(hb: &Handbook, aw: &Awareness) -> Vec<Diagnostic> {
    let known: Vec<String> = aw.roles();
    let mut out = Vec::new();
    for d in &hb.documents {
        if d.meta.status == Status::Obsolete || hb.is_external(d) {
            continue;
        }
        let mut used: Vec<(String, Range<usize>, &str)> = Vec::new();
        if let Some(owner) = &d.meta.owner {
            used.push((owner.clone(), key_line(d, "owner"), "owner"));
        }
        if let Some(a) = &d.meta.approved_by {
            used.push((a.value.clone(), a.bytes.clone(), "approver"));
        }
        if let Some(Audience::Roles(list)) = &d.meta.audience {
            for r in list {
                used.push((r.value.clone(), r.bytes.clone(), "audience"));
            }
        }
        let mut seen = BTreeSet::new();
        for (role, bytes, what) in used {
            if !seen.insert(role.to_ascii_lowercase()) {
                continue;
            }
            if !aw.role_known(&role) {
                let hint = suggest::closest(&role, known.iter().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                out.push(
                    Diagnostic::warning(
                        "unknown-role",
                        format!(
                            "{} names the {what} role `{role}`, which nobody in `{}` holds",
                            d.id(),
                            aw.people_file.path
                        ),
                    )
                    .at_bytes(&d.file.text, bytes)
                    .help(format!(
                        "{hint}correct the role, or add it to the roles of the people who hold it"
                    )),
                );
            } else if !aw.people.iter().any(|p| {
                p.present_on(hb.today) && p.roles.iter().any(|r| r.eq_ignore_ascii_case(&role))
            }) {
                out.push(
                    Diagnostic::warning(
                        "role-vacant",
                        format!(
                            "{} names the {what} role `{role}`, which only people who have left (or not yet started) hold",
                            d.id()
                        ),
                    )
                    .at_bytes(&d.file.text, bytes)
                    .help(format!(
                        "give the role to someone in `{}`, or name another role",
                        aw.people_file.path
                    )),
                );
            }
        }
    }
    out
}

/// `acknowledgement-overdue`: one per document with overdue acknowledgements.
fn overdue(hb: &Handbook, aw: &Awareness, status: &AwarenessStatus) -> Vec<Diagnostic> {
    status
        .documents
        .iter()
        .filter(|s| s.overdue() > 0)
        .map(|s| {
            let d = &hb.documents[s.doc];
            let late: Vec<_> = s.obligations.iter().filter(|o| o.overdue).collect();
            let earliest = late.iter().map(|o| o.due).min().unwrap_or(hb.today);
            let mut names: Vec<&str> = late
                .iter()
                .take(NAMED)
                .map(|o| aw.people[o.person].name.as_str())
                .collect();
            let more = late.len().saturating_sub(NAMED);
            let more_text = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            names.sort_unstable();
            Diagnostic::warning(
                "acknowledgement-overdue",
                format!(
                    "{} of {} people in the audience of {} have not acknowledged revision {} (due since {earliest}): {}{more_text}",
                    late.len(),
                    s.obligations.len(),
                    d.id(),
                    s.required.as_deref().unwrap_or("?"),
                    names.join(", "),
                ),
            )
            .at_bytes(&d.file.text, key_line(d, "audience"))
            .help(format!(
                "ask them to read it and record each with `qmsbook ack PERSON {}`; awareness.html lists who owes what",
                d.id()
            ))
        })
        .collect()
}

/// `acknowledgement-of-unknown` and `acknowledgement-before-effective` for
/// every ledger line.
fn ledger(hb: &Handbook, aw: &Awareness, history: &History) -> Vec<Diagnostic> {
    let names: Vec<&str> = aw.people.iter().map(|p| p.name.as_str()).collect();
    let with_git = !matches!(history.availability, Availability::Unavailable(_));
    let mut out = Vec::new();
    for (file, a) in aw.acknowledgements() {
        if aw.person(&a.person.value).is_none() {
            let hint = suggest::closest(&a.person.value, names.iter().copied())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            out.push(unknown(
                file,
                a.person.bytes.clone(),
                format!("`{}` is not in `{}`", a.person.value, aw.people_file.path),
                format!("{hint}write the name as the people file has it, or add the person there"),
            ));
        }
        let Some(d) = hb.get(&a.document.value) else {
            let ids: Vec<&str> = hb.documents.iter().map(Document::id).collect();
            let hint = suggest::closest(&a.document.value, ids.iter().copied())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            out.push(unknown(
                file,
                a.document.bytes.clone(),
                format!("no document has the ID `{}`", a.document.value),
                format!("{hint}write the ID of an existing document"),
            ));
            continue;
        };
        let known = known_revisions(hb, history, d);
        if !known
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&a.revision.value))
        {
            out.push(unknown(
                file,
                a.revision.bytes.clone(),
                format!("{} has no revision `{}`", d.id(), a.revision.value),
                known_help(d, &known, with_git),
            ));
            continue;
        }
        before_effective(d, file, a, &mut out);
    }
    out
}

/// The revisions of `d` a ledger line may name: the current one, those of
/// its `changes:` log and those git shows it committed with; sorted.
pub fn known_revisions(hb: &Handbook, history: &History, d: &Document) -> Vec<String> {
    let mut known: Vec<String> = d.meta.revision.iter().cloned().collect();
    known.extend(
        d.meta
            .changes
            .iter()
            .flatten()
            .map(|c| c.revision.value.clone()),
    );
    if let Some(i) = hb.index_of_path(&d.file.rel_path) {
        known.extend(history.of(i).versions.iter().map(|v| v.revision.clone()));
    }
    known.sort();
    known.dedup();
    known
}

/// The help of an unknown revision: which ones are known, and from where.
fn known_help(d: &Document, known: &[String], with_git: bool) -> String {
    let source = if with_git {
        "the current one, its `changes:` log and git history"
    } else {
        "the current one and its `changes:` log; without git history no other revision is known"
    };
    format!(
        "the known revisions of {} are {} ({source})",
        d.id(),
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    )
}

/// A ledger line `qmsbook ack` may append, checked like the ledger: the
/// person is on the roster and present on `date`, the document exists and
/// is approved, the revision is known (default: the current one) and in
/// force on `date`, and the line is not recorded yet. Gives the line with
/// the names as the people file and the document spell them.
pub fn new_acknowledgement(
    hb: &Handbook,
    history: &History,
    person: &str,
    document: &str,
    revision: Option<&str>,
    date: jiff::civil::Date,
) -> Result<[String; 4], String> {
    let Some(aw) = hb.awareness.as_ref() else {
        return Err(format!(
            "there is no people file `{}`: create it (header `person,roles,start,end`) before recording acknowledgements",
            hb.config.awareness.people_path().display()
        ));
    };
    let names: Vec<&str> = aw.people.iter().map(|p| p.name.as_str()).collect();
    let Some(p) = aw.person(person) else {
        let hint = suggest::closest(person, names.iter().copied())
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        return Err(format!(
            "`{person}` is not in `{}`{hint}",
            aw.people_file.path
        ));
    };
    let who = &aw.people[p];
    if !who.present_on(date) {
        return Err(format!(
            "{} is not in the organisation on {date} (from {} to {})",
            who.name,
            who.start,
            who.end.map_or("today".to_string(), |e| e.to_string())
        ));
    }
    let Some(d) = hb.get(document) else {
        let ids: Vec<&str> = hb.documents.iter().map(Document::id).collect();
        let hint = suggest::closest(document, ids.iter().copied())
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        return Err(format!("no document has the ID `{document}`{hint}"));
    };
    let known = known_revisions(hb, history, d);
    let revision = match revision {
        Some(r) => match known.iter().find(|k| k.eq_ignore_ascii_case(r.trim())) {
            Some(k) => k.clone(),
            None => {
                let with_git = !matches!(history.availability, Availability::Unavailable(_));
                return Err(format!(
                    "{} has no revision `{r}`: {}",
                    d.id(),
                    known_help(d, &known, with_git)
                ));
            }
        },
        None => match &d.meta.revision {
            Some(r) => r.clone(),
            None => return Err(format!("{} has no `revision:` to acknowledge", d.id())),
        },
    };
    if let Some(effective) = awareness::effective_of(d, &revision)
        && date < effective
    {
        return Err(format!(
            "revision {revision} of {} takes effect on {effective}, after {date}: it can be acknowledged from then on",
            d.id()
        ));
    }
    if let Some((_, a)) = aw.acknowledgements().find(|(_, a)| {
        aw.person(&a.person.value) == Some(p)
            && a.document.value.eq_ignore_ascii_case(d.id())
            && a.revision.value.eq_ignore_ascii_case(&revision)
    }) {
        return Err(format!(
            "{} already acknowledged revision {revision} of {} on {}",
            who.name,
            d.id(),
            a.date
        ));
    }
    Ok([
        date.to_string(),
        who.name.clone(),
        d.id().to_string(),
        revision,
    ])
}

fn unknown(file: &SourceText, bytes: Range<usize>, message: String, help: String) -> Diagnostic {
    Diagnostic::error("acknowledgement-of-unknown", message)
        .at_bytes(file, bytes)
        .help(help)
}

/// `acknowledgement-before-effective`: the line is dated before the
/// revision it acknowledges took effect.
fn before_effective(
    d: &Document,
    file: &SourceText,
    a: &Acknowledgement,
    out: &mut Vec<Diagnostic>,
) {
    let rev = d
        .meta
        .revision
        .iter()
        .chain(d.meta.changes.iter().flatten().map(|c| &c.revision.value))
        .find(|r| r.eq_ignore_ascii_case(&a.revision.value))
        .cloned()
        .unwrap_or_else(|| a.revision.value.clone());
    let Some(effective) = awareness::effective_of(d, &rev) else {
        return;
    };
    if a.date < effective {
        out.push(
            Diagnostic::error(
                "acknowledgement-before-effective",
                format!(
                    "{} acknowledged revision {rev} of {} on {}, before it took effect on {effective}",
                    a.person.value,
                    d.id(),
                    a.date
                ),
            )
            .at_bytes(file, a.date_at.clone())
            .help("correct the date or the revision: a revision is acknowledged once it is in force"),
        );
    }
}
