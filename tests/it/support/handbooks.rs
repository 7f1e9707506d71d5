//! Small fixtures, and the repository's own handbook.

use std::path::Path;

use super::{Site, copy_dir};

/// `book.toml` used when a fixture does not bring its own.
/// The lints about a handbook as a whole (what ISO 9001 requires, who links
/// where, who owns what) are allowed here: these fixtures test other things,
/// and the `check` module tests the lints.
pub const BOOK_TOML: &str = "[book]\ntitle = \"Test handbook\"\n[check]\nmissing-documented-information = \"allow\"\norphan-document = \"allow\"\nno-owner = \"allow\"\nno-approver = \"allow\"\nempty-section = \"allow\"\nempty-document = \"allow\"\n";

/// A handbook from a txtar archive, with [`BOOK_TOML`] unless it has a `book.toml`.
pub fn handbook(txtar: &str) -> Site {
    let site = Site::new(txtar);
    if !site.path("book.toml").exists() {
        site.write("book.toml", BOOK_TOML);
    }
    site
}

/// Front matter and body of an approved document, as file contents.
pub fn doc(id: &str, title: &str, doc_type: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\ntype: {doc_type}\nstatus: approved\n---\n{body}")
}

/// The day the sample handbook is checked as of, so that review dates passing
/// in the real world do not break the tests.
pub const SAMPLE_DATE: &str = "2026-11-22";

/// The repository's own handbook (`book.toml`, `content/`, its roster
/// `people.csv` and ledger `acknowledgements/` and, when present, the clause
/// catalogs in `standards/`), copied into a temporary folder.
pub fn sample_handbook() -> Site {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::empty();
    std::fs::copy(repo.join("book.toml"), site.path("book.toml")).expect("copy book.toml");
    copy_dir(&repo.join("content"), &site.path("content"));
    if repo.join("standards").is_dir() {
        copy_dir(&repo.join("standards"), &site.path("standards"));
    }
    if repo.join("people.csv").is_file() {
        std::fs::copy(repo.join("people.csv"), site.path("people.csv")).expect("copy people.csv");
    }
    if repo.join("acknowledgements").is_dir() {
        copy_dir(
            &repo.join("acknowledgements"),
            &site.path("acknowledgements"),
        );
    }
    site
}
