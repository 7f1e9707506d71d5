//! The output folder (written atomically, reproducibly, reusing unchanged
//! files on rebuilds), drafts, `init`, `clean`, options and configuration
//! errors, and the sidebar navigation script.

use super::{LINKS, TWO_DOCS};
use crate::support::{
    Site, attrs, count, doc, handbook, read_tree, sample_handbook, staging_leftovers, texts,
};

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
    assert_eq!(texts(&home, ".type-list .count"), ["(1)"]);
    let procedures = site.html("documents/procedure.html");
    assert_eq!(
        attrs(&procedures, ".doc-table a.doc-id", "href"),
        ["../doc/SOP-001.html"]
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

#[test]
fn build_and_check_count_in_the_same_words_and_singular_for_one() {
    let site = handbook(WITH_DRAFT);
    let out = site.build(&[]);
    out.assert_code(0);
    assert!(
        out.stderr
            .contains("Built 1 document page from 2 documents ("),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(" files"), "{}", out.stderr);
    let check = site.check(&[]);
    assert!(
        check
            .stderr
            .trim_end()
            .ends_with("0 errors, 0 warnings in 2 documents"),
        "{}",
        check.stderr
    );
    // One broken link: "1 error", never "1 errors".
    site.write(
        "content/procedures/a.md",
        &doc("SOP-001", "Alpha", "procedure", "See [[SOP-404]].\n"),
    );
    let failed = site.build(&[]);
    failed.assert_code(1);
    assert!(
        failed
            .stderr
            .contains("Build failed: 1 error, 0 warnings in 2 documents."),
        "{}",
        failed.stderr
    );
    let check = site.check(&[]);
    assert!(
        check
            .stderr
            .trim_end()
            .ends_with("1 error, 0 warnings in 2 documents"),
        "{}",
        check.stderr
    );
}

/// The home page stays light at any size: it counts the documents of each
/// type and links the type's own page, which lists them all, and shows the
/// ten most recently effective documents.
#[test]
fn the_home_page_counts_each_type_and_its_page_lists_them_all() {
    let docs: String = (1..=14)
        .map(|i| {
            format!(
                "-- content/p{i:02}.md --\n---\nid: SOP-{i:03}\ntitle: Procedure {i}\ntype: procedure\nstatus: approved\neffective: 2026-01-{i:02}\n---\nText.\n"
            )
        })
        .chain(["-- content/w.md --\n".to_string() + &doc("WI-001", "Work", "work-instruction", "Text.\n")])
        .collect();
    let site = handbook(&docs);
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let home = site.html("index.html");
    let types = attrs(&home, ".type-list a", "href");
    assert_eq!(
        types,
        [
            "documents/procedure.html",
            "documents/work-instruction.html"
        ]
    );
    assert_eq!(texts(&home, ".type-list .count"), ["(14)", "(1)"]);
    // The ten latest effective dates, newest first; the undated instruction is not among them.
    let recent = texts(&home, ".recent-documents tbody td:first-child");
    let expected: Vec<String> = (5..=14).rev().map(|i| format!("SOP-{i:03}")).collect();
    assert_eq!(recent, expected);
    let page = site.html("documents/procedure.html");
    assert_eq!(count(&page, "tbody tr"), 14);
    assert_eq!(
        attrs(&page, "tbody tr:first-child a.doc-id", "href"),
        ["../doc/SOP-001.html"]
    );
    assert_eq!(
        count(&site.html("documents/work-instruction.html"), "tbody tr"),
        1
    );
}
