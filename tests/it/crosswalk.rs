//! Crosswalks: the ISO 13485 catalog and its documented-information page,
//! crosswalk files and their errors, the transition pages and
//! `matrix --via` (predictions that never overstate), the integrated
//! management system view, and the draft catalog of the next ISO 9001.

use std::cmp::Ordering;

use qmsbook::parse::catalog::{Catalogs, natural_cmp};

use crate::support::{SAMPLE_DATE, Site, attrs, handbook, sample_handbook, texts};

/// A source standard `src` in scope, a target `dst`, and a crosswalk
/// between them built so that each prediction occurs once.
const FIXTURE: &str = r#"
-- book.toml --
[book]
title = "Crosswalk fixture"

[standards]
in-scope = ["src"]

[standards.src.not-applicable]
"4" = "Not done here."

[check]
missing-documented-information = "allow"
orphan-document = "allow"
no-owner = "allow"
no-approver = "allow"
-- standards/src.yaml --
key: src
name: Source 1
title: Source standard
clauses:
  - id: '1'
    title: One
  - id: '1.1'
    title: One one
  - id: '1.2'
    title: One two
  - id: '2'
    title: Two
  - id: '3'
    title: Three
  - id: '4'
    title: Four
-- standards/dst.yaml --
key: dst
name: Target 2
title: Target standard
clauses:
  - id: '1'
    title: One
  - id: '1.1'
    label: From a partly addressed parent
  - id: '1.2'
    label: Equivalent and addressed
  - id: '1.3'
    label: Partial mapping, addressed
  - id: '1.4'
    label: Related mapping, addressed
  - id: '2'
    title: Two
  - id: '2.1'
    label: Source only planned
  - id: '2.2'
    label: One of two sources addressed
  - id: '2.3'
    label: Nothing maps to it
  - id: '3'
    title: Three
  - id: '3.1'
    label: Inherits the mapping of 3
  - id: '3.2'
    label: Inherits it too
  - id: '4'
    title: Excluded in the source
-- standards/src--dst.yaml --
from: src
to: dst
mappings:
  - to: '1.1'
    from: '1'
  - to: '1.2'
    from: ['1.1']
  - to: '1.3'
    from: ['1.1']
    relation: partial
  - to: '1.4'
    from: ['1.1']
    relation: related
  - to: '2.1'
    from: ['2']
  - to: '2.2'
    from: ['1.1', '2']
  - to: '3'
    from: ['3']
  - to: '4'
    from: ['4']
-- content/a.md --
---
id: A-1
title: Approved
type: procedure
status: approved
effective: 2026-01-01
clauses: ["1.1", "3"]
---
Text.
-- content/b.md --
---
id: B-1
title: Draft
type: procedure
status: draft
clauses: ["2"]
---
Text.
"#;

fn predicted(export: &serde_json::Value, id: &str) -> String {
    export["clauses"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .and_then(|c| c["predicted"].as_str())
        .unwrap_or("")
        .to_string()
}

#[test]
fn transition_predictions_never_overstate() {
    let site = Site::new(FIXTURE);
    let out = site.run(&[
        "matrix",
        ".",
        "--standard",
        "dst",
        "--via",
        "src",
        "--format",
        "json",
        "--today",
        "2026-06-01",
    ]);
    out.assert_code(0);
    let export: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(export["schema"], "qmsbook-transition/1");
    for (id, want) in [
        ("1.1", "partly"),       // its source parent is only partly addressed
        ("1.2", "carried-over"), // equivalent, source addressed
        ("1.3", "partly"),       // a partial mapping never carries over
        ("1.4", "partly"),       // a related one never counts as addressed
        ("2.1", "open"),         // the source is only planned (a draft)
        ("2.2", "partly"),       // one of its two sources is a gap
        ("2.3", "new"),          // nothing maps to it
        ("3.1", "carried-over"), // inherits the mapping of 3
        ("3.2", "carried-over"),
        ("4", "open"), // an exclusion does not carry over
        ("1", "partly"),
        ("3", "carried-over"),
    ] {
        assert_eq!(predicted(&export, id), want, "{id}");
    }
    let s = &export["summary"];
    assert_eq!(s["requirements"], 10);
    assert_eq!(s["carried_over"], 3);
    assert_eq!(s["partly"], 4);
    assert_eq!(s["open"], 2);
    assert_eq!(s["new"], 1);
    assert_eq!(s["percent"], 30.0);
    let inherited = export["clauses"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == "3.1"))
        .map(|c| c["inherited_from"].clone());
    assert_eq!(inherited, Some(serde_json::json!("3")));

    // The page shows the same figures, the mapped clauses and the documents.
    let built = site.build(&["--today", "2026-06-01"]);
    built.assert_code(0);
    let page = site.html("transition/src--dst.html");
    assert_eq!(texts(&page, ".figure-card .figure"), ["30.0%"]);
    let detail = texts(&page, ".figure-card .figure-detail").join(" ");
    assert!(detail.contains("3 of 10"), "{detail}");
    let carried: Vec<String> = texts(&page, "tr.requirement.row-addressed th.clause-id");
    assert_eq!(carried, ["1.2", "3.1", "3.2"]);
    let links = attrs(&page, "a", "href");
    assert!(
        links.iter().any(|h| h == "../clauses/src/1.1.html"),
        "{links:?}"
    );
    assert!(links.iter().any(|h| h == "../doc/A-1.html"), "{links:?}");
    assert!(
        !links.iter().any(|h| h.contains("B-1")),
        "a draft does not address anything: {links:?}"
    );
    // The site's exports are those of `matrix --via`.
    let site_json = site.json("transition/src--dst.json");
    assert_eq!(site_json["summary"], export["summary"]);
    assert_eq!(site_json["clauses"], export["clauses"]);
    // Clauses name documents by ID; the table describes each once.
    let named: std::collections::BTreeSet<&str> = export["clauses"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["documents"].as_array().into_iter().flatten())
        .filter_map(|d| d.as_str())
        .collect();
    assert!(named.contains("A-1"), "{named:?}");
    let table: std::collections::BTreeSet<&str> = export["documents"]
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(named, table);
    assert_eq!(export["documents"]["A-1"]["url"], "doc/A-1.html");
    assert!(
        links.iter().any(|h| h == "../transition/src--dst.csv"),
        "{links:?}"
    );
    // The list of transitions names it, and the sidebar links the list.
    let list = site.html("transition/index.html");
    assert_eq!(texts(&list, "tbody th a"), ["Target 2"]);
    // No integrated view: `src` is not a harmonized standard.
    assert!(!site.out("coverage/integrated.html").exists());

    // CSV and table agree.
    let csv = site.run(&[
        "matrix",
        ".",
        "--standard",
        "dst",
        "--via",
        "src",
        "--format",
        "csv",
        "--today",
        "2026-06-01",
    ]);
    let row = csv
        .stdout
        .lines()
        .find(|l| l.starts_with("2.2,"))
        .unwrap_or("")
        .to_string();
    assert_eq!(
        row,
        "2.2,One of two sources addressed,2,yes,partly,1.1 2,equivalent equivalent,A-1"
    );
    let table = site.run(&[
        "matrix",
        ".",
        "--standard",
        "dst",
        "--via",
        "src",
        "--today",
        "2026-06-01",
    ]);
    assert!(
        table.stdout.starts_with(
            "Target 2 via Source 1: 3 of 10 requirements carried over (30.0%); 4 partly, 2 open, 1 new"
        ),
        "{}",
        table.stdout
    );
}

#[test]
fn matrix_via_explains_what_is_missing() {
    let site = Site::new(FIXTURE);
    let reverse = site.run(&["matrix", ".", "--standard", "src", "--via", "dst"]);
    reverse.assert_code(2);
    assert!(
        reverse
            .stderr
            .contains("error: `dst` is not a standard in scope"),
        "{}",
        reverse.stderr
    );
    let unknown = site.run(&["matrix", ".", "--standard", "nope", "--via", "src"]);
    unknown.assert_code(2);
    assert!(
        unknown.stderr.contains("`nope` is not a known catalog"),
        "{}",
        unknown.stderr
    );
    let none = site.run(&["matrix", ".", "--standard", "iso14001-2015", "--via", "src"]);
    none.assert_code(2);
    assert!(
        none.stderr
            .contains("there is no crosswalk from `src` to `iso14001-2015`")
            && none
                .stderr
                .contains("add standards/src--iso14001-2015.yaml"),
        "{}",
        none.stderr
    );
    let without_target = site.run(&["matrix", ".", "--via", "src"]);
    without_target.assert_code(2);
}

#[test]
fn crosswalk_file_errors_are_located() {
    let site = Site::new(FIXTURE);
    site.write(
        "standards/src--dst.yaml",
        "from: src\nto: dst\nmappings:\n  - to: '1.9'\n    from: ['1.1']\n  - to: '1.2'\n    from: ['1.1', '7']\n  - to: '2.1'\n    from: '2'\n    relation: maybe\n  - to: '2.2'\n",
    );
    site.write(
        "standards/src--other.yaml",
        "from: src\nto: other\nmappings: []\n",
    );
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.assert_code(1);
    let d = out.diag("invalid-crosswalk", "standards/src--dst.yaml:4:9");
    assert!(
        d.message.contains("clause `1.9` is not in Target 2"),
        "{d:?}"
    );
    assert!(d.help().contains("did you mean `1.1`?"), "{d:?}");
    let d = out.diag("invalid-crosswalk", "standards/src--dst.yaml:7:19");
    assert!(d.message.contains("clause `7` is not in Source 1"), "{d:?}");
    let d = out.diag("invalid-crosswalk", "standards/src--dst.yaml:10:15");
    assert!(d.message.contains("unknown relation `maybe`"), "{d:?}");
    let d = out.diag("invalid-crosswalk", "standards/src--dst.yaml:11:5");
    assert!(d.message.contains("has no `from`"), "{d:?}");
    let d = out.diag("invalid-crosswalk", "standards/src--other.yaml:2:5");
    assert!(
        d.message.contains("`other` is not a known catalog"),
        "{d:?}"
    );
    // A crosswalk file is never read as a catalog.
    assert!(
        out.with_code("invalid-catalog").is_empty(),
        "{}",
        out.shown()
    );
}

#[test]
fn iso13485_catalog_is_sound() {
    let mut d = Vec::new();
    let catalogs = Catalogs::build(Vec::new(), &mut d);
    assert!(d.is_empty(), "{d:?}");
    let c = catalogs.get("iso13485-2016").expect("built in");
    assert_eq!(c.name, "ISO 13485:2016");
    assert_eq!(c.clauses.len(), 91);
    let mut ids: Vec<&str> = c.clauses.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), c.clauses.len(), "ids are unique");
    for cl in &c.clauses {
        if let Some((parent, _)) = cl.id.rsplit_once('.') {
            let p = cl.parent.map(|p| c.clauses[p].id.as_str());
            assert_eq!(p, Some(parent), "{}", cl.id);
        }
    }
    // The file lists the clauses in natural order, as the catalog keeps them.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("standards/iso13485-2016.yaml"),
    )
    .expect("catalog file");
    let listed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
        .map(|id| id.trim_matches('\''))
        .collect();
    assert_eq!(listed.len(), 91);
    assert!(
        listed
            .windows(2)
            .all(|w| natural_cmp(w[0], w[1]) == Ordering::Less),
        "{listed:?}"
    );
    let kept: Vec<&str> = c.clauses.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(listed, kept);
    assert_eq!(
        c.clause("7.5.9.2").map(|c| c.heading()),
        Some("Particular requirements for implantable medical devices")
    );
    // Every required item names a clause of the catalog.
    let items = qmsbook::parse::catalog::required_items("iso13485-2016");
    assert!(items.len() > 40);
    for i in &items {
        assert!(c.get(&i.clause).is_some(), "{}", i.clause);
    }
}

#[test]
fn iso13485_has_its_documented_information_page() {
    let site = handbook(
        r#"
-- book.toml --
[book]
title = "Medical devices"
[standards]
in-scope = ["iso13485-2016"]
[check]
orphan-document = "allow"
no-owner = "allow"
no-approver = "allow"
missing-documented-information = "allow"
-- content/sop-doc.md --
---
id: SOP-001
title: Document control
type: procedure
status: approved
effective: 2026-01-01
clauses: ["4.2.4"]
---
Text.
"#,
    );
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let page = site.html("documented-information-iso13485-2016.html");
    assert_eq!(texts(&page, ".eyebrow"), ["ISO 13485:2016"]);
    let row = |reference: &str| {
        page.select(&crate::support::sel("tbody tr"))
            .find(|tr| {
                tr.select(&crate::support::sel("th"))
                    .any(|th| th.text().collect::<String>().trim() == reference)
            })
            .map(|tr| tr.value().attr("class").unwrap_or("").to_string())
            .unwrap_or_default()
    };
    assert_eq!(row("4.2.4"), "row-addressed");
    assert_eq!(row("4.2.5"), "row-gap");
    let csv = std::fs::read_to_string(site.out("documented-information-iso13485-2016.csv"))
        .expect("csv export");
    assert!(csv.lines().count() > 40, "{csv}");
    let links = attrs(&page, "a", "href");
    assert!(
        links
            .iter()
            .any(|h| h == "documented-information-iso13485-2016.json"),
        "{links:?}"
    );
    // ISO 9001 is not in scope: no ISO 9001 page.
    assert!(!site.out("documented-information.html").exists());

    // The lint reads the same assessment, for ISO 13485 too.
    site.write(
        "book.toml",
        "[book]\ntitle = \"Medical devices\"\n[standards]\nin-scope = [\"iso13485-2016\"]\n[check]\norphan-document = \"allow\"\nno-owner = \"allow\"\nno-approver = \"allow\"\n",
    );
    let out = site.check_json(&["--today", "2026-06-01"]);
    let missing: Vec<String> = out
        .with_code("missing-documented-information")
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert!(
        missing
            .iter()
            .any(|m| m.starts_with("ISO 13485:2016 4.2.5 requires a document to maintain")),
        "{missing:?}"
    );
    assert!(
        !missing.iter().any(|m| m.contains(" 4.2.4 ")),
        "{missing:?}"
    );
    let sterile = out
        .with_code("missing-documented-information")
        .into_iter()
        .find(|d| d.message.contains(" 7.5.5 "))
        .map(|d| d.help().to_string())
        .unwrap_or_default();
    assert!(
        sterile.contains("exclude clause 7.5.5 under `[standards.iso13485-2016.not-applicable]`"),
        "{sterile}"
    );
}

#[test]
fn integrated_view_puts_harmonized_standards_side_by_side() {
    let site = handbook(
        r#"
-- book.toml --
[book]
title = "Integrated"
[standards]
in-scope = ["iso9001-2015", "iso14001-2015"]
[check]
orphan-document = "allow"
no-owner = "allow"
no-approver = "allow"
missing-documented-information = "allow"
-- content/context.md --
---
id: SOP-001
title: Context
type: procedure
status: approved
effective: 2026-01-01
clauses: { iso9001-2015: ["4.1"], iso14001-2015: ["4.1"] }
---
Text.
-- content/objectives.md --
---
id: SOP-002
title: Objectives
type: procedure
status: approved
effective: 2026-01-01
clauses: { iso9001-2015: ["6.2.1", "6.2.2"], iso14001-2015: ["6.2.1"] }
---
Text.
"#,
    );
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let page = site.html("coverage/integrated.html");
    assert_eq!(
        texts(&page, "thead th a"),
        ["ISO 9001:2015", "ISO 14001:2015"]
    );
    let cells = |id: &str| -> Vec<String> {
        page.select(&crate::support::sel("tbody tr"))
            .find(|tr| {
                tr.select(&crate::support::sel("th"))
                    .any(|th| th.text().collect::<String>().trim() == id)
            })
            .map(|tr| {
                tr.select(&crate::support::sel(".cov"))
                    .map(|s| s.value().attr("class").unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(cells("4.1"), ["cov cov-addressed", "cov cov-addressed"]);
    assert_eq!(cells("6.2"), ["cov cov-addressed", "cov cov-partial"]);
    assert_eq!(cells("10.2"), ["cov cov-gap", "cov cov-gap"]);
    // 6.3 planning of changes: ISO 14001:2015 has no such clause.
    let row63 = page
        .select(&crate::support::sel("tbody tr"))
        .find(|tr| {
            tr.text()
                .collect::<String>()
                .contains("Planning of changes")
        })
        .map(|tr| tr.text().collect::<String>())
        .unwrap_or_default();
    assert!(row63.contains("no such clause"), "{row63}");
    let links = attrs(&page, "tbody a", "href");
    assert!(
        links
            .iter()
            .any(|h| h == "../clauses/iso14001-2015/4.1.html")
    );
    // Harmonized transitions both ways; 14001's own 6.1.2 is new from 9001.
    let t = site.html("transition/iso9001-2015--iso14001-2015.html");
    let new: Vec<String> = texts(&t, "tr.requirement th.clause-id a");
    assert!(new.contains(&"6.1.2".to_string()), "{new:?}");
    let out = site.run(&[
        "matrix",
        ".",
        "--standard",
        "iso14001-2015",
        "--via",
        "iso9001-2015",
        "--format",
        "json",
        "--today",
        "2026-06-01",
    ]);
    let export: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(predicted(&export, "6.1.2"), "new");
    assert_eq!(predicted(&export, "4.1"), "carried-over");
    assert!(
        site.out("transition/iso14001-2015--iso9001-2015.html")
            .exists()
    );
}

#[test]
fn a_user_catalog_replacing_a_built_in_key_drops_the_built_in_crosswalk() {
    // The OpenRegulatory case: a handbook brings its own ISO 13485 catalog
    // with its own numbering; the built-in crosswalk no longer fits it.
    let site = handbook(
        r#"
-- standards/iso13485-2016.yaml --
key: iso13485-2016
name: ISO 13485 (ours)
clauses:
  - id: 'QMS'
    title: Quality management system
  - id: 'QMS.1'
    title: Documents
-- standards/iso9001-2015--iso13485-2016.yaml --
from: iso9001-2015
to: iso13485-2016
mappings:
  - to: 'QMS.1'
    from: ['7.5.2']
-- content/a.md --
---
id: SOP-001
title: Documents
type: procedure
status: approved
effective: 2026-01-01
clauses: ["7.5.2"]
---
Text.
"#,
    );
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    assert!(out.errors().is_empty(), "{}", out.shown());
    let page = site.html("transition/iso9001-2015--iso13485-2016.html");
    assert_eq!(texts(&page, "h1"), ["ISO 13485 (ours) via ISO 9001:2015"]);
    assert_eq!(
        texts(&page, "tr.requirement.row-addressed th.clause-id"),
        ["QMS.1"]
    );
    let without = handbook(
        r#"
-- standards/iso13485-2016.yaml --
key: iso13485-2016
name: ISO 13485 (ours)
clauses:
  - id: 'QMS'
    title: Quality management system
-- content/a.md --
---
id: SOP-001
title: Documents
type: procedure
status: approved
effective: 2026-01-01
clauses: ["7.5.2"]
---
Text.
"#,
    );
    let out = without.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    assert!(out.errors().is_empty(), "{}", out.shown());
    assert!(
        !without
            .out("transition/iso9001-2015--iso13485-2016.html")
            .exists()
    );
}

#[test]
fn the_sample_renders_its_transition_pages() {
    let site = sample_handbook();
    site.build(&["--today", SAMPLE_DATE]).assert_code(0);
    let page = site.html("transition/iso9001-2015--iso13485-2016.html");
    assert_eq!(texts(&page, "h1"), ["ISO 13485:2016 via ISO 9001:2015"]);
    let figure = texts(&page, ".figure-card .figure");
    assert_eq!(figure.len(), 1);
    // Medical-device specifics nothing in ISO 9001 maps to are new.
    let out = site.run(&[
        "matrix",
        ".",
        "--standard",
        "iso13485-2016",
        "--via",
        "iso9001-2015",
        "--format",
        "json",
        "--today",
        SAMPLE_DATE,
    ]);
    let export: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    for id in ["4.2.3", "7.3.8", "8.2.3"] {
        assert_eq!(predicted(&export, id), "new", "{id}");
    }
    // The draft of the next ISO 9001 is labelled as a draft.
    let dis = site.html("transition/iso9001-2015--iso9001-2026-dis.html");
    let banner = texts(&dis, ".draft-banner").join(" ");
    assert!(banner.contains("Based on ISO/DIS 9001"), "{banner}");
    let export = site.run(&[
        "matrix",
        ".",
        "--standard",
        "iso9001-2026-dis",
        "--via",
        "iso9001-2015",
        "--format",
        "json",
        "--today",
        SAMPLE_DATE,
    ]);
    let export: serde_json::Value = serde_json::from_str(&export.stdout).expect("json");
    assert_eq!(predicted(&export, "5.1.1.i"), "new");
    assert_eq!(predicted(&export, "6.1.3"), predicted(&export, "6.1.2"));
    assert_ne!(predicted(&export, "6.1.2"), "carried-over");
    let nav = attrs(&site.html("index.html"), "a", "href");
    assert!(nav.iter().any(|h| h == "transition/index.html"), "{nav:?}");
}

#[test]
fn a_draft_catalog_in_scope_is_labelled_on_its_pages() {
    let site = handbook(
        r#"
-- book.toml --
[book]
title = "Next edition"
[standards]
in-scope = ["iso9001-2026-dis", "iso9001-2015"]
[check]
orphan-document = "allow"
no-owner = "allow"
no-approver = "allow"
missing-documented-information = "allow"
-- content/a.md --
---
id: SOP-001
title: Culture
type: procedure
status: approved
effective: 2026-01-01
clauses: ["5.1.1.i"]
---
Text.
"#,
    );
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    for page in [
        "coverage/iso9001-2026-dis.html",
        "coverage/iso9001-2026-dis-grid.html",
        "clauses/iso9001-2026-dis/5.1.1.i.html",
    ] {
        let banner = texts(&site.html(page), ".draft-banner").join(" ");
        assert!(banner.contains("draft"), "{page}: {banner}");
    }
    assert_eq!(
        texts(&site.html("coverage/iso9001-2026-dis.html"), "h1"),
        ["ISO/DIS 9001 (draft)"]
    );
    // With both editions in scope (a transition under way), the transition
    // page shows what the handbook already tags in the new one.
    let t = site.html("transition/iso9001-2015--iso9001-2026-dis.html");
    let row: Vec<String> = t
        .select(&crate::support::sel("tbody tr"))
        .find(|tr| {
            tr.select(&crate::support::sel("th"))
                .any(|th| th.text().collect::<String>().trim() == "5.1.1.i")
        })
        .map(|tr| {
            tr.select(&crate::support::sel(".cov"))
                .map(|s| s.text().collect::<String>().trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(row, ["✗ new", "✓ addressed"]);
}

#[test]
fn malformed_crosswalks_are_errors_never_panics() {
    let site = handbook(
        "-- content/a.md --\n---\nid: A-1\ntitle: A\ntype: procedure\nstatus: approved\neffective: 2026-01-01\nclauses: [\"4.1\"]\n---\nText.\n",
    );
    site.write("standards/iso9001-2015--iso13485-2016.yaml", "");
    site.write("standards/iso9001-2015--iso14001-2015.yaml", "- a\n- b\n");
    site.write(
        "standards/a--b.yaml",
        "from: [1]\nto: {a: 1}\nmappings: 3\n",
    );
    site.write(
        "standards/iso9001-2015--iso45001-2018.yaml",
        "from: iso9001-2015\nto: iso45001-2018\nmappings:\n  - to: [[1]]\n    from: [[2]]\n  - 5\n  - to: 4.1\n    from: 4.1\n    relation: [x]\n  - to: '4.2'\n    from: []\n",
    );
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.assert_code(1);
    let messages: Vec<(String, String)> = out
        .with_code("invalid-crosswalk")
        .into_iter()
        .map(|d| (d.location.unwrap_or_default(), d.message))
        .collect();
    let expect = [
        (
            "standards/a--b.yaml:1:7",
            "`from` must be a catalog key, not a list",
        ),
        (
            "standards/a--b.yaml:2:5",
            "`to` must be a catalog key, not a mapping",
        ),
        (
            "standards/iso9001-2015--iso13485-2016.yaml:1:1",
            "must be a mapping",
        ),
        (
            "standards/iso9001-2015--iso14001-2015.yaml:1:1",
            "must be a mapping",
        ),
        (
            "standards/iso9001-2015--iso45001-2018.yaml:4:9",
            "`to` must be one clause id",
        ),
        (
            "standards/iso9001-2015--iso45001-2018.yaml:6:5",
            "each mapping must be a mapping",
        ),
        (
            "standards/iso9001-2015--iso45001-2018.yaml:9:15",
            "`relation` must be a word",
        ),
        (
            "standards/iso9001-2015--iso45001-2018.yaml:11:11",
            "non-empty list",
        ),
    ];
    assert_eq!(messages.len(), expect.len(), "{messages:?}");
    for (at, text) in expect {
        assert!(
            messages.iter().any(|(l, m)| l == at && m.contains(text)),
            "{at}: {text}\n{messages:?}"
        );
    }
}

/// A transition page lists at most 12 documents a clause and says how many
/// more there are (the source clause pages list them all); the exports keep
/// every one.
#[test]
fn a_transition_page_caps_the_documents_of_a_clause() {
    let docs: String = (1..=15)
        .map(|i| {
            format!(
                "-- content/p{i:02}.md --\n---\nid: SOP-{i:03}\ntitle: Scope {i}\ntype: procedure\nowner: Quality Manager\napproved_by: Managing Director\nstatus: approved\neffective: 2026-01-01\nclauses: [\"4.3\"]\n---\nText.\n"
            )
        })
        .collect();
    let site = handbook(&docs);
    site.build(&["--today", SAMPLE_DATE]).assert_code(0);
    let page = site.html("transition/iso9001-2015--iso13485-2016.html");
    let more = texts(&page, "td ul.refs li.more");
    assert!(
        more.iter()
            .any(|m| m == "and 3 more: see the ISO 9001:2015 clauses"),
        "{more:?}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.out("transition/iso9001-2015--iso13485-2016.json"))
            .expect("json"),
    )
    .expect("json");
    let most = json["clauses"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| c["documents"].as_array().map_or(0, Vec::len))
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    assert_eq!(most, 15, "the export lists every document");
}
