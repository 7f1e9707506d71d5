//! Every path of the published site, in one place. Paths are relative to the
//! site root, `/`-separated; pages prefix them with their own way back to the
//! root, so the site works from a sub-path and from `file://`.
//!
//! Nothing else in the crate spells `doc/…`, `clauses/…`, `coverage/…` or
//! `files/…`; a change of the URL scheme is a change of this file (and of the
//! theme's templates, which link the fixed pages such as `coverage.html`).

/// The folder of document pages.
pub const DOCUMENTS_DIR: &str = "doc";
/// The folder content files (PDFs, images) are published under.
pub const FILES_DIR: &str = "files";
/// The folder of clause pages.
pub const CLAUSES_DIR: &str = "clauses";
/// The folder of per-standard coverage pages.
pub const COVERAGE_DIR: &str = "coverage";

/// The page of the document with this ID.
pub fn document(id: &str) -> String {
    format!("{DOCUMENTS_DIR}/{id}.html")
}

/// The document ID of a document page's path, when it is one (not for the
/// pages of its earlier revisions, which sit in a folder named after it).
pub fn document_id(url: &str) -> Option<&str> {
    url.strip_prefix(DOCUMENTS_DIR)?
        .strip_prefix('/')?
        .strip_suffix(".html")
        .filter(|id| !id.contains('/'))
}

/// An earlier revision of a document, by the revision's slug (see
/// [`revision_slug`]): `doc/<ID>/rev-<slug>.html`.
pub fn archived_revision(id: &str, slug: &str) -> String {
    format!("{DOCUMENTS_DIR}/{id}/rev-{slug}.html")
}

/// The changes between a document's revisions: `doc/<ID>/changes.html`.
pub fn revision_changes(id: &str) -> String {
    format!("{DOCUMENTS_DIR}/{id}/changes.html")
}

/// Whether a site path is one of a document's revision pages (an earlier
/// revision or its changes page), which nothing lists.
pub fn is_revision_page(url: &str) -> bool {
    url.strip_prefix(DOCUMENTS_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|rest| rest.contains('/'))
}

/// A revision as it goes into a file name: ASCII letters, digits, `.`, `-`
/// and `_` kept, anything else written as `-`; `x` when nothing is left.
pub fn revision_slug(revision: &str) -> String {
    let slug: String = revision
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if slug.is_empty() {
        "x".to_string()
    } else {
        slug
    }
}

/// The folder of objective pages.
pub const OBJECTIVES_DIR: &str = "objectives";
/// The page listing every quality objective.
pub const OBJECTIVES: &str = "objectives.html";
/// The commitments × objectives page.
pub const ALIGNMENT: &str = "alignment.html";
/// The objectives as CSV.
pub const OBJECTIVES_CSV: &str = "objectives.csv";
/// The objectives as JSON.
pub const OBJECTIVES_JSON: &str = "objectives.json";

/// The folder of the document lists, one page per document type.
pub const TYPES_DIR: &str = "documents";

/// The list of the documents of one type: `documents/<type-slug>.html`.
pub fn type_index(key: &str) -> String {
    format!("{TYPES_DIR}/{}.html", crate::util::slug::slugify(key))
}

/// The page of one quality objective: `objectives/<ID>.html`.
pub fn objective(id: &str) -> String {
    format!("{OBJECTIVES_DIR}/{id}.html")
}

/// Awareness: outstanding acknowledgements by person and by role.
pub const AWARENESS: &str = "awareness.html";
/// The acknowledgement status as CSV.
pub const ACKNOWLEDGEMENTS_CSV: &str = "acknowledgements.csv";
/// The folder of the roles' reading lists.
pub const ROLES_DIR: &str = "awareness/roles";

/// The reading list of a role: `awareness/roles/<role-slug>.html`.
pub fn role(role: &str) -> String {
    format!("{ROLES_DIR}/{}.html", crate::util::slug::slugify(role))
}

/// The page of one clause of a standard.
pub fn clause(standard: &str, clause: &str) -> String {
    format!("{CLAUSES_DIR}/{standard}/{clause}.html")
}

/// The coverage matrix of one standard.
pub fn coverage(standard: &str) -> String {
    format!("{COVERAGE_DIR}/{standard}.html")
}

/// The clause-by-document grid of one standard.
pub fn coverage_grid(standard: &str) -> String {
    format!("{COVERAGE_DIR}/{standard}-grid.html")
}

/// The required documented information page of a standard, without `.html`
/// (its CSV and JSON exports share the name): `documented-information` for
/// ISO 9001, `documented-information-<key>` for the others.
pub fn documented_information(standard: &str) -> String {
    if standard == crate::config::DEFAULT_STANDARD {
        "documented-information".to_string()
    } else {
        format!("documented-information-{standard}")
    }
}

/// The folder of the transition pages.
pub const TRANSITION_DIR: &str = "transition";

/// The transition page from one standard to another:
/// `transition/<from>--<to>.html`.
pub fn transition(from: &str, to: &str) -> String {
    format!("{TRANSITION_DIR}/{from}--{to}.html")
}

/// The list of transition pages.
pub const TRANSITIONS: &str = "transition/index.html";

/// The integrated management system view (harmonized clauses side by side).
pub const INTEGRATED: &str = "coverage/integrated.html";

/// The anchor of a record on its governing document's page: `rec-<ID>`.
pub fn record_anchor(record_id: &str) -> String {
    format!("rec-{record_id}")
}

/// A record: its row on the governing document's page,
/// `doc/<DOC>.html#rec-<ID>`.
pub fn record(document_id: &str, record_id: &str) -> String {
    format!("{}#{}", document(document_id), record_anchor(record_id))
}

/// The records register.
pub const RECORDS_PAGE: &str = "records.html";

/// The document register (its first page, when it is split into pages).
pub const REGISTER_PAGE: &str = "register.html";

/// The register's every row as a script (`window.QMSBOOK_REGISTER`), which
/// the register's filter loads when the register is split into pages.
pub const REGISTER_DATA: &str = "register-data.js";

/// The owners page.
pub const OWNERS_PAGE: &str = "owners.html";

/// The folder of the owners' own pages.
pub const OWNERS_DIR: &str = "owners";

/// The page listing every document one owner owns, by the owner's slug:
/// `owners/<slug>.html`.
pub fn owner(slug: &str) -> String {
    format!("{OWNERS_DIR}/{slug}.html")
}

/// The reviews page.
pub const REVIEWS_PAGE: &str = "reviews.html";

/// Every recorded periodic review, newest first (when the reviews page lists
/// only the latest).
pub const RECORDED_REVIEWS_PAGE: &str = "reviews-recorded.html";

/// The folder of the reviews due of each owner, when the reviews page lists
/// only the first ones.
pub const REVIEWS_DIR: &str = "reviews";

/// The reviews due of one owner, by the owner's slug: `reviews/<slug>.html`.
pub fn owner_reviews(slug: &str) -> String {
    format!("{REVIEWS_DIR}/{slug}.html")
}

/// A published content file; `rel` is its path under the content folder
/// (percent-encode it first when the result goes into a link).
pub fn file(rel: &str) -> String {
    format!("{FILES_DIR}/{rel}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_paths_read_back() {
        assert_eq!(document("SOP-004"), "doc/SOP-004.html");
        assert_eq!(document_id(&document("SOP-004")), Some("SOP-004"));
        assert_eq!(document_id("docs/SOP-004.html"), None);
        assert_eq!(document_id("doc/SOP-004.htm"), None);
        assert_eq!(document_id(&archived_revision("SOP-004", "C")), None);
        assert_eq!(revision_changes("SOP-004"), "doc/SOP-004/changes.html");
        assert!(is_revision_page(&revision_changes("SOP-004")));
        assert!(is_revision_page(&archived_revision("SOP-004", "C")));
        assert!(!is_revision_page(&document("SOP-004")));
    }

    #[test]
    fn revision_slugs_are_safe_file_names() {
        assert_eq!(revision_slug("C"), "C");
        assert_eq!(revision_slug(" 1.2 "), "1.2");
        assert_eq!(revision_slug("../x y"), "..-x-y");
        assert_eq!(revision_slug("Ä"), "-");
        assert_eq!(revision_slug(""), "x");
    }

    #[test]
    fn standard_paths() {
        assert_eq!(
            clause("iso9001-2015", "7.5.3"),
            "clauses/iso9001-2015/7.5.3.html"
        );
        assert_eq!(coverage("iso9001-2015"), "coverage/iso9001-2015.html");
        assert_eq!(coverage_grid("x"), "coverage/x-grid.html");
        assert_eq!(
            transition("iso9001-2015", "iso13485-2016"),
            "transition/iso9001-2015--iso13485-2016.html"
        );
        assert_eq!(file("a%20b.pdf"), "files/a%20b.pdf");
        assert_eq!(objective("OBJ-2026-01"), "objectives/OBJ-2026-01.html");
    }

    #[test]
    fn record_paths_point_into_the_governing_page() {
        assert_eq!(record("SOP-003", "REC-TRN"), "doc/SOP-003.html#rec-REC-TRN");
        assert_eq!(
            document_id(record("SOP-003", "R").split('#').next().unwrap_or("")),
            Some("SOP-003")
        );
    }
}
