//! The coverage matrix page: each document once per clause with its tagged
//! sections under it, an exclusion's justification once (on the excluded
//! clause), and what a folded parent row still shows (its gaps, planned and
//! excluded requirements); the cross-reference grid's headers.

use scraper::{ElementRef, Html};

use crate::support::{Site, attrs, count, sel, texts};

const FIXTURE: &str = r#"
-- book.toml --
[book]
title = "Matrix fixture"

[standards]
in-scope = ["demo"]
default = "demo"

[standards.demo.not-applicable]
"3" = "We never do three, for a reason written once."

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
  - id: '2.2.1'
    title: Two two one
  - id: '2.2.2'
    title: Two two two
  - id: '3'
    title: Three
  - id: '3.1'
    title: Three one
  - id: '3.2'
    title: Three two
-- content/a.md --
---
id: A-1
title: Alpha
type: procedure
status: approved
effective: 2026-01-01
clauses: ["1.1", "2.1"]
---
## First part {#first clauses=1.1}

Text.

## Second part {#second clauses=1.1}

Text.

## Third part {#third clauses=2.1}

Text.
-- content/b.md --
---
id: B-1
title: Bravo
type: procedure
status: approved
effective: 2026-01-01
---
## Only a section {#only clauses=1.1}

Text.
-- content/c.md --
---
id: C-1
title: Charlie draft
type: procedure
status: draft
clauses: ["2.2.1"]
---
Text.
"#;

fn build() -> (Site, Html) {
    let site = Site::new(FIXTURE);
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let page = site.html("coverage/demo.html");
    (site, page)
}

fn row<'a>(page: &'a Html, clause: &str) -> ElementRef<'a> {
    page.select(&sel(&format!("tr[id=\"c-{clause}\"]")))
        .next()
        .unwrap_or_else(|| panic!("a row for {clause}"))
}

fn row_texts(row: ElementRef<'_>, selector: &str) -> Vec<String> {
    row.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn each_document_is_listed_once_per_clause_with_its_sections_under_it() {
    let (_site, page) = build();
    let r = row(&page, "1.1");
    let docs = row_texts(r, ".clause-docs .doc-groups > li > a");
    assert_eq!(docs, ["A-1 Alpha", "B-1 Bravo"], "one entry per document");
    let a_sections = row_texts(
        r,
        ".clause-docs .doc-groups > li:first-child .ref-sections a",
    );
    assert_eq!(a_sections, ["§\u{a0}First part", "§\u{a0}Second part"]);
    let hrefs: Vec<String> = r
        .select(&sel(".ref-sections a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../doc/A-1.html#first",
            "../doc/A-1.html#second",
            "../doc/B-1.html#only"
        ]
    );
    // No entry repeats the document's title with a section ("A-1 Alpha § First part").
    let all = row_texts(r, ".clause-docs").join(" ");
    assert!(!all.contains("Alpha §"), "{all}");
    assert_eq!(all.matches("A-1").count(), 1, "{all}");

    // The clause page groups the same way.
    let clause = _site.html("clauses/demo/1.1.html");
    assert_eq!(
        texts(&clause, ".doc-groups > li > a"),
        ["A-1 Alpha", "B-1 Bravo"]
    );
}

#[test]
fn an_exclusion_is_justified_once_and_its_sub_clauses_point_to_it() {
    let (_site, page) = build();
    let html = page.html();
    assert_eq!(
        html.matches("We never do three").count(),
        1,
        "the justification appears once"
    );
    assert_eq!(
        row_texts(row(&page, "3"), ".justification"),
        ["We never do three, for a reason written once."]
    );
    for child in ["3.1", "3.2"] {
        let r = row(&page, child);
        assert_eq!(row_texts(r, ".justification"), ["excluded with 3"]);
        assert_eq!(
            r.select(&sel(".excluded-with a"))
                .filter_map(|a| a.value().attr("href"))
                .collect::<Vec<_>>(),
            ["#c-3"]
        );
        assert_eq!(row_texts(r, ".cov"), ["– not applicable"]);
    }
}

#[test]
fn parent_rows_carry_what_a_folded_row_must_show() {
    let (_site, page) = build();
    // 1.2 is a gap, 2.2.1 only planned (a draft), 2.2.2 a gap.
    let one = row(&page, "1");
    assert!(one.value().classes().any(|c| c == "has-gap"));
    assert_eq!(row_texts(one, ".inside a"), ["1.2"]);
    let two_two = row(&page, "2.2");
    assert_eq!(row_texts(two_two, ".inside .cov-gap-text a"), ["2.2.2"]);
    assert_eq!(row_texts(two_two, ".inside .cov-planned-text a"), ["2.2.1"]);
    assert_eq!(
        two_two.value().attr("data-parent"),
        Some("c-2"),
        "rows name their parent, for folding"
    );
    // An excluded parent says nothing more than its justification.
    assert_eq!(count(&page, "tr[id=\"c-3\"] .inside"), 0);
    // Every parent has a fold button (shown by the script), no requirement has one.
    assert_eq!(
        count(
            &page,
            "tr.parent .row-toggle[hidden][aria-expanded=\"true\"]"
        ),
        count(&page, "tr.parent")
    );
    assert_eq!(count(&page, "tr.requirement .row-toggle"), 0);
    assert_eq!(attrs(&page, "#matrix-table", "data-compact-level"), ["2"]);
}

#[test]
fn grid_headers_carry_the_full_clause_name() {
    let (site, _page) = build();
    let grid = site.html("coverage/demo-grid.html");
    let heads = texts(&grid, ".xref thead th[abbr]");
    assert!(heads.contains(&"1.1 One one".to_string()), "{heads:?}");
    assert_eq!(attrs(&grid, ".xref thead th[abbr]", "abbr")[0], "1.1");
    assert_eq!(count(&grid, ".grid-frame .grid-wrap[role=region]"), 1);
    assert_eq!(count(&grid, "#grid-hint"), 1);
}
