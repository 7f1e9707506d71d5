//! Files held in memory until it is known that they may be written: `serve`
//! renders an edit's pages while the checks run, and writes them into the
//! live site only when the checks found no error.

use std::path::Path;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::render::sink::SiteSink;

/// One held write.
enum Held {
    /// These bytes, at this path.
    Write(String, Vec<u8>),
    /// The file at this path, left as it is.
    Keep(String),
}

/// A [`SiteSink`] that holds every write in memory until [`HeldFiles::write_into`].
#[derive(Default)]
pub struct HeldFiles {
    held: Mutex<Vec<Held>>,
}

impl HeldFiles {
    fn hold(&self, h: Held) {
        match self.held.lock() {
            Ok(mut held) => held.push(h),
            Err(poisoned) => poisoned.into_inner().push(h),
        }
    }

    /// Writes (and keeps) everything held into `out`, in the order it came.
    pub fn write_into(self, out: &dyn SiteSink) -> Result<(), Diagnostic> {
        let held = self.held.into_inner().unwrap_or_else(|p| p.into_inner());
        for h in held {
            match h {
                Held::Write(rel, bytes) => out.write(&rel, &bytes)?,
                Held::Keep(rel) => out.keep(&rel)?,
            }
        }
        Ok(())
    }
}

impl SiteSink for HeldFiles {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.hold(Held::Write(rel.to_string(), bytes.to_vec()));
        Ok(())
    }

    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), Diagnostic> {
        self.hold(Held::Write(rel.to_string(), parts.concat()));
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from)
            .map_err(|e| Diagnostic::error("write", format!("cannot copy `{rel}`: {e}")))?;
        self.write(rel, &bytes)
    }

    fn keep(&self, rel: &str) -> Result<(), Diagnostic> {
        self.hold(Held::Keep(rel.to_string()));
        Ok(())
    }

    fn written(&self) -> Vec<String> {
        let held = match self.held.lock() {
            Ok(h) => h,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut paths: Vec<String> = held
            .iter()
            .map(|h| match h {
                Held::Write(rel, _) | Held::Keep(rel) => rel.clone(),
            })
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    fn reused(&self) -> usize {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::site_files::SiteFiles;

    #[test]
    fn nothing_is_written_until_asked_then_everything_in_order() -> Result<(), String> {
        let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let held = HeldFiles::default();
        held.write("a.html", b"first").map_err(|d| d.message)?;
        held.write_parts("b/c.html", &[b"x", b"y"])
            .map_err(|d| d.message)?;
        held.write("a.html", b"second").map_err(|d| d.message)?;
        assert_eq!(held.written(), ["a.html", "b/c.html"]);
        assert!(!tmp.path().join("a.html").exists());
        let live = SiteFiles::live(tmp.path());
        held.write_into(&live).map_err(|d| d.message)?;
        let read = |p: &str| std::fs::read(tmp.path().join(p)).map_err(|e| e.to_string());
        assert_eq!(read("a.html")?, b"second");
        assert_eq!(read("b/c.html")?, b"xy");
        Ok(())
    }
}
