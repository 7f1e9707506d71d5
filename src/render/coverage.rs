//! The auditor's pages: per standard the coverage matrix (with its CSV and
//! JSON exports), the cross-reference grid and the clause pages; the gaps
//! across standards; for ISO 9001 the leadership commitments and the
//! required documented information; the records register (with its CSV and
//! JSON); and, through [`crate::render::register`], the document register and
//! the owners pages.
//!
//! The records, grid, gaps and required items are [`crate::views`]'; this
//! module puts them on pages and writes the exports. Long lists are cut as
//! [`crate::views::paging`] says: the grid into numbered pages of
//! [`ROWS_PER_PAGE`] documents, the matrix's documents of a clause after
//! [`crate::views::paging::MATRIX_DOCUMENTS`].

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analysis::coverage::Coverage;
use crate::config::DEFAULT_STANDARD;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::views::coverage::{
    ClauseHead, ClauseRecord, StandardHead, StandardRecord, StandardView, coverage_csv,
    coverage_json, gaps, grid, item_groups,
};
use crate::views::matrix::{self as matrix_view, group_refs};
use crate::views::paging::{ROWS_PER_PAGE, numbered, split};
use crate::views::records::{published_records, records_csv, records_json};
use crate::views::required::{
    published_only, required_csv, required_json, required_rows, required_summary,
};

/// One write's outcome.
type Written = Result<(), Diagnostic>;

/// Writes every coverage page and export; returns how many files were written.
pub fn render(
    hb: &Handbook,
    coverage: &Coverage,
    pages: &Pages<'_>,
    records: &[StandardRecord],
) -> Result<usize, Vec<Diagnostic>> {
    let mut results: Vec<Written> = Vec::new();
    for r in records {
        results.extend(matrix(pages, r));
        results.extend(grid_pages(hb, pages, r));
        results.extend(clause_pages(pages, r));
    }
    results.push(gaps_page(pages, records));
    if let Some(r) = records.iter().find(|r| r.key == DEFAULT_STANDARD) {
        results.push(leadership_page(pages, r));
    }
    // Every standard in scope with a required list (ISO 9001, ISO 13485).
    for r in records {
        if !crate::parse::catalog::required_items(&r.key).is_empty() {
            let base = urls::documented_information(&r.key);
            results.extend(documented_information_page(hb, coverage, pages, r, &base));
        }
    }
    results.extend(crate::render::register::render(hb, pages));
    results.extend(records_pages(hb, pages));
    gather(results)
}

/// The `current` key of a standard's pages.
fn current(r: &StandardRecord) -> String {
    format!("coverage-{}", r.key)
}

/// The coverage matrix of one standard and its CSV and JSON exports.
fn matrix(pages: &Pages<'_>, r: &StandardRecord) -> [Written; 3] {
    [
        pages.page(
            "matrix.html",
            &urls::coverage(&r.key),
            "../",
            &current(r),
            |cx| {
                cx.insert("standard", &StandardView::of(r));
                cx.insert("matrix", &matrix_view::matrix(r));
            },
        ),
        pages.file(
            &format!("coverage-{}.csv", r.key),
            coverage_csv(r).as_bytes(),
        ),
        pages.file(
            &format!("coverage-{}.json", r.key),
            coverage_json(r, &pages.site.build().date).as_bytes(),
        ),
    ]
}

/// The cross-reference grid of one standard: documents × second-level
/// clauses (none when its catalog is not loaded), in numbered pages of
/// [`ROWS_PER_PAGE`] documents when it has more.
fn grid_pages(hb: &Handbook, pages: &Pages<'_>, r: &StandardRecord) -> Vec<Written> {
    let Some(grid) = grid(hb, r) else {
        return Vec::new();
    };
    let first = urls::coverage_grid(&r.key);
    let head = StandardHead::of(r);
    split(grid.rows.len(), ROWS_PER_PAGE, |n| numbered(&first, n))
        .into_iter()
        .map(|pager| {
            pages.page(
                "grid.html",
                &numbered(&first, pager.current),
                "../",
                &current(r),
                |cx| {
                    cx.insert("standard", &head);
                    cx.insert("columns", &grid.columns);
                    cx.insert("rows", &grid.rows[pager.range()]);
                    cx.insert("total", &grid.rows.len());
                    cx.insert("pager", &pager);
                },
            )
        })
        .collect()
}

/// The page of every clause of one standard, in parallel.
fn clause_pages(pages: &Pages<'_>, r: &StandardRecord) -> Vec<Written> {
    let head = StandardHead::of(r);
    let current = current(r);
    let by_id: BTreeMap<&str, &ClauseRecord> =
        r.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
    r.clauses
        .par_iter()
        .map(|c| {
            // Without their documents: the page lists this clause's own.
            let parent = c
                .parent
                .as_deref()
                .and_then(|p| by_id.get(p))
                .map(|p| ClauseHead::of(p));
            let children: Vec<ClauseHead<'_>> = c
                .children
                .iter()
                .filter_map(|ch| by_id.get(ch.as_str()))
                .map(|ch| ClauseHead::of(ch))
                .collect();
            pages.page("clause.html", &c.url, "../../", &current, |cx| {
                cx.insert("standard", &head);
                cx.insert("clause", &ClauseHead::of(c));
                cx.insert("documents", &group_refs(&c.documents));
                cx.insert("parent", &parent);
                cx.insert("children", &children);
            })
        })
        .collect()
}

/// Gaps across standards.
fn gaps_page(pages: &Pages<'_>, records: &[StandardRecord]) -> Written {
    let gaps = gaps(records);
    let heads: Vec<StandardHead<'_>> = records.iter().map(StandardHead::of).collect();
    pages.page("gaps.html", "gaps.html", "", "gaps", |cx| {
        cx.insert("gaps", &gaps);
        cx.insert("standards", &heads);
    })
}

/// ISO 9001's leadership page: every numbered requirement of clause 5 with
/// lettered items (5.1.1 commitments, 5.1.2 customer focus, 5.2.2 the
/// policy's communication), item by item. `commitments` (the items of
/// 5.1.1) stays for themes written before the groups.
fn leadership_page(pages: &Pages<'_>, r: &StandardRecord) -> Written {
    let commitments: Vec<&ClauseRecord> = r
        .clauses
        .iter()
        .filter(|c| c.parent.as_deref() == Some("5.1.1"))
        .collect();
    let groups = item_groups(r, "5");
    pages.page(
        "leadership.html",
        "leadership.html",
        "",
        "leadership",
        |cx| {
            cx.insert("standard", &StandardHead::of(r));
            cx.insert("commitments", &commitments);
            cx.insert("groups", &groups);
        },
    )
}

/// A standard's required documented information (`base`.html), with its
/// CSV and JSON exports; the status of each item is [`required_rows`]'s
/// (the lint's too).
fn documented_information_page(
    hb: &Handbook,
    coverage: &Coverage,
    pages: &Pages<'_>,
    r: &StandardRecord,
    base: &str,
) -> [Written; 3] {
    let required = published_only(required_rows(hb, coverage, &r.key));
    [
        pages.page(
            "documented-information.html",
            &format!("{base}.html"),
            "",
            base,
            |cx| {
                cx.insert("standard", &StandardHead::of(r));
                cx.insert("items", &required);
                cx.insert("summary", &required_summary(&required));
                cx.insert("exports", base);
            },
        ),
        pages.file(&format!("{base}.csv"), required_csv(&required).as_bytes()),
        pages.file(
            &format!("{base}.json"),
            required_json(&r.key, &required, &pages.site.build().date).as_bytes(),
        ),
    ]
}

/// The records register (`records.html`) and its CSV and JSON exports:
/// records of published documents, the others counted.
fn records_pages(hb: &Handbook, pages: &Pages<'_>) -> [Written; 3] {
    let (rows, in_preparation) = published_records(hb);
    [
        pages.page(
            urls::RECORDS_PAGE,
            urls::RECORDS_PAGE,
            "",
            "records",
            |cx| {
                cx.insert("rows", &rows);
                cx.insert("in_preparation", &in_preparation);
            },
        ),
        pages.file("records.csv", records_csv(&rows).as_bytes()),
        pages.file(
            "records.json",
            records_json(&rows, in_preparation, &pages.site.build().date).as_bytes(),
        ),
    ]
}
