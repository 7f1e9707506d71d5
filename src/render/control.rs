//! Document-control pages: reviews due (`reviews.html`, through
//! [`crate::render::reviews`]), documents of
//! external origin (`external-documents.html` and its CSV), what's new
//! (`whats-new.html` and its Atom feed) and the whole handbook on one print
//! page ([`crate::render::print`]).
//!
//! The lists come from [`crate::views`] and [`crate::render::feed`]; this module puts them on pages.

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::parse::history::History;
use crate::render::feed;
use crate::render::print;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::views::external;
use crate::views::navigation::{EXTERNAL_DOCUMENTS_PAGE, has_external_types};

/// Writes reviews.html, external-documents.html and .csv (when the
/// handbook has a type of external origin), whats-new.html, feed.xml, print.html and
/// print-pages.css; returns how many files.
pub fn render(
    hb: &Handbook,
    pages: &Pages<'_>,
    history: &History,
) -> Result<usize, Vec<Diagnostic>> {
    let mut results = crate::render::reviews::render(hb, pages);
    if has_external_types(hb) {
        results.extend(external_pages(hb, pages));
    }
    results.extend(whats_new(hb, pages, history));
    results.extend(print::write(hb, pages));
    gather(results)
}

/// External documents: the page and its CSV.
fn external_pages(hb: &Handbook, pages: &Pages<'_>) -> [Result<(), Diagnostic>; 2] {
    let rows = external::external_documents(hb);
    let in_preparation = external::in_preparation(hb);
    let overdue = rows.iter().filter(|r| r.days_overdue.is_some()).count();
    [
        pages.file(
            "external-documents.csv",
            external::external_csv(&rows).as_bytes(),
        ),
        pages.page(
            "external-documents.html",
            EXTERNAL_DOCUMENTS_PAGE,
            "",
            "external-documents",
            |cx| {
                cx.insert("rows", &rows);
                cx.insert("overdue", &overdue);
                cx.insert("in_preparation", &in_preparation);
                cx.insert(
                    "currency_check_months",
                    &hb.config.documents.currency_check_months(),
                );
            },
        ),
    ]
}

/// What's new and the feed.
fn whats_new(hb: &Handbook, pages: &Pages<'_>, history: &History) -> Vec<Result<(), Diagnostic>> {
    let items = feed::recent(hb, history);
    let from_git = items.iter().any(|i| i.commit.is_some());
    vec![
        pages.page("whats-new.html", "whats-new.html", "", "whats-new", |cx| {
            cx.insert("items", &items);
            cx.insert("from_git", &from_git);
        }),
        pages.file(
            "feed.xml",
            feed::feed(hb, &items, &pages.site.build().date).as_bytes(),
        ),
    ]
}
