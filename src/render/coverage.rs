//! The auditor's views in the site: coverage matrix, clause pages, gaps,
//! cross-reference grid, leadership commitments, required documented
//! information, register and owners, plus the CSV and JSON exports.

use crate::model::urls;
use crate::output::site_files::SiteFiles;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::coverage::{ClauseStatus, Coverage};
use crate::analysis::required::{self, RequiredStatus};
use crate::config::DEFAULT_STANDARD;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::render::theme::Theme;
use crate::render::writer::{SiteWriter, gather};
use crate::views::{self, ClauseRecord, RefRecord, StandardRecord};

/// A link in the sidebar's fixed part.
#[derive(Debug, Clone, Serialize)]
pub struct ViewLink {
    /// Link text.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// Key matched against `current` to mark the active page.
    pub key: String,
}

/// The views this handbook has, for the sidebar.
pub fn view_links(hb: &Handbook, records: &[StandardRecord]) -> Vec<ViewLink> {
    let mut links: Vec<ViewLink> = records
        .iter()
        .map(|r| ViewLink {
            title: format!("Coverage: {}", r.name),
            url: urls::coverage(&r.key),
            key: format!("coverage-{}", r.key),
        })
        .collect();
    links.push(ViewLink {
        title: "Gaps".into(),
        url: "gaps.html".into(),
        key: "gaps".into(),
    });
    if hb.scope.iter().any(|k| k == DEFAULT_STANDARD) {
        links.push(ViewLink {
            title: "Leadership commitments".into(),
            url: "leadership.html".into(),
            key: "leadership".into(),
        });
        links.push(ViewLink {
            title: "Required documented information".into(),
            url: "documented-information.html".into(),
            key: "documented-information".into(),
        });
    }
    links.push(ViewLink {
        title: "Document register".into(),
        url: "register.html".into(),
        key: "register".into(),
    });
    for (title, url, key) in [
        ("Owners", "owners.html", "owners"),
        ("Reviews", "reviews.html", "reviews"),
        ("What's new", "whats-new.html", "whats-new"),
        ("Print the handbook", "print.html", "print"),
    ] {
        links.push(ViewLink {
            title: title.into(),
            url: url.into(),
            key: key.into(),
        });
    }
    links
}

#[derive(Serialize)]
struct GapRow<'a> {
    standard: &'a str,
    standard_key: &'a str,
    clause: &'a ClauseRecord,
}

#[derive(Serialize)]
struct GridColumn<'a> {
    id: &'a str,
    heading: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct GridRow {
    id: String,
    title: String,
    url: String,
    marks: Vec<bool>,
}

#[derive(Serialize)]
struct RequiredRow {
    reference: String,
    clause: String,
    clause_url: String,
    kind: String,
    kind_label: &'static str,
    label: String,
    condition: Option<String>,
    documents: Vec<RefRecord>,
    satisfied: bool,
    status: ClauseStatus,
    status_label: &'static str,
}

#[derive(Serialize)]
struct OwnerGroup {
    owner: String,
    documents: Vec<views::RegisterRow>,
}

/// Writes every view and export; returns how many files were written.
pub fn render(
    hb: &Handbook,
    theme: &Theme,
    out: &SiteFiles,
    records: &[StandardRecord],
    coverage: &Coverage,
    build_date: &str,
) -> Result<usize, Vec<Diagnostic>> {
    let w = SiteWriter { theme, out };
    let mut results: Vec<Result<(), Diagnostic>> = Vec::new();

    for r in records {
        results.push(w.page(
            "matrix.html",
            &urls::coverage(&r.key),
            "../",
            &format!("coverage-{}", r.key),
            |cx| {
                cx.insert("standard", r);
            },
        ));
        results.push(w.file(
            &format!("coverage-{}.csv", r.key),
            views::coverage_csv(r).as_bytes(),
        ));
        results.push(w.file(
            &format!("coverage-{}.json", r.key),
            views::coverage_json(r, build_date).as_bytes(),
        ));

        // Cross-reference grid: documents × second-level clauses.
        let Some(catalog) = hb.catalogs.get(&r.key) else {
            continue;
        };
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
            if !d.published || d.meta.status == crate::parse::front_matter::Status::Obsolete {
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
                });
            }
        }
        let cols: Vec<GridColumn<'_>> = columns
            .iter()
            .map(|c| GridColumn {
                id: &c.id,
                heading: &c.heading,
                url: &c.url,
            })
            .collect();
        results.push(w.page(
            "grid.html",
            &urls::coverage_grid(&r.key),
            "../",
            &format!("coverage-{}", r.key),
            |cx| {
                cx.insert("standard", &StandardHead::of(r));
                cx.insert("columns", &cols);
                cx.insert("rows", &rows);
            },
        ));

        // Clause pages, in parallel.
        let head = StandardHead::of(r);
        let by_id: BTreeMap<&str, &ClauseRecord> =
            r.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
        let clause_results: Vec<Result<(), Diagnostic>> = r
            .clauses
            .par_iter()
            .map(|c| {
                let parent = c.parent.as_deref().and_then(|p| by_id.get(p)).copied();
                let children: Vec<&ClauseRecord> = c
                    .children
                    .iter()
                    .filter_map(|ch| by_id.get(ch.as_str()).copied())
                    .collect();
                w.page(
                    "clause.html",
                    &c.url,
                    "../../",
                    &format!("coverage-{}", r.key),
                    |cx| {
                        cx.insert("standard", &head);
                        cx.insert("clause", c);
                        cx.insert("parent", &parent);
                        cx.insert("children", &children);
                    },
                )
            })
            .collect();
        results.extend(clause_results);
    }

    // Gaps across standards.
    let gaps: Vec<GapRow<'_>> = records
        .iter()
        .flat_map(|r| {
            r.clauses
                .iter()
                .filter(|c| {
                    c.is_requirement
                        && matches!(c.status, ClauseStatus::Gap | ClauseStatus::Planned)
                })
                .map(move |c| GapRow {
                    standard: &r.name,
                    standard_key: &r.key,
                    clause: c,
                })
        })
        .collect();
    let heads: Vec<StandardHead<'_>> = records.iter().map(StandardHead::of).collect();
    results.push(w.page("gaps.html", "gaps.html", "", "gaps", |cx| {
        cx.insert("gaps", &gaps);
        cx.insert("standards", &heads);
    }));

    // ISO 9001 views.
    if let Some(r) = records.iter().find(|r| r.key == DEFAULT_STANDARD) {
        let commitments: Vec<&ClauseRecord> = r
            .clauses
            .iter()
            .filter(|c| c.parent.as_deref() == Some("5.1.1"))
            .collect();
        results.push(w.page(
            "leadership.html",
            "leadership.html",
            "",
            "leadership",
            |cx| {
                cx.insert("standard", &StandardHead::of(r));
                cx.insert("commitments", &commitments);
            },
        ));
        let required = required_rows(hb, coverage, r);
        results.push(w.page(
            "documented-information.html",
            "documented-information.html",
            "",
            "documented-information",
            |cx| {
                cx.insert("standard", &StandardHead::of(r));
                cx.insert("items", &required);
            },
        ));
    }

    // Register and owners.
    let register = views::register(hb);
    results.push(w.file("register.csv", views::register_csv(&register).as_bytes()));
    let mut owners: BTreeMap<String, Vec<views::RegisterRow>> = BTreeMap::new();
    for row in &register {
        let key = row
            .owner
            .clone()
            .unwrap_or_else(|| "(no owner)".to_string());
        owners.entry(key).or_default().push(row.clone());
    }
    let owners: Vec<OwnerGroup> = owners
        .into_iter()
        .map(|(owner, documents)| OwnerGroup { owner, documents })
        .collect();
    let statuses: Vec<&str> = {
        let mut s: Vec<&str> = register.iter().map(|r| r.status).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let owner_names: Vec<&str> = owners.iter().map(|o| o.owner.as_str()).collect();
    results.push(
        w.page("register.html", "register.html", "", "register", |cx| {
            cx.insert("rows", &register);
            cx.insert("statuses", &statuses);
            cx.insert("owners", &owner_names);
        }),
    );
    results.push(w.page("owners.html", "owners.html", "", "owners", |cx| {
        cx.insert("owners", &owners);
    }));

    gather(results)
}

/// A standard's name and figure, without the clause list.
#[derive(Serialize)]
struct StandardHead<'a> {
    key: &'a str,
    name: &'a str,
    title: &'a str,
    summary: &'a crate::analysis::coverage::Summary,
}

impl<'a> StandardHead<'a> {
    fn of(r: &'a StandardRecord) -> Self {
        StandardHead {
            key: &r.key,
            name: &r.name,
            title: &r.title,
            summary: &r.summary,
        }
    }
}

/// Required documented information: each item with the documents that tag its
/// clause (or a sub-clause); its status is [`required::assess`]'s.
fn required_rows(hb: &Handbook, coverage: &Coverage, record: &StandardRecord) -> Vec<RequiredRow> {
    let Some(catalog) = hb.catalogs.get(&record.key) else {
        return Vec::new();
    };
    required::assess(hb, coverage, &record.key)
        .into_iter()
        .map(|assessed| {
            let item = assessed.item;
            let mut documents: Vec<RefRecord> = Vec::new();
            if let Some(target) = catalog.get(&item.clause) {
                for c in &record.clauses {
                    let Some(ci) = catalog.get(&c.id) else {
                        continue;
                    };
                    if catalog.is_within(ci, target) {
                        for d in &c.documents {
                            if !documents.iter().any(|x| x.id == d.id) {
                                documents.push(d.clone());
                            }
                        }
                    }
                }
            }
            documents.sort_by(|a, b| a.id.cmp(&b.id));
            RequiredRow {
                clause_url: urls::clause(&record.key, &item.clause),
                reference: item.reference,
                clause: item.clause,
                kind: item.kind,
                kind_label: assessed.kind.label(),
                label: item.label,
                condition: item.condition,
                documents,
                satisfied: assessed.status == RequiredStatus::Satisfied,
                status: assessed.status.as_clause_status(),
                status_label: assessed.status.label(),
            }
        })
        .collect()
}
