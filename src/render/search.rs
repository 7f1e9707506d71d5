//! The site's search index, and the files for search engines.
//!
//! The index is qmsbook's own, built for this one job: a handbook of short,
//! ID-heavy documents searched from `file://`. It is written as scripts that
//! assign globals (a page may not `fetch` a file from `file://`), loaded only
//! when search is first used:
//!
//! - `search-index.js` (`window.QMSBOOK_SEARCH`): every current document (ID,
//!   title, type, clause tags), every heading section (document, anchor,
//!   heading, clause tags), the clauses of every standard in scope (grouped
//!   by standard) and the site's views. This is what ID, clause, title and
//!   heading queries need, and it stays small.
//! - `search-text-N.js` (`window.QMSBOOK_SEARCH_TEXT[N]`): the plain text of
//!   the sections, in shards of about [`SHARD_BYTES`], loaded after the first.
//!   A long section keeps its start verbatim (for snippets) and the words of
//!   the rest with how often each occurs ([`compact_text`]), so the browser
//!   knows every word's exact frequency and every section's exact length: the
//!   statistics its BM25F ranking needs (term and document frequencies, field
//!   lengths and their averages) are computed from these when they load.
//!
//! The page `search.html` ([`results_page`]) shows every result of a query
//! (`search.html?q=...`); the ranking itself is in the theme's script.
//!
//! Only what navigation shows is indexed ([`Handbook::navigable`]): published,
//! not obsolete documents. Everything is sorted, so the same input gives the
//! same bytes.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::SectionTexts;
use crate::model::handbook::{Document, Handbook};
use crate::model::urls;
use crate::parse::catalog::natural_cmp;
use crate::parse::front_matter::ClauseTag;
use crate::render::sink::SiteSink;
use crate::render::writer::Pages;
use crate::views::navigation::ViewLink;
use crate::views::summary::type_names;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The file that is loaded first.
pub const INDEX_FILE: &str = "search-index.js";

/// A text shard is closed once it holds this many bytes of JSON.
pub const SHARD_BYTES: usize = 1 << 20;

/// Section text kept verbatim for snippets, in characters (cut at a word).
pub const SNIPPET_CHARS: usize = 600;

/// Index format version, in the index as `v` (2: clauses grouped by
/// standard, word counts in the text shards).
pub const FORMAT: u32 = 2;

/// The full results page.
pub const RESULTS_PAGE: &str = "search.html";

/// One heading section of a document (the text before the first heading has
/// anchor `""` and the document title as heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Heading id on the page, `""` for the top of the page.
    pub anchor: String,
    /// Heading text.
    pub heading: String,
    /// Clause tags of the heading (`7.5.3` or `KEY:7.5.3`).
    pub clauses: Vec<String>,
    /// The plain text of the section, whitespace collapsed.
    pub text: String,
}

/// The index as written. Repeated strings (type labels, the headings and
/// anchors that template-driven documents share) are stored once.
#[derive(Debug, Clone, Serialize)]
pub struct Index {
    /// [`FORMAT`].
    pub v: u32,
    /// Document type labels.
    pub types: Vec<String>,
    /// `[anchor, heading, [clause tags]]`, each distinct one once; entry 0
    /// is `["", "", []]`, the top of a page (the text before its first heading).
    pub heads: Vec<Head>,
    /// `[id, title, type, [clause tags], [heads]]`, sorted by ID; the page is
    /// [`urls::document`] of the id. Its sections are its heads, in page order; section
    /// texts follow the same order, document after document.
    pub docs: Vec<DocEntry>,
    /// `[standard key, standard name, [[clause id, heading]]]` of each
    /// standard in scope; a clause's page is [`urls::clause`] of key and id.
    pub standards: Vec<StandardEntry>,
    /// `[title, url]` of the site's views (coverage, register …).
    pub pages: Vec<(String, String)>,
    /// Text shards: `[file, first section, number of sections]`.
    pub text: Vec<(String, usize, usize)>,
}

/// `(id, title, type, clause tags, heads)` of a document.
pub type DocEntry = (String, String, usize, Vec<String>, Vec<usize>);

/// `(key, name, [(clause id, heading)])` of a standard.
pub type StandardEntry = (String, String, Vec<(String, String)>);

/// `(anchor, heading, clause tags)` of a section.
pub type Head = (String, String, Vec<String>);

/// What [`build_from`] produces: the first file and the text shards, by file name.
#[derive(Debug, Clone)]
pub struct Files {
    /// The index without section text.
    pub index: Index,
    /// `(file name, contents)` of `search-index.js` and every shard.
    pub files: Vec<(String, String)>,
}

fn tag_label(t: &ClauseTag) -> String {
    match &t.standard {
        Some(s) => format!("{s}:{}", t.clause),
        None => t.clause.clone(),
    }
}

/// Splits a document into sections by heading, as plain text, from the
/// section texts of its body ([`SectionTexts`]).
pub fn sections_from(d: &Document, texts: &[String]) -> Vec<Section> {
    let mut texts = texts.iter();
    let mut out = vec![Section {
        anchor: String::new(),
        heading: d.meta.title.clone(),
        clauses: d.meta.clauses.iter().map(tag_label).collect(),
        text: texts.next().cloned().unwrap_or_default(),
    }];
    for (k, text) in texts.enumerate() {
        let (anchor, heading, clauses) = match d.analysis.headings.get(k) {
            Some(h) => (
                h.id.clone(),
                h.text.clone(),
                h.clauses.iter().map(tag_label).collect(),
            ),
            None => (String::new(), String::new(), Vec::new()),
        };
        out.push(Section {
            anchor,
            heading,
            clauses,
            text: text.clone(),
        });
    }
    // An empty top section says nothing the document entry does not.
    if out.len() > 1 && out[0].text.is_empty() {
        out.remove(0);
    }
    out
}

/// The text kept for a section: the first [`SNIPPET_CHARS`] characters (cut
/// at a word) and, when there is more, the distinct words of the rest,
/// lower-cased, in order of first occurrence, each followed by `*N` when it
/// occurs N > 1 times there. Nothing in a long section becomes unfindable,
/// and every word's frequency in the section stays exact (for ranking)
/// without storing the rest verbatim.
pub fn compact_text(text: &str) -> (String, String) {
    // At most as many characters as bytes: short texts need no counting.
    let cut = if text.len() <= SNIPPET_CHARS {
        None
    } else {
        text.char_indices().nth(SNIPPET_CHARS).map(|(i, _)| i)
    };
    let Some(mut cut) = cut else {
        return (text.to_string(), String::new());
    };
    if let Some(space) = text[..cut].rfind(' ')
        && space > cut / 2
    {
        cut = space;
    }
    let (head, rest) = text.split_at(cut);
    // Distinct words of the rest in first-occurrence order, with counts; a
    // word is copied (when lower-casing made it owned) once, not per use.
    let mut order: Vec<(Cow<'_, str>, usize)> = Vec::new();
    let mut index: FxHashMap<Cow<'_, str>, usize> = FxHashMap::default();
    for_each_word(rest, |w| match index.get(w.as_ref()) {
        Some(&i) => order[i].1 += 1,
        None => {
            index.insert(w.clone(), order.len());
            order.push((w, 1));
        }
    });
    let mut more = String::with_capacity(rest.len() / 2);
    for (w, n) in &order {
        if !more.is_empty() {
            more.push(' ');
        }
        more.push_str(w);
        if *n > 1 {
            let _ = write!(more, "*{n}");
        }
    }
    (head.trim_end().to_string(), more)
}

/// Calls `f` with each of [`words`], scanning bytes when `s` is ASCII.
fn for_each_word<'a>(s: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    if !s.is_ascii() {
        words(s).for_each(f);
        return;
    }
    let is_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && !is_word(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        let w = s[start..i].trim_matches(|c: char| matches!(c, '-' | '.' | '_'));
        if w.is_empty() {
            continue;
        }
        f(if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        });
    }
}

/// Lower-cased words: runs of letters, digits and the characters of IDs and
/// clause numbers (`-`, `.`, `_`) inside them. Borrowed when already lower case.
fn words(s: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '-' | '.' | '_')))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
}

/// A document's part of the index: its sections' heads and compacted texts
/// (as the JSON they are written as), made while its page is rendered.
#[derive(Debug, Clone)]
pub struct DocIndex {
    heads: Vec<Head>,
    texts: Vec<String>,
}

impl DocIndex {
    /// The entry of `d` from its section texts ([`SectionTexts`]).
    pub fn new(d: &Document, section_texts: &[String]) -> DocIndex {
        let mut heads = Vec::new();
        let mut texts = Vec::new();
        for s in sections_from(d, section_texts) {
            // The top section's tags are the document's, already on the document.
            heads.push(if s.anchor.is_empty() {
                (String::new(), String::new(), Vec::new())
            } else {
                (s.anchor, s.heading, s.clauses)
            });
            let (text, more) = compact_text(&s.text);
            let json = if more.is_empty() {
                serde_json::to_string(&text)
            } else {
                serde_json::to_string(&(text, more))
            };
            texts.push(script_safe(json.unwrap_or_else(|_| "\"\"".to_string())));
        }
        DocIndex { heads, texts }
    }
}

/// Builds the index of `hb` (its navigable documents) with the views `pages`,
/// using the entries prepared while rendering: `prepared[i]` for document `i`
/// of the handbook; documents without one are parsed here.
pub fn build_from(hb: &Handbook, pages: &[ViewLink], prepared: &[Option<DocIndex>]) -> Files {
    let mut docs: Vec<(usize, &Document)> = hb.navigable().collect();
    docs.sort_by(|(_, a), (_, b)| natural_cmp(a.id(), b.id()).then_with(|| a.id().cmp(b.id())));

    let mut index = Index {
        v: FORMAT,
        types: Vec::new(),
        heads: vec![(String::new(), String::new(), Vec::new())],
        docs: Vec::new(),
        standards: Vec::new(),
        pages: pages
            .iter()
            .map(|p| (p.title.clone(), p.url.clone()))
            .collect(),
        text: Vec::new(),
    };
    // Per document, in parallel, unless prepared while rendering.
    let computed: Vec<Option<DocIndex>> = docs
        .par_iter()
        .map(|&(i, d)| match prepared.get(i) {
            Some(Some(_)) => None,
            _ => Some(DocIndex::new(d, &SectionTexts::of(d.file.body()))),
        })
        .collect();
    let per_doc = docs.iter().zip(&computed).map(|(&(i, _), c)| {
        c.as_ref()
            .or_else(|| prepared.get(i).and_then(Option::as_ref))
    });
    let mut head_ids: FxHashMap<Head, usize> = FxHashMap::default();
    head_ids.insert(index.heads[0].clone(), 0);
    let mut texts: Vec<&str> = Vec::new();
    for (&(_, d), entry) in docs.iter().zip(per_doc) {
        let Some(DocIndex {
            heads,
            texts: doc_texts,
        }) = entry
        else {
            continue;
        };
        let label = type_names(hb, d).label;
        let type_index = match index.types.iter().position(|t| t == label) {
            Some(i) => i,
            None => {
                index.types.push(label.to_string());
                index.types.len() - 1
            }
        };
        let ids = heads
            .iter()
            .map(|key| {
                let next = index.heads.len();
                let id = *head_ids.entry(key.clone()).or_insert(next);
                if id == next {
                    index.heads.push(key.clone());
                }
                id
            })
            .collect();
        texts.extend(doc_texts.iter().map(String::as_str));
        index.docs.push((
            d.id().to_string(),
            d.meta.title.clone(),
            type_index,
            d.meta.clauses.iter().map(tag_label).collect(),
            ids,
        ));
    }
    for key in &hb.scope {
        let Some(catalog) = hb.catalogs.get(key) else {
            continue;
        };
        index.standards.push((
            catalog.key.clone(),
            catalog.name.clone(),
            catalog
                .clauses
                .iter()
                .map(|c| (c.id.clone(), c.heading().to_string()))
                .collect(),
        ));
    }

    // Text shards: JSON arrays of the texts, about SHARD_BYTES each.
    let mut files = Vec::new();
    let mut start = 0usize;
    let mut current: Vec<&str> = Vec::new();
    let mut bytes = 0usize;
    let mut flush = |current: &mut Vec<&str>, start: &mut usize, index: &mut Index| {
        let n = index.text.len() + 1;
        let name = format!("search-text-{n}.js");
        let count = current.len();
        let body = format!(
            "(window.QMSBOOK_SEARCH_TEXT = window.QMSBOOK_SEARCH_TEXT || {{}})[{n}] = [{}];\n",
            current.join(",")
        );
        current.clear();
        index.text.push((name.clone(), *start, count));
        *start += count;
        files.push((name, body));
    };
    for text in texts {
        bytes += text.len() + 1;
        current.push(text);
        if bytes >= SHARD_BYTES {
            flush(&mut current, &mut start, &mut index);
            bytes = 0;
        }
    }
    if !current.is_empty() || index.text.is_empty() {
        flush(&mut current, &mut start, &mut index);
    }

    let head = format!(
        "window.QMSBOOK_SEARCH = {};\n",
        script_json(&serde_json::to_value(&index).unwrap_or(serde_json::Value::Null))
    );
    files.insert(0, (INDEX_FILE.to_string(), head));
    Files { index, files }
}

/// JSON safe inside a `<script>` file.
fn script_json(v: &serde_json::Value) -> String {
    script_safe(v.to_string())
}

/// JSON text made safe inside a `<script>` file (`</` escaped).
fn script_safe(json: String) -> String {
    if memchr::memmem::find(json.as_bytes(), b"</").is_some() {
        json.replace("</", "<\\/")
    } else {
        json
    }
}

/// Writes the search index into `out` (with entries as for
/// [`build_from`]); returns how many files were written.
pub fn write(
    hb: &Handbook,
    pages: &[ViewLink],
    prepared: &[Option<DocIndex>],
    out: &dyn SiteSink,
) -> Result<usize, Diagnostic> {
    let files = build_from(hb, pages, prepared);
    files
        .files
        .par_iter()
        .map(|(name, contents)| out.write(name, contents.as_bytes()))
        .collect::<Result<Vec<()>, Diagnostic>>()?;
    Ok(files.files.len())
}

/// Writes the full results page, [`RESULTS_PAGE`]: the theme's script fills
/// it from the query in its address (`search.html?q=...`).
pub fn results_page(pages: &Pages<'_>) -> Result<(), Diagnostic> {
    pages.page(RESULTS_PAGE, RESULTS_PAGE, "", "search", |_| {})
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The site's HTML pages for `sitemap.xml`, relative to the root, sorted:
/// the home page, then every other `.html` file written to `out` except
/// `404.html`, the search results page and obsolete documents.
fn sitemap_pages(hb: &Handbook, out: &dyn SiteSink) -> Vec<String> {
    let obsolete: std::collections::HashSet<&str> = hb
        .documents
        .iter()
        .filter(|d| d.published && d.meta.status == crate::parse::front_matter::Status::Obsolete)
        .map(|d| d.url.as_str())
        .collect();
    let mut pages: Vec<String> = out
        .written()
        .into_iter()
        .filter_map(|rel| {
            let keep = rel.ends_with(".html")
                && rel != "404.html"
                && rel != RESULTS_PAGE
                && !rel.starts_with(&format!("{}/", urls::FILES_DIR))
                && !rel.starts_with("static/")
                && !urls::is_revision_page(&rel)
                && !obsolete.contains(rel.as_str());
            keep.then_some(rel)
        })
        .collect();
    // The home page first, then the rest by path.
    pages.sort_by(|a, b| {
        (a != "index.html")
            .cmp(&(b != "index.html"))
            .then_with(|| a.cmp(b))
    });
    pages
}

/// Writes `sitemap.xml` and `robots.txt` when `[output.html] site-url` is set;
/// call it after every page is written. Returns how many files were written.
pub fn write_sitemap(hb: &Handbook, out: &dyn SiteSink) -> Result<usize, Diagnostic> {
    let Some(url) = hb.config.output.html.site_url.as_deref() else {
        return Ok(0);
    };
    let base = format!("{}/", url.trim_end_matches('/'));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in sitemap_pages(hb, out) {
        let loc = if page == "index.html" {
            base.clone()
        } else {
            format!("{base}{page}")
        };
        let _ = writeln!(xml, "  <url><loc>{}</loc></url>", xml_escape(&loc));
    }
    xml.push_str("</urlset>\n");
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
    for (name, contents) in [("sitemap.xml", xml), ("robots.txt", robots)] {
        out.write(name, contents.as_bytes())?;
    }
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(compact_text("a b c"), ("a b c".to_string(), String::new()));
    }

    #[test]
    fn long_text_keeps_every_word() {
        let mut text = "alpha ".repeat(150);
        text.push_str("Calibration SOP-012 alpha calibration 7.5.3.");
        let (head, more) = compact_text(&text);
        assert!(head.chars().count() <= SNIPPET_CHARS);
        assert!(!head.ends_with(' '));
        // 150 "alpha", 99 of them in the snippet text; "Calibration" and "calibration" are one word.
        assert_eq!(more, "alpha*51 calibration*2 sop-012 7.5.3");
    }

    #[test]
    fn ascii_and_unicode_word_scans_agree() {
        for text in [
            "See SOP-004, clause 7.5.3. (ok) --x-- _a_ .b. Done.",
            "  Mixed CASE words--and-dashes, 4.4.1; WI-001/2 ",
            "",
            "...---",
        ] {
            let mut fast = Vec::new();
            for_each_word(text, |w| fast.push(w.into_owned()));
            let slow: Vec<String> = words(text).map(Cow::into_owned).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
        let mut w = Vec::new();
        for_each_word("Größe ÜBER Maß", |x| w.push(x.into_owned()));
        assert_eq!(w, ["größe", "über", "maß"]);
    }

    #[test]
    fn words_keep_ids_and_clause_numbers() {
        let w: Vec<Cow<'_, str>> = words("See SOP-004, clause 7.5.3. (ok)").collect();
        assert_eq!(w, ["see", "sop-004", "clause", "7.5.3", "ok"]);
    }
}
