//! Coverage records: each standard in scope with its clauses, their status
//! and the documents that tag them, computed from [`Coverage`] and the
//! [`Handbook`]; and what the coverage pages, the CSV and JSON exports and
//! the terminal's matrix show of them (standard heads, the gaps list, the
//! cross-reference grid).
//!
//! Records are plain data; this module formats CSV, JSON and plain text but
//! never HTML (that is [`crate::render`]'s job).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::coverage::{
    ClauseStatus, Coverage, Exclusion, RefState, StandardCoverage, Summary,
};
use crate::model::handbook::{Document, Handbook};
use crate::model::reviews::{ReviewState, review};
use crate::model::urls;
use crate::parse::catalog::Catalog;
use crate::parse::front_matter::Status;
use crate::views::csv::csv_string;

/// Version of the JSON export schema; bumped on incompatible changes.
pub const COVERAGE_SCHEMA: &str = "qmsbook-coverage/1";

/// A document that tags a clause.
#[derive(Debug, Clone, Serialize)]
pub struct RefRecord {
    /// Document ID.
    pub id: String,
    /// Document title.
    pub title: String,
    /// Document status.
    pub status: &'static str,
    /// Whether this tag counts toward coverage.
    pub counts: bool,
    /// Why it counts or not: counts, draft, in-review, not-yet-effective, no-effective-date.
    pub state: RefState,
    /// It counts, but the document is past its review date.
    pub review_overdue: bool,
    /// Heading id of the tagged section, for section-level tags.
    pub section: Option<String>,
    /// Heading text of the tagged section.
    pub section_title: Option<String>,
    /// Page URL (with the section anchor), relative to the site root; `null` when the document is not published.
    pub url: Option<String>,
}

/// Requirements addressed out of those that apply.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rollup {
    /// Requirements addressed.
    pub addressed: usize,
    /// Requirements that apply.
    pub applicable: usize,
    /// Of the addressed ones, those addressed only by documents past their
    /// review date.
    pub review_overdue: usize,
    /// What is counted: `items` (the lettered items of a numbered
    /// requirement) or `requirements` (the numbered requirements under a
    /// heading).
    pub of: &'static str,
}

/// The amendment that added a clause, as shown beside it.
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentMark {
    /// Amendment key, e.g. `amd1-2024`.
    pub key: String,
    /// Short label, e.g. `Amd 1:2024`.
    pub title: String,
}

/// A note of the standard on a clause: shown, never counted.
#[derive(Debug, Clone, Serialize)]
pub struct NoteRecord {
    /// Our short label of the note.
    pub label: String,
    /// The amendment that added it.
    pub amendment: Option<AmendmentMark>,
}

/// The word of the state "addressed, review overdue".
pub const REVIEW_OVERDUE_LABEL: &str = "addressed, review overdue";

/// One clause with its coverage.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseRecord {
    /// Clause id.
    pub id: String,
    /// Heading, else label.
    pub heading: String,
    /// 1 for top-level clauses.
    pub level: usize,
    /// Parent clause id.
    pub parent: Option<String>,
    /// Child clause ids.
    pub children: Vec<String>,
    /// Whether tags address this clause itself (a leaf of the clause tree,
    /// amendment items set aside).
    pub is_requirement: bool,
    /// Whether the headline figure counts this clause: a numbered
    /// requirement (a leaf that is not a lettered item, or a numbered clause
    /// with lettered items).
    pub counted: bool,
    /// A lettered item (`5.1.1.a`) or sub-item (`9.3.2.c.1`).
    pub is_item: bool,
    /// The amendment that added this clause (`4.1.climate`).
    pub amendment: Option<AmendmentMark>,
    /// Notes of the standard on this clause (never counted).
    pub notes: Vec<NoteRecord>,
    /// addressed | partial | planned | gap | not-applicable
    pub status: ClauseStatus,
    /// The status shown: `status`, or `addressed-review-overdue` for an
    /// addressed clause whose requirement (or one of whose requirements)
    /// rests only on documents past their review date.
    pub state: &'static str,
    /// The shown status in words ("addressed, review overdue" for that state).
    pub status_label: &'static str,
    /// Requirements addressed only by documents past their review date: 1 or
    /// 0 for a requirement, a count for a parent.
    pub review_overdue: usize,
    /// For parents: k of n requirements addressed.
    pub rollup: Option<Rollup>,
    /// Exclusion and its justification.
    pub not_applicable: Option<Exclusion>,
    /// Documents that tag this clause directly.
    pub documents: Vec<RefRecord>,
    /// How many documents that tag this clause directly are left out of
    /// `documents` because they are not published (see
    /// [`StandardRecord::published_only`]); 0 otherwise.
    pub in_preparation: usize,
    /// The clause page, relative to the site root.
    pub url: String,
}

/// Coverage of one top-level clause, for the compact chart.
#[derive(Debug, Clone, Serialize)]
pub struct TopLevel {
    /// Clause id.
    pub id: String,
    /// Heading.
    pub heading: String,
    /// Requirements addressed.
    pub addressed: usize,
    /// Of them, addressed only by documents past their review date.
    pub review_overdue: usize,
    /// Numbered requirements with some, not all, lettered items addressed.
    pub partial: usize,
    /// Requirements planned.
    pub planned: usize,
    /// Gaps.
    pub gaps: usize,
    /// Requirements that apply.
    pub applicable: usize,
    /// Requirements not applicable.
    pub not_applicable: usize,
    /// addressed / applicable in percent, rounded.
    pub percent: u32,
}

/// One standard's coverage, ready to show or export.
#[derive(Debug, Clone, Serialize)]
pub struct StandardRecord {
    /// Catalog key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Full title.
    pub title: String,
    /// The banner of a catalog built on a draft of the standard.
    pub draft: Option<String>,
    /// The figure.
    pub summary: Summary,
    /// Every clause, in catalog order.
    pub clauses: Vec<ClauseRecord>,
    /// Per top-level clause.
    pub top_level: Vec<TopLevel>,
    /// Whether parent tags count for their sub-clauses in this build.
    pub parent_tags_cover_children: bool,
}

/// The record of a tag by `d` (on `section`, when set) in `state`.
pub fn ref_record(d: &Document, section: &Option<(String, String)>, state: RefState) -> RefRecord {
    let url = d.published.then(|| match section {
        Some((anchor, _)) => format!("{}#{anchor}", d.url),
        None => d.url.clone(),
    });
    RefRecord {
        id: d.id().to_string(),
        title: d.meta.title.clone(),
        status: d.meta.status.as_str(),
        counts: state == RefState::Counts,
        state,
        review_overdue: false,
        section: section.as_ref().map(|s| s.0.clone()),
        section_title: section.as_ref().map(|s| s.1.clone()),
        url,
    }
}

/// Builds the record of one standard.
pub fn standard_record(hb: &Handbook, catalog: &Catalog, cov: &StandardCoverage) -> StandardRecord {
    let clauses: Vec<ClauseRecord> = cov
        .rows
        .iter()
        .map(|row| {
            let c = &catalog.clauses[row.clause];
            let mut documents: Vec<RefRecord> = row
                .refs
                .iter()
                .map(|r| RefRecord {
                    review_overdue: r.review_overdue,
                    ..ref_record(&hb.documents[r.doc], &r.section, r.state)
                })
                .collect();
            documents.sort_by(|a, b| {
                (!a.counts, &a.id, &a.section).cmp(&(!b.counts, &b.id, &b.section))
            });
            let mark = |key: &Option<String>| {
                key.as_ref().map(|k| AmendmentMark {
                    key: k.clone(),
                    title: catalog
                        .amendment(k)
                        .map_or_else(|| k.clone(), |a| a.title.clone()),
                })
            };
            ClauseRecord {
                id: c.id.clone(),
                heading: c.heading().to_string(),
                level: c.depth + 1,
                parent: c.parent.map(|p| catalog.clauses[p].id.clone()),
                children: c
                    .children
                    .iter()
                    .map(|&ch| catalog.clauses[ch].id.clone())
                    .collect(),
                is_requirement: c.is_leaf(),
                counted: catalog.is_requirement(row.clause),
                is_item: c.is_item,
                amendment: mark(&c.amendment),
                notes: catalog
                    .notes_on(&c.id)
                    .map(|n| NoteRecord {
                        label: n.label.clone(),
                        amendment: mark(&n.amendment),
                    })
                    .collect(),
                status: row.status,
                state: shown_state(row.status, row.review_overdue),
                status_label: if stale(row.status, row.review_overdue) {
                    REVIEW_OVERDUE_LABEL
                } else {
                    row.status.label()
                },
                review_overdue: row.review_overdue,
                rollup: row.rollup.map(|(addressed, applicable)| Rollup {
                    addressed,
                    applicable,
                    review_overdue: row.review_overdue,
                    of: if catalog.has_items(row.clause) || c.is_item {
                        "items"
                    } else {
                        "requirements"
                    },
                }),
                not_applicable: row.exclusion.clone(),
                documents,
                in_preparation: 0,
                url: urls::clause(&catalog.key, &c.id),
            }
        })
        .collect();
    let top_level = catalog
        .roots()
        .map(|r| {
            let requirements = catalog.requirements_under(r);
            let count = |s: ClauseStatus| {
                requirements
                    .iter()
                    .filter(|&&l| cov.rows[l].status == s)
                    .count()
            };
            let (addressed, partial, planned, gaps, na) = (
                count(ClauseStatus::Addressed),
                count(ClauseStatus::Partial),
                count(ClauseStatus::Planned),
                count(ClauseStatus::Gap),
                count(ClauseStatus::NotApplicable),
            );
            let applicable = requirements.len() - na;
            TopLevel {
                id: catalog.clauses[r].id.clone(),
                heading: catalog.clauses[r].heading().to_string(),
                addressed,
                review_overdue: cov.rows[r].review_overdue,
                partial,
                planned,
                gaps,
                applicable,
                not_applicable: na,
                percent: (addressed * 100)
                    .checked_div(applicable)
                    .map_or(100, |p| p as u32),
            }
        })
        .collect();
    StandardRecord {
        draft: catalog.draft.clone(),
        key: catalog.key.clone(),
        name: catalog.name.clone(),
        title: catalog.title.clone(),
        summary: cov.summary,
        clauses,
        top_level,
        parent_tags_cover_children: hb.config.coverage.parent_tags_cover_children,
    }
}

/// Whether a clause is in the state "addressed, review overdue".
fn stale(status: ClauseStatus, review_overdue: usize) -> bool {
    status == ClauseStatus::Addressed && review_overdue > 0
}

/// The state a clause is shown in (see [`ClauseRecord::state`]).
fn shown_state(status: ClauseStatus, review_overdue: usize) -> &'static str {
    if stale(status, review_overdue) {
        return "addressed-review-overdue";
    }
    match status {
        ClauseStatus::Addressed => "addressed",
        ClauseStatus::Partial => "partial",
        ClauseStatus::Planned => "planned",
        ClauseStatus::Gap => "gap",
        ClauseStatus::NotApplicable => "not-applicable",
    }
}

/// The headline of a standard's figure in words: what it measures, and how
/// many of the addressed requirements rest only on documents past review.
pub fn headline(name: &str, s: &Summary) -> String {
    let mut out = format!(
        "{name}: {} of {} applicable requirements addressed by approved, effective documents ({:.1}%)",
        s.addressed, s.applicable, s.percent
    );
    if s.review_overdue > 0 {
        out.push_str(&format!(
            ", {} of them only by documents past their review date",
            s.review_overdue
        ));
    }
    out
}

impl RefRecord {
    /// Whether the document is published in this build (it has a page).
    pub fn is_published(&self) -> bool {
        self.url.is_some()
    }
}

/// Removes the documents that are not published in this build from `documents`,
/// counting each removed document once in `in_preparation`: what is published
/// never names a draft or in-review document unless drafts are published.
pub fn unpublished_left_out(documents: &mut Vec<RefRecord>) -> usize {
    let mut left_out: Vec<String> = documents
        .iter()
        .filter(|d| !d.is_published())
        .map(|d| d.id.clone())
        .collect();
    left_out.sort_unstable();
    left_out.dedup();
    documents.retain(RefRecord::is_published);
    left_out.len()
}

impl StandardRecord {
    /// The record as the site publishes it: documents that are not published
    /// (drafts and in-review documents of a build without `--drafts`) are not
    /// named, only counted in each clause's `in_preparation`. Statuses and
    /// figures are unchanged: a clause they tag is still *planned*.
    pub fn published_only(mut self) -> StandardRecord {
        for c in &mut self.clauses {
            c.in_preparation = unpublished_left_out(&mut c.documents);
        }
        self
    }
}

/// A numbered requirement with its lettered items (and their sub-items), for
/// pages that show per-item detail (the leadership page: 5.1.1, 5.1.2, 5.2.2).
#[derive(Debug, Serialize)]
pub struct ItemGroup<'a> {
    /// The numbered requirement.
    pub clause: &'a ClauseRecord,
    /// Its items and sub-items, in catalog order.
    pub items: Vec<&'a ClauseRecord>,
}

/// The numbered requirements with lettered items under the clause `under`
/// (itself included), each with its items, in catalog order.
pub fn item_groups<'a>(r: &'a StandardRecord, under: &str) -> Vec<ItemGroup<'a>> {
    let within = |id: &str, root: &str| {
        id == root
            || id
                .strip_prefix(root)
                .is_some_and(|rest| rest.starts_with('.'))
    };
    r.clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.counted && !c.is_requirement && within(&c.id, under))
        .map(|(at, c)| ItemGroup {
            clause: c,
            items: r.clauses[at + 1..]
                .iter()
                .take_while(|x| x.level > c.level)
                .filter(|x| x.is_item)
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect()
}

/// Records of every standard in scope.
pub fn standard_records(hb: &Handbook, coverage: &Coverage) -> Vec<StandardRecord> {
    coverage
        .standards
        .iter()
        .filter_map(|s| hb.catalogs.get(&s.key).map(|c| standard_record(hb, c, s)))
        .collect()
}

/// The JSON export of one standard (schema in the README).
pub fn coverage_json(record: &StandardRecord, build_date: &str) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        schema: &'static str,
        standard: StandardInfo<'a>,
        build_date: &'a str,
        rules: Rules,
        summary: &'a Summary,
        clauses: &'a [ClauseRecord],
    }
    #[derive(Serialize)]
    struct StandardInfo<'a> {
        key: &'a str,
        name: &'a str,
        title: &'a str,
    }
    #[derive(Serialize)]
    struct Rules {
        parent_tags_cover_children: bool,
    }
    let export = Export {
        schema: COVERAGE_SCHEMA,
        standard: StandardInfo {
            key: &record.key,
            name: &record.name,
            title: &record.title,
        },
        build_date,
        rules: Rules {
            parent_tags_cover_children: record.parent_tags_cover_children,
        },
        summary: &record.summary,
        clauses: &record.clauses,
    };
    let mut s =
        serde_json::to_string_pretty(&export).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The CSV export of one standard: one row per clause.
pub fn coverage_csv(record: &StandardRecord) -> String {
    csv_string(
        &[
            "id",
            "heading",
            "level",
            "requirement",
            "status",
            "addressed",
            "applicable",
            "documents",
            "sections",
            "justification",
            "in_preparation",
            "review_overdue",
            "counted",
            "amendment",
        ],
        record.clauses.iter().map(|c| {
            let (addressed, applicable) = match (c.rollup, c.is_requirement, c.status) {
                (Some(r), _, _) => (r.addressed.to_string(), r.applicable.to_string()),
                (None, true, ClauseStatus::NotApplicable) => ("0".into(), "0".into()),
                (None, true, ClauseStatus::Addressed) => ("1".into(), "1".into()),
                (None, _, _) => ("0".into(), "1".into()),
            };
            let documents: Vec<String> = {
                let mut ids: Vec<String> = c.documents.iter().map(|d| d.id.clone()).collect();
                ids.dedup();
                ids
            };
            let sections: Vec<String> = c
                .documents
                .iter()
                .filter_map(|d| d.section.as_ref().map(|s| format!("{}#{s}", d.id)))
                .collect();
            vec![
                c.id.clone(),
                c.heading.clone(),
                c.level.to_string(),
                if c.is_requirement { "yes" } else { "no" }.to_string(),
                c.status_label.to_string(),
                addressed,
                applicable,
                documents.join(" "),
                sections.join(" "),
                c.not_applicable
                    .as_ref()
                    .map(|e| e.justification.clone())
                    .unwrap_or_default(),
                c.in_preparation.to_string(),
                c.review_overdue.to_string(),
                if c.counted { "yes" } else { "no" }.to_string(),
                c.amendment
                    .as_ref()
                    .map(|a| a.title.clone())
                    .unwrap_or_default(),
            ]
        }),
    )
}

/// The matrix as a plain-text table for the terminal.
pub fn coverage_table(record: &StandardRecord, gaps_only: bool) -> String {
    use std::fmt::Write as _;
    let s = &record.summary;
    let partly = if s.partial > 0 {
        format!("{} partly addressed, ", s.partial)
    } else {
        String::new()
    };
    let mut out = format!(
        "{}; {partly}{} planned, {} gap{}, {} not applicable\n\n",
        headline(&record.name, s),
        s.planned,
        s.gaps,
        if s.gaps == 1 { "" } else { "s" },
        s.not_applicable
    );
    let _ = writeln!(
        out,
        "{:<14} {:<26} {:<46} DOCUMENTS",
        "CLAUSE", "STATUS", "HEADING"
    );
    for c in &record.clauses {
        if gaps_only && !is_open_requirement(c) {
            continue;
        }
        let indent = if gaps_only {
            String::new()
        } else {
            "  ".repeat(c.level.saturating_sub(1))
        };
        let mut status = match c.rollup {
            Some(r) if c.status != ClauseStatus::NotApplicable => {
                format!("{} {}/{}", c.status_label, r.addressed, r.applicable)
            }
            _ => c.status_label.to_string(),
        };
        if let Some(a) = &c.amendment {
            status.push_str(&format!(" [{}]", a.title));
        }
        let mut heading: String = c.heading.chars().take(45).collect();
        if c.heading.chars().count() > 45 {
            heading.pop();
            heading.push('…');
        }
        let docs: Vec<String> = c
            .documents
            .iter()
            .map(|d| {
                let name = match &d.section {
                    Some(s) => format!("{}#{s}", d.id),
                    None => d.id.clone(),
                };
                if d.counts && d.review_overdue {
                    format!("{name} (review overdue)")
                } else if d.counts {
                    name
                } else {
                    format!("{name} ({})", d.status)
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{:<14} {:<26} {:<46} {}",
            format!("{indent}{}", c.id),
            status,
            heading,
            docs.join(", ")
        );
    }
    out
}

/// A clause as pages other than the export show it: every field of its
/// [`ClauseRecord`] but the documents (a page that lists them gets them
/// grouped, as `matrix.rows` and a clause page's `documents`), so a page
/// never converts every tag of the handbook for its template.
#[derive(Debug, Serialize)]
pub struct ClauseHead<'a> {
    /// Clause id.
    pub id: &'a str,
    /// Heading, else label.
    pub heading: &'a str,
    /// 1 for top-level clauses.
    pub level: usize,
    /// Parent clause id.
    pub parent: Option<&'a str>,
    /// Child clause ids.
    pub children: &'a [String],
    /// See [`ClauseRecord::is_requirement`].
    pub is_requirement: bool,
    /// See [`ClauseRecord::counted`].
    pub counted: bool,
    /// See [`ClauseRecord::is_item`].
    pub is_item: bool,
    /// The amendment that added this clause.
    pub amendment: Option<&'a AmendmentMark>,
    /// Notes of the standard on this clause.
    pub notes: &'a [NoteRecord],
    /// addressed | partial | planned | gap | not-applicable
    pub status: ClauseStatus,
    /// See [`ClauseRecord::state`].
    pub state: &'static str,
    /// The shown status in words.
    pub status_label: &'static str,
    /// See [`ClauseRecord::review_overdue`].
    pub review_overdue: usize,
    /// For parents: k of n requirements addressed.
    pub rollup: Option<&'a Rollup>,
    /// Exclusion and its justification.
    pub not_applicable: Option<&'a Exclusion>,
    /// See [`ClauseRecord::in_preparation`].
    pub in_preparation: usize,
    /// The clause page, relative to the site root.
    pub url: &'a str,
}

impl<'a> ClauseHead<'a> {
    /// `c` without its documents.
    pub fn of(c: &'a ClauseRecord) -> Self {
        ClauseHead {
            id: &c.id,
            heading: &c.heading,
            level: c.level,
            parent: c.parent.as_deref(),
            children: &c.children,
            is_requirement: c.is_requirement,
            counted: c.counted,
            is_item: c.is_item,
            amendment: c.amendment.as_ref(),
            notes: &c.notes,
            status: c.status,
            state: c.state,
            status_label: c.status_label,
            review_overdue: c.review_overdue,
            rollup: c.rollup.as_ref(),
            not_applicable: c.not_applicable.as_ref(),
            in_preparation: c.in_preparation,
            url: &c.url,
        }
    }
}

/// A standard as the matrix page shows it: the record of the JSON export
/// with its clauses as [`ClauseHead`]s (the page's `matrix.rows` carry the
/// documents it shows).
#[derive(Debug, Serialize)]
pub struct StandardView<'a> {
    /// Name and figure.
    #[serde(flatten)]
    pub head: StandardHead<'a>,
    /// Every clause, in catalog order, without its documents.
    pub clauses: Vec<ClauseHead<'a>>,
    /// Per top-level clause.
    pub top_level: &'a [TopLevel],
    /// Whether parent tags count for their sub-clauses in this build.
    pub parent_tags_cover_children: bool,
}

impl<'a> StandardView<'a> {
    /// The view of `r`.
    pub fn of(r: &'a StandardRecord) -> Self {
        StandardView {
            head: StandardHead::of(r),
            clauses: r.clauses.iter().map(ClauseHead::of).collect(),
            top_level: &r.top_level,
            parent_tags_cover_children: r.parent_tags_cover_children,
        }
    }
}

/// A standard's name and figure, without the clause list.
#[derive(Debug, Serialize)]
pub struct StandardHead<'a> {
    /// Catalog key.
    pub key: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Full title.
    pub title: &'a str,
    /// The banner of a catalog built on a draft of the standard.
    pub draft: Option<&'a str>,
    /// The figure.
    pub summary: &'a Summary,
}

impl<'a> StandardHead<'a> {
    /// The head of `r`.
    pub fn of(r: &'a StandardRecord) -> Self {
        StandardHead {
            draft: r.draft.as_deref(),
            key: &r.key,
            name: &r.name,
            title: &r.title,
            summary: &r.summary,
        }
    }
}

/// A requirement not addressed (a gap, or only planned), with its standard.
#[derive(Debug, Serialize)]
pub struct GapRow<'a> {
    /// The standard's display name.
    pub standard: &'a str,
    /// The standard's catalog key.
    pub standard_key: &'a str,
    /// The clause.
    pub clause: &'a ClauseRecord,
}

/// Whether a clause is a requirement still open: a gap, or only planned.
fn is_open_requirement(c: &ClauseRecord) -> bool {
    c.is_requirement && matches!(c.status, ClauseStatus::Gap | ClauseStatus::Planned)
}

/// The open requirements of every standard, in catalog order.
pub fn gaps(records: &[StandardRecord]) -> Vec<GapRow<'_>> {
    records
        .iter()
        .flat_map(|r| {
            r.clauses
                .iter()
                .filter(|c| is_open_requirement(c))
                .map(move |c| GapRow {
                    standard: &r.name,
                    standard_key: &r.key,
                    clause: c,
                })
        })
        .collect()
}

/// A column of the cross-reference grid: a second-level clause (or a
/// top-level one without children).
#[derive(Debug, Serialize)]
pub struct GridColumn<'a> {
    /// Clause id.
    pub id: &'a str,
    /// Clause heading.
    pub heading: &'a str,
    /// The clause page.
    pub url: &'a str,
}

/// A row of the cross-reference grid: a document and the columns it tags.
#[derive(Debug, Serialize)]
pub struct GridRow {
    /// Document ID.
    pub id: String,
    /// Document title.
    pub title: String,
    /// Document page.
    pub url: String,
    /// One mark per column: whether the document tags the clause or one under it.
    pub marks: Vec<bool>,
    /// The document is approved and past its review date.
    pub review_overdue: bool,
}

/// The cross-reference grid of one standard: documents × second-level clauses.
#[derive(Debug)]
pub struct Grid<'a> {
    /// The columns, in catalog order.
    pub columns: Vec<GridColumn<'a>>,
    /// Published, not obsolete documents of the organisation's own (not of
    /// external origin, which coverage ignores) that tag at least one
    /// column, in navigation order.
    pub rows: Vec<GridRow>,
}

/// The grid of `r`, or `None` when its catalog is not loaded.
pub fn grid<'a>(hb: &Handbook, r: &'a StandardRecord) -> Option<Grid<'a>> {
    let catalog = hb.catalogs.get(&r.key)?;
    let columns: Vec<&ClauseRecord> = r
        .clauses
        .iter()
        .filter(|c| c.level == 2 || (c.level == 1 && c.children.is_empty()))
        .collect();
    let column_of: BTreeMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut rows: Vec<GridRow> = Vec::new();
    for (i, d) in hb.documents.iter().enumerate() {
        if !d.published || d.meta.status == Status::Obsolete || hb.is_external(d) {
            continue;
        }
        let mut marks = vec![false; columns.len()];
        for tag in hb.resolved_tags(i).iter().filter(|t| t.standard == r.key) {
            // The column is the clause's ancestor at level 2 (or itself).
            let mut c = tag.clause;
            loop {
                if let Some(&col) = column_of.get(catalog.clauses[c].id.as_str()) {
                    marks[col] = true;
                    break;
                }
                match catalog.clauses[c].parent {
                    Some(p) => c = p,
                    None => break,
                }
            }
        }
        if marks.iter().any(|m| *m) {
            rows.push(GridRow {
                id: d.id().to_string(),
                title: d.meta.title.clone(),
                url: d.url.clone(),
                marks,
                review_overdue: review(hb, d).is_some_and(|r| r.state == ReviewState::Overdue),
            });
        }
    }
    let columns = columns
        .iter()
        .map(|c| GridColumn {
            id: &c.id,
            heading: &c.heading,
            url: &c.url,
        })
        .collect();
    Some(Grid { columns, rows })
}
