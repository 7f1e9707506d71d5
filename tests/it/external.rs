//! Documents of external origin: the external documents page and CSV, the
//! currency check (`currency-check-overdue` at its field), approval and
//! review lints that do not apply, links to them by ID, and coverage that
//! ignores them.

use crate::support::{Site, texts};

const FIXTURE: &str = r#"
-- book.toml --
[book]
title = "External fixture"

[documents]
currency-check-months = 12

[documents.types.procedure]
label = "Procedure"
prefix = "SOP-"

[documents.types.external]
label = "External document"
prefix = "EXT-"

[documents.types.drawing]
label = "Customer drawing"
external = true

[check]
missing-documented-information = "allow"
-- content/sop.md --
---
id: SOP-001
title: Production
type: procedure
owner: Production Manager
approved_by: Managing Director
status: approved
effective: 2026-01-01
clauses: ["8.5.1"]
---
Parts are made to [[DRW-100]] and inspected to [[EXT-001]] and [[EXT-002]].
-- content/iso.md --
---
id: EXT-001
title: Quality management systems, requirements
type: external
owner: Quality Manager
status: approved
issuer: ISO
identifier: "ISO 9001:2015"
edition: 2015-09-15
controlled_copy: Quality office, binder 1
currency_checked: 2026-03-01
clauses: ["7.5.3.2"]
---
The standard the system is certified to.
-- content/spec.md --
---
id: EXT-002
title: Aluminium alloy plate
type: external
owner: Purchasing Manager
status: approved
issuer: SAE International
identifier: AMS 4911
edition: "Rev. T"
controlled_copy: SAE MOBILUS subscription
currency_checked: 2025-01-15
---
Material specification.
-- content/drawing.md --
---
id: DRW-100
title: Bracket, customer drawing
type: drawing
owner: Production Manager
status: approved
issuer: Customer A
identifier: "A-4711 sheet 1"
edition: "D"
controlled_copy: ERP document store
currency_checked: 2026-01-05
next_currency_check: 2026-05-01
---
Drawing.
"#;

#[test]
fn external_documents_have_a_page_a_csv_and_currency_checks() {
    let site = Site::new(FIXTURE);
    let out = site.check_json(&["--today", "2026-06-01"]);
    // EXT-002: checked 2025-01-15, 12 months: due 2026-01-15. DRW-100: given.
    let ext = out.diag("currency-check-overdue", "content/spec.md:11:19");
    assert!(
        ext.message
            .contains("EXT-002 (AMS 4911) was due on 2026-01-15 (137 days ago"),
        "{}",
        ext.message
    );
    out.diag("currency-check-overdue", "content/drawing.md:12:22");
    assert_eq!(out.with_code("currency-check-overdue").len(), 2);
    // No approver, no revision, no review date: none of that applies.
    for code in [
        "no-approver",
        "review-overdue",
        "missing-change-summary",
        "incomplete-external-document",
    ] {
        assert!(out.with_code(code).is_empty(), "{code}: {}", out.shown());
    }
    // Linked from the procedure that uses them: none is an orphan.
    let orphans: Vec<String> = out
        .with_code("orphan-document")
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(orphans, ["no other document links to SOP-001"]);

    let built = site.build(&["--today", "2026-06-01"]);
    built.assert_code(0);
    let page = site.html("external-documents.html");
    assert_eq!(
        texts(&page, "#external-documents .external-identifier"),
        ["A-4711 sheet 1", "ISO 9001:2015", "AMS 4911"],
        "navigation order: types by key (drawing, external), then ID"
    );
    assert_eq!(texts(&page, ".external-overdue-count"), ["2"]);
    let next = texts(&page, "tr#ext-EXT-002 .next-check").join(" ");
    assert!(next.contains("overdue by 137 days"), "{next}");
    let current = texts(&page, "tr#ext-EXT-001 .next-check").join(" ");
    assert!(
        current.contains("2027-03-01") && !current.contains("overdue"),
        "{current}"
    );
    let nav = texts(&page, "nav a").join("|");
    assert!(nav.contains("External documents"), "{nav}");

    let csv = std::fs::read_to_string(site.out("external-documents.csv")).expect("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,title,status,issuer,identifier,edition,controlled_copy,owner,currency_checked,next_currency_check,currency_state,days_overdue,used_by"
        )
    );
    assert_eq!(
        lines.nth(2),
        Some(
            "EXT-002,Aluminium alloy plate,approved,SAE International,AMS 4911,Rev. T,SAE MOBILUS subscription,Purchasing Manager,2025-01-15,2026-01-15,overdue,137,SOP-001"
        )
    );

    // The document page shows where it comes from and that coverage ignores it.
    let doc = site.html("doc/EXT-002.html");
    let banner = texts(&doc, ".banner-overdue").join(" ");
    assert!(banner.contains("Currency check overdue"), "{banner}");
    let note = texts(&doc, ".external-note").join(" ");
    assert!(
        note.contains("does not count toward clause coverage"),
        "{note}"
    );
    // Internal documents link to them by ID.
    let sop = site.html("doc/SOP-001.html");
    let links: Vec<String> = crate::support::attrs(&sop, "main a[href*='EXT-00']", "href");
    assert!(
        links.iter().any(|l| l.ends_with("EXT-001.html")),
        "{links:?}"
    );

    // EXT-001's tag of 7.5.3.2 does not count.
    let cov = site.json("coverage-iso9001-2015.json");
    let row = cov["clauses"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == "7.5.3.2"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(row["status"], "gap", "{row}");
    assert_eq!(row["documents"].as_array().map(Vec::len), Some(0));
}

#[test]
fn incomplete_external_documents_and_misplaced_fields_are_reported() {
    let site = Site::new(
        r#"
-- book.toml --
[book]
title = "T"
[check]
missing-documented-information = "allow"
orphan-document = "allow"
-- content/a.md --
---
id: EXT-001
title: A standard
type: external
status: approved
identifier: EN 10204
---
Text.
-- content/b.md --
---
id: SOP-001
title: A procedure
type: procedure
owner: QM
approved_by: MD
status: approved
edition: 3
---
Text.
"#,
    );
    let out = site.check_json(&["--today", "2026-06-01"]);
    let d = out.diag("incomplete-external-document", "content/a.md:2:5");
    assert!(
        d.message
            .contains("no `issuer`, `controlled_copy`, `currency_checked`"),
        "{}",
        d.message
    );
    let d = out.diag("external-field-on-internal", "content/b.md:8:10");
    assert!(d.help().contains("type: external"), "{}", d.help());
    // The built-in types include `external`; a bad currency-check-months is
    // a config error at its line.
    site.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[documents]\ncurrency-check-months = 0\n",
    );
    let out = site.check_json(&[]);
    out.diag("config", "book.toml:4:25");
}
