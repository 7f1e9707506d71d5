//! The handbook for printing: `print.html`, with `print-pages.css`, whose
//! per-document page footers name each document and revision.
//!
//! A handbook whose print page would stay under the cap (`[output.html]
//! print-page-kb`, [`crate::config::DEFAULT_PRINT_PAGE_KB`] by default) is
//! printed whole on `print.html`, as it always was. A larger one is printed
//! by document type: `print.html` becomes an index of print pages
//! (`print-index.html`), one per type (`print/<type>.html`), split further
//! (`print/<type>-2.html` …) when a type alone is over the cap; each has its
//! own contents, stamps and page footers (`print/<type>.css`). Sizes are
//! estimated from the documents' sources before anything is rendered
//! ([`estimate`]), so every body is rendered once, for the page it is on.
//!
//! Bodies are rendered in parallel and spliced into the rendered template
//! where their markers are while the file is written: the template never
//! sees (or copies) megabytes of HTML. Print pages are written in parallel.
//! Links between documents on one print page become in-page links, links to
//! a document on another print page point to its anchor there; the anchors
//! are computed here from [`crate::model::urls`], so the Markdown renderer
//! needs no URL scheme.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::{PrintPlace, PrintTarget};
use crate::model::handbook::{Document, Handbook};
use crate::model::{reviews, urls};
use crate::render::body::render_body;
use crate::render::document::{AnchoredItem, declared};
use crate::render::writer::Pages;
use crate::util::slug::slugify;
use crate::util::timings;
use crate::views::approval::{Approval, ChangeRow, revision_history};
use crate::views::summary::{DocSummary, summary, type_names};

/// The whole-handbook print page (or, for a large handbook, the index of
/// the print pages).
pub const PRINT_PAGE: &str = "print.html";

/// The page footers of the whole-handbook print page.
pub const PRINT_CSS: &str = "print-pages.css";

/// The folder of the per-type print pages of a large handbook.
pub const PRINT_DIR: &str = "print";

#[derive(Serialize)]
struct PrintDoc<'a> {
    doc: DocSummary<'a>,
    type_label: &'a str,
    approved_by: Option<&'a str>,
    approved_on: Option<String>,
    review_by: Option<String>,
    /// The revision log, newest first.
    changes: Vec<ChangeRow<'a>>,
    content: String,
    /// The policy commitments it declares (anchors `<ID>--commitment-…`).
    commitments: Vec<AnchoredItem>,
    /// The quality objectives it declares (anchors `<ID>--objective-…`).
    objectives: Vec<AnchoredItem>,
}

/// One print page: where it goes and which documents it prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintPart {
    /// The page, relative to the site root.
    pub page: String,
    /// Its per-document page footers, relative to the site root.
    pub css: String,
    /// The plural label of its documents' type; `None` for the whole handbook.
    pub label: Option<String>,
    /// Which part of its type it is (1-based) and of how many.
    pub number: usize,
    /// How many parts its type has.
    pub of: usize,
    /// Its documents: indexes into the printed documents.
    pub docs: Vec<usize>,
    /// The first and last printed document IDs (for the index).
    pub first: String,
    /// See `first`.
    pub last: String,
}

impl PrintPart {
    /// The path from the page to the site root.
    fn root(&self) -> &'static str {
        if self.page.contains('/') { "../" } else { "" }
    }
}

/// The estimated size in bytes of a document on a print page: its body as
/// HTML (Markdown grows by about half as HTML: tags, heading anchors, link
/// labels; half again the source is a safe bound) and its control block,
/// revision log and declared items.
pub fn estimate(d: &Document) -> usize {
    let changes: usize = d
        .meta
        .changes
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|c| 320 + c.summary.len() + c.evidence.as_ref().map_or(0, String::len))
        .sum();
    d.file.body().len() * 3 / 2 + 1600 + changes
}

/// Splits the printed `docs` into print pages under `cap` bytes (see the
/// module doc): one page when the estimates add up to at most `cap`, else
/// pages by type in `hb`'s type order, each under the cap (a document
/// larger than the cap alone on its page).
pub fn plan(hb: &Handbook, docs: &[&Document], cap: usize) -> Vec<PrintPart> {
    let sizes: Vec<usize> = docs.iter().map(|d| estimate(d)).collect();
    let id = |i: usize| docs.get(i).map(|d| d.id().to_string()).unwrap_or_default();
    if sizes.iter().sum::<usize>() <= cap {
        return vec![PrintPart {
            page: PRINT_PAGE.to_string(),
            css: PRINT_CSS.to_string(),
            label: None,
            number: 1,
            of: 1,
            docs: (0..docs.len()).collect(),
            first: docs.first().map(|d| d.id().to_string()).unwrap_or_default(),
            last: docs.last().map(|d| d.id().to_string()).unwrap_or_default(),
        }];
    }
    // Types in the handbook's order, then any undeclared ones by key.
    let mut keys: Vec<&str> = hb.types.iter().map(|t| t.key.as_str()).collect();
    let mut undeclared: Vec<&str> = docs
        .iter()
        .map(|d| d.meta.doc_type.value.as_str())
        .filter(|k| !keys.contains(k))
        .collect();
    undeclared.sort_unstable();
    undeclared.dedup();
    keys.extend(undeclared);
    let mut parts = Vec::new();
    let mut used_slugs: Vec<String> = Vec::new();
    for key in keys {
        let of_type: Vec<usize> = (0..docs.len())
            .filter(|&i| docs[i].meta.doc_type.value == key)
            .collect();
        let Some(&first) = of_type.first() else {
            continue;
        };
        let label = type_names(hb, docs[first]).plural.to_string();
        let mut chunks: Vec<Vec<usize>> = vec![Vec::new()];
        let mut bytes = 0usize;
        for i in of_type {
            let size = sizes[i];
            if let Some(last) = chunks.last_mut()
                && !last.is_empty()
                && bytes + size > cap
            {
                chunks.push(Vec::new());
                bytes = 0;
            }
            bytes += size;
            if let Some(last) = chunks.last_mut() {
                last.push(i);
            }
        }
        let mut slug = slugify(key);
        if slug.is_empty() {
            slug = "type".to_string();
        }
        while used_slugs.contains(&slug) {
            slug.push('_');
        }
        used_slugs.push(slug.clone());
        let of = chunks.len();
        for (n, chunk) in chunks.into_iter().enumerate() {
            let name = if n == 0 {
                slug.clone()
            } else {
                format!("{slug}-{}", n + 1)
            };
            parts.push(PrintPart {
                page: format!("{PRINT_DIR}/{name}.html"),
                css: format!("{PRINT_DIR}/{name}.css"),
                label: Some(label.clone()),
                number: n + 1,
                of,
                first: chunk.first().map(|&i| id(i)).unwrap_or_default(),
                last: chunk.last().map(|&i| id(i)).unwrap_or_default(),
                docs: chunk,
            });
        }
    }
    parts
}

/// A print page's stylesheet: one named page per printed document, whose
/// footer names the document and revision ("Uncontrolled when printed ·
/// SOP-004 rev. C · printed <date>"); the date is the build date until the
/// page's script replaces it with the day of printing.
fn print_pages_css(page: &str, docs: &[&Document], build_date: &str) -> String {
    let css_string = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', " ")
    };
    let mut css = format!(
        "@charset \"utf-8\";\n/* Generated by qmsbook: per-document footers of {}. */\n:root {{ --qms-print-date: \"{}\"; }}\n",
        page.rsplit('/').next().unwrap_or(page),
        css_string(build_date)
    );
    for (n, d) in docs.iter().enumerate() {
        let rev = d
            .meta
            .revision
            .as_deref()
            .map(|r| format!(" rev. {r}"))
            .unwrap_or_default();
        css.push_str(&format!(
            "[id=\"{id}\"] {{ page: d{n}; }}\n@page d{n} {{ @bottom-center {{ content: \"Uncontrolled when printed · {id}{rev} · printed \" var(--qms-print-date); font-size: 8pt; }} }}\n",
            id = css_string(d.id()),
            rev = css_string(&rev),
        ));
    }
    css
}

/// A print page as the templates see it (the index lists them; each page
/// links its neighbours).
#[derive(Serialize)]
struct PartLink<'a> {
    /// Relative to the site root.
    url: &'a str,
    label: Option<&'a str>,
    number: usize,
    of: usize,
    count: usize,
    first: &'a str,
    last: &'a str,
}

impl<'a> PartLink<'a> {
    fn of(p: &'a PrintPart) -> PartLink<'a> {
        PartLink {
            url: &p.page,
            label: p.label.as_deref(),
            number: p.number,
            of: p.of,
            count: p.docs.len(),
            first: &p.first,
            last: &p.last,
        }
    }
}

/// Writes the print pages (see the module doc): every current published
/// document in reading order.
pub fn write(hb: &Handbook, pages: &Pages<'_>) -> Vec<Result<(), Diagnostic>> {
    let _t = timings::stage("print page");
    let docs: Vec<&Document> = hb.navigable().map(|(_, d)| d).collect();
    let parts = plan(hb, &docs, hb.config.output.html.print_page_bytes());
    // Document page URL → the document's print page and anchor.
    let mut place: Vec<&str> = vec![PRINT_PAGE; docs.len()];
    for p in &parts {
        for &i in &p.docs {
            if let Some(slot) = place.get_mut(i) {
                *slot = &p.page;
            }
        }
    }
    let targets: HashMap<&str, PrintPlace<'_>> = docs
        .iter()
        .zip(&place)
        .filter_map(|(d, &page)| {
            urls::document_id(&d.url).map(|id| (d.url.as_str(), PrintPlace { page, id }))
        })
        .collect();
    let root = |page: &str| if page.contains('/') { "../" } else { "" };
    let mut bodies: Vec<Option<String>> = docs
        .par_iter()
        .zip(&place)
        .map(|(d, &page)| {
            Some(render_body(
                d,
                root(page),
                Some(PrintTarget {
                    prefix: d.id(),
                    page,
                    targets: &targets,
                }),
                hb.config.output.html.raw_html,
            ))
        })
        .collect();
    // Each part takes its bodies.
    let part_bodies: Vec<Vec<String>> = parts
        .iter()
        .map(|p| {
            p.docs
                .iter()
                .map(|&i| bodies.get_mut(i).and_then(Option::take).unwrap_or_default())
                .collect()
        })
        .collect();
    drop(bodies);
    let split = parts.len() > 1 || parts.iter().any(|p| p.label.is_some());
    let links: Vec<PartLink<'_>> = parts.iter().map(PartLink::of).collect();
    let mut results: Vec<Result<(), Diagnostic>> = parts
        .par_iter()
        .zip(part_bodies.par_iter())
        .enumerate()
        .flat_map_iter(|(k, (part, bodies))| {
            write_part(hb, pages, &docs, part, bodies, split.then_some((&links, k)))
        })
        .collect();
    if split {
        results.push(
            pages.page("print-index.html", PRINT_PAGE, "", "print", |cx| {
                cx.insert("parts", &links);
                cx.insert("count", &docs.len());
                cx.insert("cap_kb", &(hb.config.output.html.print_page_bytes() / 1024));
            }),
        );
    }
    results
}

/// Writes one print page and its stylesheet; `nav` is every page and this
/// one's position when the handbook is printed in parts.
fn write_part(
    hb: &Handbook,
    pages: &Pages<'_>,
    docs: &[&Document],
    part: &PrintPart,
    bodies: &[String],
    nav: Option<(&Vec<PartLink<'_>>, usize)>,
) -> [Result<(), Diagnostic>; 2] {
    let mine: Vec<&Document> = part
        .docs
        .iter()
        .filter_map(|&i| docs.get(i).copied())
        .collect();
    let printed: Vec<PrintDoc<'_>> = mine
        .iter()
        .enumerate()
        .map(|(j, d)| {
            let (commitments, objectives) = declared(hb, d);
            PrintDoc {
                doc: summary(d),
                type_label: type_names(hb, d).label,
                approved_by: d.meta.approved_by.as_ref().map(|a| a.value.as_str()),
                approved_on: Approval::of(d).on,
                review_by: reviews::next_review(hb, d).map(|r| r.to_string()),
                changes: revision_history(d),
                content: pages.theme.body_marker(j),
                commitments,
                objectives,
            }
        })
        .collect();
    let css = print_pages_css(&part.page, &mine, &pages.site.build().date);
    let root = part.root();
    let css_href = format!("{root}{}", part.css);
    [
        pages.file(&part.css, css.as_bytes()),
        pages.spliced_page("print.html", &part.page, root, "print", bodies, |cx| {
            cx.insert("documents", &printed);
            cx.insert("print_css", &css_href);
            if let Some((links, k)) = nav {
                cx.insert("part", &links.get(k));
                cx.insert(
                    "previous_part",
                    &k.checked_sub(1).and_then(|p| links.get(p)),
                );
                cx.insert("next_part", &links.get(k + 1));
            }
        }),
    ]
}
