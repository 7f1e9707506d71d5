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
mod value;

pub use github::{render_github, write_github};
pub use human::{SHOWN_PER_CODE, render_human, write_human};
pub use json::{JsonDiagnostic, render_json, write_json};
pub use value::{
    Diagnostic, Position, Secondary, Severity, SourceText, Span, Tally, files_with_problems, sort,
    sort_unique,
};

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

    #[test]
    fn long_runs_of_one_code_are_summed_up_per_code() {
        let s = SourceText::new("content/a.md", "x etc. y\n");
        let mut ds: Vec<Diagnostic> = (0..1_203)
            .map(|_| Diagnostic::warning("vague-wording", "vague").at_bytes(&s, 2..6))
            .collect();
        ds.push(Diagnostic::error("vague-wording", "denied").at_bytes(&s, 2..6));
        ds.push(Diagnostic::error("broken-link", "broken"));
        let mut out = Vec::new();
        write_human(&mut out, &ds, false, Some(3)).expect("in memory");
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.matches("warning[vague-wording]").count(), 3, "{text}");
        assert!(text.contains("error[broken-link]"), "{text}");
        // Warnings and an error of one code left out: "diagnostics".
        assert!(
            text.contains("… and 1,201 more `vague-wording` diagnostics;"),
            "{text}"
        );
        assert!(!text.contains("more `broken-link`"), "{text}");
        // Unlimited, every one is written.
        assert_eq!(
            render_human(&ds, false).matches("[vague-wording]").count(),
            1_204
        );
    }
}
