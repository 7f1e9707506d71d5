//! The JSON format of `qmsbook check --format json`: one array, a stable
//! object per diagnostic, for editors and CI tools.

use serde::Serialize;

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
