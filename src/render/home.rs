//! The site's entry points: the home page (the leadership summary and
//! `index.md` above the documents grouped by type), the 404 page, and `nav.js`, the sidebar's data shared
//! by every page (so a page's size does not grow with the handbook).
//!
//! The groups and summaries come from [`crate::views`]; this module only
//! shapes the templates' variables and the script.

use serde::Serialize;

use crate::analysis::awareness::AwarenessStatus;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::parse::front_matter::Status;
use crate::render::body::render_home;
use crate::render::writer::Pages;
use crate::views::coverage::StandardRecord;
use crate::views::leadership_summary;
use crate::views::navigation::TypeGroup;
use crate::views::summary::{DocSummary, summary};

/// The home page: `index.md` (if any) above the documents grouped by type.
pub fn home_page(
    hb: &Handbook,
    pages: &Pages<'_>,
    groups: &[TypeGroup<'_>],
    records: &[StandardRecord],
    awareness: Option<&AwarenessStatus>,
) -> Result<(), Diagnostic> {
    let home_html = render_home(hb);
    let obsolete: Vec<DocSummary<'_>> = hb
        .documents
        .iter()
        .filter(|d| d.published && d.meta.status == Status::Obsolete)
        .map(summary)
        .collect();
    let standards: Vec<_> = records
        .iter()
        .map(|r| serde_json::json!({ "key": r.key, "name": r.name, "summary": r.summary, "top_level": r.top_level }))
        .collect();
    let mut leadership = leadership_summary::summary(hb, records);
    if let (Some(l), Some(status)) = (leadership.as_mut(), awareness) {
        l.policy_understood = crate::views::awareness::policy_understood(hb, status);
    }
    pages.page("index.html", "index.html", "", "index", |cx| {
        cx.insert("content", &home_html);
        cx.insert("groups", groups);
        cx.insert("obsolete", &obsolete);
        cx.insert("standards", &standards);
        cx.insert("leadership", &leadership);
    })
}

/// The 404 page: works at any depth when `site-url` is set (absolute base),
/// else from the root.
pub fn not_found_page(hb: &Handbook, pages: &Pages<'_>) -> Result<(), Diagnostic> {
    let base = hb.config.output.html.site_base();
    pages.page(
        "404.html",
        "404.html",
        base.as_deref().unwrap_or(""),
        "404",
        |_| {},
    )
}

/// `nav.js`: the sidebar's data, one script shared by every page (works from `file://`).
pub fn navigation_script(groups: &[TypeGroup<'_>]) -> String {
    #[derive(Serialize)]
    struct NavGroup<'a> {
        label: &'a str,
        items: Vec<[&'a str; 3]>,
    }
    let data: Vec<NavGroup<'_>> = groups
        .iter()
        .map(|g| NavGroup {
            label: g.plural,
            items: g.documents.iter().map(|d| [d.id, d.title, d.url]).collect(),
        })
        .collect();
    let json = serde_json::to_string(&data)
        .unwrap_or_else(|_| "[]".to_string())
        .replace("</", "<\\/");
    format!("window.QMSBOOK_NAV = {json};\n")
}
