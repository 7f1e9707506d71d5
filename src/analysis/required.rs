//! Required documented information: every item a standard requires to be
//! maintained (a document) or retained (a record), assessed against
//! [`Coverage`]. The `missing-documented-information` lint and the
//! documented-information page both read [`assess`], so they cannot disagree.
//!
//! Rules:
//! - An item's documents are those that tag its clause or a sub-clause of it
//!   (obsolete documents never count: coverage leaves them out).
//! - It is *not applicable* when its clause is (excluded in `[standards]`,
//!   directly or through a parent, or every requirement under it is);
//!   *satisfied* when one of its documents is approved and effective;
//!   *planned* when documents tag it but none of them is; a *gap* otherwise.
//!
//! This module computes; it writes no diagnostics and no pages.

use serde::Serialize;

use crate::analysis::coverage::{ClauseStatus, Coverage, Ref, RefState};
use crate::model::handbook::Handbook;
use crate::parse::catalog::{self, RequiredItem};

/// What kind of documented information an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredKind {
    /// `maintain`: a document kept up to date.
    Maintain,
    /// `retain`: a record kept as evidence.
    Retain,
    /// `maintain_and_retain`: both.
    MaintainAndRetain,
}

impl RequiredKind {
    /// The kind of a catalog item (`kind:` in `standards/required/*.yaml`);
    /// anything but `retain` and `maintain_and_retain` is a document.
    pub fn of(item: &RequiredItem) -> RequiredKind {
        match item.kind.as_str() {
            "retain" => RequiredKind::Retain,
            "maintain_and_retain" => RequiredKind::MaintainAndRetain,
            _ => RequiredKind::Maintain,
        }
    }

    /// The kind in words, for readers: `document`, `record`, `document and record`.
    pub fn label(self) -> &'static str {
        match self {
            RequiredKind::Maintain => "document",
            RequiredKind::Retain => "record",
            RequiredKind::MaintainAndRetain => "document and record",
        }
    }

    /// The kind with its article, for sentences: `a document`, `a record`,
    /// `a document and a record`.
    pub fn with_article(self) -> &'static str {
        match self {
            RequiredKind::Maintain => "a document",
            RequiredKind::Retain => "a record",
            RequiredKind::MaintainAndRetain => "a document and a record",
        }
    }
}

/// Whether a required item is provided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequiredStatus {
    /// An approved, effective document provides it.
    Satisfied,
    /// Only draft, in-review or not-yet-effective documents provide it.
    Planned,
    /// No document provides it.
    Gap,
    /// Its clause is excluded as not applicable.
    NotApplicable,
}

impl RequiredStatus {
    /// The word shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            RequiredStatus::Satisfied => "satisfied",
            RequiredStatus::Planned => "planned",
            RequiredStatus::Gap => "gap",
            RequiredStatus::NotApplicable => "not applicable",
        }
    }

    /// The coverage status it is shown as (icon and colour).
    pub fn as_clause_status(self) -> ClauseStatus {
        match self {
            RequiredStatus::Satisfied => ClauseStatus::Addressed,
            RequiredStatus::Planned => ClauseStatus::Planned,
            RequiredStatus::Gap => ClauseStatus::Gap,
            RequiredStatus::NotApplicable => ClauseStatus::NotApplicable,
        }
    }
}

/// One required item, assessed.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// The item as the catalog lists it.
    pub item: RequiredItem,
    /// Its kind.
    pub kind: RequiredKind,
    /// Index of its clause in the catalog.
    pub clause: usize,
    /// Whether it is provided.
    pub status: RequiredStatus,
    /// The tags of its clause and sub-clauses, in catalog order.
    pub refs: Vec<Ref>,
}

/// Assesses every item the standard `key` requires (none when the standard is
/// not in scope or requires none). Items whose clause is not in the catalog
/// are left out.
pub fn assess(hb: &Handbook, coverage: &Coverage, key: &str) -> Vec<Assessed> {
    let (Some(catalog), Some(cov)) = (hb.catalogs.get(key), coverage.get(key)) else {
        return Vec::new();
    };
    catalog::required_items(key)
        .into_iter()
        .filter_map(|item| {
            let target = catalog.get(&item.clause)?;
            let refs: Vec<Ref> = cov
                .rows
                .iter()
                .filter(|r| catalog.is_within(r.clause, target))
                .flat_map(|r| r.refs.iter().cloned())
                .collect();
            let status = if cov.rows[target].status == ClauseStatus::NotApplicable {
                RequiredStatus::NotApplicable
            } else if refs.iter().any(|r| r.state == RefState::Counts) {
                RequiredStatus::Satisfied
            } else if !refs.is_empty() {
                RequiredStatus::Planned
            } else {
                RequiredStatus::Gap
            };
            Some(Assessed {
                kind: RequiredKind::of(&item),
                item,
                clause: target,
                status,
                refs,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, EXCLUDES_8_3, TODAY, doc, load_config, policy_and_draft};

    fn assessed(config: &str, files: Vec<(String, String)>) -> Vec<Assessed> {
        let (hb, _) = load_config(config, files);
        let cov = Coverage::compute(&hb, TODAY);
        assess(&hb, &cov, "iso9001-2015")
    }

    fn status_of(items: &[Assessed], reference: &str) -> RequiredStatus {
        items
            .iter()
            .find(|a| a.item.reference == reference)
            .map(|a| a.status)
            .expect("item")
    }

    #[test]
    fn every_built_in_item_names_a_clause_and_a_known_kind() {
        let items = catalog::required_items("iso9001-2015");
        let all = assessed(CONFIG, Vec::new());
        assert_eq!(
            all.len(),
            items.len(),
            "every item's clause is in the catalog"
        );
        for item in &items {
            assert!(
                matches!(
                    item.kind.as_str(),
                    "maintain" | "retain" | "maintain_and_retain"
                ),
                "{}: {}",
                item.reference,
                item.kind
            );
        }
        assert!(all.iter().all(|a| a.status == RequiredStatus::Gap));
        let both = all
            .iter()
            .find(|a| a.kind == RequiredKind::MaintainAndRetain);
        assert_eq!(both.map(|a| a.kind.label()), Some("document and record"));
    }

    #[test]
    fn satisfied_planned_gap_and_not_applicable() {
        // A sub-clause tag (5.2.2) provides the parent's item.
        let mut files = policy_and_draft();
        files.push(doc("SOP-002", "status: obsolete\nclauses: [\"4.3\"]", "."));
        let items = assessed(EXCLUDES_8_3, files);
        assert_eq!(status_of(&items, "5.2.2 a)"), RequiredStatus::Satisfied);
        assert_eq!(status_of(&items, "6.2.1"), RequiredStatus::Planned);
        assert_eq!(
            status_of(&items, "4.3"),
            RequiredStatus::Gap,
            "obsolete never counts"
        );
        let design: Vec<&Assessed> = items
            .iter()
            .filter(|a| a.item.clause.starts_with("8.3"))
            .collect();
        assert!(!design.is_empty());
        assert!(
            design
                .iter()
                .all(|a| a.status == RequiredStatus::NotApplicable)
        );
        let policy = items
            .iter()
            .find(|a| a.item.reference == "5.2.2 a)")
            .expect("item");
        assert_eq!(policy.refs.len(), 1);
    }
}
