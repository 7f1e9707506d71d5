//! The files of a site as they are written: each one hashed from memory for
//! the manifest, and each one identical to the previous build's hard-linked
//! from it instead of written again.
//!
//! Creating a file is the most expensive thing a build does on most file
//! systems (inode allocation, directory locks, later write-back), and most
//! rebuilds change a few pages only. A file whose bytes equal the previous
//! output's copy at the same path becomes a second name for that copy, which
//! costs a directory entry; the previous output is never modified, so the
//! atomic swap in [`crate::output`] keeps its guarantee. Where hard links are
//! not possible (another file system, FAT), the file is written as usual.
//!
//! It also writes the site's `manifest.json` (format in
//! [`crate::output::manifest`]), and implements [`SiteSink`], the trait
//! rendering writes through.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::SystemTime;

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::output::manifest::{self, Listed, WrittenFile};
use crate::parse::history::History;
use crate::render::sink::SiteSink;

/// What a live write (`serve`) appends to a file's name until it renames the
/// file into place.
pub const LIVE_WRITE_SUFFIX: &str = ".qmsbook-tmp";

/// How files reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Into a staging folder nobody reads yet: plain writes.
    Staging,
    /// Into a live site (`serve`'s refreshes): write a sibling, rename it over,
    /// so a reader never sees half a file.
    Live,
}

/// Writes the files of one site folder and remembers what was written.
#[derive(Debug)]
pub struct SiteFiles {
    root: PathBuf,
    previous: Option<PathBuf>,
    mode: Mode,
    written: Mutex<Vec<WrittenFile>>,
    linked: AtomicUsize,
    /// Set when a hard link failed (another file system, no support): stop trying.
    no_links: AtomicBool,
    /// Size and SHA-256 of each file of the previous site, from its manifest.
    listed: Listed,
    /// When that manifest was written: a file changed later is compared byte by byte.
    listed_at: Option<SystemTime>,
}

impl SiteFiles {
    /// Writes into `root`, a fresh staging folder. Files identical to those
    /// at the same path under `previous` (the site being replaced) are
    /// hard-linked from there.
    pub fn staging(root: &Path, previous: Option<&Path>) -> SiteFiles {
        let previous = previous.filter(|p| p.is_dir()).map(Path::to_path_buf);
        let (listed, listed_at) = previous
            .as_deref()
            .and_then(crate::output::manifest::read_listing)
            .map(|l| (l.files, l.written_at))
            .unwrap_or_default();
        SiteFiles {
            root: root.to_path_buf(),
            previous,
            mode: Mode::Staging,
            written: Mutex::new(Vec::new()),
            linked: AtomicUsize::new(0),
            no_links: AtomicBool::new(false),
            listed,
            listed_at,
        }
    }

    /// Writes into a site that may be served while it changes: every file is
    /// replaced by a rename.
    pub fn live(root: &Path) -> SiteFiles {
        Self::live_over(root, FxHashMap::default())
    }

    /// [`Self::live`] into a site whose files are `on_disk` (size and
    /// digest, as qmsbook last wrote them): a file written with the same
    /// bytes is left alone, and [`SiteSink::keep`] counts a file as written.
    pub fn live_over(root: &Path, on_disk: Listed) -> SiteFiles {
        SiteFiles {
            root: root.to_path_buf(),
            previous: None,
            mode: Mode::Live,
            written: Mutex::new(Vec::new()),
            linked: AtomicUsize::new(0),
            no_links: AtomicBool::new(false),
            listed: on_disk,
            listed_at: None,
        }
    }

    /// Every file written (or kept) so far with its size and digest.
    pub fn listed(&self) -> Listed {
        self.files()
            .into_iter()
            .map(|f| (f.path, (f.bytes, f.sha256)))
            .collect()
    }

    /// Counts `rel` as written, unchanged, with its size and digest from
    /// the listing the site files were opened over.
    pub fn keep(&self, rel: &str) -> Result<(), Diagnostic> {
        let Some(&(bytes, sha256)) = self.listed.get(rel) else {
            return Err(Diagnostic::error(
                "write",
                format!(
                    "internal: `{rel}` was to be left as it is, but this build did not write it before"
                ),
            ));
        };
        if let Ok(mut w) = self.written.lock() {
            w.push(WrittenFile {
                path: rel.to_string(),
                bytes,
                sha256,
            });
        }
        Ok(())
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `rel` (relative to the site, `/`-separated), creating folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_parts(rel, &[bytes])
    }

    /// Writes the concatenation of `parts` to `rel` without joining them in memory.
    pub fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), Diagnostic> {
        let mut hasher = Sha256::new();
        let mut len = 0u64;
        for p in parts {
            hasher.update(p);
            len += p.len() as u64;
        }
        let sha256: [u8; 32] = hasher.finalize().into();
        let full = self.root.join(rel);
        // A live site's file that already has these bytes is left alone.
        let unchanged = self.mode == Mode::Live
            && self.listed.get(rel) == Some(&(len, sha256))
            && full.is_file();
        let linked = unchanged
            || match self.previous_for_links() {
                Some(prev) => {
                    let same = Candidate {
                        parts,
                        len,
                        sha256: &sha256,
                        listed: self.listed.get(rel),
                        listed_at: self.listed_at,
                    };
                    self.linked_or_give_up(link_if_same(&prev.join(rel), &full, &same))
                }
                None => false,
            };
        if linked {
            self.linked.fetch_add(1, Ordering::Relaxed);
        } else {
            self.put_parts(&full, parts).map_err(|e| {
                Diagnostic::error("write", format!("cannot write `{}`: {e}", full.display()))
            })?;
        }
        if let Ok(mut w) = self.written.lock() {
            w.push(WrittenFile {
                path: rel.to_string(),
                bytes: len,
                sha256,
            });
        }
        Ok(())
    }

    /// Copies the file at `from` to `rel`.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from)
            .map_err(|e| Diagnostic::error("write", format!("cannot copy `{rel}`: {e}")))?;
        self.write(rel, &bytes)
    }

    fn put_parts(&self, full: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
        let write = |path: &Path| -> std::io::Result<()> {
            let mut file = create_fresh(path)?;
            for p in parts {
                file.write_all(p)?;
            }
            Ok(())
        };
        let attempt = || match self.mode {
            Mode::Staging => write(full),
            Mode::Live => {
                let mut tmp = full.as_os_str().to_owned();
                tmp.push(LIVE_WRITE_SUFFIX);
                write(Path::new(&tmp))?;
                std::fs::rename(&tmp, full)
            }
        };
        match attempt() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                attempt()
            }
            other => other,
        }
    }

    fn previous_for_links(&self) -> Option<&Path> {
        self.previous
            .as_deref()
            .filter(|_| !self.no_links.load(Ordering::Relaxed))
    }

    fn linked_or_give_up(&self, outcome: Link) -> bool {
        match outcome {
            Link::Linked => true,
            Link::Different => false,
            Link::Unsupported => {
                self.no_links.store(true, Ordering::Relaxed);
                false
            }
        }
    }

    /// How many files were hard-linked from the previous site.
    pub fn linked(&self) -> usize {
        self.linked.load(Ordering::Relaxed)
    }

    /// Every file written so far, sorted by path; when a path was written
    /// twice, the last write.
    pub fn files(&self) -> Vec<WrittenFile> {
        let mut files = match self.written.lock() {
            Ok(w) => w.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        files.reverse();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|later, first| later.path == first.path);
        files
    }

    /// Writes `manifest.json` listing every file written so far (hashed as
    /// they were written, so nothing is read back); returns how many it lists.
    pub fn write_manifest(
        &self,
        build_date: &str,
        history: &History,
        drafts: bool,
    ) -> Result<usize, Diagnostic> {
        let (json, count) = manifest::render_listed(&self.files(), build_date, history, drafts)?;
        self.write(manifest::MANIFEST_FILE, json.as_bytes())?;
        Ok(count)
    }
}

/// Rendering writes through this trait, so it does not depend on output.
impl SiteSink for SiteFiles {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        SiteFiles::write(self, rel, bytes)
    }

    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), Diagnostic> {
        SiteFiles::write_parts(self, rel, parts)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        SiteFiles::copy(self, rel, from)
    }

    fn keep(&self, rel: &str) -> Result<(), Diagnostic> {
        SiteFiles::keep(self, rel)
    }

    fn written(&self) -> Vec<String> {
        self.files().into_iter().map(|f| f.path).collect()
    }

    fn reused(&self) -> usize {
        self.linked()
    }
}

/// Creates a new, empty file at `path`: never opens an existing one, which
/// may be a second name of a file of the previous site (a hard link made
/// earlier in this build) that must not change.
fn create_fresh(path: &Path) -> std::io::Result<std::fs::File> {
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()
        }
        other => other,
    }
}

/// What [`link_if_same`] did.
enum Link {
    Linked,
    /// No such file before, or other bytes: write it.
    Different,
    /// Same bytes, but the link failed: write it, and stop trying.
    Unsupported,
}

/// A file about to be written, as [`link_if_same`] checks it.
struct Candidate<'a> {
    parts: &'a [&'a [u8]],
    len: u64,
    sha256: &'a [u8; 32],
    /// Size and digest the previous site's manifest lists for this path.
    listed: Option<&'a (u64, [u8; 32])>,
    listed_at: Option<SystemTime>,
}

/// Hard-links `previous` to `to` when it is a regular file holding exactly
/// the candidate's bytes: known from the previous manifest when it lists
/// this size and digest and the file has not changed since it was written,
/// otherwise by comparing the bytes.
fn link_if_same(previous: &Path, to: &Path, new: &Candidate<'_>) -> Link {
    // lstat: a symbolic link someone put into the output is never followed.
    let Ok(meta) = std::fs::symlink_metadata(previous) else {
        return Link::Different;
    };
    if !meta.file_type().is_file() || meta.len() != new.len {
        return Link::Different;
    }
    // Trusted only if it has not changed since the manifest was written: by
    // its status-change time, which a back-dated edit cannot hide.
    let vouched = match (new.listed, new.listed_at, manifest::changed_at(&meta)) {
        (Some((len, sha)), Some(at), Some(changed)) => {
            *len == new.len && sha == new.sha256 && changed <= at
        }
        _ => false,
    };
    if !vouched && new.len > 0 && !same_contents_parts(previous, new.parts) {
        return Link::Different;
    }
    let linked = match std::fs::hard_link(previous, to) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            to.parent()
                .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
                && std::fs::hard_link(previous, to).is_ok()
        }
        // Written before in this build: replace that file.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(to).is_ok() && std::fs::hard_link(previous, to).is_ok()
        }
        other => other.is_ok(),
    };
    if linked {
        Link::Linked
    } else {
        Link::Unsupported
    }
}

/// Whether the file at `path` holds exactly `bytes`.
#[cfg(test)]
fn same_contents(path: &Path, bytes: &[u8]) -> bool {
    same_contents_parts(path, &[bytes])
}

/// Whether the file at `path` holds exactly the concatenation of `parts`.
fn same_contents_parts(path: &Path, parts: &[&[u8]]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut buf = vec![0u8; total.clamp(1, 1 << 16)];
    let mut parts = parts.iter().copied().filter(|p| !p.is_empty());
    let mut rest: &[u8] = parts.next().unwrap_or_default();
    loop {
        if rest.is_empty() {
            match parts.next() {
                Some(p) => rest = p,
                // Everything matched: the file must end here too.
                None => return matches!(file.read(&mut buf[..1]), Ok(0)),
            }
        }
        let want = rest.len().min(buf.len());
        let read = match file.read(&mut buf[..want]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        if read == 0 || buf[..read] != rest[..read] {
            return false;
        }
        rest = &rest[read..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_files_are_linked_changed_ones_written() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let prev = tmp.path().join("prev");
        std::fs::create_dir_all(prev.join("pages"))?;
        std::fs::write(prev.join("pages/a.html"), "same")?;
        std::fs::write(prev.join("pages/b.html"), "old!")?;
        std::fs::write(prev.join("c.html"), "short")?;
        let next = tmp.path().join("next");
        std::fs::create_dir(&next)?;
        let site = SiteFiles::staging(&next, Some(&prev));
        site.write("pages/a.html", b"same").map_err(|d| d.message)?;
        site.write("pages/b.html", b"new!").map_err(|d| d.message)?;
        site.write("c.html", b"longer now").map_err(|d| d.message)?;
        site.write("d/e.html", b"fresh").map_err(|d| d.message)?;
        assert_eq!(site.linked(), 1);
        assert_eq!(std::fs::read(next.join("pages/a.html"))?, b"same");
        assert_eq!(std::fs::read(next.join("pages/b.html"))?, b"new!");
        assert_eq!(std::fs::read(next.join("c.html"))?, b"longer now");
        assert_eq!(std::fs::read(next.join("d/e.html"))?, b"fresh");
        // Writing a linked path again replaces the link, not the shared file.
        site.write("pages/a.html", b"changed")
            .map_err(|d| d.message)?;
        assert_eq!(std::fs::read(next.join("pages/a.html"))?, b"changed");
        assert_eq!(std::fs::read(prev.join("pages/a.html"))?, b"same");
        // The previous site is never modified.
        assert_eq!(std::fs::read(prev.join("pages/b.html"))?, b"old!");
        assert_eq!(std::fs::read(prev.join("c.html"))?, b"short");
        let paths: Vec<String> = site.files().into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            ["c.html", "d/e.html", "pages/a.html", "pages/b.html"]
        );
        Ok(())
    }

    #[test]
    fn a_file_changed_after_the_previous_manifest_is_compared_not_trusted()
    -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let prev = tmp.path().join("prev");
        std::fs::create_dir(&prev)?;
        std::fs::write(prev.join("a.html"), "same")?;
        std::fs::write(prev.join("b.html"), "yyyy")?;
        let digest = |b: &[u8]| crate::output::manifest::hex(&Sha256::digest(b));
        let manifest = format!(
            r#"{{"schema": "qmsbook-manifest/1", "tool": {{"name": "qmsbook"}}, "files": [{{"path": "a.html", "bytes": 4, "sha256": "{}"}}, {{"path": "b.html", "bytes": 4, "sha256": "{}"}}]}}"#,
            digest(b"same"),
            digest(b"yyyy")
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(prev.join("manifest.json"), manifest)?;
        let listed_at = std::fs::metadata(prev.join("manifest.json"))?.modified()?;
        // b.html is edited after the manifest (same size), and its
        // modification time set back to before it: it must not be trusted.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(prev.join("b.html"), "xxxx")?;
        std::fs::File::options()
            .write(true)
            .open(prev.join("b.html"))?
            .set_modified(listed_at - std::time::Duration::from_secs(60))?;
        let next = tmp.path().join("next");
        std::fs::create_dir(&next)?;
        let site = SiteFiles::staging(&next, Some(&prev));
        site.write("a.html", b"same").map_err(|d| d.message)?;
        site.write("b.html", b"yyyy").map_err(|d| d.message)?;
        assert_eq!(site.linked(), 1, "a.html vouched for by the manifest");
        assert_eq!(std::fs::read(next.join("b.html"))?, b"yyyy");
        assert_eq!(std::fs::read(prev.join("b.html"))?, b"xxxx");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_in_the_previous_site_are_not_followed()
    -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let prev = tmp.path().join("prev");
        std::fs::create_dir(&prev)?;
        std::fs::write(tmp.path().join("outside"), "same")?;
        std::os::unix::fs::symlink(tmp.path().join("outside"), prev.join("a.html"))?;
        let next = tmp.path().join("next");
        std::fs::create_dir(&next)?;
        let site = SiteFiles::staging(&next, Some(&prev));
        site.write("a.html", b"same").map_err(|d| d.message)?;
        assert_eq!(site.linked(), 0);
        assert!(std::fs::symlink_metadata(next.join("a.html"))?.is_file());
        Ok(())
    }

    #[test]
    fn manifest_entries_carry_the_digest() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let site = SiteFiles::live(tmp.path());
        site.write("x.txt", b"abc").map_err(|d| d.message)?;
        site.write("x.txt", b"abc").map_err(|d| d.message)?;
        site.write("x.txt", b"abcd").map_err(|d| d.message)?;
        site.write("y.txt", b"abc").map_err(|d| d.message)?;
        let files = site.files();
        assert_eq!(files.len(), 2, "the last write of a path counts");
        assert_eq!((files[0].path.as_str(), files[0].bytes), ("x.txt", 4));
        assert_eq!(std::fs::read(tmp.path().join("x.txt"))?, b"abcd");
        assert_eq!(
            crate::output::manifest::hex(&files[1].sha256),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!tmp.path().join("x.txt.qmsbook-tmp").exists());
        Ok(())
    }

    #[test]
    fn contents_compare_across_buffer_boundaries() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("big");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes)?;
        assert!(same_contents(&path, &bytes));
        let mut other = bytes.clone();
        other[150_000] ^= 1;
        assert!(!same_contents(&path, &other));
        assert!(!same_contents(&path, &bytes[..1000]));
        assert!(!same_contents(&tmp.path().join("empty-missing"), b""));
        let (a, b) = bytes.split_at(70_000);
        assert!(same_contents_parts(&path, &[a, b"", b]));
        assert!(!same_contents_parts(&path, &[a, b"", &b[..10]]));
        assert!(!same_contents_parts(&path, &[a, b, b"x"]));
        Ok(())
    }
}
