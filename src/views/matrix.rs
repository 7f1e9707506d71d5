//! What the coverage matrix page shows of a [`StandardRecord`]: each clause
//! with the documents that tag it grouped by document (a document once, its
//! tagged sections under it), an inherited exclusion named by the excluded
//! clause instead of repeating its justification, and for parents what a
//! collapsed row must still show (the open and excluded requirements inside).
//! A row lists at most [`MATRIX_DOCUMENTS`] documents and counts the others
//! (the clause's page lists them all); its status is the clause's, computed
//! from every document, never from those listed.
//!
//! Plain data for templates; the CSV and JSON exports keep their one-row-per-
//! tag records ([`crate::views::coverage`]). Never HTML.

use std::collections::HashMap;

use serde::Serialize;

use crate::analysis::coverage::{ClauseStatus, RefState};
use crate::views::coverage::{ClauseRecord, RefRecord, StandardRecord};
use crate::views::paging::MATRIX_DOCUMENTS;

/// A tagged section of a document.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    /// Heading id.
    pub anchor: String,
    /// Heading text.
    pub title: String,
    /// The section's URL (page and anchor), relative to the site root; `None` when the document is not published.
    pub url: Option<String>,
}

/// A document that tags a clause, once, with the sections of it that do.
#[derive(Debug, Clone, Serialize)]
pub struct DocGroup {
    /// Document ID.
    pub id: String,
    /// Document title.
    pub title: String,
    /// Document status.
    pub status: &'static str,
    /// Whether its tags count toward coverage.
    pub counts: bool,
    /// Why they count or not.
    pub state: RefState,
    /// It counts, but the document is past its review date.
    pub review_overdue: bool,
    /// Whether the document as a whole (its front matter) tags the clause.
    pub whole: bool,
    /// The tagged sections, in document order of first mention.
    pub sections: Vec<SectionRef>,
    /// The document's page, relative to the site root; `None` when not published.
    pub url: Option<String>,
}

/// Groups tags by document, keeping the order of `refs` (counting
/// documents first, then by ID, as [`crate::views::coverage`] sorts them).
pub fn group_refs(refs: &[RefRecord]) -> Vec<DocGroup> {
    let mut groups: Vec<DocGroup> = Vec::new();
    // Where each document's group is: a clause of a large handbook has
    // thousands of tags.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in refs {
        let at = match index.get(r.id.as_str()) {
            Some(&at) => at,
            None => {
                index.insert(r.id.as_str(), groups.len());
                groups.push(DocGroup {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    status: r.status,
                    counts: false,
                    state: r.state,
                    review_overdue: r.review_overdue,
                    whole: false,
                    sections: Vec::new(),
                    url: r
                        .url
                        .as_deref()
                        .map(|u| u.split('#').next().unwrap_or(u).to_string()),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[at];
        if r.counts && !g.counts {
            g.counts = true;
            g.state = r.state;
        }
        match (&r.section, &r.section_title) {
            (Some(anchor), title) => {
                if !g.sections.iter().any(|s| &s.anchor == anchor) {
                    g.sections.push(SectionRef {
                        anchor: anchor.clone(),
                        title: title.clone().unwrap_or_else(|| anchor.clone()),
                        url: r.url.clone(),
                    });
                }
            }
            (None, _) => g.whole = true,
        }
    }
    groups
}

/// Requirements under a parent that a collapsed row must still show.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inside {
    /// Requirements with no document (clause ids, catalog order).
    pub gaps: Vec<String>,
    /// Requirements only planned.
    pub planned: Vec<String>,
    /// Requirements addressed only by documents past their review date.
    pub review_overdue: Vec<String>,
    /// Requirements excluded.
    pub not_applicable: usize,
}

/// One row of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixRow<'a> {
    /// The clause and its coverage.
    pub clause: &'a ClauseRecord,
    /// Its documents, one entry per document: the first
    /// [`MATRIX_DOCUMENTS`] (those that count come first).
    pub documents: Vec<DocGroup>,
    /// How many more documents tag it (its clause page lists them all).
    pub more: usize,
    /// How many of those count toward coverage.
    pub more_counting: usize,
    /// For an exclusion inherited from an ancestor: that ancestor's id (its
    /// row carries the justification).
    pub excluded_with: Option<&'a str>,
    /// For parents: the open and excluded requirements under it.
    pub inside: Option<Inside>,
}

/// The matrix of one standard.
#[derive(Debug, Serialize)]
pub struct Matrix<'a> {
    /// Every clause in catalog order.
    pub rows: Vec<MatrixRow<'a>>,
    /// Parents at this level and deeper start collapsed in the compact view
    /// (the top-level clauses stay open).
    pub compact_level: usize,
}

/// The level from which parents start collapsed in the compact view.
pub const COMPACT_LEVEL: usize = 2;

/// The matrix rows of `r`.
pub fn matrix(r: &StandardRecord) -> Matrix<'_> {
    let rows = r
        .clauses
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let inside = (!c.is_requirement).then(|| inside(r, i));
            let mut documents = group_refs(&c.documents);
            let rest = documents.split_off(documents.len().min(MATRIX_DOCUMENTS));
            MatrixRow {
                clause: c,
                documents,
                more: rest.len(),
                more_counting: rest.iter().filter(|g| g.counts).count(),
                excluded_with: c
                    .not_applicable
                    .as_ref()
                    .and_then(|e| e.inherited_from.as_deref()),
                inside,
            }
        })
        .collect();
    Matrix {
        rows,
        compact_level: COMPACT_LEVEL,
    }
}

/// The requirements under the clause at `at` (its descendants follow it in
/// catalog order, at a deeper level).
fn inside(r: &StandardRecord, at: usize) -> Inside {
    let level = r.clauses[at].level;
    let mut out = Inside::default();
    for c in r.clauses[at + 1..]
        .iter()
        .take_while(|c| c.level > level)
        .filter(|c| c.is_requirement)
    {
        match c.status {
            ClauseStatus::Gap => out.gaps.push(c.id.clone()),
            ClauseStatus::Planned => out.planned.push(c.id.clone()),
            ClauseStatus::NotApplicable => out.not_applicable += 1,
            ClauseStatus::Addressed if c.review_overdue > 0 => {
                out.review_overdue.push(c.id.clone())
            }
            ClauseStatus::Addressed | ClauseStatus::Partial => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(id: &str, section: Option<&str>, counts: bool) -> RefRecord {
        RefRecord {
            id: id.to_string(),
            title: format!("Title {id}"),
            status: if counts { "approved" } else { "draft" },
            counts,
            state: if counts {
                RefState::Counts
            } else {
                RefState::Draft
            },
            review_overdue: false,
            section: section.map(str::to_string),
            section_title: section.map(|s| format!("Section {s}")),
            url: Some(match section {
                Some(s) => format!("doc/{id}.html#{s}"),
                None => format!("doc/{id}.html"),
            }),
        }
    }

    #[test]
    fn a_document_is_listed_once_with_its_sections() {
        let groups = group_refs(&[
            tag("A-1", None, true),
            tag("A-1", Some("one"), true),
            tag("A-1", Some("two"), true),
            tag("B-1", Some("x"), false),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].id, "A-1");
        assert!(groups[0].whole);
        assert_eq!(groups[0].url.as_deref(), Some("doc/A-1.html"));
        let anchors: Vec<&str> = groups[0]
            .sections
            .iter()
            .map(|s| s.anchor.as_str())
            .collect();
        assert_eq!(anchors, ["one", "two"]);
        assert_eq!(
            groups[0].sections[1].url.as_deref(),
            Some("doc/A-1.html#two")
        );
        assert!(!groups[1].whole && !groups[1].counts);
        assert_eq!(groups[1].state, RefState::Draft);
    }

    #[test]
    fn an_unpublished_document_has_no_links() {
        let mut t = tag("C-1", Some("s"), false);
        t.url = None;
        let groups = group_refs(&[t]);
        assert_eq!(groups[0].url, None);
        assert_eq!(groups[0].sections[0].url, None);
    }
}
