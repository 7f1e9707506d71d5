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
    /// What a link shows: "pull request 61" for a pull or merge request,
    /// else the host and the last part of the path; the text itself when it
    /// is not a link.
    pub label: String,
}

impl<'a> Evidence<'a> {
    fn of(text: Option<&'a str>) -> Option<Evidence<'a>> {
        text.map(|text| {
            let url = evidence_link(text);
            Evidence {
                text,
                url,
                label: url.map_or_else(|| text.to_string(), link_label),
            }
        })
    }
}

/// A short name for a web address: `https://host/org/repo/pulls/61` →
/// "pull request 61", `…/merge_requests/7` → "merge request 7", else
/// `host/…/last-part`.
fn link_label(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    if let [.., kind, number] = parts.as_slice()
        && number.chars().all(|c| c.is_ascii_digit())
    {
        match *kind {
            "pull" | "pulls" => return format!("pull request {number}"),
            "merge_requests" => return format!("merge request {number}"),
            _ => {}
        }
    }
    match parts.as_slice() {
        [] => url.to_string(),
        [host] => (*host).to_string(),
        [host, last] => format!("{host}/{last}"),
        [host, .., last] => format!("{host}/…/{last}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_get_short_labels() {
        assert_eq!(
            link_label("https://git.example.com/acme/qms/pulls/61"),
            "pull request 61"
        );
        assert_eq!(
            link_label("https://github.com/acme/qms/pull/7?x=1"),
            "pull request 7"
        );
        assert_eq!(
            link_label("https://gitlab.com/acme/qms/-/merge_requests/9"),
            "merge request 9"
        );
        assert_eq!(
            link_label("https://dms.example.com/records/2026/mr-minutes.pdf"),
            "dms.example.com/…/mr-minutes.pdf"
        );
        assert_eq!(link_label("https://example.com/"), "example.com");
    }
}
