//! Clause tags as front matter writes them (`clauses: ["7.5.1"]`, or a map of
//! lists by standard), for documents and for the records they declare.
//! Whether a tag names a real clause is [`crate::model`]'s to check.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::yaml::{Node, Value};

/// One clause tag: `7.5.3` of the default standard, or of a named catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseTag {
    /// Catalog key, or `None` for the default standard.
    pub standard: Option<String>,
    /// The clause id as written (trimmed).
    pub clause: String,
    /// Byte range in the file.
    pub bytes: Range<usize>,
}

/// Reads a clause list as `clauses:` takes it (a list for the default
/// standard, or a map of lists by standard), reporting ids that are not text.
pub fn read_clause_tags(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ClauseTag> {
    let mut out = Vec::new();
    match &node.value {
        Value::Map(map) => {
            for (standard, list) in map {
                clause_list(file, Some(standard), list, &mut out, diagnostics);
            }
        }
        _ => clause_list(file, None, node, &mut out, diagnostics),
    }
    out
}

/// One list of clause ids (a single id is a list of one).
fn clause_list(
    file: &SourceText,
    standard: Option<&str>,
    node: &Node,
    out: &mut Vec<ClauseTag>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![node],
    };
    for item in items {
        match &item.value {
            Value::Str(_) | Value::Int(_) | Value::Float(_) => {
                let raw = match &item.value {
                    Value::Str(s) => s.clone(),
                    _ => file
                        .text
                        .get(item.bytes.clone())
                        .unwrap_or_default()
                        .to_string(),
                };
                out.push(ClauseTag {
                    standard: standard.map(str::to_string),
                    clause: raw.trim().to_string(),
                    bytes: item.bytes.clone(),
                });
            }
            other => diagnostics.push(
                Diagnostic::error(
                    "invalid-front-matter",
                    format!("a clause id must be text, found {}", other.kind()),
                )
                .at_bytes(file, item.bytes.clone())
                .help(
                    "write clause ids as a list of strings, e.g. clauses: [\"7.5.1\", \"7.5.3\"]",
                ),
            ),
        }
    }
}
