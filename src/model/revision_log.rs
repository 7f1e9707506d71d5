//! A document's revision log (`changes:`) read against its front matter: the
//! entry for the current revision, and the log newest first.
//!
//! Revisions are matched and ordered with
//! [`crate::parse::history::compare_revisions`] (`C` is `c`, `1.10` comes
//! after `1.9`); a log whose revisions are written in different styles
//! (`C` and `3`) cannot be ordered that way and is ordered by date instead.

use std::cmp::Ordering;

use crate::model::handbook::Document;
use crate::parse::approval::ChangeEntry;
use crate::parse::history::compare_revisions;

/// Whether two revisions are the same (`C` and `c`, `2` and `2`).
pub fn same_revision(a: &str, b: &str) -> bool {
    a.trim() == b.trim() || compare_revisions(a.trim(), b.trim()) == Some(Ordering::Equal)
}

/// The `changes:` entry for the document's current `revision`, if any.
pub fn current_entry(d: &Document) -> Option<&ChangeEntry> {
    let revision = d.meta.revision.as_deref()?;
    d.meta
        .changes
        .as_deref()?
        .iter()
        .find(|e| same_revision(&e.revision.value, revision))
}

/// The log newest first: by revision when every revision can be compared
/// with every other, else by date (entries of the same day in file order).
pub fn newest_first(log: &[ChangeEntry]) -> Vec<&ChangeEntry> {
    let mut out: Vec<&ChangeEntry> = log.iter().collect();
    let by_revision = out.first().is_some_and(|first| {
        out.iter()
            .all(|e| compare_revisions(&first.revision.value, &e.revision.value).is_some())
    });
    if by_revision {
        out.sort_by(|a, b| {
            compare_revisions(&b.revision.value, &a.revision.value)
                .unwrap_or(Ordering::Equal)
                .then_with(|| b.date.value.cmp(&a.date.value))
        });
    } else {
        out.sort_by_key(|e| std::cmp::Reverse(e.date.value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{doc, load};

    fn log_of(fields: &str) -> Vec<String> {
        let (hb, d) = load(vec![doc("SOP-001", fields, "Text.")]);
        assert!(
            d.iter().all(|d| !d.is_error()),
            "{:?}",
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        newest_first(hb.documents[0].meta.changes.as_deref().unwrap_or(&[]))
            .iter()
            .map(|e| e.revision.value.clone())
            .collect()
    }

    #[test]
    fn logs_are_shown_newest_revision_first() {
        let log = log_of(
            "changes: [{revision: B, date: 2025-06-01, summary: S}, {revision: AA, date: 2025-01-01, summary: S}, {revision: C, date: 2025-09-01, summary: S}]",
        );
        assert_eq!(log, ["AA", "C", "B"]);
        let log = log_of(
            "changes: [{revision: 1.9, date: 2025-06-01, summary: S}, {revision: 1.10, date: 2025-01-01, summary: S}]",
        );
        assert_eq!(log, ["1.10", "1.9"]);
    }

    #[test]
    fn mixed_styles_are_shown_newest_date_first() {
        let log = log_of(
            "changes: [{revision: 3, date: 2025-01-01, summary: S}, {revision: A, date: 2025-06-01, summary: S}, {revision: B, date: 2024-06-01, summary: S}]",
        );
        assert_eq!(log, ["A", "3", "B"]);
    }

    #[test]
    fn the_current_entry_matches_in_any_case() {
        let (hb, _) = load(vec![doc(
            "SOP-001",
            "revision: c\nchanges: [{revision: B, date: 2025-06-01, summary: S}, {revision: C, date: 2025-09-01, summary: T}]",
            "Text.",
        )]);
        assert_eq!(
            current_entry(&hb.documents[0]).map(|e| e.summary.as_str()),
            Some("T")
        );
        assert!(same_revision(" 2 ", "2"));
        assert!(!same_revision("2", "2.0"));
    }
}
