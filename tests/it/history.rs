//! Change control from git: the revision and status each commit gave a
//! document, What's new and the feed in commit-time order, ignored
//! (mechanical) commits, and edits to an approved revision.

use crate::support::{Site, attrs, commit_all, git, handbook, head_hash, texts};

fn document(id: &str, revision: &str, status: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Doc {id}\ntype: procedure\nrevision: {revision}\nstatus: {status}\neffective: 2026-01-01\nreview_by: 2027-01-01\n---\n{body}"
    )
}

/// SOP-001 goes A → B → C, SOP-002 goes 1 → 2, with two changes on the same
/// day whose times order them the other way round from their IDs.
fn two_documents() -> Site {
    let site = handbook("");
    site.write(
        "content/a.md",
        &document("SOP-001", "A", "approved", "First.\n"),
    );
    site.write(
        "content/b.md",
        &document("SOP-002", "1", "approved", "One.\n"),
    );
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T09:00:00Z");
    commit_all(&site, "Add both", "2026-01-01T09:00:00Z");
    site.write(
        "content/a.md",
        &document("SOP-001", "B", "approved", "Second.\n"),
    );
    commit_all(&site, "Issue SOP-001 rev B", "2026-02-01T09:00:00Z");
    site.write(
        "content/b.md",
        &document("SOP-002", "2", "approved", "Two.\n"),
    );
    commit_all(&site, "Issue SOP-002 rev 2", "2026-02-01T15:00:00Z");
    site.write(
        "content/a.md",
        &document("SOP-001", "C", "approved", "Third.\n"),
    );
    commit_all(&site, "Issue SOP-001 rev C", "2026-02-01T17:00:00Z");
    site
}

#[test]
fn each_commit_shows_the_revision_it_made_and_news_follows_commit_time() {
    let site = two_documents();
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let page = site.html("doc/SOP-001.html");
    assert_eq!(
        texts(&page, ".history tbody tr td:nth-child(2)"),
        ["C", "B", "A"]
    );
    assert_eq!(
        texts(&page, ".history tbody tr td:nth-child(3)"),
        ["approved", "approved", "approved"]
    );

    let news = site.html("whats-new.html");
    let docs: Vec<String> = texts(&news, "tbody tr td:nth-child(2) .doc-id");
    let revisions = texts(&news, "tbody tr td:nth-child(3)");
    assert_eq!(
        docs,
        ["SOP-001", "SOP-002", "SOP-001", "SOP-001", "SOP-002"],
        "newest commit first, same-day changes by time"
    );
    assert_eq!(revisions, ["C", "2", "B", "A", "1"]);

    let feed = std::fs::read_to_string(site.out("feed.xml")).expect("feed");
    let xml = roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    let titles: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|n| n.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(titles.len(), 5);
    assert!(
        titles[0].contains("SOP-001") && titles[0].contains("rev. C"),
        "{titles:?}"
    );
    assert!(
        titles[2].contains("rev. B: Issue SOP-001 rev B"),
        "{titles:?}"
    );
    assert!(titles[3].contains("rev. A: Add both"), "{titles:?}");
}

#[test]
fn commits_in_the_ignore_revs_file_are_left_out() {
    let site = two_documents();
    site.write(
        "content/a.md",
        &document("SOP-001", "C", "approved", "Third.\n\n"),
    );
    commit_all(&site, "Reformat everything", "2026-03-01T09:00:00Z");
    let hash = head_hash(&site);
    site.write(
        ".git-blame-ignore-revs",
        &format!("# mechanical commits\n{hash} # reformat\n"),
    );
    let toml = std::fs::read_to_string(site.path("book.toml")).expect("book.toml");
    site.write(
        "book.toml",
        &format!("{toml}[history]\nignore-revs-file = \".git-blame-ignore-revs\"\n"),
    );
    commit_all(&site, "Ignore the reformat", "2026-03-01T10:00:00Z");
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    let page = site.html("doc/SOP-001.html");
    let subjects = texts(&page, ".history tbody tr td:nth-child(6)");
    assert_eq!(
        subjects,
        ["Issue SOP-001 rev C", "Issue SOP-001 rev B", "Add both"]
    );
    let news = site.html("whats-new.html");
    assert!(!texts(&news, "tbody tr td:nth-child(4)").contains(&"Reformat everything".to_string()));

    // A line that is not a full hash is an error at its line.
    site.write(".git-blame-ignore-revs", &format!("{hash}\nabc1234\n"));
    let out = site.check_json(&[]);
    out.assert_code(1);
    let d = out.diag("ignore-revs", ".git-blame-ignore-revs:2:1");
    assert!(d.message.contains("abc1234"), "{}", d.message);
}

const APPROVED_BODY: &str = "# Purpose\n\nKeep records of calibration.\n\n## Steps\n\n1. Check the gauge.\n2. Record the result.\n";

/// SOP-001 revision C approved in one commit, after a draft commit.
fn approved_document() -> Site {
    let site = handbook("");
    site.write(
        "content/a.md",
        &document("SOP-001", "C", "draft", APPROVED_BODY),
    );
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T09:00:00Z");
    commit_all(&site, "Draft rev C", "2026-01-01T09:00:00Z");
    site.write(
        "content/a.md",
        &document("SOP-001", "C", "approved", APPROVED_BODY),
    );
    commit_all(&site, "Approve SOP-001 rev C", "2026-01-05T09:00:00Z");
    site
}

fn after_approval(site: &Site) -> Vec<crate::support::Diag> {
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.with_code("changed-after-approval")
}

#[test]
fn an_edit_to_an_approved_revision_is_caught_committed_or_not() {
    let site = approved_document();
    assert!(after_approval(&site).is_empty(), "nothing changed yet");

    // Uncommitted: found in the work tree, at the changed line.
    let edited = document(
        "SOP-001",
        "C",
        "approved",
        &APPROVED_BODY.replace("2. Record the result.", "2. Record the result in the log."),
    );
    site.write("content/a.md", &edited);
    let found = after_approval(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d.level, "warning");
    assert_eq!(d.location.as_deref(), Some("content/a.md:17:15"));
    assert!(d.message.contains("revision C"), "{}", d.message);
    assert!(d.message.contains("Approve SOP-001 rev C"), "{}", d.message);
    assert!(d.message.contains("line 17"), "{}", d.message);
    assert!(d.help().contains("raise `revision:`"), "{}", d.help());

    // Committed: still found, naming the commit that approved revision C.
    commit_all(&site, "Small fix", "2026-02-01T09:00:00Z");
    let found = after_approval(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("Approve SOP-001 rev C"));

    // `deny` makes it an error.
    let toml = std::fs::read_to_string(site.path("book.toml")).expect("book.toml");
    site.write(
        "book.toml",
        &format!("{toml}changed-after-approval = \"deny\"\n"),
    );
    let out = site.check_json(&["--today", "2026-06-01"]);
    out.assert_code(1);
    assert_eq!(out.with_code("changed-after-approval")[0].level, "error");
    site.write("book.toml", &toml);

    // A new revision is not a change after approval.
    site.write(
        "content/a.md",
        &edited.replace("revision: C", "revision: D"),
    );
    assert!(after_approval(&site).is_empty());
}

#[test]
fn whitespace_and_review_records_are_not_changes() {
    let site = approved_document();
    let reflowed = document(
        "SOP-001",
        "C",
        "approved",
        "# Purpose\n\nKeep records\nof   calibration.\n\n\n## Steps\n\n1. Check the gauge.\n2. Record the result.\n\n",
    )
    .replace(
        "review_by: 2027-01-01",
        "review_by: 2028-01-01\nreviewed:\n  date: 2026-12-01\n  by: Quality Manager\n  outcome: no-change",
    );
    site.write("content/a.md", &reflowed);
    assert!(
        after_approval(&site).is_empty(),
        "{:?}",
        after_approval(&site)
    );
    commit_all(&site, "Reflow, next review 2028", "2026-02-01T09:00:00Z");
    assert!(after_approval(&site).is_empty());
    // Drafts are not held to their last approval.
    site.write(
        "content/a.md",
        &document("SOP-001", "C", "draft", "# Purpose\n\nRewritten.\n"),
    );
    assert!(after_approval(&site).is_empty());
}

/// SOP-001 issued as A, B, a draft C that was never approved, then D; its
/// revision A links to a document that is gone since.
fn revised_document() -> Site {
    let site = handbook("");
    let toml = std::fs::read_to_string(site.path("book.toml")).expect("book.toml");
    site.write(
        "book.toml",
        &format!("{toml}[output.html]\nsite-url = \"https://qms.example.com/\"\n"),
    );
    site.write(
        "content/b.md",
        "---\nid: SOP-002\ntitle: Other\ntype: procedure\nstatus: approved\n---\n# Other\n\n## Keep {#keep}\n\nText.\n",
    );
    let step = |revision: &str, status: &str, body: &str, date: &str, message: &str| {
        let text = document("SOP-001", revision, status, body).replace(
            "effective: 2026-01-01",
            &format!("effective: {}", &date[..10]),
        );
        site.write("content/a.md", &text);
        commit_all(&site, message, date);
    };
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    step(
        "A",
        "approved",
        "# Purpose\n\nKeep records of calibration. See [[SOP-002#keep]] and [[SOP-003]].\n\n## Steps\n\n1. Check the gauge.\n2. Record the result.\n",
        "2026-01-01T10:00:00Z",
        "Issue rev A",
    );
    step(
        "B",
        "approved",
        "# Purpose\n\nKeep signed records of calibration. See [[SOP-002#keep]].\n\n## Steps\n\n1. Check the gauge against the master.\n2. Record the result.\n3. Sign.\n",
        "2026-03-01T10:00:00Z",
        "Issue rev B",
    );
    step(
        "C",
        "draft",
        "# Purpose\n\nKeep records.\n",
        "2026-05-01T10:00:00Z",
        "Draft rev C",
    );
    step(
        "D",
        "approved",
        "# Purpose\n\nKeep signed records of calibration. See [[SOP-002#keep]].\n\n## Steps\n\n1. Check the gauge against the master.\n2. Record the result in the log.\n3. Sign.\n",
        "2026-06-01T10:00:00Z",
        "Issue rev D",
    );
    site
}

#[test]
fn earlier_revisions_are_published_with_a_banner_and_kept_out_of_everything_else() {
    let site = revised_document();
    site.build(&["--today", "2026-07-01"]).assert_code(0);
    // A and B were issued; C never left draft; D is the current page.
    assert!(site.out("doc/SOP-001/rev-A.html").is_file());
    assert!(site.out("doc/SOP-001/rev-B.html").is_file());
    assert!(!site.out("doc/SOP-001/rev-C.html").exists());
    assert!(!site.out("doc/SOP-001/rev-D.html").exists());

    let a = site.html("doc/SOP-001/rev-A.html");
    let banner = texts(&a, ".banner-superseded").join(" ");
    assert!(banner.contains("Superseded revision"), "{banner}");
    assert!(banner.contains("current revision is D"), "{banner}");
    assert_eq!(
        attrs(&a, ".banner-superseded a", "href")[0],
        "../../doc/SOP-001.html"
    );
    assert_eq!(attrs(&a, "meta[name=robots]", "content"), ["noindex"]);
    let prose = texts(&a, ".prose p").join(" ");
    assert!(prose.contains("Keep records of calibration."), "{prose}");
    // A link that still leads somewhere is a link; one to a document that is gone is text.
    assert_eq!(
        attrs(&a, ".prose p a", "href"),
        ["../../doc/SOP-002.html#keep"]
    );
    assert_eq!(texts(&a, ".prose .gone-link"), ["SOP-003"]);

    // The current page links to both and to the changes page; its history
    // links each earlier revision.
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, ".earlier-revision"), ["B", "A"]);
    assert_eq!(
        attrs(&page, ".history tbody td:nth-child(2) a", "href"),
        ["../doc/SOP-001/rev-B.html", "../doc/SOP-001/rev-A.html"]
    );

    // Nothing else lists them: not the sitemap, search, navigation, the print
    // page or coverage.
    for file in [
        "sitemap.xml",
        "search-index.js",
        "search-text-1.js",
        "nav.js",
        "print.html",
        "index.html",
        "register.html",
        "coverage/iso9001-2015.html",
    ] {
        let text =
            std::fs::read_to_string(site.out(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            !text.contains("rev-") && !text.contains("changes.html"),
            "{file} names an earlier revision"
        );
    }
}

#[test]
fn the_changes_page_compares_each_revision_with_the_one_before() {
    let site = revised_document();
    site.build(&["--today", "2026-07-01"]).assert_code(0);
    let changes = site.html("doc/SOP-001/changes.html");
    assert_eq!(
        texts(&changes, ".revision-step h2"),
        ["Revision B → D", "Revision A → B"]
    );
    // B → D: one word-level change in one list item.
    let first = texts(&changes, "#to-D .diff ins");
    assert_eq!(first, ["in the log"]);
    assert!(texts(&changes, "#to-D .diff del").is_empty());
    // A → B: inserted words, a deleted link, a whole new item, and the effective date.
    assert!(texts(&changes, "#to-B .diff ins").contains(&"signed".to_string()));
    assert!(
        texts(&changes, "#to-B .diff-inserted").contains(&"Sign.".to_string()),
        "{:?}",
        texts(&changes, "#to-B .diff-inserted")
    );
    assert_eq!(
        texts(&changes, "#to-B .field-changes tbody th"),
        ["effective"]
    );
    assert_eq!(
        texts(&changes, "#to-B .field-changes tbody td"),
        ["2026-01-01", "2026-03-01"]
    );

    // The summary of each revision comes from today's `changes:` log.
    let text = std::fs::read_to_string(site.path("content/a.md")).expect("a.md");
    site.write(
        "content/a.md",
        &text.replacen(
            "---\n#",
            "changes:\n  - revision: D\n    date: 2026-06-01\n    summary: Results go in the calibration log.\n---\n#",
            1,
        ),
    );
    site.build(&["--today", "2026-07-01"]).assert_code(0);
    let changes = site.html("doc/SOP-001/changes.html");
    assert_eq!(
        texts(&changes, "#to-D .change-summary"),
        ["Change summary: Results go in the calibration log."]
    );
    assert!(texts(&changes, "#to-B .change-summary").is_empty());

    // `archive-revisions = false` publishes none of it.
    let toml = std::fs::read_to_string(site.path("book.toml")).expect("book.toml");
    site.write(
        "book.toml",
        &format!("{toml}[history]\narchive-revisions = false\n"),
    );
    site.build(&["--today", "2026-07-01"]).assert_code(0);
    assert!(!site.out("doc/SOP-001/changes.html").exists());
    assert!(!site.out("doc/SOP-001/rev-A.html").exists());
    assert!(texts(&site.html("doc/SOP-001.html"), ".earlier-revision").is_empty());
}
