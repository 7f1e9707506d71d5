//! The management review pages: `management-review.html` (every held review
//! with its inputs, decisions and actions, and the action tracker across
//! reviews) and, with `[management-review] publish-pack`, the input pack for
//! the next review, `management-review-pack.html`.
//!
//! The data comes from [`crate::views::management_review`] and
//! [`crate::views::review_pack`]; this module only puts it on pages.

use crate::analysis::coverage::Coverage;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::parse::history::History;
use crate::render::context::SiteContext;
use crate::render::sink::gather;
use crate::render::theme::Theme;
use crate::render::writer::Pages;
use crate::views::management_review::{self, PACK_PAGE, PAGE};
use crate::views::review_pack::{self, Pack};

/// Writes the management review page when the handbook publishes a held
/// review; returns how many files.
pub fn render(
    hb: &Handbook,
    coverage: &Coverage,
    history: &History,
    pages: &Pages<'_>,
) -> Result<usize, Vec<Diagnostic>> {
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
    if hb.config.management_review.publish_pack {
        results.push(pack(hb, coverage, history, pages));
    }
    gather(results)
}

/// The pack page: the pack over the default period, or a page saying why
/// there is none (no review record to start from).
fn pack(
    hb: &Handbook,
    coverage: &Coverage,
    history: &History,
    pages: &Pages<'_>,
) -> Result<(), Diagnostic> {
    let html = match review_pack::period(hb, None) {
        Ok((since, then)) => {
            let pack = review_pack::assemble(hb, coverage, history, since, &then);
            pack_page(pages.theme, pages.site, &pack)?
        }
        Err(d) => pages.render(
            "management-review-pack.html",
            "",
            "management-review-pack",
            |cx| {
                cx.insert("unavailable", &d.message);
            },
        )?,
    };
    pages.file(PACK_PAGE, html.as_bytes())
}

/// The input pack as the site's page `management-review-pack.html` (also
/// `qmsbook review-pack --format html`).
pub fn pack_page(theme: &Theme, site: &SiteContext, pack: &Pack) -> Result<String, Diagnostic> {
    let mut cx = site.page("", "management-review-pack");
    cx.insert("pack", pack);
    cx.insert("sections", &review_pack::sections());
    theme.render("management-review-pack.html", &cx)
}
