//! What the transition pages, `qmsbook matrix --via` and the integrated
//! management system page show: [`crate::analysis::transition`]'s
//! predictions as plain records (target clauses with the source clauses and
//! documents behind them), their CSV, JSON and terminal forms, and the
//! harmonized clauses side by side for every standard in scope.
//!
//! Plain data, CSV, JSON and text; never HTML.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::coverage::{ClauseStatus, Coverage};
use crate::analysis::transition::{self, Predicted, Transition, TransitionSummary};
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::parse::crosswalk::{Crosswalk, Relation};
use crate::views::csv::csv_string;

/// Version of the JSON export schema of a transition.
pub const TRANSITION_SCHEMA: &str = "qmsbook-transition/1";

/// A catalog as a transition names it.
#[derive(Debug, Clone, Serialize)]
pub struct StandardName {
    /// Catalog key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Full title.
    pub title: String,
    /// The draft banner, for a catalog built on a draft.
    pub draft: Option<String>,
    /// Whether the standard is in scope (its clause pages exist).
    pub in_scope: bool,
}

/// A document that addresses a source clause.
#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    /// Document ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its page, relative to the site root; `None` when not published.
    pub url: Option<String>,
}

/// A source clause mapped to a target clause.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRecord {
    /// Clause id in the source.
    pub id: String,
    /// Its heading or label.
    pub heading: String,
    /// The mapping's relation.
    pub relation: Relation,
    /// Its coverage status in the source.
    pub status: ClauseStatus,
    /// That status in words.
    pub status_label: &'static str,
    /// Its clause page, relative to the site root.
    pub url: String,
    /// The approved, effective documents that address it (or a clause under
    /// it); the JSON export lists their IDs (titles and pages once, in its
    /// `documents` table).
    #[serde(serialize_with = "doc_ids")]
    pub documents: Vec<Arc<DocLink>>,
}

/// One target clause and its prediction.
#[derive(Debug, Clone, Serialize)]
pub struct TransitionClause {
    /// Clause id in the target.
    pub id: String,
    /// Heading or label.
    pub heading: String,
    /// 1 for top-level clauses.
    pub level: usize,
    /// Whether it is a requirement (a leaf).
    pub is_requirement: bool,
    /// carried-over | partly | open | new
    pub predicted: Predicted,
    /// The prediction in words.
    pub predicted_label: &'static str,
    /// The coverage status class it is shown with (icon and colour).
    pub shown_as: &'static str,
    /// For parents: requirements carried over.
    pub carried_over: Option<usize>,
    /// For parents: requirements under it.
    pub requirements: Option<usize>,
    /// The ancestor whose mapping a requirement inherits.
    pub inherited_from: Option<String>,
    /// The mapped source clauses.
    pub sources: Vec<SourceRecord>,
    /// The documents of all its source clauses, once each, by ID.
    #[serde(serialize_with = "doc_ids")]
    pub documents: Vec<Arc<DocLink>>,
    /// The target's clause page when the target is in scope.
    pub url: Option<String>,
    /// Its coverage status in the target itself, when the target is in scope
    /// too (a transition under way): what the handbook already tags.
    pub now: Option<ClauseStatus>,
}

/// A transition, ready to show or export.
#[derive(Debug, Clone, Serialize)]
pub struct TransitionRecord {
    /// The source standard (in scope).
    pub from: StandardName,
    /// The target standard.
    pub to: StandardName,
    /// Where the crosswalk comes from, in words.
    pub crosswalk: String,
    /// The figures over the target's requirements.
    pub summary: TransitionSummary,
    /// Every target clause, in catalog order.
    pub clauses: Vec<TransitionClause>,
    /// The page, relative to the site root.
    pub url: String,
}

fn standard_name(hb: &Handbook, key: &str) -> StandardName {
    let c = hb.catalogs.get(key);
    StandardName {
        key: key.to_string(),
        name: c.map_or_else(|| key.to_string(), |c| c.name.clone()),
        title: c.map(|c| c.title.clone()).unwrap_or_default(),
        draft: c.and_then(|c| c.draft.clone()),
        in_scope: hb.scope.iter().any(|k| k == key),
    }
}

/// The coverage class a prediction is shown with.
fn shown_as(p: Predicted) -> &'static str {
    match p {
        Predicted::CarriedOver => "addressed",
        Predicted::Partly => "partial",
        Predicted::Open | Predicted::New => "gap",
    }
}

/// Serializes documents as their IDs: a transition names the same document
/// under many clauses, so the JSON export describes each one once.
fn doc_ids<S: serde::Serializer>(docs: &[Arc<DocLink>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(docs.iter().map(|d| &d.id))
}

/// How many documents a clause of a transition page lists; the source
/// clauses' pages list them all.
pub const PAGE_DOCUMENTS: usize = 12;

/// A transition as its page shows it: each clause's documents cut to
/// [`PAGE_DOCUMENTS`] (with how many more), the source clauses without their
/// document lists, so a page stays light in a large handbook.
#[derive(Debug, Serialize)]
pub struct TransitionPage<'a> {
    /// The source standard.
    pub from: &'a StandardName,
    /// The target standard.
    pub to: &'a StandardName,
    /// Where the crosswalk comes from.
    pub crosswalk: &'a str,
    /// The figures.
    pub summary: &'a TransitionSummary,
    /// The page, relative to the site root.
    pub url: &'a str,
    /// Every target clause.
    pub clauses: Vec<PageClause<'a>>,
}

/// A target clause on a transition page.
#[derive(Debug, Serialize)]
pub struct PageClause<'a> {
    /// Clause id in the target.
    pub id: &'a str,
    /// Heading or label.
    pub heading: &'a str,
    /// 1 for top-level clauses.
    pub level: usize,
    /// Whether it is a requirement.
    pub is_requirement: bool,
    /// The prediction in words.
    pub predicted_label: &'static str,
    /// The coverage status class it is shown with.
    pub shown_as: &'static str,
    /// For parents: requirements carried over.
    pub carried_over: Option<usize>,
    /// For parents: requirements under it.
    pub requirements: Option<usize>,
    /// The ancestor whose mapping a requirement inherits.
    pub inherited_from: Option<&'a str>,
    /// The mapped source clauses.
    pub sources: Vec<PageSource<'a>>,
    /// The first [`PAGE_DOCUMENTS`] documents.
    pub documents: Vec<&'a DocLink>,
    /// How many more there are.
    pub more_documents: usize,
    /// The target's clause page.
    pub url: Option<&'a str>,
    /// Its coverage status in the target itself.
    pub now: Option<ClauseStatus>,
}

/// A source clause on a transition page.
#[derive(Debug, Serialize)]
pub struct PageSource<'a> {
    /// Clause id in the source.
    pub id: &'a str,
    /// Its heading.
    pub heading: &'a str,
    /// The mapping's relation.
    pub relation: Relation,
    /// Its status in words.
    pub status_label: &'static str,
    /// Its clause page.
    pub url: &'a str,
}

impl<'a> TransitionPage<'a> {
    /// The page of `r`.
    pub fn of(r: &'a TransitionRecord) -> Self {
        TransitionPage {
            from: &r.from,
            to: &r.to,
            crosswalk: &r.crosswalk,
            summary: &r.summary,
            url: &r.url,
            clauses: r
                .clauses
                .iter()
                .map(|c| {
                    let shown = c.documents.len().min(PAGE_DOCUMENTS);
                    PageClause {
                        id: &c.id,
                        heading: &c.heading,
                        level: c.level,
                        is_requirement: c.is_requirement,
                        predicted_label: c.predicted_label,
                        shown_as: c.shown_as,
                        carried_over: c.carried_over,
                        requirements: c.requirements,
                        inherited_from: c.inherited_from.as_deref(),
                        sources: c
                            .sources
                            .iter()
                            .map(|s| PageSource {
                                id: &s.id,
                                heading: &s.heading,
                                relation: s.relation,
                                status_label: s.status_label,
                                url: &s.url,
                            })
                            .collect(),
                        documents: c.documents[..shown].iter().map(|d| &**d).collect(),
                        more_documents: c.documents.len() - shown,
                        url: c.url.as_deref(),
                        now: c.now,
                    }
                })
                .collect(),
        }
    }
}

/// A transition without its clauses, for the list of transitions.
#[derive(Debug, Serialize)]
pub struct TransitionHead<'a> {
    /// The source standard.
    pub from: &'a StandardName,
    /// The target standard.
    pub to: &'a StandardName,
    /// The figures.
    pub summary: &'a TransitionSummary,
    /// The page, relative to the site root.
    pub url: &'a str,
}

impl<'a> TransitionHead<'a> {
    /// The head of `r`.
    pub fn of(r: &'a TransitionRecord) -> Self {
        TransitionHead {
            from: &r.from,
            to: &r.to,
            summary: &r.summary,
            url: &r.url,
        }
    }
}

/// Whether the handbook has a transition page: a crosswalk from a standard
/// in `coverage` to a known catalog.
pub fn has_transitions(hb: &Handbook, coverage: &Coverage) -> bool {
    coverage.standards.iter().any(|s| {
        hb.crosswalks
            .from_source(&s.key)
            .any(|x| hb.catalogs.get(&x.to).is_some())
    })
}

/// Whether the handbook has the integrated view: two or more harmonized
/// standards in `coverage`.
pub fn has_integrated(hb: &Handbook, coverage: &Coverage) -> bool {
    let h = &hb.crosswalks.harmonized;
    coverage
        .standards
        .iter()
        .filter(|s| h.standards.contains(&s.key))
        .count()
        >= 2
}

fn doc_link(d: &crate::model::handbook::Document) -> DocLink {
    DocLink {
        id: d.id().to_string(),
        title: d.meta.title.clone(),
        url: d.published.then(|| d.url.clone()),
    }
}

/// Every document's link, made once and shared by every clause of every
/// transition that names the document, with each document's rank in ID
/// order (a large handbook names each document under many clauses).
struct DocTable {
    links: Vec<Arc<DocLink>>,
    rank: Vec<usize>,
}

impl DocTable {
    fn new(hb: &Handbook) -> DocTable {
        let links: Vec<Arc<DocLink>> = hb.documents.iter().map(|d| Arc::new(doc_link(d))).collect();
        let mut order: Vec<usize> = (0..links.len()).collect();
        order.sort_by(|&a, &b| links[a].id.cmp(&links[b].id));
        let mut rank = vec![0; links.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        DocTable { links, rank }
    }
}

/// The record of one transition, its documents linked from `table`.
fn transition_record(
    hb: &Handbook,
    coverage: &Coverage,
    t: &Transition,
    crosswalk: &Crosswalk,
    table: &DocTable,
) -> Option<TransitionRecord> {
    let source = hb.catalogs.get(&t.from)?;
    let target = hb.catalogs.get(&t.to)?;
    let to = standard_name(hb, &t.to);
    // Each target clause's status in the target's own coverage, by clause.
    let mut now: Vec<Option<ClauseStatus>> = vec![None; target.clauses.len()];
    for row in coverage.get(&t.to).map_or(&[][..], |cov| &cov.rows[..]) {
        if let Some(slot) = now.get_mut(row.clause) {
            slot.get_or_insert(row.status);
        }
    }
    let clauses = t
        .rows
        .iter()
        .map(|r| {
            let c = &target.clauses[r.clause];
            let sources = r
                .sources
                .iter()
                .map(|s| {
                    let sc = &source.clauses[s.clause];
                    SourceRecord {
                        id: sc.id.clone(),
                        heading: sc.heading().to_string(),
                        relation: s.relation,
                        status: s.status,
                        status_label: s.status.label(),
                        url: urls::clause(&source.key, &sc.id),
                        documents: s
                            .documents
                            .iter()
                            .filter_map(|&d| table.links.get(d).cloned())
                            .collect(),
                    }
                })
                .collect::<Vec<SourceRecord>>();
            let mut union: Vec<usize> = r
                .sources
                .iter()
                .flat_map(|s| s.documents.iter().copied())
                .collect();
            // By ID (each index has its own rank, so equal ones are adjacent).
            union.retain(|&d| d < table.links.len());
            union.sort_unstable_by_key(|&d| table.rank[d]);
            union.dedup();
            let documents: Vec<Arc<DocLink>> = union
                .into_iter()
                .map(|d| Arc::clone(&table.links[d]))
                .collect();
            TransitionClause {
                id: c.id.clone(),
                heading: c.heading().to_string(),
                level: c.depth + 1,
                is_requirement: c.is_leaf(),
                predicted: r.predicted,
                predicted_label: r.predicted.label(),
                shown_as: shown_as(r.predicted),
                carried_over: r.rollup.map(|(k, _)| k),
                requirements: r.rollup.map(|(_, n)| n),
                inherited_from: r.inherited_from.clone(),
                sources,
                documents,
                url: to.in_scope.then(|| urls::clause(&target.key, &c.id)),
                now: now.get(r.clause).copied().flatten(),
            }
        })
        .collect();
    Some(TransitionRecord {
        from: standard_name(hb, &t.from),
        to,
        crosswalk: crosswalk.origin.describe(),
        summary: t.summary,
        clauses,
        url: urls::transition(&t.from, &t.to),
    })
}

/// The transitions the handbook has: one per crosswalk whose source is in
/// scope, to every known target, by source (scope order) then target key.
pub fn transition_records(hb: &Handbook, coverage: &Coverage) -> Vec<TransitionRecord> {
    let pairs: Vec<(&str, &str)> = coverage
        .standards
        .iter()
        .flat_map(|s| {
            hb.crosswalks
                .from_source(&s.key)
                .map(move |x| (s.key.as_str(), x.to.as_str()))
        })
        .collect();
    let table = DocTable::new(hb);
    pairs
        .par_iter()
        .filter_map(|&(source, target)| via_with(hb, coverage, target, source, &table))
        .collect()
}

/// The predicted coverage of `target` through the crosswalk from `source`
/// (in scope); `None` when there is no such crosswalk or `source` is not in scope.
pub fn via(
    hb: &Handbook,
    coverage: &Coverage,
    target: &str,
    source: &str,
) -> Option<TransitionRecord> {
    via_with(hb, coverage, target, source, &DocTable::new(hb))
}

fn via_with(
    hb: &Handbook,
    coverage: &Coverage,
    target: &str,
    source: &str,
    table: &DocTable,
) -> Option<TransitionRecord> {
    let x = hb.crosswalks.get(source, target)?;
    let cov = coverage.get(source)?;
    let source_catalog = hb.catalogs.get(source)?;
    let target_catalog = hb.catalogs.get(target)?;
    let t = transition::predict(x, source_catalog, cov, target_catalog);
    transition_record(hb, coverage, &t, x, table)
}

/// The figure in words: `ISO 13485:2016 via ISO 9001:2015: 21 of 72 requirements carried over (29.2%)`.
pub fn transition_headline(r: &TransitionRecord) -> String {
    let s = &r.summary;
    format!(
        "{} via {}: {} of {} requirements carried over ({:.1}%); {} partly, {} open, {} new",
        r.to.name, r.from.name, s.carried_over, s.requirements, s.percent, s.partly, s.open, s.new
    )
}

/// The JSON export (schema `qmsbook-transition/1`): the record, its clauses
/// naming documents by ID, and a `documents` table (ID → title and page)
/// describing each of them once.
pub fn transition_json(r: &TransitionRecord, build_date: &str) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        schema: &'static str,
        build_date: &'a str,
        #[serde(flatten)]
        record: &'a TransitionRecord,
        documents: std::collections::BTreeMap<&'a str, DocEntry<'a>>,
    }
    #[derive(Serialize)]
    struct DocEntry<'a> {
        title: &'a str,
        url: Option<&'a str>,
    }
    let documents = r
        .clauses
        .iter()
        .flat_map(|c| &c.documents)
        .map(|d| {
            (
                d.id.as_str(),
                DocEntry {
                    title: &d.title,
                    url: d.url.as_deref(),
                },
            )
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&Export {
        schema: TRANSITION_SCHEMA,
        build_date,
        record: r,
        documents,
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The CSV export: one row per target clause.
pub fn transition_csv(r: &TransitionRecord) -> String {
    csv_string(
        &[
            "id",
            "heading",
            "level",
            "requirement",
            "predicted",
            "source_clauses",
            "relations",
            "documents",
        ],
        r.clauses.iter().map(|c| {
            let docs: Vec<String> = c.documents.iter().map(|d| d.id.clone()).collect();
            vec![
                c.id.clone(),
                c.heading.clone(),
                c.level.to_string(),
                if c.is_requirement { "yes" } else { "no" }.to_string(),
                c.predicted_label.to_string(),
                c.sources
                    .iter()
                    .map(|s| s.id.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                c.sources
                    .iter()
                    .map(|s| s.relation.label())
                    .collect::<Vec<_>>()
                    .join(" "),
                docs.join(" "),
            ]
        }),
    )
}

/// The predicted matrix as a plain-text table for the terminal.
pub fn transition_table(r: &TransitionRecord) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if let Some(d) = &r.to.draft {
        let _ = writeln!(out, "{d}");
    }
    let _ = writeln!(
        out,
        "{}\n(crosswalk: {})\n",
        transition_headline(r),
        r.crosswalk
    );
    let _ = writeln!(
        out,
        "{:<14} {:<18} {:<40} FROM {}",
        "CLAUSE", "PREDICTED", "HEADING", r.from.name
    );
    for c in &r.clauses {
        let indent = "  ".repeat(c.level.saturating_sub(1));
        let predicted = match (c.carried_over, c.requirements) {
            (Some(k), Some(n)) => format!("{} {k}/{n}", c.predicted_label),
            _ => c.predicted_label.to_string(),
        };
        let mut heading: String = c.heading.chars().take(39).collect();
        if c.heading.chars().count() > 39 {
            heading.pop();
            heading.push('…');
        }
        let sources: Vec<String> = c
            .sources
            .iter()
            .map(|s| match s.relation {
                Relation::Equivalent => format!("{} ({})", s.id, s.status_label),
                rel => format!("{} ({}; {} mapping)", s.id, s.status_label, rel.label()),
            })
            .collect();
        let _ = writeln!(
            out,
            "{:<14} {:<18} {:<40} {}",
            format!("{indent}{}", c.id),
            predicted,
            heading,
            sources.join(", ")
        );
    }
    out
}

/// One standard's cell in a row of the integrated view.
#[derive(Debug, Clone, Serialize)]
pub struct IntegratedCell {
    /// Catalog key.
    pub key: String,
    /// The standard's clauses for the row, with their pages.
    pub clauses: Vec<ClauseLink>,
    /// Their combined status; `None` when the standard has no clause for the row.
    pub status: Option<ClauseStatus>,
    /// That status in words (`none` without clauses).
    pub status_label: &'static str,
}

/// A clause and its page.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseLink {
    /// Clause id.
    pub id: String,
    /// Its page, relative to the site root.
    pub url: String,
}

/// One harmonized clause, every in-scope standard side by side.
#[derive(Debug, Clone, Serialize)]
pub struct IntegratedRow {
    /// The harmonized-structure clause number.
    pub id: String,
    /// Its generic heading.
    pub title: String,
    /// One cell per standard, in the order of [`Integrated::standards`].
    pub cells: Vec<IntegratedCell>,
}

/// The integrated management system view.
#[derive(Debug, Clone, Serialize)]
pub struct Integrated {
    /// The harmonized standards in scope, in scope order.
    pub standards: Vec<StandardName>,
    /// One row per harmonized clause 4.1–10.2.
    pub rows: Vec<IntegratedRow>,
}

/// The integrated view, when two or more harmonized standards are in scope.
pub fn integrated(hb: &Handbook, coverage: &Coverage) -> Option<Integrated> {
    let h = &hb.crosswalks.harmonized;
    if !has_integrated(hb, coverage) {
        return None;
    }
    let keys: Vec<&str> = coverage
        .standards
        .iter()
        .map(|s| s.key.as_str())
        .filter(|k| h.standards.iter().any(|s| s == k))
        .collect();
    let rows = h
        .rows
        .iter()
        .map(|row| IntegratedRow {
            id: row.id.clone(),
            title: row.title.clone(),
            cells: keys
                .iter()
                .map(|&k| {
                    let ids = row.cells.get(k).cloned().unwrap_or_default();
                    let catalog = hb.catalogs.get(k);
                    let idx: Vec<usize> = ids
                        .iter()
                        .filter_map(|i| catalog.and_then(|c| c.get(i)))
                        .collect();
                    let status = coverage
                        .get(k)
                        .and_then(|cov| transition::combined_status(cov, &idx));
                    IntegratedCell {
                        key: k.to_string(),
                        clauses: ids
                            .iter()
                            .map(|i| ClauseLink {
                                id: i.clone(),
                                url: urls::clause(k, i),
                            })
                            .collect(),
                        status,
                        status_label: status.map_or("none", ClauseStatus::label),
                    }
                })
                .collect(),
        })
        .collect();
    Some(Integrated {
        standards: keys.iter().map(|k| standard_name(hb, k)).collect(),
        rows,
    })
}
