//! Exclusions with governance: an exclusion outside ISO 9001 clause 8 and
//! 7.1.5 is unusual, every exclusion must be referenced from the scope
//! statement (the document tagged 4.3), and `check --baseline` reports
//! exclusions added, removed and reworded with what each did to the figure.

use crate::support::{Site, commit_all, git};

const BOOK: &str = "[book]\ntitle = \"Exclusions\"\n[check]\nmissing-documented-information = \"allow\"\n\n[standards.iso9001-2015.not-applicable]\n\"8.3\" = \"We build to customer drawings; customers hold design authority.\"\n";

const SCOPE: &str = "---\nid: QM-001\ntitle: Quality manual\ntype: manual\nowner: QM\napproved_by: MD\nstatus: approved\neffective: 2025-01-01\nclauses: [\"4.3\"]\n---\n## Scope\n\nDesign and development ([[clause:8.3]]) does not apply: see the justification.\n";

const USER: &str = "---\nid: SOP-001\ntitle: Tools\ntype: procedure\nowner: QM\napproved_by: MD\nstatus: approved\neffective: 2025-01-01\nclauses: [\"7.1.6\"]\n---\nSee [[QM-001]].\n";

fn site(book: &str) -> Site {
    let site = Site::empty();
    site.write("book.toml", book);
    site.write("content/qm.md", SCOPE);
    site.write("content/sop.md", USER);
    site.write("content/index.md", "[[QM-001]] [[SOP-001]]\n");
    site
}

#[test]
fn a_referenced_exclusion_in_clause_8_is_quiet() {
    let out = site(BOOK).check_json(&["--today", "2026-06-01"]);
    out.assert_code(0);
    for code in ["unusual-exclusion", "exclusion-not-in-scope"] {
        assert!(out.with_code(code).is_empty(), "{code}: {}", out.shown());
    }
}

#[test]
fn an_unusual_exclusion_and_one_the_scope_does_not_mention_are_warned_at_their_lines() {
    let book = format!(
        "{BOOK}\"7.1.6\" = \"We do not need it.\"\n\"8.5.3\" = \"No customer property.\"\n"
    );
    let out = site(&book).check_json(&["--today", "2026-06-01"]);
    let d = out.diag("unusual-exclusion", "book.toml:8:1");
    assert!(d.message.contains("7.1.6"), "{}", d.message);
    assert_eq!(
        out.with_code("unusual-exclusion").len(),
        1,
        "{}",
        out.shown()
    );
    let missing: Vec<String> = out
        .with_code("exclusion-not-in-scope")
        .into_iter()
        .map(|d| d.location.unwrap_or_default())
        .collect();
    assert_eq!(missing, ["book.toml:8:1", "book.toml:9:1"]);
    let d = out.diag("exclusion-not-in-scope", "book.toml:9:1");
    assert!(
        d.message.contains("(QM-001, tagged 4.3)") && d.help().contains("[[clause:8.5.3]]"),
        "{d:?}"
    );
    // `--deny warnings` fails the check.
    site(&book)
        .check(&["--today", "2026-06-01", "--deny", "warnings"])
        .assert_code(1);
}

#[test]
fn baseline_reports_exclusion_changes_with_the_figure() {
    let before = format!("{BOOK}\"8.5.3\" = \"No customer property.\"\n");
    let site = site(&before);
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    commit_all(&site, "base", "2026-01-01T10:00:00Z");
    let after = BOOK.replace(
        "customers hold design authority.",
        "the customer holds design authority.",
    ) + "\"7.1.6\" = \"We do not need it.\"\n";
    site.write("book.toml", &after);
    let out = site.check_json(&["--today", "2026-06-01", "--baseline", "HEAD"]);
    let added = out.diag("exclusion-added", "book.toml:8:1");
    let summary = out.with_code("coverage-summary");
    assert_eq!(summary.len(), 1);
    // SOP-001 addresses 7.1.6: excluding it removes one addressed requirement.
    assert!(
        added.message.contains(
            "ISO 9001:2015: exclusion of 7.1.6 added since `HEAD` (\"We do not need it.\"): 7.1.6 (was addressed) no longer counted; coverage "
        ),
        "{}",
        added.message
    );
    let reworded = out.diag("exclusion-reworded", "book.toml:7:1");
    assert!(
        reworded.message.contains("coverage unchanged"),
        "{}",
        reworded.message
    );
    let removed = out.with_code("exclusion-removed");
    assert_eq!(removed.len(), 1, "{}", out.shown());
    assert!(
        removed[0]
            .message
            .contains("exclusion of 8.5.3 removed since `HEAD`")
            && removed[0]
                .message
                .contains("8.5.3 (now a gap) counted again"),
        "{}",
        removed[0].message
    );
    // The figures in the notes are the ones the summary reports.
    let now = summary[0]
        .message
        .rsplit(", ")
        .next()
        .and_then(|s| s.split('%').next())
        .unwrap_or("")
        .to_string();
    assert!(
        removed[0].message.ends_with(&format!("→ {now}%")),
        "{} / {}",
        removed[0].message,
        summary[0].message
    );
}
