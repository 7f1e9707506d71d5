//! Writing rendered pages and files into the site folder, and gathering the
//! outcome of many writes into one result.

use crate::diagnostics::Diagnostic;
use crate::output::site_files::SiteFiles;
use crate::render::theme::Theme;

/// Renders templates and writes files under one site folder.
pub struct SiteWriter<'a> {
    /// The theme to render with.
    pub theme: &'a Theme,
    /// The site's files.
    pub out: &'a SiteFiles,
}

impl SiteWriter<'_> {
    /// Renders `template` to `path` (relative to the site); `root` is the page's
    /// path to the site root and `current` marks it in the sidebar.
    pub fn page(
        &self,
        template: &str,
        path: &str,
        root: &str,
        current: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<(), Diagnostic> {
        let mut cx = tera::Context::new();
        cx.insert("root", root);
        cx.insert("current", current);
        fill(&mut cx);
        let html = self.theme.render(template, &cx)?;
        self.file(path, html.as_bytes())
    }

    /// Writes `bytes` to `path` (relative to the site), creating folders.
    pub fn file(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.out.write(path, bytes)
    }
}

/// How many writes succeeded, or every error.
pub fn gather(results: Vec<Result<(), Diagnostic>>) -> Result<usize, Vec<Diagnostic>> {
    let total = results.len();
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if errors.is_empty() {
        Ok(total)
    } else {
        Err(errors)
    }
}
