//! The standards as they stand today: the 2024 climate amendment (an item of
//! 4.1 that only its own tag addresses, a note on 4.2 that is never counted,
//! and `[standards.<key>] amendments` turning it off); lettered items and how
//! they weigh in the headline figure; the `broad-clause-tag` note; and
//! `qmsbook catalogs` (the listing, `--check FILE`, and a user catalog that
//! replaces a built-in key).

use crate::support::{BOOK_TOML, Site, handbook, texts};

/// An approved, effective document tagging `clauses` (a YAML list).
fn approved(path: &str, id: &str, clauses: &str) -> String {
    format!(
        "-- {path} --\n---\nid: {id}\ntitle: Document {id}\ntype: procedure\nowner: QM\napproved_by: MD\nstatus: approved\neffective: 2026-01-01\nclauses: {clauses}\n---\nText.\n"
    )
}

const TODAY: &str = "2026-06-01";

/// The JSON coverage export of ISO 9001 after a build.
fn iso_export(site: &Site) -> serde_json::Value {
    site.build(&["--today", TODAY]).assert_code(0);
    site.json("coverage-iso9001-2015.json")
}

/// The record of clause `id` in a coverage export (`null` when absent).
fn clause<'a>(export: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    export["clauses"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .unwrap_or(&serde_json::Value::Null)
}

#[test]
fn the_climate_item_is_a_gap_a_tag_on_4_1_does_not_close() {
    let site = handbook(&approved("content/a.md", "SOP-001", r#"["4.1", "4.2"]"#));
    let export = iso_export(&site);
    assert_eq!(clause(&export, "4.1")["status"], "addressed");
    let climate = clause(&export, "4.1.climate");
    assert_eq!(climate["status"], "gap");
    assert_eq!(climate["amendment"]["title"], "Amd 1:2024");
    assert_eq!(climate["counted"], true);
    assert_eq!(clause(&export, "4")["rollup"]["applicable"], 6);
    assert_eq!(clause(&export, "4")["rollup"]["addressed"], 2);
    // The 4.2 note is shown, never a clause of its own nor counted.
    assert_eq!(
        clause(&export, "4.2")["notes"][0]["amendment"]["key"],
        "amd1-2024"
    );
    assert!(export["clauses"].as_array().is_some_and(|cs| {
        cs.iter()
            .all(|c| !c["id"].as_str().unwrap_or("").contains("note"))
    }));
    // The matrix marks the item and shows the note; the gaps page lists it.
    let matrix = site.html("coverage/iso9001-2015.html");
    let marks = texts(&matrix, "#c-4\\.1\\.climate .amendment-mark");
    assert!(marks.iter().any(|m| m == "Amd 1:2024"), "{marks:?}");
    let notes = texts(&matrix, "#c-4\\.2 .clause-note");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("climate") && n.contains("not a requirement")),
        "{notes:?}"
    );
    let page = site.html("clauses/iso9001-2015/4.1.climate.html");
    assert!(!texts(&page, ".amendment-line").is_empty());
    let gaps = site.html("gaps.html");
    let row = texts(&gaps, "tr.row-gap");
    assert!(
        row.iter()
            .any(|r| r.contains("4.1.climate") && r.contains("Amd 1:2024")),
        "the gaps page lists the item with its badge: {row:?}"
    );
}

#[test]
fn one_tag_on_the_climate_item_addresses_it() {
    let site = handbook(&approved(
        "content/a.md",
        "SOP-001",
        r#"["4.1", "4.1.climate"]"#,
    ));
    let export = iso_export(&site);
    assert_eq!(clause(&export, "4.1.climate")["status"], "addressed");
    assert_eq!(clause(&export, "4")["rollup"]["addressed"], 2);
    assert_eq!(export["summary"]["addressed"], 2);
}

#[test]
fn a_handbook_audited_to_the_unamended_text_turns_the_amendment_off() {
    let book = format!("{BOOK_TOML}[standards.iso9001-2015]\namendments = []\n");
    let site = Site::new(&format!(
        "-- book.toml --\n{book}{}",
        approved("content/a.md", "SOP-001", r#"["4.1"]"#)
    ));
    let export = iso_export(&site);
    assert!(clause(&export, "4.1.climate").is_null(), "the item is gone");
    assert!(
        clause(&export, "4.2")["notes"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    let on = iso_export(&handbook(&approved(
        "content/a.md",
        "SOP-001",
        r#"["4.1"]"#,
    )));
    assert_eq!(
        export["summary"]["requirements"].as_u64().map(|n| n + 1),
        on["summary"]["requirements"].as_u64()
    );

    // A tag on the item is then an unknown clause that says why.
    site.write(
        "content/a.md",
        "---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\nclauses: [\"4.1.climate\"]\n---\nText.\n",
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let d = out.diag("unknown-clause", "content/a.md:6:11");
    assert!(
        d.help().contains("amd1-2024") && d.help().contains("amendments"),
        "{d:?}"
    );

    // An amendment the catalog does not have is a configuration error.
    site.write(
        "book.toml",
        &format!("{BOOK_TOML}[standards.iso9001-2015]\namendments = [\"amd1-2042\"]\n"),
    );
    let out = site.check_json(&["--today", TODAY]);
    let config = out.with_code("config");
    assert_eq!(config.len(), 1, "{}", out.shown());
    assert!(
        config[0].help().contains("did you mean `amd1-2024`"),
        "{config:?}"
    );
    assert_eq!(config[0].location.as_deref(), Some("book.toml:11:15"));
}

#[test]
fn lettered_items_weigh_as_one_numbered_requirement() {
    // Before this rule, 5.1.1 a–j were ten of 74 requirements: these tags
    // made 10 of 74 (13.5 %). Now 5.1.1 is one of 66 and 9.3.3 is partial.
    let site = handbook(&approved(
        "content/a.md",
        "SOP-001",
        r#"["5.1.1.a", "5.1.1.b", "5.1.1.c", "5.1.1.d", "5.1.1.e", "5.1.1.f", "5.1.1.g", "5.1.1.h", "5.1.1.i", "5.1.1.j", "9.3.3.a", "9.3.3.b"]"#,
    ));
    let export = iso_export(&site);
    let s = &export["summary"];
    assert_eq!(s["requirements"], 66);
    assert_eq!(s["addressed"], 1);
    assert_eq!(s["partial"], 1);
    assert_eq!(s["percent"], 1.5);
    assert_eq!(clause(&export, "5.1.1")["status"], "addressed");
    assert_eq!(clause(&export, "5.1.1")["counted"], true);
    assert_eq!(clause(&export, "5.1.1.a")["counted"], false);
    let partial = clause(&export, "9.3.3");
    assert_eq!(partial["status"], "partial");
    assert_eq!(partial["rollup"]["addressed"], 2);
    assert_eq!(partial["rollup"]["applicable"], 3);
    assert_eq!(partial["rollup"]["of"], "items");
    assert_eq!(clause(&export, "9.3")["rollup"]["of"], "requirements");

    // The matrix page and the terminal say "partly" with k of n items.
    let matrix = site.html("coverage/iso9001-2015.html");
    let rollup = texts(&matrix, "#c-9\\.3\\.3 .rollup");
    assert_eq!(rollup, ["2 of 3 items"]);
    let figure = texts(&matrix, ".figure-detail");
    assert!(
        figure.iter().any(|f| f.contains("1 partly addressed")),
        "{figure:?}"
    );
    let home = texts(&site.html("index.html"), ".coverage-summary .figure-detail");
    assert!(
        home.iter().any(|f| f.contains("1 partly addressed")),
        "{home:?}"
    );
    let table = site.run(&["matrix", ".", "--today", TODAY]);
    assert!(
        table
            .stdout
            .lines()
            .next()
            .is_some_and(|l| l.contains("1 of 66") && l.contains("1 partly addressed")),
        "{}",
        table.stdout
    );

    // The leadership page shows each item of 5.1.1, 5.1.2 and 5.2.2.
    let leadership = site.html("leadership.html");
    let groups = texts(&leadership, ".item-group > h2");
    assert_eq!(groups.len(), 3, "{groups:?}");
    assert!(groups[1].contains("5.1.2"), "{groups:?}");
    assert_eq!(texts(&leadership, "#g-5\\.1\\.2 li").len(), 3);
}

#[test]
fn a_tag_on_a_clause_with_items_addresses_them_all_with_a_note() {
    let site = handbook(&format!(
        "{}{}",
        approved("content/a.md", "SOP-001", r#"["9.3.2"]"#),
        approved("content/b.md", "SOP-002", r#"["7.5"]"#)
    ));
    let export = iso_export(&site);
    assert_eq!(clause(&export, "9.3.2")["status"], "addressed");
    assert_eq!(clause(&export, "9.3.2.c.4")["status"], "addressed");
    assert_eq!(clause(&export, "7.5.1")["status"], "gap");
    let out = site.check_json(&["--today", TODAY, "--deny", "warnings"]);
    let broad = out.with_code("broad-clause-tag");
    assert_eq!(broad.len(), 2, "{}", out.shown());
    let note = broad
        .iter()
        .find(|d| d.location.as_deref() == Some("content/a.md:9:11"))
        .expect("the note on 9.3.2");
    assert_eq!(note.level, "note");
    assert!(note.help().contains("`9.3.2.a` … `9.3.2.f`"), "{note:?}");
    let warning = broad
        .iter()
        .find(|d| d.location.as_deref() == Some("content/b.md:9:11"))
        .expect("the warning on 7.5");
    assert_eq!(warning.level, "error", "denied with the other warnings");

    // The note can be turned off, like any lint.
    site.write(
        "book.toml",
        &format!("{BOOK_TOML}broad-clause-tag = \"allow\"\n"),
    );
    let out = site.check_json(&["--today", TODAY]);
    assert!(
        out.with_code("broad-clause-tag").is_empty(),
        "{}",
        out.shown()
    );
}

/// A user catalog with a built-in key (the OpenRegulatory case: a handbook
/// keeps its own ISO 9001 file) and a new standard.
const OWN_CATALOGS: &str = r#"
-- standards/iso9001-2015.yaml --
key: iso9001-2015
name: 'ISO 9001:2015 (our own)'
title: Our reading of ISO 9001
clauses:
  - id: '4'
    title: Context
  - id: '4.1'
    title: Context issues
  - id: '4.1.a'
    label: Internal issues
  - id: '4.1.b'
    label: External issues
-- standards/iso13485-2016.yaml --
key: iso13485-2016
name: 'ISO 13485:2016'
title: Medical devices
clauses:
  - id: '4'
    title: Quality management system
  - id: '4.1'
    title: General requirements
"#;

#[test]
fn a_user_catalog_replaces_a_built_in_key() {
    let site = handbook(&format!(
        "{OWN_CATALOGS}{}",
        approved("content/a.md", "SOP-001", r#"["4.1"]"#)
    ));
    let export = iso_export(&site);
    assert_eq!(export["standard"]["name"], "ISO 9001:2015 (our own)");
    assert_eq!(export["summary"]["requirements"], 1);
    assert_eq!(export["summary"]["addressed"], 1, "4.1 addresses its items");
    assert!(clause(&export, "4.1.climate").is_null());
    let out = site.run(&["catalogs", ".", "--format", "json"]);
    out.assert_code(0);
    let listing: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let row = |key: &str| {
        listing["catalogs"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["key"] == key))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(row("iso9001-2015")["replaces_built_in"], true);
    assert_eq!(row("iso9001-2015")["in_scope"], true);
    assert_eq!(row("iso9001-2015")["items"], 2);
    // ISO 13485 is built in too: the handbook's own file (OpenRegulatory style) replaces it.
    assert_eq!(row("iso13485-2016")["replaces_built_in"], true);
    assert_eq!(
        row("iso13485-2016")["origin"],
        "standards/iso13485-2016.yaml"
    );
    assert_eq!(row("iso14001-2015")["origin"], "built-in");
    assert_eq!(row("iso14001-2015")["amendments"][0]["key"], "amd1-2024");

    // A broken catalog file is listed as an error at its line.
    site.write(
        "standards/broken.yaml",
        "key: broken\nname: Broken\nclauses:\n  - id: '1'\n",
    );
    let out = site.run(&["catalogs", "."]);
    out.assert_code(1);
    assert!(out.stdout.contains("iso13485-2016"), "{}", out.stdout);
    out.diag("invalid-catalog", "standards/broken.yaml:4:9");
}

#[test]
fn catalogs_lists_the_built_in_catalogs_and_the_amendment_settings() {
    let site = handbook(&format!(
        "-- book.toml --\n{BOOK_TOML}[standards.iso14001-2015]\namendments = []\n"
    ));
    let out = site.run(&["catalogs", "."]);
    out.assert_code(0);
    let line = |key: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        line("iso9001-2015").contains("Amd 1:2024 (amd1-2024)"),
        "{}",
        out.stdout
    );
    assert!(
        line("iso9001-2015").contains("[in scope]"),
        "{}",
        out.stdout
    );
    assert!(
        line("iso14001-2015").contains("amd1-2024, off"),
        "{}",
        out.stdout
    );
    for key in ["iso27001-2022", "iso45001-2018"] {
        assert!(line(key).contains("built-in"), "{}", out.stdout);
    }
}

#[test]
fn catalogs_check_reports_a_broken_file_with_lines_and_fails() {
    let site = Site::new(
        r#"
-- mine.yaml --
key: mine
name: Mine
amendments:
  - key: amd1
    title: Amendment 1
notes:
  - clause: '9'
    label: A note on nothing
clauses:
  - id: '1'
    title: One
  - id: '1.x'
    label: Added
    amendment: amd2
  - id: '1'
    title: Again
-- good.yaml --
key: iso9001-2015
name: Good
clauses:
  - id: '1'
    title: One
  - id: '1.a'
    label: Item
"#,
    );
    let out = site.run(&["catalogs", "--check", "mine.yaml", "--format", "json"]);
    out.assert_code(1);
    let found = crate::support::json_diagnostics(&out.stdout);
    let at: Vec<(String, Option<String>)> = found
        .iter()
        .map(|d| (d.code.clone(), d.location.clone()))
        .collect();
    for location in ["mine.yaml:14:16", "mine.yaml:15:9", "mine.yaml:7:13"] {
        assert!(
            at.iter()
                .any(|(c, l)| c == "invalid-catalog" && l.as_deref() == Some(location)),
            "{location}: {at:?}"
        );
    }
    let human = site.run(&["catalogs", "--check", "mine.yaml"]);
    human.assert_code(1);
    assert!(
        human.stderr.contains("is not a valid catalog: 3 errors"),
        "{}",
        human.stderr
    );

    let good = site.run(&["catalogs", "--check", "good.yaml"]);
    good.assert_code(0);
    assert!(
        good.stdout.contains("1 numbered requirement")
            && good
                .stdout
                .contains("replaces the built-in catalog `iso9001-2015`"),
        "{}",
        good.stdout
    );
    site.run(&["catalogs", "--check", "missing.yaml"])
        .assert_code(2);
}
