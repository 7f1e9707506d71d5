//! The approval record: `approved_on`, the revision log (`changes:`), the
//! last periodic review (`reviewed:`), their lints and errors, how a review
//! moves the next review date, and how pages and exports show them.

use crate::support::{Site, attrs, commit_all, count, git, handbook, sel, texts};

/// `book.toml` of these fixtures: the handbook-wide lints are allowed, the
/// approval lints are at their defaults.
const BOOK: &str = "[book]\ntitle = \"Approval\"\n[check]\nmissing-documented-information = \"allow\"\norphan-document = \"allow\"\n";

/// A procedure with a complete approval record: no approval lint fires.
const COMPLETE: &str = r#"---
id: SOP-001
title: Complete
type: procedure
owner: Quality Manager
approved_by: Managing Director
approved_on: 2026-02-20
revision: C
effective: 2026-03-01
status: approved
changes:
  - revision: B
    date: 2025-05-01
    summary: Second issue
    evidence: Form F-12, signed
  - revision: C
    date: 2026-02-01
    summary: Approval through pull requests
    approved_by: Managing Director
    approved_on: 2026-02-20
    evidence: https://git.example.com/qms/handbook/pulls/12
  - revision: A
    date: 2024-01-10
    summary: First issue
---
Text.
"#;

fn site_with(files: &[(&str, &str)]) -> Site {
    let site = handbook("");
    site.write("book.toml", BOOK);
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

const APPROVAL_CODES: [&str; 5] = [
    "missing-change-summary",
    "self-approved",
    "approver-not-allowed",
    "approved-after-effective",
    "change-log-mismatch",
];

#[test]
fn a_complete_record_raises_no_approval_lint() {
    let site = site_with(&[("content/a.md", COMPLETE)]);
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.assert_code(0);
    for code in APPROVAL_CODES {
        assert!(out.with_code(code).is_empty(), "{code}: {}", out.shown());
    }
}

#[test]
fn each_approval_lint_fires_at_its_place() {
    let site = site_with(&[
        // The current revision D is not in the log.
        (
            "content/a.md",
            "---\nid: SOP-001\ntitle: A\ntype: procedure\nowner: QM\napproved_by: MD\nrevision: D\nstatus: approved\nchanges:\n  - { revision: C, date: 2025-01-01, summary: Third issue }\n---\nText.\n",
        ),
        // Owner and approver are one role, written differently.
        (
            "content/b.md",
            "---\nid: SOP-002\ntitle: B\ntype: procedure\nowner: Quality Manager\napproved_by: ' quality manager'\nstatus: approved\n---\nText.\n",
        ),
        // Approved a week after it took effect.
        (
            "content/c.md",
            "---\nid: SOP-003\ntitle: C\ntype: procedure\nowner: QM\napproved_by: MD\neffective: 2026-03-01\napproved_on: 2026-03-08\nstatus: approved\n---\nText.\n",
        ),
        // The log's entry for the current revision names another approver and day.
        (
            "content/d.md",
            "---\nid: SOP-004\ntitle: D\ntype: procedure\nowner: QM\napproved_by: MD\napproved_on: 2026-02-20\nrevision: B\nstatus: approved\nchanges:\n  - revision: B\n    date: 2026-02-01\n    summary: S\n    approved_by: CEO\n    approved_on: 2026-02-21\n---\nText.\n",
        ),
    ]);
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.assert_code(0);
    let d = out.diag("missing-change-summary", "content/a.md:7:11");
    assert_eq!(d.level, "warning");
    assert!(d.message.contains("revision D"), "{}", d.message);
    assert!(d.help().contains("revision: D"), "{}", d.help());
    let d = out.diag("self-approved", "content/b.md:6:14");
    assert!(
        d.help().contains("self-approved = \"allow\""),
        "{}",
        d.help()
    );
    out.diag("approved-after-effective", "content/c.md:8:14");
    let mismatch = out.with_code("change-log-mismatch");
    assert_eq!(mismatch.len(), 2, "{}", out.shown());
    out.diag("change-log-mismatch", "content/d.md:14:18");
    out.diag("change-log-mismatch", "content/d.md:15:18");
    // Each fires once, for its own document only.
    for code in APPROVAL_CODES {
        let expected = match code {
            "change-log-mismatch" => 2,
            "approver-not-allowed" => 0, // no `approver-roles` configured
            _ => 1,
        };
        assert_eq!(
            out.with_code(code).len(),
            expected,
            "{code}: {}",
            out.shown()
        );
    }
}

#[test]
fn self_approval_can_be_allowed_per_handbook() {
    let doc = "---\nid: SOP-002\ntitle: B\ntype: procedure\nowner: MD\napproved_by: MD\nstatus: approved\n---\nText.\n";
    let site = site_with(&[("content/b.md", doc)]);
    assert_eq!(site.check_json(&[]).with_code("self-approved").len(), 1);
    site.write("book.toml", &format!("{BOOK}self-approved = \"allow\"\n"));
    let out = site.check_json(&[]);
    out.assert_code(0);
    assert!(out.with_code("self-approved").is_empty(), "{}", out.shown());
    site.write("book.toml", &format!("{BOOK}self-approved = \"deny\"\n"));
    assert_eq!(
        site.check_json(&[]).assert_code(1).errors()[0].code,
        "self-approved"
    );
}

#[test]
fn approver_roles_of_the_type_replace_the_handbook_s() {
    let book = r#"[book]
title = "Roles"
[check]
missing-documented-information = "allow"
orphan-document = "allow"
[documents]
approver-roles = ["Managing Director"]
[documents.types.procedure]
label = "Procedure"
approver-roles = ["Quality Manager", "Operations Manager"]
[documents.types.policy]
label = "Policy"
plural = "Policies"
"#;
    let doc = |id: &str, doc_type: &str, approver: &str| {
        format!(
            "---\nid: {id}\ntitle: {id}\ntype: {doc_type}\nowner: Someone\napproved_by: {approver}\nstatus: approved\n---\nText.\n"
        )
    };
    let site = handbook("");
    site.write("book.toml", book);
    site.write(
        "content/a.md",
        &doc("SOP-001", "procedure", "Quality Manager"),
    );
    site.write(
        "content/b.md",
        &doc("SOP-002", "procedure", "Managing Director"),
    );
    site.write(
        "content/c.md",
        &doc("POL-001", "policy", "managing director"),
    );
    site.write(
        "content/d.md",
        &doc("POL-002", "policy", "Operations Manger"),
    );
    let out = site.check_json(&[]);
    out.assert_code(0);
    let found = out.with_code("approver-not-allowed");
    assert_eq!(found.len(), 2, "{}", out.shown());
    let d = out.diag("approver-not-allowed", "content/b.md:6:14");
    assert!(
        d.message.contains("may not approve a procedure"),
        "{}",
        d.message
    );
    assert!(
        d.help().contains("`Quality Manager`, `Operations Manager`"),
        "{}",
        d.help()
    );
    let d = out.diag("approver-not-allowed", "content/d.md:6:14");
    assert!(d.help().contains("`Managing Director`"), "{}", d.help());
}

#[test]
fn require_change_log_asks_every_approved_document_for_one() {
    let doc = "---\nid: SOP-001\ntitle: A\ntype: procedure\nowner: QM\napproved_by: MD\nrevision: B\nstatus: approved\n---\nText.\n";
    let draft = "---\nid: SOP-002\ntitle: B\ntype: procedure\nowner: QM\nrevision: A\nstatus: draft\n---\nText.\n";
    let site = site_with(&[("content/a.md", doc), ("content/b.md", draft)]);
    assert!(
        site.check_json(&[])
            .with_code("missing-change-summary")
            .is_empty()
    );
    site.write(
        "book.toml",
        &BOOK.replace("[check]", "[documents]\nrequire-change-log = true\n[check]"),
    );
    let out = site.check_json(&[]);
    let d = out.diag("missing-change-summary", "content/a.md:7:11");
    assert!(d.help().contains("require-change-log"), "{}", d.help());
    assert_eq!(out.with_code("missing-change-summary").len(), 1);
}

#[test]
fn malformed_logs_and_reviews_are_errors_at_their_place() {
    let bad = r#"---
id: SOP-001
title: A
type: procedure
status: approved
approved_on: 2026/02/20
changes:
  - revision: A
    summary: First issue
  - revision: B
    date: 2026-02-30
    summary: Second
    evidense: https://example.com/1
  - just a sentence
reviewed:
  date: 2026-09-01
  by: QM
  outcome: unchanged
---
Text.
"#;
    let not_lists = "---\nid: SOP-002\ntitle: B\ntype: procedure\nchanges: \"rev B: new form\"\nreviewed: 2026-09-01\n---\nText.\n";
    let site = site_with(&[("content/a.md", bad), ("content/b.md", not_lists)]);
    let out = site.check_json(&[]);
    out.assert_code(1);
    let d = out.diag("invalid-date", "content/a.md:6:14");
    assert!(d.help().contains("2026-02-20"), "{}", d.help());
    let d = out.diag("invalid-front-matter", "content/a.md:8:5");
    assert!(
        d.message
            .contains("`changes` entry 1 is missing the required key `date`"),
        "{}",
        d.message
    );
    let d = out.diag("invalid-date", "content/a.md:11:11");
    assert!(
        d.message.contains("February 2026 has 28 days"),
        "{}",
        d.message
    );
    let d = out.diag("invalid-front-matter", "content/a.md:13:5");
    assert!(
        d.message.contains("unknown key `evidense`"),
        "{}",
        d.message
    );
    assert!(
        d.help().starts_with("did you mean `evidence`?"),
        "{}",
        d.help()
    );
    let d = out.diag("invalid-front-matter", "content/a.md:14:5");
    assert!(d.message.contains("must be a mapping"), "{}", d.message);
    let d = out.diag("invalid-front-matter", "content/a.md:18:12");
    assert!(
        d.message.contains("unknown review outcome `unchanged`"),
        "{}",
        d.message
    );
    let d = out.diag("invalid-front-matter", "content/b.md:5:10");
    assert!(
        d.message.contains("`changes` must be a list"),
        "{}",
        d.message
    );
    let d = out.diag("invalid-front-matter", "content/b.md:6:11");
    assert!(
        d.message.contains("`reviewed` must be a mapping"),
        "{}",
        d.message
    );
    // Known keys are not reported as unknown fields.
    assert!(out.with_code("unknown-field").is_empty(), "{}", out.shown());
    // The build refuses the same input and writes nothing.
    site.build(&[]).assert_code(1);
    assert!(!site.out("index.html").exists());
}

/// A procedure due for review on 2026-03-01 (12 months after it took effect).
fn due_for_review(reviewed: &str) -> String {
    format!(
        "---\nid: SOP-001\ntitle: Audit\ntype: procedure\nowner: QM\napproved_by: MD\nrevision: B\neffective: 2025-03-01\nstatus: approved\n{reviewed}---\nText.\n"
    )
}

#[test]
fn a_recorded_review_resets_the_next_review() {
    let book = BOOK.replace(
        "[check]",
        "[documents]\nreview-interval-months = 12\n[check]",
    );
    let site = site_with(&[("content/a.md", &due_for_review(""))]);
    site.write("book.toml", &book);
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.diag("review-overdue", "content/a.md:8:12");

    // Reviewed on 2026-02-25, nothing to change: next review 2027-02-25.
    site.write(
        "content/a.md",
        &due_for_review(
            "reviewed: { date: 2026-02-25, by: Quality Manager, outcome: no-change }\n",
        ),
    );
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    assert!(out.with_code("review-overdue").is_empty(), "{}", out.stderr);
    let page = site.html("doc/SOP-001.html");
    let control = texts(&page, ".control-block td").join(" | ");
    assert!(control.contains("2027-02-25"), "{control}");
    assert_eq!(
        texts(&page, ".control-block .last-review td"),
        ["2026-02-25 by Quality Manager: no change"]
    );
    let reviews = site.html("reviews.html");
    assert_eq!(
        texts(&reviews, ".recorded-reviews tbody tr td"),
        [
            "SOP-001 Audit",
            "B",
            "2026-02-25",
            "Quality Manager",
            "no change",
            "2027-02-25"
        ]
    );
    // A year on, the review counted from the recorded one is overdue, and
    // the warning points at the review's date; the reviews page shows it
    // beside the last review.
    let out = site.build(&["--today", "2027-03-10"]);
    let d = out.diag("review-overdue", "content/a.md:10:19");
    assert!(d.message.contains("2027-02-25"), "{}", d.message);
    let reviews = site.html("reviews.html");
    let due = texts(&reviews, "table:not(.recorded-reviews) tbody tr td");
    assert_eq!(due.len(), 5, "{due:?}");
    assert_eq!(due[4], "2026-02-25 by Quality Manager: no change");
}

#[test]
fn the_document_page_shows_the_approval_record_and_the_revision_log() {
    let site = site_with(&[("content/a.md", COMPLETE)]);
    git(&site, &["init", "-q", "-b", "main"], "2026-02-01T10:00:00Z");
    commit_all(&site, "Issue SOP-001 rev C", "2026-02-01T10:00:00Z");
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let page = site.html("doc/SOP-001.html");
    assert_eq!(
        texts(&page, ".control-block td.approval"),
        ["Managing Director, on 2026-02-20"]
    );
    assert_eq!(
        attrs(&page, ".control-block .approval-evidence a", "href"),
        ["https://git.example.com/qms/handbook/pulls/12"]
    );
    // The log newest first, the current revision marked.
    assert_eq!(
        texts(&page, ".revision-history tbody tr td:first-child"),
        ["C", "B", "A"]
    );
    assert_eq!(
        texts(&page, ".revision-history tbody tr:first-child td"),
        [
            "C",
            "2026-02-01",
            "Approval through pull requests",
            "Managing Director, 2026-02-20",
            "pull request 12"
        ]
    );
    // The link says what it is; the full address is its title.
    assert_eq!(
        attrs(&page, ".revision-history a", "title"),
        ["https://git.example.com/qms/handbook/pulls/12"]
    );
    assert_eq!(count(&page, ".revision-history tr.current-revision"), 1);
    // Evidence that is not a web address is text, not a link.
    assert_eq!(
        texts(
            &page,
            ".revision-history tbody tr:nth-child(2) td:last-child"
        ),
        ["Form F-12, signed"]
    );
    assert_eq!(count(&page, ".revision-history a"), 1);
    assert_eq!(
        texts(
            &page,
            ".revision-history tbody tr:nth-child(3) td:nth-child(4)"
        ),
        ["—"]
    );
    // Revision history comes before the history from git.
    let sections: Vec<String> = page
        .select(&sel(".doc-footer section"))
        .filter_map(|s| s.value().attr("class").map(str::to_string))
        .collect();
    assert_eq!(sections, ["backlinks", "revision-history", "history"]);
    assert_eq!(texts(&page, "#revisions-title"), ["Revision history"]);
    // The print page carries the log too.
    let print = site.html("print.html");
    assert_eq!(
        texts(&print, "#SOP-001 .revision-history tbody tr td:first-child"),
        ["C", "B", "A"]
    );
}

#[test]
fn evidence_that_is_not_a_web_address_is_never_a_link() {
    let doc = COMPLETE.replace(
        "https://git.example.com/qms/handbook/pulls/12",
        "\"javascript:alert(1)\"",
    );
    let site = site_with(&[("content/a.md", &doc)]);
    site.build(&[]).assert_code(0);
    let page = site.html("doc/SOP-001.html");
    assert_eq!(count(&page, ".approval-evidence a"), 0);
    assert_eq!(
        texts(&page, ".approval-evidence td"),
        ["javascript:alert(1)"]
    );
    assert_eq!(count(&page, ".revision-history a"), 0);
}

#[test]
fn the_register_exports_approval_and_review_columns() {
    let doc = COMPLETE.replace(
        "status: approved\n",
        "status: approved\nreviewed: { date: 2026-04-01, by: QM, outcome: revised }\n",
    );
    let site = site_with(&[("content/a.md", &doc)]);
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let csv = std::fs::read_to_string(site.out("register.csv")).expect("register.csv");
    let mut lines = csv.lines();
    let header = lines.next().expect("a header");
    assert!(
        header.ends_with(",approved_on,last_reviewed,review_outcome"),
        "{header}"
    );
    let row = lines.next().expect("a row");
    assert!(row.ends_with(",2026-02-20,2026-04-01,revised"), "{row}");
}

#[test]
fn the_schema_knows_the_approval_fields() {
    let site = site_with(&[("content/a.md", COMPLETE)]);
    let out = site.run(&["schema"]);
    out.assert_code(0);
    let schema: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let p = &schema["properties"];
    assert_eq!(p["approved_on"]["format"], "date");
    assert_eq!(
        p["changes"]["items"]["required"],
        serde_json::json!(["revision", "date", "summary"])
    );
    assert_eq!(
        p["reviewed"]["properties"]["outcome"]["enum"],
        serde_json::json!(["no-change", "revised"])
    );
}
