//! The front-matter fields of a document of external origin (a standard, a
//! customer drawing, a regulation, a supplier's manual): who issued it, its
//! identifier and edition, where the controlled copy is, and when it was last
//! checked to be the current edition.
//!
//! This module owns the typed values only; [`crate::parse::front_matter`]
//! reads them from YAML (with spans), the model decides which documents are
//! external, and the checks decide what is missing or overdue.

use jiff::civil::Date;

use crate::parse::located::Located;

/// The front-matter keys of external documents, in the order the README and
/// the external documents page list them.
pub const EXTERNAL_KEYS: [&str; 6] = [
    "issuer",
    "identifier",
    "edition",
    "controlled_copy",
    "currency_checked",
    "next_currency_check",
];

/// An edition: a date (`2015-09-15`) or text (`"2015"`, `"Rev. D"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edition {
    /// Written as a calendar date.
    Date(Date),
    /// Written any other way.
    Text(String),
}

impl std::fmt::Display for Edition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Edition::Date(d) => write!(f, "{d}"),
            Edition::Text(t) => f.write_str(t),
        }
    }
}

/// Whether `text` is written like a date (`DDDD-DD-DD`), so that it must be
/// one: `2015-02-30` is a mistake, not an edition called that.
pub fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The external-origin fields of one document's front matter, each with its
/// span; all optional (the checks say which an external document needs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalFields {
    /// Who issued it: a standards body, a customer, an authority, a supplier.
    pub issuer: Option<Located<String>>,
    /// Its own identifier: `ISO 9001:2015`, a drawing number.
    pub identifier: Option<Located<String>>,
    /// The edition in use.
    pub edition: Option<Located<Edition>>,
    /// Where the controlled copy is kept.
    pub controlled_copy: Option<Located<String>>,
    /// The day it was last checked to be the current edition.
    pub currency_checked: Option<Located<Date>>,
    /// The day of the next currency check, when set explicitly.
    pub next_currency_check: Option<Located<Date>>,
}

impl ExternalFields {
    /// Whether any external-origin field is set.
    pub fn any(&self) -> bool {
        self.first_span().is_some()
    }

    /// The byte range of the first field set, in key order.
    pub fn first_span(&self) -> Option<std::ops::Range<usize>> {
        [
            self.issuer.as_ref().map(|l| l.bytes.clone()),
            self.identifier.as_ref().map(|l| l.bytes.clone()),
            self.edition.as_ref().map(|l| l.bytes.clone()),
            self.controlled_copy.as_ref().map(|l| l.bytes.clone()),
            self.currency_checked.as_ref().map(|l| l.bytes.clone()),
            self.next_currency_check.as_ref().map(|l| l.bytes.clone()),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|r| r.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_shapes_are_told_from_text() {
        assert!(looks_like_date("2015-09-15"));
        assert!(looks_like_date("2015-02-30"));
        assert!(!looks_like_date("2015"));
        assert!(!looks_like_date("Rev. D"));
        assert!(!looks_like_date("2015-9-15"));
        assert_eq!(Edition::Text("2015".into()).to_string(), "2015");
    }
}
