//! Problems in the sources, each reported at its exact `file:line:column`:
//! duplicate IDs, front matter, encodings and line endings. And the sample
//! handbook, which has none.

use super::TWO_DOCS;
use crate::support::{
    Diag, Output, SAMPLE_DATE, attrs, count, doc, handbook, sample_handbook, texts,
};

// ---------------------------------------------------------------------------
// The sample handbook.
// ---------------------------------------------------------------------------

#[test]
fn sample_handbook_builds_without_errors_or_warnings() {
    let site = sample_handbook();
    let out = site.build(&["--today", SAMPLE_DATE]);
    out.assert_code(0);
    assert_eq!(
        out.problem_lines(),
        Vec::<&str>::new(),
        "stderr:\n{}",
        out.stderr
    );
    assert!(site.out("index.html").is_file());
    assert!(site.out("404.html").is_file());
    assert!(site.out("doc/SOP-001.html").is_file());
}

// ---------------------------------------------------------------------------
// Duplicate IDs.
// ---------------------------------------------------------------------------

#[test]
fn duplicate_id_is_reported_at_the_second_file() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/b.md",
        &doc("SOP-001", "Beta", "procedure", "Text.\n"),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("duplicate-id", "content/procedures/b.md:2:5");
    assert!(
        d.message.contains("content/procedures/a.md"),
        "{}",
        d.message
    );
}

#[test]
fn ids_differing_only_by_case_are_duplicates() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/b.md",
        &doc("sop-001", "Beta", "procedure", "Text.\n"),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("duplicate-id", "content/procedures/b.md:2:5");
    assert!(
        d.message.contains("content/procedures/a.md"),
        "{}",
        d.message
    );
    assert!(d.message.contains("case"), "{}", d.message);
}

// ---------------------------------------------------------------------------
// Front matter.
// ---------------------------------------------------------------------------

/// Builds a handbook with one file `content/x.md` and returns the build output.
fn build_one(contents: &[u8]) -> Output {
    let site = handbook("");
    site.write_bytes("content/x.md", contents);
    site.build(&[])
}

/// Fails when the message names a line other than the one the diagnostic points at.
fn assert_message_agrees_with_location(d: &Diag) {
    let location = d.location.as_deref().unwrap_or("");
    let line = location.split(':').nth(1).unwrap_or("");
    if let Some(rest) = d.message.split(" line ").nth(1) {
        let said: String = rest.chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(
            said, line,
            "the message names line {said}, the location is `{location}`: {d:?}"
        );
    }
}

#[test]
fn missing_front_matter() {
    let out = build_one(b"# Just a heading\n\nText.\n");
    out.assert_code(1);
    let d = out.diag("missing-front-matter", "content/x.md:1:1");
    assert!(d.help().contains("---"), "{d:?}");
}

#[test]
fn unterminated_front_matter() {
    let out = build_one(b"---\nid: SOP-001\ntitle: T\ntype: procedure\n\n# Body\n");
    out.assert_code(1);
    out.diag("unterminated-front-matter", "content/x.md:1:1");
}

#[test]
fn unclosed_quote_points_at_the_quote() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: \"Unclosed\ntype: procedure\nstatus: approved\n---\nText.\n",
    );
    out.assert_code(1);
    assert_eq!(out.codes(), ["invalid-yaml"], "{}", out.stderr);
    // The mistake is the quotation mark opened on line 3, column 8.
    let d = out.diag("invalid-yaml", "content/x.md:3:8");
    assert!(d.help().contains("quot"), "{d:?}");
}

#[test]
fn tab_indentation_points_at_the_tab() {
    let site = handbook("");
    site.write(
        "content/list.md",
        "---\nid: SOP-001\ntitle: T\ntype: procedure\nclauses:\n\t- \"7.5\"\n---\n",
    );
    site.write(
        "content/key.md",
        "---\nid: SOP-002\ntitle: T\n\ttype: procedure\n---\n",
    );
    let out = site.build(&[]);
    out.assert_code(1);
    for (file, at) in [("list", "6:1"), ("key", "4:1")] {
        let d = out.diag("invalid-yaml", &format!("content/{file}.md:{at}"));
        assert!(d.help().contains("tab"), "{d:?}");
    }
}

#[test]
fn yaml_error_messages_do_not_name_another_line() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: T: x\ntype: procedure\nstatus: approved\n---\nText.\n",
    );
    out.assert_code(1);
    let d = out.diag("invalid-yaml", "content/x.md:3:9");
    assert_message_agrees_with_location(&d);
}

#[test]
fn front_matter_that_is_a_list() {
    let out = build_one(b"---\n- id: SOP-001\n- title: T\n---\nText.\n");
    out.assert_code(1);
    let d = out.diag("invalid-front-matter", "content/x.md:1:1");
    assert!(d.message.contains("list"), "{}", d.message);
}

#[test]
fn wrong_field_types_point_at_the_value() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: [a]\ntype: procedure\nstatus: approved\nweight: heavy\n---\nText.\n",
    );
    out.assert_code(1);
    let d = out.diag("invalid-front-matter", "content/x.md:3:8");
    assert!(d.message.contains("`title`"), "{}", d.message);
    let d = out.diag("invalid-front-matter", "content/x.md:6:9");
    assert!(d.message.contains("`weight`"), "{}", d.message);
    assert_eq!(out.errors().len(), 2, "{}", out.stderr);
}

#[test]
fn impossible_date_points_at_the_value() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: T\ntype: procedure\neffective: 2026-02-30\nstatus: approved\n---\nText.\n",
    );
    out.assert_code(1);
    let d = out.diag("invalid-date", "content/x.md:5:12");
    assert!(d.message.contains("2026-02-30"), "{}", d.message);
    assert!(
        out.stderr.contains("\n  |            ^^^^^^^^^^\n"),
        "the caret underlines the date:\n{}",
        out.stderr
    );
}

#[test]
fn unknown_type_suggests_the_closest() {
    let out = build_one(b"---\nid: SOP-001\ntitle: T\ntype: procdure\nstatus: approved\n---\n");
    out.assert_code(1);
    let d = out.diag("unknown-type", "content/x.md:4:7");
    assert!(d.help().contains("did you mean `procedure`"), "{d:?}");
}

#[test]
fn unknown_status_suggests_the_closest() {
    let out = build_one(b"---\nid: SOP-001\ntitle: T\ntype: procedure\nstatus: aproved\n---\n");
    out.assert_code(1);
    let d = out.diag("invalid-status", "content/x.md:5:9");
    assert!(d.message.contains("`aproved`"), "{}", d.message);
    assert!(d.help().contains("did you mean `approved`"), "{d:?}");
}

#[test]
fn missing_required_fields_are_named() {
    let out = build_one(b"---\ntitle: T\nstatus: approved\n---\nText.\n");
    out.assert_code(1);
    let d = out.diag("missing-field", "content/x.md:1:1");
    assert!(d.message.contains("`id`"), "{}", d.message);
    assert!(d.message.contains("`type`"), "{}", d.message);
    assert!(!d.message.contains("`title`"), "{}", d.message);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/a.md",
        &doc("SOP-001", "Alpha", "procedure", "See [[SOP-404]].\n"),
    );
    site.write(
        "content/procedures/b.md",
        "---\nid: SOP-002\ntitle: \"Beta\ntype: procedure\n---\n",
    );
    site.write(
        "content/procedures/c.md",
        &doc("SOP-003", "Gamma", "prcedure", "Text.\n"),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let errors = out.errors();
    let files: Vec<&str> = errors
        .iter()
        .map(|d| {
            d.location
                .as_deref()
                .unwrap_or("")
                .split(':')
                .next()
                .unwrap_or("")
        })
        .collect();
    // Front-matter problems (the causes) first, then the rest.
    assert_eq!(
        files,
        [
            "content/procedures/b.md",
            "content/procedures/c.md",
            "content/procedures/a.md"
        ],
        "{}",
        out.stderr
    );
    assert_eq!(
        out.errors().into_iter().map(|d| d.code).collect::<Vec<_>>(),
        ["invalid-yaml", "unknown-type", "broken-link"]
    );
    assert!(
        out.stderr.contains("Build failed: 3 errors"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------
// Encodings and line endings.
// ---------------------------------------------------------------------------

#[test]
fn file_with_a_bom_builds() {
    let site = handbook("");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(doc("SOP-001", "With BOM", "procedure", "## Scope\n").as_bytes());
    site.write_bytes("content/a.md", &bytes);
    let out = site.build(&[]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new());
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, "article h1"), ["SOP-001 With BOM"]);
    assert_eq!(count(&page, "h2#scope"), 1);
}

#[test]
fn file_with_crlf_line_endings_builds() {
    let site = handbook("");
    let text = doc(
        "SOP-001",
        "Windows",
        "procedure",
        "## Scope\n\nText on\ntwo lines.\n\n## Records {#records}\n",
    );
    site.write("content/a.md", &text.replace('\n', "\r\n"));
    let out = site.build(&[]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new());
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, "article h1"), ["SOP-001 Windows"]);
    assert_eq!(attrs(&page, ".prose h2", "id"), ["scope", "records"]);
    assert_eq!(texts(&page, ".prose p"), ["Text on two lines."]);
}

#[test]
fn errors_in_a_crlf_file_have_the_right_line() {
    let site = handbook("");
    let text = doc(
        "SOP-001",
        "Windows",
        "procedure",
        "## Scope\n\nText.\n\nMore text.\n\nSee [[SOP-999]] here.\n",
    );
    site.write("content/a.md", &text.replace('\n', "\r\n"));
    let out = site.build(&[]);
    out.assert_code(1);
    out.diag("broken-link", "content/a.md:13:5");
}

#[test]
fn file_with_lone_cr_line_endings_builds() {
    let site = handbook("");
    site.write(
        "content/b.md",
        &doc("SOP-002", "Beta", "procedure", "## Purpose\n"),
    );
    let text = doc(
        "SOP-001",
        "Old Mac",
        "procedure",
        "## Scope\n\nSee [[SOP-002#purpose]].\n",
    );
    site.write("content/a.md", &text.replace('\n', "\r"));
    let out = site.build(&[]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new());
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, "article h1"), ["SOP-001 Old Mac"]);
    assert_eq!(attrs(&page, ".prose h2", "id"), ["scope"]);
    assert_eq!(
        attrs(&page, ".prose a.doc-ref", "href"),
        ["../doc/SOP-002.html#purpose"]
    );
}

#[test]
fn latin1_file_is_invalid_utf8_naming_the_file() {
    let out = build_one(b"---\nid: SOP-001\ntitle: Caf\xE9\ntype: procedure\n---\n");
    out.assert_code(1);
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    assert_eq!(errors[0].code, "invalid-utf8");
    assert!(
        errors[0]
            .location
            .as_deref()
            .unwrap_or("")
            .starts_with("content/x.md"),
        "{:?}",
        errors[0]
    );
    assert!(
        errors[0].message.contains("content/x.md"),
        "{:?}",
        errors[0]
    );
    assert!(errors[0].message.contains("line 3"), "{:?}", errors[0]);
}
