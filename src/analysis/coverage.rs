//! Clause coverage: for every clause of every standard in scope, which
//! documents address it and whether that counts. HTML, CSV, JSON and the
//! terminal all read this one model, so their numbers cannot disagree.
//!
//! Rules (also stated in the README and on the matrix page):
//! - Tags address the leaves of the clause tree (a clause whose only
//!   children are amendment items is a leaf too). A leaf is *addressed*
//!   when an approved document whose effective date is on or before the
//!   build date tags it; *planned* when only draft, in-review or
//!   not-yet-effective documents (or approved ones without an effective date)
//!   tag it; a *gap* otherwise; *not applicable* when excluded (an exclusion of
//!   a parent excludes its sub-clauses). Obsolete documents never count, nor
//!   do documents of external origin (standards, customer drawings): they
//!   are not the organisation's own documented information, so their tags
//!   are ignored here.
//! - A tag on a parent clause shows on the parent's row; it counts for the
//!   parent's leaves only with `[coverage] parent-tags-cover-children = true`,
//!   with two exceptions: a tag on a numbered clause with lettered items
//!   (`9.3.2`, `5.1.1`) always counts for all of its items (and their
//!   sub-items), and an amendment item (`4.1.climate`) is addressed only by
//!   tags on itself, never by a tag on its parent.
//! - The figure counts *numbered requirements*: each leaf that is not a
//!   lettered item (amendment items included), and each numbered clause with
//!   lettered items. The latter is addressed when all its applicable items
//!   are, *partial* when some are (counted as not addressed), planned or a
//!   gap otherwise; so a clause's list of items weighs as one requirement.
//! - The figure is addressed requirements / (all requirements −
//!   not-applicable ones).
//! - A leaf addressed only by documents past their review date
//!   ([`crate::model::reviews`]) is *addressed, review overdue*: it still
//!   counts as addressed (the documents are approved and in force until
//!   reviewed), but it is flagged on its row and counted separately in the
//!   summary (`review_overdue`), so the headline can say how many of the
//!   addressed requirements rest only on overdue documents. The same holds
//!   with `parent-tags-cover-children` for the parent tags that address a
//!   leaf.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::handbook::Handbook;
use crate::model::reviews::{ReviewState, review};
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
    /// The document is approved and in force but past its review date.
    pub review_overdue: bool,
}

impl Ref {
    /// Counts, and its document is not past its review date.
    fn counts_current(&self) -> bool {
        self.state == RefState::Counts && !self.review_overdue
    }
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
    /// Requirements addressed only by documents past their review date: for
    /// a requirement 1 or 0, for a parent how many of its requirements.
    pub review_overdue: usize,
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
    /// Of the addressed requirements, those addressed only by documents past
    /// their review date (counted in `addressed` too).
    pub review_overdue: usize,
    /// Numbered requirements with lettered items of which some, not all,
    /// are addressed: shown as partly addressed, counted as not addressed.
    pub partial: usize,
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
            .map(|catalog| {
                let excluded = hb
                    .config
                    .standards
                    .per_standard
                    .get(&catalog.key)
                    .map(|s| &s.not_applicable);
                compute_one(hb, catalog, today, excluded)
            })
            .collect();
        Coverage { standards }
    }

    /// The coverage of one standard in scope as of `today` had it the
    /// exclusions `not_applicable` (clause id → justification) instead of
    /// those of book.toml: what an exclusion does to the figure.
    pub fn with_exclusions(
        hb: &Handbook,
        key: &str,
        today: Date,
        not_applicable: &BTreeMap<String, String>,
    ) -> Option<StandardCoverage> {
        let catalog = hb.catalogs.get(key)?;
        Some(compute_one(hb, catalog, today, Some(not_applicable)))
    }

    /// The coverage of one standard.
    pub fn get(&self, key: &str) -> Option<&StandardCoverage> {
        self.standards.iter().find(|s| s.key == key)
    }
}

/// Whether a document with this status and effective date counts as of
/// `today` (`None`: obsolete, never shown). Records count by their governing
/// document's state ([`crate::analysis::required`]).
pub fn ref_state(status: Status, effective: Option<Date>, today: Date) -> Option<RefState> {
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

fn compute_one(
    hb: &Handbook,
    catalog: &Catalog,
    today: Date,
    excluded: Option<&BTreeMap<String, String>>,
) -> StandardCoverage {
    let n = catalog.clauses.len();
    let mut refs: Vec<Vec<Ref>> = vec![Vec::new(); n];
    for (doc_index, d) in hb.documents.iter().enumerate() {
        if hb.is_external(d) {
            continue;
        }
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
                review_overdue: state == RefState::Counts
                    && review(hb, d).is_some_and(|r| r.state == ReviewState::Overdue),
            };
            // A duplicate can only be this document's own (documents are
            // taken in turn), so only its refs at the end are compared: a
            // clause of a large handbook has thousands.
            let list = &mut refs[tag.clause];
            if !list
                .iter()
                .rev()
                .take_while(|x| x.doc == doc_index)
                .any(|x| *x == r)
            {
                list.push(r);
            }
        }
    }

    // Exclusions, inherited down the tree (parents come before children).
    let mut exclusion: Vec<Option<Exclusion>> = vec![None; n];
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
    let mut leaf_stale = vec![false; n];
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
            let mut current = refs[i].iter().any(Ref::counts_current);
            // Tags on ancestors: a lettered item's up to its numbered
            // requirement always, others' only when configured; an
            // amendment item's never.
            let requirement = catalog.requirement_of(i);
            let mut p = if c.amendment.is_some() {
                None
            } else {
                c.parent
            };
            while let Some(a) = p {
                if !(parents_count || requirement != i && catalog.is_within(a, requirement)) {
                    break;
                }
                any |= !refs[a].is_empty();
                counts |= refs[a].iter().any(|r| r.state == RefState::Counts);
                current |= refs[a].iter().any(Ref::counts_current);
                p = catalog.clauses[a].parent;
            }
            leaf_stale[i] = counts && !current;
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

    // The numbered requirements the figure counts, each with its status: a
    // leaf's own, or rolled up from its lettered items.
    let mut requirement_status: Vec<Option<(ClauseStatus, bool)>> = vec![None; n];
    for (i, slot) in requirement_status.iter_mut().enumerate() {
        if !catalog.is_requirement(i) {
            continue;
        }
        *slot = Some(match leaf_status[i] {
            Some(s) => (s, leaf_stale[i]),
            None => {
                let items: Vec<usize> = catalog
                    .leaves_under(i)
                    .into_iter()
                    .filter(|&l| catalog.requirement_of(l) == i)
                    .collect();
                let (status, _) = roll_up(&items, &leaf_status, exclusion[i].is_some());
                let stale =
                    status == ClauseStatus::Addressed && items.iter().any(|&l| leaf_stale[l]);
                (status, stale)
            }
        });
    }

    let statuses: Vec<Option<ClauseStatus>> = requirement_status
        .iter()
        .map(|s| s.map(|(s, _)| s))
        .collect();
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let (status, rollup, review_overdue) = match leaf_status[i] {
            Some(s) => (s, None, usize::from(leaf_stale[i])),
            None if catalog.has_items(i) || catalog.clauses[i].is_item => {
                // A requirement with lettered items (or an item with
                // sub-items): k of n items (numbered sub-clauses and
                // amendment items under it are requirements of their own).
                let requirement = catalog.requirement_of(i);
                let leaves: Vec<usize> = catalog
                    .leaves_under(i)
                    .into_iter()
                    .filter(|&l| catalog.requirement_of(l) == requirement)
                    .collect();
                let stale = leaves.iter().filter(|&&l| leaf_stale[l]).count();
                let (status, counts) = roll_up(&leaves, &leaf_status, exclusion[i].is_some());
                (status, Some(counts), stale)
            }
            None => {
                // A heading over requirements: k of n requirements.
                let units: Vec<usize> = catalog.requirements_under(i);
                let stale = units
                    .iter()
                    .filter(|&&u| requirement_status[u].is_some_and(|(_, st)| st))
                    .count();
                let (status, counts) = roll_up(&units, &statuses, exclusion[i].is_some());
                (status, Some(counts), stale)
            }
        };
        rows.push(ClauseRow {
            clause: i,
            status,
            rollup,
            review_overdue,
            refs: std::mem::take(&mut refs[i]),
            exclusion: exclusion[i].take(),
        });
    }

    let units: Vec<(ClauseStatus, bool)> = requirement_status.iter().flatten().copied().collect();
    let count = |s: ClauseStatus| units.iter().filter(|x| x.0 == s).count();
    let requirements = units.len();
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
            review_overdue: units.iter().filter(|u| u.1).count(),
            partial: count(ClauseStatus::Partial),
            planned: count(ClauseStatus::Planned),
            gaps: count(ClauseStatus::Gap),
            percent,
        },
    }
}

/// The status of a group of clauses (`members`, by their `statuses`) and
/// (addressed, applicable) among them: not applicable when `excluded` or
/// none applies; addressed when all applicable ones are; partial when some
/// are (or some are partial); planned when none is but some are planned; a
/// gap otherwise.
fn roll_up(
    members: &[usize],
    statuses: &[Option<ClauseStatus>],
    excluded: bool,
) -> (ClauseStatus, (usize, usize)) {
    let applicable: Vec<ClauseStatus> = members
        .iter()
        .filter_map(|&l| statuses[l])
        .filter(|s| *s != ClauseStatus::NotApplicable)
        .collect();
    let addressed = applicable
        .iter()
        .filter(|s| **s == ClauseStatus::Addressed)
        .count();
    let has = |x: ClauseStatus| applicable.contains(&x);
    let status = if excluded || applicable.is_empty() {
        ClauseStatus::NotApplicable
    } else if addressed == applicable.len() {
        ClauseStatus::Addressed
    } else if addressed > 0 || has(ClauseStatus::Partial) {
        ClauseStatus::Partial
    } else if has(ClauseStatus::Planned) {
        ClauseStatus::Planned
    } else {
        ClauseStatus::Gap
    };
    (status, (addressed, applicable.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, TODAY, approved, doc, load, load_config};

    /// The status of clause `id` of ISO 9001 in `cov`.
    fn status(hb: &Handbook, cov: &Coverage, id: &str) -> ClauseStatus {
        let catalog = hb.catalogs.get("iso9001-2015").expect("catalog");
        let c = catalog.get(id).expect("clause");
        cov.get("iso9001-2015").expect("in scope").rows[c].status
    }

    fn coverage(config: &str, files: Vec<(String, String)>) -> (Handbook, Coverage) {
        let (hb, _) = load_config(config, files);
        let cov = Coverage::compute(&hb, TODAY);
        (hb, cov)
    }

    const PARENTS_COVER: &str =
        "[book]\ntitle = \"T\"\n[coverage]\nparent-tags-cover-children = true\n";

    #[test]
    fn a_parent_tag_covers_children_only_when_configured() {
        // 7.5.3 has the leaves 7.5.3.1 and 7.5.3.2.
        let files = || vec![approved("SOP-001", r#"["7.5.3"]"#, ".")];
        let (hb, cov) = coverage(CONFIG, files());
        assert_eq!(status(&hb, &cov, "7.5.3.1"), ClauseStatus::Gap);
        assert_eq!(status(&hb, &cov, "7.5.3"), ClauseStatus::Gap);
        let row = &cov.get("iso9001-2015").expect("iso").rows[hb
            .catalogs
            .get("iso9001-2015")
            .and_then(|c| c.get("7.5.3"))
            .expect("7.5.3")];
        assert_eq!(row.refs.len(), 1, "the tag shows on the parent's row");
        let (hb, cov) = coverage(PARENTS_COVER, files());
        assert_eq!(status(&hb, &cov, "7.5.3.1"), ClauseStatus::Addressed);
        assert_eq!(status(&hb, &cov, "7.5.3.2"), ClauseStatus::Addressed);
        assert_eq!(status(&hb, &cov, "7.5.3"), ClauseStatus::Addressed);
    }

    #[test]
    fn children_roll_up_to_their_parent() {
        let (hb, cov) = coverage(
            CONFIG,
            vec![
                approved("SOP-001", r#"["7.5.3.1"]"#, "."),
                doc("SOP-002", "status: draft\nclauses: [\"7.5.2\"]", "."),
            ],
        );
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        let rows = &cov.get("iso9001-2015").expect("iso").rows;
        let row = |id: &str| &rows[iso.get(id).expect("clause")];
        assert_eq!(row("7.5.3").status, ClauseStatus::Partial);
        assert_eq!(row("7.5.3").rollup, Some((1, 2)));
        // 7.5: one addressed, one planned, the rest gaps.
        assert_eq!(row("7.5").status, ClauseStatus::Partial);
        let (addressed, applicable) = row("7.5").rollup.expect("parent");
        assert_eq!(addressed, 1);
        assert_eq!(
            applicable,
            iso.leaves_under(iso.get("7.5").expect("7.5")).len()
        );
        // Only planned leaves: the parent is planned.
        let (hb, cov) = coverage(
            CONFIG,
            vec![doc("SOP-002", "status: draft\nclauses: [\"7.5.3.1\"]", ".")],
        );
        assert_eq!(status(&hb, &cov, "7.5.3"), ClauseStatus::Planned);
        // Every leaf addressed: addressed.
        let (hb, cov) = coverage(
            CONFIG,
            vec![approved("SOP-001", r#"["7.5.3.1", "7.5.3.2"]"#, ".")],
        );
        assert_eq!(status(&hb, &cov, "7.5.3"), ClauseStatus::Addressed);
    }

    #[test]
    fn justified_exclusions_are_not_applicable_and_leave_the_denominator() {
        let config = "[book]\ntitle = \"T\"\n[standards.iso9001-2015.not-applicable]\n\"8.3\" = \"We do not design products.\"\n";
        let (hb, cov) = coverage(config, vec![approved("SOP-001", r#"["8.3.2"]"#, ".")]);
        assert_eq!(status(&hb, &cov, "8.3"), ClauseStatus::NotApplicable);
        assert_eq!(status(&hb, &cov, "8.3.2"), ClauseStatus::NotApplicable);
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        let rows = &cov.get("iso9001-2015").expect("iso").rows;
        let e = rows[iso.get("8.3.2").expect("8.3.2")]
            .exclusion
            .clone()
            .expect("excluded");
        assert_eq!(e.inherited_from.as_deref(), Some("8.3"));
        assert_eq!(e.justification, "We do not design products.");
        let (_, all) = coverage(CONFIG, Vec::new());
        let with = cov.get("iso9001-2015").expect("iso").summary;
        let without = all.get("iso9001-2015").expect("iso").summary;
        assert_eq!(with.requirements, without.requirements);
        assert_eq!(with.applicable, without.applicable - with.not_applicable);
        assert!(with.not_applicable > 0);
        assert_eq!(
            with.addressed, 0,
            "a tag on an excluded clause does not count"
        );
    }

    #[test]
    fn only_approved_effective_documents_address_a_clause() {
        let cases = [
            ("status: draft", ClauseStatus::Planned),
            ("status: in-review", ClauseStatus::Planned),
            ("status: approved", ClauseStatus::Planned),
            (
                "status: approved\neffective: 2026-06-02",
                ClauseStatus::Planned,
            ),
            (
                "status: approved\neffective: 2026-06-01",
                ClauseStatus::Addressed,
            ),
            ("status: obsolete\neffective: 2020-01-01", ClauseStatus::Gap),
        ];
        for (fields, expected) in cases {
            let (hb, cov) = coverage(
                CONFIG,
                vec![doc(
                    "SOP-001",
                    &format!("{fields}\nclauses: [\"7.5.2\"]"),
                    ".",
                )],
            );
            assert_eq!(status(&hb, &cov, "7.5.2"), expected, "{fields}");
        }
        // An obsolete document does not even show on the row.
        let (hb, cov) = coverage(
            CONFIG,
            vec![doc(
                "SOP-001",
                "status: obsolete\nclauses: [\"7.5.2\"]",
                ".",
            )],
        );
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        assert!(
            cov.get("iso9001-2015").expect("iso").rows[iso.get("7.5.2").expect("c")]
                .refs
                .is_empty()
        );
    }

    #[test]
    fn documents_of_external_origin_never_count() {
        let (hb, cov) = coverage(
            CONFIG,
            vec![doc(
                "EXT-001",
                "type: external\nstatus: approved\neffective: 2026-01-01\nclauses: [\"7.5.2\"]",
                ".",
            )],
        );
        assert_eq!(status(&hb, &cov, "7.5.2"), ClauseStatus::Gap);
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        assert!(
            cov.get("iso9001-2015").expect("iso").rows[iso.get("7.5.2").expect("c")]
                .refs
                .is_empty()
        );
    }

    #[test]
    fn requirements_resting_only_on_overdue_documents_are_flagged_and_still_counted() {
        let overdue = |id: &str, clauses: &str| {
            doc(
                id,
                &format!(
                    "status: approved\neffective: 2024-01-01\nreview_by: 2025-01-01\nclauses: {clauses}"
                ),
                ".",
            )
        };
        let (hb, cov) = coverage(
            CONFIG,
            vec![
                overdue("SOP-001", r#"["7.5.2", "7.5.3.1", "7.5.3.2"]"#),
                approved("SOP-002", r#"["7.5.3.2"]"#, "."),
            ],
        );
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        let std = cov.get("iso9001-2015").expect("iso");
        let row = |id: &str| &std.rows[iso.get(id).expect("clause")];
        assert_eq!(row("7.5.2").status, ClauseStatus::Addressed);
        assert_eq!(row("7.5.2").review_overdue, 1);
        assert_eq!(row("7.5.3.2").review_overdue, 0, "SOP-002 is current");
        assert_eq!(row("7.5.3").review_overdue, 1);
        assert_eq!(row("7.5.3").status, ClauseStatus::Addressed);
        assert!(row("7.5.2").refs[0].review_overdue);
        assert_eq!(std.summary.addressed, 3);
        assert_eq!(std.summary.review_overdue, 2);
    }

    #[test]
    fn summary_counts_leaves() {
        let (hb, cov) = load_and_compute();
        let s = cov.get("iso9001-2015").expect("iso").summary;
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        assert_eq!(
            s.requirements,
            (0..iso.clauses.len())
                .filter(|&i| iso.is_requirement(i))
                .count()
        );
        assert_eq!(s.addressed, 2);
        assert_eq!(s.planned, 1);
        assert_eq!(s.gaps, s.applicable - 3);
        assert_eq!(
            s.percent,
            (2.0 * 1000.0 / s.applicable as f64).round() / 10.0
        );
    }

    #[test]
    fn lettered_items_weigh_as_one_numbered_requirement() {
        let (hb, cov) = coverage(
            CONFIG,
            vec![approved("SOP-001", r#"["9.3.3.a", "9.3.3.b"]"#, ".")],
        );
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        let std = cov.get("iso9001-2015").expect("iso");
        let row = |id: &str| &std.rows[iso.get(id).expect("clause")];
        assert_eq!(row("9.3.3.a").status, ClauseStatus::Addressed);
        assert_eq!(row("9.3.3").status, ClauseStatus::Partial);
        assert_eq!(row("9.3.3").rollup, Some((2, 3)), "k of n items");
        assert_eq!(row("9.3").status, ClauseStatus::Partial);
        assert_eq!(row("9.3").rollup, Some((0, 3)), "k of n requirements");
        assert_eq!(std.summary.addressed, 0);
        assert_eq!(std.summary.partial, 1);
        // All three: one requirement addressed.
        let (_, cov) = coverage(
            CONFIG,
            vec![approved(
                "SOP-001",
                r#"["9.3.3.a", "9.3.3.b", "9.3.3.c"]"#,
                ".",
            )],
        );
        let s = cov.get("iso9001-2015").expect("iso").summary;
        assert_eq!((s.addressed, s.partial), (1, 0));
        assert_eq!(s.addressed + s.partial + s.planned + s.gaps, s.applicable);
    }

    #[test]
    fn a_tag_on_a_numbered_clause_addresses_its_lettered_items() {
        let (hb, cov) = coverage(CONFIG, vec![approved("SOP-001", r#"["9.3.2"]"#, ".")]);
        assert_eq!(status(&hb, &cov, "9.3.2.a"), ClauseStatus::Addressed);
        assert_eq!(status(&hb, &cov, "9.3.2.c.7"), ClauseStatus::Addressed);
        assert_eq!(status(&hb, &cov, "9.3.2"), ClauseStatus::Addressed);
        assert_eq!(cov.get("iso9001-2015").expect("iso").summary.addressed, 1);
        // A tag on 9.3 still does not reach them.
        let (hb, cov) = coverage(CONFIG, vec![approved("SOP-001", r#"["9.3"]"#, ".")]);
        assert_eq!(status(&hb, &cov, "9.3.2.a"), ClauseStatus::Gap);
    }

    #[test]
    fn an_amendment_item_is_its_own_requirement() {
        let (hb, cov) = coverage(CONFIG, vec![approved("SOP-001", r#"["4.1"]"#, ".")]);
        assert_eq!(status(&hb, &cov, "4.1"), ClauseStatus::Addressed);
        assert_eq!(status(&hb, &cov, "4.1.climate"), ClauseStatus::Gap);
        let (hb, cov) = coverage(PARENTS_COVER, vec![approved("SOP-001", r#"["4"]"#, ".")]);
        assert_eq!(status(&hb, &cov, "4.1"), ClauseStatus::Addressed);
        assert_eq!(
            status(&hb, &cov, "4.1.climate"),
            ClauseStatus::Gap,
            "parent tags never cover an amendment item"
        );
        let (hb, cov) = coverage(
            CONFIG,
            vec![approved("SOP-001", r#"["4.1", "4.1.climate"]"#, ".")],
        );
        assert_eq!(status(&hb, &cov, "4.1.climate"), ClauseStatus::Addressed);
        assert_eq!(cov.get("iso9001-2015").expect("iso").summary.addressed, 2);
    }

    fn load_and_compute() -> (Handbook, Coverage) {
        let (hb, _) = load(vec![
            approved("SOP-001", r#"["7.5.2", "7.5.3.1"]"#, "."),
            doc("SOP-002", "status: draft\nclauses: [\"4.1\"]", "."),
        ]);
        let cov = Coverage::compute(&hb, TODAY);
        (hb, cov)
    }
}
