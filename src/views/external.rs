//! The external documents list: every published document of external origin
//! (standards, customer drawings, regulations, supplier manuals) with who
//! issued it, its identifier and edition, where the controlled copy is, its
//! owner, its last and next currency check and whether that check is
//! overdue; as the external documents page and its CSV export show it.
//! Documents that are not published are only counted, never named.
//!
//! Plain data; no HTML here.

use serde::Serialize;

use crate::model::external::{CurrencyBasis, currency, next_check};
use crate::model::handbook::{Document, Handbook};
use crate::model::reviews::ReviewState;
use crate::views::csv::csv_string;
use crate::views::summary::type_names;

/// A document that links to an external document.
#[derive(Debug, Clone, Serialize)]
pub struct UsedBy {
    /// Its ID.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page, relative to the site root.
    pub url: String,
}

/// One external document.
#[derive(Debug, Clone, Serialize)]
pub struct ExternalRow {
    /// Document ID in this handbook.
    pub id: String,
    /// Title.
    pub title: String,
    /// Type label.
    pub type_label: String,
    /// Status in this handbook.
    pub status: &'static str,
    /// Who issued it.
    pub issuer: Option<String>,
    /// Its own identifier (`ISO 9001:2015`, a drawing number).
    pub identifier: Option<String>,
    /// The edition in use, as written (a date as YYYY-MM-DD).
    pub edition: Option<String>,
    /// Where the controlled copy is.
    pub controlled_copy: Option<String>,
    /// Owning role.
    pub owner: Option<String>,
    /// The last currency check.
    pub currency_checked: Option<String>,
    /// The next currency check.
    pub next_currency_check: Option<String>,
    /// Whether the next check is computed from the last one (not given).
    pub next_computed: bool,
    /// `overdue`, `due-soon` or `current` for approved documents with a
    /// currency check date; `null` otherwise.
    pub currency_state: Option<ReviewState>,
    /// Days past the next check, when overdue.
    pub days_overdue: Option<i64>,
    /// Published documents that link to it, in ID order.
    pub used_by: Vec<UsedBy>,
    /// Its page, relative to the site root.
    pub url: String,
}

/// Every published external document, in navigation order.
pub fn external_documents(hb: &Handbook) -> Vec<ExternalRow> {
    hb.documents
        .iter()
        .filter(|d| d.published)
        .filter_map(|d| external_row(hb, d))
        .collect()
}

/// The row of `d`, when it is of external origin (for its own page too).
pub fn external_row(hb: &Handbook, d: &Document) -> Option<ExternalRow> {
    if !hb.is_external(d) {
        return None;
    }
    Some({
        let e = &d.meta.external;
        let next = next_check(hb, d);
        let state = currency(hb, d);
        ExternalRow {
            id: d.id().to_string(),
            title: d.meta.title.clone(),
            type_label: type_names(hb, d).label.to_string(),
            status: d.meta.status.as_str(),
            issuer: e.issuer.as_ref().map(|v| v.value.clone()),
            identifier: e.identifier.as_ref().map(|v| v.value.clone()),
            edition: e.edition.as_ref().map(|v| v.value.to_string()),
            controlled_copy: e.controlled_copy.as_ref().map(|v| v.value.clone()),
            owner: d.meta.owner.clone(),
            currency_checked: e.currency_checked.as_ref().map(|v| v.value.to_string()),
            next_currency_check: next.as_ref().map(|(date, _, _)| date.to_string()),
            next_computed: next
                .as_ref()
                .is_some_and(|(_, basis, _)| *basis == CurrencyBasis::Computed),
            currency_state: state.as_ref().map(|c| c.state),
            days_overdue: state
                .as_ref()
                .filter(|c| c.state == ReviewState::Overdue)
                .map(|c| -c.days),
            used_by: d
                .backlinks
                .iter()
                .map(|&i| &hb.documents[i])
                .map(|b| UsedBy {
                    id: b.id().to_string(),
                    title: b.meta.title.clone(),
                    url: b.url.clone(),
                })
                .collect(),
            url: d.url.clone(),
        }
    })
}

/// How many external documents are not published in this build.
pub fn in_preparation(hb: &Handbook) -> usize {
    hb.documents
        .iter()
        .filter(|d| !d.published && hb.is_external(d))
        .count()
}

/// The state's word in the CSV (`overdue`, `due-soon`, `current`).
fn state_word(state: Option<ReviewState>) -> &'static str {
    match state {
        Some(ReviewState::Overdue) => "overdue",
        Some(ReviewState::DueSoon) => "due-soon",
        Some(ReviewState::Current) => "current",
        None => "",
    }
}

/// The external documents as CSV.
pub fn external_csv(rows: &[ExternalRow]) -> String {
    csv_string(
        &[
            "id",
            "title",
            "status",
            "issuer",
            "identifier",
            "edition",
            "controlled_copy",
            "owner",
            "currency_checked",
            "next_currency_check",
            "currency_state",
            "days_overdue",
            "used_by",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.title.clone(),
                r.status.to_string(),
                r.issuer.clone().unwrap_or_default(),
                r.identifier.clone().unwrap_or_default(),
                r.edition.clone().unwrap_or_default(),
                r.controlled_copy.clone().unwrap_or_default(),
                r.owner.clone().unwrap_or_default(),
                r.currency_checked.clone().unwrap_or_default(),
                r.next_currency_check.clone().unwrap_or_default(),
                state_word(r.currency_state).to_string(),
                r.days_overdue.map(|d| d.to_string()).unwrap_or_default(),
                r.used_by
                    .iter()
                    .map(|u| u.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, doc, load_config};

    #[test]
    fn rows_carry_the_currency_state_and_who_uses_them() {
        let (hb, _) = load_config(
            CONFIG,
            vec![
                doc(
                    "EXT-001",
                    "type: external\nstatus: approved\nissuer: ISO\nidentifier: ISO 9001:2015\nedition: 2015-09-15\ncurrency_checked: 2025-01-10",
                    ".",
                ),
                doc("SOP-001", "status: approved", "See [[EXT-001]]."),
                doc("EXT-002", "type: external\nstatus: draft", "."),
            ],
        );
        let rows = external_documents(&hb);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.edition.as_deref(), Some("2015-09-15"));
        assert_eq!(r.next_currency_check.as_deref(), Some("2026-01-10"));
        assert!(r.next_computed);
        assert_eq!(r.currency_state, Some(ReviewState::Overdue));
        assert_eq!(r.days_overdue, Some(142));
        assert_eq!(r.used_by.len(), 1);
        assert_eq!(in_preparation(&hb), 1);
        let csv = external_csv(&rows);
        assert!(
            csv.lines()
                .nth(1)
                .is_some_and(|l| l.ends_with(",2025-01-10,2026-01-10,overdue,142,SOP-001")),
            "{csv}"
        );
    }
}
