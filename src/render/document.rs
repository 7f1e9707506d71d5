//! The page of one document (`page.html`): its control data and approval
//! record, body, table of contents, backlinks, revision log (`changes:`),
//! history from git and previous/next links.
//!
//! The data shown comes from [`crate::views`] (summaries, type names,
//! reviews, reading order); this module shapes the page's template variables
//! and writes nothing itself: the caller decides where the HTML goes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::awareness::AwarenessStatus;
use crate::diagnostics::Diagnostic;
use crate::markdown::SectionTexts;
use crate::model::handbook::{Document, Handbook};
use crate::model::links::encode_path;
use crate::model::reviews;
use crate::parse::history::{Change, DocumentHistory, History};
use crate::render::archive::EarlierRevision;
use crate::render::body::render_page_body;
use crate::render::context::SiteContext;
use crate::render::theme::Theme;
use crate::views::approval::{Approval, ChangeRow, revision_history};
use crate::views::external::{ExternalRow, external_row};
use crate::views::navigation::Navigation;
use crate::views::reviews::{LastReview, Review};
use crate::views::summary::{DocSummary, summary, type_names};

#[derive(Serialize)]
struct ClauseView {
    standard: Option<String>,
    clause: String,
}

/// A document as its own page shows it (`page`).
#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    doc_type: &'a str,
    type_label: &'a str,
    type_plural: &'a str,
    owner: Option<&'a str>,
    approved_by: Option<&'a str>,
    approved_on: Option<String>,
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
    /// "Edit this page": the source file in the repository's web view, when
    /// `[output.html] git-repository-url` is set.
    edit_url: Option<String>,
    /// Next review: `date`, `state` (overdue | due-soon | current), `days`.
    review: Option<Review>,
    /// The last periodic review: `date`, `by`, `outcome`.
    last_review: Option<LastReview>,
    /// Who approved the current revision, when, and the evidence.
    approval: Approval<'a>,
    /// The revision log (`changes:`), newest first.
    changes: Vec<ChangeRow<'a>>,
    /// Approved with an effective date after the build date.
    not_yet_effective: bool,
    /// Commits that changed the document, newest first.
    history: Vec<ChangeView<'a>>,
    /// The newest of them.
    last_changed: Option<ChangeView<'a>>,
    /// Earlier revisions published from git, newest first.
    earlier_revisions: Vec<EarlierRevision>,
    /// The page comparing its revisions, when there are earlier ones.
    changes_url: Option<String>,
    /// For a document of external origin: issuer, identifier, edition,
    /// controlled copy and currency checks.
    external: Option<ExternalRow>,
    /// The policy commitments it declares, each with its anchor.
    commitments: Vec<AnchoredItem>,
    /// The quality objectives it declares, each with its anchor, page and status.
    objectives: Vec<AnchoredItem>,
}

/// A commitment or objective declared in a document's front matter, as its
/// page lists it.
#[derive(Serialize)]
pub(crate) struct AnchoredItem {
    id: String,
    title: String,
    /// `commitment-c1`, `objective-obj-2026-01`.
    anchor: String,
    /// The objective's page.
    url: Option<String>,
    status: Option<&'static str>,
    status_label: Option<&'static str>,
}

/// The commitments and objectives `d` declares.
pub(crate) fn declared(hb: &Handbook, d: &Document) -> (Vec<AnchoredItem>, Vec<AnchoredItem>) {
    let commitments = d
        .meta
        .commitments
        .iter()
        .map(|c| AnchoredItem {
            id: c.id.value.clone(),
            title: c.title.clone(),
            anchor: c.anchor(),
            url: None,
            status: None,
            status_label: None,
        })
        .collect();
    let objectives = d
        .meta
        .objectives
        .iter()
        .map(|o| {
            let model = hb.leadership.objective(&o.id.value);
            let status = model.map(|m| crate::analysis::objectives::of(m, hb.today));
            AnchoredItem {
                id: o.id.value.clone(),
                title: o.title.clone(),
                anchor: crate::parse::objectives::objective_anchor(&o.id.value),
                url: model.map(|m| m.url.clone()),
                status: status.map(|s| s.as_str()),
                status_label: status.map(|s| s.label()),
            }
        })
        .collect();
    (commitments, objectives)
}

/// A commit as templates see it.
#[derive(Serialize, Clone)]
struct ChangeView<'a> {
    hash: &'a str,
    short: &'a str,
    author: &'a str,
    /// Author date, `YYYY-MM-DD`.
    date: &'a str,
    /// Author time of day, `HH:MM` (in the author's time zone).
    time: &'a str,
    subject: &'a str,
    /// The document's `revision` after the commit.
    revision: Option<&'a str>,
    /// The document's `status` after the commit.
    status: Option<&'a str>,
    url: Option<String>,
    /// The page of that revision, when it is an earlier one that is published.
    archive_url: Option<String>,
}

fn change_view<'a>(hb: &Handbook, c: &'a Change) -> ChangeView<'a> {
    let commit = &c.commit;
    ChangeView {
        hash: &commit.hash,
        short: commit.short(),
        author: &commit.author,
        date: commit.date(),
        time: commit.authored.get(11..16).unwrap_or(""),
        subject: &commit.subject,
        revision: c.revision.as_deref(),
        status: c.status.as_deref(),
        url: hb.config.output.html.commit_url(&commit.hash),
        archive_url: None,
    }
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

/// What one document page is rendered with.
pub struct DocumentPage<'a> {
    /// The handbook.
    pub hb: &'a Handbook,
    /// The theme.
    pub theme: &'a Theme,
    /// The build's shared template data.
    pub site: &'a SiteContext,
    /// The reading order, for previous and next.
    pub nav: &'a Navigation,
    /// The content folder's path in the repository (see [`content_in_repo`]).
    pub content_in_repo: &'a str,
    /// Who acknowledged what (`None` when awareness is off).
    pub awareness: Option<&'a AwarenessStatus>,
}

/// The content folder's path from the repository's top folder: from git when
/// the handbook is in a repository, else the folder as `book.toml` names it
/// (the handbook folder taken as the repository's top).
pub fn content_in_repo(hb: &Handbook, history: &History) -> String {
    match &history.content_in_repo {
        Some(p) => p.clone(),
        None => hb
            .config
            .book
            .src
            .to_string_lossy()
            .replace('\\', "/")
            .trim_start_matches("./")
            .trim_end_matches('/')
            .to_string(),
    }
}

/// The "Edit this page" link of `d`, when configured.
fn edit_url(hb: &Handbook, d: &Document, content_in_repo: &str) -> Option<String> {
    let path = if content_in_repo.is_empty() || content_in_repo == "." {
        d.file.rel_path.clone()
    } else {
        format!("{content_in_repo}/{}", d.file.rel_path)
    };
    hb.config.output.html.edit_url(&encode_path(&path))
}

/// Everything a document page shows, gathered before anything is rendered:
/// the page's views and, for its body, the document itself.
pub struct PageInputs<'a> {
    d: &'a Document,
    current: &'a str,
    view: PageView<'a>,
    toc: Vec<TocEntry<'a>>,
    backlinks: Vec<DocSummary<'a>>,
    records: Vec<crate::views::records::RecordRow>,
    management_review: Option<crate::views::management_review::ReviewView>,
    acknowledgements: Option<crate::views::awareness::DocumentBlock>,
    prev: Option<DocSummary<'a>>,
    next: Option<DocSummary<'a>>,
}

impl DocumentPage<'_> {
    /// Renders the page of document `index`, whose git history is `history`;
    /// collects its section texts into `texts` when given.
    pub fn render(
        &self,
        index: usize,
        history: &DocumentHistory,
        texts: Option<&mut SectionTexts>,
    ) -> Result<String, Diagnostic> {
        let inputs = self.inputs(index, history);
        self.render_inputs(inputs, texts)
    }

    /// What the page of document `index` shows, its body not yet rendered.
    pub fn inputs<'b>(&'b self, index: usize, history: &'b DocumentHistory) -> PageInputs<'b> {
        let hb = self.hb;
        let d = &hb.documents[index];
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
        let prev = self.nav.previous(index).map(|p| summary(&hb.documents[p]));
        let next = self.nav.next(index).map(|n| summary(&hb.documents[n]));
        let changes: Vec<&Change> = history.shown().collect();
        let mut view = page_view(hb, d, &changes);
        (view.earlier_revisions, view.changes_url) =
            crate::render::archive::links(hb, index, history);
        for row in &mut view.history {
            row.archive_url = view
                .earlier_revisions
                .iter()
                .find(|e| Some(e.revision.as_str()) == row.revision)
                .map(|e| e.url.clone());
        }
        view.edit_url = edit_url(hb, d, self.content_in_repo);
        PageInputs {
            d,
            current: d.id(),
            view,
            toc,
            backlinks,
            records: crate::views::records::document_records(hb, index),
            management_review: crate::views::management_review::of_document(hb, index),
            acknowledgements: self
                .awareness
                .and_then(|s| crate::views::awareness::document_block(hb, s, index)),
            prev,
            next,
        }
    }

    /// Renders a page from its inputs (see [`Self::inputs`]).
    pub fn render_inputs(
        &self,
        inputs: PageInputs<'_>,
        texts: Option<&mut SectionTexts>,
    ) -> Result<String, Diagnostic> {
        let content = render_page_body(self.hb, inputs.d, texts);
        let mut cx = self.site.page("../", inputs.current);
        cx.insert("page", &inputs.view);
        cx.insert("content", &content);
        cx.insert("toc", &inputs.toc);
        cx.insert("backlinks", &inputs.backlinks);
        cx.insert("records", &inputs.records);
        cx.insert("management_review", &inputs.management_review);
        cx.insert("acknowledgements", &inputs.acknowledgements);
        cx.insert("prev", &inputs.prev);
        cx.insert("next", &inputs.next);
        self.theme.render("page.html", &cx)
    }
}

impl PageInputs<'_> {
    /// A digest of everything the page is rendered from besides the theme,
    /// the configuration, the build's shared data and the document's own
    /// text (compared on its own, see [`Self::text`]): the same key and
    /// text, the same page. The body counts by its Markdown and its links'
    /// targets as resolved (address and label), which is all its HTML
    /// depends on.
    pub fn key(&self) -> PageKey {
        let mut k = KeyWriter::default();
        k.text(&self.d.url);
        for link in &self.d.links {
            k.value(&(&link.href, link.external, &link.label));
        }
        k.text(self.current);
        k.value(&self.view);
        k.value(&self.toc);
        k.value(&self.backlinks);
        k.value(&self.records);
        k.value(&self.management_review);
        k.value(&self.acknowledgements);
        k.value(&self.prev);
        k.value(&self.next);
        k.finish()
    }
}

impl PageInputs<'_> {
    /// The document's text (front matter and body).
    pub fn text(&self) -> &std::sync::Arc<str> {
        &self.d.file.text.text
    }
}

/// A digest of a page's inputs (SHA-256).
pub type PageKey = [u8; 32];

/// Collects values for a digest, each as JSON followed by a separator, so
/// no two different sequences of values give the same bytes; the bytes are
/// digested at once (many small writes into the digest cost more).
#[derive(Default)]
struct KeyWriter {
    bytes: Vec<u8>,
}

impl KeyWriter {
    fn text(&mut self, s: &str) {
        self.bytes
            .extend_from_slice(&(s.len() as u64).to_le_bytes());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn value(&mut self, v: &impl Serialize) {
        // Writing into memory cannot fail; a value that cannot be
        // serialized would fail the page's rendering the same way.
        let _ = serde_json::to_writer(&mut self.bytes, v);
        self.bytes.push(0x1e);
    }

    fn finish(self) -> PageKey {
        use sha2::Digest as _;
        sha2::Sha256::digest(&self.bytes).into()
    }
}

fn page_view<'a>(hb: &'a Handbook, d: &'a Document, changes: &[&'a Change]) -> PageView<'a> {
    let (commitments, objectives) = declared(hb, d);
    let names = type_names(hb, d);
    PageView {
        id: d.id(),
        title: &d.meta.title,
        doc_type: &d.meta.doc_type.value,
        type_label: names.label,
        type_plural: names.plural,
        owner: d.meta.owner.as_deref(),
        approved_by: d.meta.approved_by.as_ref().map(|a| a.value.as_str()),
        approved_on: d.meta.approved_on.as_ref().map(|a| a.value.to_string()),
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
        edit_url: None,
        review: Review::of(hb, d),
        last_review: LastReview::of(d),
        approval: Approval::of(d),
        changes: revision_history(d),
        not_yet_effective: reviews::not_yet_effective(hb, d),
        history: changes.iter().map(|c| change_view(hb, c)).collect(),
        last_changed: changes.first().map(|c| change_view(hb, c)),
        earlier_revisions: Vec::new(),
        changes_url: None,
        external: external_row(hb, d),
        commitments,
        objectives,
    }
}

/// Renders the page of document `index` alone (incremental rebuilds).
pub fn render_document_page(
    hb: &Handbook,
    theme: &Theme,
    site: &SiteContext,
    history: &History,
    index: usize,
) -> Result<String, Diagnostic> {
    let nav = Navigation::of(hb);
    let content_in_repo = content_in_repo(hb, history);
    let awareness = crate::analysis::awareness::compute(hb);
    DocumentPage {
        hb,
        theme,
        site,
        nav: &nav,
        content_in_repo: &content_in_repo,
        awareness: awareness.as_ref(),
    }
    .render(index, history.of(index), None)
}
