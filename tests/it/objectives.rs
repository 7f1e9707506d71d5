//! Policy commitments and quality objectives (issue 19): the front matter,
//! the data files, the status rule at the build date and the six checks,
//! each on a fixture handbook read back through `check --format json`.

use crate::support::{SAMPLE_DATE, Site, attrs, count, handbook, sample_handbook, texts};

const TODAY: &str = "2026-11-22";

/// A policy with three commitments and an objectives document whose
/// objectives each trip one check; `objectives` is spliced into POL-002's
/// front matter and `files` appended as further txtar files.
fn fixture(objectives: &str, files: &str) -> Site {
    handbook(&format!(
        r#"
-- content/policy.md --
---
id: POL-001
title: Quality policy
type: policy
status: approved
commitments:
  - {{ id: C1, title: Satisfy customers }}
  - {{ id: C2, title: Comply with requirements }}
  - {{ id: C3, title: Improve continually }}
---
We commit to [[POL-001#commitment-c1]] and [[POL-002#objective-obj-1]].
-- content/objectives.md --
---
id: POL-002
title: Quality objectives
type: policy
status: approved
objectives:
{objectives}
---
See the [data](data/good.csv).
-- content/data/good.csv --
date,value,note
2026-08-31,94.0,
2026-09-30,95.5,
2026-10-31,96.1,"best month, so far"
{files}"#
    ))
}

/// An objective with the whole 6.2.2 plan; `extra` adds or overrides keys.
fn objective(id: &str, serves: &str, data: &str, extra: &str) -> String {
    format!(
        "  - id: {id}\n    title: Objective {id}\n    serves: [{serves}]\n    target: {{ value: 95, direction: at-least }}\n    frequency: monthly\n    owner: Quality Manager\n    due: 2026-12-31\n    data: {data}\n    actions: [Do it]\n    resources: Time\n    evaluation: Monthly review\n{extra}"
    )
}

#[test]
fn a_complete_handbook_has_no_leadership_findings() {
    let all = [
        objective("OBJ-1", "C1", "data/good.csv", ""),
        objective("OBJ-2", "C2, C3", "data/good.csv", ""),
    ]
    .concat();
    let site = fixture(&all, "");
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(0);
    assert!(out.diagnostics().is_empty(), "{:?}", out.diagnostics());
}

#[test]
fn each_check_reports_at_its_place() {
    let all = [
        objective("OBJ-1", "C1", "data/good.csv", ""),
        // No commitment, and past due below target: missed.
        objective("OBJ-2", "", "data/low.csv", "").replace("due: 2026-12-31", "due: 2026-10-31"),
        // Incomplete plan, and stale data.
        "  - id: OBJ-3\n    title: Stale\n    serves: C2\n    target: { value: 2, direction: at-most }\n    frequency: monthly\n    data: data/old.csv\n".to_string(),
    ]
    .concat();
    let site = fixture(
        &all,
        "-- content/data/low.csv --\ndate,value\n2026-09-30,90\n2026-10-31,91\n-- content/data/old.csv --\ndate,value\n2026-08-31,1.5\n",
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(0);
    let d = out.diag("commitment-without-objective", "content/policy.md:9:11");
    assert!(
        d.message.contains("C3 (Improve continually)"),
        "{}",
        d.message
    );
    out.diag("objective-without-commitment", "content/objectives.md:18:9");
    let d = out.diag("objective-overdue", "content/objectives.md:24:10");
    assert!(
        d.message.contains("due on 2026-10-31") && d.message.contains("91 on 2026-10-31"),
        "{}",
        d.message
    );
    let d = out.diag("objective-incomplete", "content/objectives.md:29:9");
    assert!(
        d.message.contains("what will be done (a)")
            && d.message.contains("who is responsible (c)")
            && d.message.contains("(e)"),
        "{}",
        d.message
    );
    assert!(
        d.help()
            .contains("`actions`, `resources`, `owner`, `due`, `evaluation`")
    );
    let d = out.diag("kpi-stale", "content/objectives.md:34:11");
    assert!(d.message.contains("2026-08-31"), "{}", d.message);
    assert_eq!(out.diagnostics().len(), 5, "{:?}", out.diagnostics());
}

#[test]
fn unknown_and_duplicate_ids_are_errors() {
    let all = [
        objective("OBJ-1", "C1, C4", "data/good.csv", ""),
        objective("obj-1", "C2", "data/good.csv", ""),
    ]
    .concat();
    let site = fixture(&all, "");
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let d = out.diag("unknown-commitment", "content/objectives.md:9:18");
    assert!(
        d.help().contains("commitments are C1, C2, C3"),
        "{}",
        d.help()
    );
    out.diag("duplicate-objective", "content/objectives.md:18:9");
}

#[test]
fn every_data_file_problem_is_reported_at_its_line() {
    let all = [
        objective("OBJ-1", "C1", "data/bad.csv", ""),
        objective("OBJ-2", "C2", "data/nope.csv", ""),
        objective("OBJ-3", "C3", "data/header.csv", ""),
        objective("OBJ-4", "C3", "../../outside.csv", ""),
    ]
    .concat();
    let site = fixture(
        &all,
        "-- content/data/bad.csv --\ndate,value,note\n2026-01-31,95,\n31.02.2026,96,\n2026-03-31,n/a,\n2026-01-31,97,\n2025-12-31,97,\n2026-04-30,98,x,y\n-- content/data/header.csv --\nmonth;value\n",
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let codes = out.with_code("kpi-data-invalid");
    let at: Vec<&str> = codes.iter().filter_map(|d| d.location.as_deref()).collect();
    assert_eq!(
        at,
        [
            "content/data/bad.csv:3:1",
            "content/data/bad.csv:4:12",
            "content/data/bad.csv:5:1",
            "content/data/bad.csv:6:1",
            "content/data/bad.csv:7:1",
            "content/data/header.csv:1:1",
            "content/objectives.md:25:11",
            "content/objectives.md:47:11",
        ],
        "{codes:#?}"
    );
    assert!(codes[0].message.contains("expected a date as YYYY-MM-DD"));
    assert!(codes[1].message.contains("`n/a` is not a number"));
    assert!(codes[2].message.contains("listed twice") && codes[2].help().contains("line 2"));
    assert!(codes[3].message.contains("not in date order"));
    assert!(codes[4].message.contains("row has 4 fields"));
    assert!(codes[5].message.contains("header"));
    assert!(codes[6].message.contains("does not exist"));
    assert!(
        codes[7]
            .message
            .contains("not a CSV file inside the content folder")
    );
}

#[test]
fn front_matter_mistakes_point_at_the_key() {
    let site = fixture(
        "  - id: OBJ-1\n    title: T\n    serves: [C1]\n    target: { value: 95 %, direction: at-least }\n    frequncy: monthly\n",
        "",
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let d = out.diag("invalid-front-matter", "content/objectives.md:11:5");
    assert!(
        d.help().contains("did you mean `frequency`?"),
        "{}",
        d.help()
    );
    let d = out.diag("invalid-front-matter", "content/objectives.md:10:22");
    assert!(d.message.contains("must be a number"), "{}", d.message);
}

#[test]
fn commitment_and_objective_anchors_are_link_targets() {
    let site = fixture(
        &objective("OBJ-1", "C1", "data/good.csv", ""),
        "-- content/other.md --\n---\nid: SOP-001\ntitle: Other\ntype: procedure\nstatus: approved\n---\nSee [[POL-001#commitment-c2]] and [[POL-001#commitment-c7]].\n",
    );
    let out = site.check_json(&["--today", TODAY]);
    out.assert_code(1);
    let d = out.diag("broken-anchor", "content/other.md:7:35");
    assert!(
        d.help().contains("did you mean `#commitment-c"),
        "{}",
        d.help()
    );
    assert_eq!(out.errors().len(), 1, "{:?}", out.errors());
}

#[test]
fn pages_exports_and_terminal_agree() {
    let all = [
        objective("OBJ-1", "C1", "data/good.csv", ""),
        objective("OBJ-2", "C2", "data/low.csv", "").replace("due: 2026-12-31", "due: 2026-10-31"),
    ]
    .concat();
    let site = fixture(
        &all,
        "-- content/data/low.csv --\ndate,value\n2026-09-30,90\n2026-10-31,91\n",
    );
    site.build(&["--today", TODAY]).assert_code(0);

    let list = site.html("objectives.html");
    assert_eq!(
        texts(&list, ".objectives-table tbody td:nth-child(2)"),
        ["✓ Met", "✗ Missed"]
    );
    assert_eq!(count(&list, "svg.kpi-chart"), 2);
    assert_eq!(count(&list, ".table-wrap table.kpi-data"), 2);

    let page = site.html("objectives/OBJ-1.html");
    assert_eq!(
        texts(&page, "table.kpi-data tbody td:nth-child(2)"),
        ["94", "95.5", "96.1"]
    );
    assert_eq!(
        attrs(&page, ".objective-plan a", "href")[0],
        "../doc/POL-001.html#commitment-c1"
    );
    // POL-001 links to the objective: it carries it out.
    assert_eq!(texts(&page, "#carried-out-by + ul a .doc-id"), ["POL-001"]);
    // The results file is published and linked for download.
    let data = attrs(&page, "a[download]", "href");
    assert_eq!(data, ["../files/data/good.csv"]);
    assert!(site.out("files/data/good.csv").is_file());

    // The declaring document lists its objectives with their status and page.
    let declaring = site.html("doc/POL-002.html");
    assert_eq!(
        attrs(&declaring, ".declared-objectives li a", "href"),
        ["../objectives/OBJ-1.html", "../objectives/OBJ-2.html"]
    );
    let policy = site.html("doc/POL-001.html");
    assert_eq!(count(&policy, "li#commitment-c3"), 1);
    assert_eq!(attrs(&policy, ".prose a", "href")[0], "#commitment-c1");

    let alignment = site.html("alignment.html");
    assert_eq!(
        texts(&alignment, "tr#commitment-c3 td"),
        ["✗ No objective serves this commitment"]
    );

    let csv = std::fs::read_to_string(site.out("objectives.csv")).expect("csv");
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "id,status,latest_value,latest_date,target,direction,due,owner,unit,frequency,title",
            "OBJ-1,met,96.1,2026-10-31,95,at-least,2026-12-31,Quality Manager,,monthly,Objective OBJ-1",
            "OBJ-2,missed,91,2026-10-31,95,at-least,2026-10-31,Quality Manager,,monthly,Objective OBJ-2",
        ]
    );
    let json = site.json("objectives.json");
    assert_eq!(json[1]["status"], "missed");
    assert_eq!(json[0]["points"].as_array().map(Vec::len), Some(3));

    let out = site.run(&["objectives", "--today", TODAY]);
    out.assert_code(0);
    let table: Vec<&str> = out.stdout.lines().collect();
    assert!(table[1].starts_with("OBJ-1  met     96.1"), "{table:?}");
    assert!(table[2].starts_with("OBJ-2  missed  91"), "{table:?}");
    let out = site.run(&["objectives", "--today", TODAY, "--format", "csv"]);
    assert_eq!(out.stdout, csv);
}

/// The home page's leadership summary of the sample shows the numbers of
/// `objectives.json`, the coverage export and `reviews.html`, each linked.
#[test]
fn the_home_summary_agrees_with_the_exports() {
    let site = sample_handbook();
    site.build(&["--today", SAMPLE_DATE]).assert_code(0);
    let home = site.html("index.html");
    let summary = ".leadership-summary";
    assert_eq!(count(&home, summary), 1);

    let json = site.json("objectives.json");
    let rows = json.as_array().expect("an array");
    let mut expected: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in rows {
        expected
            .entry(r["status"].as_str().expect("status").to_string())
            .or_default()
            .push(format!("objectives/{}.html", r["id"].as_str().expect("id")));
    }
    // The sample shows every status but `no-data`.
    assert_eq!(
        expected.keys().map(String::as_str).collect::<Vec<_>>(),
        ["at-risk", "met", "missed", "on-track", "stale"]
    );
    assert_eq!(
        attrs(&home, summary, "data-objectives"),
        [rows.len().to_string()]
    );
    let statuses = attrs(&home, ".objective-statuses > li", "data-status");
    assert_eq!(statuses, ["missed", "at-risk", "stale", "on-track", "met"]);
    for status in &statuses {
        let item = format!(".objective-statuses > li[data-status=\"{status}\"]");
        assert_eq!(
            attrs(&home, &item, "data-count"),
            [expected[status].len().to_string()]
        );
        assert_eq!(attrs(&home, &format!("{item} a"), "href"), expected[status]);
    }

    let coverage = site.json("coverage-iso9001-2015.json");
    let percent = coverage["summary"]["percent"].as_f64().expect("percent");
    let shown: f64 = attrs(&home, summary, "data-coverage-percent")[0]
        .parse()
        .expect("a number");
    assert_eq!(shown, percent);
    assert!(texts(&home, &format!("{summary} .figure"))[1].starts_with(&percent.to_string()));

    let reviews = site.html("reviews.html");
    let overdue = texts(&reviews, "p.lead strong")[0].clone();
    assert_eq!(attrs(&home, summary, "data-overdue-reviews"), [overdue]);
    let links = attrs(&home, &format!("{summary} .figure-card > a"), "href");
    assert_eq!(
        links,
        [
            "objectives.html",
            "coverage/iso9001-2015.html",
            "doc/POL-001.html#acknowledgements-title",
            "reviews.html",
            "management-review.html"
        ]
    );
}

#[test]
fn a_handbook_without_objectives_has_no_leadership_summary() {
    let site = handbook(
        "-- content/a.md --\n---\nid: SOP-001\ntitle: A\ntype: procedure\nstatus: approved\n---\nText.\n",
    );
    site.build(&["--today", TODAY]).assert_code(0);
    assert_eq!(count(&site.html("index.html"), ".leadership-summary"), 0);
}

#[test]
fn the_home_summary_counts_overdue_reviews() {
    let site = fixture(
        &objective("OBJ-1", "C1, C2, C3", "data/good.csv", ""),
        "-- content/old.md --\n---\nid: SOP-009\ntitle: Old\ntype: procedure\nstatus: approved\nreview_by: 2026-01-01\n---\nText.\n",
    );
    site.build(&["--today", TODAY]).assert_code(0);
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".leadership-summary", "data-overdue-reviews"),
        ["1"]
    );
    assert_eq!(texts(&site.html("reviews.html"), "p.lead strong")[0], "1");
    assert_eq!(
        attrs(&home, ".objective-statuses > li", "data-status"),
        ["met"]
    );
}

#[test]
fn a_long_list_charts_its_objectives_on_numbered_pages() {
    let ids: Vec<String> = (1..=53).map(|i| format!("OBJ-{i}")).collect();
    let all: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| objective(id, ["C1", "C2", "C3"][i % 3], "data/good.csv", ""))
        .collect();
    // Listed in ID order.
    let mut sorted = ids.clone();
    sorted.sort();
    let site = fixture(&all, "");
    site.build(&["--today", TODAY]).assert_code(0);

    // The first page tables every objective and charts the first 50.
    let first = site.html("objectives.html");
    assert_eq!(count(&first, ".objectives-table tbody tr"), 53);
    assert_eq!(count(&first, "svg.kpi-chart"), 50);
    assert_eq!(
        attrs(&first, "nav.pager a", "href")[..2],
        ["objectives.html", "objectives-2.html"]
    );
    // The second charts the rest, without the table.
    let second = site.html("objectives-2.html");
    assert_eq!(count(&second, ".objectives-table"), 0);
    assert_eq!(texts(&second, ".objective-card h2 .doc-id"), sorted[50..]);
    assert_eq!(count(&second, "nav.pager a[aria-current=page]"), 2);
    assert!(!site.out("objectives-3.html").exists());
}
