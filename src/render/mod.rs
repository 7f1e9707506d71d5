//! Rendering: the model to HTML files, pages in parallel.
//!
//! Each page gets a small context (its own data plus shared book data in
//! Tera's global context). Navigation lives in one shared `nav.js`, so a page's
//! size does not grow with the handbook.

pub mod control;
pub mod coverage;
pub mod csp;
pub mod search;
pub mod theme;
pub mod writer;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::coverage::Coverage;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, RenderContext, SectionTexts};
use crate::model::handbook::{Document, Handbook};
use crate::model::reviews::{self, ReviewState};
use crate::model::urls;
use crate::output::site_files::SiteFiles;
use crate::parse::front_matter::{ClauseTag, Status};
use crate::parse::history::{Change, History};
use crate::render::search::DocIndex;
use crate::render::theme::Theme;
use crate::render::writer::gather;
use crate::util::html::escape;
use crate::util::timings;
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
    /// Files identical to the previous build's, hard-linked from it.
    pub unchanged: usize,
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
    reviews::review(hb, d).map(|r| ReviewView {
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

/// One independent part of the site (a page, a group of pages, an index);
/// returns how many files it wrote.
type Part<'a> = Box<dyn Fn() -> Result<usize, Vec<Diagnostic>> + Send + Sync + 'a>;

/// Writes every page of the site into `out`. Document pages and the
/// whole-site parts (coverage views, print page, search index, ...) are
/// rendered at the same time on every core.
pub fn render_site(
    hb: &Handbook,
    coverage: &Coverage,
    theme: &mut Theme,
    history: &History,
    out: &SiteFiles,
    build: &BuildInfo,
) -> Result<Stats, Vec<Diagnostic>> {
    let book = BookView {
        title: &hb.config.book.title,
        organization: &hb.config.book.organization,
        description: &hb.config.book.description,
        language: &hb.config.book.language,
    };
    let records = views::standard_records(hb, coverage);
    let view_links = coverage::view_links(hb, &records);
    {
        let g = theme.tera.global_context();
        g.insert("book", &book);
        g.insert("build", build);
        g.insert("types", &hb.types);
        g.insert("views", &view_links);
    }
    let theme: &Theme = theme;

    // Navigation order, for previous/next.
    let nav: Vec<usize> = hb.navigable().map(|(i, _)| i).collect();
    let mut position = vec![None; hb.documents.len()];
    for (p, &i) in nav.iter().enumerate() {
        position[i] = Some(p);
    }
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

    let one = |r: Result<(), Diagnostic>| r.map(|()| 1).map_err(|d| vec![d]);
    let parts: Vec<(&'static str, Part<'_>)> = vec![
        (
            "home page",
            Box::new(|| one(home_page(hb, theme, out, &groups, &records))),
        ),
        (
            "404 page",
            Box::new(|| {
                // 404 page: works at any depth when site-url is set (absolute base), else from the root.
                let mut cx = tera::Context::new();
                let base = hb.config.output.html.site_base();
                cx.insert("root", base.as_deref().unwrap_or(""));
                cx.insert("current", "404");
                one(theme
                    .render("404.html", &cx)
                    .and_then(|html| out.write("404.html", html.as_bytes())))
            }),
        ),
        (
            "coverage views",
            Box::new(|| coverage::render(hb, theme, out, &records, coverage, &build.date)),
        ),
        (
            "reviews, what's new, print page",
            Box::new(|| crate::render::control::render(hb, theme, history, out, &build.date)),
        ),
        (
            "navigation",
            Box::new(|| one(out.write("nav.js", navigation_script(&groups).as_bytes()))),
        ),
        (
            "theme files",
            Box::new(|| {
                let results = theme
                    .static_files
                    .iter()
                    .map(|(name, bytes)| out.write(&format!("static/{name}"), bytes))
                    .collect();
                gather(results)
            }),
        ),
        (
            "content files",
            Box::new(|| {
                // Content files other than Markdown.
                let src = hb.src_dir();
                let results = hb
                    .assets
                    .par_iter()
                    .map(|rel| out.copy(&urls::file(rel), &src.join(rel)))
                    .collect();
                gather(results)
            }),
        ),
    ];

    // Document pages also make their entries of the search index, from the
    // same parse.
    let (page_results, part_results) = rayon::join(
        || -> Vec<(usize, Result<Option<DocIndex>, Diagnostic>)> {
            let _t = timings::stage("document pages");
            hb.documents
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
                    let mut texts = position[i].map(|_| SectionTexts::default());
                    let page = render_document(
                        hb,
                        theme,
                        &history.per_document[i],
                        d,
                        prev,
                        next,
                        texts.as_mut(),
                    )
                    .and_then(|html| out.write(&d.url, html.as_bytes()))
                    .map(|()| texts.map(|t| DocIndex::new(d, &t.finish())));
                    (i, page)
                })
                .collect()
        },
        || -> Vec<Result<usize, Vec<Diagnostic>>> {
            parts
                .par_iter()
                .map(|(name, part)| {
                    let _t = timings::stage(name);
                    part()
                })
                .collect()
        },
    );

    let mut diagnostics = Vec::new();
    let mut documents = 0;
    let mut collected: Vec<Option<DocIndex>> = vec![None; hb.documents.len()];
    for (i, r) in page_results {
        match r {
            Ok(texts) => {
                documents += 1;
                if let Some(slot) = collected.get_mut(i) {
                    *slot = texts;
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    {
        let _t = timings::stage("search index");
        if let Err(d) = crate::render::search::write(hb, &view_links, &collected, out) {
            diagnostics.push(d);
        }
    }
    drop(collected);
    for r in part_results {
        if let Err(ds) = r {
            diagnostics.extend(ds);
        }
    }

    // sitemap.xml and robots.txt (with site-url), once every page is written.
    if diagnostics.is_empty()
        && let Err(d) = crate::render::search::write_sitemap(hb, out)
    {
        diagnostics.push(d);
    }

    if diagnostics.is_empty() {
        Ok(Stats {
            documents,
            files: out.files().len(),
            unchanged: out.linked(),
        })
    } else {
        Err(diagnostics)
    }
}

/// The home page: `index.md` (if any) above the documents grouped by type.
fn home_page(
    hb: &Handbook,
    theme: &Theme,
    out: &SiteFiles,
    groups: &[TypeGroup<'_>],
    records: &[views::StandardRecord],
) -> Result<(), Diagnostic> {
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
    cx.insert("groups", groups);
    cx.insert("obsolete", &obsolete);
    let summaries: Vec<_> = records
        .iter()
        .map(|r| serde_json::json!({ "key": r.key, "name": r.name, "summary": r.summary, "top_level": r.top_level }))
        .collect();
    cx.insert("standards", &summaries);
    cx.insert("current", "index");
    let html = theme.render("index.html", &cx)?;
    out.write("index.html", html.as_bytes())
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
    render_document(hb, theme, changes, &hb.documents[index], prev, next, None)
}

/// Renders a document's body to HTML.
pub fn render_body(
    d: &Document,
    root: &str,
    print: Option<markdown::PrintTarget<'_>>,
    raw_html: crate::markdown::sanitize::RawHtml,
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
    texts: Option<&mut SectionTexts>,
) -> Result<String, Diagnostic> {
    let content = markdown::render_collecting(
        d.file.body(),
        &RenderContext {
            analysis: &d.analysis,
            links: &d.links,
            root: "../",
            page_url: &d.url,
            clause_badges: &clause_badges,
            print: None,
            raw_html: hb.config.output.html.raw_html,
        },
        texts,
    );
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
        not_yet_effective: reviews::not_yet_effective(hb, d),
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

/// `nav.js`: the sidebar's data, one script shared by every page (works from `file://`).
fn navigation_script(groups: &[TypeGroup<'_>]) -> String {
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
