//! What every page of one build is rendered with: the typed [`SiteContext`]
//! (the variables every template receives: `book`, `build`, `types`,
//! `views`), built once per build and passed to every render; and the
//! [`BuildInfo`] and [`Stats`] of a build.
//!
//! The theme is never changed by a build: per-build data travels in the
//! [`SiteContext`], merged into each page's own Tera context
//! ([`SiteContext::page`]), so `serve`'s incremental rebuilds render with the
//! data of the build they belong to. This module renders nothing itself.

use serde::Serialize;

use crate::analysis::coverage::Coverage;
use crate::config::DocType;
use crate::model::handbook::Handbook;
use crate::views::navigation::{ViewLink, view_links};

/// Facts about this build that templates may show (`build`).
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

/// The handbook as templates name it (`book`).
#[derive(Debug, Clone, Serialize)]
pub struct BookInfo {
    /// `[book] title`.
    pub title: String,
    /// `[book] organization`.
    pub organization: String,
    /// `[book] description`.
    pub description: String,
    /// `[book] language`.
    pub language: String,
}

/// The data every template receives, whatever the page (README, "Themes"):
/// `book`, `build`, `types` and `views`. Built once per build.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    book: BookInfo,
    build: BuildInfo,
    types: Vec<DocType>,
    views: Vec<ViewLink>,
    /// The four above as Tera values, converted once; cloning it per page
    /// copies four reference-counted values.
    #[serde(skip)]
    base: tera::Context,
}

impl SiteContext {
    /// The context of a build of `hb` with `coverage`.
    pub fn new(hb: &Handbook, coverage: &Coverage, build: BuildInfo) -> SiteContext {
        let book = &hb.config.book;
        let book = BookInfo {
            title: book.title.clone(),
            organization: book.organization.clone(),
            description: book.description.clone(),
            language: book.language.clone(),
        };
        let types = hb.types.clone();
        let views = view_links(hb, coverage);
        let mut base = tera::Context::new();
        base.insert("book", &book);
        base.insert("build", &build);
        base.insert("types", &types);
        base.insert("views", &views);
        SiteContext {
            book,
            build,
            types,
            views,
            base,
        }
    }

    /// Facts about this build.
    pub fn build(&self) -> &BuildInfo {
        &self.build
    }

    /// The sidebar's links to the site's views.
    pub fn views(&self) -> &[ViewLink] {
        &self.views
    }

    /// A page's Tera context: the shared variables, `root` (the page's way
    /// back to the site root) and `current` (what the page is, for the
    /// sidebar); the page adds its own variables.
    pub fn page(&self, root: &str, current: &str) -> tera::Context {
        let mut cx = self.base.clone();
        cx.insert("root", root);
        cx.insert("current", current);
        cx
    }
}
