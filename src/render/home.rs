//! The site's entry points: the home page (the leadership summary and
//! `index.md` above how many documents of each type there are and the most
//! recently effective ones), one page per document type listing all of its
//! documents (`documents/<type>.html`, so the home page stays light at any
//! size), the 404 page, and `nav.js`, the sidebar's data shared by every page
//! (so a page's size does not grow with the handbook).
//!
//! The groups and summaries come from [`crate::views`]; this module only
//! shapes the templates' variables and the script.

use serde::Serialize;

use crate::analysis::awareness::AwarenessStatus;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::parse::front_matter::Status;
use crate::render::body::render_home;
use crate::render::writer::Pages;
use crate::views::coverage::StandardRecord;
use crate::views::leadership_summary;
use crate::views::navigation::TypeGroup;
use crate::views::summary::{DocSummary, summary};

/// How many of the most recently effective documents the home page lists.
pub const RECENT: usize = 10;

/// A document type as the home page shows it: how many, and where the list is.
#[derive(Serialize)]
struct TypeCount<'a> {
    key: &'a str,
    label: &'a str,
    plural: &'a str,
    count: usize,
    url: String,
}

/// The home page: `index.md` (if any) above the document types with their
/// counts and the most recently effective documents.
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
    let types: Vec<TypeCount<'_>> = groups
        .iter()
        .map(|g| TypeCount {
            key: g.key,
            label: g.label,
            plural: g.plural,
            count: g.documents.len(),
            url: urls::type_index(g.key),
        })
        .collect();
    let recent = recently_effective(groups);
    pages.page("index.html", "index.html", "", "index", |cx| {
        cx.insert("content", &home_html);
        cx.insert("types", &types);
        cx.insert("recent", &recent);
        cx.insert("obsolete", &obsolete);
        cx.insert("standards", &standards);
        cx.insert("leadership", &leadership);
    })
}

/// The [`RECENT`] documents with the latest effective dates (not after the
/// build's documents' own dates: future-dated ones included, as they are
/// listed), newest first, ties by ID.
fn recently_effective<'a>(groups: &'a [TypeGroup<'a>]) -> Vec<&'a DocSummary<'a>> {
    let mut dated: Vec<&DocSummary<'_>> = groups
        .iter()
        .flat_map(|g| g.documents.iter())
        .filter(|d| d.effective.is_some())
        .collect();
    dated.sort_by(|a, b| b.effective.cmp(&a.effective).then_with(|| a.id.cmp(b.id)));
    dated.truncate(RECENT);
    dated
}

/// One page per document type, `documents/<type>.html`: every document of
/// the type with its revision, status, owner and effective date.
pub fn type_pages(pages: &Pages<'_>, groups: &[TypeGroup<'_>]) -> Result<usize, Vec<Diagnostic>> {
    let results: Vec<Result<(), Diagnostic>> = groups
        .iter()
        .map(|g| {
            pages.page(
                "type-index.html",
                &urls::type_index(g.key),
                "../",
                "documents",
                |cx| {
                    cx.insert("group", g);
                },
            )
        })
        .collect();
    crate::render::sink::gather(results)
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
