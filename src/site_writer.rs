//! Writing rendered pages and files into the site folder, and gathering the
//! outcome of many writes into one result.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::theme::Theme;

/// Renders templates and writes files under one site folder.
pub struct SiteWriter<'a> {
    /// The theme to render with.
    pub theme: &'a Theme,
    /// The site folder.
    pub out: &'a Path,
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
        let full = self.out.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(
                    "write",
                    format!("cannot create `{}`: {e}", parent.display()),
                )
            })?;
        }
        std::fs::write(&full, bytes).map_err(|e| {
            Diagnostic::error("write", format!("cannot write `{}`: {e}", full.display()))
        })
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
