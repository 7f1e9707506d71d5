//! A document's approval record as pages show it: who approved the current
//! revision, when, and the evidence ([`Approval`]), and its revision log
//! newest first ([`ChangeRow`]).
//!
//! The log's order and the current revision's entry come from
//! [`crate::model::revision_log`]; evidence is a link only when it is an
//! `http(s)` address ([`crate::parse::approval::evidence_link`]). No HTML here.

use serde::Serialize;

use crate::model::handbook::Document;
use crate::model::revision_log::{current_entry, newest_first, same_revision};
use crate::parse::approval::{ChangeEntry, evidence_link};

/// Evidence of an approval: its text, and the address when it is a web link.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence<'a> {
    /// As written.
    pub text: &'a str,
    /// The `http(s)` address to link, if it is one.
    pub url: Option<&'a str>,
}

impl<'a> Evidence<'a> {
    fn of(text: Option<&'a str>) -> Option<Evidence<'a>> {
        text.map(|text| Evidence {
            text,
            url: evidence_link(text),
        })
    }
}

/// Who approved the current revision, when, and on what evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Approval<'a> {
    /// The approving role: `approved_by`, else the log entry's.
    pub by: Option<&'a str>,
    /// The approval day, `YYYY-MM-DD`: `approved_on`, else the log entry's.
    pub on: Option<String>,
    /// The current revision's evidence, from its log entry.
    pub evidence: Option<Evidence<'a>>,
}

impl<'a> Approval<'a> {
    /// The approval record of `d`.
    pub fn of(d: &'a Document) -> Approval<'a> {
        let entry = current_entry(d);
        Approval {
            by: d
                .meta
                .approved_by
                .as_ref()
                .map(|a| a.value.as_str())
                .or_else(|| entry.and_then(|e| e.approved_by.as_ref().map(|a| a.value.as_str()))),
            on: d
                .meta
                .approved_on
                .as_ref()
                .or_else(|| entry.and_then(|e| e.approved_on.as_ref()))
                .map(|a| a.value.to_string()),
            evidence: Evidence::of(entry.and_then(|e| e.evidence.as_deref())),
        }
    }
}

/// One revision in the revision history table.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow<'a> {
    /// The revision.
    pub revision: &'a str,
    /// Its day, `YYYY-MM-DD`.
    pub date: String,
    /// What changed.
    pub summary: &'a str,
    /// The approving role.
    pub approved_by: Option<&'a str>,
    /// The approval day, `YYYY-MM-DD`.
    pub approved_on: Option<String>,
    /// Evidence of the approval.
    pub evidence: Option<Evidence<'a>>,
    /// Whether this is the document's current revision.
    pub current: bool,
}

fn row<'a>(d: &Document, e: &'a ChangeEntry) -> ChangeRow<'a> {
    ChangeRow {
        revision: &e.revision.value,
        date: e.date.value.to_string(),
        summary: &e.summary,
        approved_by: e.approved_by.as_ref().map(|a| a.value.as_str()),
        approved_on: e.approved_on.as_ref().map(|a| a.value.to_string()),
        evidence: Evidence::of(e.evidence.as_deref()),
        current: d
            .meta
            .revision
            .as_deref()
            .is_some_and(|r| same_revision(r, &e.revision.value)),
    }
}

/// The revision log of `d`, newest first; empty without `changes:`.
pub fn revision_history(d: &Document) -> Vec<ChangeRow<'_>> {
    newest_first(d.meta.changes.as_deref().unwrap_or(&[]))
        .into_iter()
        .map(|e| row(d, e))
        .collect()
}
