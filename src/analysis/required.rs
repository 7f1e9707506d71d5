//! Required documented information: every item a standard requires to be
//! maintained (a document) or retained (a record), assessed against
//! [`Coverage`] and the handbook's records. The `missing-documented-information`
//! lint and the documented-information page both read [`assess`], so they
//! cannot disagree.
//!
//! Rules, kind by kind:
//! - An item's documents are those that tag its clause or a sub-clause of it
//!   (obsolete documents never count: coverage leaves them out); its records
//!   are the declared records (`records:`) tagged with its clause or a
//!   sub-clause, and the documents of a record type among its documents.
//! - An item to *maintain* is provided by its documents that are not of a
//!   record type; an item to *retain* only by its records (a procedure that
//!   says how records are kept is not the record); an item to *maintain and
//!   retain* needs both halves.
//! - A half is *satisfied* when one of its documents or records is approved
//!   and effective (a declared record: its governing document is),
//!   *planned* when some exist but none is, a *gap* otherwise; the item takes
//!   the lesser of its halves (gap < planned < satisfied).
//! - It is *not applicable* when its clause is (excluded in `[standards]`,
//!   directly or through a parent, or every requirement under it is); *not
//!   needed* when `[documented-information.not-needed]` gives the reason its
//!   condition does not arise here (never satisfied, never a lint).
//!
//! This module computes; it writes no diagnostics and no pages.

use serde::Serialize;

use crate::analysis::coverage::{self, ClauseStatus, Coverage, Ref, RefState};
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

    /// The kind in words, for readers: `document to maintain`, `record to
    /// retain`, `document and record`.
    pub fn label(self) -> &'static str {
        match self {
            RequiredKind::Maintain => "document to maintain",
            RequiredKind::Retain => "record to retain",
            RequiredKind::MaintainAndRetain => "document and record",
        }
    }

    /// The kind with its article, for sentences: `a document to maintain`,
    /// `a record to retain`, `a document to maintain and a record to retain`.
    pub fn with_article(self) -> &'static str {
        match self {
            RequiredKind::Maintain => "a document to maintain",
            RequiredKind::Retain => "a record to retain",
            RequiredKind::MaintainAndRetain => "a document to maintain and a record to retain",
        }
    }

    /// Whether the item needs a document.
    pub fn needs_document(self) -> bool {
        self != RequiredKind::Retain
    }

    /// Whether the item needs a record.
    pub fn needs_record(self) -> bool {
        self != RequiredKind::Maintain
    }
}

/// Whether a required item is provided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequiredStatus {
    /// Nothing provides it (or one of its halves).
    Gap,
    /// Only draft, in-review or not-yet-effective documents or records provide it.
    Planned,
    /// Approved, effective documents or records provide every half of it.
    Satisfied,
    /// Its clause is excluded as not applicable.
    NotApplicable,
    /// Conditional, and the handbook says why its condition does not arise.
    NotNeeded,
}

impl RequiredStatus {
    /// The word shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            RequiredStatus::Satisfied => "satisfied",
            RequiredStatus::Planned => "planned",
            RequiredStatus::Gap => "gap",
            RequiredStatus::NotApplicable => "not applicable",
            RequiredStatus::NotNeeded => "not needed",
        }
    }

    /// The coverage status it is shown as (icon and colour); an item not
    /// needed is shown like one not applicable.
    pub fn as_clause_status(self) -> ClauseStatus {
        match self {
            RequiredStatus::Satisfied => ClauseStatus::Addressed,
            RequiredStatus::Planned => ClauseStatus::Planned,
            RequiredStatus::Gap => ClauseStatus::Gap,
            RequiredStatus::NotApplicable | RequiredStatus::NotNeeded => {
                ClauseStatus::NotApplicable
            }
        }
    }

    /// The status of one half from the states of what provides it.
    fn of_states(mut states: impl Iterator<Item = RefState>) -> RequiredStatus {
        let mut any = false;
        for s in states.by_ref() {
            if s == RefState::Counts {
                return RequiredStatus::Satisfied;
            }
            any = true;
        }
        if any {
            RequiredStatus::Planned
        } else {
            RequiredStatus::Gap
        }
    }
}

/// A record that provides an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordSource {
    /// A declared record: index into the handbook's records.
    Declared(usize),
    /// A document of a record type: index into the handbook's documents.
    Document(usize),
}

/// A record that provides an item, and whether it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    /// The record.
    pub source: RecordSource,
    /// Whether and why it counts (a declared record: its governing
    /// document's state).
    pub state: RefState,
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
    /// The tags of its clause and sub-clauses by documents not of a record
    /// type, in catalog order (what provides the document half).
    pub refs: Vec<Ref>,
    /// Its records: declared records tagged with its clause or a sub-clause,
    /// then documents of a record type that tag them.
    pub records: Vec<RecordRef>,
    /// The status of the document half (items to maintain), `None` when the
    /// item needs no document or is not applicable or not needed.
    pub document_half: Option<RequiredStatus>,
    /// The status of the record half (items to retain), likewise.
    pub record_half: Option<RequiredStatus>,
    /// The justification, when `[documented-information.not-needed]` marks
    /// the item not needed.
    pub not_needed: Option<String>,
}

impl Assessed {
    /// The halves not satisfied, in words (`document to maintain`, `record
    /// to retain`); empty when the item is satisfied, not applicable or not needed.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self
            .document_half
            .is_some_and(|s| s != RequiredStatus::Satisfied)
        {
            out.push("document to maintain");
        }
        if self
            .record_half
            .is_some_and(|s| s != RequiredStatus::Satisfied)
        {
            out.push("record to retain");
        }
        out
    }
}

/// Assesses every item the standard `key` requires (none when the standard is
/// not in scope or requires none). Items whose clause is not in the catalog
/// are left out.
pub fn assess(hb: &Handbook, coverage: &Coverage, key: &str) -> Vec<Assessed> {
    let (Some(catalog), Some(cov)) = (hb.catalogs.get(key), coverage.get(key)) else {
        return Vec::new();
    };
    // `[documented-information.not-needed]` names ISO 9001's items only.
    let empty = std::collections::BTreeMap::new();
    let not_needed = if key == crate::config::DEFAULT_STANDARD {
        &hb.config.documented_information.not_needed
    } else {
        &empty
    };
    catalog::required_items(key)
        .into_iter()
        .filter_map(|item| {
            let target = catalog.get(&item.clause)?;
            let kind = RequiredKind::of(&item);
            let all: Vec<Ref> = cov
                .rows
                .iter()
                .filter(|r| catalog.is_within(r.clause, target))
                .flat_map(|r| r.refs.iter().cloned())
                .collect();
            let (record_docs, refs): (Vec<Ref>, Vec<Ref>) = all
                .into_iter()
                .partition(|r| hb.is_record_document(&hb.documents[r.doc]));
            let mut records: Vec<RecordRef> = hb
                .records
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.tags
                        .iter()
                        .any(|t| t.standard == key && catalog.is_within(t.clause, target))
                })
                .filter_map(|(i, r)| {
                    let d = &hb.documents[r.doc];
                    let state = coverage::ref_state(
                        d.meta.status,
                        d.meta.effective.as_ref().map(|e| e.value),
                        hb.today,
                    )?;
                    Some(RecordRef {
                        source: RecordSource::Declared(i),
                        state,
                    })
                })
                .collect();
            for r in &record_docs {
                let source = RecordSource::Document(r.doc);
                if !records.iter().any(|x| x.source == source) {
                    records.push(RecordRef {
                        source,
                        state: r.state,
                    });
                }
            }
            let excluded = cov.rows[target].status == ClauseStatus::NotApplicable;
            let justification = not_needed
                .get(item.reference.as_str())
                .map(|j| j.trim().to_string());
            let (status, document_half, record_half) = if excluded {
                (RequiredStatus::NotApplicable, None, None)
            } else if justification.is_some() {
                (RequiredStatus::NotNeeded, None, None)
            } else {
                let document_half = kind
                    .needs_document()
                    .then(|| RequiredStatus::of_states(refs.iter().map(|r| r.state)));
                let record_half = kind
                    .needs_record()
                    .then(|| RequiredStatus::of_states(records.iter().map(|r| r.state)));
                let status = document_half
                    .into_iter()
                    .chain(record_half)
                    .min()
                    .unwrap_or(RequiredStatus::Gap);
                (status, document_half, record_half)
            };
            Some(Assessed {
                kind,
                item,
                clause: target,
                status,
                refs,
                records,
                document_half,
                record_half,
                not_needed: if excluded { None } else { justification },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{
        CONFIG, EXCLUDES_8_3, TODAY, approved, doc, load_config, policy_and_draft,
    };

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

    fn find<'a>(items: &'a [Assessed], reference: &str) -> &'a Assessed {
        items
            .iter()
            .find(|a| a.item.reference == reference)
            .expect("item")
    }

    #[test]
    fn only_records_satisfy_items_to_retain() {
        // A procedure tagging 7.2 alone: the competence record is a gap.
        let procedure = || approved("SOP-003", r#"["7.2"]"#, ".");
        let items = assessed(CONFIG, vec![procedure()]);
        let competence = find(&items, "7.2 d)");
        assert_eq!(competence.status, RequiredStatus::Gap);
        assert_eq!(competence.missing(), ["record to retain"]);
        assert_eq!(competence.refs.len(), 1, "the procedure is still listed");

        // The record it declares satisfies it; one of a draft is planned.
        let with_record = doc(
            "SOP-003",
            "status: approved\neffective: 2026-01-01\nclauses: [\"7.2\"]\nrecords: [{id: REC-TRN, title: Training records, clauses: [\"7.2\"]}]",
            ".",
        );
        let items = assessed(CONFIG, vec![with_record]);
        let competence = find(&items, "7.2 d)");
        assert_eq!(competence.status, RequiredStatus::Satisfied);
        assert_eq!(competence.records.len(), 1);
        assert!(competence.missing().is_empty());
        let draft = doc(
            "SOP-003",
            "status: draft\nrecords: [{id: REC-TRN, title: Training records, clauses: [\"7.2\"]}]",
            ".",
        );
        let items = assessed(CONFIG, vec![draft]);
        assert_eq!(find(&items, "7.2 d)").status, RequiredStatus::Planned);

        // A document of a record type is a record, not a document to maintain.
        let minutes = doc(
            "REC-001",
            "type: record\nstatus: approved\neffective: 2026-01-01\nclauses: [\"9.3.3\", \"6.2.1\"]",
            ".",
        );
        let items = assessed(CONFIG, vec![minutes]);
        assert_eq!(find(&items, "9.3.3").status, RequiredStatus::Satisfied);
        assert_eq!(find(&items, "6.2.1").status, RequiredStatus::Gap);
    }

    #[test]
    fn maintain_and_retain_needs_both_halves() {
        let plan = || approved("SOP-010", r#"["8.1"]"#, ".");
        let items = assessed(CONFIG, vec![plan()]);
        let both = find(&items, "8.1 e)");
        assert_eq!(both.kind, RequiredKind::MaintainAndRetain);
        assert_eq!(both.status, RequiredStatus::Gap);
        assert_eq!(both.document_half, Some(RequiredStatus::Satisfied));
        assert_eq!(both.missing(), ["record to retain"]);

        // Records alone (the governing document tags another clause).
        let router = doc(
            "SOP-011",
            "status: approved\neffective: 2026-01-01\nclauses: [\"8.6\"]\nrecords: [{id: REC-RTR, title: Job routers, clauses: [\"8.1\"]}]",
            ".",
        );
        let items = assessed(CONFIG, vec![router.clone()]);
        let both = find(&items, "8.1 e)");
        assert_eq!(both.status, RequiredStatus::Gap);
        assert_eq!(both.missing(), ["document to maintain"]);

        let items = assessed(CONFIG, vec![plan(), router]);
        assert_eq!(find(&items, "8.1 e)").status, RequiredStatus::Satisfied);
    }

    #[test]
    fn conditional_items_marked_not_needed_are_never_satisfied() {
        let config = "[book]\ntitle = \"T\"\n[documented-information.not-needed]\n\"8.5.3\" = \"No customer property has been lost or damaged.\"\n";
        let record = doc(
            "SOP-008",
            "status: approved\neffective: 2026-01-01\nrecords: [{id: REC-CP, title: Customer property reports, clauses: [\"8.5.3\"]}]",
            ".",
        );
        let items = assessed(config, vec![record]);
        let property = find(&items, "8.5.3");
        assert_eq!(property.status, RequiredStatus::NotNeeded);
        assert_eq!(
            property.not_needed.as_deref(),
            Some("No customer property has been lost or damaged.")
        );
        assert!(property.missing().is_empty());
        assert_eq!(property.status.label(), "not needed");
    }
}
