//! "Edit this page": the link to a document's source file, built from
//! `[output.html] git-repository-url` and `edit-url-template` with the
//! file's path in the repository (which may hold the handbook in a
//! sub-folder).

use scraper::Html;

use crate::support::{Site, attrs, commit_all, git};

fn handbook(html: &str) -> String {
    format!(
        r#"
-- handbook/book.toml --
[book]
title = "Edit"
[output.html]
{html}
-- handbook/content/procedures/my alpha.md --
---
id: SOP-001
title: Alpha
type: procedure
status: approved
effective: 2026-01-10
---
Text.
-- README.md --
The repository's own files.
"#
    )
}

fn edit_links(site: &Site, args: &[&str]) -> Vec<String> {
    let out = site
        .command(&["build", "handbook", "--today", "2026-06-01"])
        .args(args)
        .output()
        .expect("qmsbook runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(site.path("handbook/book/doc/SOP-001.html"))
        .expect("the document page");
    attrs(&Html::parse_document(&page), "a.edit-link", "href")
}

#[test]
fn the_path_is_the_files_path_in_the_repository_even_from_a_sub_folder() {
    let site = Site::new(&handbook(
        "git-repository-url = \"https://git.example.com/acme/qms/\"",
    ));
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    commit_all(&site, "Add Alpha", "2026-01-01T10:00:00Z");
    assert_eq!(
        edit_links(&site, &[]),
        ["https://git.example.com/acme/qms/edit/main/handbook/content/procedures/my%20alpha.md"]
    );
}

#[test]
fn the_template_is_configurable_and_an_empty_one_turns_the_link_off() {
    let site = Site::new(&handbook(
        "git-repository-url = \"https://gitlab.example.com/acme/qms\"\nedit-url-template = \"{repo}/-/edit/trunk/{path}?ref_type=heads\"",
    ));
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    commit_all(&site, "Add Alpha", "2026-01-01T10:00:00Z");
    assert_eq!(
        edit_links(&site, &[]),
        [
            "https://gitlab.example.com/acme/qms/-/edit/trunk/handbook/content/procedures/my%20alpha.md?ref_type=heads"
        ]
    );

    let off = Site::new(&handbook(
        "git-repository-url = \"https://git.example.com/acme/qms\"\nedit-url-template = \"\"",
    ));
    assert!(edit_links(&off, &[]).is_empty());
}

#[test]
fn without_git_the_path_is_taken_from_the_handbook_folder_and_without_a_url_there_is_no_link() {
    let site = Site::new(&handbook(
        "git-repository-url = \"https://git.example.com/acme/qms\"",
    ));
    assert_eq!(
        edit_links(&site, &[]),
        ["https://git.example.com/acme/qms/edit/main/content/procedures/my%20alpha.md"]
    );
    let none = Site::new(&handbook(""));
    assert!(edit_links(&none, &[]).is_empty());
}
