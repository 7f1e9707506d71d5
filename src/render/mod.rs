//! Rendering: the model and its views to the site's files, pages in parallel.
//!
//! One module per page family: [`document`] pages, [`home`] (home, 404,
//! sidebar script), [`coverage`] (the auditor's pages and exports),
//! [`control`] (reviews, what's new with its [`feed`], and the [`print`]
//! page), [`objectives`] (quality objectives, alignment, exports),
//! [`management_review`] (reviews, action tracker, input pack),
//! [`awareness`] (acknowledgements, reading lists) and the
//! [`search`] index. Every page is rendered by [`writer`] with
//! the build's typed [`context::SiteContext`] (the theme is never changed by
//! a build) and written through [`sink::SiteSink`], which the output layer
//! implements: render never uses [`crate::output`].
//!
//! This file only orchestrates a whole build ([`render_site`]); it defines
//! nothing the page modules use.

pub mod archive;
pub mod awareness;
pub mod body;
pub mod context;
pub mod control;
pub mod coverage;
pub mod csp;
pub mod document;
pub mod feed;
pub mod home;
pub mod management_review;
pub mod memo;
pub mod objectives;
pub mod print;
pub mod register;
pub mod reviews;
pub mod search;
pub mod search_terms;
pub mod sink;
pub mod theme;
pub mod transition;
pub mod writer;

pub use context::{BuildInfo, SiteContext, Stats};
pub use document::render_document_page;

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::analysis::awareness::AwarenessStatus;
use crate::analysis::coverage::Coverage;
use crate::diagnostics::Diagnostic;
use crate::markdown::SectionTexts;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::parse::asset::Publish;
use crate::parse::history::History;
use crate::util::timings;
use crate::views::coverage::{StandardRecord, standard_records};
use crate::views::navigation::{Navigation, TypeGroup, type_groups};

use self::document::{DocumentPage, PageKey, content_in_repo};
use self::memo::{MemoPage, PageMemo};
use self::search::DocIndex;
use self::sink::{SiteSink, gather};
use self::theme::Theme;
use self::writer::Pages;

/// One independent part of the site (a page, a group of pages, an index);
/// returns how many files it wrote.
type Part<'a> = Box<dyn Fn() -> Result<usize, Vec<Diagnostic>> + Send + Sync + 'a>;

/// A document page's outcome: its entry of the search index when it is in
/// the reading order, the digest of its inputs (when remembering) and
/// whether it was rendered (not left as it was).
type PageOutcome = (
    usize,
    Result<(Option<Arc<DocIndex>>, Option<PageKey>, bool), Diagnostic>,
);

/// Writes every page of the site into `out`. Document pages and the
/// whole-site parts (coverage views, print page, search index, ...) are
/// rendered at the same time on every core.
pub fn render_site(
    hb: &Handbook,
    coverage: &Coverage,
    theme: &Theme,
    history: &History,
    out: &dyn SiteSink,
    site: &SiteContext,
) -> Result<Stats, Vec<Diagnostic>> {
    render_site_remembering(hb, coverage, theme, history, out, site, None)
}

/// [`render_site`], and with `memo`: document pages whose inputs are the
/// same as the remembered ones are left as they are ([`SiteSink::keep`]),
/// and the memo then remembers this build's pages.
pub fn render_site_remembering(
    hb: &Handbook,
    coverage: &Coverage,
    theme: &Theme,
    history: &History,
    out: &dyn SiteSink,
    site: &SiteContext,
    memo: Option<&mut PageMemo>,
) -> Result<Stats, Vec<Diagnostic>> {
    let pages = Pages { theme, site, out };
    let records = published_records(hb, coverage);
    let groups = type_groups(hb);
    let nav = Navigation::of(hb);
    let aware = crate::analysis::awareness::compute(hb);
    let parts = site_parts(
        hb,
        coverage,
        &pages,
        history,
        &records,
        &groups,
        aware.as_ref(),
    );

    let site_key = memo.is_some().then(|| memo::site_key(site));
    let remembered = memo.as_deref().zip(site_key.as_ref());
    let (page_results, part_results) = rayon::join(
        || document_pages(hb, &pages, history, &nav, aware.as_ref(), remembered),
        || run_parts(&parts),
    );

    let mut diagnostics = Vec::new();
    let (documents, prepared) =
        collect_pages(hb, page_results, memo.zip(site_key), &mut diagnostics);
    {
        let _t = timings::stage("search index");
        if let Err(d) = search::write(hb, site.views(), &prepared, out) {
            diagnostics.push(d);
        }
    }
    drop(prepared);
    for r in part_results {
        if let Err(ds) = r {
            diagnostics.extend(ds);
        }
    }

    // sitemap.xml and robots.txt (with site-url), once every page is written.
    if diagnostics.is_empty()
        && let Err(d) = search::write_sitemap(hb, out)
    {
        diagnostics.push(d);
    }

    if diagnostics.is_empty() {
        Ok(Stats {
            documents,
            files: out.written().len(),
            unchanged: out.reused(),
        })
    } else {
        Err(diagnostics)
    }
}

/// `serve`'s first pass after an edit: the document pages whose inputs
/// changed (see [`PageMemo`]), the earlier-revision pages of those
/// documents, the home page, the type pages and the sidebar's script. The
/// other whole-site pages, the search index and the manifest follow in a
/// full pass ([`render_site_remembering`]) once edits pause. Returns the
/// documents whose pages were rendered.
pub fn render_changed_pages(
    hb: &Handbook,
    coverage: &Coverage,
    theme: &Theme,
    history: &History,
    out: &dyn SiteSink,
    site: &SiteContext,
    memo: &mut PageMemo,
) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let pages = Pages { theme, site, out };
    let groups = type_groups(hb);
    let nav = Navigation::of(hb);
    let aware = crate::analysis::awareness::compute(hb);
    let records = published_records(hb, coverage);
    let site_key = memo::site_key(site);
    let (page_results, cheap) = rayon::join(
        || {
            document_pages(
                hb,
                &pages,
                history,
                &nav,
                aware.as_ref(),
                Some((memo, &site_key)),
            )
        },
        || {
            let one = |r: Result<(), Diagnostic>| r.map_err(|d| vec![d]);
            [
                one(home::home_page(
                    hb,
                    &pages,
                    &groups,
                    &records,
                    aware.as_ref(),
                )),
                home::type_pages(&pages, &groups).map(|_| ()),
                one(pages.file("nav.js", home::navigation_script(&groups).as_bytes())),
            ]
        },
    );
    let mut diagnostics = Vec::new();
    let (_, prepared) = collect_pages(
        hb,
        page_results,
        Some((&mut *memo, site_key)),
        &mut diagnostics,
    );
    drop(prepared);
    for r in cheap {
        if let Err(ds) = r {
            diagnostics.extend(ds);
        }
    }
    let rendered = memo.rendered().to_vec();
    let targets = hb.targets();
    for &i in &rendered {
        if let Err(ds) = archive::single_document_archive(hb, &targets, &pages, i, history) {
            diagnostics.extend(ds);
        }
    }
    if diagnostics.is_empty() {
        Ok(rendered)
    } else {
        Err(diagnostics)
    }
}

/// Each standard's coverage as the site shows it: only published documents
/// (drafts with `--drafts`).
fn published_records(hb: &Handbook, coverage: &Coverage) -> Vec<StandardRecord> {
    standard_records(hb, coverage)
        .into_iter()
        .map(StandardRecord::published_only)
        .collect()
}

/// The whole-site parts, each independent of the others and of the document pages.
fn site_parts<'a>(
    hb: &'a Handbook,
    cov: &'a Coverage,
    pages: &'a Pages<'a>,
    history: &'a History,
    records: &'a [StandardRecord],
    groups: &'a [TypeGroup<'a>],
    aware: Option<&'a AwarenessStatus>,
) -> Vec<(&'static str, Part<'a>)> {
    let one = |r: Result<(), Diagnostic>| r.map(|()| 1).map_err(|d| vec![d]);
    vec![
        (
            "home page",
            Box::new(move || one(home::home_page(hb, pages, groups, records, aware))),
        ),
        (
            "document type pages",
            Box::new(move || home::type_pages(pages, groups)),
        ),
        (
            "awareness",
            Box::new(move || awareness::render(hb, pages, aware)),
        ),
        (
            "404 page",
            Box::new(move || one(home::not_found_page(hb, pages))),
        ),
        (
            "coverage views",
            Box::new(move || coverage::render(hb, cov, pages, records)),
        ),
        (
            "transition views",
            Box::new(move || transition::render(hb, cov, pages)),
        ),
        (
            "reviews, what's new, print page",
            Box::new(move || control::render(hb, pages, history)),
        ),
        (
            "objectives",
            Box::new(move || objectives::render(hb, pages)),
        ),
        (
            "management reviews",
            Box::new(move || management_review::render(hb, cov, history, pages)),
        ),
        (
            "earlier revisions",
            Box::new(move || archive::render(hb, pages, history)),
        ),
        (
            "search results page",
            Box::new(move || one(search::results_page(pages))),
        ),
        (
            "navigation",
            Box::new(move || one(pages.file("nav.js", home::navigation_script(groups).as_bytes()))),
        ),
        (
            "theme files",
            Box::new(move || {
                let results = pages
                    .theme
                    .static_files
                    .iter()
                    .map(|(name, bytes)| pages.file(&format!("static/{name}"), bytes))
                    .collect();
                gather(results)
            }),
        ),
        (
            "content files",
            Box::new(move || {
                // Content files other than Markdown.
                let src = hb.src_dir();
                let results = hb
                    .assets
                    .par_iter()
                    .filter_map(|asset| {
                        let url = urls::file(&asset.rel);
                        match &asset.publish {
                            Publish::Copy => Some(pages.out.copy(&url, &src.join(&asset.rel))),
                            Publish::Read(bytes) | Publish::Rewritten(bytes) => {
                                Some(pages.file(&url, bytes))
                            }
                            Publish::Withheld(_) => None,
                        }
                    })
                    .collect();
                gather(results)
            }),
        ),
    ]
}

/// Runs the whole-site parts in parallel, each timed.
fn run_parts(parts: &[(&'static str, Part<'_>)]) -> Vec<Result<usize, Vec<Diagnostic>>> {
    parts
        .par_iter()
        .map(|(name, part)| {
            let _t = timings::stage(name);
            part()
        })
        .collect()
}

/// Renders and writes every published document's page in parallel;
/// documents in the reading order also make their entries of the search
/// index, from the same parse. With `remembered` (the memo and this build's
/// shared-data digest), a page whose inputs have the remembered digest is
/// left as it is, with its remembered entry.
fn document_pages(
    hb: &Handbook,
    pages: &Pages<'_>,
    history: &History,
    nav: &Navigation,
    awareness: Option<&AwarenessStatus>,
    remembered: Option<(&PageMemo, &PageKey)>,
) -> Vec<PageOutcome> {
    let _t = timings::stage("document pages");
    let content_in_repo = content_in_repo(hb, history);
    let page = DocumentPage {
        hb,
        theme: pages.theme,
        site: pages.site,
        nav,
        content_in_repo: &content_in_repo,
        awareness,
    };
    hb.documents
        .par_iter()
        .enumerate()
        .filter(|(_, d)| d.published)
        .map(|(i, d)| {
            let inputs = page.inputs(i, history.of(i));
            let key = remembered.map(|_| inputs.key());
            let same = remembered
                .zip(key.as_ref())
                .and_then(|((memo, site), key)| memo.same_page(site, &d.url, key, inputs.text()));
            if let Some(kept) = same {
                let outcome = pages
                    .out
                    .keep(&d.url)
                    .map(|()| (kept.entry.clone(), key, false));
                return (i, outcome);
            }
            let mut texts = nav.contains(i).then(SectionTexts::default);
            let outcome = page
                .render_inputs(inputs, texts.as_mut())
                .and_then(|html| pages.file(&d.url, html.as_bytes()))
                .map(|()| {
                    let entry = texts.map(|t| Arc::new(DocIndex::new(d, t.finish())));
                    (entry, key, true)
                });
            (i, outcome)
        })
        .collect()
}

/// Counts the document pages written, collects their errors into
/// `diagnostics` and their search index entries by document index; with a
/// memo (and this build's shared-data digest), remembers the pages.
fn collect_pages(
    hb: &Handbook,
    results: Vec<PageOutcome>,
    memo: Option<(&mut PageMemo, PageKey)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (usize, Vec<Option<Arc<DocIndex>>>) {
    let mut documents = 0;
    let mut prepared: Vec<Option<Arc<DocIndex>>> = vec![None; hb.documents.len()];
    let mut remembered = FxHashMap::default();
    let mut rendered = Vec::new();
    for (i, r) in results {
        match r {
            Ok((entry, key, was_rendered)) => {
                documents += 1;
                if was_rendered {
                    rendered.push(i);
                }
                if let (Some(key), Some(d)) = (key, hb.documents.get(i)) {
                    let page = MemoPage {
                        key,
                        text: d.file.text.text.clone(),
                        entry: entry.clone(),
                    };
                    remembered.insert(d.url.clone(), page);
                }
                if let Some(slot) = prepared.get_mut(i) {
                    *slot = entry;
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if let Some((memo, site)) = memo {
        memo.replace(site, remembered, rendered);
    }
    (documents, prepared)
}
