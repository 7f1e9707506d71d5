//! Checks that read a document's git history beside its current text:
//! `revision-not-increasing` (the revision is lower than one it was committed
//! with) and `changed-after-approval` (an approved revision was edited
//! without a new revision, committed or not). Documents of external origin
//! have editions, not revisions of the organisation's own, and are left out.

use std::cmp::Ordering;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::model::handbook::{Document, Handbook};
use crate::parse::front_matter::Status;
use crate::parse::history::{Change, History, compare_revisions};

/// Front-matter keys that record control of the document rather than being
/// its content: changing them is not a change to an approved revision.
pub const NOT_CONTENT: [&str; 7] = [
    "reviewed",
    "review_by",
    "changes",
    "approved_on",
    "weight",
    "audience",
    "acknowledge",
];

/// Every history check, documents in parallel.
pub fn run(hb: &Handbook, history: &History) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    hb.documents
        .par_iter()
        .enumerate()
        .filter(|(_, d)| !hb.is_external(d))
        .flat_map_iter(|(i, d)| {
            let h = history.of(i);
            let edited = h.approved.as_ref().and_then(|approved| {
                let text = approved.text.as_deref()?;
                changed_after_approval(d, &h.changes[approved.change], text)
            });
            revision_not_increasing(d, &h.changes)
                .into_iter()
                .chain(edited)
        })
        .collect()
}

/// The byte range of the `revision:` line in a document's front matter,
/// else of its ID.
fn revision_line(d: &Document) -> Range<usize> {
    d.file
        .front_matter
        .as_ref()
        .and_then(|b| {
            let yaml = &d.file.text.text[b.yaml.clone()];
            let line = yaml
                .match_indices("revision:")
                .find(|(i, _)| *i == 0 || yaml.as_bytes()[i - 1] == b'\n')?
                .0;
            let end = yaml[line..].find('\n').map_or(yaml.len(), |e| line + e);
            Some(b.yaml.start + line..b.yaml.start + end)
        })
        .unwrap_or_else(|| d.meta.id.bytes.clone())
}

/// `revision-not-increasing`: the document's revision is lower than the
/// highest one git shows it committed with. Revisions written in different
/// styles (`C` and `3`) are not compared.
fn revision_not_increasing(d: &Document, changes: &[Change]) -> Option<Diagnostic> {
    let current = d.meta.revision.as_deref()?;
    let highest = changes
        .iter()
        .filter_map(|c| Some((c.revision.as_deref()?, c)))
        .filter(|(r, _)| compare_revisions(r, current).is_some())
        .max_by(|(a, x), (b, y)| {
            compare_revisions(a, b)
                .unwrap_or(Ordering::Equal)
                // The newest commit of the highest revision.
                .then_with(|| y.seq.cmp(&x.seq))
        })?;
    if compare_revisions(current, highest.0) != Some(Ordering::Less) {
        return None;
    }
    let (revision, change) = highest;
    Some(
        Diagnostic::warning(
            "revision-not-increasing",
            format!(
                "{} is at revision {current}, lower than revision {revision} it had in commit {} ({})",
                d.id(),
                change.commit.short(),
                change.commit.date(),
            ),
        )
        .at_bytes(&d.file.text, revision_line(d))
        .help(format!(
            "a new revision must come after the old one: set `revision:` above {revision}"
        )),
    )
}

/// `changed-after-approval`: the document is approved at the revision its
/// newest commit approved, and its text (committed or in the work tree)
/// differs from the text at that approval, apart from whitespace and the
/// [`NOT_CONTENT`] keys.
fn changed_after_approval(
    d: &Document,
    approval: &Change,
    approved_text: &str,
) -> Option<Diagnostic> {
    if d.meta.status != Status::Approved {
        return None;
    }
    let revision = d.meta.revision.as_deref()?;
    if approval.revision.as_deref() != Some(revision) {
        return None;
    }
    let now = &d.file.text.text;
    let at = first_difference(now, approved_text)?;
    let line = d.file.text.position(at).line;
    Some(
        Diagnostic::warning(
            "changed-after-approval",
            format!(
                "{} was changed after revision {revision} was approved: from line {line} it differs from commit {} ({}, “{}”), and `revision:` was not raised",
                d.id(),
                approval.commit.short(),
                approval.commit.date(),
                approval.commit.subject,
            ),
        )
        .at_bytes(&d.file.text, at..line_end(now, at))
        .help(format!(
            "issue a new revision: raise `revision:` above {revision}, add a `changes:` entry saying what changed, and have it approved; or undo the edit (`git diff {} -- <file>` shows it). Whitespace and the {} keys do not count",
            approval.commit.short(),
            NOT_CONTENT.map(|k| format!("`{k}`")).join(", ")
        )),
    )
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |e| at + e)
}

/// The byte offset in `now` of the first word that differs from `then`, or
/// `None` when the two say the same thing (whitespace and the
/// [`NOT_CONTENT`] keys left out).
pub fn first_difference(now: &str, then: &str) -> Option<usize> {
    let a = content_words(now);
    let b = content_words(then);
    for (x, y) in a.iter().zip(&b) {
        if x.1 != y.1 {
            return Some(x.0);
        }
    }
    match a.len().cmp(&b.len()) {
        Ordering::Equal => None,
        // Words were added at the end.
        Ordering::Greater => Some(a[b.len()].0),
        // Words were removed from the end: point after the last word left.
        Ordering::Less => Some(a.last().map_or(0, |w| w.0)),
    }
}

/// The words of a document's text with their byte offsets: front matter
/// without the [`NOT_CONTENT`] keys (and their nested lines), then the body.
fn content_words(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut offset = 0;
    let mut in_front_matter = false;
    let mut skipping = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let bare = line.trim_end();
        let bare = if n == 0 {
            bare.trim_start_matches('\u{feff}')
        } else {
            bare
        };
        if n == 0 && bare == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter {
            if bare == "---" || bare == "..." {
                in_front_matter = false;
                continue;
            }
            let top_level = !line.starts_with([' ', '\t', '-']) && !bare.is_empty();
            if top_level {
                let key = bare.split(':').next().unwrap_or("").trim();
                skipping = NOT_CONTENT.contains(&key);
            }
            if skipping {
                continue;
            }
        }
        let mut at = start;
        for word in line.split_whitespace() {
            let found = line[at - start..].find(word).map_or(at, |i| at + i);
            let w = word.trim_start_matches('\u{feff}');
            if !w.is_empty() {
                words.push((found, w));
            }
            at = found + word.len();
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPROVED: &str = "---\nid: SOP-1\nrevision: C\nstatus: approved\nreview_by: 2027-01-01\n---\n# Purpose\n\nKeep records.\nSign them.\n";

    #[test]
    fn whitespace_and_record_fields_do_not_count() {
        let reflowed = "---\nid:   SOP-1\nrevision: C\nstatus: approved\nreview_by: 2028-01-01\nreviewed:\n  date: 2026-12-01\n  by: QM\n  outcome: no-change\n---\n# Purpose\n\nKeep\n   records. Sign\n\n\nthem.\r\n";
        assert_eq!(first_difference(reflowed, APPROVED), None);
        let with_bom = format!("\u{feff}{APPROVED}");
        assert_eq!(first_difference(&with_bom, APPROVED), None);
    }

    #[test]
    fn an_edit_is_found_at_its_word() {
        let edited = APPROVED.replace("Sign them.", "Sign them twice.");
        let at = first_difference(&edited, APPROVED).unwrap();
        assert!(edited[at..].starts_with("them twice."));
        let owner = APPROVED.replace("status: approved\n", "status: approved\nowner: CEO\n");
        let at = first_difference(&owner, APPROVED).unwrap();
        assert!(owner[at..].starts_with("owner:"), "{}", &owner[at..]);
        let shorter = APPROVED.replace("\nSign them.", "");
        let at = first_difference(&shorter, APPROVED).unwrap();
        assert!(shorter[at..].starts_with("records."));
    }
}
