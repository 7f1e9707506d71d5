//! Earlier revisions of documents: a page for each
//! (`doc/<ID>/rev-<REV>.html`, with a "superseded revision" banner) and one
//! page per document comparing each revision with the one before it
//! (`doc/<ID>/changes.html`).
//!
//! Which revisions are published and how they are read is
//! [`crate::model::archive`]'s; the comparison is
//! [`crate::views::revision_diff`]'s. These pages are left out of
//! navigation, search, coverage, the sitemap and the print page: nothing
//! else lists them, and they ask search engines not to index them.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, RenderContext};
use crate::model::archive::{self, Archived, Listed};
use crate::model::handbook::{Document, Handbook};
use crate::model::links::Targets;
use crate::model::urls;
use crate::parse::history::{self, Change, DocumentHistory, History, Version};
use crate::render::body::clause_badges;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::views::revision_diff::{self, FieldChange, TextDiff};
use crate::views::summary::{DocSummary, summary, type_names};

/// How far an archived page is from the site root (`doc/<ID>/…`).
const ROOT: &str = "../../";

/// The commit a revision was recorded in, as templates see it.
#[derive(Serialize)]
struct CommitView<'a> {
    short: &'a str,
    date: &'a str,
    author: &'a str,
    subject: &'a str,
    url: Option<String>,
}

fn commit_view<'a>(hb: &Handbook, c: &'a Change) -> CommitView<'a> {
    CommitView {
        short: c.commit.short(),
        date: c.commit.date(),
        author: &c.commit.author,
        subject: &c.commit.subject,
        url: hb.config.output.html.commit_url(&c.commit.hash),
    }
}

/// An earlier revision as its page shows it (`revision`).
#[derive(Serialize)]
struct RevisionView<'a> {
    id: &'a str,
    title: &'a str,
    doc_type: &'a str,
    type_label: &'a str,
    type_plural: &'a str,
    revision: &'a str,
    status: Option<&'a str>,
    owner: Option<&'a str>,
    approved_by: Option<&'a str>,
    effective: Option<String>,
    commit: CommitView<'a>,
    url: &'a str,
}

/// One step from a revision to the next, as `changes.html` shows it.
#[derive(Serialize)]
struct Step<'a> {
    from: &'a str,
    to: &'a str,
    from_url: &'a str,
    to_url: &'a str,
    /// `to`'s effective date, else the date of its commit.
    date: Option<String>,
    /// Anchor of the step on the page.
    anchor: String,
    /// `to`'s entry in the document's `changes:` log, when it has one.
    summary: Option<&'a str>,
    fields: Vec<FieldChange>,
    diff: TextDiff,
}

/// A link to an earlier revision, for the document's own page.
#[derive(Debug, Clone, Serialize)]
pub struct EarlierRevision {
    /// The revision.
    pub revision: String,
    /// Its page, relative to the site root.
    pub url: String,
    /// The date of the last commit with it.
    pub date: String,
}

/// The earlier revisions document `index` publishes (newest first) and its
/// changes page, for links from its own page; no changes page when there
/// is no earlier revision.
pub fn links(
    hb: &Handbook,
    index: usize,
    history: &DocumentHistory,
) -> (Vec<EarlierRevision>, Option<String>) {
    let listed = archive::listed(hb, index, history);
    if listed.is_empty() {
        return (Vec::new(), None);
    }
    let earlier = listed
        .into_iter()
        .map(|l| EarlierRevision {
            revision: l.version.revision.clone(),
            date: history.changes[l.version.change].commit.date().to_string(),
            url: l.url,
        })
        .collect();
    (
        earlier,
        Some(urls::revision_changes(hb.documents[index].id())),
    )
}

/// How many documents' earlier revisions are read (one `git cat-file`) and
/// rendered at a time: bounds the texts held in memory.
const CHUNK: usize = 256;

/// Writes the earlier-revision pages and the changes page of every
/// published document that has earlier revisions; returns how many files.
pub fn render(
    hb: &Handbook,
    pages: &Pages<'_>,
    history: &History,
) -> Result<usize, Vec<Diagnostic>> {
    if !hb.config.history.archive_revisions {
        return Ok(0);
    }
    let targets = hb.targets();
    let with_archive: Vec<(usize, Vec<Listed<'_>>)> = (0..hb.documents.len())
        .map(|i| (i, archive::listed(hb, i, history.of(i))))
        .filter(|(_, listed)| !listed.is_empty())
        .collect();
    let mut files = 0;
    let mut problems = Vec::new();
    for chunk in with_archive.chunks(CHUNK) {
        let versions: Vec<&Version> = chunk
            .iter()
            .flat_map(|(_, listed)| listed.iter().map(|l| l.version))
            .collect();
        let texts = history::version_texts(history, &versions);
        let results: Vec<Result<usize, Vec<Diagnostic>>> = chunk
            .par_iter()
            .map(|(i, listed)| {
                document_archive(hb, &targets, pages, *i, history.of(*i), listed, &texts)
            })
            .collect();
        for r in results {
            match r {
                Ok(n) => files += n,
                Err(ds) => problems.extend(ds),
            }
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Writes the archive of document `index` alone (incremental rebuilds);
/// returns how many files.
pub fn single_document_archive(
    hb: &Handbook,
    targets: &Targets<'_>,
    pages: &Pages<'_>,
    index: usize,
    history: &History,
) -> Result<usize, Vec<Diagnostic>> {
    if !hb.config.history.archive_revisions {
        return Ok(0);
    }
    let listed = archive::listed(hb, index, history.of(index));
    if listed.is_empty() {
        return Ok(0);
    }
    let versions: Vec<&Version> = listed.iter().map(|l| l.version).collect();
    let texts = history::version_texts(history, &versions);
    document_archive(
        hb,
        targets,
        pages,
        index,
        history.of(index),
        &listed,
        &texts,
    )
}

/// Writes the pages of `listed` (document `index`'s earlier revisions,
/// whose texts are in `texts`) and its changes page.
fn document_archive(
    hb: &Handbook,
    targets: &Targets<'_>,
    pages: &Pages<'_>,
    index: usize,
    history: &DocumentHistory,
    listed: &[Listed<'_>],
    texts: &HashMap<String, Arc<str>>,
) -> Result<usize, Vec<Diagnostic>> {
    let d = &hb.documents[index];
    let archived: Vec<Archived> = listed
        .iter()
        .filter_map(|l| {
            let text = texts.get(&l.version.blob)?;
            archive::read(hb, targets, index, l.version, text, l.url.clone())
        })
        .collect();
    if archived.is_empty() {
        return Ok(0);
    }
    let mut results: Vec<Result<(), Diagnostic>> = archived
        .iter()
        .map(|a| revision_page(hb, pages, d, a, history))
        .collect();
    results.push(changes_page(hb, pages, d, &archived, history));
    gather(results)
}

fn revision_page(
    hb: &Handbook,
    pages: &Pages<'_>,
    d: &Document,
    a: &Archived,
    history: &DocumentHistory,
) -> Result<(), Diagnostic> {
    let names = type_names(hb, d);
    let meta = a.meta.as_ref();
    let change = &history.changes[a.change];
    let view = RevisionView {
        id: d.id(),
        title: meta.map_or(d.meta.title.as_str(), |m| m.title.as_str()),
        doc_type: &d.meta.doc_type.value,
        type_label: names.label,
        type_plural: names.plural,
        revision: &a.revision,
        status: change.status.as_deref(),
        owner: meta.and_then(|m| m.owner.as_deref()),
        approved_by: meta
            .and_then(|m| m.approved_by.as_ref())
            .map(|a| a.value.as_str()),
        effective: meta
            .and_then(|m| m.effective.as_ref())
            .map(|e| e.value.to_string()),
        commit: commit_view(hb, change),
        url: &a.url,
    };
    let content = markdown::render(
        a.file.body(),
        &RenderContext {
            analysis: &a.analysis,
            links: &a.links,
            root: ROOT,
            page_url: &a.url,
            clause_badges: &clause_badges,
            print: None,
            raw_html: hb.config.output.html.raw_html,
            unresolved_as_text: true,
        },
    );
    let current: DocSummary<'_> = summary(d);
    pages.page("revision.html", &a.url, ROOT, d.id(), |cx| {
        cx.insert("revision", &view);
        cx.insert("current", &current);
        cx.insert("changes_url", &urls::revision_changes(d.id()));
        cx.insert("content", &content);
    })
}

fn changes_page(
    hb: &Handbook,
    pages: &Pages<'_>,
    d: &Document,
    archived: &[Archived],
    history: &DocumentHistory,
) -> Result<(), Diagnostic> {
    // Oldest first, then today's text.
    struct Point<'a> {
        revision: &'a str,
        url: &'a str,
        body: &'a str,
        meta: Option<&'a crate::parse::front_matter::FrontMatter>,
        date: Option<String>,
    }
    let mut points: Vec<Point<'_>> = archived
        .iter()
        .rev()
        .map(|a| Point {
            revision: &a.revision,
            url: &a.url,
            body: a.file.body(),
            meta: a.meta.as_ref(),
            date: a
                .meta
                .as_ref()
                .and_then(|m| m.effective.as_ref())
                .map(|e| e.value.to_string())
                .or_else(|| Some(history.changes[a.change].commit.date().to_string())),
        })
        .collect();
    points.push(Point {
        revision: d.meta.revision.as_deref().unwrap_or("current"),
        url: &d.url,
        body: d.file.body(),
        meta: Some(&d.meta),
        date: d.meta.effective.as_ref().map(|e| e.value.to_string()),
    });
    let mut steps: Vec<Step<'_>> = points
        .windows(2)
        .map(|pair| {
            let (from, to) = (&pair[0], &pair[1]);
            Step {
                from: from.revision,
                to: to.revision,
                from_url: from.url,
                to_url: to.url,
                date: to.date.clone(),
                anchor: format!("to-{}", urls::revision_slug(to.revision)),
                summary: d
                    .meta
                    .changes
                    .iter()
                    .flatten()
                    .find(|c| c.revision.value.trim() == to.revision.trim())
                    .map(|c| c.summary.as_str()),
                fields: match (from.meta, to.meta) {
                    (Some(a), Some(b)) => revision_diff::field_changes(a, b),
                    _ => Vec::new(),
                },
                diff: revision_diff::compare(from.body, to.body),
            }
        })
        .collect();
    steps.reverse();
    let url = urls::revision_changes(d.id());
    let names = type_names(hb, d);
    let current = summary(d);
    pages.page("changes.html", &url, ROOT, d.id(), |cx| {
        cx.insert("current", &current);
        cx.insert("type_plural", names.plural);
        cx.insert("steps", &steps);
    })
}
