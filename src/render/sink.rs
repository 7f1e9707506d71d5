//! What rendering needs from the site folder it writes into, as a trait, so
//! that render does not depend on how files reach the disk (that is
//! [`crate::output`]'s job, which implements [`SiteSink`]); and gathering the
//! outcome of many writes into one result.
//!
//! This module must not know about staging, hard links or manifests.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// A site folder that rendered files are written into. Calls are coarse (one
/// per file), so rendering takes it as `&dyn SiteSink` at no measurable cost.
/// Paths are relative to the site root, `/`-separated.
pub trait SiteSink: Sync {
    /// Writes `bytes` to `rel`, creating folders.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// Writes the concatenation of `parts` to `rel` without joining them in memory.
    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), Diagnostic>;

    /// Copies the file at `from` (a content file) to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic>;

    /// Counts the file at `rel`, left as an earlier build of the same site
    /// wrote it, as written by this one (`serve`'s incremental updates); an
    /// error when the sink does not know that file.
    fn keep(&self, rel: &str) -> Result<(), Diagnostic>;

    /// The path of every file written so far, sorted, each once.
    fn written(&self) -> Vec<String>;

    /// How many of the files written were reused unchanged from the previous build.
    fn reused(&self) -> usize;
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
