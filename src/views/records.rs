//! Records as the site shows and exports them: the records register
//! (`records.html`, `records.csv`, `records.json`) and the "Records" table of
//! a governing document's page.
//!
//! One row per declared record (`records:` of its governing document) and
//! per document of a record type; the register names only records of
//! published documents and counts the others. Plain data: CSV and JSON,
//! never HTML.

use serde::Serialize;

use crate::model::handbook::Handbook;
use crate::model::records::Record;
use crate::views::csv::csv_string;

/// Version of the JSON export schema; bumped on incompatible changes.
pub const RECORDS_SCHEMA: &str = "qmsbook-records/1";

/// One record as the register shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRow {
    /// Record ID.
    pub id: String,
    /// What the record is.
    pub title: String,
    /// `declared` (in a document's `records:`) or `document` (a document
    /// of a record type).
    pub source: &'static str,
    /// Its anchor on the governing page (`rec-<ID>`), for declared records.
    pub anchor: Option<String>,
    /// Where it is shown, relative to the site root.
    pub url: String,
    /// The governing document's ID (the document itself for a record document).
    pub governing_id: String,
    /// The governing document's title.
    pub governing_title: String,
    /// The governing document's page.
    pub governing_url: String,
    /// The clauses it is evidence for: plain ids of the default standard,
    /// `<standard>:<id>` of others.
    pub clauses: Vec<String>,
    /// Where it is kept.
    pub location: Option<String>,
    /// The system it is kept in.
    pub system: Option<String>,
    /// How long it is kept.
    pub retention: Option<String>,
    /// What happens after retention.
    pub disposal: Option<String>,
    /// How it is protected.
    pub protection: Option<String>,
    /// Who may read or change it.
    pub access: Option<String>,
    /// Whether this build publishes it.
    #[serde(skip)]
    pub published: bool,
}

/// A declared record's row.
pub fn declared_row(hb: &Handbook, r: &Record) -> RecordRow {
    let d = &hb.documents[r.doc];
    let default = hb.default_standard();
    let clauses = r
        .tags
        .iter()
        .filter_map(|t| {
            let c = hb.catalogs.get(&t.standard)?.clauses.get(t.clause)?;
            Some(if t.standard == default {
                c.id.clone()
            } else {
                format!("{}:{}", t.standard, c.id)
            })
        })
        .collect();
    let e = &r.entry;
    RecordRow {
        id: r.id().to_string(),
        title: e.title.clone(),
        source: "declared",
        anchor: Some(r.anchor.clone()),
        url: r.url.clone(),
        governing_id: d.id().to_string(),
        governing_title: d.meta.title.clone(),
        governing_url: d.url.clone(),
        clauses,
        location: e.location.clone(),
        system: e.system.clone(),
        retention: e.retention.clone(),
        disposal: e.disposal.clone(),
        protection: e.protection.clone(),
        access: e.access.clone(),
        published: r.published,
    }
}

/// Every record of the handbook, published or not, sorted by ID
/// (case-insensitive): declared records and documents of a record type.
pub fn all_records(hb: &Handbook) -> Vec<RecordRow> {
    let default = hb.default_standard();
    let mut rows: Vec<RecordRow> = hb.records.iter().map(|r| declared_row(hb, r)).collect();
    for (i, d) in hb.documents.iter().enumerate() {
        if !hb.is_record_document(d) {
            continue;
        }
        let clauses = hb
            .resolved_tags(i)
            .iter()
            .filter(|t| t.section.is_none())
            .filter_map(|t| {
                let c = hb.catalogs.get(&t.standard)?.clauses.get(t.clause)?;
                Some(if t.standard == default {
                    c.id.clone()
                } else {
                    format!("{}:{}", t.standard, c.id)
                })
            })
            .collect();
        rows.push(RecordRow {
            id: d.id().to_string(),
            title: d.meta.title.clone(),
            source: "document",
            anchor: None,
            url: d.url.clone(),
            governing_id: d.id().to_string(),
            governing_title: d.meta.title.clone(),
            governing_url: d.url.clone(),
            clauses,
            location: None,
            system: None,
            retention: None,
            disposal: None,
            protection: None,
            access: None,
            published: d.published,
        });
    }
    rows.sort_by_cached_key(|r| (r.id.to_ascii_lowercase(), r.id.clone()));
    rows
}

/// The register as the site publishes it: records of published documents,
/// and how many others are left out (their documents are in preparation).
pub fn published_records(hb: &Handbook) -> (Vec<RecordRow>, usize) {
    let (published, held): (Vec<RecordRow>, Vec<RecordRow>) =
        all_records(hb).into_iter().partition(|r| r.published);
    (published, held.len())
}

/// The records document `index` governs, in file order, for its page.
pub fn document_records(hb: &Handbook, index: usize) -> Vec<RecordRow> {
    hb.records_of(index).map(|r| declared_row(hb, r)).collect()
}

/// The CSV export: `id, title, source, governing_document, clauses,
/// location, system, retention, disposal, protection, access, url`.
pub fn records_csv(rows: &[RecordRow]) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    csv_string(
        &[
            "id",
            "title",
            "source",
            "governing_document",
            "clauses",
            "location",
            "system",
            "retention",
            "disposal",
            "protection",
            "access",
            "url",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.title.clone(),
                r.source.to_string(),
                r.governing_id.clone(),
                r.clauses.join(" "),
                text(&r.location),
                text(&r.system),
                text(&r.retention),
                text(&r.disposal),
                text(&r.protection),
                text(&r.access),
                r.url.clone(),
            ]
        }),
    )
}

/// The JSON export (schema `qmsbook-records/1`).
pub fn records_json(rows: &[RecordRow], in_preparation: usize, build_date: &str) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        schema: &'static str,
        build_date: &'a str,
        in_preparation: usize,
        records: &'a [RecordRow],
    }
    let export = Export {
        schema: RECORDS_SCHEMA,
        build_date,
        in_preparation,
        records: rows,
    };
    let mut s =
        serde_json::to_string_pretty(&export).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{approved, doc, load};

    #[test]
    fn register_rows_are_sorted_and_unpublished_ones_counted() {
        let (hb, d) = load(vec![
            approved(
                "SOP-003",
                "[\"7.2\"]\nrecords: [{id: REC-TRN, title: Training records, clauses: [\"7.2\"], retention: 5 years, location: HR office}, {id: REC-AWR, title: Awareness briefings}]",
                ".",
            ),
            doc(
                "SOP-009",
                "status: draft\nrecords: [{id: REC-SUP, title: Supplier evaluations}]",
                ".",
            ),
            doc(
                "REC-100",
                "type: record\nstatus: approved\neffective: 2026-01-01\nclauses: [\"9.3.3\"]",
                ".",
            ),
        ]);
        assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
        let all = all_records(&hb);
        let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["REC-100", "REC-AWR", "REC-SUP", "REC-TRN"]);
        let (published, held) = published_records(&hb);
        assert_eq!(held, 1);
        assert!(published.iter().all(|r| r.id != "REC-SUP"));
        let trn = published.iter().find(|r| r.id == "REC-TRN").expect("row");
        assert_eq!(trn.url, "doc/SOP-003.html#rec-REC-TRN");
        assert_eq!(trn.clauses, ["7.2"]);
        assert_eq!(trn.governing_id, "SOP-003");
        let doc_row = published.iter().find(|r| r.id == "REC-100").expect("row");
        assert_eq!(doc_row.source, "document");
        assert_eq!(doc_row.clauses, ["9.3.3"]);

        let csv = records_csv(&published);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some(
                "id,title,source,governing_document,clauses,location,system,retention,disposal,protection,access,url"
            )
        );
        assert!(csv.contains(
            "REC-TRN,Training records,declared,SOP-003,7.2,HR office,,5 years,,,,doc/SOP-003.html#rec-REC-TRN"
        ), "{csv}");
        let json = records_json(&published, held, "2026-06-01");
        assert!(json.contains("\"schema\": \"qmsbook-records/1\""));
        assert!(json.contains("\"in_preparation\": 1"));
        let index = |id: &str| hb.documents.iter().position(|d| d.id() == id);
        let governed = |id: &str| index(id).map(|i| document_records(&hb, i).len());
        assert_eq!(governed("SOP-003"), Some(2));
        assert_eq!(
            governed("REC-100"),
            Some(0),
            "a record document governs none"
        );
    }
}
