//! Management review (ISO 9001 9.3): review records and their front matter
//! (errors at their spans), the four lints, `management-review.html` with
//! the action tracker, the review on its record's page, the home card, and
//! `qmsbook review-pack` with and without git history.

use crate::support::{
    Site, attrs, commit_all, count, git, handbook, head_hash, sample_handbook, texts,
};

const TODAY: &str = "2026-06-01";

/// A review record: `id`, its date, status and more front matter.
fn review(id: &str, date: &str, status: &str, more: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Review {id}\ntype: management-review\nowner: Quality Manager\napproved_by: Managing Director\nstatus: {status}\ndate: {date}\nchair: Managing Director\n{more}---\nMinutes.\n"
    )
}

/// An approved procedure tagging `clauses` (a YAML flow list).
fn procedure(id: &str, revision: &str, status: &str, clauses: &str, more: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Procedure {id}\ntype: procedure\nowner: Quality Manager\napproved_by: Managing Director\nrevision: {revision}\nstatus: {status}\neffective: 2026-01-01\nclauses: {clauses}\n{more}---\nText.\n"
    )
}

const ALL_INPUTS: &str = "covers: [a, b, c, d, e, f]\n";

#[test]
fn every_lint_on_a_fixture() {
    let site = handbook("");
    site.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[management-review]\ninterval-months = 6\n[check]\nmissing-documented-information = \"allow\"\norphan-document = \"allow\"\n",
    );
    site.write(
        "content/mr-1.md",
        &review(
            "MR-1",
            "2025-10-01",
            "approved",
            "covers: [a, c1, c2, c3, c4, c5, c6, d, e]\nactions:\n  - { id: MR-1-A1, title: Late, owner: QM, due: 2026-01-31 }\n  - { id: MR-1-A2, title: Nobody, due: 2026-12-31 }\n  - { id: MR-1-A3, title: Done, due: 2025-12-31, status: done, closed_on: 2025-12-01 }\n",
        ),
    );
    site.write(
        "content/mr-2.md",
        &review(
            "MR-2",
            "2025-11-15",
            "approved",
            "actions: [{ id: MR-2-A1, title: Fine, owner: QM, due: 2026-12-01 }]\n",
        ),
    );
    // A draft (an agenda) is not a review: not checked for inputs, its actions not tracked.
    site.write(
        "content/mr-3.md",
        &review(
            "MR-3",
            "2026-06-20",
            "draft",
            "actions: [{ id: MR-3-A1, title: Planned, due: 2020-01-01 }]\n",
        ),
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(0);
    let found: Vec<(String, String)> = out
        .diagnostics()
        .into_iter()
        .filter(|d| d.level != "note")
        .map(|d| (d.code, d.location.unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            ("review-input-missing", "content/mr-1.md:10:1"),
            ("action-overdue", "content/mr-1.md:12:49"),
            ("action-unowned", "content/mr-1.md:13:11"),
            ("review-input-missing", "content/mr-2.md:2:5"),
            ("management-review-overdue", "content/mr-2.md:8:7"),
        ]
        .map(|(c, l)| (c.to_string(), l.to_string())),
        "{}",
        out.stdout
    );
    let missing = out.diag("review-input-missing", "content/mr-1.md:10:1");
    assert!(
        missing.message.contains("does not cover the inputs b (changes in external and internal issues), c7 (performance of external providers), f (opportunities for improvement)"),
        "{}",
        missing.message
    );
    assert!(
        missing.help().contains("add b, c7, f to `covers`"),
        "{}",
        missing.help()
    );
    let unlisted = out.diag("review-input-missing", "content/mr-2.md:2:5");
    assert!(unlisted.help().contains("add `covers: [a, b, c, d, e, f]`"));
    let overdue = out.diag("management-review-overdue", "content/mr-2.md:8:7");
    assert!(
        overdue
            .message
            .contains("more than 6 months before 2026-06-01: the next one was due on 2026-05-15"),
        "{}",
        overdue.message
    );
    // Inside the interval, and with every input covered: nothing.
    site.write(
        "content/mr-2.md",
        &review("MR-2", "2026-01-15", "approved", ALL_INPUTS),
    );
    let out = site.check_json(&["--today", TODAY]);
    assert!(out.with_code("management-review-overdue").is_empty());
    assert_eq!(out.with_code("review-input-missing").len(), 1);
    // Levels apply as to every lint.
    let denied = site.check(&["--today", TODAY, "--deny", "warnings"]);
    denied.assert_code(1);
}

#[test]
fn front_matter_errors_are_reported_where_they_are() {
    let site = handbook("");
    site.write(
        "content/mr-1.md",
        &review(
            "MR-1",
            "2026-01-10",
            "approved",
            "covers: [a, b, c9, f]\ndecisions:\n  a: [Keep]\n  d: [Nothing]\nactions:\n  - { id: A1, title: One, owner: QM, due: 2026-02-30 }\n  - { id: A2, title: Two, owner: QM, due: 2026-03-01, status: closed }\n  - { id: A3, title: Three, owner: QM }\n  - { id: A4, title: Four, owner: QM, due: 2026-03-01, closed_on: 2026-02-01 }\n  - { id: A5, title: Five, owner: QM, due: 2026-03-01, onwer: X }\n",
        ),
    );
    site.write(
        "content/mr-2.md",
        &review(
            "MR-2",
            "2026-02-10",
            "approved",
            "actions: [{ id: a5, title: Again, owner: QM, due: 2026-09-01 }]\n",
        ),
    );
    site.write(
        "content/mr-3.md",
        "---\nid: MR-3\ntitle: No date\ntype: management-review\nstatus: approved\n---\nMinutes.\n",
    );
    site.write(
        "content/sop-1.md",
        &procedure(
            "SOP-1",
            "A",
            "approved",
            "[\"7.5.1\"]",
            "chair: Managing Director\n",
        ),
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let found: Vec<(String, String)> = out
        .diagnostics()
        .into_iter()
        .filter(|d| {
            d.level != "note" && !d.code.starts_with("review-input") && d.code != "action-overdue"
        })
        .map(|d| (d.code, d.location.unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            ("invalid-front-matter", "content/mr-1.md:10:16"),
            ("invalid-front-matter", "content/mr-1.md:13:3"),
            ("invalid-date", "content/mr-1.md:15:43"),
            ("invalid-front-matter", "content/mr-1.md:16:63"),
            ("invalid-front-matter", "content/mr-1.md:17:7"),
            ("invalid-front-matter", "content/mr-1.md:18:67"),
            ("invalid-front-matter", "content/mr-1.md:19:56"),
            ("duplicate-id", "content/mr-2.md:10:17"),
            ("invalid-front-matter", "content/mr-3.md:4:7"),
            ("unknown-field", "content/sop-1.md:11:1"),
        ]
        .map(|(c, l)| (c.to_string(), l.to_string())),
        "{}",
        out.stdout
    );
    let by_location = |l: &str| {
        out.diagnostics()
            .into_iter()
            .find(|d| d.location.as_deref() == Some(l))
            .expect("a diagnostic")
    };
    assert!(
        by_location("content/mr-1.md:10:16")
            .help()
            .contains("the inputs are a, b, c, c1, c2")
    );
    assert!(
        by_location("content/mr-1.md:13:3")
            .message
            .contains("`d` in `decisions` is not a management review output")
    );
    assert!(
        by_location("content/mr-1.md:16:63")
            .message
            .contains("`closed`, which is not one of open, done")
    );
    assert!(
        by_location("content/mr-1.md:17:7")
            .message
            .contains("missing the required key `due`")
    );
    assert!(
        by_location("content/mr-1.md:18:67")
            .message
            .contains("`closed_on` but its status is open")
    );
    assert!(
        by_location("content/mr-1.md:19:56")
            .help()
            .contains("did you mean `owner`?")
    );
    assert!(
        by_location("content/mr-2.md:10:17")
            .message
            .contains("already used by an action of MR-1 (content/mr-1.md:19:11)")
    );
    assert!(
        by_location("content/mr-3.md:4:7")
            .message
            .contains("has no `date`")
    );
    assert!(
        by_location("content/sop-1.md:11:1")
            .help()
            .contains("set `type: management-review`")
    );
}

/// Two held reviews (one overdue action, one open, one done) and a draft.
fn reviewed() -> Site {
    let site = handbook("");
    // An action is a link target on its review's page.
    site.write(
        "content/index.md",
        "[[MR-1]] [[MR-2]] [[MR-1#action-mr-1-a2|the training action]]\n",
    );
    site.write(
        "content/mr-1.md",
        &review(
            "MR-1",
            "2025-11-20",
            "approved",
            "covers: [a, b, c, d, e]\ndecisions:\n  a: [Extend SPC]\n  c: Second CMM operator\nactions:\n  - { id: MR-1-A1, title: Recruit, owner: HR, due: 2026-03-01, status: done, closed_on: 2026-02-20 }\n  - { id: MR-1-A2, title: Train, owner: QM, due: 2026-04-30 }\n",
        ),
    );
    site.write(
        "content/mr-2.md",
        &review(
            "MR-2",
            "2026-05-10",
            "approved",
            "covers: [a, b, c, d, e, f]\nactions: [{ id: MR-2-A1, title: Buy a gauge, owner: Ops, due: 2026-09-30 }]\n",
        ),
    );
    site.write(
        "content/mr-3.md",
        &review("MR-3", "2026-11-10", "draft", ""),
    );
    site
}

#[test]
fn the_review_page_the_tracker_and_each_record_page() {
    let site = reviewed();
    site.build(&["--today", TODAY]).assert_code(0);
    let page = site.html("management-review.html");
    assert_eq!(
        texts(&page, "#actions tbody tr td:first-child"),
        ["MR-1-A2", "MR-2-A1", "MR-1-A1"],
        "overdue, then open, then done"
    );
    assert_eq!(
        attrs(&page, "#actions tbody tr", "data-state"),
        ["overdue", "open", "done"]
    );
    assert_eq!(
        attrs(&page, "#actions tbody tr td:first-child a", "href"),
        [
            "doc/MR-1.html#action-mr-1-a2",
            "doc/MR-2.html#action-mr-2-a1",
            "doc/MR-1.html#action-mr-1-a1"
        ]
    );
    // Held reviews only, newest first; the draft is an agenda.
    assert_eq!(
        attrs(&page, "section.management-review", "id"),
        ["review-MR-2", "review-MR-1"]
    );
    let lead = texts(&page, "p.lead")[0].clone();
    assert!(lead.contains("1 overdue, 1 open, 1 done"), "{lead}");
    assert!(lead.contains("by 2027-05-10 (every 12 months)"), "{lead}");

    let record = site.html("doc/MR-1.html");
    assert_eq!(
        attrs(&record, ".review-inputs li[data-covered=false]", "data-key"),
        ["f"]
    );
    assert_eq!(texts(&record, ".review-missing .doc-id"), ["f"]);
    assert_eq!(
        attrs(&record, ".review-decisions dt", "data-key"),
        ["a", "c"]
    );
    assert_eq!(
        texts(&record, ".review-decisions dd"),
        ["Extend SPC", "Second CMM operator"]
    );
    assert_eq!(count(&record, "#action-mr-1-a2[data-state=overdue]"), 1);
    // No page of the draft, nor a link to a pack page that is not published.
    assert!(!site.out("doc/MR-3.html").exists());
    assert!(!site.out("management-review-pack.html").exists());
    let nav = std::fs::read_to_string(site.out("index.html")).expect("home");
    assert!(nav.contains("management-review.html"));
}

#[test]
fn the_sample_home_page_shows_open_actions_and_the_next_review() {
    let site = sample_handbook();
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let home = site.html("index.html");
    let card = ".leadership-summary .management-review-card";
    assert_eq!(attrs(&home, card, "data-open-actions"), ["1"]);
    assert_eq!(attrs(&home, card, "data-overdue-actions"), ["1"]);
    assert_eq!(attrs(&home, card, "data-next-review"), ["2027-06-18"]);
    let page = site.html("management-review.html");
    assert_eq!(count(&page, "#actions tbody tr"), 6);
    assert_eq!(count(&page, "#actions tbody tr[data-state=overdue]"), 1);
}

/// Commit dates of the fixture's history.
const REVIEWED_ON: &str = "2026-01-15T10:00:00Z";
const CHANGED_ON: &str = "2026-03-01T10:00:00Z";

/// A repository with a review on 2026-01-15 and, after it: SOP-004 issued,
/// SOP-001 revised (A → B), SOP-002 withdrawn, SOP-003 no longer tagging
/// 9.2.2, and 8.3 excluded.
fn history() -> Site {
    let book = "[book]\ntitle = \"H\"\n[check]\nmissing-documented-information = \"allow\"\norphan-document = \"allow\"\n";
    let site = handbook("");
    site.write("book.toml", book);
    site.write("content/index.md", "[[MR-1]]\n");
    site.write(
        "content/sop-1.md",
        &procedure("SOP-001", "A", "approved", "[\"7.5.1\"]", ""),
    );
    site.write(
        "content/sop-2.md",
        &procedure("SOP-002", "1", "approved", "[\"7.1.1\"]", ""),
    );
    site.write(
        "content/sop-3.md",
        &procedure("SOP-003", "A", "approved", "[\"9.2.1\", \"9.2.2\"]", ""),
    );
    site.write(
        "content/mr-1.md",
        &review(
            "MR-1",
            "2026-01-15",
            "approved",
            "covers: [a, b, c, d, e, f]\nactions:\n  - { id: MR-1-A1, title: Train, owner: QM, due: 2026-04-30 }\n  - { id: MR-1-A2, title: Recruit, owner: HR, due: 2026-03-01, status: done, closed_on: 2026-02-20 }\n",
        ),
    );
    git(&site, &["init", "-q", "-b", "main"], REVIEWED_ON);
    commit_all(&site, "Handbook as reviewed", REVIEWED_ON);
    site.write(
        "content/sop-4.md",
        &procedure("SOP-004", "A", "approved", "[\"8.4.1\"]", ""),
    );
    site.write(
        "content/sop-1.md",
        &procedure(
            "SOP-001",
            "B",
            "approved",
            "[\"7.5.1\"]",
            "changes:\n  - { revision: B, date: 2026-02-20, summary: \"Retention periods added.\" }\n",
        ),
    );
    site.write(
        "content/sop-2.md",
        &procedure("SOP-002", "1", "obsolete", "[\"7.1.1\"]", ""),
    );
    site.write(
        "content/sop-3.md",
        &procedure("SOP-003", "A", "approved", "[\"9.2.1\"]", ""),
    );
    site.write(
        "book.toml",
        &format!("{book}[standards.iso9001-2015.not-applicable]\n\"8.3\" = \"We build to customer drawings; customers hold design authority.\"\n"),
    );
    commit_all(&site, "Changes after the review", CHANGED_ON);
    site
}

#[test]
fn the_pack_lists_exactly_what_changed_since_the_last_review() {
    let site = history();
    let first = {
        let out = std::process::Command::new("git")
            .current_dir(site.root())
            .args(["rev-list", "--max-parents=0", "HEAD"])
            .output()
            .expect("git");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_ne!(first, head_hash(&site));
    for since in [None, Some("2026-01-15"), Some(first.as_str())] {
        let mut args = vec!["review-pack", ".", "--today", TODAY, "--format", "html"];
        if let Some(s) = since {
            args.extend(["--since", s]);
        }
        let out = site.run(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let html = scraper::Html::parse_document(&out.stdout);
        let changes: Vec<(String, String)> = attrs(&html, ".pack-documents tr[data-id]", "data-id")
            .into_iter()
            .zip(attrs(&html, ".pack-documents tr[data-id]", "data-change"))
            .collect();
        assert_eq!(
            changes,
            [
                ("SOP-004", "issued"),
                ("SOP-001", "revised"),
                ("SOP-002", "withdrawn")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string())),
            "since {since:?}"
        );
        let revised = texts(&html, ".pack-documents tr[data-id=SOP-001] td");
        assert_eq!(revised[2], "A → B");
        assert_eq!(revised[3], "2026-03-01");
        assert_eq!(revised[4], "Retention periods added.");
        let clauses = attrs(&html, ".pack-coverage tr[data-clause]", "data-clause");
        let then = texts(&html, ".pack-coverage tr[data-clause] td:nth-child(2)");
        let now = texts(&html, ".pack-coverage tr[data-clause] td:nth-child(3)");
        let rows: Vec<(&str, &str, &str)> = clauses
            .iter()
            .zip(&then)
            .zip(&now)
            .map(|((c, t), n)| (c.as_str(), t.as_str(), n.as_str()))
            .collect();
        // 7.1.1 lost its withdrawn document, 8.4.1 gained SOP-004, 9.2.2
        // lost its tag, and every requirement of 8.3 was excluded.
        let (design, others): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|(c, _, _)| c.starts_with("8.3."));
        assert_eq!(
            others,
            [
                ("7.1.1", "addressed", "gap"),
                ("8.4.1", "gap", "addressed"),
                ("9.2.2", "addressed", "gap")
            ]
        );
        assert!(!design.is_empty());
        assert!(
            design
                .iter()
                .all(|(_, t, n)| *t == "gap" && *n == "not applicable"),
            "{design:?}"
        );
        assert_eq!(attrs(&html, ".pack-exclusions li", "data-clause"), ["8.3"]);
        assert_eq!(
            attrs(&html, ".pack-exclusions li", "data-change"),
            ["added"]
        );
        assert_eq!(
            texts(&html, ".pack-actions tbody td:first-child"),
            ["MR-1-A1"]
        );
        assert_eq!(count(&html, ".pack-undetermined"), 0);
    }
    // The draft record: front matter a build reads, sections a) to f).
    let out = site.run(&["review-pack", ".", "--today", TODAY]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = out.stdout;
    assert!(md.starts_with("---\nid: MR-2026-06\n"), "{md}");
    assert!(md.contains("\nstatus: draft\n"));
    for section in [
        "{#input-a}",
        "{#input-b}",
        "{#input-c}",
        "{#input-c1}",
        "{#input-c7}",
        "{#input-d}",
        "{#input-e}",
        "{#input-f}",
    ] {
        assert!(md.contains(section), "{section}");
    }
    assert!(md.contains("| [[SOP-001]] Procedure SOP-001 | revised | A → B | 2026-03-01 | Retention periods added. |"), "{md}");
    assert!(
        md.contains("| SOP-002 Procedure SOP-002 | withdrawn |"),
        "withdrawn documents are not linked: {md}"
    );
    assert!(md.contains("- MR-1-A2 Recruit (HR, done 2026-02-20; raised by [[MR-1]])"));
    // Committed into the handbook, it builds and checks (a draft is not a held review).
    site.write("content/mr-next.md", &md);
    let check = site.check_json(&["--today", TODAY, "--drafts"]);
    assert!(check.errors().is_empty(), "{}", check.stdout);
}

#[test]
fn a_pack_without_git_says_what_it_could_not_determine() {
    let site = reviewed();
    let out = site.run(&["review-pack", ".", "--today", TODAY]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = &out.stdout;
    let undetermined =
        "ot determined: the handbook as it was on 2026-05-10 could not be read from git";
    assert_eq!(
        md.matches(undetermined).count(),
        3,
        "documents, coverage, exclusions: {md}"
    );
    assert!(md.contains("not a git repository"), "{md}");
    // What needs no git is there: the open actions of earlier reviews.
    assert!(
        md.contains("| MR-1-A2 Train | QM | 2026-04-30 | Overdue | [[MR-1]] (2025-11-20) |"),
        "{md}"
    );
    assert!(
        out.stderr.contains("could not be determined"),
        "{}",
        out.stderr
    );
    // A revision needs git: a clear error.
    let out = site.run(&["review-pack", ".", "--since", "HEAD~1"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot read the handbook at `HEAD~1`"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_pack_needs_a_start_and_never_replaces_a_file() {
    let site = handbook("-- content/index.md --\nHome.\n");
    let out = site.run(&["review-pack", ".", "--today", TODAY]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no management review record to start the period from"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--since"), "{}", out.stderr);

    let site = reviewed();
    site.write("agenda.md", "mine\n");
    let out = site.run(&["review-pack", ".", "--today", TODAY, "--out", "agenda.md"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path("agenda.md")).expect("read"),
        "mine\n"
    );
    let out = site.run(&[
        "review-pack",
        ".",
        "--today",
        TODAY,
        "--out",
        "next.md",
        "--since",
        "2026-01-01",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = std::fs::read_to_string(site.path("next.md")).expect("written");
    assert!(
        written.contains("covering the period since 2026-01-01"),
        "{written}"
    );
    assert!(out.stdout.is_empty());
    // An impossible date is said to be one, not taken for a revision.
    let out = site.run(&["review-pack", ".", "--since", "2026-02-30"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("`2026-02-30` is not a date in the calendar"),
        "{}",
        out.stderr
    );
    // The proposed ID is free: the month's ID is taken by MR-2026-06 here.
    site.write(
        "content/mr-4.md",
        &review("MR-2026-06", "2026-04-01", "approved", ALL_INPUTS),
    );
    let out = site.run(&["review-pack", ".", "--today", TODAY]);
    assert!(
        out.stdout.starts_with("---\nid: MR-2026-06-2\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn publish_pack_puts_the_pack_on_the_site() {
    let site = reviewed();
    site.write(
        "book.toml",
        &format!(
            "{}[management-review]\npublish-pack = true\n",
            crate::support::BOOK_TOML
        ),
    );
    site.build(&["--today", TODAY]).assert_code(0);
    let pack = site.html("management-review-pack.html");
    assert_eq!(
        attrs(&pack, "section.pack-section", "id"),
        [
            "input-a", "input-b", "input-c", "input-d", "input-e", "input-f"
        ]
    );
    assert_eq!(
        texts(&pack, ".pack-actions tbody td:first-child a"),
        ["MR-1-A2", "MR-2-A1"]
    );
    assert_eq!(count(&pack, ".pack-undetermined"), 3);
    let page = site.html("management-review.html");
    assert_eq!(
        attrs(&page, "p.lead a", "href"),
        ["management-review-pack.html"]
    );
}

#[test]
fn action_anchors_are_checked_and_the_schema_knows_the_keys() {
    let site = reviewed();
    site.write(
        "content/index.md",
        "[[MR-1]] [[MR-2]] [[MR-1#action-mr-1-a9]]\n",
    );
    let out = site.check_json(&["--today", TODAY]);
    assert_eq!(out.errors().len(), 1, "{}", out.stdout);
    assert!(
        out.errors()[0].message.contains("action-mr-1-a9"),
        "{}",
        out.stdout
    );

    let schema = site.run(&["schema", "."]);
    assert_eq!(schema.code, 0, "{}", schema.stderr);
    let json: serde_json::Value = serde_json::from_str(&schema.stdout).expect("JSON");
    let properties = &json["properties"];
    assert_eq!(
        properties["actions"]["items"]["required"],
        serde_json::json!(["id", "title", "due"])
    );
    assert_eq!(properties["covers"]["items"]["enum"][3], "c1");
    assert!(
        properties["date"].is_object() && properties["decisions"]["properties"]["c"].is_object()
    );
}
