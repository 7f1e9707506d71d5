//! Coverage: catalogs, tagging, the counting rules, and agreement between the
//! HTML matrix, the CSV and JSON exports and `qmsbook matrix`.

use crate::support::{SAMPLE_DATE, Site, attrs, sample_handbook, texts};

const FIXTURE: &str = r#"
-- book.toml --
[book]
title = "Coverage fixture"

[standards]
in-scope = ["demo", "iso14001-2015"]
default = "demo"

[standards.demo.not-applicable]
"3" = "We do not do three."

[coverage]
parent-tags-cover-children = false
-- standards/demo.yaml --
key: demo
name: Demo 1
title: Demo standard
clauses:
  - id: '1'
    title: One
  - id: '1.1'
    title: One one
  - id: '1.2'
    title: One two
  - id: '2'
    title: Two
  - id: '2.1'
    title: Two one
  - id: '2.2'
    title: Two two
  - id: '2.3'
    title: Two three
  - id: '3'
    title: Three
  - id: '3.1'
    label: Three one
-- content/a.md --
---
id: A-1
title: Approved and effective
type: procedure
status: approved
effective: 2026-01-01
clauses: { demo: ["1.1"], iso14001-2015: ["6.1.2"] }
---
## Part {#part clauses=2.1}

Text.
-- content/b.md --
---
id: B-1
title: Draft
type: procedure
status: draft
clauses: ["1.2"]
---
Text.
-- content/c.md --
---
id: C-1
title: Not yet effective
type: procedure
status: approved
effective: 2027-01-01
clauses: ["2.2"]
---
Text.
-- content/d.md --
---
id: D-1
title: Obsolete
type: procedure
status: obsolete
effective: 2020-01-01
clauses: ["2.3"]
---
Text.
-- content/e.md --
---
id: E-1
title: Broad tag
type: procedure
status: approved
effective: 2026-01-01
clauses: ["2"]
---
Text.
-- content/f.md --
---
id: F-1
title: Tags an excluded clause
type: procedure
status: in-review
clauses: ["3.1"]
---
Text.
"#;

fn status_of(export: &serde_json::Value, id: &str) -> String {
    export["clauses"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .map(|c| c["status"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

#[test]
fn rules_count_each_status_as_documented_and_all_views_agree() {
    let site = Site::new(FIXTURE);
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    // Tagging an excluded clause is a warning, not an error.
    assert!(
        out.codes().contains(&"tag-not-applicable".to_string()),
        "{}",
        out.stderr
    );

    let export = site.json("coverage-demo.json");
    let s = &export["summary"];
    assert_eq!(s["requirements"], 6);
    assert_eq!(s["not_applicable"], 1);
    assert_eq!(s["applicable"], 5);
    assert_eq!(s["addressed"], 2, "1.1 (document) and 2.1 (section)");
    assert_eq!(s["planned"], 2, "1.2 (draft) and 2.2 (not yet effective)");
    assert_eq!(
        s["gaps"], 1,
        "2.3: obsolete documents never count, the broad tag on 2 does not either"
    );
    assert_eq!(s["percent"], 40.0);
    assert_eq!(status_of(&export, "1.1"), "addressed");
    assert_eq!(status_of(&export, "1.2"), "planned");
    assert_eq!(status_of(&export, "2.2"), "planned");
    assert_eq!(status_of(&export, "2.3"), "gap");
    assert_eq!(status_of(&export, "3.1"), "not-applicable");
    assert_eq!(status_of(&export, "2"), "partial");

    // The HTML matrix shows the same figure and the denominator.
    let page = site.html("coverage/demo.html");
    let figure = texts(&page, ".figure-card .figure");
    assert_eq!(figure, ["40.0%"]);
    let detail = texts(&page, ".figure-card .figure-detail").join(" ");
    assert!(detail.contains("2 of 5"), "{detail}");
    let gap_rows = texts(&page, "tr.requirement.row-gap th.clause-id > a");
    assert_eq!(gap_rows, ["2.3"]);
    // The exclusion's justification is on the excluded clause's row; its
    // sub-clauses name that clause.
    assert_eq!(
        texts(&page, "tr#c-3 .justification"),
        ["We do not do three."]
    );
    let na = texts(&page, "tr#c-3\\.1 .justification").join(" ");
    assert!(
        !na.contains("We do not do three.") && na.contains("excluded with 3"),
        "{na}"
    );

    // CSV has the same statuses.
    let csv = std::fs::read_to_string(site.out("coverage-demo.csv")).expect("csv");
    let row = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or("")
            .to_string()
    };
    assert!(row("2.3").contains(",gap,"), "{}", row("2.3"));
    assert!(row("2.1").contains("A-1#part"), "{}", row("2.1"));
    assert!(row("3.1").contains("We do not do three."), "{}", row("3.1"));

    // The terminal command computes the same numbers.
    let term = site.run(&[
        "matrix",
        ".",
        "--standard",
        "demo",
        "--format",
        "json",
        "--today",
        "2026-06-01",
    ]);
    term.assert_code(0);
    let from_cli: serde_json::Value = serde_json::from_str(&term.stdout).expect("json on stdout");
    assert_eq!(from_cli["summary"], export["summary"]);
    let table = site.run(&["matrix", ".", "--standard", "demo", "--today", "2026-06-01"]);
    assert!(
        table
            .stdout
            .starts_with("Demo 1: 2 of 5 applicable requirements addressed by approved, effective documents (40.0%)"),
        "{}",
        table.stdout
    );
    let gaps = site.run(&[
        "matrix",
        ".",
        "--standard",
        "demo",
        "--gaps-only",
        "--format",
        "csv",
        "--today",
        "2026-06-01",
    ]);
    let ids: Vec<&str> = gaps
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(ids, ["1.2", "2.2", "2.3"]);
}

#[test]
fn parent_tags_count_for_children_only_when_configured() {
    let site = Site::new(&FIXTURE.replace(
        "parent-tags-cover-children = false",
        "parent-tags-cover-children = true",
    ));
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let export = site.json("coverage-demo.json");
    assert_eq!(
        export["summary"]["addressed"], 4,
        "E-1's tag on 2 now covers 2.1, 2.2 and 2.3"
    );
    assert_eq!(status_of(&export, "2.3"), "addressed");
}

#[test]
fn future_documents_count_once_effective() {
    let site = Site::new(FIXTURE);
    site.build(&["--today", "2027-01-01"]).assert_code(0);
    assert_eq!(
        status_of(&site.json("coverage-demo.json"), "2.2"),
        "addressed"
    );
}

#[test]
fn a_document_can_address_several_standards() {
    let site = Site::new(FIXTURE);
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let export = site.json("coverage-iso14001-2015.json");
    assert_eq!(status_of(&export, "6.1.2"), "addressed");
    let clause = site.html("clauses/iso14001-2015/6.1.2.html");
    assert_eq!(attrs(&clause, ".refs a", "href"), ["../../doc/A-1.html"]);
}

#[test]
fn section_tags_link_to_the_section() {
    let site = Site::new(FIXTURE);
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let clause = site.html("clauses/demo/2.1.html");
    // The document, once, with the tagged section under it.
    assert_eq!(
        attrs(&clause, ".refs a", "href"),
        ["../../doc/A-1.html", "../../doc/A-1.html#part"]
    );
    assert_eq!(
        attrs(&clause, ".refs .ref-sections a", "href"),
        ["../../doc/A-1.html#part"]
    );
    let doc = site.html("doc/A-1.html");
    assert_eq!(texts(&doc, "h2#part .clause-tag"), ["2.1"]);
}

#[test]
fn unknown_clause_is_an_error_with_a_suggestion() {
    let site = Site::new(&FIXTURE.replace("clauses: [\"1.2\"]", "clauses: [\"1.3\", \"2.2.\"]"));
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(1);
    let d = out.diag("unknown-clause", "content/b.md:6:11");
    assert!(d.message.contains("Demo 1 has no clause `1.3`"), "{d:?}");
    let d = out.diag("unknown-clause", "content/b.md:6:18");
    assert!(d.help.unwrap_or_default().contains("did you mean `2.2`"));
}

#[test]
fn exclusion_without_justification_is_an_error() {
    let site = Site::new(&FIXTURE.replace("\"3\" = \"We do not do three.\"", "\"3\" = \"  \""));
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(1);
    assert!(
        out.codes().contains(&"missing-justification".to_string()),
        "{}",
        out.stderr
    );
}

#[test]
fn invalid_user_catalog_is_reported_with_file_and_line() {
    let site = Site::new(&FIXTURE.replace(
        "  - id: '3.1'\n    label: Three one\n",
        "  - id: '3.1'\n  - id: '2.1'\n    title: Again\n",
    ));
    let out = site.build(&["--today", "2026-06-01"]);
    assert_ne!(out.code, 0);
    let errors = out.errors();
    assert!(
        errors.iter().any(|d| d.code == "invalid-catalog"
            && d.location.as_deref() == Some("standards/demo.yaml:21:9")
            && d.message.contains("neither `title` nor `label`")),
        "{}",
        out.stderr
    );
    assert!(
        errors
            .iter()
            .any(|d| d.code == "invalid-catalog" && d.message.contains("listed twice")),
        "{}",
        out.stderr
    );
}

#[test]
fn sample_handbook_has_a_visible_gap_and_a_justified_exclusion() {
    let site = sample_handbook();
    site.build(&["--today", SAMPLE_DATE]).assert_code(0);
    let export = site.json("coverage-iso9001-2015.json");
    assert_eq!(status_of(&export, "7.1.6"), "gap");
    assert_eq!(status_of(&export, "7.1.5.2"), "planned");
    assert_eq!(status_of(&export, "8.3.1"), "not-applicable");
    let s = &export["summary"];
    assert_eq!(
        s["applicable"].as_u64().unwrap_or(0) + s["not_applicable"].as_u64().unwrap_or(0),
        s["requirements"].as_u64().unwrap_or(1)
    );
    // Home page, matrix and terminal show the same figure.
    let home = site.html("index.html");
    let figure = format!("{}%", s["percent"]);
    assert_eq!(
        texts(&home, ".coverage-summary .figure-card .figure"),
        [figure]
    );
    let leadership = site.html("leadership.html");
    assert_eq!(
        texts(&leadership, "#g-5\\.1\\.1 .commitments > li").len(),
        10
    );
    // 5.1.1 a–j, 5.1.2 a–c and 5.2.2 a–c, item by item.
    assert_eq!(texts(&leadership, ".commitments > li").len(), 16);
    let term = site.run(&["matrix", ".", "--format", "json", "--today", SAMPLE_DATE]);
    let from_cli: serde_json::Value = serde_json::from_str(&term.stdout).expect("json");
    assert_eq!(from_cli["summary"], export["summary"]);
}

#[test]
fn clause_links_resolve_to_clause_pages() {
    let site = Site::new(&FIXTURE.replace(
        "## Part {#part clauses=2.1}",
        "See [[clause:1.1]], [[clause:iso14001-2015:6.1.2|the risk clause]].\n\n## Part {#part clauses=2.1}",
    ));
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let doc = site.html("doc/A-1.html");
    assert_eq!(
        attrs(&doc, ".prose a", "href")[..2],
        [
            "../clauses/demo/1.1.html",
            "../clauses/iso14001-2015/6.1.2.html"
        ]
    );
    assert_eq!(texts(&doc, ".prose a.doc-ref")[0], "1.1 One one");

    let broken = Site::new(&FIXTURE.replace(
        "## Part {#part clauses=2.1}",
        "[[clause:1.9]]\n\n## Part {#part clauses=2.1}",
    ));
    let out = broken.build(&["--today", "2026-06-01"]);
    out.assert_code(1);
    let d = out.diag("broken-link", "content/a.md:9:1");
    assert!(d.message.contains("Demo 1 has no clause `1.9`"), "{d:?}");
}
