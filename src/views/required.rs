//! Required documented information as the site shows and exports it: one row
//! per item the standard requires, with its kind in words, its status and the
//! documents that provide it, for the documented-information page and its CSV
//! and JSON exports.
//!
//! The status of every item is [`required::assess`]'s (the same assessment
//! the `missing-documented-information` lint reads), so the page, the lint
//! and the exports cannot disagree; this module only shapes it. Plain data:
//! CSV and JSON, never HTML.

use serde::Serialize;

use crate::analysis::coverage::{ClauseStatus, Coverage};
use crate::analysis::required::{self, RequiredStatus};
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::views::coverage::{RefRecord, ref_record, unpublished_left_out};
use crate::views::csv::csv_string;

/// Version of the JSON export schema; bumped on incompatible changes.
pub const REQUIRED_SCHEMA: &str = "qmsbook-documented-information/1";

/// One item of required documented information, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct RequiredRow {
    /// The reference as the standard writes it, e.g. `7.1.5.2 a)`.
    pub reference: String,
    /// Its clause (catalog id).
    pub clause: String,
    /// The clause page, relative to the site root.
    pub clause_url: String,
    /// `maintain`, `retain` or `maintain_and_retain`, as the catalog says.
    pub kind: String,
    /// The kind in words: `document`, `record`, `document and record`.
    pub kind_label: &'static str,
    /// What the item is.
    pub label: String,
    /// When it applies, if conditional.
    pub condition: Option<String>,
    /// The documents that tag its clause or a sub-clause, one entry per
    /// document, by ID (only published ones after [`published_only`]).
    pub documents: Vec<RefRecord>,
    /// Documents left out of `documents` because they are not published.
    pub in_preparation: usize,
    /// Whether an approved, effective document provides it.
    pub satisfied: bool,
    /// The assessment: satisfied, planned, gap or not applicable.
    pub assessment: RequiredStatus,
    /// The coverage status it is shown as (icon and colour): addressed,
    /// planned, gap or not-applicable.
    pub status: ClauseStatus,
    /// The assessment in words.
    pub status_label: &'static str,
}

/// Every item the standard `key` requires, assessed, naming every document
/// that provides it (published or not).
pub fn required_rows(hb: &Handbook, coverage: &Coverage, key: &str) -> Vec<RequiredRow> {
    required::assess(hb, coverage, key)
        .into_iter()
        .map(|assessed| {
            let mut documents: Vec<RefRecord> = Vec::new();
            for r in &assessed.refs {
                let d = &hb.documents[r.doc];
                if !documents.iter().any(|x| x.id == d.id()) {
                    // One entry per document: the document itself, not a section.
                    documents.push(ref_record(d, &None, r.state));
                }
            }
            documents.sort_by(|a, b| a.id.cmp(&b.id));
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
                satisfied: assessed.status == RequiredStatus::Satisfied,
                assessment: assessed.status,
                status: assessed.status.as_clause_status(),
                status_label: assessed.status.label(),
            }
        })
        .collect()
}

/// The rows as the site publishes them: documents that are not published are
/// counted in `in_preparation`, not named.
pub fn published_only(mut rows: Vec<RequiredRow>) -> Vec<RequiredRow> {
    for r in &mut rows {
        r.in_preparation = unpublished_left_out(&mut r.documents);
    }
    rows
}

/// The CSV export: `reference, clause, item, condition, kind, status,
/// documents, in_preparation`, kind and status in words.
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
        ],
        rows.iter().map(|r| {
            let ids: Vec<&str> = r.documents.iter().map(|d| d.id.as_str()).collect();
            vec![
                r.reference.clone(),
                r.clause.clone(),
                r.label.clone(),
                r.condition.clone().unwrap_or_default(),
                r.kind_label.to_string(),
                r.status_label.to_string(),
                ids.join(" "),
                r.in_preparation.to_string(),
            ]
        }),
    )
}

/// The JSON export (schema `qmsbook-documented-information/1`).
pub fn required_json(key: &str, rows: &[RequiredRow], build_date: &str) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        schema: &'static str,
        standard: &'a str,
        build_date: &'a str,
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
        url: &'a str,
    }
    let export = Export {
        schema: REQUIRED_SCHEMA,
        standard: key,
        build_date,
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
