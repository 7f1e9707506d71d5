//! The rustc-style terminal format: header with code, `file:line:column`, the
//! source lines with a caret, and the help line. Every diagnostic costs the
//! same however long its line: a line over 1 KB is named, not shown.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::value::{Diagnostic, Severity, Span};

/// Renders diagnostics rustc-style: header, `file:line:column`, the source line
/// with a caret, and the help line. `color` adds ANSI colours. Every
/// diagnostic is shown; [`write_human`] can sum up long runs of one code.
pub fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_human(&mut out, diagnostics, color, None);
    String::from_utf8_lossy(&out).into_owned()
}

/// How many diagnostics of one code the terminal shows by default; the rest
/// are summed up in one line per code.
pub const SHOWN_PER_CODE: usize = 20;

/// Writes diagnostics rustc-style to `out`, one at a time (nothing is held
/// back in memory). With `per_code`, only the first that many of each code
/// are written, in the order given, and then one line per code that had
/// more: "… and 16,662 more `vague-wording` warnings".
pub fn write_human(
    out: &mut impl Write,
    diagnostics: &[Diagnostic],
    color: bool,
    per_code: Option<usize>,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    let mut omitted: BTreeMap<&str, Omitted> = BTreeMap::new();
    for d in diagnostics {
        if let Some(limit) = per_code {
            let n = shown.entry(d.code).or_insert(0);
            if *n >= limit {
                let o = omitted.entry(d.code).or_default();
                o.count += 1;
                o.severities.insert(d.severity);
                continue;
            }
            *n += 1;
        }
        writeln!(out, "{}\n", renderer.render(&groups(d)))?;
    }
    for (code, o) in &omitted {
        let kind = match o.severities.iter().collect::<Vec<_>>().as_slice() {
            [Severity::Error] => ("error", "errors"),
            [Severity::Warning] => ("warning", "warnings"),
            [Severity::Note] => ("note", "notes"),
            _ => ("diagnostic", "diagnostics"),
        };
        let noun = if o.count == 1 { kind.0 } else { kind.1 };
        writeln!(
            out,
            "note: … and {} more `{code}` {noun}; `--format json` lists all, `--verbose` shows all",
            thousands(o.count)
        )?;
    }
    if !omitted.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}

/// What [`write_human`] left out of one code.
#[derive(Default)]
struct Omitted {
    count: usize,
    severities: BTreeSet<Severity>,
}

/// `16662` → `16,662`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The snippet groups of one diagnostic: title with its place (and source
/// line when it is short enough), the second place, the help.
fn groups(d: &Diagnostic) -> Vec<Group<'_>> {
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
    if let Some(second) = &d.secondary
        && excerpt_fits(&second.source, &second.span)
    {
        let (snippet_text, first_line, range) = excerpt(&second.source, &second.span);
        groups.push(
            Group::with_title(Level::NOTE.secondary_title(second.label.as_str())).element(
                Snippet::source(snippet_text)
                    .line_start(first_line)
                    .path(second.file.as_str())
                    .annotation(AnnotationKind::Context.span(range)),
            ),
        );
    }
    if let Some(help) = &d.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    groups
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
