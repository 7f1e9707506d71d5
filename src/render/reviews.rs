//! The reviews page (`reviews.html`), light at any size: each owner's
//! reviews due, the first [`REVIEW_ROWS`] of them (the most overdue first)
//! with a link to the owner's own list (`reviews/<owner>.html`), and the
//! latest [`REVIEW_ROWS`] recorded reviews with a link to all of them
//! (`reviews-recorded.html`); the full lists are cut into numbered pages of
//! [`ROWS_PER_PAGE`] rows.
//!
//! The rows are [`crate::views::reviews`]', the limits
//! [`crate::views::paging`]'s; this module puts them on pages.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::render::writer::Pages;
use crate::views::owners::owner_slugs;
use crate::views::paging::{REVIEW_ROWS, ROWS_PER_PAGE, numbered, split};
use crate::views::reviews::{self, ReviewRow};

/// One write's outcome.
type Written = Result<(), Diagnostic>;

/// An owner on the reviews page: the first reviews due, and where all are.
#[derive(Serialize)]
struct OwnerSection<'a> {
    owner: &'a str,
    rows: &'a [ReviewRow<'a>],
    total: usize,
    more: usize,
    /// The owner's own list, when the section does not show every row.
    url: Option<String>,
}

/// Writes the reviews page and, when it does not list everything, the
/// owners' lists of reviews due and the list of recorded reviews.
pub fn render(hb: &Handbook, pages: &Pages<'_>) -> Vec<Written> {
    let due = reviews::due(hb);
    let recorded = reviews::recorded(hb);
    let warning_days = hb.config.documents.review_warning_days;
    let slugs = owner_slugs(due.owners.iter().map(|o| o.owner.as_str()));
    let sections: Vec<OwnerSection<'_>> = due
        .owners
        .iter()
        .zip(&slugs)
        .map(|(o, slug)| {
            let total = o.rows.len();
            let shown = total.min(REVIEW_ROWS);
            OwnerSection {
                owner: &o.owner,
                rows: &o.rows[..shown],
                total,
                more: total - shown,
                url: (total > shown).then(|| urls::owner_reviews(slug)),
            }
        })
        .collect();
    let recorded_shown = recorded.len().min(REVIEW_ROWS);
    let recorded_more = recorded.len() - recorded_shown;
    let mut out = vec![
        pages.page("reviews.html", urls::REVIEWS_PAGE, "", "reviews", |cx| {
            cx.insert("recorded", &recorded[..recorded_shown]);
            cx.insert("recorded_total", &recorded.len());
            cx.insert("recorded_more", &recorded_more);
            cx.insert("recorded_url", urls::RECORDED_REVIEWS_PAGE);
            cx.insert("owners", &sections);
            cx.insert("overdue", &due.overdue);
            cx.insert("due_soon", &due.due_soon);
            cx.insert("warning_days", &warning_days);
        }),
    ];
    for (o, s) in due.owners.iter().zip(&sections) {
        let Some(first) = &s.url else { continue };
        for pager in split(o.rows.len(), ROWS_PER_PAGE, |n| numbered(first, n)) {
            let url = numbered(first, pager.current);
            out.push(
                pages.page("owner-reviews.html", &url, "../", "reviews", |cx| {
                    cx.insert("owner", &o.owner);
                    cx.insert("rows", &o.rows[pager.range()]);
                    cx.insert("total", &o.rows.len());
                    cx.insert("warning_days", &warning_days);
                    cx.insert("pager", &pager);
                }),
            );
        }
    }
    if recorded_more > 0 {
        let first = urls::RECORDED_REVIEWS_PAGE;
        for pager in split(recorded.len(), ROWS_PER_PAGE, |n| numbered(first, n)) {
            let url = numbered(first, pager.current);
            out.push(
                pages.page("recorded-reviews.html", &url, "", "reviews", |cx| {
                    cx.insert("rows", &recorded[pager.range()]);
                    cx.insert("total", &recorded.len());
                    cx.insert("pager", &pager);
                }),
            );
        }
    }
    out
}
