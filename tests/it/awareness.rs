//! Communication and awareness (issue 21): the roster and the ledger, who
//! must acknowledge which revision (every-revision, major-revision), people
//! joining and leaving, overdue acknowledgements as of a fixed build date,
//! the checks, `qmsbook ack`, and `show-names = false` keeping every name
//! out of the published site.

use crate::support::{
    BOOK_TOML, SAMPLE_DATE, Site, attrs, count, handbook, read_tree, sample_handbook, texts,
};

const TODAY: &str = "2026-11-22";

/// Ann (Quality Manager), Bob (Operator), Cy (Operator, joined 2026-10-01),
/// Dee (Operator and Storekeeper, left 2026-09-30), Eve (Operator, starts
/// 2026-12-01). POL-001 (every revision, revision C effective 2026-10-01,
/// audience all) and SOP-001 (major revisions, 2.3 effective 2026-10-15,
/// operators); `sop_changes` is SOP-001's `changes:` log, `ledger` the rows of
/// `acknowledgements/2026.csv`, `extra` further txtar files.
fn fixture(sop_changes: &str, ledger: &str, extra: &str) -> Site {
    handbook(&format!(
        r#"
-- book.toml --
{BOOK_TOML}
-- people.csv --
person,roles,start,end
Ann Archer,Quality Manager,2020-01-06,
Bob Baker,Operator,2021-02-01,
Cy Cole,Operator,2026-10-01,
Dee Dunn,Operator;Storekeeper,2019-03-04,2026-09-30
Eve Evans,Operator,2026-12-01,
-- acknowledgements/2026.csv --
date,person,document,revision
{ledger}
-- content/policy.md --
---
id: POL-001
title: Quality policy
type: policy
owner: Quality Manager
status: approved
revision: C
effective: 2026-10-01
audience: all
changes:
  - {{ revision: B, date: 2026-01-12, summary: Second issue }}
  - {{ revision: C, date: 2026-10-01, summary: Third issue }}
---
The policy.
-- content/sop.md --
---
id: SOP-001
title: Production
type: procedure
owner: Quality Manager
status: approved
revision: "2.3"
effective: 2026-10-15
audience: [Operator]
acknowledge: major-revision
changes:
{sop_changes}
---
How we make things.
{extra}"#
    ))
}

const SOP_LOG: &str = "  - { revision: \"1.4\", date: 2025-05-05, summary: Old }\n  - { revision: \"2.0\", date: 2026-06-01, summary: New process }\n  - { revision: \"2.3\", date: 2026-10-15, summary: Wording }\n";

/// The rows of `acknowledgements.csv` for `doc`: `person → (state, due)`.
fn rows(site: &Site, doc: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(site.out("acknowledgements.csv")).expect("export");
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|f| f[0] == doc)
        .map(|f| (f[2].clone(), f[4].clone(), f[6].clone()))
        .collect()
}

fn strs(v: &[(String, String, String)]) -> Vec<(&str, &str, &str)> {
    v.iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect()
}

#[test]
fn every_revision_wants_the_current_one_from_people_present() {
    let site = fixture(
        SOP_LOG,
        "2026-01-20,Bob Baker,POL-001,B\n2026-10-02,Ann Archer,POL-001,C\n2026-06-02,Dee Dunn,POL-001,B\n",
        "",
    );
    site.build(&["--today", TODAY]).assert_code(0);
    // Bob's acknowledgement of B does not count for C; Cy joined on the day
    // C took effect; Dee has left and Eve has not started: neither is asked.
    assert_eq!(
        strs(&rows(&site, "POL-001")),
        [
            ("Ann Archer", "acknowledged", "2026-10-15"),
            ("Bob Baker", "overdue", "2026-10-15"),
            ("Cy Cole", "overdue", "2026-10-15"),
        ]
    );
    let page = site.html("doc/POL-001.html");
    assert_eq!(
        attrs(&page, ".acknowledgements .ack-summary", "data-acknowledged"),
        ["1"]
    );
    assert_eq!(
        attrs(&page, ".acknowledgements .ack-summary", "data-total"),
        ["3"]
    );
    assert_eq!(
        attrs(&page, ".ack-table tbody tr", "data-state"),
        ["overdue", "overdue", "acknowledged"]
    );
}

#[test]
fn major_revision_without_marks_wants_the_first_of_the_leading_number() {
    let site = fixture(
        SOP_LOG,
        "2026-06-05,Bob Baker,SOP-001,2.0\n2026-06-05,Dee Dunn,SOP-001,1.4\n",
        "",
    );
    site.build(&["--today", TODAY]).assert_code(0);
    // 2.0 is the major revision; Cy joined after it took effect, so is due
    // 14 days after joining.
    assert_eq!(
        strs(&rows(&site, "SOP-001")),
        [
            ("Bob Baker", "acknowledged", "2026-06-15"),
            ("Cy Cole", "overdue", "2026-10-15"),
        ]
    );
}

#[test]
fn major_revision_follows_the_major_marks_when_the_handbook_has_them() {
    let marked = SOP_LOG.replace("summary: Wording }", "summary: Wording, major: true }");
    let site = fixture(
        &marked,
        "2026-06-05,Bob Baker,SOP-001,2.0\n2026-10-20,Cy Cole,SOP-001,2.3\n",
        "",
    );
    site.build(&["--today", TODAY]).assert_code(0);
    assert_eq!(
        strs(&rows(&site, "SOP-001")),
        [
            ("Bob Baker", "overdue", "2026-10-29"),
            ("Cy Cole", "acknowledged", "2026-10-29"),
        ]
    );
    let bad = fixture(
        &SOP_LOG.replace("summary: Wording }", "summary: Wording, major: maybe }"),
        "",
        "",
    );
    let out = bad.check_json(&["--today", TODAY]);
    let d = out.diag("invalid-front-matter", "content/sop.md:14:67");
    assert!(d.message.contains("`major`"), "{d:?}");
}

#[test]
fn letter_revisions_without_marks_are_all_major() {
    let site = fixture(
        SOP_LOG,
        "2026-01-20,Bob Baker,POL-001,B\n",
        "-- content/wi.md --\n---\nid: WI-001\ntitle: Work\ntype: work-instruction\nowner: Quality Manager\nstatus: approved\nrevision: B\neffective: 2026-10-01\naudience: [Operator]\nacknowledge: major-revision\nchanges:\n  - { revision: A, date: 2026-01-12, summary: First }\n  - { revision: B, date: 2026-10-01, summary: Second }\n---\nText.\n",
    );
    site.build(&["--today", TODAY]).assert_code(0);
    let wi = rows(&site, "WI-001");
    assert!(wi.iter().all(|r| r.1 == "overdue"), "{wi:?}");
    let text = std::fs::read_to_string(site.out("acknowledgements.csv")).expect("export");
    assert!(text.contains("WI-001,B,Bob Baker"), "{text}");
}

#[test]
fn overdue_is_counted_from_the_build_date() {
    let site = fixture(SOP_LOG, "2026-10-02,Ann Archer,POL-001,C\n", "");
    // Due 14 days after 2026-10-01: not overdue on the 15th, overdue on the 16th.
    for (today, overdue) in [("2026-10-15", false), ("2026-10-16", true)] {
        let out = site.check_json(&["--today", today]);
        let found = out.with_code("acknowledgement-overdue");
        let policy: Vec<_> = found
            .iter()
            .filter(|d| d.message.contains("POL-001"))
            .collect();
        assert_eq!(policy.len(), usize::from(overdue), "{today}: {found:?}");
        if overdue {
            assert_eq!(
                policy[0].message,
                "2 of 3 people in the audience of POL-001 have not acknowledged revision C (due since 2026-10-15): Bob Baker, Cy Cole"
            );
            assert_eq!(policy[0].location.as_deref(), Some("content/policy.md:9:1"));
        }
    }
}

#[test]
fn the_ledger_and_the_roles_are_checked() {
    let site = fixture(
        SOP_LOG,
        "2026-10-02,Ann Archer,POL-001,C\n2026-10-03,Bob Bakker,POL-001,C\n2026-10-03,Bob Baker,POL-009,C\n2026-10-03,Bob Baker,POL-001,Q\n2026-09-01,Bob Baker,POL-001,C\n2026-13-01,Bob Baker,POL-001,C\n",
        "-- content/wi.md --\n---\nid: WI-001\ntitle: Store\ntype: work-instruction\nowner: Quality Manger\nstatus: approved\nrevision: A\neffective: 2026-01-01\naudience: [Storekeeper]\n---\nText.\n",
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let ledger = "acknowledgements/2026.csv";
    let person = out.diag("acknowledgement-of-unknown", &format!("{ledger}:3:12"));
    assert!(
        person.help().contains("did you mean `Bob Baker`?"),
        "{person:?}"
    );
    out.diag("acknowledgement-of-unknown", &format!("{ledger}:4:22"));
    let revision = out.diag("acknowledgement-of-unknown", &format!("{ledger}:5:30"));
    assert!(revision.help().contains("B, C"), "{revision:?}");
    let early = out.diag("acknowledgement-before-effective", &format!("{ledger}:6:1"));
    assert!(
        early.message.contains("took effect on 2026-10-01"),
        "{early:?}"
    );
    out.diag("invalid-acknowledgement", &format!("{ledger}:7:1"));
    let role = out.diag("unknown-role", "content/wi.md:5:1");
    assert!(
        role.help().contains("did you mean `Quality Manager`?"),
        "{role:?}"
    );
    out.diag("role-vacant", "content/wi.md:9:12");
}

#[test]
fn bad_people_rows_are_errors_at_their_line_and_no_people_file_turns_it_off() {
    let site = handbook(
        "-- people.csv --\nperson,roles,start,end\nAnn,QM,2020-01-06,\nAnn,QM,2020-01-06,\nBob,QM,2020-02-30,\n-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\naudience: all\n---\nText.\n",
    );
    let out = site.check_json(&["--today", TODAY]);
    out.diag("invalid-people", "people.csv:3:1");
    out.diag("invalid-people", "people.csv:4:8");
    std::fs::remove_file(site.path("people.csv")).expect("remove");
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(0);
    let off = out.diag("awareness-off", "content/a.md:6:1");
    assert_eq!(off.level, "note");
    site.build(&["--today", TODAY]).assert_code(0);
    assert!(!site.out("awareness.html").exists());
}

#[test]
fn ack_appends_one_valid_line_and_refuses_what_does_not_exist() {
    let ledger = "2026-10-02,Ann Archer,POL-001,C\n";
    let site = fixture(SOP_LOG, ledger, "");
    let file = site.path("acknowledgements/2026.csv");
    let before = std::fs::read_to_string(&file).expect("ledger");

    let out = site.run(&["ack", "bob baker", "pol-001", "--date", "2026-11-20"]);
    out.assert_code(0);
    assert_eq!(
        out.stdout.trim(),
        "acknowledgements/2026.csv: 2026-11-20,Bob Baker,POL-001,C"
    );
    let after = std::fs::read_to_string(&file).expect("ledger");
    assert_eq!(after, format!("{before}2026-11-20,Bob Baker,POL-001,C\n"));
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(0);
    let overdue = out.with_code("acknowledgement-overdue");
    let policy: Vec<_> = overdue
        .iter()
        .filter(|d| d.message.contains("POL-001"))
        .collect();
    assert_eq!(policy.len(), 1, "{overdue:?}");
    assert!(policy[0].message.ends_with(": Cy Cole"), "{policy:?}");

    for (args, why) in [
        (vec!["Zed", "POL-001"], "`Zed` is not in `people.csv`"),
        (
            vec!["Bob Baker", "POL-009"],
            "no document has the ID `POL-009`",
        ),
        (
            vec!["Bob Baker", "POL-001", "--revision", "Q"],
            "POL-001 has no revision `Q`",
        ),
        (
            vec![
                "Bob Baker",
                "POL-001",
                "--revision",
                "C",
                "--date",
                "2026-09-01",
            ],
            "takes effect on 2026-10-01",
        ),
        (
            vec!["Bob Baker", "POL-001"],
            "already acknowledged revision C",
        ),
        (vec!["Dee Dunn", "POL-001"], "is not in the organisation"),
    ] {
        let mut all = vec!["ack"];
        all.extend(args.iter().copied());
        if !args.contains(&"--date") {
            all.extend(["--date", "2026-11-21"]);
        }
        let out = site.run(&all);
        out.assert_code(1);
        assert!(out.stderr.contains(why), "{args:?}: {}", out.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("ledger"),
        after,
        "a refused acknowledgement wrote nothing"
    );

    // A new year starts a new file, with its header.
    site.run(&["ack", "Cy Cole", "POL-001", "--date", "2027-01-04"])
        .assert_code(0);
    assert_eq!(
        std::fs::read_to_string(site.path("acknowledgements/2027.csv")).expect("new file"),
        "date,person,document,revision\n2027-01-04,Cy Cole,POL-001,C\n"
    );
}

#[test]
fn without_names_no_name_is_published_anywhere() {
    let ledger = "2026-10-02,Ann Archer,POL-001,C\n2026-06-05,Bob Baker,SOP-001,2.0\n";
    let names = ["Ann Archer", "Bob Baker", "Cy Cole", "Archer", "Baker"];
    let published = |site: &Site| -> Vec<String> {
        read_tree(&site.out(""))
            .into_iter()
            .filter(|(_, bytes)| {
                let text = String::from_utf8_lossy(bytes);
                names.iter().any(|n| text.contains(n))
            })
            .map(|(path, _)| path)
            .collect()
    };
    // With names (the default) they are on the pages and in the export…
    let site = fixture(SOP_LOG, ledger, "");
    site.build(&["--today", TODAY]).assert_code(0);
    let with = published(&site);
    assert!(
        with.contains(&"acknowledgements.csv".to_string()),
        "{with:?}"
    );
    assert!(with.contains(&"awareness.html".to_string()), "{with:?}");
    assert!(with.contains(&"doc/POL-001.html".to_string()), "{with:?}");

    // …and with `show-names = false` in no file at all.
    let site = fixture(SOP_LOG, ledger, "");
    site.write(
        "book.toml",
        &format!("{BOOK_TOML}[awareness]\nshow-names = false\n"),
    );
    site.build(&["--today", TODAY]).assert_code(0);
    assert!(site.out("search-index.js").exists() || site.out("search.html").exists());
    assert_eq!(published(&site), Vec::<String>::new());
    let export = std::fs::read_to_string(site.out("acknowledgements.csv")).expect("export");
    assert_eq!(
        export,
        "document,revision,audience,acknowledged,outstanding,overdue\nPOL-001,C,3,1,2,2\nSOP-001,2.0,2,1,1,1\n"
    );
    let page = site.html("doc/POL-001.html");
    assert_eq!(
        attrs(&page, ".acknowledgements .ack-summary", "data-acknowledged"),
        ["1"]
    );
}

#[test]
fn the_sample_shows_who_acknowledged_the_policy_and_who_is_overdue() {
    let site = sample_handbook();
    site.build(&["--today", SAMPLE_DATE]).assert_code(0);
    let home = site.html("index.html");
    assert_eq!(texts(&home, ".policy-understood .figure"), ["25 of 26"]);
    let policy = site.html("doc/POL-001.html");
    // POL-001 asks for its major revisions: C (reworded) is owed, and an
    // acknowledgement of E (IDs given to the commitments) counts too.
    let last = texts(&policy, ".ack-table tbody tr:last-child td");
    assert_eq!(last.len(), 5);
    let acknowledged = texts(&policy, ".ack-table tbody tr td:nth-child(4)");
    assert!(
        acknowledged
            .iter()
            .any(|t| t.contains("2026-11-22 (rev. E)")),
        "{acknowledged:?}"
    );
    assert!(
        acknowledged.iter().any(|t| t.contains("(rev. C)")),
        "{acknowledged:?}"
    );
    assert_eq!(texts(&policy, ".ack-table .ack-overdue").len(), 1);
    // The evidence trail: every ledger line of POL-001, of every revision.
    let lines = ["2025", "2026"]
        .iter()
        .map(|y| {
            std::fs::read_to_string(site.path(&format!("acknowledgements/{y}.csv")))
                .expect("ledger")
        })
        .flat_map(|t| {
            t.lines()
                .filter(|l| l.contains(",POL-001,"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .count();
    assert_eq!(count(&policy, ".ack-history-table tbody tr"), lines);
    let revisions = texts(&policy, ".ack-history-table tbody tr td:last-child");
    assert!(revisions.iter().any(|r| r == "C") && revisions.iter().any(|r| r == "E"));
    let overview = site.html("awareness.html");
    let docs = attrs(&overview, ".ack-documents tbody tr", "data-overdue");
    assert_eq!(docs[..2], ["3", "1"]);
    let people = texts(&overview, "#by-person ~ h3");
    assert!(people[0].contains("overdue"), "{people:?}");
    assert!(site.out("awareness/roles/operator.html").exists());
}
