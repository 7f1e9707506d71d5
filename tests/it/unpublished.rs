//! The publishing rule for documents in preparation: a draft or in-review
//! document is not named anywhere in a default build (its ID, title and owner
//! appear in no page, export, index or feed; a count such as "1 document in
//! preparation" may), and is listed everywhere with `--drafts`. Also the
//! required documented information under an excluded clause: not applicable
//! on the page and in its exports, never a gap.

use crate::support::{Site, count, texts};

/// An approved procedure, a draft work instruction and an in-review form,
/// each with an owner nobody else has, tagging clauses that the matrix, the
/// clause pages, the gaps and the documented-information pages show; 8.3 is
/// excluded.
const FIXTURE: &str = r#"
-- book.toml --
[book]
title = "Unpublished fixture"
[standards.iso9001-2015.not-applicable]
"8.3" = "We do not design products."
[check]
missing-documented-information = "allow"
orphan-document = "allow"
-- content/index.md --
Home.
-- content/approved.md --
---
id: SOP-001
title: Approved procedure
type: procedure
owner: Quality Manager
approved_by: Director
status: approved
effective: 2026-01-01
clauses: ["7.1.5.1", "7.5.3.1"]
---
Text.
-- content/draft.md --
---
id: WI-777
title: Secret calibration draft
type: work-instruction
owner: Draft Owner Role
approved_by: Director
status: draft
effective: 2026-01-01
clauses: ["7.1.5.2", "7.5.3.1", "5.1.1.a"]
records:
  - id: REC-777
    title: Secret calibration log
    clauses: ["7.1.5.2"]
    retention: 5 years
    location: Lab
---
Text.
-- content/review.md --
---
id: FRM-888
title: Hidden review form
type: form
owner: Review Owner Role
approved_by: Director
status: in-review
effective: 2026-01-01
clauses: ["7.1.5.2"]
---
Text.
"#;

/// The record the draft declares, named nowhere either.
const RECORD_SECRETS: [&str; 2] = ["REC-777", "Secret calibration log"];

const SECRETS: [&str; 6] = [
    "WI-777",
    "Secret calibration draft",
    "Draft Owner Role",
    "FRM-888",
    "Hidden review form",
    "Review Owner Role",
];

/// Every text file of the built site, by path.
fn site_files(site: &Site) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![site.out("")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the site") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let rel = path
                    .strip_prefix(site.out(""))
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                out.push((rel, text));
            }
        }
    }
    out.sort();
    out
}

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.out(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_default_build_names_no_document_in_preparation_anywhere() {
    let site = Site::new(FIXTURE);
    site.build(&["--today", "2026-06-01"]).assert_code(0);

    let leaks: Vec<String> = site_files(&site)
        .iter()
        .flat_map(|(path, text)| {
            SECRETS
                .iter()
                .chain(&RECORD_SECRETS)
                .filter(|s| text.contains(*s))
                .map(move |s| format!("{path}: {s}"))
        })
        .collect();
    assert!(leaks.is_empty(), "named in a default build: {leaks:#?}");

    // The register, its CSV and the owners page list the approved document only.
    let register = site.html("register.html");
    assert_eq!(texts(&register, "#register tbody td a.doc-id"), ["SOP-001"]);
    let note = texts(&register, ".in-preparation").join(" ");
    assert!(note.contains("2 documents are in preparation"), "{note}");
    let csv = read(&site, "register.csv");
    assert_eq!(csv.lines().count(), 2, "header and SOP-001: {csv}");
    let owners = site.html("owners.html");
    assert_eq!(
        texts(&owners, "h2")
            .iter()
            .map(|h| h.split(" (").next().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["Quality Manager"]
    );

    // Coverage still counts them as planned, and says how many there are.
    let clause = site.html("clauses/iso9001-2015/7.1.5.2.html");
    assert_eq!(
        texts(&clause, ".refs .in-preparation"),
        ["2 documents in preparation"]
    );
    assert_eq!(count(&clause, ".cov-planned"), 1);
    let gaps = site.html("gaps.html");
    assert!(
        texts(&gaps, ".refs .in-preparation").contains(&"2 documents in preparation".to_string())
    );
    let matrix = site.html("coverage/iso9001-2015.html");
    assert!(count(&matrix, ".refs .in-preparation") >= 2);
    let export = site.json("coverage-iso9001-2015.json");
    let row = export["clauses"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == "7.5.3.1"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(row["status"], "addressed");
    assert_eq!(row["in_preparation"], 1);
    assert_eq!(row["documents"].as_array().map(Vec::len), Some(1));
    let required = site.json("documented-information.json");
    let calibration = required["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["reference"] == "7.1.5.2 a)"))
        .cloned()
        .unwrap_or_default();
    // A record to retain: the draft's record makes it planned, counted, not
    // named; documents tagging the clause are not records and are not listed.
    assert_eq!(calibration["status"], "planned");
    assert_eq!(calibration["records_in_preparation"], 1);
    assert_eq!(calibration["in_preparation"], 0);
    let records = site.html("records.html");
    assert_eq!(count(&records, "#records tbody tr"), 0);
    let note = texts(&records, ".in-preparation").join(" ");
    assert!(
        note.contains("1 record is governed by documents in preparation"),
        "{note}"
    );
}

#[test]
fn with_drafts_they_are_listed_everywhere() {
    let site = Site::new(FIXTURE);
    site.build(&["--today", "2026-06-01", "--drafts"])
        .assert_code(0);
    let register = site.html("register.html");
    assert_eq!(
        texts(&register, "#register tbody td a.doc-id"),
        ["SOP-001", "WI-777", "FRM-888"]
    );
    assert_eq!(count(&register, ".in-preparation"), 0);
    let csv = read(&site, "register.csv");
    for s in SECRETS {
        assert!(csv.contains(s), "{s} in register.csv: {csv}");
    }
    let owners = read(&site, "owners.html");
    for s in SECRETS {
        assert!(owners.contains(s), "{s} on owners.html");
    }
    let clause = site.html("clauses/iso9001-2015/7.1.5.2.html");
    let refs = texts(&clause, ".refs li").join(" | ");
    assert!(
        refs.contains("WI-777") && refs.contains("FRM-888"),
        "{refs}"
    );
    assert!(!refs.contains("in preparation"), "{refs}");
    let records = site.html("records.html");
    assert_eq!(texts(&records, "#records tbody td a.doc-id"), ["REC-777"]);
}

#[test]
fn required_items_under_an_excluded_clause_are_not_applicable_with_words_for_kinds() {
    let site = Site::new(FIXTURE);
    site.build(&["--today", "2026-06-01"]).assert_code(0);

    // The page: every 8.3 item is not applicable, none is a gap, and the
    // kind is in words.
    let page = site.html("documented-information.html");
    let design = texts(&page, "tr.row-not-applicable th a");
    assert!(
        design.iter().any(|r| r.starts_with("8.3")) && design.iter().all(|r| r.starts_with("8.3")),
        "{design:?}"
    );
    let gaps = texts(&page, "tr.row-gap th a");
    assert!(
        !gaps.iter().any(|r| r.starts_with("8.3")),
        "excluded items shown as gaps: {gaps:?}"
    );
    let html = read(&site, "documented-information.html");
    assert!(
        !html.contains("maintain_and_retain"),
        "raw kind on the page"
    );
    assert!(html.contains("document and record"));

    // The exports say the same.
    let csv = read(&site, "documented-information.csv");
    for line in csv.lines().filter(|l| l.starts_with("8.3")) {
        assert!(line.contains(",not applicable,"), "{line}");
    }
    assert!(!csv.contains("maintain_and_retain"));
    let json = site.json("documented-information.json");
    for item in json["items"].as_array().into_iter().flatten() {
        if item["clause"]
            .as_str()
            .is_some_and(|c| c.starts_with("8.3"))
        {
            assert_eq!(item["status"], "not-applicable", "{item}");
        }
    }

    // And so does the lint: with it denied, no 8.3 item is reported.
    site.write(
        "book.toml",
        &read_source(&site, "book.toml").replace(
            "missing-documented-information = \"allow\"",
            "missing-documented-information = \"deny\"",
        ),
    );
    let out = site.check_json(&["--today", "2026-06-01"]);
    let lint: Vec<String> = out
        .diagnostics()
        .iter()
        .filter(|d| d.code == "missing-documented-information")
        .map(|d| d.message.clone())
        .collect();
    assert!(!lint.is_empty());
    assert!(
        !lint.iter().any(|m| m.contains("8.3")),
        "the lint reports excluded items: {lint:#?}"
    );
    // The page's gaps are the lint's gaps.
    let from_json: Vec<String> = json["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["status"] == "gap" || i["status"] == "planned")
        .filter_map(|i| i["reference"].as_str().map(str::to_string))
        .collect();
    assert_eq!(lint.len(), from_json.len(), "{lint:#?} vs {from_json:?}");
}

fn read_source(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
