//! Writing the site atomically: build into a fresh folder beside the output,
//! then swap it in only when everything succeeded.
//!
//! The swap exchanges the two folders in one step where the system can
//! (`renameat2` with `RENAME_EXCHANGE` on Linux), so there is no moment without
//! an output folder. Elsewhere the previous site is first renamed aside; if a
//! build is killed between the two renames, the next build puts it back.
//! The target must have passed [`super::guard::check`]: this module replaces
//! whatever folder it is given.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::output::manifest;

/// A staging folder for one build. Dropping it without [`Staging::commit`]
/// removes it and leaves the previous output untouched.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

const STAGING_MARK: &str = ".qmsbook-staging-";
const OLD_MARK: &str = ".qmsbook-old-";

fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_string())
}

impl Staging {
    /// Creates an empty staging folder next to `target`, after removing
    /// leftovers of interrupted builds.
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(
                "write",
                format!("cannot create `{}`: {e}", parent.display()),
            )
        })?;
        let name = name_of(target);
        remove_leftovers(parent, &name, target);
        let dir = parent.join(format!("{STAGING_MARK}{name}-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir(&dir).map_err(|e| {
            Diagnostic::error("write", format!("cannot create `{}`: {e}", dir.display()))
        })?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Replaces the target with the staged site.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let had_old = std::fs::symlink_metadata(&self.target).is_ok();
        if had_old {
            match exchange(&self.dir, &self.target) {
                Ok(()) => {
                    // The staging name now holds the previous site.
                    self.committed = true;
                    remove_tree(&self.dir);
                    stamp_manifest(&self.target);
                    return Ok(());
                }
                Err(e) if exchange_unsupported(&e) => {}
                Err(e) => {
                    return Err(Diagnostic::error(
                        "write",
                        format!(
                            "cannot swap the new site into `{}`: {e}",
                            self.target.display()
                        ),
                    ));
                }
            }
        }
        let parent = self.dir.parent().map(Path::to_path_buf).unwrap_or_default();
        let old = parent.join(format!(
            "{OLD_MARK}{}-{}",
            name_of(&self.target),
            std::process::id()
        ));
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| {
                Diagnostic::error(
                    "write",
                    format!(
                        "cannot move the previous output `{}` aside: {e}",
                        self.target.display()
                    ),
                )
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Diagnostic::error(
                "write",
                format!(
                    "cannot move the new site into `{}`: {e}",
                    self.target.display()
                ),
            ));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
            stamp_manifest(&self.target);
        }
        Ok(())
    }
}

/// Removes `dir`, the previous site once the new one is in place, with
/// its files unlinked on every core (a 10,000-document site has some
/// 11,000 files), then its folders deepest first; whatever is left (a
/// file that appeared meanwhile) goes the usual way. Symbolic links are
/// removed, never followed.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    // Whatever was swapped out is removed by name: a symbolic link put in
    // the site's place (after the output check) goes, its target stays.
    if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        let _ = std::fs::remove_file(dir);
        return;
    }
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    for folder in &folders {
        let _ = std::fs::remove_dir(folder);
    }
    if dir.exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Marks the new site's manifest as changed now, after the previous site's
/// names were removed. Files hard-linked from the previous site had their
/// status-change time (ctime) moved by that removal; the next build trusts
/// the manifest's digest of a file only if the file has not changed since
/// the manifest did (see `SiteFiles`), so the manifest must be the later.
/// `chmod` to the same mode changes nothing but that time.
fn stamp_manifest(site: &Path) {
    let path = site.join(manifest::MANIFEST_FILE);
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && meta.file_type().is_file()
    {
        let _ = std::fs::set_permissions(&path, meta.permissions());
    }
}

/// Exchanges two paths in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the call's
    // duration; AT_FDCWD makes relative paths relative to the current folder,
    // as `std::fs::rename` does.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Exchanges two paths in one step: not available here.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Whether an exchange failed only because the system or file system cannot
/// do it (then two renames do the job).
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::ENOSYS | libc::EINVAL | libc::EPERM | libc::ENOTSUP)
    ) {
        return true;
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Cleans up after builds that were killed: a previous site moved aside by a
/// build killed before it could move the new one in is put back (when the
/// output is missing), other leftovers of dead builds are removed. Only
/// folders named by this module are touched.
fn remove_leftovers(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut dead: Vec<(String, std::path::PathBuf)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        for mark in [STAGING_MARK, OLD_MARK] {
            if let Some(rest) = file_name.strip_prefix(mark)
                && let Some(pid) = rest.strip_prefix(name).and_then(|r| r.strip_prefix('-'))
                && !pid.is_empty()
                && pid.chars().all(|c| c.is_ascii_digit())
                && !process_alive(pid)
                && entry.file_type().is_ok_and(|t| t.is_dir())
            {
                dead.push((mark.to_string(), entry.path()));
            }
        }
    }
    dead.sort();
    for (mark, path) in dead {
        if mark == OLD_MARK
            && std::fs::symlink_metadata(target).is_err()
            && std::fs::rename(&path, target).is_ok()
        {
            continue;
        }
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Whether a process with this id still runs (Linux `/proc`; elsewhere assume not).
fn process_alive(pid: &str) -> bool {
    pid != std::process::id().to_string() && Path::new("/proc").join(pid).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_staging_leaves_target_untouched() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let target = tmp.path().join("book");
        std::fs::create_dir(&target)?;
        std::fs::write(target.join("index.html"), "old")?;
        {
            let s = Staging::new(&target).map_err(|d| d.message)?;
            std::fs::write(s.path().join("index.html"), "new")?;
        }
        assert_eq!(std::fs::read_to_string(target.join("index.html"))?, "old");
        let s = Staging::new(&target).map_err(|d| d.message)?;
        std::fs::write(s.path().join("index.html"), "new")?;
        s.commit().map_err(|d| d.message)?;
        assert_eq!(std::fs::read_to_string(target.join("index.html"))?, "new");
        let names: Vec<_> = std::fs::read_dir(tmp.path())?
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("book")]);
        Ok(())
    }

    #[test]
    fn a_site_moved_aside_by_a_killed_build_is_restored() -> Result<(), Box<dyn std::error::Error>>
    {
        let tmp = tempfile::tempdir()?;
        let target = tmp.path().join("book");
        let old = tmp.path().join(".qmsbook-old-book-999999999");
        std::fs::create_dir(&old)?;
        std::fs::write(old.join("index.html"), "previous")?;
        let s = Staging::new(&target).map_err(|d| d.message)?;
        assert_eq!(
            std::fs::read_to_string(target.join("index.html"))?,
            "previous"
        );
        assert!(!old.exists());
        drop(s);
        assert_eq!(
            std::fs::read_to_string(target.join("index.html"))?,
            "previous"
        );
        Ok(())
    }

    #[test]
    fn commit_swaps_a_previous_site_and_leaves_no_folder_behind()
    -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let target = tmp.path().join("book");
        std::fs::create_dir(&target)?;
        std::fs::write(target.join("old.html"), "old")?;
        let s = Staging::new(&target).map_err(|d| d.message)?;
        std::fs::write(s.path().join("new.html"), "new")?;
        s.commit().map_err(|d| d.message)?;
        assert!(!target.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(target.join("new.html"))?, "new");
        assert_eq!(std::fs::read_dir(tmp.path())?.count(), 1);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn removing_the_previous_site_follows_no_symbolic_link()
    -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let foreign = tmp.path().join("foreign");
        std::fs::create_dir(&foreign)?;
        std::fs::write(foreign.join("keep.txt"), "keep")?;
        // A previous site holding a link to a foreign folder.
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join("sub"))?;
        std::fs::write(site.join("sub/page.html"), "old")?;
        std::os::unix::fs::symlink(&foreign, site.join("sub/link"))?;
        remove_tree(&site);
        assert!(!site.exists());
        // The previous site's own name a link to a foreign folder.
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&foreign, &link)?;
        remove_tree(&link);
        assert!(std::fs::symlink_metadata(&link).is_err());
        assert_eq!(std::fs::read_to_string(foreign.join("keep.txt"))?, "keep");
        Ok(())
    }

    #[test]
    fn leftovers_of_dead_builds_are_removed() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let target = tmp.path().join("book");
        std::fs::create_dir(tmp.path().join(".qmsbook-staging-book-999999999"))?;
        let s = Staging::new(&target).map_err(|d| d.message)?;
        assert!(!tmp.path().join(".qmsbook-staging-book-999999999").exists());
        drop(s);
        Ok(())
    }
}
