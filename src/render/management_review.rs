//! The management review pages: `management-review.html` (every held review
//! with its inputs, decisions and actions, and the action tracker across
//! reviews) and, with `[management-review] publish-pack`, the input pack for
//! the next review, `management-review-pack.html`.
//!
//! The data comes from [`crate::views::management_review`] and
//! [`crate::views::review_pack`]; this module only puts it on pages.

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::views::management_review::{self, PAGE};

/// Writes the management review page when the handbook publishes a held
/// review; returns how many files.
pub fn render(hb: &Handbook, pages: &Pages<'_>) -> Result<usize, Vec<Diagnostic>> {
    let mut results = Vec::new();
    if let Some(view) = management_review::page(hb) {
        results.push(pages.page(
            "management-review.html",
            PAGE,
            "",
            "management-review",
            |cx| {
                cx.insert("reviews", &view.reviews);
                cx.insert("actions", &view.actions);
                cx.insert("counts", &view.counts);
                cx.insert("next_due", &view.next_due);
                cx.insert("next_due_passed", &view.next_due_passed);
                cx.insert("interval_months", &view.interval_months);
                cx.insert("pack_url", &view.pack_url);
            },
        ));
    }
    gather(results)
}
