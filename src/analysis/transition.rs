//! Predicted coverage through a crosswalk: for each clause of a *target*
//! standard, the clauses of a *source* standard in scope mapped to it, how
//! the source's coverage addresses them, and what that predicts for the
//! target. The transition page, `qmsbook matrix --via` and the integrated
//! view all read this one model.
//!
//! Rules (also in the README, "Crosswalks and transition"), chosen never to
//! overstate:
//! - A target requirement (leaf) takes the crosswalk entries for it; with
//!   none, those of its nearest ancestor that has some (a mapping of 5.1.1
//!   stands for 5.1.1.a–j).
//! - *Carried over*: every mapped source clause is addressed (a source
//!   parent: every applicable requirement under it) and every entry is
//!   `equivalent`.
//! - *Partly*: not carried over, but some mapped source clause is addressed
//!   at least in part, whatever the relation: a `partial` entry, or a
//!   `related` one (which never counts as addressed), or some of several
//!   sources.
//! - *Open*: mapped, but nothing mapped is addressed in the source either.
//! - *New*: nothing maps to it.
//! - Excluded (not applicable) source clauses are not addressed: an
//!   exclusion does not carry over, it must be justified again.
//! - A target parent: carried over when all its requirements are, new when
//!   all are new, partly when some are carried over or partly, open otherwise.
//!
//! Computes only; no pages, no diagnostics.

use serde::Serialize;

use crate::analysis::coverage::{ClauseStatus, RefState, StandardCoverage};
use crate::parse::catalog::Catalog;
use crate::parse::crosswalk::{Crosswalk, Mapping, Relation};

/// What a source's coverage predicts for a target clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Predicted {
    /// Every mapped source clause addressed, every mapping equivalent.
    CarriedOver,
    /// Some of it addressed through the mapped source clauses.
    Partly,
    /// Mapped, but not addressed in the source either.
    Open,
    /// Nothing maps to it.
    New,
}

impl Predicted {
    /// The words shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Predicted::CarriedOver => "carried over",
            Predicted::Partly => "partly",
            Predicted::Open => "open",
            Predicted::New => "new",
        }
    }
}

/// A source clause mapped to a target clause, with its coverage.
#[derive(Debug, Clone)]
pub struct MappedSource {
    /// Index into the source catalog.
    pub clause: usize,
    /// The entry's relation.
    pub relation: Relation,
    /// Its coverage status in the source.
    pub status: ClauseStatus,
    /// Whether it counts as addressed (addressed, or a parent with every
    /// applicable requirement addressed).
    pub addressed: bool,
    /// Whether some of it is addressed (itself, or some requirement under it).
    pub some_addressed: bool,
    /// Documents (indexes into the handbook) whose approved, effective tags
    /// address it or a clause under it, without repeats, in handbook order.
    pub documents: Vec<usize>,
}

/// One target clause and what the source predicts for it.
#[derive(Debug, Clone)]
pub struct TransitionRow {
    /// Index into the target catalog.
    pub clause: usize,
    /// The mapped source clauses (requirements: own or inherited entries;
    /// parents: their own entries only).
    pub sources: Vec<MappedSource>,
    /// The ancestor whose entries a requirement inherits, when it has none of its own.
    pub inherited_from: Option<String>,
    /// The prediction.
    pub predicted: Predicted,
    /// For parents: (requirements carried over, requirements).
    pub rollup: Option<(usize, usize)>,
}

/// How many target requirements fall in each prediction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TransitionSummary {
    /// Target requirements (leaves).
    pub requirements: usize,
    /// Carried over.
    pub carried_over: usize,
    /// Partly.
    pub partly: usize,
    /// Open.
    pub open: usize,
    /// New.
    pub new: usize,
    /// carried_over / requirements × 100, one decimal.
    pub percent: f64,
}

/// The predicted coverage of a target standard through one crosswalk.
#[derive(Debug, Clone)]
pub struct Transition {
    /// Source catalog key.
    pub from: String,
    /// Target catalog key.
    pub to: String,
    /// One row per target clause, in catalog order.
    pub rows: Vec<TransitionRow>,
    /// The figures.
    pub summary: TransitionSummary,
}

/// Predicts `target`'s coverage from the `source` coverage through `crosswalk`.
pub fn predict(
    crosswalk: &Crosswalk,
    source: &Catalog,
    coverage: &StandardCoverage,
    target: &Catalog,
) -> Transition {
    let n = target.clauses.len();
    let mut own: Vec<Vec<&Mapping>> = vec![Vec::new(); n];
    for m in &crosswalk.mappings {
        if let Some(i) = target.get(&m.target) {
            own[i].push(m);
        }
    }
    let mapped = |ms: &[&Mapping]| -> Vec<MappedSource> {
        let mut out: Vec<MappedSource> = Vec::new();
        for m in ms {
            for s in &m.sources {
                let Some(i) = source.get(s) else { continue };
                if out
                    .iter()
                    .any(|o| o.clause == i && o.relation == m.relation)
                {
                    continue;
                }
                out.push(mapped_source(source, coverage, i, m.relation));
            }
        }
        out
    };
    let mut rows: Vec<TransitionRow> = Vec::with_capacity(n);
    for (i, c) in target.clauses.iter().enumerate() {
        if !c.is_leaf() {
            rows.push(TransitionRow {
                clause: i,
                sources: mapped(&own[i]),
                inherited_from: None,
                predicted: Predicted::New,
                rollup: None,
            });
            continue;
        }
        let mut inherited_from = None;
        let mut entries = own[i].clone();
        if entries.is_empty() {
            let mut p = c.parent;
            while let Some(a) = p {
                if !own[a].is_empty() {
                    entries = own[a].clone();
                    inherited_from = Some(target.clauses[a].id.clone());
                    break;
                }
                p = target.clauses[a].parent;
            }
        }
        let sources = mapped(&entries);
        let predicted = leaf_prediction(&sources);
        rows.push(TransitionRow {
            clause: i,
            sources,
            inherited_from,
            predicted,
            rollup: None,
        });
    }
    // Parents, from their requirements.
    for i in 0..n {
        if target.clauses[i].is_leaf() {
            continue;
        }
        let leaves = target.leaves_under(i);
        let of = |p: Predicted| leaves.iter().filter(|&&l| rows[l].predicted == p).count();
        let (carried, partly, new) = (
            of(Predicted::CarriedOver),
            of(Predicted::Partly),
            of(Predicted::New),
        );
        rows[i].predicted = if carried == leaves.len() {
            Predicted::CarriedOver
        } else if new == leaves.len() {
            Predicted::New
        } else if carried + partly > 0 {
            Predicted::Partly
        } else {
            Predicted::Open
        };
        rows[i].rollup = Some((carried, leaves.len()));
    }
    let mut summary = TransitionSummary::default();
    for r in rows.iter().filter(|r| target.clauses[r.clause].is_leaf()) {
        summary.requirements += 1;
        match r.predicted {
            Predicted::CarriedOver => summary.carried_over += 1,
            Predicted::Partly => summary.partly += 1,
            Predicted::Open => summary.open += 1,
            Predicted::New => summary.new += 1,
        }
    }
    summary.percent = if summary.requirements == 0 {
        0.0
    } else {
        (summary.carried_over as f64 * 1000.0 / summary.requirements as f64).round() / 10.0
    };
    Transition {
        from: crosswalk.from.clone(),
        to: crosswalk.to.clone(),
        rows,
        summary,
    }
}

/// The prediction for a target requirement from its mapped sources.
fn leaf_prediction(sources: &[MappedSource]) -> Predicted {
    if sources.is_empty() {
        Predicted::New
    } else if sources
        .iter()
        .all(|s| s.addressed && s.relation == Relation::Equivalent)
    {
        Predicted::CarriedOver
    } else if sources.iter().any(|s| s.some_addressed) {
        Predicted::Partly
    } else {
        Predicted::Open
    }
}

/// Source clause `i` with its coverage.
fn mapped_source(
    source: &Catalog,
    coverage: &StandardCoverage,
    i: usize,
    relation: Relation,
) -> MappedSource {
    let row = coverage.rows.iter().find(|r| r.clause == i);
    let status = row.map_or(ClauseStatus::Gap, |r| r.status);
    let (addressed, some_addressed) = match row {
        Some(r) => match (r.status, r.rollup) {
            (ClauseStatus::Addressed, _) => (true, true),
            (_, Some((done, _))) => (false, done > 0),
            _ => (false, false),
        },
        None => (false, false),
    };
    let mut documents: Vec<usize> = Vec::new();
    for r in &coverage.rows {
        if !source.is_within(r.clause, i) {
            continue;
        }
        documents.extend(
            r.refs
                .iter()
                .filter(|d| d.state == RefState::Counts)
                .map(|d| d.doc),
        );
    }
    // Sorted, then each once: a broad clause gathers thousands of documents
    // from its sub-clauses (a `contains` check per document was quadratic).
    documents.sort_unstable();
    documents.dedup();
    MappedSource {
        clause: i,
        relation,
        status,
        addressed,
        some_addressed,
        documents,
    }
}

/// The combined status of one standard's clauses for one row of the
/// harmonized table: addressed when every one is, not applicable when every
/// one is, a gap when none is addressed or planned, planned when only planned,
/// partial otherwise. `None` for no clauses.
pub fn combined_status(coverage: &StandardCoverage, clauses: &[usize]) -> Option<ClauseStatus> {
    let statuses: Vec<ClauseStatus> = clauses
        .iter()
        .filter_map(|&i| coverage.rows.iter().find(|r| r.clause == i))
        .map(|r| r.status)
        .collect();
    if statuses.is_empty() {
        return None;
    }
    let applicable: Vec<ClauseStatus> = statuses
        .iter()
        .copied()
        .filter(|s| *s != ClauseStatus::NotApplicable)
        .collect();
    Some(if applicable.is_empty() {
        ClauseStatus::NotApplicable
    } else if applicable.iter().all(|s| *s == ClauseStatus::Addressed) {
        ClauseStatus::Addressed
    } else if applicable.iter().all(|s| *s == ClauseStatus::Gap) {
        ClauseStatus::Gap
    } else if applicable.iter().all(|s| *s == ClauseStatus::Planned) {
        ClauseStatus::Planned
    } else {
        ClauseStatus::Partial
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(relation: Relation, addressed: bool, some: bool) -> MappedSource {
        MappedSource {
            clause: 0,
            relation,
            status: if addressed {
                ClauseStatus::Addressed
            } else {
                ClauseStatus::Gap
            },
            addressed,
            some_addressed: some,
            documents: Vec::new(),
        }
    }

    #[test]
    fn predictions_never_overstate() {
        use Relation::*;
        assert_eq!(leaf_prediction(&[]), Predicted::New);
        assert_eq!(
            leaf_prediction(&[source(Equivalent, true, true)]),
            Predicted::CarriedOver
        );
        // Every source must be addressed, every mapping equivalent.
        assert_eq!(
            leaf_prediction(&[
                source(Equivalent, true, true),
                source(Equivalent, false, false)
            ]),
            Predicted::Partly
        );
        assert_eq!(
            leaf_prediction(&[source(Partial, true, true)]),
            Predicted::Partly
        );
        assert_eq!(
            leaf_prediction(&[source(Related, true, true)]),
            Predicted::Partly
        );
        assert_eq!(
            leaf_prediction(&[source(Equivalent, true, true), source(Related, true, true)]),
            Predicted::Partly
        );
        // A parent source partly addressed: partly, never carried over.
        assert_eq!(
            leaf_prediction(&[source(Equivalent, false, true)]),
            Predicted::Partly
        );
        assert_eq!(
            leaf_prediction(&[source(Equivalent, false, false)]),
            Predicted::Open
        );
    }
}
