//! The document register: every published document with its control data,
//! as the register page, its CSV export and the owners page show it.
//! Documents that are not published (drafts and in-review documents, unless
//! the build publishes drafts) are only counted ([`in_preparation`]), never
//! named.
//!
//! Plain data; no HTML here.

use serde::Serialize;

use crate::model::handbook::Handbook;
use crate::views::csv::csv_string;
use crate::views::owners::by_owner;
use crate::views::summary::type_names;

/// A row of the document register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Type key.
    pub doc_type: String,
    /// Type label.
    pub type_label: String,
    /// Revision.
    pub revision: Option<String>,
    /// Status.
    pub status: &'static str,
    /// Owner role.
    pub owner: Option<String>,
    /// Approver role.
    pub approved_by: Option<String>,
    /// The day the current revision was approved.
    pub approved_on: Option<String>,
    /// Effective date.
    pub effective: Option<String>,
    /// Review date.
    pub review_by: Option<String>,
    /// The day of the last periodic review (`reviewed: date`).
    pub last_reviewed: Option<String>,
    /// What it concluded: `no-change` or `revised`.
    pub review_outcome: Option<&'static str>,
    /// Page URL when published.
    pub url: Option<String>,
    /// Source file.
    pub source_path: String,
}

/// Every published document, in navigation order, for the register.
pub fn register(hb: &Handbook) -> Vec<RegisterRow> {
    hb.documents
        .iter()
        .filter(|d| d.published)
        .map(|d| RegisterRow {
            id: d.id().to_string(),
            title: d.meta.title.clone(),
            doc_type: d.meta.doc_type.value.clone(),
            type_label: type_names(hb, d).label.to_string(),
            revision: d.meta.revision.clone(),
            status: d.meta.status.as_str(),
            owner: d.meta.owner.clone(),
            approved_by: d.meta.approved_by.as_ref().map(|a| a.value.clone()),
            approved_on: d.meta.approved_on.as_ref().map(|a| a.value.to_string()),
            effective: d.meta.effective.as_ref().map(|e| e.value.to_string()),
            review_by: d.meta.review_by.as_ref().map(|e| e.value.to_string()),
            last_reviewed: d.meta.reviewed.as_ref().map(|r| r.date.value.to_string()),
            review_outcome: d.meta.reviewed.as_ref().map(|r| r.outcome.as_str()),
            url: d.published.then(|| d.url.clone()),
            source_path: d.file.text.path.clone(),
        })
        .collect()
}

/// How many documents are left out of the register because they are not
/// published (in preparation: draft or in review).
pub fn in_preparation(hb: &Handbook) -> usize {
    hb.documents.iter().filter(|d| !d.published).count()
}

/// The register as CSV.
pub fn register_csv(rows: &[RegisterRow]) -> String {
    csv_string(
        &[
            "id",
            "title",
            "type",
            "revision",
            "status",
            "owner",
            "approved_by",
            "effective",
            "review_by",
            "source",
            "approved_on",
            "last_reviewed",
            "review_outcome",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.title.clone(),
                r.doc_type.clone(),
                r.revision.clone().unwrap_or_default(),
                r.status.to_string(),
                r.owner.clone().unwrap_or_default(),
                r.approved_by.clone().unwrap_or_default(),
                r.effective.clone().unwrap_or_default(),
                r.review_by.clone().unwrap_or_default(),
                r.source_path.clone(),
                r.approved_on.clone().unwrap_or_default(),
                r.last_reviewed.clone().unwrap_or_default(),
                r.review_outcome.unwrap_or_default().to_string(),
            ]
        }),
    )
}

/// What each record of [`register_records`] holds, in order.
pub const RECORD_FIELDS: [&str; 11] = [
    "id",
    "title",
    "type",
    "type_label",
    "revision",
    "status",
    "owner",
    "approved_by",
    "effective",
    "review_by",
    "url",
];

/// The register as the filter's data file holds it: the field names once,
/// then one array of strings per row (`""` for a missing value), in
/// register order.
#[derive(Debug, Serialize)]
pub struct RegisterRecords<'a> {
    /// [`RECORD_FIELDS`].
    pub fields: [&'static str; 11],
    /// One record per row.
    pub rows: Vec<[&'a str; 11]>,
}

/// Every row of the register as records (see [`RegisterRecords`]).
pub fn register_records(rows: &[RegisterRow]) -> RegisterRecords<'_> {
    fn s(v: &Option<String>) -> &str {
        v.as_deref().unwrap_or_default()
    }
    RegisterRecords {
        fields: RECORD_FIELDS,
        rows: rows
            .iter()
            .map(|r| {
                [
                    r.id.as_str(),
                    r.title.as_str(),
                    r.doc_type.as_str(),
                    r.type_label.as_str(),
                    s(&r.revision),
                    r.status,
                    s(&r.owner),
                    s(&r.approved_by),
                    s(&r.effective),
                    s(&r.review_by),
                    s(&r.url),
                ]
            })
            .collect(),
    }
}

/// The documents one role owns, for the owners page.
#[derive(Debug, Serialize)]
pub struct OwnerGroup<'a> {
    /// The owner role, or [`crate::views::owners::NO_OWNER`].
    pub owner: String,
    /// Its documents, in register order.
    pub documents: Vec<&'a RegisterRow>,
}

/// The register's rows grouped by owner, owners in name order.
pub fn owner_groups(rows: &[RegisterRow]) -> Vec<OwnerGroup<'_>> {
    by_owner(rows.iter().map(|r| (r.owner.as_deref(), r)))
        .into_iter()
        .map(|(owner, documents)| OwnerGroup { owner, documents })
        .collect()
}

/// The distinct statuses of the register's rows, sorted (the page's filter).
pub fn statuses(rows: &[RegisterRow]) -> Vec<&'static str> {
    let mut s: Vec<&'static str> = rows.iter().map(|r| r.status).collect();
    s.sort_unstable();
    s.dedup();
    s
}
