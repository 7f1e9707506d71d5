//! The values: a [`Diagnostic`] (severity, code, message, file, span, help),
//! source positions and spans, a file's text indexed for them, tallies and
//! the sort order every output uses. No formatting here.

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
    /// A second place the problem involves (the other file of a duplicate
    /// ID), shown under the first in the human format.
    #[serde(skip)]
    pub secondary: Option<Box<Secondary>>,
    /// Whether this only follows from another problem (a link to a document
    /// whose front matter is broken); counted apart in the summary.
    #[serde(skip)]
    pub consequence: bool,
}

/// A labelled second place of a [`Diagnostic`].
#[derive(Debug, Clone)]
pub struct Secondary {
    /// File, relative to the handbook root.
    pub file: String,
    /// Where in it.
    pub span: Span,
    /// The file's text, for the snippet.
    pub source: Arc<str>,
    /// What is there, e.g. "the ID is first used here".
    pub label: String,
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
            secondary: None,
            consequence: false,
        }
    }

    /// Adds a labelled second place, in `file` at `span`.
    pub fn secondary(mut self, file: &SourceText, span: Span, label: impl Into<String>) -> Self {
        self.secondary = Some(Box::new(Secondary {
            file: file.path.clone(),
            span,
            source: file.text.clone(),
            label: label.into(),
        }));
        self
    }

    /// Marks this as a consequence of another problem.
    pub fn as_consequence(mut self) -> Self {
        self.consequence = true;
        self
    }

    /// Where this sorts among a run's diagnostics: configuration first, then
    /// problems of a file's own front matter (the causes others follow
    /// from), then everything else.
    pub fn rank(&self) -> u8 {
        match self.code {
            "config" | "invalid-catalog" | "invalid-crosswalk" | "missing-justification" => 0,
            "invalid-utf8"
            | "missing-front-matter"
            | "unterminated-front-matter"
            | "invalid-yaml"
            | "merge-conflict"
            | "invalid-front-matter"
            | "missing-field"
            | "invalid-id"
            | "duplicate-id"
            | "id-prefix"
            | "invalid-date"
            | "invalid-status"
            | "unknown-type"
            | "unknown-field"
            | "non-canonical-case" => 1,
            _ => 2,
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
    /// How many diagnostics are consequences of others (see [`Diagnostic::consequence`]).
    pub consequences: usize,
}

impl std::fmt::Display for Tally {
    /// `2 errors, 1 warning`, and `, 5 consequences (notes)` when there are any.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {}",
            crate::util::plural::count(self.errors, "error"),
            crate::util::plural::count(self.warnings, "warning")
        )?;
        if self.consequences > 0 {
            write!(
                f,
                ", {} (notes)",
                crate::util::plural::count(self.consequences, "consequence")
            )?;
        }
        Ok(())
    }
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        Self {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            consequences: diagnostics.iter().filter(|d| d.consequence).count(),
        }
    }
}

/// Sorts diagnostics so causes come first and output is deterministic: by
/// [rank](Diagnostic::rank) (configuration, then front matter, then the
/// rest), then file, position and message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.rank(),
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
