//! Diagnostics: problems found in a handbook, as plain values.
//!
//! Every stage of the pipeline returns its problems as [`Diagnostic`]s instead of
//! printing or failing early, so one run reports everything at once and the
//! formatters (human, JSON, …) are views over the same list.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
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

/// Renders diagnostics rustc-style: header, `file:line:column`, the source line
/// with a caret, and the help line. `color` adds ANSI colours.
pub fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let mut groups: Vec<Group<'_>> = Vec::new();
        match (&d.file, &d.span, &d.source) {
            (Some(file), Some(span), Some(source)) if excerpt_fits(source, span) => {
                let (snippet_text, first_line, range) = excerpt(source, span);
                groups.push(
                    title.element(
                        Snippet::source(snippet_text)
                            .line_start(first_line)
                            .path(file.as_str())
                            .annotation(AnnotationKind::Primary.span(range)),
                    ),
                );
            }
            (Some(file), Some(span), _) => groups.push(
                title.element(
                    annotate_snippets::Origin::path(file.as_str())
                        .line(span.start.line)
                        .char_column(span.start.column),
                ),
            ),
            (Some(file), None, _) => {
                groups.push(title.element(annotate_snippets::Origin::path(file.as_str())))
            }
            _ => groups.push(Group::with_title(title)),
        }
        if let Some(help) = &d.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&groups));
    }
    out
}

/// The longest line shown as a snippet; a diagnostic in a longer line shows
/// its file, line and column only, so each costs the same however long the
/// line (thousands of diagnostics in one 1 MB line stay linear).
const SNIPPET_MAX_LINE: usize = 1024;

/// Whether the line(s) around `span` are short enough to show, found by
/// looking at most [`SNIPPET_MAX_LINE`] bytes each way.
fn excerpt_fits(source: &str, span: &Span) -> bool {
    let bytes = source.as_bytes();
    let start = span.bytes.start.min(bytes.len());
    let end = span.bytes.end.min(bytes.len()).max(start);
    let back = &bytes[start.saturating_sub(SNIPPET_MAX_LINE)..start];
    let back_ok = start < SNIPPET_MAX_LINE || memchr::memrchr(b'\n', back).is_some();
    let ahead = &bytes[end..(end + SNIPPET_MAX_LINE).min(bytes.len())];
    let ahead_ok = end + SNIPPET_MAX_LINE >= bytes.len() || memchr::memchr(b'\n', ahead).is_some();
    back_ok && ahead_ok && end - start <= 4 * SNIPPET_MAX_LINE
}

/// The lines a span covers (at most a few), the first line's number, and the span
/// relative to the excerpt.
fn excerpt<'a>(source: &'a str, span: &Span) -> (&'a str, usize, std::ops::Range<usize>) {
    let start = span.bytes.start.min(source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    // Show at most three lines so huge spans stay readable.
    let mut line_end = start;
    let mut lines = 0;
    let end = span.bytes.end.min(source.len()).max(start);
    while lines < 3 {
        match source[line_end..].find('\n') {
            Some(i) => {
                line_end += i;
                lines += 1;
                if line_end >= end {
                    break;
                }
                line_end += 1;
            }
            None => {
                line_end = source.len();
                break;
            }
        }
    }
    let text = &source[line_start..line_end];
    let rel_start = start - line_start;
    let mut rel_end = (end - line_start).min(text.len());
    if rel_end <= rel_start {
        rel_end = rel_start;
    }
    (text, span.start.line, rel_start..rel_end)
}

/// One diagnostic in the JSON output of `qmsbook check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// `error`, `warning` or `note`.
    pub severity: Severity,
    /// Stable code.
    pub code: &'a str,
    /// What is wrong.
    pub message: &'a str,
    /// File relative to the handbook root, or null.
    pub file: Option<&'a str>,
    /// 1-based line, or null.
    pub line: Option<usize>,
    /// 1-based column (characters), or null.
    pub column: Option<usize>,
    /// Line where the span ends, or null.
    pub end_line: Option<usize>,
    /// Column where the span ends (exclusive), or null.
    pub end_column: Option<usize>,
    /// What to do, or null.
    pub help: Option<&'a str>,
}

/// The diagnostics as one JSON array (schema in the README).
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            file: d.file.as_deref(),
            line: d.span.as_ref().map(|s| s.start.line),
            column: d.span.as_ref().map(|s| s.start.column),
            end_line: d.span.as_ref().map(|s| s.end.line),
            end_column: d.span.as_ref().map(|s| s.end.column),
            help: d.help.as_deref(),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Escapes the message part of a GitHub Actions workflow command.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub Actions workflow command.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`),
/// so they appear on the lines of a pull request.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(f) = &d.file {
            props.push(format!("file={}", github_property(f)));
        }
        if let Some(s) = &d.span {
            props.push(format!("line={}", s.start.line));
            props.push(format!("col={}", s.start.column));
            props.push(format!("endLine={}", s.end.line));
            props.push(format!("endColumn={}", s.end.column));
        }
        props.push(format!("title={}", github_property(d.code)));
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            github_data(&message)
        );
    }
    out
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
