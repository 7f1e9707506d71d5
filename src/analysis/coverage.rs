//! Clause coverage: for every clause of every standard in scope, which
//! documents address it and whether that counts. HTML, CSV, JSON and the
//! terminal all read this one model, so their numbers cannot disagree.
//!
//! Rules (also stated in the README and on the matrix page):
//! - Requirements are the leaves of the clause tree.
//! - A leaf is *addressed* when an approved document whose effective date is on
//!   or before the build date tags it; *planned* when only draft, in-review or
//!   not-yet-effective documents (or approved ones without an effective date)
//!   tag it; a *gap* otherwise; *not applicable* when excluded (an exclusion of
//!   a parent excludes its sub-clauses). Obsolete documents never count.
//! - A tag on a parent clause shows on the parent's row; it counts for the
//!   parent's leaves only with `[coverage] parent-tags-cover-children = true`.
//! - The figure is addressed leaves / (all leaves − not-applicable leaves).

use jiff::civil::Date;
use serde::Serialize;

use crate::model::handbook::Handbook;
use crate::parse::catalog::Catalog;
use crate::parse::front_matter::Status;

/// A clause's coverage status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseStatus {
    /// Addressed by an approved, effective document (parents: every requirement addressed).
    Addressed,
    /// Parents only: some requirements addressed or planned, not all addressed.
    Partial,
    /// Only draft, in-review or not-yet-effective documents address it.
    Planned,
    /// Nothing addresses it.
    Gap,
    /// Excluded, with a justification.
    NotApplicable,
}

impl ClauseStatus {
    /// The word shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            ClauseStatus::Addressed => "addressed",
            ClauseStatus::Partial => "partial",
            ClauseStatus::Planned => "planned",
            ClauseStatus::Gap => "gap",
            ClauseStatus::NotApplicable => "not applicable",
        }
    }
}

/// Why a document's tag does or does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefState {
    /// Approved and effective: counts.
    Counts,
    /// Draft.
    Draft,
    /// In review.
    InReview,
    /// Approved, effective date after the build date.
    NotYetEffective,
    /// Approved without an effective date.
    NoEffectiveDate,
}

/// A document (or one of its sections) that tags a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// Index into the handbook's documents.
    pub doc: usize,
    /// The tagged section: heading id and text.
    pub section: Option<(String, String)>,
    /// Whether and why it counts.
    pub state: RefState,
}

/// Where an exclusion comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exclusion {
    /// The justification.
    pub justification: String,
    /// The excluded ancestor, when the exclusion is inherited.
    pub inherited_from: Option<String>,
}

/// Coverage of one clause.
#[derive(Debug, Clone)]
pub struct ClauseRow {
    /// Index into the catalog's clauses.
    pub clause: usize,
    /// Its status.
    pub status: ClauseStatus,
    /// For parents: (requirements addressed, applicable requirements).
    pub rollup: Option<(usize, usize)>,
    /// Documents that tag this clause directly.
    pub refs: Vec<Ref>,
    /// Set when the clause is not applicable.
    pub exclusion: Option<Exclusion>,
}

/// The summary figure of one standard.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// All requirements (leaves).
    pub requirements: usize,
    /// Requirements excluded as not applicable.
    pub not_applicable: usize,
    /// Requirements that apply (the denominator).
    pub applicable: usize,
    /// Requirements addressed (the numerator).
    pub addressed: usize,
    /// Requirements only planned.
    pub planned: usize,
    /// Requirements nothing addresses.
    pub gaps: usize,
    /// addressed / applicable × 100, rounded to one decimal (100 when nothing applies).
    pub percent: f64,
}

/// Coverage of one standard.
#[derive(Debug, Clone)]
pub struct StandardCoverage {
    /// The catalog key.
    pub key: String,
    /// One row per clause, in catalog order.
    pub rows: Vec<ClauseRow>,
    /// The summary figure.
    pub summary: Summary,
}

/// Coverage of every standard in scope.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// In configured order.
    pub standards: Vec<StandardCoverage>,
}

impl Coverage {
    /// Computes coverage for every standard in scope as of `today`.
    pub fn compute(hb: &Handbook, today: Date) -> Coverage {
        let standards = hb
            .scope
            .iter()
            .filter_map(|key| hb.catalogs.get(key))
            .map(|catalog| compute_one(hb, catalog, today))
            .collect();
        Coverage { standards }
    }

    /// The coverage of one standard.
    pub fn get(&self, key: &str) -> Option<&StandardCoverage> {
        self.standards.iter().find(|s| s.key == key)
    }
}

fn ref_state(status: Status, effective: Option<Date>, today: Date) -> Option<RefState> {
    match status {
        Status::Obsolete => None,
        Status::Draft => Some(RefState::Draft),
        Status::InReview => Some(RefState::InReview),
        Status::Approved => Some(match effective {
            None => RefState::NoEffectiveDate,
            Some(d) if d > today => RefState::NotYetEffective,
            Some(_) => RefState::Counts,
        }),
    }
}

fn compute_one(hb: &Handbook, catalog: &Catalog, today: Date) -> StandardCoverage {
    let n = catalog.clauses.len();
    let mut refs: Vec<Vec<Ref>> = vec![Vec::new(); n];
    for (doc_index, d) in hb.documents.iter().enumerate() {
        let Some(state) = ref_state(
            d.meta.status,
            d.meta.effective.as_ref().map(|e| e.value),
            today,
        ) else {
            continue;
        };
        for tag in hb.resolved_tags(doc_index) {
            if tag.standard != catalog.key {
                continue;
            }
            let r = Ref {
                doc: doc_index,
                section: tag.section.clone(),
                state,
            };
            if !refs[tag.clause].contains(&r) {
                refs[tag.clause].push(r);
            }
        }
    }

    // Exclusions, inherited down the tree (parents come before children).
    let mut exclusion: Vec<Option<Exclusion>> = vec![None; n];
    let excluded = hb
        .config
        .standards
        .per_standard
        .get(&catalog.key)
        .map(|s| &s.not_applicable);
    for i in 0..n {
        let c = &catalog.clauses[i];
        if let Some(j) = excluded.and_then(|m| m.get(&c.id)) {
            exclusion[i] = Some(Exclusion {
                justification: j.trim().to_string(),
                inherited_from: None,
            });
        } else if let Some(p) = c.parent
            && let Some(e) = &exclusion[p]
        {
            let from = e
                .inherited_from
                .clone()
                .unwrap_or_else(|| catalog.clauses[p].id.clone());
            exclusion[i] = Some(Exclusion {
                justification: e.justification.clone(),
                inherited_from: Some(from),
            });
        }
    }

    let parents_count = hb.config.coverage.parent_tags_cover_children;
    let mut leaf_status: Vec<Option<ClauseStatus>> = vec![None; n];
    for i in 0..n {
        let c = &catalog.clauses[i];
        if !c.is_leaf() {
            continue;
        }
        let status = if exclusion[i].is_some() {
            ClauseStatus::NotApplicable
        } else {
            let mut any = !refs[i].is_empty();
            let mut counts = refs[i].iter().any(|r| r.state == RefState::Counts);
            if parents_count {
                let mut p = c.parent;
                while let Some(a) = p {
                    any |= !refs[a].is_empty();
                    counts |= refs[a].iter().any(|r| r.state == RefState::Counts);
                    p = catalog.clauses[a].parent;
                }
            }
            if counts {
                ClauseStatus::Addressed
            } else if any {
                ClauseStatus::Planned
            } else {
                ClauseStatus::Gap
            }
        };
        leaf_status[i] = Some(status);
    }

    let mut rows = Vec::with_capacity(n);
    for (i, c) in catalog.clauses.iter().enumerate() {
        let (status, rollup) = match leaf_status[i] {
            Some(s) => (s, None),
            None => {
                let leaves = catalog.leaves_under(i);
                let applicable: Vec<ClauseStatus> = leaves
                    .iter()
                    .filter_map(|&l| leaf_status[l])
                    .filter(|s| *s != ClauseStatus::NotApplicable)
                    .collect();
                let addressed = applicable
                    .iter()
                    .filter(|s| **s == ClauseStatus::Addressed)
                    .count();
                let planned = applicable
                    .iter()
                    .filter(|s| **s == ClauseStatus::Planned)
                    .count();
                let status = if exclusion[i].is_some() || applicable.is_empty() {
                    ClauseStatus::NotApplicable
                } else if addressed == applicable.len() {
                    ClauseStatus::Addressed
                } else if addressed > 0 {
                    ClauseStatus::Partial
                } else if planned > 0 {
                    ClauseStatus::Planned
                } else {
                    ClauseStatus::Gap
                };
                (status, Some((addressed, applicable.len())))
            }
        };
        let _ = c;
        rows.push(ClauseRow {
            clause: i,
            status,
            rollup,
            refs: std::mem::take(&mut refs[i]),
            exclusion: exclusion[i].take(),
        });
    }

    let leaves: Vec<ClauseStatus> = leaf_status.iter().flatten().copied().collect();
    let count = |s: ClauseStatus| leaves.iter().filter(|x| **x == s).count();
    let requirements = leaves.len();
    let not_applicable = count(ClauseStatus::NotApplicable);
    let applicable = requirements - not_applicable;
    let addressed = count(ClauseStatus::Addressed);
    let percent = if applicable == 0 {
        100.0
    } else {
        (addressed as f64 * 1000.0 / applicable as f64).round() / 10.0
    };
    StandardCoverage {
        key: catalog.key.clone(),
        rows,
        summary: Summary {
            requirements,
            not_applicable,
            applicable,
            addressed,
            planned: count(ClauseStatus::Planned),
            gaps: count(ClauseStatus::Gap),
            percent,
        },
    }
}
