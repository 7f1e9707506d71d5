//! Finding the handbook's files and splitting each document into front matter and body.
//!
//! [`walk`] and [`read`] touch the disk; [`from_bytes`] does the rest of
//! reading (decoding, splitting) for contents already in memory, so both
//! paths give the same [`SourceFile`]. Nothing here parses YAML or Markdown.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceText};

/// A Markdown file read from the content folder, with its front matter split off.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content folder, `/`-separated (e.g. `procedures/audit.md`).
    pub rel_path: String,
    /// The normalised text and its line index.
    pub text: SourceText,
    /// The front matter between the `---` lines, if the file has one.
    pub front_matter: Option<FrontMatterBlock>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// The opening `---` line of front matter that is never closed (reported
    /// when the front matter is parsed, so the file is still registered).
    pub unterminated: Option<std::ops::Range<usize>>,
}

/// Where the front matter sits in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterBlock {
    /// Byte range of the YAML text (between the fences).
    pub yaml: std::ops::Range<usize>,
    /// 1-based line of the first YAML line.
    pub first_line: usize,
    /// Byte range of the opening fence line.
    pub opening: std::ops::Range<usize>,
}

impl SourceFile {
    /// The YAML text of the front matter, if any.
    pub fn yaml(&self) -> Option<&str> {
        self.front_matter
            .as_ref()
            .map(|fm| &self.text.text[fm.yaml.clone()])
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text.text[self.body_start..]
    }
}

/// Everything found under the content folder.
#[derive(Debug, Default)]
pub struct ContentTree {
    /// Markdown files, sorted by path.
    pub markdown: Vec<PathBuf>,
    /// Other files (images, PDFs) to copy, sorted by path, relative to the content folder.
    pub assets: Vec<PathBuf>,
}

/// Whether a content path is a document: it ends in `.md`, in any case (`X.MD` too).
pub fn is_markdown(path: &str) -> bool {
    path.len() >= 3
        && path
            .get(path.len() - 3..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".md"))
}

/// Whether a file name is never published: hidden files (`.x.md.swp`,
/// `.#x.md`), editor backups (`x.md~`, `#x.md#`, `x.bak`), swap files
/// (`.swp`, `.swo`) and merge leftovers (`x.md.orig`, `x.md.rej`).
pub fn is_unpublished_name(name: &str) -> bool {
    const LEFTOVERS: [&str; 6] = ["orig", "rej", "swp", "swo", "swn", "bak"];
    let extension = name.rsplit_once('.').map(|(_, e)| e);
    name.starts_with('.')
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || extension.is_some_and(|e| LEFTOVERS.iter().any(|l| l.eq_ignore_ascii_case(e)))
}

/// Lists the files under `src` (the content folder of the handbook at `root`),
/// sorted by path. Left out: hidden files and folders, backup, swap and
/// merge-leftover files ([`is_unpublished_name`]), what `.gitignore` files
/// (the handbook root's and those under `src`) ignore, the folders in `skip`
/// (the output folder), and anything reached through a symbolic link that
/// resolves outside `src` (reported as `link-outside-content`; never
/// followed, never read). File names that are not UTF-8 are reported and
/// skipped.
pub fn walk(
    root: &Path,
    src: &Path,
    skip: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> ContentTree {
    use std::sync::{Arc, Mutex};

    let mut tree = ContentTree::default();
    let root_canon = src.canonicalize().unwrap_or_else(|_| src.to_path_buf());
    // Paths refused by the filter (links leaving `src`, names that are not
    // UTF-8), reported after the walk in path order.
    let refused: Arc<Mutex<Vec<(PathBuf, Refused)>>> = Arc::default();
    let mut builder = ignore::WalkBuilder::new(src);
    builder
        .follow_links(true)
        .hidden(true)
        .ignore(false)
        .parents(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .current_dir(root)
        .sort_by_file_name(|a, b| a.cmp(b));
    let root_ignore = root.join(".gitignore");
    if root_ignore.is_file() && !root_ignore.is_symlink() {
        // A bad pattern leaves the others in force, as in git.
        let _ = builder.add_ignore(&root_ignore);
    }
    {
        let skip = skip.to_vec();
        let refused = Arc::clone(&refused);
        let root_canon = root_canon.clone();
        builder.filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            let refuse = |why: Refused| {
                if let Ok(mut list) = refused.lock() {
                    list.push((e.path().to_path_buf(), why));
                }
                false
            };
            let Some(name) = e.file_name().to_str() else {
                return refuse(Refused::NotUtf8);
            };
            if is_unpublished_name(name) || skip.iter().any(|s| e.path() == s) {
                return false;
            }
            if e.path_is_symlink() {
                let inside = e
                    .path()
                    .canonicalize()
                    .is_ok_and(|c| c.starts_with(&root_canon));
                if !inside {
                    return refuse(Refused::Outside);
                }
            }
            true
        });
    }
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                diagnostics.push(walk_error(&err, src));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(src) else {
            continue;
        };
        if rel.to_str().is_some_and(is_markdown) {
            tree.markdown.push(rel.to_path_buf());
        } else {
            tree.assets.push(rel.to_path_buf());
        }
    }
    let mut refused = refused.lock().map(|l| l.clone()).unwrap_or_default();
    refused.sort();
    for (path, why) in refused {
        diagnostics.push(refused_warning(&path, src, why));
    }
    tree
}

/// Why the walk left a path out with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Refused {
    /// A symbolic link that resolves outside the content folder.
    Outside,
    /// A name that is not UTF-8.
    NotUtf8,
}

fn refused_warning(path: &Path, src: &Path, why: Refused) -> Diagnostic {
    let shown = display_path(path, src);
    match why {
        Refused::Outside => Diagnostic::warning(
            "link-outside-content",
            format!(
                "`{shown}` is a symbolic link to something outside the content folder; it was skipped"
            ),
        )
        .help("copy the file or folder into the content folder instead of linking to it"),
        Refused::NotUtf8 => {
            let folder = path
                .parent()
                .map(|p| display_path(p, src))
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| ".".to_string());
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Diagnostic::warning(
                "invalid-file-name",
                format!(
                    "a name in the folder `{folder}` of the content folder is not UTF-8 (shown as `{name}`); it was skipped"
                ),
            )
            .help("rename the file or folder; names must be UTF-8")
        }
    }
}

/// The warning for a walk error: a link loop or an unreadable entry.
fn walk_error(err: &ignore::Error, src: &Path) -> Diagnostic {
    let mut inner = err;
    let mut path = None;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = path.or(Some(p.clone()));
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            _ => break,
        }
    }
    let msg = match inner {
        ignore::Error::Loop { child, .. } => {
            format!(
                "symbolic link loop at `{}`; it was skipped",
                display_path(child, src)
            )
        }
        other => {
            let shown = path.map(|p| display_path(&p, src)).unwrap_or_default();
            format!("cannot read `{shown}`: {other}")
        }
    };
    Diagnostic::warning("unreadable-file", msg)
        .help("remove the link or fix the file's permissions")
}

fn display_path(p: &Path, base: &Path) -> String {
    p.strip_prefix(base)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Turns raw bytes into the normalised text: UTF-8 checked, BOM removed,
/// CRLF and lone CR turned into LF. On invalid UTF-8 the error names the line
/// and column of the first bad byte.
pub fn decode(display: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    decode_owned(display, bytes.to_vec())
}

/// [`decode`], taking the bytes by value so that valid text is not copied.
pub fn decode_owned(display: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => normalize(display, text),
        Err(e) => Err(invalid_utf8(display, e.as_bytes(), e.utf8_error())),
    }
}

/// The error for bytes that are not UTF-8, naming the first bad byte's position.
fn invalid_utf8(display: &str, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let good = &bytes[..e.valid_up_to()];
    // Safe: `good` is the valid prefix.
    let prefix = String::from_utf8_lossy(good);
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
    Diagnostic::error(
        "invalid-utf8",
        format!(
            "`{display}` is not valid UTF-8: byte 0x{byte:02X} at line {line}, column {column}"
        ),
    )
    .in_file(display.to_string())
    .help(
        "save the file as UTF-8 (files exported from word processors are often Latin-1 or Windows-1252)",
    )
}

/// Removes a BOM, refuses NUL bytes, and turns CRLF and lone CR into LF.
fn normalize(display: &str, mut text: String) -> Result<String, Diagnostic> {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if let Some(offset) = text.find('\0') {
        let line = text[..offset].matches('\n').count() + 1;
        return Err(Diagnostic::error(
            "invalid-utf8",
            format!("`{display}` contains a NUL byte at line {line}; it looks like a binary file"),
        )
        .in_file(display.to_string())
        .help("remove the NUL byte, or give binary files another extension than `.md`"));
    }
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text)
    }
}

/// Result of looking for a front-matter block.
#[derive(Debug, PartialEq, Eq)]
pub enum Split {
    /// No front matter: the file does not start with `---`.
    None,
    /// A complete block.
    Found(FrontMatterBlock, usize),
    /// An opening `---` with no closing line.
    Unterminated(std::ops::Range<usize>),
}

/// Looks for front matter: a first line `---`, YAML, and a closing `---` (or `...`) line.
pub fn split_front_matter(text: &str) -> Split {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Split::None;
    }
    let opening = 0..first_end;
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            return Split::Found(
                FrontMatterBlock {
                    yaml: yaml_start..pos,
                    first_line: 2,
                    opening,
                },
                body_start,
            );
        }
        pos = end + 1;
    }
    Split::Unterminated(opening)
}

/// Reads and splits one Markdown file. `display` is the path shown in diagnostics
/// (relative to the handbook root); `rel_path` is relative to the content folder.
pub fn read(abs: &Path, display: &str, rel_path: &str) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error("unreadable-file", format!("cannot read `{display}`: {e}"))
            .in_file(display.to_string())
            .help("check that the file exists and is readable")
    })?;
    from_bytes(display, rel_path, bytes)
}

/// Decodes and splits one Markdown file's contents: everything [`read`] does
/// after reading the bytes, for files read elsewhere or held in memory.
pub fn from_bytes(display: &str, rel_path: &str, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    let text = decode_owned(display, bytes)?;
    let source = SourceText::new(display, text);
    let (front_matter, body_start, unterminated) = match split_front_matter(&source.text) {
        Split::None => (None, 0, None),
        Split::Found(block, body) => (Some(block), body, None),
        Split::Unterminated(opening) => (None, source.text.len(), Some(opening)),
    };
    Ok(SourceFile {
        rel_path: rel_path.to_string(),
        text: source,
        front_matter,
        body_start,
        unterminated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let t = "---\nid: A\n---\n# Body\n";
        match split_front_matter(t) {
            Split::Found(b, body) => {
                assert_eq!(&t[b.yaml], "id: A\n");
                assert_eq!(&t[body..], "# Body\n");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(split_front_matter("# no\n"), Split::None);
        assert!(matches!(
            split_front_matter("---\nid: A\n"),
            Split::Unterminated(_)
        ));
        assert!(matches!(split_front_matter("---\n---"), Split::Found(_, 7)));
    }

    #[test]
    fn decodes_bom_crlf_and_cr() {
        let t = decode("a.md", b"\xef\xbb\xbf---\r\nid: A\r---\n").unwrap_or_default();
        assert_eq!(t, "---\nid: A\n---\n");
    }

    #[test]
    fn rejects_latin1_with_position() {
        let d = decode("a.md", b"ok\ncaf\xe9\n").err();
        let msg = d.map(|d| d.message).unwrap_or_default();
        assert!(msg.contains("line 2, column 4"), "{msg}");
    }
}
