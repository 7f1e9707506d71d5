//! Watching the handbook's sources: the content folder, `standards/`,
//! `themes/` and the acknowledgement ledger recursively, and `book.toml` and
//! the awareness people file (through their folder, so editors that
//! save by writing a temporary file and renaming it are seen). Temporary and
//! swap files and the output folder are ignored.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::CONFIG_FILE;

/// How long the debouncer waits for a burst of changes to end.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What to watch, and what to ignore.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The handbook root (watched non-recursively, for `book.toml`).
    pub root: PathBuf,
    /// Folders watched recursively (those that exist).
    pub folders: Vec<PathBuf>,
    /// Single files outside those folders (the awareness people file),
    /// watched through their folder.
    pub files: Vec<PathBuf>,
    /// The output folder and its staging siblings are never sources.
    pub output: PathBuf,
}

/// Whether a file name is an editor's temporary or swap file.
pub fn is_temporary(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == ".DS_Store"
        || (name.starts_with('.') && name.contains(".sw"))
}

/// Whether an event can change a file's content or existence (reads, which
/// every build does, and metadata changes cannot).
pub fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

impl Sources {
    /// Whether a changed path is a source whose change needs a rebuild.
    pub fn is_relevant(&self, path: &Path) -> bool {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if is_temporary(&name) {
            return false;
        }
        if path.starts_with(&self.output) || name.starts_with(".qmsbook-") {
            return false;
        }
        if path
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with(".qmsbook-"))
        {
            return false;
        }
        if self.files.iter().any(|f| f == path) {
            return true;
        }
        if path.parent() == Some(self.root.as_path()) {
            return name == CONFIG_FILE || self.folders.iter().any(|f| f == path);
        }
        self.folders.iter().any(|f| path.starts_with(f))
    }
}

/// Starts watching; each debounced batch of events goes to `events`.
pub fn start(
    sources: &Sources,
    events: impl FnMut(DebounceEventResult) + Send + 'static,
) -> notify::Result<Debouncer<notify::RecommendedWatcher, RecommendedCache>> {
    let mut debouncer = new_debouncer(DEBOUNCE, None, events)?;
    debouncer.watch(&sources.root, RecursiveMode::NonRecursive)?;
    for folder in &sources.folders {
        if folder.is_dir() {
            debouncer.watch(folder, RecursiveMode::Recursive)?;
        }
    }
    for file in &sources.files {
        if let Some(parent) = file.parent()
            && parent != sources.root
            && parent.is_dir()
        {
            debouncer.watch(parent, RecursiveMode::NonRecursive)?;
        }
    }
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let s = Sources {
            root: PathBuf::from("/h"),
            folders: vec![PathBuf::from("/h/content"), PathBuf::from("/h/themes")],
            files: vec![PathBuf::from("/h/people.csv")],
            output: PathBuf::from("/h/book"),
        };
        assert!(s.is_relevant(Path::new("/h/book.toml")));
        assert!(s.is_relevant(Path::new("/h/people.csv")));
        assert!(!s.is_relevant(Path::new("/h/other.csv")));
        assert!(s.is_relevant(Path::new("/h/content/a/b.md")));
        assert!(s.is_relevant(Path::new("/h/content")));
        assert!(!s.is_relevant(Path::new("/h/book/index.html")));
        assert!(!s.is_relevant(Path::new("/h/.qmsbook-staging-book-12/index.html")));
        assert!(!s.is_relevant(Path::new("/h/README.md")));
        assert!(!s.is_relevant(Path::new("/h/content/.a.md.swp")));
        assert!(!s.is_relevant(Path::new("/h/content/a.md~")));
        assert!(!s.is_relevant(Path::new("/h/content/4913")));
        assert!(!s.is_relevant(Path::new("/h/content/a.md___jb_tmp___")));
        assert!(!s.is_relevant(Path::new("/h/content/.#a.md")));
    }
}
