//! End-to-end tests of `qmsbook build` (and `init` / `clean`): each test writes
//! a small handbook, runs the real binary, and checks the exit code, the
//! diagnostics (code and exact `file:line:column`) and the parsed HTML.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use scraper::Html;

use crate::support::{
    Diag, Output, SAMPLE_DATE, Site, attrs, count, doc, handbook, read_tree, sample_handbook, sel,
    staging_leftovers, texts,
};

// ---------------------------------------------------------------------------
// An offline link checker.
// ---------------------------------------------------------------------------

/// Checks every `href` and `src` of every HTML file under `out`: internal
/// targets must be files in `out`, and `#fragment`s must name an element `id`
/// in the target page. `http:`, `https:` and `mailto:` links are skipped.
/// Returns one line per problem.
fn dead_links(out: &Path) -> Vec<String> {
    // The element ids of each target page, parsed once.
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut has_id = |file: &Path, id: &str| -> bool {
        ids.entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(file).unwrap_or_default();
                let html = Html::parse_document(&text);
                attrs(&html, "[id]", "id").into_iter().collect()
            })
            .contains(id)
    };
    let mut problems = Vec::new();
    let pages: Vec<String> = read_tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(!pages.is_empty(), "no HTML files in {}", out.display());
    for page in pages {
        let file = out.join(&page);
        let html = Html::parse_document(&std::fs::read_to_string(&file).expect("read page"));
        for element in html.select(&sel("[href], [src]")) {
            for attr in ["href", "src"] {
                let Some(link) = element.value().attr(attr) else {
                    continue;
                };
                let lower = link.to_ascii_lowercase();
                if ["http:", "https:", "mailto:"]
                    .iter()
                    .any(|s| lower.starts_with(s))
                {
                    continue;
                }
                let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
                let path = path.split('?').next().unwrap_or("");
                let target = if path.is_empty() {
                    file.clone()
                } else {
                    let dir = file.parent().expect("page folder");
                    normalize(&dir.join(percent_decode(path)))
                };
                if !target.starts_with(out) || !target.is_file() {
                    problems.push(format!("{page}: {attr}=\"{link}\": no such file"));
                    continue;
                }
                let fragment = percent_decode(fragment);
                if !fragment.is_empty() && !has_id(&target, &fragment) {
                    problems.push(format!(
                        "{page}: {attr}=\"{link}\": no element with id `{fragment}`"
                    ));
                }
            }
        }
    }
    problems
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// The sample handbook.
// ---------------------------------------------------------------------------

#[test]
fn sample_handbook_builds_without_errors_or_warnings() {
    let site = sample_handbook();
    let out = site.build(&["--today", SAMPLE_DATE]);
    out.assert_code(0);
    assert_eq!(
        out.problem_lines(),
        Vec::<&str>::new(),
        "stderr:\n{}",
        out.stderr
    );
    assert!(site.out("index.html").is_file());
    assert!(site.out("404.html").is_file());
    assert!(site.out("doc/SOP-001.html").is_file());
}

#[test]
fn sample_handbook_has_no_dead_internal_links() {
    let site = sample_handbook();
    site.build(&["--today", SAMPLE_DATE]).assert_code(0);
    let problems = dead_links(&site.root().join("book"));
    assert!(problems.is_empty(), "dead links:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Link forms.
// ---------------------------------------------------------------------------

/// Three approved documents and a home page that link to each other in every way.
const LINKS: &str = r#"
    -- content/index.md --
    # Welcome

    Start with [[SOP-001]] or its [scope](procedures/a.md#scope).

    -- content/procedures/a.md --
    ---
    id: SOP-001
    title: Alpha
    type: procedure
    status: approved
    ---
    ## Scope

    What this covers. ![Flow](flow.png)

    ## Records {#records}

    Back to [the scope](#scope).

    -- content/procedures/flow.png --
    not really a PNG
    -- content/procedures/b.md --
    ---
    id: SOP-002
    title: Beta
    type: procedure
    status: approved
    ---
    ## Purpose

    1. [[SOP-001]]
    2. [[SOP-001|the alpha procedure]]
    3. [[SOP-001#records]]
    4. [alpha](a.md)
    5. [alpha records](a.md#records)
    6. [our aims](../policies/p.md#aims)
    7. [purpose](#purpose)
    8. [home](../index.md)

    -- content/policies/p.md --
    ---
    id: POL-001
    title: Quality policy
    type: policy
    status: approved
    ---
    ## Aims

    Follow [[SOP-001]].
"#;

/// The `<a>` of list item `n` (1-based) in the body of a document page.
fn item_link(page: &Html, n: usize, what: &str) -> Vec<String> {
    let selector = format!(".prose ol > li:nth-child({n}) > a");
    match what {
        "text" => texts(page, &selector),
        attr => attrs(page, &selector, attr),
    }
}

#[test]
fn id_link_shows_id_and_title_of_the_target() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let page = site.html("doc/SOP-002.html");
    let selector = ".prose ol > li:nth-child(1) > a.doc-ref";
    assert_eq!(attrs(&page, selector, "href"), ["../doc/SOP-001.html"]);
    assert_eq!(texts(&page, selector), ["SOP-001 Alpha"]);
    assert_eq!(
        texts(&page, &format!("{selector} .doc-id")),
        ["SOP-001"],
        "the ID is marked up on its own"
    );
}

#[test]
fn id_link_with_text_keeps_the_authors_text() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let page = site.html("doc/SOP-002.html");
    assert_eq!(item_link(&page, 2, "href"), ["../doc/SOP-001.html"]);
    assert_eq!(item_link(&page, 2, "text"), ["the alpha procedure"]);
}

#[test]
fn id_link_with_anchor_points_at_the_heading() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let page = site.html("doc/SOP-002.html");
    assert_eq!(item_link(&page, 3, "href"), ["../doc/SOP-001.html#records"]);
    let text = item_link(&page, 3, "text");
    assert!(
        text[0].contains("SOP-001") && text[0].contains("Alpha") && text[0].contains("Records"),
        "{text:?}"
    );
    let target = site.html("doc/SOP-001.html");
    assert_eq!(count(&target, "h2#records"), 1);
}

#[test]
fn relative_markdown_links_are_rewritten_to_pages() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let page = site.html("doc/SOP-002.html");
    assert_eq!(item_link(&page, 4, "href"), ["../doc/SOP-001.html"]);
    assert_eq!(item_link(&page, 5, "href"), ["../doc/SOP-001.html#records"]);
    assert_eq!(item_link(&page, 6, "href"), ["../doc/POL-001.html#aims"]);
    assert_eq!(item_link(&page, 8, "href"), ["../index.html"]);
    assert_eq!(item_link(&page, 5, "text"), ["alpha records"]);
}

#[test]
fn same_page_anchor_link_stays_a_fragment() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let page = site.html("doc/SOP-002.html");
    assert_eq!(item_link(&page, 7, "href"), ["#purpose"]);
    assert_eq!(count(&page, "h2#purpose"), 1);
    let alpha = site.html("doc/SOP-001.html");
    assert_eq!(attrs(&alpha, ".prose p > a[href^='#']", "href"), ["#scope"]);
}

#[test]
fn links_on_the_home_page_are_relative_to_the_site_root() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".home-text a.doc-ref", "href"),
        ["doc/SOP-001.html"]
    );
    assert_eq!(texts(&home, ".home-text a.doc-ref"), ["SOP-001 Alpha"]);
    assert_eq!(
        attrs(&home, ".home-text p a:not(.doc-ref)", "href"),
        ["doc/SOP-001.html#scope"]
    );
}

#[test]
fn content_files_are_published_and_linked() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let alpha = site.html("doc/SOP-001.html");
    assert_eq!(
        attrs(&alpha, ".prose img", "src"),
        ["../files/procedures/flow.png"]
    );
    assert_eq!(
        std::fs::read(site.out("files/procedures/flow.png")).expect("copied file"),
        b"not really a PNG\n"
    );
}

#[test]
fn link_fixture_has_no_dead_internal_links() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let problems = dead_links(&site.root().join("book"));
    assert!(problems.is_empty(), "dead links:\n{}", problems.join("\n"));
}

#[test]
fn backlinks_list_each_linking_document_once() {
    let site = handbook(LINKS);
    site.build(&[]).assert_code(0);
    let alpha = site.html("doc/SOP-001.html");
    // SOP-002 links to SOP-001 five times, POL-001 once.
    assert_eq!(
        attrs(&alpha, ".backlinks li a", "href"),
        ["../doc/POL-001.html", "../doc/SOP-002.html"]
    );
    assert_eq!(
        texts(&alpha, ".backlinks li a"),
        ["POL-001 Quality policy", "SOP-002 Beta"]
    );
    let beta = site.html("doc/SOP-002.html");
    assert_eq!(count(&beta, ".backlinks li"), 0);
}

#[test]
fn sample_handbook_with_drafts_has_no_dead_internal_links() {
    let site = sample_handbook();
    let out = site.build(&["--drafts", "--today", SAMPLE_DATE]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new(), "{}", out.stderr);
    let problems = dead_links(&site.root().join("book"));
    assert!(problems.is_empty(), "dead links:\n{}", problems.join("\n"));
}

/// An obsolete document and the one that replaces it.
const SUPERSEDED: &str = r#"
    -- content/procedures/old.md --
    ---
    id: SOP-001
    title: Old way
    type: procedure
    status: obsolete
    superseded_by: SOP-002
    ---
    Do not use.
    -- content/procedures/new.md --
    ---
    id: SOP-002
    title: New way
    type: procedure
    status: approved
    supersedes: [SOP-001]
    ---
    Use this.
"#;

#[test]
fn obsolete_banner_links_to_the_successor() {
    let site = handbook(&SUPERSEDED.replace("superseded_by: SOP-002", "superseded_by: sop-002"));
    site.build(&[]).assert_code(0);
    let old = site.html("doc/SOP-001.html");
    assert_eq!(count(&old, ".banner-obsolete"), 1);
    // IDs are case-insensitive everywhere else, so `sop-002` names SOP-002.
    assert_eq!(
        attrs(&old, ".banner-obsolete a", "href"),
        ["../doc/SOP-002.html"],
        "the banner must link to the successor's real page"
    );
    let problems = dead_links(&site.root().join("book"));
    assert!(problems.is_empty(), "dead links:\n{}", problems.join("\n"));
}

#[test]
fn unknown_successor_never_gives_a_dead_link() {
    let site = handbook(&SUPERSEDED.replace("superseded_by: SOP-002", "superseded_by: SOP-099"));
    let out = site.build(&[]);
    // Either the build reports the unknown ID, or the site it writes has no dead link.
    if out.code == 0 {
        let problems = dead_links(&site.root().join("book"));
        assert!(
            problems.is_empty(),
            "`superseded_by: SOP-099` (no such document) built with exit 0 and dead links:\n{}",
            problems.join("\n")
        );
    } else {
        out.assert_code(1);
        assert!(
            out.errors()
                .iter()
                .any(|d| d.location.as_deref() == Some("content/procedures/old.md:6:16")),
            "the error points at the value of `superseded_by`:\n{}",
            out.stderr
        );
    }
}

// ---------------------------------------------------------------------------
// Broken links.
// ---------------------------------------------------------------------------

/// Two approved procedures with a few sections and no links.
const TWO_DOCS: &str = r#"
    -- content/procedures/a.md --
    ---
    id: SOP-001
    title: Alpha
    type: procedure
    status: approved
    ---
    ## Scope

    ## Records
    -- content/procedures/b.md --
    ---
    id: SOP-002
    title: Beta
    type: procedure
    status: approved
    ---
    ## Purpose

"#;

#[test]
fn unknown_id_is_a_broken_link_with_a_suggestion() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/b.md",
        &doc(
            "SOP-002",
            "Beta",
            "procedure",
            "## Purpose\n\nSee [[NOPE]] and then [[SOP-01]].\n",
        ),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("broken-link", "content/procedures/b.md:9:5");
    assert!(d.message.contains("`NOPE`"), "{}", d.message);
    let d = out.diag("broken-link", "content/procedures/b.md:9:23");
    assert!(d.help().contains("did you mean `[[SOP-001]]`"), "{d:?}");
    assert_eq!(out.errors().len(), 2, "{}", out.stderr);
}

#[test]
fn unknown_anchor_is_a_broken_anchor_with_a_suggestion() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/b.md",
        &doc(
            "SOP-002",
            "Beta",
            "procedure",
            "## Purpose\n\nKeep [[SOP-001#recrods]].\nAnd [this](#purpse).\n",
        ),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("broken-anchor", "content/procedures/b.md:9:6");
    assert!(d.message.contains("`recrods`"), "{}", d.message);
    assert!(d.help().contains("did you mean `#records`"), "{d:?}");
    let d = out.diag("broken-anchor", "content/procedures/b.md:10:5");
    assert!(d.help().contains("did you mean `#purpose`"), "{d:?}");
    assert_eq!(out.errors().len(), 2, "{}", out.stderr);
}

#[test]
fn relative_path_to_a_missing_file_is_a_broken_link() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/b.md",
        &doc(
            "SOP-002",
            "Beta",
            "procedure",
            "## Purpose\n\nAs in [alpha](../procedure/a.md#scope).\n",
        ),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("broken-link", "content/procedures/b.md:9:7");
    assert!(d.message.contains("../procedure/a.md"), "{}", d.message);
    assert!(d.help().contains("did you mean `procedures/a.md`"), "{d:?}");
    assert_eq!(out.errors().len(), 1, "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// Duplicate IDs.
// ---------------------------------------------------------------------------

#[test]
fn duplicate_id_is_reported_at_the_second_file() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/b.md",
        &doc("SOP-001", "Beta", "procedure", "Text.\n"),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("duplicate-id", "content/procedures/b.md:2:5");
    assert!(
        d.message.contains("content/procedures/a.md"),
        "{}",
        d.message
    );
}

#[test]
fn ids_differing_only_by_case_are_duplicates() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/b.md",
        &doc("sop-001", "Beta", "procedure", "Text.\n"),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("duplicate-id", "content/procedures/b.md:2:5");
    assert!(
        d.message.contains("content/procedures/a.md"),
        "{}",
        d.message
    );
    assert!(d.message.contains("case"), "{}", d.message);
}

// ---------------------------------------------------------------------------
// Front matter.
// ---------------------------------------------------------------------------

/// Builds a handbook with one file `content/x.md` and returns the build output.
fn build_one(contents: &[u8]) -> Output {
    let site = handbook("");
    site.write_bytes("content/x.md", contents);
    site.build(&[])
}

/// Fails when the message names a line other than the one the diagnostic points at.
fn assert_message_agrees_with_location(d: &Diag) {
    let location = d.location.as_deref().unwrap_or("");
    let line = location.split(':').nth(1).unwrap_or("");
    if let Some(rest) = d.message.split(" line ").nth(1) {
        let said: String = rest.chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(
            said, line,
            "the message names line {said}, the location is `{location}`: {d:?}"
        );
    }
}

#[test]
fn missing_front_matter() {
    let out = build_one(b"# Just a heading\n\nText.\n");
    out.assert_code(1);
    let d = out.diag("missing-front-matter", "content/x.md:1:1");
    assert!(d.help().contains("---"), "{d:?}");
}

#[test]
fn unterminated_front_matter() {
    let out = build_one(b"---\nid: SOP-001\ntitle: T\ntype: procedure\n\n# Body\n");
    out.assert_code(1);
    out.diag("unterminated-front-matter", "content/x.md:1:1");
}

#[test]
fn unclosed_quote_points_at_the_quote() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: \"Unclosed\ntype: procedure\nstatus: approved\n---\nText.\n",
    );
    out.assert_code(1);
    assert_eq!(out.codes(), ["invalid-yaml"], "{}", out.stderr);
    // The mistake is the quotation mark opened on line 3, column 8.
    let d = out.diag("invalid-yaml", "content/x.md:3:8");
    assert!(d.help().contains("quot"), "{d:?}");
}

#[test]
fn tab_indentation_points_at_the_tab() {
    let site = handbook("");
    site.write(
        "content/list.md",
        "---\nid: SOP-001\ntitle: T\ntype: procedure\nclauses:\n\t- \"7.5\"\n---\n",
    );
    site.write(
        "content/key.md",
        "---\nid: SOP-002\ntitle: T\n\ttype: procedure\n---\n",
    );
    let out = site.build(&[]);
    out.assert_code(1);
    for (file, at) in [("list", "6:1"), ("key", "4:1")] {
        let d = out.diag("invalid-yaml", &format!("content/{file}.md:{at}"));
        assert!(d.help().contains("tab"), "{d:?}");
    }
}

#[test]
fn yaml_error_messages_do_not_name_another_line() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: T: x\ntype: procedure\nstatus: approved\n---\nText.\n",
    );
    out.assert_code(1);
    let d = out.diag("invalid-yaml", "content/x.md:3:9");
    assert_message_agrees_with_location(&d);
}

#[test]
fn front_matter_that_is_a_list() {
    let out = build_one(b"---\n- id: SOP-001\n- title: T\n---\nText.\n");
    out.assert_code(1);
    let d = out.diag("invalid-front-matter", "content/x.md:1:1");
    assert!(d.message.contains("list"), "{}", d.message);
}

#[test]
fn wrong_field_types_point_at_the_value() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: [a]\ntype: procedure\nstatus: approved\nweight: heavy\n---\nText.\n",
    );
    out.assert_code(1);
    let d = out.diag("invalid-front-matter", "content/x.md:3:8");
    assert!(d.message.contains("`title`"), "{}", d.message);
    let d = out.diag("invalid-front-matter", "content/x.md:6:9");
    assert!(d.message.contains("`weight`"), "{}", d.message);
    assert_eq!(out.errors().len(), 2, "{}", out.stderr);
}

#[test]
fn impossible_date_points_at_the_value() {
    let out = build_one(
        b"---\nid: SOP-001\ntitle: T\ntype: procedure\neffective: 2026-02-30\nstatus: approved\n---\nText.\n",
    );
    out.assert_code(1);
    let d = out.diag("invalid-date", "content/x.md:5:12");
    assert!(d.message.contains("2026-02-30"), "{}", d.message);
    assert!(
        out.stderr.contains("\n  |            ^^^^^^^^^^\n"),
        "the caret underlines the date:\n{}",
        out.stderr
    );
}

#[test]
fn unknown_type_suggests_the_closest() {
    let out = build_one(b"---\nid: SOP-001\ntitle: T\ntype: procdure\nstatus: approved\n---\n");
    out.assert_code(1);
    let d = out.diag("unknown-type", "content/x.md:4:7");
    assert!(d.help().contains("did you mean `procedure`"), "{d:?}");
}

#[test]
fn unknown_status_suggests_the_closest() {
    let out = build_one(b"---\nid: SOP-001\ntitle: T\ntype: procedure\nstatus: aproved\n---\n");
    out.assert_code(1);
    let d = out.diag("invalid-status", "content/x.md:5:9");
    assert!(d.message.contains("`aproved`"), "{}", d.message);
    assert!(d.help().contains("did you mean `approved`"), "{d:?}");
}

#[test]
fn missing_required_fields_are_named() {
    let out = build_one(b"---\ntitle: T\nstatus: approved\n---\nText.\n");
    out.assert_code(1);
    let d = out.diag("missing-field", "content/x.md:1:1");
    assert!(d.message.contains("`id`"), "{}", d.message);
    assert!(d.message.contains("`type`"), "{}", d.message);
    assert!(!d.message.contains("`title`"), "{}", d.message);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = handbook(TWO_DOCS);
    site.write(
        "content/procedures/a.md",
        &doc("SOP-001", "Alpha", "procedure", "See [[SOP-404]].\n"),
    );
    site.write(
        "content/procedures/b.md",
        "---\nid: SOP-002\ntitle: \"Beta\ntype: procedure\n---\n",
    );
    site.write(
        "content/procedures/c.md",
        &doc("SOP-003", "Gamma", "prcedure", "Text.\n"),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let errors = out.errors();
    let files: Vec<&str> = errors
        .iter()
        .map(|d| {
            d.location
                .as_deref()
                .unwrap_or("")
                .split(':')
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        files,
        [
            "content/procedures/a.md",
            "content/procedures/b.md",
            "content/procedures/c.md"
        ],
        "{}",
        out.stderr
    );
    assert_eq!(
        out.errors().into_iter().map(|d| d.code).collect::<Vec<_>>(),
        ["broken-link", "invalid-yaml", "unknown-type"]
    );
    assert!(
        out.stderr.contains("Build failed: 3 errors"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------
// Encodings and line endings.
// ---------------------------------------------------------------------------

#[test]
fn file_with_a_bom_builds() {
    let site = handbook("");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(doc("SOP-001", "With BOM", "procedure", "## Scope\n").as_bytes());
    site.write_bytes("content/a.md", &bytes);
    let out = site.build(&[]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new());
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, "article h1"), ["SOP-001 With BOM"]);
    assert_eq!(count(&page, "h2#scope"), 1);
}

#[test]
fn file_with_crlf_line_endings_builds() {
    let site = handbook("");
    let text = doc(
        "SOP-001",
        "Windows",
        "procedure",
        "## Scope\n\nText on\ntwo lines.\n\n## Records {#records}\n",
    );
    site.write("content/a.md", &text.replace('\n', "\r\n"));
    let out = site.build(&[]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new());
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, "article h1"), ["SOP-001 Windows"]);
    assert_eq!(attrs(&page, ".prose h2", "id"), ["scope", "records"]);
    assert_eq!(texts(&page, ".prose p"), ["Text on two lines."]);
}

#[test]
fn errors_in_a_crlf_file_have_the_right_line() {
    let site = handbook("");
    let text = doc(
        "SOP-001",
        "Windows",
        "procedure",
        "## Scope\n\nText.\n\nMore text.\n\nSee [[SOP-999]] here.\n",
    );
    site.write("content/a.md", &text.replace('\n', "\r\n"));
    let out = site.build(&[]);
    out.assert_code(1);
    out.diag("broken-link", "content/a.md:13:5");
}

#[test]
fn file_with_lone_cr_line_endings_builds() {
    let site = handbook("");
    site.write(
        "content/b.md",
        &doc("SOP-002", "Beta", "procedure", "## Purpose\n"),
    );
    let text = doc(
        "SOP-001",
        "Old Mac",
        "procedure",
        "## Scope\n\nSee [[SOP-002#purpose]].\n",
    );
    site.write("content/a.md", &text.replace('\n', "\r"));
    let out = site.build(&[]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new());
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, "article h1"), ["SOP-001 Old Mac"]);
    assert_eq!(attrs(&page, ".prose h2", "id"), ["scope"]);
    assert_eq!(
        attrs(&page, ".prose a.doc-ref", "href"),
        ["../doc/SOP-002.html#purpose"]
    );
}

#[test]
fn latin1_file_is_invalid_utf8_naming_the_file() {
    let out = build_one(b"---\nid: SOP-001\ntitle: Caf\xE9\ntype: procedure\n---\n");
    out.assert_code(1);
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    assert_eq!(errors[0].code, "invalid-utf8");
    assert!(
        errors[0]
            .location
            .as_deref()
            .unwrap_or("")
            .starts_with("content/x.md"),
        "{:?}",
        errors[0]
    );
    assert!(
        errors[0].message.contains("content/x.md"),
        "{:?}",
        errors[0]
    );
    assert!(errors[0].message.contains("line 3"), "{:?}", errors[0]);
}

// ---------------------------------------------------------------------------
// Output handling.
// ---------------------------------------------------------------------------

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = handbook(TWO_DOCS);
    site.build(&[]).assert_code(0);
    let before = read_tree(&site.root().join("book"));
    assert!(before.contains_key("index.html"));

    site.write(
        "content/procedures/b.md",
        &doc("SOP-002", "Beta changed", "procedure", "See [[NOPE]].\n"),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    assert!(out.stderr.contains("was left untouched"), "{}", out.stderr);
    let after = read_tree(&site.root().join("book"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "the previous output changed");
    assert_eq!(staging_leftovers(&site), Vec::<String>::new());
}

/// A rebuild reuses the previous site's unchanged files (hard links, so the
/// same inode), writes changed ones anew, drops files no longer produced and
/// never modifies a file of the previous site, not even one that another
/// folder hard-links to (a deploy snapshot made with `cp -al`).
#[cfg(unix)]
#[test]
fn rebuilds_reuse_unchanged_files_and_never_modify_the_previous_site() {
    use std::os::unix::fs::MetadataExt;
    let site = handbook(TWO_DOCS);
    let env = [("SOURCE_DATE_EPOCH", "1000000000")];
    let first = site.build_env(&[], &env);
    first.assert_code(0);
    assert!(!first.stderr.contains("unchanged"), "{}", first.stderr);
    let inode = |rel: &str| std::fs::metadata(site.out(rel)).expect("page").ino();
    let (a_before, b_before) = (inode("doc/SOP-001.html"), inode("doc/SOP-002.html"));
    // A deploy snapshot sharing the inodes of the current site.
    let snapshot = site.path("snapshot-b.html");
    std::fs::hard_link(site.out("doc/SOP-002.html"), &snapshot).expect("link");
    let snapshot_bytes = std::fs::read(&snapshot).expect("read");

    // Unchanged input: every file is reused.
    let second = site.build_env(&[], &env);
    second.assert_code(0);
    assert!(second.stderr.contains("unchanged"), "{}", second.stderr);
    assert_eq!(inode("doc/SOP-001.html"), a_before);

    // Beta's body changes, Alpha's page stays; a new file appears.
    site.write(
        "content/procedures/b.md",
        &doc(
            "SOP-002",
            "Beta",
            "procedure",
            "## Purpose

New words.
",
        ),
    );
    site.write("content/forms/f.pdf", "%PDF-1.4 form");
    site.build_env(&[], &env).assert_code(0);
    assert_eq!(inode("doc/SOP-001.html"), a_before, "unchanged page reused");
    assert_ne!(
        inode("doc/SOP-002.html"),
        b_before,
        "changed page written anew"
    );
    let beta = std::fs::read_to_string(site.out("doc/SOP-002.html")).expect("read");
    assert!(beta.contains("New words."));
    assert_eq!(
        std::fs::read(&snapshot).expect("read"),
        snapshot_bytes,
        "snapshot untouched"
    );
    assert!(site.out("files/forms/f.pdf").is_file());

    // The file is gone from the sources: it is gone from the site and the manifest.
    std::fs::remove_file(site.path("content/forms/f.pdf")).expect("remove");
    site.build_env(&[], &env).assert_code(0);
    assert!(!site.out("files/forms/f.pdf").exists());
    let manifest = std::fs::read_to_string(site.out("manifest.json")).expect("manifest");
    assert!(!manifest.contains("f.pdf"), "{manifest}");
    assert_eq!(staging_leftovers(&site), Vec::<String>::new());
}

#[test]
fn builds_are_reproducible() {
    let site = sample_handbook();
    let env = [("SOURCE_DATE_EPOCH", "1000000000")]; // 2001-09-09
    site.build_env(&[], &env).assert_code(0);
    let first = read_tree(&site.root().join("book"));
    site.build_env(&[], &env).assert_code(0);
    let second = read_tree(&site.root().join("book"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    let differing: Vec<&String> = first
        .iter()
        .filter(|(path, bytes)| second.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "files differ: {differing:?}");
    assert_eq!(staging_leftovers(&site), Vec::<String>::new());

    for page in ["index.html", "doc/SOP-001.html"] {
        let footer = texts(&site.html(page), "footer.site-footer");
        assert_eq!(footer.len(), 1, "{page}");
        assert!(footer[0].contains("2001-09-09"), "{page}: {footer:?}");
    }
}

// ---------------------------------------------------------------------------
// Drafts.
// ---------------------------------------------------------------------------

const WITH_DRAFT: &str = r#"
    -- content/procedures/a.md --
    ---
    id: SOP-001
    title: Alpha
    type: procedure
    status: approved
    ---
    Text.
    -- content/procedures/b.md --
    ---
    id: SOP-002
    title: Beta draft
    type: procedure
    ---
    ## Purpose
"#;

#[test]
fn drafts_are_not_published_by_default() {
    let site = handbook(WITH_DRAFT);
    site.build(&[]).assert_code(0);
    assert!(site.out("doc/SOP-001.html").is_file());
    assert!(!site.out("doc/SOP-002.html").exists());
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".doc-table a.doc-id", "href"),
        ["doc/SOP-001.html"]
    );
    let nav = std::fs::read_to_string(site.out("nav.js")).expect("nav.js");
    assert!(!nav.contains("SOP-002"), "{nav}");
}

#[test]
fn link_to_a_draft_is_an_unpublished_link() {
    let site = handbook(WITH_DRAFT);
    site.write(
        "content/procedures/a.md",
        &doc(
            "SOP-001",
            "Alpha",
            "procedure",
            "Text.\n\nSee [[SOP-002]].\n",
        ),
    );
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out.diag("unpublished-link", "content/procedures/a.md:9:5");
    assert!(d.help().contains("--drafts"), "{d:?}");
}

#[test]
fn drafts_flag_publishes_drafts() {
    let site = handbook(WITH_DRAFT);
    site.write(
        "content/procedures/a.md",
        &doc(
            "SOP-001",
            "Alpha",
            "procedure",
            "Text.\n\nSee [[SOP-002]].\n",
        ),
    );
    site.build(&["--drafts"]).assert_code(0);
    let draft = site.html("doc/SOP-002.html");
    assert_eq!(texts(&draft, "article h1"), ["SOP-002 Beta draft"]);
    assert_eq!(count(&draft, ".banner-draft"), 1);
    let alpha = site.html("doc/SOP-001.html");
    assert_eq!(
        attrs(&alpha, ".prose a.doc-ref", "href"),
        ["../doc/SOP-002.html"]
    );
}

// ---------------------------------------------------------------------------
// Commands and options.
// ---------------------------------------------------------------------------

#[test]
fn dest_dir_option_writes_there() {
    let site = handbook(TWO_DOCS);
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let dest = elsewhere.path().join("site");
    site.build(&["-d", dest.to_str().expect("UTF-8 path")])
        .assert_code(0);
    assert!(dest.join("index.html").is_file());
    assert!(dest.join("doc/SOP-001.html").is_file());
    assert!(!site.out("").exists(), "nothing written to book/");
}

#[test]
fn init_creates_a_handbook_that_builds() {
    let site = Site::empty();
    site.run(&["init", "hb"]).assert_code(0);
    assert!(site.path("hb/book.toml").is_file());
    let out = site.run(&["build", "hb"]);
    out.assert_code(0);
    assert_eq!(out.problem_lines(), Vec::<&str>::new(), "{}", out.stderr);
    assert!(site.path("hb/book/index.html").is_file());
}

#[test]
fn init_refuses_a_folder_with_a_book_toml() {
    let site = Site::new("-- book.toml --\n# mine\n");
    let out = site.run(&["init", "."]);
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path("book.toml")).expect("book.toml"),
        "# mine\n"
    );
    assert!(!site.path("content").exists(), "nothing was written");
}

#[test]
fn clean_removes_the_output_folder() {
    let site = handbook(TWO_DOCS);
    site.build(&[]).assert_code(0);
    assert!(site.out("index.html").is_file());
    let root = site.root().to_str().expect("UTF-8 path").to_string();
    site.run(&["clean", &root]).assert_code(0);
    assert!(!site.out("").exists());
    assert!(site.path("content/procedures/a.md").is_file());
}

#[test]
fn unknown_key_in_book_toml_is_a_config_error_at_its_line() {
    let site = handbook(TWO_DOCS);
    site.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[build]\nbuild-dir = \"book\"\ndraft = true\n",
    );
    let out = site.build(&[]);
    out.assert_code(2);
    let d = out.diag("config", "book.toml:6:1");
    assert!(d.message.contains("`draft`"), "{}", d.message);
    assert!(!site.out("").exists());
}

#[test]
fn missing_book_toml_is_a_config_error() {
    let site = Site::new("-- content/a.md --\n# Hi\n");
    let out = site.build(&[]);
    out.assert_code(2);
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    assert_eq!(errors[0].code, "config");
    assert!(errors[0].message.contains("book.toml"), "{:?}", errors[0]);
    assert!(errors[0].help().contains("qmsbook init"), "{:?}", errors[0]);
}

// ---------------------------------------------------------------------------
// Sidebar navigation.
// ---------------------------------------------------------------------------

/// A handbook of `n` approved procedures `SOP-001`… that link to their neighbours.
fn generated_handbook(n: usize) -> Site {
    let site = handbook("");
    for i in 1..=n {
        let next = if i < n { i + 1 } else { 1 };
        let body = format!(
            "## Purpose\n\nHow we do thing {i}. Then see [[SOP-{next:03}]].\n\n## Records\n\nKeep them.\n"
        );
        site.write(
            &format!("content/procedures/p{i:03}.md"),
            &doc(
                &format!("SOP-{i:03}"),
                &format!("Procedure {i}"),
                "procedure",
                &body,
            ),
        );
    }
    site
}

#[test]
fn nav_js_lists_every_published_document() {
    let site = handbook(LINKS);
    site.write(
        "content/procedures/c.md",
        "---\nid: SOP-003\ntitle: Draft\ntype: procedure\n---\n",
    );
    site.build(&[]).assert_code(0);
    let nav = std::fs::read_to_string(site.out("nav.js")).expect("nav.js");
    for id in ["SOP-001", "SOP-002", "POL-001"] {
        assert!(nav.contains(&format!("\"{id}\"")), "{id} missing: {nav}");
        assert!(nav.contains(&format!("\"doc/{id}.html\"")), "{id}: {nav}");
    }
    assert!(!nav.contains("SOP-003"), "draft listed in nav.js: {nav}");
    // Every page nav.js points to exists.
    for url in nav.split('"').filter(|s| s.ends_with(".html")) {
        assert!(site.out(url).is_file(), "nav.js links to missing {url}");
    }
    let page = site.html("doc/SOP-001.html");
    assert_eq!(attrs(&page, "script[src$='nav.js']", "src"), ["../nav.js"]);
}

#[test]
fn page_size_does_not_grow_with_the_handbook() {
    let small = generated_handbook(5);
    small.build(&[]).assert_code(0);
    let large = generated_handbook(300);
    large.build(&[]).assert_code(0);
    let size = |site: &Site| {
        std::fs::metadata(site.out("doc/SOP-003.html"))
            .expect("page")
            .len()
    };
    let (s, l) = (size(&small), size(&large));
    assert!(
        l.abs_diff(s) < 2048,
        "SOP-003.html is {s} bytes in 5 documents, {l} bytes in 300"
    );
    let nav = std::fs::read_to_string(large.out("nav.js")).expect("nav.js");
    assert!(nav.contains("\"SOP-300\""));
}
