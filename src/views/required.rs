//! Required documented information as the site shows and exports it: one row
//! per item the standard requires, with its kind in words, its status, the
//! documents and records that provide it, what is missing or why it is not
//! needed, for the documented-information page and its CSV and JSON exports.
//!
//! The status of every item is [`required::assess`]'s (the same assessment
//! the `missing-documented-information` lint reads), so the page, the lint
//! and the exports cannot disagree; this module only shapes it. Plain data:
//! CSV and JSON, never HTML.

use serde::Serialize;

use crate::analysis::coverage::{ClauseStatus, Coverage, RefState};
use crate::analysis::required::{self, RecordSource, RequiredStatus};
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::views::coverage::{RefRecord, ref_record, unpublished_left_out};
use crate::views::csv::csv_string;

/// Version of the JSON export schema; bumped on incompatible changes.
pub const REQUIRED_SCHEMA: &str = "qmsbook-documented-information/2";

/// A record that provides an item: a declared record (linked to its row on
/// the governing document's page) or a document of a record type.
#[derive(Debug, Clone, Serialize)]
pub struct RecordLink {
    /// Record ID.
    pub id: String,
    /// What the record is.
    pub title: String,
    /// The governing document's ID (the document itself for a record document).
    pub governing: String,
    /// Whether it counts: its (governing) document is approved and effective.
    pub counts: bool,
    /// Why it counts or not.
    pub state: RefState,
    /// Where it is shown, relative to the site root; `null` when not published.
    pub url: Option<String>,
}

impl RecordLink {
    fn is_published(&self) -> bool {
        self.url.is_some()
    }
}

/// One item of required documented information, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct RequiredRow {
    /// The reference as the standard writes it, e.g. `7.1.5.2 a)`; also the
    /// key of `[documented-information.not-needed]`.
    pub reference: String,
    /// Its clause (catalog id).
    pub clause: String,
    /// The clause page, relative to the site root.
    pub clause_url: String,
    /// `maintain`, `retain` or `maintain_and_retain`, as the catalog says.
    pub kind: String,
    /// The kind in words: `document to maintain`, `record to retain`,
    /// `document and record`.
    pub kind_label: &'static str,
    /// What the item is.
    pub label: String,
    /// When it applies, if conditional.
    pub condition: Option<String>,
    /// For items with a document half: the documents (not of a record type)
    /// that tag its clause or a sub-clause, one entry per document, by ID
    /// (only published ones after [`published_only`]).
    pub documents: Vec<RefRecord>,
    /// Documents left out of `documents` because they are not published.
    pub in_preparation: usize,
    /// For items with a record half: the records tagged with its clause or
    /// a sub-clause, by ID (only published ones after [`published_only`]).
    pub records: Vec<RecordLink>,
    /// Records left out of `records` because they are not published.
    pub records_in_preparation: usize,
    /// The halves not provided, in words (`document to maintain`, `record
    /// to retain`).
    pub missing: Vec<&'static str>,
    /// Why the item is not needed here, when `[documented-information.not-needed]` says so.
    pub not_needed: Option<String>,
    /// Whether approved, effective documents and records provide it.
    pub satisfied: bool,
    /// The assessment: satisfied, planned, gap, not applicable or not needed.
    pub assessment: RequiredStatus,
    /// The coverage status it is shown as (icon and colour): addressed,
    /// planned, gap or not-applicable (also for items not needed).
    pub status: ClauseStatus,
    /// The assessment in words.
    pub status_label: &'static str,
}

/// Every item the standard `key` requires, assessed, naming every document
/// and record that provides it (published or not).
pub fn required_rows(hb: &Handbook, coverage: &Coverage, key: &str) -> Vec<RequiredRow> {
    required::assess(hb, coverage, key)
        .into_iter()
        .map(|assessed| {
            let mut documents: Vec<RefRecord> = Vec::new();
            if assessed.kind.needs_document() {
                for r in &assessed.refs {
                    let d = &hb.documents[r.doc];
                    if !documents.iter().any(|x| x.id == d.id()) {
                        // One entry per document: the document itself, not a section.
                        documents.push(ref_record(d, &None, r.state));
                    }
                }
            }
            documents.sort_by(|a, b| a.id.cmp(&b.id));
            let mut records: Vec<RecordLink> = Vec::new();
            if assessed.kind.needs_record() {
                records = assessed
                    .records
                    .iter()
                    .map(|r| record_link(hb, r.source, r.state))
                    .collect();
            }
            records.sort_by(|a, b| a.id.cmp(&b.id));
            let missing = assessed.missing();
            let item = assessed.item;
            RequiredRow {
                clause_url: urls::clause(key, &item.clause),
                reference: item.reference,
                clause: item.clause,
                kind: item.kind,
                kind_label: assessed.kind.label(),
                label: item.label,
                condition: item.condition,
                documents,
                in_preparation: 0,
                records,
                records_in_preparation: 0,
                missing,
                not_needed: assessed.not_needed,
                satisfied: assessed.status == RequiredStatus::Satisfied,
                assessment: assessed.status,
                status: assessed.status.as_clause_status(),
                status_label: assessed.status.label(),
            }
        })
        .collect()
}

/// How a record that provides an item is shown.
fn record_link(hb: &Handbook, source: RecordSource, state: RefState) -> RecordLink {
    match source {
        RecordSource::Declared(i) => {
            let r = &hb.records[i];
            RecordLink {
                id: r.id().to_string(),
                title: r.entry.title.clone(),
                governing: hb.documents[r.doc].id().to_string(),
                counts: state == RefState::Counts,
                state,
                url: r.published.then(|| r.url.clone()),
            }
        }
        RecordSource::Document(i) => {
            let d = &hb.documents[i];
            RecordLink {
                id: d.id().to_string(),
                title: d.meta.title.clone(),
                governing: d.id().to_string(),
                counts: state == RefState::Counts,
                state,
                url: d.published.then(|| d.url.clone()),
            }
        }
    }
}

/// The rows as the site publishes them: documents and records that are not
/// published are counted in `in_preparation` and `records_in_preparation`,
/// not named.
pub fn published_only(mut rows: Vec<RequiredRow>) -> Vec<RequiredRow> {
    for r in &mut rows {
        r.in_preparation = unpublished_left_out(&mut r.documents);
        let before = r.records.len();
        r.records.retain(RecordLink::is_published);
        r.records_in_preparation = before - r.records.len();
    }
    rows
}

/// The CSV export: `reference, clause, item, condition, kind, status,
/// documents, in_preparation, records, records_in_preparation, missing,
/// not_needed`, kind and status in words.
pub fn required_csv(rows: &[RequiredRow]) -> String {
    csv_string(
        &[
            "reference",
            "clause",
            "item",
            "condition",
            "kind",
            "status",
            "documents",
            "in_preparation",
            "records",
            "records_in_preparation",
            "missing",
            "not_needed",
        ],
        rows.iter().map(|r| {
            let ids: Vec<&str> = r.documents.iter().map(|d| d.id.as_str()).collect();
            let records: Vec<&str> = r.records.iter().map(|d| d.id.as_str()).collect();
            vec![
                r.reference.clone(),
                r.clause.clone(),
                r.label.clone(),
                r.condition.clone().unwrap_or_default(),
                r.kind_label.to_string(),
                r.status_label.to_string(),
                ids.join(" "),
                r.in_preparation.to_string(),
                records.join(" "),
                r.records_in_preparation.to_string(),
                r.missing.join("; "),
                r.not_needed.clone().unwrap_or_default(),
            ]
        }),
    )
}

/// The figures of the page's summary line, counted from the rows: every
/// item by assessment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RequiredSummary {
    /// Items listed.
    pub items: usize,
    /// Items satisfied.
    pub satisfied: usize,
    /// Items only planned.
    pub planned: usize,
    /// Items with a gap.
    pub gaps: usize,
    /// Items not applicable.
    pub not_applicable: usize,
    /// Items marked not needed.
    pub not_needed: usize,
}

/// Counts the rows by assessment.
pub fn required_summary(rows: &[RequiredRow]) -> RequiredSummary {
    let mut s = RequiredSummary {
        items: rows.len(),
        ..RequiredSummary::default()
    };
    for r in rows {
        match r.assessment {
            RequiredStatus::Satisfied => s.satisfied += 1,
            RequiredStatus::Planned => s.planned += 1,
            RequiredStatus::Gap => s.gaps += 1,
            RequiredStatus::NotApplicable => s.not_applicable += 1,
            RequiredStatus::NotNeeded => s.not_needed += 1,
        }
    }
    s
}

/// The JSON export (schema `qmsbook-documented-information/2`).
pub fn required_json(key: &str, rows: &[RequiredRow], build_date: &str) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        schema: &'static str,
        standard: &'a str,
        build_date: &'a str,
        summary: RequiredSummary,
        items: Vec<Item<'a>>,
    }
    #[derive(Serialize)]
    struct Item<'a> {
        reference: &'a str,
        clause: &'a str,
        item: &'a str,
        condition: Option<&'a str>,
        kind: &'a str,
        kind_label: &'a str,
        status: RequiredStatus,
        status_label: &'a str,
        documents: &'a [RefRecord],
        in_preparation: usize,
        records: &'a [RecordLink],
        records_in_preparation: usize,
        missing: &'a [&'static str],
        not_needed: Option<&'a str>,
        url: &'a str,
    }
    let export = Export {
        schema: REQUIRED_SCHEMA,
        standard: key,
        build_date,
        summary: required_summary(rows),
        items: rows
            .iter()
            .map(|r| Item {
                reference: &r.reference,
                clause: &r.clause,
                item: &r.label,
                condition: r.condition.as_deref(),
                kind: &r.kind,
                kind_label: r.kind_label,
                status: r.assessment,
                status_label: r.status_label,
                documents: &r.documents,
                in_preparation: r.in_preparation,
                records: &r.records,
                records_in_preparation: r.records_in_preparation,
                missing: &r.missing,
                not_needed: r.not_needed.as_deref(),
                url: &r.clause_url,
            })
            .collect(),
    };
    let mut s =
        serde_json::to_string_pretty(&export).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{EXCLUDES_8_3, TODAY, load_config, policy_and_draft};

    fn rows() -> Vec<RequiredRow> {
        let (hb, _) = load_config(EXCLUDES_8_3, policy_and_draft());
        let cov = Coverage::compute(&hb, TODAY);
        required_rows(&hb, &cov, "iso9001-2015")
    }

    #[test]
    fn excluded_items_are_not_applicable_and_kinds_are_words() {
        let rows = rows();
        let design: Vec<&RequiredRow> = rows
            .iter()
            .filter(|r| r.clause.starts_with("8.3"))
            .collect();
        assert!(!design.is_empty());
        for r in &design {
            assert_eq!(
                r.assessment,
                RequiredStatus::NotApplicable,
                "{}",
                r.reference
            );
            assert_eq!(r.status_label, "not applicable");
        }
        assert!(rows.iter().all(|r| !r.kind_label.contains('_')));
        let csv = required_csv(&rows);
        assert!(!csv.contains("maintain_and_retain"), "{csv}");
        assert!(csv.contains("document and record"));
        let json = required_json("iso9001-2015", &rows, "2026-11-22");
        assert!(json.contains("\"status\": \"not-applicable\""));
    }

    #[test]
    fn unpublished_documents_are_counted_not_named() {
        let all = rows();
        let named = |rows: &[RequiredRow]| -> Vec<String> {
            rows.iter()
                .flat_map(|r| r.documents.iter().map(|d| d.id.clone()))
                .collect()
        };
        assert!(named(&all).iter().any(|id| id == "SOP-001"), "the draft");
        let published = published_only(all);
        assert!(!named(&published).iter().any(|id| id == "SOP-001"));
        let item = published
            .iter()
            .find(|r| r.reference == "6.2.1")
            .expect("item");
        assert_eq!(item.in_preparation, 1);
        assert_eq!(item.assessment, RequiredStatus::Planned);
    }
}
