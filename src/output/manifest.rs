//! `manifest.json`: what was built, from what, and the SHA-256 of every file,
//! so an auditor can check that the copy they received is what was built.
//!
//! The format both ways ([`json`], [`read_listing`]); writing it into a site
//! is [`crate::output::site_files`]' job, so this module writes no files.

use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::parse::history::History;

/// The manifest's file name in the site.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The schema this version writes.
const SCHEMA: &str = "qmsbook-manifest/1";
/// What every schema of ours starts with.
const SCHEMA_PREFIX: &str = "qmsbook-manifest/";

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

/// One file as the manifest lists it.
#[derive(Debug, Serialize)]
pub struct FileEntry {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256, lowercase hex ([`hex`]).
    pub sha256: String,
}

/// One file of the site: where, how big, and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the contents.
    pub sha256: [u8; 32],
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

/// The manifest's JSON for `files` (the manifest itself, if listed, is left
/// out): what `SiteFiles::write_manifest` writes after a build.
pub fn render_listed(
    files: &[WrittenFile],
    build_date: &str,
    history: &History,
    drafts: bool,
) -> Result<(String, usize), Diagnostic> {
    let entries: Vec<FileEntry> = files
        .iter()
        .filter(|f| f.path != MANIFEST_FILE)
        .map(|f| FileEntry {
            sha256: hex(&f.sha256),
            bytes: f.bytes,
            path: f.path.clone(),
        })
        .collect();
    let json = render(&entries, build_date, history, drafts)?;
    Ok((json, entries.len()))
}

/// Hashes every file under `site` but the manifest, sorted by path: for a
/// site changed in place (`serve`'s incremental updates).
pub fn hash_tree(site: &Path) -> Result<Vec<WrittenFile>, Diagnostic> {
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
    paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(site.join(&path)).map_err(|e| {
                Diagnostic::error(
                    "write",
                    format!("cannot read back `{path}` for the manifest: {e}"),
                )
            })?;
            Ok(WrittenFile {
                bytes: bytes.len() as u64,
                sha256: Sha256::digest(&bytes).into(),
                path,
            })
        })
        .collect()
}

fn render(
    files: &[FileEntry],
    build_date: &str,
    history: &History,
    drafts: bool,
) -> Result<String, Diagnostic> {
    let manifest = Manifest {
        schema: SCHEMA,
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

/// Size and SHA-256 by path, as a site's manifest lists them.
pub type Listed = FxHashMap<String, (u64, [u8; 32])>;

/// A manifest read back from a site folder.
#[derive(Debug, Default)]
pub struct Listing {
    /// Size and digest of every file listed.
    pub files: Listed,
    /// When the manifest last changed (see [`changed_at`]).
    pub written_at: Option<SystemTime>,
}

/// Reads the manifest of the site in `site`, when there is one that qmsbook
/// wrote (a regular file, `tool.name` = `qmsbook`, a qmsbook schema).
/// Entries with an unreadable digest are left out.
pub fn read_listing(site: &Path) -> Option<Listing> {
    #[derive(serde::Deserialize)]
    struct Read {
        schema: String,
        tool: ReadTool,
        files: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct ReadTool {
        name: String,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        path: String,
        bytes: u64,
        sha256: String,
    }
    let path = site.join(MANIFEST_FILE);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    let read: Read = serde_json::from_slice(&bytes).ok()?;
    if read.tool.name != "qmsbook" || !read.schema.starts_with(SCHEMA_PREFIX) {
        return None;
    }
    let files = read
        .files
        .into_iter()
        .filter_map(|e| Some((e.path, (e.bytes, unhex(&e.sha256)?))))
        .collect();
    Some(Listing {
        files,
        written_at: changed_at(&meta),
    })
}

/// When a file last changed, content or metadata: its status-change time
/// (ctime) where there is one, which no one can set back, unlike the
/// modification time (`touch -d`). Elsewhere the modification time.
pub fn changed_at(meta: &std::fs::Metadata) -> Option<SystemTime> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let secs = u64::try_from(meta.ctime()).ok()?;
        let nanos = u32::try_from(meta.ctime_nsec()).ok()?;
        SystemTime::UNIX_EPOCH.checked_add(std::time::Duration::new(secs, nanos))
    }
    #[cfg(not(unix))]
    {
        meta.modified().ok()
    }
}

/// 64 lowercase hex digits to 32 bytes.
fn unhex(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = digit(b[2 * i])? << 4 | digit(b[2 * i + 1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    #[test]
    fn digests_read_back_from_hex() {
        let d: [u8; 32] = Sha256::digest(b"abc").into();
        assert_eq!(super::unhex(&super::hex(&d)), Some(d));
        assert_eq!(super::unhex("zz"), None);
    }

    #[test]
    fn hex_digest() {
        assert_eq!(
            super::hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
