//! Rendering pages with the theme and the build's [`SiteContext`], and
//! writing them into the site ([`SiteSink`]): the one path every page takes.
//!
//! This module knows no page family; the page modules say what goes into
//! each page.

use crate::diagnostics::Diagnostic;
use crate::render::context::SiteContext;
use crate::render::sink::SiteSink;
use crate::render::theme::Theme;

/// Renders templates with one build's context and writes files into one site.
#[derive(Clone, Copy)]
pub struct Pages<'a> {
    /// The theme to render with.
    pub theme: &'a Theme,
    /// The build's shared template data.
    pub site: &'a SiteContext,
    /// The site's files.
    pub out: &'a dyn SiteSink,
}

impl Pages<'_> {
    /// Renders `template` with the shared data, `root`, `current` and what
    /// `fill` adds.
    pub fn render(
        &self,
        template: &str,
        root: &str,
        current: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<String, Diagnostic> {
        let mut cx = self.site.page(root, current);
        fill(&mut cx);
        self.theme.render(template, &cx)
    }

    /// Renders `template` (see [`Pages::render`]) to `path` (relative to the
    /// site); `root` is the page's path to the site root and `current` marks
    /// it in the sidebar.
    pub fn page(
        &self,
        template: &str,
        path: &str,
        root: &str,
        current: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<(), Diagnostic> {
        let html = self.render(template, root, current, fill)?;
        self.file(path, html.as_bytes())
    }

    /// Renders `template` with `bodies` spliced in at their markers (see
    /// [`Theme::render_spliced`]) and writes it to `path` without joining them.
    pub fn spliced_page(
        &self,
        template: &str,
        path: &str,
        root: &str,
        current: &str,
        bodies: &[String],
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<(), Diagnostic> {
        let mut cx = self.site.page(root, current);
        fill(&mut cx);
        let page = self.theme.render_spliced(template, &cx, bodies)?;
        self.out.write_parts(path, &page.parts())
    }

    /// Writes `bytes` to `path` (relative to the site), creating folders.
    pub fn file(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.out.write(path, bytes)
    }
}
