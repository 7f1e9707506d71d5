//! Records and required documented information kind by kind: records
//! declared under `records:` (errors and lints at their spans, anchors on the
//! governing page, `[[record:ID]]` links, the records register and its
//! exports), items to retain satisfied only by records, items to maintain and
//! retain needing both halves, conditional items marked not needed, and the
//! documented-information page, CSV and JSON agreeing.

use crate::support::{Site, attrs, count, texts};

const TODAY: &str = "2026-06-01";

/// `book.toml` with the lints about the handbook as a whole allowed, but
/// `missing-documented-information` at its default level.
const BOOK: &str = "[book]\ntitle = \"Records\"\n[standards.iso9001-2015.not-applicable]\n\"8.3\" = \"We build to customer drawings; customers hold design authority.\"\n[check]\norphan-document = \"allow\"\n";

/// An approved procedure: `id`, clause tags (a flow list) and more YAML.
fn procedure(id: &str, clauses: &str, more: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Procedure {id}\ntype: procedure\nowner: Quality Manager\napproved_by: Director\nstatus: approved\neffective: 2026-01-01\nclauses: {clauses}\n{more}---\n{body}\n"
    )
}

/// A handbook with `book` and `(path, text)` documents.
fn site(book: &str, docs: &[(&str, String)]) -> Site {
    let site = Site::empty();
    site.write("book.toml", book);
    site.write("content/index.md", "Home.\n");
    for (path, text) in docs {
        site.write(&format!("content/{path}"), text);
    }
    site
}

const TRAINING: &str = "records:\n  - id: REC-TRN\n    title: Training records\n    clauses: [\"7.2\"]\n    location: HR office\n    retention: Employment plus 6 years\n";

/// The item with this reference in `documented-information.json`.
fn item(json: &serde_json::Value, reference: &str) -> serde_json::Value {
    json["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["reference"] == reference))
        .cloned()
        .unwrap_or_else(|| panic!("no item {reference}"))
}

fn lint_messages(site: &Site) -> Vec<String> {
    site.check_json(&["--today", TODAY])
        .with_code("missing-documented-information")
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn a_procedure_alone_does_not_satisfy_a_record_item_its_record_does() {
    let without = site(
        BOOK,
        &[(
            "sop-003.md",
            procedure("SOP-003", "[\"7.2\"]", "", "Training."),
        )],
    );
    without.build(&["--today", TODAY]).assert_code(0);
    let json = without.json("documented-information.json");
    let competence = item(&json, "7.2 d)");
    assert_eq!(competence["status"], "gap");
    assert_eq!(competence["kind_label"], "record to retain");
    assert_eq!(
        competence["missing"],
        serde_json::json!(["record to retain"])
    );
    assert_eq!(competence["documents"], serde_json::json!([]));
    let lint = lint_messages(&without);
    let message = lint
        .iter()
        .find(|m| m.contains("7.2 d)"))
        .expect("the lint reports 7.2 d)");
    assert!(
        message.contains("requires a record to retain")
            && message.contains("SOP-003 tags the clause, but a document is not a record"),
        "{message}"
    );

    let with = site(
        BOOK,
        &[(
            "sop-003.md",
            procedure("SOP-003", "[\"7.2\"]", TRAINING, "Training."),
        )],
    );
    with.build(&["--today", TODAY]).assert_code(0);
    let json = with.json("documented-information.json");
    let competence = item(&json, "7.2 d)");
    assert_eq!(competence["status"], "satisfied");
    assert_eq!(competence["records"][0]["id"], "REC-TRN");
    assert_eq!(
        competence["records"][0]["url"],
        "doc/SOP-003.html#rec-REC-TRN"
    );
    assert!(!lint_messages(&with).iter().any(|m| m.contains("7.2 d)")));

    // The page links the record to its row on the governing page.
    let page = with.html("documented-information.html");
    assert!(
        attrs(&page, ".refs.records a", "href").contains(&"doc/SOP-003.html#rec-REC-TRN".into())
    );
    let doc = with.html("doc/SOP-003.html");
    assert_eq!(count(&doc, "section.governed-records tr#rec-REC-TRN"), 1);
    let row = texts(&doc, "tr#rec-REC-TRN td").join(" | ");
    assert!(
        row.contains("HR office") && row.contains("Employment plus 6 years"),
        "{row}"
    );

    // A record of a draft procedure is only planned.
    let draft = site(
        BOOK,
        &[(
            "sop-003.md",
            procedure("SOP-003", "[\"7.2\"]", TRAINING, "Training.")
                .replace("status: approved", "status: draft"),
        )],
    );
    draft.build(&["--today", TODAY]).assert_code(0);
    let json = draft.json("documented-information.json");
    assert_eq!(item(&json, "7.2 d)")["status"], "planned");
    assert_eq!(item(&json, "7.2 d)")["records_in_preparation"], 1);
}

#[test]
fn a_document_of_a_record_type_is_a_record_not_a_document() {
    let minutes = "---\nid: REC-MR-2026\ntitle: Management review minutes 2026\ntype: record\nowner: Managing Director\napproved_by: Managing Director\nstatus: approved\neffective: 2026-03-01\nclauses: [\"9.3.3\", \"6.2.1\"]\n---\nMinutes.\n";
    let s = site(BOOK, &[("minutes.md", minutes.to_string())]);
    s.build(&["--today", TODAY]).assert_code(0);
    let json = s.json("documented-information.json");
    assert_eq!(item(&json, "9.3.3")["status"], "satisfied");
    assert_eq!(
        item(&json, "9.3.3")["records"][0]["url"],
        "doc/REC-MR-2026.html"
    );
    assert_eq!(
        item(&json, "6.2.1")["status"],
        "gap",
        "a record is not the objectives"
    );
    let register = s.html("records.html");
    assert_eq!(texts(&register, "#records tbody a.doc-id"), ["REC-MR-2026"]);
}

#[test]
fn maintain_and_retain_says_which_half_is_missing() {
    let plan = procedure("SOP-010", "[\"8.1\"]", "", "Planning.");
    let s = site(BOOK, &[("sop-010.md", plan.clone())]);
    s.build(&["--today", TODAY]).assert_code(0);
    let both = item(&s.json("documented-information.json"), "8.1 e)");
    assert_eq!(both["kind_label"], "document and record");
    assert_eq!(both["status"], "gap");
    assert_eq!(both["missing"], serde_json::json!(["record to retain"]));
    assert_eq!(both["documents"][0]["id"], "SOP-010");
    let lint = lint_messages(&s);
    let message = lint.iter().find(|m| m.contains("8.1 e)")).expect("8.1 e)");
    assert!(
        message.contains("requires a document to maintain and a record to retain")
            && message.contains("the record to retain is missing")
            && !message.contains("the document to maintain"),
        "{message}"
    );

    // The record alone (declared by a procedure that tags another clause).
    let router = procedure(
        "SOP-011",
        "[\"8.6\"]",
        "records:\n  - { id: REC-JOB, title: Job travellers, clauses: [\"8.1\"], system: ERP, retention: 10 years }\n",
        "Release.",
    );
    let s = site(BOOK, &[("sop-011.md", router.clone())]);
    s.build(&["--today", TODAY]).assert_code(0);
    let both = item(&s.json("documented-information.json"), "8.1 e)");
    assert_eq!(both["missing"], serde_json::json!(["document to maintain"]));
    let page = s.html("documented-information.html");
    assert!(
        texts(&page, ".missing")
            .iter()
            .any(|t| t == "Missing: document to maintain"),
        "{:?}",
        texts(&page, ".missing")
    );

    let s = site(BOOK, &[("sop-010.md", plan), ("sop-011.md", router)]);
    s.build(&["--today", TODAY]).assert_code(0);
    let both = item(&s.json("documented-information.json"), "8.1 e)");
    assert_eq!(both["status"], "satisfied");
    assert_eq!(both["missing"], serde_json::json!([]));
}

#[test]
fn a_conditional_item_not_needed_is_shown_with_its_reason_and_never_satisfied() {
    let book = format!(
        "{BOOK}[documented-information.not-needed]\n\"7.1.5.2 a)\" = \"All calibration is traceable to national standards.\"\n"
    );
    let s = site(&book, &[]);
    s.build(&["--today", TODAY]).assert_code(0);
    let json = s.json("documented-information.json");
    let calibration = item(&json, "7.1.5.2 a)");
    assert_eq!(calibration["status"], "not-needed");
    assert_eq!(calibration["status_label"], "not needed");
    assert_eq!(
        calibration["not_needed"],
        "All calibration is traceable to national standards."
    );
    assert_eq!(json["summary"]["not_needed"], 1);
    assert_eq!(json["summary"]["satisfied"], 0);
    let page = s.html("documented-information.html");
    assert_eq!(
        texts(&page, ".not-needed"),
        ["Not needed: All calibration is traceable to national standards."]
    );
    let lint = lint_messages(&s);
    assert!(!lint.is_empty());
    assert!(!lint.iter().any(|m| m.contains("7.1.5.2")), "{lint:#?}");
    // Without the entry, the lint reports it and names the table.
    let lint = lint_messages(&site(BOOK, &[]));
    assert!(lint.iter().any(|m| m.contains("7.1.5.2 a)")));
}

#[test]
fn not_needed_keys_and_reasons_are_checked() {
    let book = format!(
        "{BOOK}[documented-information.not-needed]\n\"8.5.33\" = \"Typo.\"\n\"7.2 d)\" = \"We are too small.\"\n\"8.5.3\" = \"  \"\n"
    );
    let s = site(&book, &[]);
    let out = s.check_json(&["--today", TODAY]);
    out.assert_code(2);
    let typo = out.diag("config", "book.toml:8:1");
    assert!(typo.message.contains("`8.5.33`"), "{}", typo.message);
    assert!(
        typo.help().contains("did you mean \"8.5.3\""),
        "{}",
        typo.help()
    );
    let unconditional = out.diag("config", "book.toml:9:1");
    assert!(
        unconditional.message.contains("required without condition"),
        "{}",
        unconditional.message
    );
    let empty = out.diag("missing-justification", "book.toml:10:1");
    assert!(empty.message.contains("8.5.3"), "{}", empty.message);
}

#[test]
fn the_register_and_its_exports_list_published_records() {
    let s = site(
        BOOK,
        &[
            (
                "sop-003.md",
                procedure("SOP-003", "[\"7.2\"]", TRAINING, "Training."),
            ),
            (
                "sop-009.md",
                procedure(
                    "SOP-009",
                    "[\"8.4.1\"]",
                    "records:\n  - id: REC-SEV\n    title: \"Supplier evaluations, approved list\"\n    clauses: [\"8.4.1\"]\n    system: ERP\n    retention: 6 years after last order\n    disposal: Deleted\n    protection: Backed up nightly\n    access: Buyers\n",
                    "Buying.",
                ),
            ),
            (
                "wi-009.md",
                procedure(
                    "WI-009",
                    "[\"8.5.2\"]",
                    "records:\n  - { id: REC-SECRET, title: Hidden draft log, retention: 1 year, location: Shelf }\n",
                    "Draft.",
                )
                .replace("status: approved", "status: draft"),
            ),
        ],
    );
    s.build(&["--today", TODAY]).assert_code(0);
    let register = s.html("records.html");
    assert_eq!(
        texts(&register, "#records tbody td a.doc-id"),
        ["REC-SEV", "REC-TRN"]
    );
    assert_eq!(
        attrs(&register, "#records tbody td a.doc-id", "href"),
        [
            "doc/SOP-009.html#rec-REC-SEV",
            "doc/SOP-003.html#rec-REC-TRN"
        ]
    );
    assert!(
        texts(&register, ".in-preparation")
            .join(" ")
            .contains("1 record is governed by documents in preparation")
    );
    let csv = std::fs::read_to_string(s.out("records.csv")).expect("records.csv");
    assert_eq!(
        csv,
        "id,title,source,governing_document,clauses,location,system,retention,disposal,protection,access,url\n\
         REC-SEV,\"Supplier evaluations, approved list\",declared,SOP-009,8.4.1,,ERP,6 years after last order,Deleted,Backed up nightly,Buyers,doc/SOP-009.html#rec-REC-SEV\n\
         REC-TRN,Training records,declared,SOP-003,7.2,HR office,,Employment plus 6 years,,,,doc/SOP-003.html#rec-REC-TRN\n"
    );
    let json = s.json("records.json");
    assert_eq!(json["schema"], "qmsbook-records/1");
    assert_eq!(json["in_preparation"], 1);
    assert_eq!(json["records"][1]["governing_id"], "SOP-003");
    let all = [
        std::fs::read_to_string(s.out("records.html")).unwrap_or_default(),
        csv,
        json.to_string(),
    ];
    assert!(
        all.iter()
            .all(|t| !t.contains("REC-SECRET") && !t.contains("Hidden draft log"))
    );
    // The sidebar links the register.
    let home = s.html("index.html");
    assert!(
        attrs(&home, "a", "href")
            .iter()
            .any(|h| h == "records.html")
    );
}

#[test]
fn record_links_lead_to_the_anchor_and_broken_ones_suggest_the_record() {
    let s = site(
        BOOK,
        &[
            (
                "sop-003.md",
                procedure("SOP-003", "[\"7.2\"]", TRAINING, "Training."),
            ),
            (
                "sop-001.md",
                procedure(
                    "SOP-001",
                    "[\"7.5.3.2\"]",
                    "",
                    "Kept as [[record:REC-TRN]] and [[record:REC-TRN|the training file]].",
                ),
            ),
        ],
    );
    s.build(&["--today", TODAY]).assert_code(0);
    let page = s.html("doc/SOP-001.html");
    let hrefs = attrs(&page, ".prose a", "href");
    assert_eq!(
        hrefs,
        [
            "../doc/SOP-003.html#rec-REC-TRN",
            "../doc/SOP-003.html#rec-REC-TRN"
        ]
    );
    assert_eq!(
        texts(&page, ".prose a"),
        ["REC-TRN Training records", "the training file"]
    );
    // A record link counts as a link to the governing document.
    let governing = s.html("doc/SOP-003.html");
    assert_eq!(texts(&governing, ".backlinks a .doc-id"), ["SOP-001"]);

    s.write(
        "content/sop-001.md",
        &procedure(
            "SOP-001",
            "[\"7.5.3.2\"]",
            "",
            "Kept as [[record:REC-TRM]] and [[record:SOP-003]].",
        ),
    );
    let out = s.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let typo = out.diag("broken-link", "content/sop-001.md:11:9");
    assert_eq!(typo.message, "no record has the ID `REC-TRM`");
    assert!(
        typo.help().contains("did you mean `[[record:REC-TRN]]`?"),
        "{}",
        typo.help()
    );
    let document = out.diag("broken-link", "content/sop-001.md:11:32");
    assert!(
        document
            .help()
            .contains("`SOP-003` is a document, not a record"),
        "{}",
        document.help()
    );
}

#[test]
fn malformed_records_are_errors_at_their_spans() {
    let s = site(
        BOOK,
        &[
            (
                "sop-003.md",
                procedure(
                    "SOP-003",
                    "[\"7.2\"]",
                    "records:\n  - id: REC-TRN\n    title: Training\n    retension: 6 years\n    location: HR\n  - id: SOP-009\n    title: Clash\n  - id: \"bad id\"\n    title: Space\n  - just text\n",
                    "Training.",
                ),
            ),
            (
                "sop-009.md",
                procedure(
                    "SOP-009",
                    "[\"8.4.1\"]",
                    "records:\n  - { id: rec-trn, title: Again, retention: 1 year, location: Desk }\n",
                    "Buying.",
                ),
            ),
            (
                "sop-010.md",
                procedure("SOP-010", "[\"8.1\"]", "records: REC-1\n", "Planning."),
            ),
        ],
    );
    let out = s.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let unknown = out.diag("invalid-front-matter", "content/sop-003.md:13:5");
    assert!(unknown.message.contains("unknown key `retension`"));
    assert!(unknown.help().contains("did you mean `retention`?"));
    let clash = out.diag("duplicate-id", "content/sop-003.md:15:9");
    assert!(
        clash
            .message
            .contains("is the ID of the document `SOP-009`"),
        "{}",
        clash.message
    );
    let bad = out.diag("invalid-id", "content/sop-003.md:17:9");
    assert!(
        bad.message.contains("record ID `bad id`"),
        "{}",
        bad.message
    );
    let not_a_map = out.diag("invalid-front-matter", "content/sop-003.md:19:5");
    assert!(not_a_map.message.contains("must be a mapping"));
    let twice = out.diag("duplicate-id", "content/sop-009.md:11:11");
    assert!(
        twice
            .message
            .contains("already used by a record of SOP-003 (content/sop-003.md:11:9)"),
        "{}",
        twice.message
    );
    let not_a_list = out.diag("invalid-front-matter", "content/sop-010.md:10:10");
    assert!(not_a_list.message.contains("must be a list"));
    // Editors learn the keys from `qmsbook schema`.
    let schema: serde_json::Value =
        serde_json::from_str(&s.run(&["schema", "."]).stdout).expect("schema");
    let record = &schema["properties"]["records"]["items"];
    assert_eq!(record["required"], serde_json::json!(["id", "title"]));
    assert_eq!(record["additionalProperties"], false);
    assert!(record["properties"]["retention"].is_object());
}

#[test]
fn records_without_retention_or_location_are_warned_about_at_the_record() {
    let s = site(
        BOOK,
        &[(
            "sop-003.md",
            procedure(
                "SOP-003",
                "[\"7.2\"]",
                "records:\n  - id: REC-TRN\n    title: Training\n  - id: REC-AWR\n    title: Awareness\n    system: HR database\n    retention: 3 years\n",
                "Training.",
            ),
        )],
    );
    let out = s.check_json(&["--today", TODAY]);
    out.assert_code(0);
    let retention = out.diag("record-without-retention", "content/sop-003.md:11:9");
    assert!(retention.message.contains("REC-TRN"));
    assert!(retention.help().contains("retention:"));
    let location = out.diag("record-without-location", "content/sop-003.md:11:9");
    assert!(location.help().contains("location:"));
    assert_eq!(out.with_code("record-without-retention").len(), 1);
    assert_eq!(
        out.with_code("record-without-location").len(),
        1,
        "a system is a place"
    );
    // Deny turns them into errors.
    s.write(
        "book.toml",
        &format!("{BOOK}record-without-retention = \"deny\"\n"),
    );
    s.check_json(&["--today", TODAY]).assert_code(1);
}

#[test]
fn the_page_and_its_exports_agree_on_the_sample() {
    let s = crate::support::sample_handbook();
    s.build(&["--today", crate::support::SAMPLE_DATE])
        .assert_code(0);
    let json = s.json("documented-information.json");
    let items = json["items"].as_array().cloned().unwrap_or_default();
    let csv = std::fs::read_to_string(s.out("documented-information.csv")).expect("csv");
    let page = s.html("documented-information.html");
    let rows = texts(&page, "tbody tr th a");
    assert_eq!(rows.len(), items.len());
    assert_eq!(csv.lines().count(), items.len() + 1);
    for status in [
        "satisfied",
        "planned",
        "gap",
        "not applicable",
        "not needed",
    ] {
        let in_json = items.iter().filter(|i| i["status_label"] == status).count();
        let in_csv = csv
            .lines()
            .skip(1)
            .filter(|l| l.contains(&format!(",{status},")))
            .count();
        let class = match status {
            "satisfied" => ".cov-addressed",
            "not applicable" | "not needed" => ".cov-not-applicable",
            other => &format!(".cov-{other}"),
        };
        let on_page = texts(&page, &format!("tbody {class}"))
            .iter()
            .filter(|t| t.ends_with(status))
            .count();
        assert_eq!(
            (in_json, in_csv, on_page),
            (in_json, in_json, in_json),
            "{status}"
        );
    }
    // The sample: every item is satisfied, not applicable (8.3) or not needed.
    assert_eq!(json["summary"]["gaps"], 0);
    assert_eq!(json["summary"]["planned"], 0);
    assert_eq!(json["summary"]["not_needed"], 1);
    assert_eq!(json["summary"]["not_applicable"], 5);
    let summary = texts(&page, ".summary-line").join(" ");
    assert!(
        summary.starts_with(&format!(
            "{} items: {} satisfied, 0 planned, 0 gaps, 5 not applicable, 1 not needed.",
            items.len(),
            json["summary"]["satisfied"]
        )),
        "{summary}"
    );
    // Every record item names records, never a procedure.
    for i in items
        .iter()
        .filter(|i| i["kind"] == "retain" && i["status"] == "satisfied")
    {
        assert_eq!(i["documents"], serde_json::json!([]), "{i}");
        assert!(
            i["records"].as_array().is_some_and(|r| !r.is_empty()),
            "{i}"
        );
    }
    let records = s.html("records.html");
    assert!(count(&records, "#records tbody tr") >= 15);
}
