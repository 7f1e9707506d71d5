//! Serialisable views of the model: what templates, JSON and CSV exports and
//! the terminal show. Every view is computed from [`Coverage`] and the
//! [`Handbook`], never from rendered pages.

pub mod schema;

use serde::Serialize;

use crate::analysis::coverage::{
    ClauseStatus, Coverage, Exclusion, RefState, StandardCoverage, Summary,
};
use crate::model::handbook::{Document, Handbook};
use crate::model::urls;
use crate::parse::catalog::Catalog;

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
}

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
    /// Whether this clause is a requirement (a leaf).
    pub is_requirement: bool,
    /// addressed | partial | planned | gap | not-applicable
    pub status: ClauseStatus,
    /// The status in words.
    pub status_label: &'static str,
    /// For parents: k of n requirements addressed.
    pub rollup: Option<Rollup>,
    /// Exclusion and its justification.
    pub not_applicable: Option<Exclusion>,
    /// Documents that tag this clause directly.
    pub documents: Vec<RefRecord>,
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
    /// The figure.
    pub summary: Summary,
    /// Every clause, in catalog order.
    pub clauses: Vec<ClauseRecord>,
    /// Per top-level clause.
    pub top_level: Vec<TopLevel>,
    /// Whether parent tags count for their sub-clauses in this build.
    pub parent_tags_cover_children: bool,
}

fn ref_record(d: &Document, section: &Option<(String, String)>, state: RefState) -> RefRecord {
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
                .map(|r| ref_record(&hb.documents[r.doc], &r.section, r.state))
                .collect();
            documents.sort_by(|a, b| {
                (!a.counts, &a.id, &a.section).cmp(&(!b.counts, &b.id, &b.section))
            });
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
                status: row.status,
                status_label: row.status.label(),
                rollup: row.rollup.map(|(addressed, applicable)| Rollup {
                    addressed,
                    applicable,
                }),
                not_applicable: row.exclusion.clone(),
                documents,
                url: urls::clause(&catalog.key, &c.id),
            }
        })
        .collect();
    let top_level = catalog
        .roots()
        .map(|r| {
            let leaves = catalog.leaves_under(r);
            let count =
                |s: ClauseStatus| leaves.iter().filter(|&&l| cov.rows[l].status == s).count();
            let (addressed, planned, gaps, na) = (
                count(ClauseStatus::Addressed),
                count(ClauseStatus::Planned),
                count(ClauseStatus::Gap),
                count(ClauseStatus::NotApplicable),
            );
            let applicable = leaves.len() - na;
            TopLevel {
                id: catalog.clauses[r].id.clone(),
                heading: catalog.clauses[r].heading().to_string(),
                addressed,
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
        key: catalog.key.clone(),
        name: catalog.name.clone(),
        title: catalog.title.clone(),
        summary: cov.summary,
        clauses,
        top_level,
        parent_tags_cover_children: hb.config.coverage.parent_tags_cover_children,
    }
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

/// Neutralises a CSV cell that a spreadsheet would run as a formula.
pub fn csv_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn csv_string(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| csv_safe(c)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
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
            ]
        }),
    )
}

/// A row of the document register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Type key.
    pub doc_type: String,
    /// Type label.
    pub type_label: String,
    /// Revision.
    pub revision: Option<String>,
    /// Status.
    pub status: &'static str,
    /// Owner role.
    pub owner: Option<String>,
    /// Approver role.
    pub approved_by: Option<String>,
    /// Effective date.
    pub effective: Option<String>,
    /// Review date.
    pub review_by: Option<String>,
    /// Page URL when published.
    pub url: Option<String>,
    /// Source file.
    pub source_path: String,
}

/// Every document, in navigation order, for the register.
pub fn register(hb: &Handbook) -> Vec<RegisterRow> {
    hb.documents
        .iter()
        .map(|d| RegisterRow {
            id: d.id().to_string(),
            title: d.meta.title.clone(),
            doc_type: d.meta.doc_type.value.clone(),
            type_label: hb
                .doc_type(&d.meta.doc_type.value)
                .map_or_else(|| d.meta.doc_type.value.clone(), |t| t.label.clone()),
            revision: d.meta.revision.clone(),
            status: d.meta.status.as_str(),
            owner: d.meta.owner.clone(),
            approved_by: d.meta.approved_by.clone(),
            effective: d.meta.effective.as_ref().map(|e| e.value.to_string()),
            review_by: d.meta.review_by.as_ref().map(|e| e.value.to_string()),
            url: d.published.then(|| d.url.clone()),
            source_path: d.file.text.path.clone(),
        })
        .collect()
}

/// The register as CSV.
pub fn register_csv(rows: &[RegisterRow]) -> String {
    csv_string(
        &[
            "id",
            "title",
            "type",
            "revision",
            "status",
            "owner",
            "approved_by",
            "effective",
            "review_by",
            "source",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.title.clone(),
                r.doc_type.clone(),
                r.revision.clone().unwrap_or_default(),
                r.status.to_string(),
                r.owner.clone().unwrap_or_default(),
                r.approved_by.clone().unwrap_or_default(),
                r.effective.clone().unwrap_or_default(),
                r.review_by.clone().unwrap_or_default(),
                r.source_path.clone(),
            ]
        }),
    )
}

/// The matrix as a plain-text table for the terminal.
pub fn coverage_table(record: &StandardRecord, gaps_only: bool) -> String {
    use std::fmt::Write as _;
    let s = &record.summary;
    let mut out = format!(
        "{}: {} of {} applicable requirements addressed ({:.1}%); {} planned, {} gap{}, {} not applicable\n\n",
        record.name,
        s.addressed,
        s.applicable,
        s.percent,
        s.planned,
        s.gaps,
        if s.gaps == 1 { "" } else { "s" },
        s.not_applicable
    );
    let _ = writeln!(
        out,
        "{:<14} {:<16} {:<46} DOCUMENTS",
        "CLAUSE", "STATUS", "HEADING"
    );
    for c in &record.clauses {
        if gaps_only
            && !(c.is_requirement && matches!(c.status, ClauseStatus::Gap | ClauseStatus::Planned))
        {
            continue;
        }
        let indent = if gaps_only {
            String::new()
        } else {
            "  ".repeat(c.level.saturating_sub(1))
        };
        let status = match c.rollup {
            Some(r) if c.status != ClauseStatus::NotApplicable => {
                format!("{} {}/{}", c.status_label, r.addressed, r.applicable)
            }
            _ => c.status_label.to_string(),
        };
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
                if d.counts {
                    name
                } else {
                    format!("{name} ({})", d.status)
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{:<14} {:<16} {:<46} {}",
            format!("{indent}{}", c.id),
            status,
            heading,
            docs.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("-1"), "'-1");
        assert_eq!(csv_safe("Quality"), "Quality");
    }
}
