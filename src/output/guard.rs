//! Which folders qmsbook may replace or remove as its output.
//!
//! The rule: qmsbook only ever deletes or replaces what it wrote itself. An
//! output folder is accepted when it does not exist, is an empty folder, or is
//! a previous qmsbook site (a `manifest.json` written by qmsbook that lists
//! every file in the folder). Everything else is refused with a reason and a
//! way forward; only a folder holding files qmsbook did not write can be
//! replaced anyway, with `--force`. Paths are compared after resolving
//! symbolic links and `..`, so no spelling of a path gets around the rule.
//!
//! This module decides; it never deletes or writes anything itself.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::output::manifest;
use crate::output::site_files::LIVE_WRITE_SUFFIX;

/// What is at the output path today, once accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputState {
    /// Nothing: the build creates the folder.
    Missing,
    /// An empty folder.
    Empty,
    /// A site that qmsbook wrote (its manifest lists every file in it).
    PreviousSite,
    /// A folder with files qmsbook did not write, accepted because of `--force`.
    Forced,
}

/// The folders an output must stay clear of.
#[derive(Debug, Clone)]
pub struct Protected {
    /// The handbook root (where book.toml is).
    pub root: PathBuf,
    /// The content folder.
    pub content: PathBuf,
}

/// An output folder that passed [`check`]: the path as resolved (symbolic
/// links and `..` gone) and what was there.
#[derive(Debug, Clone)]
pub struct CheckedOutput {
    /// The resolved path: the one to write to and swap.
    pub path: PathBuf,
    /// What was there when checked.
    pub state: OutputState,
}

/// The error code of every refusal.
pub const CODE: &str = "output-dir";

/// Decides whether `dest` may be replaced (or removed, for `clean`) as the
/// output of the handbook described by `protected`. `force` allows replacing
/// a folder that holds files qmsbook did not write, and nothing else.
pub fn check(dest: &Path, protected: &Protected, force: bool) -> Result<CheckedOutput, Diagnostic> {
    check_with_home(dest, protected, force, home())
}

/// [`check`] with the home folder given (resolved), for tests.
fn check_with_home(
    dest: &Path,
    protected: &Protected,
    force: bool,
    home: Option<PathBuf>,
) -> Result<CheckedOutput, Diagnostic> {
    let shown = dest.display().to_string();
    let refuse = |why: String, help: &str| {
        Err(Diagnostic::error(
            CODE,
            format!("refusing to use `{shown}` as the output folder: {why}"),
        )
        .help(help))
    };
    let resolved = resolve(dest).map_err(|e| {
        Diagnostic::error(
            CODE,
            format!("cannot resolve the output folder `{shown}`: {e}"),
        )
    })?;
    let root = resolve(&protected.root).unwrap_or_else(|_| protected.root.clone());
    let content = resolve(&protected.content).unwrap_or_else(|_| protected.content.clone());
    let pick_another = "give a folder of its own with `-d` or `[build] build-dir`, e.g. `book`";
    if resolved.parent().is_none() {
        return refuse("it is the file system's root".into(), pick_another);
    }
    if let Some(home) = home {
        if home == resolved {
            return refuse("it is your home folder".into(), pick_another);
        }
        if home.starts_with(&resolved) {
            return refuse(
                format!("it contains your home folder (`{}`)", home.display()),
                pick_another,
            );
        }
    }
    if resolved == root {
        return refuse(
            "it is the handbook's own folder (where book.toml is)".into(),
            pick_another,
        );
    }
    if resolved == content {
        return refuse(
            "it is the content folder, which holds the sources".into(),
            pick_another,
        );
    }
    if root.starts_with(&resolved) || content.starts_with(&resolved) {
        return refuse(
            format!("it contains the handbook (`{}`)", root.display()),
            pick_another,
        );
    }
    if resolved.starts_with(&content) {
        return refuse(
            "it is inside the content folder, so the site would be read back as sources".into(),
            "put the output outside the content folder, e.g. `book` beside book.toml",
        );
    }
    let meta = match std::fs::symlink_metadata(&resolved) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(CheckedOutput {
                path: resolved,
                state: OutputState::Missing,
            });
        }
        Err(e) => {
            return Err(Diagnostic::error(
                CODE,
                format!("cannot inspect the output folder `{shown}`: {e}"),
            ));
        }
    };
    if !meta.is_dir() {
        return refuse(
            format!("it is {}, not a folder", kind_of(&meta)),
            pick_another,
        );
    }
    match foreign_files(&resolved) {
        Ok(foreign) if foreign.is_empty() => {
            let state = if is_empty_dir(&resolved) {
                OutputState::Empty
            } else {
                OutputState::PreviousSite
            };
            Ok(CheckedOutput {
                path: resolved,
                state,
            })
        }
        Ok(_) if force => Ok(CheckedOutput {
            path: resolved,
            state: OutputState::Forced,
        }),
        Ok(foreign) => {
            let count = foreign.len();
            let listed: Vec<&str> = foreign.iter().take(3).map(String::as_str).collect();
            let more = if count > 3 {
                format!(" and {} more", count - 3)
            } else {
                String::new()
            };
            refuse(
                format!(
                    "it holds {count} file{} that qmsbook did not write (`{}`{more})",
                    if count == 1 { "" } else { "s" },
                    listed.join("`, `")
                ),
                "choose an empty or new folder; or, if everything in it may be deleted, pass `--force`",
            )
        }
        Err(e) => Err(Diagnostic::error(
            CODE,
            format!("cannot read the output folder `{shown}`: {e}"),
        )),
    }
}

/// The files under `site` that its qmsbook manifest does not list (all of
/// them when there is no qmsbook manifest), sorted; symbolic links count as
/// foreign, since qmsbook never writes one.
fn foreign_files(site: &Path) -> std::io::Result<Vec<String>> {
    let listing = manifest::read_listing(site);
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(site).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(site)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let ours = entry.file_type().is_file()
            && listing.as_ref().is_some_and(|l| {
                rel == manifest::MANIFEST_FILE
                    || l.files.contains_key(&rel)
                    // A live write (`serve`) interrupted before its rename.
                    || rel.ends_with(LIVE_WRITE_SUFFIX)
            });
        if !ours {
            foreign.push(rel);
        }
    }
    Ok(foreign)
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Words for what a non-folder is.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        return "a symbolic link";
    }
    if t.is_file() {
        return "a regular file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular folder"
}

/// The user's home folder, resolved.
fn home() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    std::fs::canonicalize(home).ok()
}

/// Resolves `path` as the file system would: the part that exists is
/// canonicalised (symbolic links and `..` resolved), the rest is appended with
/// `.` and `..` applied to it lexically. A link at the end of the path is
/// followed, so the path names what a write would reach.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    // How many trailing components of `resolved` do not exist (yet).
    let mut missing = 0usize;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
                missing = missing.saturating_sub(1);
            }
            Component::Normal(name) => {
                resolved.push(name);
                if missing == 0 {
                    match std::fs::canonicalize(&resolved) {
                        Ok(real) => resolved = real,
                        Err(_) => missing = 1,
                    }
                } else {
                    missing += 1;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture {
        tmp: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Fixture {
            let tmp = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(tmp.path().join("hb/content")).unwrap();
            std::fs::write(tmp.path().join("hb/book.toml"), "[book]\n").unwrap();
            std::fs::write(tmp.path().join("hb/content/a.md"), "x").unwrap();
            Fixture { tmp }
        }
        fn p(&self, rel: &str) -> PathBuf {
            self.tmp.path().join(rel)
        }
        fn protected(&self) -> Protected {
            Protected {
                root: self.p("hb"),
                content: self.p("hb/content"),
            }
        }
        fn check(&self, rel: &str, force: bool) -> Result<OutputState, String> {
            check(&self.p(rel), &self.protected(), force)
                .map(|c| c.state)
                .map_err(|d| d.message)
        }
    }

    #[test]
    fn new_empty_and_previous_sites_are_accepted() {
        let f = Fixture::new();
        assert_eq!(f.check("hb/book", false), Ok(OutputState::Missing));
        std::fs::create_dir(f.p("hb/book")).unwrap();
        assert_eq!(f.check("hb/book", false), Ok(OutputState::Empty));
        std::fs::write(f.p("hb/book/index.html"), "x").unwrap();
        std::fs::write(
            f.p("hb/book/manifest.json"),
            r#"{"schema":"qmsbook-manifest/1","tool":{"name":"qmsbook","version":"0"},"files":[{"path":"index.html","bytes":1,"sha256":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"}]}"#,
        )
        .unwrap();
        assert_eq!(f.check("hb/book", false), Ok(OutputState::PreviousSite));
        // A file the manifest does not list makes it someone else's folder.
        std::fs::write(f.p("hb/book/CNAME"), "x").unwrap();
        let err = f.check("hb/book", false).unwrap_err();
        assert!(
            err.contains("1 file that qmsbook did not write (`CNAME`)"),
            "{err}"
        );
        assert_eq!(f.check("hb/book", true), Ok(OutputState::Forced));
    }

    #[test]
    fn sources_and_their_parents_are_refused_even_with_force() {
        let f = Fixture::new();
        for (rel, why) in [
            ("hb", "handbook's own folder"),
            ("hb/content", "content folder"),
            ("hb/content/out", "inside the content folder"),
            ("hb/content/../content/x/..", "content folder"),
            ("", "contains the handbook"),
            ("hb/..", "contains the handbook"),
            ("hb/book/../../hb/.", "handbook's own folder"),
        ] {
            let err = f.check(rel, true).unwrap_err();
            assert!(err.contains(why), "{rel}: {err}");
        }
        assert!(
            check(Path::new("/"), &f.protected(), true)
                .unwrap_err()
                .message
                .contains("root")
        );
    }

    #[test]
    fn the_home_folder_and_its_parents_are_refused_even_with_force() {
        let f = Fixture::new();
        std::fs::create_dir_all(f.p("users/me/stuff")).unwrap();
        let home = std::fs::canonicalize(f.p("users/me")).ok();
        for (rel, why) in [
            ("users/me", "your home folder"),
            ("users", "contains your home"),
        ] {
            let err = check_with_home(&f.p(rel), &f.protected(), true, home.clone())
                .unwrap_err()
                .message;
            assert!(err.contains(why), "{rel}: {err}");
        }
        // A folder inside the home folder is fine.
        assert!(check_with_home(&f.p("users/me/site"), &f.protected(), false, home).is_ok());
    }

    #[test]
    fn a_foreign_folder_is_refused_without_force() {
        let f = Fixture::new();
        std::fs::create_dir_all(f.p("other/sub")).unwrap();
        std::fs::write(f.p("other/sub/keep.txt"), "x").unwrap();
        let err = f.check("hb/../other", false).unwrap_err();
        assert!(err.contains("sub/keep.txt"), "{err}");
        assert!(
            err.contains("`hb/../other`") || err.contains("hb/../other"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_and_non_folders_are_resolved_or_refused() {
        let f = Fixture::new();
        std::os::unix::fs::symlink(f.p("hb/content"), f.p("link")).unwrap();
        assert!(
            f.check("link", true)
                .unwrap_err()
                .contains("content folder")
        );
        std::os::unix::fs::symlink(f.p("hb"), f.p("up")).unwrap();
        assert!(f.check("up/content/../book", false).is_ok());
        std::fs::write(f.p("file"), "x").unwrap();
        assert!(
            f.check("file", true)
                .unwrap_err()
                .contains("a regular file")
        );
        let err = check(Path::new("/dev/null"), &f.protected(), true)
            .unwrap_err()
            .message;
        assert!(err.contains("device"), "{err}");
    }

    #[test]
    fn resolve_applies_dot_dot_after_a_missing_folder() {
        let f = Fixture::new();
        let real = std::fs::canonicalize(f.p("hb")).unwrap();
        assert_eq!(
            resolve(&f.p("hb/missing/../content")).unwrap(),
            real.join("content")
        );
        assert_eq!(
            resolve(&f.p("hb/missing/deeper/..")).unwrap(),
            real.join("missing")
        );
    }
}
