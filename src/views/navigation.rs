//! Navigation: the order documents are read in (previous and next), the
//! documents grouped by type (home page and sidebar), and the sidebar's links
//! to the site's views. Each is computed here once, for every page that shows it.
//!
//! Plain data; no HTML here.

use serde::Serialize;

use crate::analysis::coverage::Coverage;
use crate::config::DEFAULT_STANDARD;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::views::summary::{DocSummary, summary};

/// The reading order: navigable documents ([`Handbook::navigable`]), each
/// with a previous and a next one.
#[derive(Debug, Clone)]
pub struct Navigation {
    /// Document indexes in reading order.
    order: Vec<usize>,
    /// Per document index: its position in `order`.
    position: Vec<Option<usize>>,
}

impl Navigation {
    /// The reading order of `hb`.
    pub fn of(hb: &Handbook) -> Navigation {
        let order: Vec<usize> = hb.navigable().map(|(i, _)| i).collect();
        let mut position = vec![None; hb.documents.len()];
        for (p, &i) in order.iter().enumerate() {
            position[i] = Some(p);
        }
        Navigation { order, position }
    }

    /// Whether document `i` is in the reading order.
    pub fn contains(&self, i: usize) -> bool {
        self.position.get(i).copied().flatten().is_some()
    }

    /// The document before document `i`.
    pub fn previous(&self, i: usize) -> Option<usize> {
        let p = self.position.get(i).copied().flatten()?;
        self.order.get(p.checked_sub(1)?).copied()
    }

    /// The document after document `i`.
    pub fn next(&self, i: usize) -> Option<usize> {
        let p = self.position.get(i).copied().flatten()?;
        self.order.get(p + 1).copied()
    }
}

/// The navigable documents of one type.
#[derive(Debug, Serialize)]
pub struct TypeGroup<'a> {
    /// Type key.
    pub key: &'a str,
    /// Singular label.
    pub label: &'a str,
    /// Plural label.
    pub plural: &'a str,
    /// Its documents, in reading order.
    pub documents: Vec<DocSummary<'a>>,
}

/// The navigable documents by type, in type order; types without documents left out.
pub fn type_groups(hb: &Handbook) -> Vec<TypeGroup<'_>> {
    hb.types
        .iter()
        .map(|t| TypeGroup {
            key: &t.key,
            label: &t.label,
            plural: &t.plural,
            documents: hb
                .navigable()
                .filter(|(_, d)| d.meta.doc_type.value == t.key)
                .map(|(_, d)| summary(d))
                .collect(),
        })
        .filter(|g| !g.documents.is_empty())
        .collect()
}

/// A link in the sidebar's fixed part.
#[derive(Debug, Clone, Serialize)]
pub struct ViewLink {
    /// Link text.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// Key matched against `current` to mark the active page.
    pub key: String,
}

/// The external documents page.
pub const EXTERNAL_DOCUMENTS_PAGE: &str = "external-documents.html";

/// Whether the handbook has a document type of external origin (and so the
/// external documents page).
pub fn has_external_types(hb: &Handbook) -> bool {
    hb.types.iter().any(|t| t.external)
}

/// The views this handbook has, for the sidebar and the search index: one
/// coverage matrix per standard in `coverage`, then the fixed pages.
pub fn view_links(hb: &Handbook, coverage: &Coverage) -> Vec<ViewLink> {
    let mut links: Vec<ViewLink> = coverage
        .standards
        .iter()
        .filter_map(|s| hb.catalogs.get(&s.key))
        .map(|c| ViewLink {
            title: format!("Coverage: {}", c.name),
            url: urls::coverage(&c.key),
            key: format!("coverage-{}", c.key),
        })
        .collect();
    let mut fixed = |title: &str, url: &str, key: &str| {
        links.push(ViewLink {
            title: title.into(),
            url: url.into(),
            key: key.into(),
        });
    };
    fixed("Gaps", "gaps.html", "gaps");
    if crate::views::transition::has_integrated(hb, coverage) {
        fixed(
            "Integrated management system",
            urls::INTEGRATED,
            "integrated",
        );
    }
    if crate::views::transition::has_transitions(hb, coverage) {
        fixed(
            "Transition to other standards",
            urls::TRANSITIONS,
            "transitions",
        );
    }
    if hb.scope.iter().any(|k| k == DEFAULT_STANDARD) {
        fixed("Leadership commitments", "leadership.html", "leadership");
        fixed(
            "Required documented information",
            "documented-information.html",
            "documented-information",
        );
    }
    for s in &coverage.standards {
        if s.key != DEFAULT_STANDARD
            && !crate::parse::catalog::required_items(&s.key).is_empty()
            && let Some(c) = hb.catalogs.get(&s.key)
        {
            let base = urls::documented_information(&c.key);
            fixed(
                &format!("Required documented information: {}", c.name),
                &format!("{base}.html"),
                &base,
            );
        }
    }
    if !hb.leadership.objectives.is_empty() || !hb.leadership.commitments.is_empty() {
        fixed("Quality objectives", urls::OBJECTIVES, "objectives");
        fixed("Policy and objectives", urls::ALIGNMENT, "alignment");
    }
    if crate::views::management_review::has_page(hb) {
        fixed(
            "Management reviews",
            crate::views::management_review::PAGE,
            "management-review",
        );
    }
    if hb.config.management_review.publish_pack {
        fixed(
            "Management review pack",
            crate::views::management_review::PACK_PAGE,
            "management-review-pack",
        );
    }
    if hb.awareness.is_some() {
        fixed("Awareness", urls::AWARENESS, "awareness");
    }
    fixed("Document register", "register.html", "register");
    if has_external_types(hb) {
        fixed(
            "External documents",
            EXTERNAL_DOCUMENTS_PAGE,
            "external-documents",
        );
    }
    fixed("Records register", urls::RECORDS_PAGE, "records");
    fixed("Owners", "owners.html", "owners");
    fixed("Reviews", "reviews.html", "reviews");
    fixed("What's new", "whats-new.html", "whats-new");
    fixed("Print the handbook", "print.html", "print");
    links
}
