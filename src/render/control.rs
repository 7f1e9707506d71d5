//! Document-control pages: reviews due (`reviews.html`), what's new
//! (`whats-new.html` and its Atom feed) and the whole handbook on one print
//! page ([`crate::render::print`]).
//!
//! The lists come from [`crate::views::reviews`] and
//! [`crate::render::feed`]; this module puts them on pages.

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::parse::history::History;
use crate::render::feed;
use crate::render::print;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::views::reviews;

/// Writes reviews.html, whats-new.html, feed.xml, print.html and
/// print-pages.css; returns how many files.
pub fn render(
    hb: &Handbook,
    pages: &Pages<'_>,
    history: &History,
) -> Result<usize, Vec<Diagnostic>> {
    let mut results = vec![reviews_page(hb, pages)];
    results.extend(whats_new(hb, pages, history));
    results.extend(print::write(hb, pages));
    gather(results)
}

/// Reviews: overdue and due soon, by owner, and the recorded reviews.
fn reviews_page(hb: &Handbook, pages: &Pages<'_>) -> Result<(), Diagnostic> {
    let due = reviews::due(hb);
    let recorded = reviews::recorded(hb);
    pages.page("reviews.html", "reviews.html", "", "reviews", |cx| {
        cx.insert("recorded", &recorded);
        cx.insert("owners", &due.owners);
        cx.insert("overdue", &due.overdue);
        cx.insert("due_soon", &due.due_soon);
        cx.insert("warning_days", &hb.config.documents.review_warning_days);
    })
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
