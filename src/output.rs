//! Writing the site atomically: build into a fresh folder beside the output,
//! then swap it in only when everything succeeded.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

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
        remove_leftovers(parent, &name);
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
        let parent = self.dir.parent().map(Path::to_path_buf).unwrap_or_default();
        let old = parent.join(format!(
            "{OLD_MARK}{}-{}",
            name_of(&self.target),
            std::process::id()
        ));
        let had_old = self.target.exists();
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
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes staging and old folders left by builds that were killed.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        for mark in [STAGING_MARK, OLD_MARK] {
            if let Some(rest) = file_name.strip_prefix(mark)
                && let Some(pid) = rest.strip_prefix(name).and_then(|r| r.strip_prefix('-'))
                && pid.chars().all(|c| c.is_ascii_digit())
                && !process_alive(pid)
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
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
