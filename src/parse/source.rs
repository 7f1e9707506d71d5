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

/// Lists the files under `src`, skipping hidden files and folders, the output
/// folder and anything reached through a link that leaves `src`.
pub fn walk(src: &Path, skip: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> ContentTree {
    let mut tree = ContentTree::default();
    let root_canon = src.canonicalize().unwrap_or_else(|_| src.to_path_buf());
    let walker = walkdir::WalkDir::new(src)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let skipped = skip.iter().any(|s| e.path() == s);
            !hidden && !skipped
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(|p| display_path(p, src)).unwrap_or_default();
                let msg = if err.loop_ancestor().is_some() {
                    format!("symbolic link loop at `{path}`; it was skipped")
                } else {
                    format!("cannot read `{path}`: {err}")
                };
                diagnostics.push(
                    Diagnostic::warning("unreadable-file", msg)
                        .help("remove the link or fix the file's permissions"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if entry.path_is_symlink() {
            let inside = path
                .canonicalize()
                .map(|c| c.starts_with(&root_canon))
                .unwrap_or(false);
            if !inside {
                diagnostics.push(
                    Diagnostic::warning(
                        "link-outside-content",
                        format!(
                            "`{}` is a symbolic link to a file outside the content folder; it was skipped",
                            display_path(path, src)
                        ),
                    )
                    .help("copy the file into the content folder instead of linking to it"),
                );
                continue;
            }
        }
        let Ok(rel) = path.strip_prefix(src) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "md") {
            tree.markdown.push(rel.to_path_buf());
        } else {
            tree.assets.push(rel.to_path_buf());
        }
    }
    tree
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
    let (front_matter, body_start) = match split_front_matter(&source.text) {
        Split::None => (None, 0),
        Split::Found(block, body) => (Some(block), body),
        Split::Unterminated(opening) => {
            return Err(Diagnostic::error(
                "unterminated-front-matter",
                "the front matter opened here is never closed",
            )
            .at_bytes(&source, opening)
            .help("add a line with only `---` after the last front-matter field"));
        }
    };
    Ok(SourceFile {
        rel_path: rel_path.to_string(),
        text: source,
        front_matter,
        body_start,
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
