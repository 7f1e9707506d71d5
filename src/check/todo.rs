//! The `todo` lint: `TODO` markers left in the handbook's text.
//!
//! The starter that `qmsbook init` writes marks every placeholder with
//! `TODO`; this lint lists each one left, in the documents (front matter
//! included, so a `# TODO` comment counts), the home page and book.toml.
//! A marker is the upper-case word `TODO` on its own (not inside a longer
//! word such as `TODOS`).

use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::handbook::Handbook;

/// The marker.
const MARKER: &str = "TODO";

/// One warning per `TODO` marker in every document, the home page and book.toml.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let files = hb
        .config
        .source
        .iter()
        .chain(hb.home.iter().map(|h| &h.file.text))
        .chain(hb.documents.iter().map(|d| &d.file.text));
    files.flat_map(markers).collect()
}

/// The warnings for the markers in one file.
fn markers(file: &SourceText) -> Vec<Diagnostic> {
    let text = &*file.text;
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    text.match_indices(MARKER)
        .filter(|(i, _)| {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            let after = bytes.get(i + MARKER.len()).copied();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .map(|(i, _)| {
            // What the marker asks, up to the end of its line or table cell.
            let line_end = text[i..].find(['\n', '|']).map_or(text.len(), |n| i + n);
            let asked = text[i + MARKER.len()..line_end]
                .trim_start_matches([':', ' ', '-'])
                .trim_end_matches([' ', '"', '\'']);
            let message = if asked.is_empty() {
                "a TODO is left here".to_string()
            } else if asked.chars().count() > 70 {
                let cut: String = asked.chars().take(69).collect();
                format!("TODO: {}…", cut.trim_end())
            } else {
                format!("TODO: {asked}")
            };
            Diagnostic::warning("todo", message)
                .at_bytes(file, i..i + MARKER.len())
                .help(
                    "replace the placeholder with your own content, then remove the `TODO` marker",
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn found(text: &str) -> Vec<(usize, usize, String)> {
        markers(&SourceText::new("content/a.md", text))
            .into_iter()
            .filter_map(|d| {
                Some((
                    d.span.as_ref()?.start.line,
                    d.span.as_ref()?.start.column,
                    d.message,
                ))
            })
            .collect()
    }

    #[test]
    fn each_marker_is_found_at_its_place_with_what_it_asks() {
        let text = "---\nowner: QM  # TODO: the role that owns it\n---\n\nTODO: describe the scope.\n\n| a | TODO |\nTODOS and autodo and TODO_x are words.\n";
        assert_eq!(
            found(text),
            [
                (2, 14, "TODO: the role that owns it".to_string()),
                (5, 1, "TODO: describe the scope.".to_string()),
                (7, 7, "a TODO is left here".to_string()),
            ]
        );
        assert!(found("Nothing to do.\n").is_empty());
    }
}
