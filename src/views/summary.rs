//! A document as lists show it ([`DocSummary`]), and the names of its type
//! ([`type_names`]): the one place that turns a type key into its label.
//!
//! Plain data borrowed from the [`Handbook`]; no HTML here.

use serde::Serialize;

use crate::model::handbook::{Document, Handbook};

/// A document as lists show it (README, "Themes": document summaries).
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary<'a> {
    /// Document ID.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Page, relative to the site root.
    pub url: &'a str,
    /// Type key.
    pub doc_type: &'a str,
    /// Revision.
    pub revision: Option<&'a str>,
    /// Status.
    pub status: &'static str,
    /// Owner role.
    pub owner: Option<&'a str>,
    /// Effective date, `YYYY-MM-DD`.
    pub effective: Option<String>,
}

/// The summary of `d`.
pub fn summary(d: &Document) -> DocSummary<'_> {
    DocSummary {
        id: d.id(),
        title: &d.meta.title,
        url: &d.url,
        doc_type: &d.meta.doc_type.value,
        revision: d.meta.revision.as_deref(),
        status: d.meta.status.as_str(),
        owner: d.meta.owner.as_deref(),
        effective: d.meta.effective.as_ref().map(|e| e.value.to_string()),
    }
}

/// How a document's type is named.
#[derive(Debug, Clone, Copy)]
pub struct TypeNames<'a> {
    /// Singular label, e.g. "Procedure".
    pub label: &'a str,
    /// Plural label, e.g. "Procedures".
    pub plural: &'a str,
}

/// The names of `d`'s type as declared in `book.toml`; the type key itself
/// when the type is not declared.
pub fn type_names<'a>(hb: &'a Handbook, d: &'a Document) -> TypeNames<'a> {
    let key = d.meta.doc_type.value.as_str();
    match hb.doc_type(key) {
        Some(t) => TypeNames {
            label: &t.label,
            plural: &t.plural,
        },
        None => TypeNames {
            label: key,
            plural: key,
        },
    }
}
