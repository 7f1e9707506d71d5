//! The JSON format of `qmsbook check --format json`: one array, a stable
//! object per diagnostic, for editors and CI tools.

use std::io::{self, Write};

use serde::{Serialize, Serializer as _};
use serde_json::ser::PrettyFormatter;

use super::value::{Diagnostic, Severity};

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

/// Renders every diagnostic as one pretty-printed JSON array, with a final
/// newline.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_json(&mut out, diagnostics);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes every diagnostic to `out` as one pretty-printed JSON array, each
/// object serialised as it is reached (the array is never built in memory).
pub fn write_json(out: &mut impl Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, PrettyFormatter::new());
    ser.collect_seq(diagnostics.iter().map(JsonDiagnostic::from))
        .map_err(io::Error::other)?;
    writeln!(out)
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            file: d.file.as_deref(),
            line: d.span.as_ref().map(|s| s.start.line),
            column: d.span.as_ref().map(|s| s.start.column),
            end_line: d.span.as_ref().map(|s| s.end.line),
            end_column: d.span.as_ref().map(|s| s.end.column),
            help: d.help.as_deref(),
        }
    }
}
