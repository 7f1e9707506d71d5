//! `qmsbook check`: lints, formats, exit codes, levels, the baseline
//! comparison and the front-matter schema.

use crate::support::{SAMPLE_DATE, Site, commit_all, git, sample_handbook};

/// A handbook that trips every lint once.
const LINTY: &str = r#"
-- book.toml --
[book]
title = "Lints"
[standards.iso9001-2015.not-applicable]
"8.3" = "We do not design."
-- content/a.md --
---
id: SOP-001
title: Alpha
type: procedure
status: approved
effective: 2025-01-01
review_by: 2026-01-01
clauses: ["7.5", "8.3.1"]
---
Records are kept as appropriate. See [[SOP-002]] and [[SOP-003]].

## Empty section

## Full section

Text.
-- content/b.md --
---
id: SOP-002
title: Alpha
type: procedure
owner: Quality Manager
approved_by: Managing Director
status: approved
effective: 2025-01-01
---
See [[SOP-001]].
-- content/c.md --
---
id: SOP-003
title: Old
type: procedure
owner: Quality Manager
status: obsolete
---
Old text.
-- content/d.md --
---
id: SOP-004
title: Nobody links here
type: procedure
owner: Quality Manager
approved_by: Managing Director
status: approved
effective: 2025-01-01
---
-- content/e.md --
---
id: SOP-005
title: Tags another standard
type: procedure
owner: Quality Manager
approved_by: Managing Director
status: approved
effective: 2025-01-01
clauses: { iso14001-2015: ["6.1.2"] }
---
See [[SOP-001]].
"#;

#[test]
fn every_lint_fires_at_its_place() {
    let site = Site::new(LINTY);
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.assert_code(0);
    out.diag("review-overdue", "content/a.md:7:12");
    out.diag("no-owner", "content/a.md:2:5");
    out.diag("no-approver", "content/a.md:2:5");
    out.diag("broad-clause-tag", "content/a.md:8:11");
    out.diag("tag-not-applicable", "content/a.md:8:18");
    out.diag("vague-wording", "content/a.md:10:18");
    out.diag("link-to-obsolete", "content/a.md:10:54");
    out.diag("empty-section", "content/a.md:12:1");
    out.diag("duplicate-title", "content/b.md:2:5");
    out.diag("empty-document", "content/d.md:2:5");
    out.diag("orphan-document", "content/d.md:2:5");
    out.diag("standard-not-in-scope", "content/e.md:9:28");
    let missing = out.with_code("missing-documented-information").len();
    assert!(missing > 10, "{}", out.stdout);
    // The human output ends with the summary.
    let human = site.check(&["--today", "2026-06-01"]);
    human.assert_code(0);
    assert!(
        human.stderr.trim_end().ends_with("in 5 documents"),
        "{}",
        human.stderr
    );
    assert!(!site.out("index.html").exists(), "check writes nothing");
    assert!(!site.path("book").exists());

    // --deny warnings turns them into a failure.
    site.check(&["--today", "2026-06-01", "--deny", "warnings"])
        .assert_code(1);
}

#[test]
fn check_levels_allow_warn_and_deny() {
    let site = Site::new(&LINTY.replace(
        "[book]\ntitle = \"Lints\"\n",
        "[book]\ntitle = \"Lints\"\n[check]\nvague-wording = \"deny\"\nmissing-documented-information = \"allow\"\nvague-words = [\"records\"]\n",
    ));
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.assert_code(1);
    let vague = out.with_code("vague-wording");
    assert_eq!(vague.len(), 1, "only the configured word: {}", out.stdout);
    assert_eq!(vague[0].level, "error");
    assert_eq!(vague[0].location.as_deref(), Some("content/a.md:10:1"));
    assert!(
        !out.codes()
            .contains(&"missing-documented-information".to_string())
    );

    let bad = Site::new(&LINTY.replace(
        "[book]\ntitle = \"Lints\"\n",
        "[book]\ntitle = \"Lints\"\n[check]\nvage-wording = \"deny\"\n",
    ));
    let out = bad.check_json(&[]);
    out.assert_code(2);
    assert!(
        out.diag("config", "book.toml:4:1")
            .help()
            .contains("did you mean `vague-wording`")
    );
}

#[test]
fn json_output_follows_the_documented_schema() {
    let site = Site::new(LINTY);
    let out = site.check(&["--today", "2026-06-01", "--format", "json"]);
    out.assert_code(0);
    let items: serde_json::Value =
        serde_json::from_str(&out.stdout).expect("one JSON array on stdout");
    let items = items.as_array().expect("array");
    assert!(!items.is_empty());
    for item in items {
        let obj = item.as_object().expect("object");
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "file",
                "help",
                "line",
                "message",
                "severity"
            ]
        );
        assert!(["error", "warning", "note"].contains(&item["severity"].as_str().unwrap_or("")));
        if item["line"].is_u64() {
            assert!(item["end_line"].as_u64() >= item["line"].as_u64());
            assert!(item["file"].is_string());
        }
    }
    let overdue = items
        .iter()
        .find(|i| i["code"] == "review-overdue")
        .expect("review-overdue");
    assert_eq!(
        (
            overdue["file"].as_str(),
            overdue["line"].as_u64(),
            overdue["column"].as_u64()
        ),
        (Some("content/a.md"), Some(7), Some(12))
    );
}

#[test]
fn github_output_is_workflow_commands() {
    let site = Site::new(LINTY);
    let out = site.check(&["--today", "2026-06-01", "--format", "github"]);
    out.assert_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let (head, message) = line
            .split_once("::")
            .and_then(|(_, rest)| rest.split_once("::"))
            .expect("::command props::message");
        let (command, props) = head.split_once(' ').unwrap_or((head, ""));
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        assert!(!message.is_empty() && !message.contains('\n'));
        for prop in props.split(',') {
            let (k, v) = prop.split_once('=').expect("key=value");
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&k),
                "{line}"
            );
            assert!(!v.is_empty());
        }
    }
    assert!(lines.iter().any(|l| l.starts_with("::warning file=content/a.md,line=7,col=12,endLine=7,endColumn=22,title=review-overdue::")), "{}", out.stdout);
}

#[test]
fn exit_codes() {
    let clean = Site::new(
        "-- book.toml --\n[book]\ntitle = \"C\"\n[standards]\nin-scope = [\"iso27001-2022\"]\n-- content/a.md --\n---\nid: A-1\ntitle: A\ntype: procedure\nowner: Q\napproved_by: M\nstatus: approved\neffective: 2025-01-01\nclauses: [\"4.1\"]\n---\nText.\n-- content/index.md --\n[[A-1]]\n",
    );
    let out = clean.check(&["--today", "2026-06-01", "--deny", "warnings"]);
    out.assert_code(0);
    assert!(
        out.stderr.contains("0 errors, 0 warnings in 1 document"),
        "{}",
        out.stderr
    );
    clean.write("content/b.md", "---\nid: B-1\ntype: procedure\n---\n");
    clean.check(&["--today", "2026-06-01"]).assert_code(1);
    clean.write("book.toml", "[book]\ntitel = \"C\"\n");
    clean.check(&[]).assert_code(2);
    let usage = clean.run(&["check", ".", "--format", "xml"]);
    assert_eq!(usage.code, 2, "clap usage errors exit with 2");
}

#[test]
fn sample_handbook_passes_check_deny_warnings() {
    let site = sample_handbook();
    let out = site.check(&["--today", SAMPLE_DATE, "--deny", "warnings"]);
    out.assert_code(0);
    assert!(
        out.stderr.contains("0 errors, 0 warnings in 37 documents"),
        "{}",
        out.stderr
    );
}

/// When the baseline's commit is made; its date does not matter.
const BASE_DATE: &str = "2026-01-01T10:00:00Z";

#[test]
fn baseline_reports_a_lost_requirement_exactly() {
    let site = Site::new(
        "-- book.toml --\n[book]\ntitle = \"B\"\n[check]\nmissing-documented-information = \"allow\"\n-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nowner: Q\napproved_by: M\nstatus: approved\neffective: 2025-01-01\nclauses: [\"7.5.1\", \"7.5.2\"]\n---\nText.\n-- content/index.md --\n[[SOP-001]]\n",
    );
    git(&site, &["init", "-q", "-b", "main"], BASE_DATE);
    commit_all(&site, "base", BASE_DATE);
    site.write(
        "content/a.md",
        &std::fs::read_to_string(site.path("content/a.md"))
            .expect("read")
            .replace("\"7.5.1\", ", ""),
    );
    let out = site.check_json(&["--today", "2026-06-01", "--baseline", "HEAD"]);
    out.assert_code(0);
    let lost = out.with_code("coverage-lost");
    assert_eq!(lost.len(), 1, "{}", out.stdout);
    assert!(
        lost[0].message.contains("ISO 9001:2015 7.5.1")
            && lost[0].message.contains("(by SOP-001)")
            && lost[0].message.ends_with("is now gap"),
        "{:?}",
        lost[0]
    );
    assert_eq!(lost[0].location.as_deref(), Some("content/a.md:2:5"));
    assert!(
        out.diagnostics().iter().any(|d| d
            .message
            .contains("3.0% (2 of 66) at `HEAD`, 1.5% (1 of 66) now")),
        "{}",
        out.stdout
    );
    // The work tree is untouched and CI can deny the loss.
    assert!(
        std::fs::read_to_string(site.path("content/a.md"))
            .expect("read")
            .contains("[\"7.5.2\"]")
    );
    site.check(&[
        "--today",
        "2026-06-01",
        "--baseline",
        "HEAD",
        "--deny",
        "warnings",
    ])
    .assert_code(1);
    let bad = site.check(&["--baseline", "no-such-rev"]);
    bad.assert_code(2);
}

#[test]
fn schema_lists_types_clauses_and_ids() {
    let site = Site::new(LINTY);
    let out = site.run(&["schema", "."]);
    out.assert_code(0);
    let schema: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON schema");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        schema["required"],
        serde_json::json!(["id", "title", "type"])
    );
    let types = schema["properties"]["type"]["enum"]
        .as_array()
        .expect("types");
    assert!(types.contains(&serde_json::json!("procedure")));
    let clauses = &schema["properties"]["clauses"]["oneOf"][0]["items"]["enum"];
    assert!(
        clauses
            .as_array()
            .expect("ids")
            .contains(&serde_json::json!("7.5.3.2"))
    );
    assert!(
        schema["properties"]["supersedes"]["oneOf"][0]["enum"]
            .as_array()
            .expect("ids")
            .contains(&serde_json::json!("SOP-004"))
    );
}

/// Thousands of one warning must not bury the rest: the terminal shows the
/// first 20 of each code and sums up the others; `--verbose` and the JSON
/// format list all.
#[test]
fn the_terminal_shows_twenty_of_each_code_and_sums_up_the_rest() {
    let links: String = (1..=25)
        .map(|i| format!("See [[NOPE-{i:02}]].\n\n"))
        .collect();
    let site = crate::support::handbook(&format!(
        "-- content/a.md --\n{}",
        crate::support::doc("SOP-001", "Links", "procedure", &links)
    ));
    let out = site.check(&[]);
    let shown = out.stderr.matches("error[broken-link]").count();
    assert_eq!(shown, 20, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "… and 5 more `broken-link` errors; `--format json` lists all, `--verbose` shows all"
        ),
        "{}",
        out.stderr
    );
    // The first twenty in order: NOPE-01 … NOPE-20.
    assert!(out.stderr.contains("NOPE-20") && !out.stderr.contains("NOPE-21"));
    // The summary line still counts every problem.
    assert!(out.stderr.contains("25 errors"), "{}", out.stderr);

    let verbose = site.check(&["--verbose"]);
    assert_eq!(verbose.stderr.matches("error[broken-link]").count(), 25);
    assert!(!verbose.stderr.contains("more `broken-link`"));

    let json = site.check_json(&[]);
    let broken = json
        .diagnostics()
        .iter()
        .filter(|d| d.code == "broken-link")
        .count();
    assert_eq!(broken, 25);
}
