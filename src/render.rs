//! Rendering: the model to HTML files, pages in parallel.
//!
//! Each page gets a small context (its own data plus shared book data in
//! Tera's global context). Navigation lives in one shared `nav.js`, so a page's
//! size does not grow with the handbook.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::coverage::Coverage;
use crate::coverage_pages;
use crate::diagnostics::Diagnostic;
use crate::document::{ClauseTag, Status};
use crate::handbook::{Document, Handbook};
use crate::history::{Change, History};
use crate::html::escape;
use crate::lifecycle::{self, ReviewState};
use crate::links::FILES_DIR;
use crate::markdown::{self, RenderContext};
use crate::theme::Theme;
use crate::views;

/// Facts about this build that templates may show.
#[derive(Debug, Clone, Serialize)]
pub struct BuildInfo {
    /// The build date, `YYYY-MM-DD` (from `SOURCE_DATE_EPOCH` when set).
    pub date: String,
    /// qmsbook's version.
    pub version: &'static str,
    /// Whether drafts are published.
    pub drafts: bool,
}

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Document pages.
    pub documents: usize,
    /// All files.
    pub files: usize,
}

#[derive(Serialize)]
struct BookView<'a> {
    title: &'a str,
    organization: &'a str,
    description: &'a str,
    language: &'a str,
}

/// A document as lists show it.
#[derive(Serialize)]
pub(crate) struct DocSummary<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    doc_type: &'a str,
    pub(crate) revision: Option<&'a str>,
    status: &'static str,
    owner: Option<&'a str>,
    effective: Option<String>,
}

#[derive(Serialize)]
struct ClauseView {
    standard: Option<String>,
    clause: String,
}

/// A document as its own page shows it.
#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    doc_type: &'a str,
    type_label: &'a str,
    type_plural: &'a str,
    owner: Option<&'a str>,
    approved_by: Option<&'a str>,
    revision: Option<&'a str>,
    effective: Option<String>,
    review_by: Option<String>,
    status: &'static str,
    clauses: Vec<ClauseView>,
    weight: i64,
    supersedes: Vec<DocSummary<'a>>,
    superseded_by: Option<DocSummary<'a>>,
    extra: &'a BTreeMap<String, serde_json::Value>,
    url: &'a str,
    source_path: &'a str,
    /// Next review: `date`, `state` (overdue | due-soon | current), `days`.
    review: Option<ReviewView>,
    /// Approved with an effective date after the build date.
    not_yet_effective: bool,
    /// Commits that changed the document, newest first.
    history: Vec<ChangeView<'a>>,
    /// The newest of them.
    last_changed: Option<ChangeView<'a>>,
}

#[derive(Serialize, Clone)]
struct ReviewView {
    date: String,
    state: ReviewState,
    days: i64,
    overdue_days: i64,
}

/// A commit as templates see it.
#[derive(Serialize, Clone)]
pub struct ChangeView<'a> {
    hash: &'a str,
    short: &'a str,
    author: &'a str,
    date: &'a str,
    subject: &'a str,
    url: Option<String>,
}

fn change_view<'a>(hb: &Handbook, c: &'a Change) -> ChangeView<'a> {
    ChangeView {
        hash: &c.hash,
        short: &c.short,
        author: &c.author,
        date: &c.date,
        subject: &c.subject,
        url: hb.config.output.html.commit_url(&c.hash),
    }
}

fn review_view(hb: &Handbook, d: &Document) -> Option<ReviewView> {
    lifecycle::review(hb, d).map(|r| ReviewView {
        date: r.date.to_string(),
        state: r.state,
        days: r.days,
        overdue_days: -r.days,
    })
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct TypeGroup<'a> {
    key: &'a str,
    label: &'a str,
    plural: &'a str,
    documents: Vec<DocSummary<'a>>,
}

pub(crate) fn summary<'a>(d: &'a Document) -> DocSummary<'a> {
    DocSummary {
        id: d.id(),
        title: &d.meta.title,
        url: &d.url,
        doc_type: &d.meta.doc_type.value,
        revision: d.meta.revision.as_deref(),
        status: d.meta.status.as_str(),
        owner: d.meta.owner.as_deref(),
        effective: d.meta.effective.as_ref().map(|e| e.value.to_string()),
    }
}

/// Renders the clause tags of a heading as small labels.
fn clause_badges(tags: &[ClauseTag]) -> String {
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

/// Writes every page of the site into `out` (an empty folder).
pub fn render_site(
    hb: &Handbook,
    theme: &mut Theme,
    history: &History,
    out: &Path,
    build: &BuildInfo,
) -> Result<Stats, Vec<Diagnostic>> {
    let book = BookView {
        title: &hb.config.book.title,
        organization: &hb.config.book.organization,
        description: &hb.config.book.description,
        language: &hb.config.book.language,
    };
    let coverage = Coverage::compute(hb, hb.today);
    let records = views::standard_records(hb, &coverage);
    let view_links = coverage_pages::view_links(hb, &records);
    {
        let g = theme.tera.global_context();
        g.insert("book", &book);
        g.insert("build", build);
        g.insert("types", &hb.types);
        g.insert("views", &view_links);
    }
    let theme: &Theme = theme;
    let mut diagnostics = Vec::new();
    let mut files = 0usize;

    let mkdir = |p: &Path| {
        std::fs::create_dir_all(p).map_err(|e| {
            vec![Diagnostic::error(
                "write",
                format!("cannot create `{}`: {e}", p.display()),
            )]
        })
    };
    mkdir(&out.join("doc"))?;
    mkdir(&out.join("static"))?;

    // Navigation order, for previous/next.
    let nav: Vec<usize> = hb.navigable().map(|(i, _)| i).collect();
    let mut position = vec![None; hb.documents.len()];
    for (p, &i) in nav.iter().enumerate() {
        position[i] = Some(p);
    }

    // Document pages, in parallel.
    let page_results: Vec<Result<(), Diagnostic>> = hb
        .documents
        .par_iter()
        .enumerate()
        .filter(|(_, d)| d.published)
        .map(|(i, d)| {
            let prev = position[i]
                .and_then(|p| p.checked_sub(1))
                .map(|p| summary(&hb.documents[nav[p]]));
            let next = position[i]
                .and_then(|p| nav.get(p + 1))
                .map(|&n| summary(&hb.documents[n]));
            let html = render_document(hb, theme, &history.per_document[i], d, prev, next)?;
            write(&out.join(&d.url), html.as_bytes())
        })
        .collect();
    for r in page_results {
        match r {
            Ok(()) => files += 1,
            Err(d) => diagnostics.push(d),
        }
    }
    let documents = files;

    // Home page.
    let groups: Vec<TypeGroup<'_>> = hb
        .types
        .iter()
        .map(|t| TypeGroup {
            key: &t.key,
            label: &t.label,
            plural: &t.plural,
            documents: hb
                .navigable()
                .filter(|(_, d)| d.meta.doc_type.value == t.key)
                .map(|(_, d)| summary(d))
                .collect(),
        })
        .filter(|g| !g.documents.is_empty())
        .collect();
    let home_html = hb.home.as_ref().map(|h| {
        markdown::render(
            h.file.body(),
            &RenderContext {
                analysis: &h.analysis,
                links: &h.links,
                root: "",
                page_url: "index.html",
                clause_badges: &clause_badges,
                print: None,
                raw_html: hb.config.output.html.raw_html,
            },
        )
    });
    let obsolete: Vec<DocSummary<'_>> = hb
        .documents
        .iter()
        .filter(|d| d.published && d.meta.status == Status::Obsolete)
        .map(summary)
        .collect();
    let mut cx = tera::Context::new();
    cx.insert("root", "");
    cx.insert("content", &home_html);
    cx.insert("groups", &groups);
    cx.insert("obsolete", &obsolete);
    let summaries: Vec<_> = records
        .iter()
        .map(|r| serde_json::json!({ "key": r.key, "name": r.name, "summary": r.summary, "top_level": r.top_level }))
        .collect();
    cx.insert("standards", &summaries);
    cx.insert("current", "index");
    match theme
        .render("index.html", &cx)
        .and_then(|html| write(&out.join("index.html"), html.as_bytes()))
    {
        Ok(()) => files += 1,
        Err(d) => diagnostics.push(d),
    }

    // 404 page: works at any depth when site-url is set (absolute base), else from the root.
    let mut cx = tera::Context::new();
    let base = hb.config.output.html.site_base();
    cx.insert("root", base.as_deref().unwrap_or(""));
    cx.insert("current", "404");
    match theme
        .render("404.html", &cx)
        .and_then(|html| write(&out.join("404.html"), html.as_bytes()))
    {
        Ok(()) => files += 1,
        Err(d) => diagnostics.push(d),
    }

    // Coverage views and exports.
    match coverage_pages::render(hb, theme, out, &records, &build.date) {
        Ok(n) => files += n,
        Err(ds) => diagnostics.extend(ds),
    }

    // Reviews, what's new, feed, print.
    match crate::control_pages::render(hb, theme, history, out, &build.date) {
        Ok(n) => files += n,
        Err(ds) => diagnostics.extend(ds),
    }

    // Shared navigation data.
    match write(
        &out.join("nav.js"),
        navigation_script(hb, &groups).as_bytes(),
    ) {
        Ok(()) => files += 1,
        Err(d) => diagnostics.push(d),
    }

    // Search index (search-index.js and its text shards).
    match crate::search::write(hb, &view_links, out) {
        Ok(n) => files += n,
        Err(d) => diagnostics.push(d),
    }

    // Theme static files.
    for (name, bytes) in &theme.static_files {
        let path = out.join("static").join(name);
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            diagnostics.push(Diagnostic::error(
                "write",
                format!("cannot create `{}`: {e}", parent.display()),
            ));
            continue;
        }
        match write(&path, bytes) {
            Ok(()) => files += 1,
            Err(d) => diagnostics.push(d),
        }
    }

    // Content files other than Markdown.
    let src = hb.src_dir();
    for rel in &hb.assets {
        let to = out.join(FILES_DIR).join(rel);
        if let Some(parent) = to.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            diagnostics.push(Diagnostic::error(
                "write",
                format!("cannot create `{}`: {e}", parent.display()),
            ));
            continue;
        }
        match std::fs::copy(src.join(rel), &to) {
            Ok(_) => files += 1,
            Err(e) => diagnostics.push(Diagnostic::error(
                "write",
                format!("cannot copy `{rel}`: {e}"),
            )),
        }
    }

    // sitemap.xml and robots.txt (with site-url), once every page is written.
    if diagnostics.is_empty() {
        match crate::search::write_sitemap(hb, out) {
            Ok(n) => files += n,
            Err(d) => diagnostics.push(d),
        }
    }

    if diagnostics.is_empty() {
        Ok(Stats { documents, files })
    } else {
        Err(diagnostics)
    }
}

/// Renders the page of document `index` alone (incremental rebuilds).
pub fn render_document_page(
    hb: &Handbook,
    theme: &Theme,
    history: &History,
    index: usize,
) -> Result<String, Diagnostic> {
    let nav: Vec<usize> = hb.navigable().map(|(i, _)| i).collect();
    let position = nav.iter().position(|&i| i == index);
    let prev = position
        .and_then(|p| p.checked_sub(1))
        .map(|p| summary(&hb.documents[nav[p]]));
    let next = position
        .and_then(|p| nav.get(p + 1))
        .map(|&n| summary(&hb.documents[n]));
    let changes = history
        .per_document
        .get(index)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    render_document(hb, theme, changes, &hb.documents[index], prev, next)
}

/// Renders a document's body to HTML.
pub fn render_body(
    d: &Document,
    root: &str,
    print: Option<markdown::PrintTarget<'_>>,
    raw_html: crate::sanitize::RawHtml,
) -> String {
    markdown::render(
        d.file.body(),
        &RenderContext {
            analysis: &d.analysis,
            links: &d.links,
            root,
            page_url: &d.url,
            clause_badges: &clause_badges,
            print,
            raw_html,
        },
    )
}

pub(crate) fn render_document(
    hb: &Handbook,
    theme: &Theme,
    changes: &[Change],
    d: &Document,
    prev: Option<DocSummary<'_>>,
    next: Option<DocSummary<'_>>,
) -> Result<String, Diagnostic> {
    let content = render_body(d, "../", None, hb.config.output.html.raw_html);
    let doc_type = hb.doc_type(&d.meta.doc_type.value);
    let page = PageView {
        id: d.id(),
        title: &d.meta.title,
        doc_type: &d.meta.doc_type.value,
        type_label: doc_type.map_or(d.meta.doc_type.value.as_str(), |t| t.label.as_str()),
        type_plural: doc_type.map_or(d.meta.doc_type.value.as_str(), |t| t.plural.as_str()),
        owner: d.meta.owner.as_deref(),
        approved_by: d.meta.approved_by.as_deref(),
        revision: d.meta.revision.as_deref(),
        effective: d.meta.effective.as_ref().map(|e| e.value.to_string()),
        review_by: d.meta.review_by.as_ref().map(|e| e.value.to_string()),
        status: d.meta.status.as_str(),
        clauses: d
            .meta
            .clauses
            .iter()
            .map(|c| ClauseView {
                standard: c.standard.clone(),
                clause: c.clause.clone(),
            })
            .collect(),
        weight: d.meta.weight,
        supersedes: d
            .meta
            .supersedes
            .iter()
            .filter_map(|s| hb.get(&s.value))
            .map(summary)
            .collect(),
        superseded_by: d
            .meta
            .superseded_by
            .as_ref()
            .and_then(|s| hb.get(&s.value))
            .map(summary),
        extra: &d.meta.extra,
        url: &d.url,
        source_path: &d.file.text.path,
        review: review_view(hb, d),
        not_yet_effective: lifecycle::not_yet_effective(hb, d),
        history: changes.iter().map(|c| change_view(hb, c)).collect(),
        last_changed: changes.first().map(|c| change_view(hb, c)),
    };
    let toc: Vec<TocEntry<'_>> = d
        .analysis
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(|h| TocEntry {
            level: h.level,
            id: &h.id,
            text: &h.text,
        })
        .collect();
    let backlinks: Vec<DocSummary<'_>> = d
        .backlinks
        .iter()
        .map(|&i| summary(&hb.documents[i]))
        .collect();
    let mut cx = tera::Context::new();
    cx.insert("root", "../");
    cx.insert("page", &page);
    cx.insert("content", &content);
    cx.insert("toc", &toc);
    cx.insert("backlinks", &backlinks);
    cx.insert("prev", &prev);
    cx.insert("next", &next);
    cx.insert("current", d.id());
    theme.render("page.html", &cx)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    std::fs::write(path, bytes)
        .map_err(|e| Diagnostic::error("write", format!("cannot write `{}`: {e}", path.display())))
}

/// `nav.js`: the sidebar's data, one script shared by every page (works from `file://`).
fn navigation_script(hb: &Handbook, groups: &[TypeGroup<'_>]) -> String {
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
    let _ = hb;
    format!("window.QMSBOOK_NAV = {json};\n")
}
