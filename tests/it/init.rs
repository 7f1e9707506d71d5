//! `qmsbook init`: the neutral starter (a template whose placeholders
//! `check` lists) and `--example` (the complete sample handbook).

use crate::support::{Site, json_diagnostics, read_tree};

/// Every file of the folder as text, for searching.
fn all_text(site: &Site, rel: &str) -> String {
    read_tree(&site.path(rel))
        .into_values()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[test]
fn the_starter_builds_with_only_todo_warnings() {
    let site = Site::empty();
    let out = site.run(&["init", "hb"]);
    out.assert_code(0);
    assert!(out.stderr.contains("cd hb"), "{}", out.stderr);
    for file in [
        "book.toml",
        ".gitignore",
        ".vscode/settings.json",
        ".github/workflows/qmsbook.yml",
        ".qmsbook/front-matter.schema.json",
        "content/index.md",
        "content/manual/quality-manual.md",
        "content/policies/quality-policy.md",
    ] {
        assert!(site.path("hb").join(file).is_file(), "{file} missing");
    }
    // Neutral: nothing of the example's fictional company.
    let text = all_text(&site, "hb");
    assert!(
        !text.contains("Harbour"),
        "the example company leaked into the starter"
    );
    assert!(
        std::fs::read_to_string(site.path("hb/.gitignore"))
            .expect("gitignore")
            .lines()
            .any(|l| l == "/book/")
    );
    // The schema the documents' modelines and the editor settings point at.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.path("hb/.qmsbook/front-matter.schema.json"))
            .expect("schema"),
    )
    .expect("the schema is JSON");
    assert!(schema.get("properties").is_some(), "{schema}");
    let manual =
        std::fs::read_to_string(site.path("hb/content/manual/quality-manual.md")).expect("manual");
    assert!(
        manual.contains("# yaml-language-server: $schema=../../.qmsbook/front-matter.schema.json"),
        "{manual}"
    );

    // `check` reports only placeholders, each at its place.
    let check = site.run(&["check", "hb", "--format", "json"]);
    check.assert_code(0);
    let diagnostics = json_diagnostics(&check.stdout);
    assert!(diagnostics.len() > 20, "{}", check.stdout);
    let others: Vec<_> = diagnostics.iter().filter(|d| d.code != "todo").collect();
    assert!(others.is_empty(), "{others:?}");
    assert!(
        diagnostics
            .iter()
            .any(|d| d.location.as_deref() == Some("book.toml:7:17")
                && d.message.contains("organisation's name")),
        "{}",
        check.stdout
    );
    // The build succeeds, and shows the drafts (marked as such) while they are written.
    let build = site.run(&["build", "hb"]);
    build.assert_code(0);
    assert!(
        build
            .problem_lines()
            .iter()
            .all(|l| l.starts_with("warning[todo]")),
        "{}",
        build.stderr
    );
    let page = std::fs::read_to_string(site.path("hb/book/doc/POL-001.html")).expect("page");
    assert!(page.to_lowercase().contains("draft"));
}

#[test]
fn org_fills_in_the_name_and_its_todo_goes() {
    let site = Site::empty();
    site.run(&["init", "hb", "--org", "Acme \"Precision\" Ltd"])
        .assert_code(0);
    let toml = std::fs::read_to_string(site.path("hb/book.toml")).expect("book.toml");
    let parsed: toml::Table = toml::from_str(&toml).expect("book.toml is TOML");
    assert_eq!(
        parsed["book"]["organization"].as_str(),
        Some("Acme \"Precision\" Ltd")
    );
    let check = site.run(&["check", "hb", "--format", "json"]);
    assert!(
        !json_diagnostics(&check.stdout)
            .iter()
            .any(|d| d.message.contains("organisation's name")),
        "{}",
        check.stdout
    );
    for bad in ["", "   ", "two\nlines"] {
        let out = Site::empty().run(&["init", "x", "--org", bad]);
        out.assert_code(2);
        assert!(out.stderr.contains("--org"), "{}", out.stderr);
    }
}

#[test]
fn example_is_the_sample_handbook_and_builds_cleanly() {
    let site = Site::empty();
    let out = site.run(&["init", "hb", "--example"]);
    out.assert_code(0);
    assert!(all_text(&site, "hb/content").contains("Harbour"));
    assert!(site.path("hb/.gitignore").is_file());
    let build = site.run(&["build", "hb"]);
    build.assert_code(0);
    assert_eq!(
        build.problem_lines(),
        Vec::<&str>::new(),
        "{}",
        build.stderr
    );
    assert!(site.path("hb/book/index.html").is_file());
    let conflict = Site::empty().run(&["init", "x", "--example", "--org", "A"]);
    assert_ne!(conflict.code, 0);
}

#[test]
fn init_never_overwrites_a_file() {
    let site = Site::new("-- book.toml --\n# mine\n");
    let out = site.run(&["init", "."]);
    out.assert_code(2);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path("book.toml")).expect("book.toml"),
        "# mine\n"
    );
    assert!(!site.path("content").exists(), "nothing was written");
    // A file the starter does not have is left alone, and init goes ahead.
    let other = Site::new("-- notes.txt --\nkeep\n");
    other.run(&["init", "."]).assert_code(0);
    assert_eq!(
        std::fs::read_to_string(other.path("notes.txt")).expect("notes"),
        "keep\n"
    );
}
