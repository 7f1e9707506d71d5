//! Coverage that shows staleness: a requirement addressed only by documents
//! past their review date is "addressed, review overdue" on every view, still
//! counted as addressed, and counted separately in the summary; the numbers
//! agree across HTML, CSV, JSON and `qmsbook matrix`.

use crate::support::{Site, texts};

const FIXTURE: &str = r#"
-- book.toml --
[book]
title = "Staleness"

[standards]
in-scope = ["demo"]

[check]
orphan-document = "allow"
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
  - id: '1.3'
    title: One three
  - id: '2'
    title: Two
-- content/old.md --
---
id: SOP-001
title: Overdue procedure
type: procedure
owner: QM
approved_by: MD
status: approved
effective: 2024-01-01
review_by: 2025-01-01
clauses: ["1.1", "1.2"]
---
Text.
-- content/new.md --
---
id: SOP-002
title: Current procedure
type: procedure
owner: QM
approved_by: MD
status: approved
effective: 2026-01-01
review_by: 2027-01-01
clauses: ["1.2", "2"]
---
Text.
"#;

const TODAY: &str = "2026-06-01";

#[test]
fn review_overdue_requirements_are_flagged_and_counted_the_same_everywhere() {
    let site = Site::new(FIXTURE);
    site.build(&["--today", TODAY]).assert_code(0);

    // JSON: 1.1 rests only on SOP-001 (overdue); 1.2 also has SOP-002.
    let export = site.json("coverage-demo.json");
    let s = &export["summary"];
    assert_eq!(s["applicable"], 4);
    assert_eq!(s["addressed"], 3, "overdue documents still count");
    assert_eq!(s["review_overdue"], 1);
    assert_eq!(s["percent"], 75.0);
    let clause = |id: &str| {
        export["clauses"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(clause("1.1")["status"], "addressed");
    assert_eq!(clause("1.1")["state"], "addressed-review-overdue");
    assert_eq!(clause("1.1")["status_label"], "addressed, review overdue");
    assert_eq!(clause("1.1")["documents"][0]["review_overdue"], true);
    assert_eq!(clause("1.2")["state"], "addressed");
    assert_eq!(clause("1")["rollup"]["review_overdue"], 1);

    // CSV: the state in words and the count per row.
    let csv = std::fs::read_to_string(site.out("coverage-demo.csv")).expect("csv");
    let row = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        row("1.1").contains(",\"addressed, review overdue\",") && row("1.1").ends_with(",1,yes,"),
        "{}",
        row("1.1")
    );
    assert!(row("1.2").ends_with(",0,yes,"), "{}", row("1.2"));
    let flagged = csv
        .lines()
        .filter(|l| l.contains("review overdue") && l.contains(",yes,"))
        .count();
    assert_eq!(flagged, 1);

    // HTML matrix: the headline says what it measures and how many rest on
    // overdue documents; the row shows the state.
    let page = site.html("coverage/demo.html");
    let detail = texts(&page, ".figure-card .figure-detail").join(" ");
    assert!(
        detail
            .contains("3 of 4 applicable requirements addressed by approved, effective documents"),
        "{detail}"
    );
    assert_eq!(
        texts(&page, ".figure-card .review-overdue-count strong"),
        ["1"]
    );
    let status = texts(&page, "tr#c-1\\.1 .clause-status").join(" ");
    assert!(status.contains("addressed, review overdue"), "{status}");
    let docs = texts(&page, "tr#c-1\\.1 .clause-docs").join(" ");
    assert!(docs.contains("(review overdue)"), "{docs}");
    let inside = texts(&page, "tr#c-1 .inside-review-overdue").join(" ");
    assert!(inside.contains("1 review overdue: 1.1"), "{inside}");
    // Clause page, grid, home and gaps pages.
    let clause_page = site.html("clauses/demo/1.1.html");
    let line = texts(&clause_page, ".clause-status-line").join(" ");
    assert!(
        line.contains("addressed, review overdue") && line.contains("past its review date"),
        "{line}"
    );
    let grid = site.html("coverage/demo-grid.html");
    let overdue_rows = texts(&grid, "th .ref-review-overdue");
    assert_eq!(overdue_rows.len(), 1);
    let home = texts(&site.html("index.html"), ".figure-detail").join(" ");
    assert!(
        home.contains("(1 only by documents past their review date)"),
        "{home}"
    );
    let gaps = texts(&site.html("gaps.html"), ".review-overdue-count");
    assert_eq!(gaps, ["1"]);

    // `qmsbook matrix`: the same numbers in JSON, CSV and the table.
    let json = site.run(&["matrix", ".", "--format", "json", "--today", TODAY]);
    json.assert_code(0);
    let from_cli: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(from_cli["summary"], export["summary"]);
    let csv_cli = site.run(&["matrix", ".", "--format", "csv", "--today", TODAY]);
    assert_eq!(csv_cli.stdout, csv);
    let table = site.run(&["matrix", ".", "--today", TODAY]);
    assert!(
        table.stdout.starts_with(
            "Demo 1: 3 of 4 applicable requirements addressed by approved, effective documents (75.0%), 1 of them only by documents past their review date; 0 planned, 1 gap, 0 not applicable"
        ),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.lines().any(|l| l.contains("1.1")
            && l.contains("addressed, review overdue")
            && l.contains("SOP-001 (review overdue)")),
        "{}",
        table.stdout
    );
}
