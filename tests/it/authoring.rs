//! Authoring mistakes: the first diagnostic is the cause, at the right place
//! with the fix, and no common typo passes silently. Each case asserts the
//! first diagnostic (code and `file:line:column`) and how many there are, from
//! `qmsbook check --format json`; the cascades also compare the human output
//! with a snapshot under `tests/it/snapshots/`.

use crate::support::{Diag, SAMPLE_DATE, Site, commit_all, git, handbook, sample_handbook};

/// `qmsbook check --format json` as of [`SAMPLE_DATE`]: every diagnostic.
fn diagnostics(site: &Site) -> Vec<Diag> {
    site.check_json(&["--today", SAMPLE_DATE]).diagnostics()
}

/// Asserts the first diagnostic's code and location, and the total count.
#[track_caller]
fn assert_first(found: &[Diag], code: &str, location: &str, total: usize) -> Diag {
    let shown = found
        .iter()
        .map(|d| format!("{} {} {:?}: {}", d.code, d.level, d.location, d.message))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(found.len(), total, "{shown}");
    let first = found.first().cloned().unwrap_or_default();
    assert_eq!(
        (first.code.as_str(), first.location.as_deref()),
        (code, Some(location)),
        "{shown}"
    );
    first
}

/// The sample handbook with one line of SOP-014 (internal audit) replaced.
fn sample_with(from: &str, to: &str) -> Site {
    let site = sample_handbook();
    let path = "content/procedures/internal-audit.md";
    let text = std::fs::read_to_string(site.path(path)).expect("SOP-014");
    assert!(text.contains(from), "the sample changed: no `{from}`");
    site.write(path, &text.replacen(from, to, 1));
    site
}

const SOP_014: &str = "content/procedures/internal-audit.md";

/// Breaking SOP-014's front matter: the cause first, then one note per
/// linking file (five files link to it), nothing else.
#[track_caller]
fn assert_cascade(site: &Site, code: &str, location: &str) {
    let found = diagnostics(site);
    assert_first(&found, code, location, 6);
    let notes: Vec<&Diag> = found.iter().filter(|d| d.level == "note").collect();
    assert_eq!(notes.len(), 5);
    for n in notes {
        assert_eq!(n.code, "target-has-errors");
        assert_eq!(n.message, format!("`SOP-014` has errors; see {location}"));
    }
}

#[test]
fn a_missing_title_is_the_one_error_and_links_to_the_document_are_notes() {
    let site = sample_with("title: Internal audit\n", "");
    assert_cascade(&site, "missing-field", &format!("{SOP_014}:1:1"));
    let out = site.check(&["--today", SAMPLE_DATE]);
    out.assert_code(1);
    let expected = include_str!("snapshots/cascade_missing_title.txt");
    assert_eq!(out.stderr, expected, "{}", out.stderr);
}

#[test]
fn tab_indented_yaml_registers_the_id_from_the_raw_text() {
    let site = sample_with("owner: Quality Manager", "\towner: Quality Manager");
    assert_cascade(&site, "invalid-yaml", &format!("{SOP_014}:5:1"));
}

#[test]
fn unclosed_front_matter_keeps_the_links_of_the_document() {
    // Without the closing `---` the form SOP-014 links to is not an orphan.
    let site = sample_with(
        "clauses: [\"9.2.1\", \"9.2.2\"]\n---\n",
        "clauses: [\"9.2.1\", \"9.2.2\"]\n",
    );
    assert_cascade(
        &site,
        "unterminated-front-matter",
        &format!("{SOP_014}:1:1"),
    );
    let out = site.check(&["--today", SAMPLE_DATE, "--format", "github"]);
    let first = out.stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with(&format!("::error file={SOP_014},line=1,col=1")),
        "{}",
        out.stdout
    );
}

#[test]
fn status_and_type_in_another_case_are_read_with_a_warning() {
    let site = sample_with("status: approved", "status: Approved");
    let d = assert_first(
        &diagnostics(&site),
        "non-canonical-case",
        &format!("{SOP_014}:10:9"),
        1,
    );
    assert_eq!(
        d.help(),
        "write `status: approved` (statuses are lower case)"
    );
    let site = sample_with("type: procedure", "type: Procedure");
    let d = assert_first(
        &diagnostics(&site),
        "non-canonical-case",
        &format!("{SOP_014}:4:7"),
        1,
    );
    assert_eq!(d.message, "type `Procedure` is read as `procedure`");
}

const TWO: &str = r#"
-- content/a.md --
---
id: SOP-001
title: Alpha
type: procedure
status: approved
---
See [[SOP-002#only-in-b]] and [[SOP-002#nowhere]].
-- content/b.md --
---
id: SOP-002
title: Beta
type: procedure
status: approved
---
## Only in b {#only-in-b}
"#;

#[test]
fn a_duplicate_id_is_reported_on_the_file_not_yet_committed() {
    let site = handbook(TWO);
    git(&site, &["init", "-q"], "2026-01-01T10:00:00Z");
    commit_all(&site, "two documents", "2026-01-01T10:00:00Z");
    // A new file that sorts before b.md takes SOP-002 too.
    site.write(
        "content/a2.md",
        "---\nid: SOP-002\ntitle: Newcomer\ntype: procedure\nstatus: approved\n---\n## Intro {#intro}\n",
    );
    let found = diagnostics(&site);
    let d = assert_first(&found, "duplicate-id", "content/a2.md:2:5", 2);
    assert!(d.message.contains("`content/b.md:2:5`"), "{}", d.message);
    // The link with an anchor that b.md lacks is a note, not an error.
    assert_eq!(found[1].code, "target-has-errors");
    let human = site.check(&["--today", SAMPLE_DATE]).stderr;
    assert!(human.contains("the ID is first used here"), "{human}");
}

#[test]
fn without_git_the_later_file_by_path_has_the_duplicate() {
    let site = handbook(TWO);
    site.write(
        "content/c.md",
        "---\nid: sop-002\ntitle: Later\ntype: procedure\nstatus: approved\n---\nText.\n",
    );
    let found = diagnostics(&site);
    assert_first(&found, "duplicate-id", "content/c.md:2:5", 2);
}

#[test]
fn unknown_front_matter_keys_are_warned_with_the_key_meant() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\nreviw_by: 2020-03-01\ndepartment: Quality\n---\nText.\n",
    );
    let found = diagnostics(&site);
    let d = assert_first(&found, "unknown-field", "content/a.md:6:1", 2);
    assert!(
        d.help().starts_with("did you mean `review_by`?"),
        "{}",
        d.help()
    );
    // Declared extras are fine, typed ones are checked, and the schema lists them.
    let toml = std::fs::read_to_string(site.path("book.toml")).expect("book.toml");
    site.write(
        "book.toml",
        &toml.replace(
            "[check]",
            "[documents]\nextra-fields = { department = \"string\", next_audit = \"date\" }\n[check]",
        ),
    );
    let found = diagnostics(&site);
    assert_first(&found, "unknown-field", "content/a.md:6:1", 1);
    site.write(
        "content/b.md",
        "---\nid: SOP-002\ntitle: B\ntype: procedure\nstatus: approved\nnext_audit: 2027-3-1\n---\nText.\n",
    );
    let found = diagnostics(&site);
    assert_first(&found, "unknown-field", "content/a.md:6:1", 2);
    assert_eq!(found[1].code, "invalid-date");
    assert_eq!(found[1].location.as_deref(), Some("content/b.md:6:13"));
    assert_eq!(found[1].help(), "write `2027-03-01`");
    site.write(
        "content/b.md",
        "---\nid: SOP-002\ntitle: B\ntype: procedure\n---\n",
    );
    let schema: serde_json::Value =
        serde_json::from_str(&site.run(&["schema", "."]).stdout).expect("schema");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["properties"]["next_audit"]["format"], "date");
    assert_eq!(schema["properties"]["department"]["type"][0], "string");
}

#[test]
fn dates_say_what_is_expected_and_ask_when_ambiguous() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\neffective: 01/03/2027\n---\nText.\n",
    );
    let d = assert_first(&diagnostics(&site), "invalid-date", "content/a.md:6:12", 1);
    assert_eq!(
        d.message,
        "`effective`: expected a date as YYYY-MM-DD, found `01/03/2027`"
    );
    assert!(
        d.help()
            .contains("`2027-03-01` (1 March 2027) or `2027-01-03` (3 January 2027)"),
        "{}",
        d.help()
    );
}

#[test]
fn dates_that_cannot_be_meant_are_warned_about() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\neffective: 2062-03-01\nreview_by: 2026-03-01\n---\nText.\n",
    );
    let found = diagnostics(&site);
    // review-overdue is not reported: the document is not yet effective.
    let d = assert_first(&found, "implausible-date", "content/a.md:6:12", 3);
    assert!(
        d.message.contains("more than 10 years in the future"),
        "{}",
        d.message
    );
    assert_eq!(found[1].code, "review-before-effective");
    assert_eq!(found[1].location.as_deref(), Some("content/a.md:7:12"));
}

#[test]
fn a_revision_that_goes_backwards_is_warned_about() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\nrevision: C\n---\nText.\n",
    );
    git(&site, &["init", "-q"], "2026-01-01T10:00:00Z");
    commit_all(&site, "C", "2026-01-01T10:00:00Z");
    let text = std::fs::read_to_string(site.path("content/a.md")).expect("a.md");
    site.write("content/a.md", &text.replace("revision: C", "revision: B"));
    commit_all(&site, "B", "2026-02-01T10:00:00Z");
    let d = assert_first(
        &diagnostics(&site),
        "revision-not-increasing",
        "content/a.md:6:1",
        1,
    );
    assert!(d.message.contains("lower than revision C"), "{}", d.message);
    // Forward again: nothing to say.
    site.write("content/a.md", &text.replace("revision: C", "revision: D"));
    assert!(diagnostics(&site).is_empty());
}

#[test]
fn section_tags_accept_a_space_after_the_comma_and_misspelt_attributes_are_named() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\n---\n## Scope {#scope clauses=9.2.1, 4.1}\n\nText.\n\n## Purpose {#purpose clause=9.2.2}\n\nText.\n",
    );
    let d = assert_first(
        &diagnostics(&site),
        "heading-attribute",
        "content/a.md:11:22",
        1,
    );
    assert!(
        d.help().starts_with("did you mean `clauses=9.2.2`?"),
        "{}",
        d.help()
    );
    let text = std::fs::read_to_string(site.path("content/a.md")).expect("a.md");
    site.write(
        "content/a.md",
        &text.replace("clause=9.2.2", "clauses=9.2.2"),
    );
    let out = site.build(&["--today", SAMPLE_DATE]);
    out.assert_code(0);
    let html = std::fs::read_to_string(site.out("doc/SOP-001.html")).expect("page");
    assert!(
        html.contains("<h2 id=\"scope\">"),
        "attributes leak into the page"
    );
    let matrix = site
        .run(&["matrix", ".", "--format", "csv", "--today", SAMPLE_DATE])
        .stdout;
    let row = |id: &str| {
        matrix
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or("")
            .to_string()
    };
    assert!(row("4.1").contains("SOP-001"), "{matrix}");
    assert!(row("9.2.1").contains("SOP-001"), "{matrix}");
}

#[test]
fn id_suggestions_compare_prefix_and_number() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\n---\nSee [[SOP-0016]].\n-- content/b.md --\n---\nid: SOP-016\ntitle: B\ntype: procedure\nstatus: approved\n---\nText.\n",
    );
    let d = assert_first(&diagnostics(&site), "broken-link", "content/a.md:7:5", 1);
    assert_eq!(d.help(), "did you mean `[[SOP-016]]`?");
}

#[test]
fn an_unknown_yaml_escape_is_named_at_its_backslash() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: \"Audit Plan \\<Date\\>\"\ntype: procedure\n---\nText.\n",
    );
    let d = assert_first(&diagnostics(&site), "invalid-yaml", "content/a.md:3:20", 1);
    assert_eq!(
        d.help(),
        "`\\<` is not a YAML escape: use single quotes or write `\\\\<`"
    );
}
