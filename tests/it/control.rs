//! Document control: life cycle, review dates, revision history from git,
//! What's new and its feed, the print page and the manifest.

use sha2::{Digest, Sha256};

use crate::support::{Site, attrs, commit_all, count, git, read_tree, texts};

const BOOK: &str = r#"
-- book.toml --
[book]
title = "Control"
organization = "Acme"
[documents]
review-interval-months = 12
review-warning-days = 30
[output.html]
git-repository-url = "https://git.example.com/acme/qms"
-- content/a.md --
---
id: SOP-001
title: Alpha
type: procedure
status: approved
effective: 2026-01-10
clauses: ["7.5.1"]
---
First text.
"#;

#[test]
fn history_follows_renames_newest_first_with_commit_links() {
    let site = Site::new(BOOK);
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    commit_all(&site, "Add Alpha", "2026-01-01T10:00:00Z");
    site.write(
        "content/a.md",
        &std::fs::read_to_string(site.path("content/a.md"))
            .expect("read")
            .replace("First text.", "Second text."),
    );
    commit_all(&site, "Tighten the scope", "2026-02-01T10:00:00Z");
    std::fs::create_dir_all(site.path("content/procedures")).expect("mkdir");
    git(
        &site,
        &["mv", "content/a.md", "content/procedures/alpha.md"],
        "2026-03-01T10:00:00Z",
    );
    commit_all(&site, "Move Alpha into procedures", "2026-03-01T10:00:00Z");

    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    assert!(
        !out.stderr.contains("git-history"),
        "no note with full history: {}",
        out.stderr
    );
    let page = site.html("doc/SOP-001.html");
    let subjects: Vec<String> = texts(&page, ".history tbody tr td:nth-child(6)");
    assert_eq!(
        subjects,
        [
            "Move Alpha into procedures",
            "Tighten the scope",
            "Add Alpha"
        ]
    );
    let dates = texts(&page, ".history tbody tr td:nth-child(1)");
    assert_eq!(
        dates,
        ["2026-03-01 10:00", "2026-02-01 10:00", "2026-01-01 10:00"]
    );
    assert_eq!(
        texts(&page, ".history tbody tr td:nth-child(4)")[0],
        "Ann Author"
    );
    let links = attrs(&page, ".history tbody tr td:nth-child(5) a", "href");
    assert_eq!(links.len(), 3);
    assert!(
        links[0].starts_with("https://git.example.com/acme/qms/commit/"),
        "{links:?}"
    );
    let last = texts(&page, ".control-block tr:nth-child(5) td").join(" ");
    assert!(last.contains("2026-03-01 by Ann Author"), "{last}");

    // What's new lists the same commits; the feed is valid Atom with one entry per change.
    let news = site.html("whats-new.html");
    assert_eq!(
        texts(&news, "tbody tr td:nth-child(4)")[0],
        "Move Alpha into procedures"
    );
    let feed = std::fs::read_to_string(site.out("feed.xml")).expect("feed");
    let xml = roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    let root = xml.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 3);
    for e in &entries {
        for child in ["title", "id", "updated", "link"] {
            assert!(
                e.children().any(|n| n.has_tag_name(child)),
                "entry without <{child}>"
            );
        }
    }

    // The manifest names the commit and whether the work tree was dirty.
    let manifest = site.json("manifest.json");
    assert_eq!(
        manifest["source"]["git_commit"].as_str().map(str::len),
        Some(40)
    );
    assert_eq!(manifest["source"]["dirty"], false);

    // Building twice with history gives byte-identical output.
    let first = read_tree(&site.root().join("book"));
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    assert!(
        first == read_tree(&site.root().join("book")),
        "output changed between two builds"
    );
}

#[test]
fn without_git_the_build_succeeds_with_one_note_and_no_history() {
    let site = Site::new(BOOK);
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    let notes = out.with_code("git-history").len();
    assert_eq!(notes, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("not in a git repository"),
        "{}",
        out.stderr
    );
    let page = site.html("doc/SOP-001.html");
    assert_eq!(count(&page, ".history"), 0);
    // What's new falls back to effective dates, not made-up commits.
    let news = site.html("whats-new.html");
    assert_eq!(texts(&news, "tbody tr td:nth-child(1)"), ["2026-01-10"]);
    let manifest = site.json("manifest.json");
    assert!(manifest["source"]["git_commit"].is_null());
}

#[test]
fn a_shallow_clone_says_history_is_incomplete() {
    let origin = Site::new(BOOK);
    git(
        &origin,
        &["init", "-q", "-b", "main"],
        "2026-01-01T10:00:00Z",
    );
    commit_all(&origin, "Add Alpha", "2026-01-01T10:00:00Z");
    origin.write(
        "content/b.md",
        "---\nid: SOP-002\ntitle: Beta\ntype: procedure\nstatus: approved\n---\nB.\n",
    );
    commit_all(&origin, "Add Beta", "2026-02-01T10:00:00Z");
    let clone = Site::empty();
    let url = format!("file://{}", origin.root().display());
    let dest = clone.root().join("repo");
    let dest = dest.to_str().expect("UTF-8 path");
    git(
        &clone,
        &["clone", "-q", "--depth", "1", &url, dest],
        "2026-02-01T10:00:00Z",
    );
    let out = clone.run(&["build", "--today", "2026-06-01", dest]);
    let stderr = &out.stderr;
    assert_eq!(out.code, 0, "{stderr}");
    assert!(
        stderr.contains("shallow clone") && stderr.contains("fetch"),
        "{stderr}"
    );
}

const LIFECYCLE: &str = r#"
-- book.toml --
[book]
title = "Life cycle"
[documents.types.procedure]
label = "Procedure"
review-interval-months = 12
-- content/current.md --
---
id: SOP-010
title: Current
type: procedure
status: approved
effective: 2025-01-01
review_by: 2026-05-01
supersedes: [SOP-009]
clauses: ["7.5.1"]
---
See [[SOP-009]].
-- content/old.md --
---
id: SOP-009
title: Old way
type: procedure
status: obsolete
effective: 2020-01-01
superseded_by: SOP-010
clauses: ["7.5.2"]
---
Old.
-- content/soon.md --
---
id: SOP-011
title: Due soon
type: procedure
status: approved
effective: 2025-06-20
clauses: ["7.5.3.1"]
---
Interval from effective: due 2026-06-20.
-- content/future.md --
---
id: SOP-012
title: Future
type: procedure
status: approved
effective: 2026-09-01
clauses: ["7.5.3.2"]
---
Not yet.
-- content/draft.md --
---
id: SOP-013
title: Draft
type: procedure
status: draft
clauses: ["8.1"]
---
Draft.
"#;

#[test]
fn life_cycle_banners_navigation_and_coverage() {
    let site = Site::new(LIFECYCLE);
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    // A current document linking to an obsolete one is warned about.
    out.diag("link-to-obsolete", "content/current.md:11:5");
    // Overdue review: warning at the review date, banner, Reviews page.
    let d = out.diag("review-overdue", "content/current.md:7:12");
    assert!(d.message.contains("2026-05-01 (31 days ago)"), "{d:?}");
    let current = site.html("doc/SOP-010.html");
    assert_eq!(count(&current, ".banner-overdue"), 1);
    let soon = site.html("doc/SOP-011.html");
    assert_eq!(
        count(&soon, ".banner-due"),
        1,
        "due within 30 days, from the type's interval"
    );
    // Every page's sidebar links to the document-control views.
    let hrefs = attrs(&current, ".nav-fixed a", "href");
    for view in ["../reviews.html", "../whats-new.html", "../print.html"] {
        assert!(
            hrefs.iter().any(|h| h == view),
            "{view} missing from {hrefs:?}"
        );
    }
    let reviews = site.html("reviews.html");
    let rows = texts(&reviews, "tbody tr td:first-child");
    assert_eq!(rows, ["SOP-010 Current", "SOP-011 Due soon"]);

    // Future effective date: banner, counts as planned.
    let future = site.html("doc/SOP-012.html");
    let banner = texts(&future, ".banner-future").join(" ");
    assert!(banner.contains("takes effect on 2026-09-01"), "{banner}");

    // Obsolete: banner naming the successor, out of navigation and coverage.
    let old = site.html("doc/SOP-009.html");
    assert_eq!(
        attrs(&old, ".banner-obsolete a", "href"),
        ["../doc/SOP-010.html"]
    );
    let nav = std::fs::read_to_string(site.out("nav.js")).expect("nav");
    assert!(
        !nav.contains("SOP-009") && !nav.contains("SOP-013"),
        "{nav}"
    );
    assert!(nav.contains("SOP-012"));
    assert!(
        !site.out("doc/SOP-013.html").exists(),
        "drafts are not published"
    );
    let cov = site.json("coverage-iso9001-2015.json");
    let status = |id: &str| {
        cov["clauses"]
            .as_array()
            .and_then(|c| c.iter().find(|x| x["id"] == id))
            .map(|x| x["status"].clone())
    };
    assert_eq!(
        status("7.5.2"),
        Some("gap".into()),
        "obsolete documents never count"
    );
    assert_eq!(status("7.5.3.2"), Some("planned".into()));
    assert_eq!(status("8.1"), Some("planned".into()));

    // The print page has the current documents in navigation order, not the obsolete one.
    let print = site.html("print.html");
    assert_eq!(
        attrs(&print, "article.print-doc", "id"),
        ["SOP-010", "SOP-011", "SOP-012"]
    );
    // Every printed page names its document and revision.
    let css = std::fs::read_to_string(site.out("print-pages.css")).expect("print css");
    assert!(css.contains("[id=\"SOP-011\"] { page: d1; }"), "{css}");
    assert!(css.contains("@page d1 { @bottom-center { content: \"Uncontrolled when printed · SOP-011 · printed \" var(--qms-print-date)"), "{css}");
    // Its link to the obsolete document leaves the page; links between printed documents stay on it.
    assert_eq!(
        attrs(&print, "#SOP-010 .prose a", "href"),
        ["doc/SOP-009.html"]
    );

    // With --drafts the draft is published with a banner, and a watermark class for print.
    site.build(&["--today", "2026-06-01", "--drafts"])
        .assert_code(0);
    let draft = site.html("doc/SOP-013.html");
    assert_eq!(count(&draft, ".banner-draft"), 1);
    assert_eq!(count(&draft, "article.doc-status-draft"), 1);
}

#[test]
fn supersession_must_be_consistent() {
    let site = Site::new(&LIFECYCLE.replace(
        "status: obsolete\neffective: 2020-01-01",
        "status: approved\neffective: 2020-01-01",
    ));
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(0);
    out.diag("superseded-not-obsolete", "content/current.md:8:14");

    let cycle = Site::new(&LIFECYCLE.replace("superseded_by: SOP-010", "supersedes: [SOP-010]"));
    let out = cycle.build(&["--today", "2026-06-01"]);
    out.assert_code(1);
    assert!(
        out.codes().contains(&"supersession-cycle".to_string()),
        "{}",
        out.stderr
    );
}

#[test]
fn manifest_checksums_match_the_files() {
    let site = Site::new(LIFECYCLE);
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let manifest = site.json("manifest.json");
    assert_eq!(manifest["build_date"], "2026-06-01");
    assert_eq!(manifest["tool"]["name"], "qmsbook");
    let files = manifest["files"].as_array().expect("files");
    let tree = read_tree(&site.root().join("book"));
    assert_eq!(
        files.len(),
        tree.len() - 1,
        "every file but the manifest itself"
    );
    for f in files {
        let path = f["path"].as_str().expect("path");
        let bytes = tree
            .get(path)
            .unwrap_or_else(|| panic!("{path} listed but missing"));
        let digest: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"].as_str(), Some(digest.as_str()), "{path}");
        assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64));
    }
}
