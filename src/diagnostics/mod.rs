//! Diagnostics: problems found in a handbook, as plain values.
//!
//! Every stage of the pipeline returns its problems as [`Diagnostic`]s instead of
//! printing or failing early, so one run reports everything at once and the
//! formatters (human, JSON, …) are views over the same list.
//!
//! The values live here; each output format is a module of its own
//! ([`human`], [`json`], [`github`]), re-exported so callers write
//! `diagnostics::render_human`.

mod github;
mod human;
mod json;

pub use github::render_github;
pub use human::render_human;
pub use json::{JsonDiagnostic, render_json};

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
    /// Information, e.g. that git history is incomplete; never fails anything.
    Note,
}

/// A position in a source file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A region of a source file, with the byte range for snippet rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Where the region starts.
    pub start: Position,
    /// Where the region ends (exclusive).
    pub end: Position,
    /// Byte range in the (normalised) source text.
    #[serde(skip)]
    pub bytes: std::ops::Range<usize>,
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `broken-link`.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// File the problem is in, relative to the handbook root, with `/` separators.
    pub file: Option<String>,
    /// Where in the file.
    pub span: Option<Span>,
    /// What to do about it.
    pub help: Option<String>,
    /// The text of the file, for the source snippet (not serialised).
    #[serde(skip)]
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    /// A new error with a code and message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new note with a code and message.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    /// A new warning with a code and message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            file: None,
            span: None,
            help: None,
            source: None,
        }
    }

    /// Names the file, without a position.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Points at a span of a source file.
    pub fn at(mut self, file: &SourceText, span: Span) -> Self {
        self.file = Some(file.path.clone());
        self.source = Some(file.text.clone());
        self.span = Some(span);
        self
    }

    /// Points at a byte range of a source file.
    pub fn at_bytes(self, file: &SourceText, bytes: std::ops::Range<usize>) -> Self {
        let span = file.span(bytes);
        self.at(file, span)
    }

    /// Adds the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> String {
        match (&self.file, &self.span) {
            (Some(f), Some(s)) => format!("{f}:{}:{}", s.start.line, s.start.column),
            (Some(f), None) => f.clone(),
            _ => String::new(),
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A source file's text with a line index, for turning byte offsets into positions.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path relative to the handbook root, `/`-separated.
    pub path: String,
    /// The normalised text (BOM removed, line endings `\n`).
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
    /// In lines longer than [`CHECKPOINT`] bytes: every `CHECKPOINT` bytes, the
    /// byte offset and the number of characters from its line's start, so a
    /// column is found without counting a whole long line each time.
    checkpoints: Arc<[(usize, usize)]>,
}

/// Distance between column checkpoints in long lines.
const CHECKPOINT: usize = 4096;

impl SourceText {
    /// Indexes `text`, shown as `path` in diagnostics.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut checkpoints = Vec::new();
        for (i, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(i + 1).map_or(text.len(), |&n| n - 1);
            let (mut at, mut chars) = (start, 0);
            while end - at > CHECKPOINT {
                let mut next = at + CHECKPOINT;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                at = next;
                checkpoints.push((at, chars));
            }
        }
        Self {
            path: path.into(),
            text,
            line_starts: line_starts.into(),
            checkpoints: checkpoints.into(),
        }
    }

    /// The position of a byte offset (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let mark = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match mark.checked_sub(1).map(|m| self.checkpoints[m]) {
            Some((at, chars)) if at >= start => (at, chars),
            _ => (start, 0),
        };
        let column = before + self.text[from..offset].chars().count() + 1;
        Position { line, column }
    }

    /// The span of a byte range, widened to whole characters and clamped to the text.
    pub fn span(&self, bytes: std::ops::Range<usize>) -> Span {
        let len = self.text.len();
        let mut start = bytes.start.min(len);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = bytes.end.max(bytes.start).min(len).max(start);
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        Span {
            start: self.position(start),
            end: self.position(end),
            bytes: start..end,
        }
    }

    /// Byte offset of a 1-based line and column (in characters); clamps to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = &self.text[start..];
        let line_len = line_text.find('\n').unwrap_or(line_text.len());
        let within = line_text[..line_len]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_len, |(i, _)| i);
        start + within
    }
}

/// Counts of a list of diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        Self {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }
}

/// Sorts diagnostics by file, position, then message, so output is deterministic.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.file.clone().unwrap_or_default(),
                d.span.as_ref().map(|s| s.start),
                d.severity,
                d.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Sorts diagnostics and drops exact repeats (a broken template fails on every
/// page that uses it, but is reported once).
pub fn sort_unique(diagnostics: &mut Vec<Diagnostic>) {
    sort(diagnostics);
    diagnostics.dedup_by(|a, b| {
        a.code == b.code && a.file == b.file && a.span == b.span && a.message == b.message
    });
}

/// Groups diagnostics by file for the summary line.
pub fn files_with_problems(diagnostics: &[Diagnostic]) -> BTreeMap<&str, usize> {
    let mut map = BTreeMap::new();
    for d in diagnostics {
        if let Some(f) = &d.file {
            *map.entry(f.as_str()).or_insert(0) += 1;
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_chars() {
        let s = SourceText::new("a.md", "ab\ncdé f\n\nx");
        assert_eq!(s.position(0), Position { line: 1, column: 1 });
        assert_eq!(s.position(3), Position { line: 2, column: 1 });
        // 'f' is after "cdé " (é is two bytes)
        assert_eq!(s.position(8), Position { line: 2, column: 5 });
        assert_eq!(s.position(10), Position { line: 3, column: 1 });
        assert_eq!(s.position(100), Position { line: 4, column: 2 });
        assert_eq!(s.offset_of(2, 5), 8);
    }

    #[test]
    fn columns_in_long_lines_agree_with_counting() {
        // Lines of ASCII and of two- and three-byte characters, longer than
        // several checkpoints, with short lines around them.
        let long = format!(
            "{}é€{}\nshort\n{}",
            "a".repeat(9000),
            "€".repeat(5000),
            "é".repeat(7000)
        );
        let s = SourceText::new("a.md", long.as_str());
        for offset in (0..long.len()).step_by(997).chain([long.len()]) {
            let mut at = offset;
            while !long.is_char_boundary(at) {
                at -= 1;
            }
            let line_start = long[..at].rfind('\n').map_or(0, |i| i + 1);
            let expected = long[line_start..at].chars().count() + 1;
            assert_eq!(s.position(offset).column, expected, "offset {offset}");
        }
    }

    #[test]
    fn diagnostics_in_a_very_long_line_name_the_place_without_a_snippet() {
        let text = format!("{} vague etc. {}\n", "word ".repeat(2000), "x".repeat(3000));
        let s = SourceText::new("content/a.md", text.as_str());
        let at = text.find("etc.").unwrap_or(0);
        let d = Diagnostic::warning("vague-wording", "vague").at_bytes(&s, at..at + 4);
        let out = render_human(&[d], false);
        assert!(out.contains("content/a.md:1:10008"), "{out}");
        assert!(out.len() < 500, "no 13 KB snippet: {} bytes", out.len());
        // A short line keeps its snippet.
        let s = SourceText::new("content/b.md", "see etc. here\n");
        let d = Diagnostic::warning("vague-wording", "vague").at_bytes(&s, 4..8);
        assert!(render_human(&[d], false).contains("see etc. here"));
    }

    #[test]
    fn github_and_json_formats() {
        let s = SourceText::new("content/a,b.md", "x\nsee [[NOPE]]\n");
        let d = Diagnostic::error("broken-link", "100% broken:\nreally")
            .at_bytes(&s, 6..14)
            .help("fix it");
        let gh = render_github(std::slice::from_ref(&d));
        assert_eq!(
            gh,
            "::error file=content/a%2Cb.md,line=2,col=5,endLine=2,endColumn=13,title=broken-link::100%25 broken:%0Areally%0Ahelp: fix it\n"
        );
        let json: serde_json::Value = serde_json::from_str(&render_json(&[d])).expect("json");
        assert_eq!(json[0]["line"], 2);
        assert_eq!(json[0]["end_column"], 13);
        assert_eq!(json[0]["severity"], "error");
    }

    #[test]
    fn spans_inside_a_character_are_widened() {
        let s = SourceText::new("a.md", "ab\u{ffff}cd");
        let span = s.span(3..4);
        assert_eq!(span.bytes, 2..5);
        let d = Diagnostic::error("x", "y").at(&s, span);
        assert!(render_human(&[d], false).contains("a.md:1:3"));
    }

    #[test]
    fn human_output_has_location_caret_and_help() {
        let s = SourceText::new("content/a.md", "---\nid: X\n---\nsee [[NOPE]]\n");
        let d = Diagnostic::error("broken-link", "no document has the ID `NOPE`")
            .at_bytes(&s, 18..26)
            .help("check the ID");
        let out = render_human(&[d], false);
        assert!(
            out.contains("error[broken-link]: no document has the ID `NOPE`"),
            "{out}"
        );
        assert!(out.contains("content/a.md:4:5"), "{out}");
        assert!(out.contains("^^^^^^^^"), "{out}");
        assert!(out.contains("help: check the ID"), "{out}");
    }
}
