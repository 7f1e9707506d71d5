//! `manifest.json`: what was built, from what, and the SHA-256 of every file,
//! so an auditor can check that the copy they received is what was built.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::history::History;
use crate::site_files::SiteFiles;

/// The manifest's file name in the site.
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Serialize)]
struct Manifest<'a> {
    schema: &'static str,
    tool: Tool,
    build_date: &'a str,
    source: Source<'a>,
    files: &'a [FileEntry],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Source<'a> {
    git_commit: Option<&'a str>,
    dirty: Option<bool>,
    drafts: bool,
}

#[derive(Serialize)]
struct FileEntry {
    path: String,
    bytes: u64,
    sha256: String,
}

/// Lowercase hex of a byte slice.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Writes the manifest of the files `out` wrote (hashed as they were
/// written, so nothing is read back); returns how many files it lists.
pub fn write_listed(
    out: &SiteFiles,
    build_date: &str,
    history: &History,
    drafts: bool,
) -> Result<usize, Diagnostic> {
    let files: Vec<FileEntry> = out
        .files()
        .into_iter()
        .filter(|f| f.path != MANIFEST_FILE)
        .map(|f| FileEntry {
            sha256: hex(&f.sha256),
            bytes: f.bytes,
            path: f.path,
        })
        .collect();
    let json = render(files.as_slice(), build_date, history, drafts)?;
    out.write(MANIFEST_FILE, json.as_bytes())?;
    Ok(files.len())
}

/// Hashes every file under `site` (sorted by path) and writes the manifest
/// there: for a site changed in place (`serve`'s incremental updates).
pub fn write(
    site: &Path,
    build_date: &str,
    history: &History,
    drafts: bool,
) -> Result<usize, Diagnostic> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(site)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .filter(|p| p != MANIFEST_FILE)
        .collect();
    paths.sort();
    let files: Vec<FileEntry> = paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(site.join(&path)).map_err(|e| {
                Diagnostic::error(
                    "write",
                    format!("cannot read back `{path}` for the manifest: {e}"),
                )
            })?;
            Ok(FileEntry {
                bytes: bytes.len() as u64,
                sha256: hex(&Sha256::digest(&bytes)),
                path,
            })
        })
        .collect::<Result<_, Diagnostic>>()?;
    let count = files.len();
    let json = render(&files, build_date, history, drafts)?;
    SiteFiles::live(site).write(MANIFEST_FILE, json.as_bytes())?;
    Ok(count)
}

fn render(
    files: &[FileEntry],
    build_date: &str,
    history: &History,
    drafts: bool,
) -> Result<String, Diagnostic> {
    let manifest = Manifest {
        schema: "qmsbook-manifest/1",
        tool: Tool {
            name: "qmsbook",
            version: env!("CARGO_PKG_VERSION"),
        },
        build_date,
        source: Source {
            git_commit: history.head.as_deref(),
            dirty: history.dirty,
            drafts,
        },
        files,
    };
    let mut json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Diagnostic::error("write", format!("cannot write the manifest: {e}")))?;
    json.push('\n');
    Ok(json)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_digest() {
        use sha2::{Digest, Sha256};
        assert_eq!(
            super::hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
