//! Links: every form of link between documents, backlinks, the successor of
//! an obsolete document, broken links and anchors, and an offline checker that
//! finds dead internal links in a built site.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use scraper::Html;

use super::{LINKS, TWO_DOCS};
use crate::support::{
    SAMPLE_DATE, attrs, count, doc, handbook, read_tree, sample_handbook, sel, texts,
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
fn sample_handbook_has_no_dead_internal_links() {
    let site = sample_handbook();
    site.build(&["--today", SAMPLE_DATE]).assert_code(0);
    let problems = dead_links(&site.root().join("book"));
    assert!(problems.is_empty(), "dead links:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Link forms.
// ---------------------------------------------------------------------------

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
