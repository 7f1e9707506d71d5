//! Markdown bodies to HTML for every page family: a document's page, the
//! print page and the home page's `index.md`, with clause tags shown as badges.
//!
//! The Markdown passes themselves are [`crate::markdown`]'s; this module only
//! says how a page calls them. It writes no files.

use crate::markdown::sanitize::RawHtml;
use crate::markdown::{self, Analysis, PrintTarget, RenderContext, ResolvedLink, SectionTexts};
use crate::model::handbook::{Document, Handbook};
use crate::parse::front_matter::ClauseTag;
use crate::util::html::escape;

/// Renders the clause tags of a heading as small labels.
pub fn clause_badges(tags: &[ClauseTag]) -> String {
    if tags.is_empty() {
        return String::new();
    }
    let mut out = String::from(" <span class=\"clause-tags\">");
    for t in tags {
        let label = match &t.standard {
            Some(s) => format!("{s}:{}", t.clause),
            None => t.clause.clone(),
        };
        out.push_str(&format!(
            "<span class=\"clause-tag\">{}</span>",
            escape(&label)
        ));
    }
    out.push_str("</span>");
    out
}

/// The Markdown render context of a body on the page at `page_url`.
fn context<'a>(
    analysis: &'a Analysis,
    links: &'a [ResolvedLink],
    root: &'a str,
    page_url: &'a str,
    print: Option<PrintTarget<'a>>,
    raw_html: RawHtml,
) -> RenderContext<'a> {
    RenderContext {
        analysis,
        links,
        root,
        page_url,
        clause_badges: &clause_badges,
        print,
        raw_html,
        unresolved_as_text: false,
    }
}

/// Renders a document's body to HTML for a page `root` away from the site
/// root, or for the print page when `print` is set.
pub fn render_body(
    d: &Document,
    root: &str,
    print: Option<PrintTarget<'_>>,
    raw_html: RawHtml,
) -> String {
    markdown::render(
        d.file.body(),
        &context(&d.analysis, &d.links, root, &d.url, print, raw_html),
    )
}

/// Renders a document's body for its own page, also collecting its section
/// texts into `texts` (for the search index) from the same parse.
pub fn render_page_body(hb: &Handbook, d: &Document, texts: Option<&mut SectionTexts>) -> String {
    markdown::render_collecting(
        d.file.body(),
        &context(
            &d.analysis,
            &d.links,
            "../",
            &d.url,
            None,
            hb.config.output.html.raw_html,
        ),
        texts,
    )
}

/// Renders the home page's `index.md`, if there is one.
pub fn render_home(hb: &Handbook) -> Option<String> {
    hb.home.as_ref().map(|h| {
        markdown::render(
            h.file.body(),
            &context(
                &h.analysis,
                &h.links,
                "",
                "index.html",
                None,
                hb.config.output.html.raw_html,
            ),
        )
    })
}
