//! Reading typed values out of front-matter YAML nodes (texts, dates,
//! mappings with known keys), each problem an error at its span with what
//! to write instead. Shared by the approval record, records and objectives;
//! each adds the reads only it needs in its own `impl Reader` block.

use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::dates;
use crate::parse::located::Located;
use crate::parse::yaml::{Node, Value};
use crate::util::suggest;

/// Reads values of one file and reports what is wrong with them.
pub(crate) struct Reader<'a> {
    /// The file the values come from.
    pub(crate) file: &'a SourceText,
    /// Where problems go.
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    pub(crate) fn error(&mut self, bytes: Range<usize>, message: String, help: String) {
        self.diagnostics.push(
            Diagnostic::error("invalid-front-matter", message)
                .at_bytes(self.file, bytes)
                .help(help),
        );
    }

    /// A non-empty text (numbers as written in the file).
    pub(crate) fn text(&mut self, what: &str, node: &Node) -> Option<String> {
        let text = match &node.value {
            Value::Str(s) => s.trim().to_string(),
            Value::Int(_) | Value::Float(_) => self
                .file
                .text
                .get(node.bytes.clone())
                .unwrap_or_default()
                .trim()
                .to_string(),
            Value::Null => String::new(),
            other => {
                self.error(
                    node.bytes.clone(),
                    format!("{what} must be text, found {}", other.kind()),
                    "put the value in quotes".to_string(),
                );
                return None;
            }
        };
        if text.is_empty() {
            self.error(
                node.bytes.clone(),
                format!("{what} is empty"),
                format!("give {what} a value"),
            );
            return None;
        }
        Some(text)
    }

    pub(crate) fn located_text(&mut self, what: &str, node: &Node) -> Option<Located<String>> {
        self.text(what, node).map(|value| Located {
            value,
            bytes: node.bytes.clone(),
        })
    }

    /// A `YYYY-MM-DD` date, with the same messages as `effective`.
    pub(crate) fn date(&mut self, what: &str, node: &Node) -> Option<Located<Date>> {
        let text = self.text(what, node)?;
        match dates::parse_date(&text) {
            Ok(value) => Some(Located {
                value,
                bytes: node.bytes.clone(),
            }),
            Err(problem) => {
                self.diagnostics.push(
                    Diagnostic::error("invalid-date", format!("{what}: {}", problem.message))
                        .at_bytes(self.file, node.bytes.clone())
                        .help(problem.help),
                );
                None
            }
        }
    }

    /// Reports a key a mapping does not know, at the key, with the nearest
    /// known one.
    pub(crate) fn unknown_key(&mut self, what: &str, key: &str, value: &Node, known: &[&str]) {
        let before = self.file.text.get(..value.bytes.start).unwrap_or_default();
        let bytes = before
            .rfind(key)
            .map_or(value.bytes.clone(), |at| at..at + key.len());
        let hint = suggest::closest(key, known.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        let list = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.error(
            bytes,
            format!("unknown key `{key}` in {what}"),
            format!("{hint}{what} has the keys {list}"),
        );
    }

    /// Reports the required keys a mapping lacks, at the mapping.
    pub(crate) fn missing(
        &mut self,
        what: &str,
        at: Range<usize>,
        missing: &[&str],
        example: &str,
    ) {
        if missing.is_empty() {
            return;
        }
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let s = if missing.len() > 1 { "s" } else { "" };
        self.error(
            at,
            format!("{what} is missing the required key{s} {list}"),
            format!("add {list}, e.g. {example}"),
        );
    }
}

/// Where a mapping's diagnostics point: its first key (the parser's range of
/// a block mapping starts at its first value).
pub(crate) fn mapping_at(
    file: &SourceText,
    node: &Node,
    entries: &[(String, Node)],
) -> Range<usize> {
    entries
        .first()
        .and_then(|(key, value)| {
            let at = file.text.get(..value.bytes.start)?.rfind(key.as_str())?;
            Some(at..at + key.len())
        })
        .unwrap_or_else(|| node.bytes.clone())
}
