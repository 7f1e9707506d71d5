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
//! - `search-terms-<key>.js` (`window.QMSBOOK_SEARCH_TERMS[key]`): the
//!   inverted index of the section texts, sharded by term: for each term
//!   whose normalised form ([`crate::render::search_terms`]) starts with
//!   the shard's key, its postings (section, term frequency). Keys are
//!   prefixes, lengthened where a shard would exceed [`TERM_SHARD_BYTES`];
//!   the index lists them (`tk`). With the documents' body lengths (`blen`)
//!   in the index, this is all the browser's BM25F ranking needs: a query
//!   loads the shards of its terms only.
//! - `search-text-N.js` (`window.QMSBOOK_SEARCH_TEXT[N]`): the start of
//!   every section's text, for snippets, in document order, in shards of
//!   about [`TEXT_SHARD_BYTES`] (whole documents): loaded only for the
//!   documents shown in the results.
//!
//! The page `search.html` ([`results_page`]) shows the results of a query
//! (`search.html?q=...`), 50 at a time; the ranking itself is in the theme's
//! script.
//!
//! Only what navigation shows is indexed ([`Handbook::navigable`]): published,
//! not obsolete documents. Everything is sorted, so the same input gives the
//! same bytes.

use std::fmt::Write as _;
use std::hash::BuildHasher as _;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::SectionTexts;
use crate::model::handbook::{Document, Handbook};
use crate::model::urls;
use crate::parse::catalog::natural_cmp;
use crate::parse::front_matter::ClauseTag;
use crate::render::search_terms;
use crate::render::sink::SiteSink;
use crate::render::writer::Pages;
use crate::views::navigation::ViewLink;
use crate::views::summary::type_names;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The file that is loaded first.
pub const INDEX_FILE: &str = "search-index.js";

/// A text shard is closed, at the end of a document, once it holds this
/// many bytes of JSON: a result needs one small file.
pub const TEXT_SHARD_BYTES: usize = 24 << 10;

/// A term shard holding more than this many bytes of postings is split by
/// the next character of its terms (a single term's postings stay whole).
pub const TERM_SHARD_BYTES: usize = 64 << 10;

/// Section text kept verbatim for snippets, in characters (cut at a word).
pub const SNIPPET_CHARS: usize = 600;

/// Index format version, in the index as `v` (2: clauses grouped by
/// standard, word counts in the text shards; 3: term shards, body lengths,
/// snippets only in the text shards).
pub const FORMAT: u32 = 3;

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
    /// The number of index terms in each document's body, in `docs` order.
    pub blen: Vec<u32>,
    /// The keys of the term shards, sorted.
    pub tk: Vec<String>,
    /// The body terms of letters only, space-separated, sorted: what a
    /// misspelt word may be one edit away from.
    pub w: String,
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
pub fn sections_from(d: &Document, texts: Vec<String>) -> Vec<Section> {
    let mut texts = texts.into_iter();
    let mut out = vec![Section {
        anchor: String::new(),
        heading: d.meta.title.clone(),
        clauses: d.meta.clauses.iter().map(tag_label).collect(),
        text: texts.next().unwrap_or_default(),
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
            text,
        });
    }
    // An empty top section says nothing the document entry does not.
    if out.len() > 1 && out[0].text.is_empty() {
        out.remove(0);
    }
    out
}

/// A document's part of the index: its sections' heads, snippet texts (as
/// the JSON they are written as) and index terms with their counts, made
/// while its page is rendered. Terms are numbered per document and kept in
/// one string, so a document costs a few allocations, not one per term.
#[derive(Debug, Clone)]
pub struct DocIndex {
    heads: Vec<Head>,
    texts: Vec<String>,
    /// The document's distinct terms, in order of first occurrence, each
    /// ended by a newline (no term has one).
    vocab: String,
    /// `(document term, count)` of every section, section after section,
    /// as variable-length numbers ([`push_varint`]): mostly two bytes a pair.
    postings: Vec<u8>,
    /// Where each section's postings end in `postings`.
    section_ends: Vec<u32>,
    /// The number of terms of the body.
    body_len: u32,
}

impl DocIndex {
    /// The entry of `d` from its section texts ([`SectionTexts`]).
    pub fn new(d: &Document, section_texts: Vec<String>) -> DocIndex {
        let mut heads = Vec::new();
        let mut texts = Vec::new();
        // The document's terms: (hash, number), the term itself in `vocab`
        // at `spans[number]`; no string per term.
        let mut ids: hashbrown::HashTable<(u64, u32)> = hashbrown::HashTable::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut vocab = String::new();
        // Per document term: its count in the current section.
        let mut counts: Vec<u32> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        let mut postings = Vec::new();
        let mut section_ends = Vec::new();
        let mut body_len = 0u32;
        for s in sections_from(d, section_texts) {
            // The top section's tags are the document's, already on the document.
            heads.push(if s.anchor.is_empty() {
                (String::new(), String::new(), Vec::new())
            } else {
                (s.anchor, s.heading, s.clauses)
            });
            let json = serde_json::to_string(snippet_text(&s.text));
            texts.push(script_safe(json.unwrap_or_else(|_| "\"\"".to_string())));
            search_terms::for_each_term(&s.text, |t| {
                let hash = rustc_hash::FxBuildHasher.hash_one(t);
                let known = ids.find(hash, |&(h, id)| {
                    h == hash
                        && spans
                            .get(id as usize)
                            .and_then(|&(a, b)| vocab.get(a..b))
                            .is_some_and(|v| v == t)
                });
                let id = match known {
                    Some(&(_, id)) => id,
                    None => {
                        let id = u32::try_from(counts.len()).unwrap_or(u32::MAX);
                        ids.insert_unique(hash, (hash, id), |&(h, _)| h);
                        spans.push((vocab.len(), vocab.len() + t.len()));
                        vocab.push_str(t);
                        vocab.push('\n');
                        counts.push(0);
                        id
                    }
                };
                if let Some(n) = counts.get_mut(id as usize) {
                    if *n == 0 {
                        touched.push(id);
                    }
                    *n += 1;
                }
                body_len = body_len.saturating_add(1);
            });
            for id in touched.drain(..) {
                if let Some(n) = counts.get_mut(id as usize) {
                    push_varint(&mut postings, id);
                    push_varint(&mut postings, *n);
                    *n = 0;
                }
            }
            section_ends.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
        }
        DocIndex {
            heads,
            texts,
            vocab,
            postings,
            section_ends,
            body_len,
        }
    }

    /// The postings of each section, encoded: `(document term, count)`
    /// pairs ([`pairs`]).
    fn sections(&self) -> impl Iterator<Item = &[u8]> {
        let mut start = 0usize;
        self.section_ends.iter().map(move |&end| {
            let part = self.postings.get(start..end as usize).unwrap_or(&[]);
            start = end as usize;
            part
        })
    }
}

/// Appends `n` in 7-bit groups, low first, the high bit set on all but the last.
fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The pairs of numbers written by [`push_varint`], two by two.
fn pairs(mut bytes: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut next = move || {
        let mut n = 0u32;
        let mut shift = 0u32;
        while let Some((&b, rest)) = bytes.split_first() {
            bytes = rest;
            n |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b < 0x80 {
                return Some(n);
            }
            shift += 7;
        }
        None
    };
    std::iter::from_fn(move || Some((next()?, next()?)))
}

/// Every term of the handbook with its postings: the flat `[section, count,
/// …]` of each term, sections in increasing order.
#[derive(Debug, Default)]
struct Postings {
    /// Term to its number.
    ids: FxHashMap<String, u32>,
    /// By term number: the term and its postings.
    terms: Vec<(String, Vec<u32>)>,
}

impl Postings {
    /// Adds a document's postings; its sections are numbered from `first`.
    fn add(&mut self, entry: &DocIndex, first: u32) {
        let global: Vec<u32> = entry
            .vocab
            .split_terminator('\n')
            .map(|t| match self.ids.get(t) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
                    self.ids.insert(t.to_string(), id);
                    self.terms.push((t.to_string(), Vec::new()));
                    id
                }
            })
            .collect();
        for (k, section) in entry.sections().enumerate() {
            let number = first + u32::try_from(k).unwrap_or(u32::MAX);
            for (local, count) in pairs(section) {
                let id = global.get(local as usize).copied().unwrap_or(u32::MAX);
                if let Some((_, p)) = self.terms.get_mut(id as usize) {
                    p.extend([number, count]);
                }
            }
        }
    }

    /// `self` followed by `later`, whose sections all come after this one's
    /// (an associative merge, as rayon's ordered `reduce` needs).
    fn merge(mut self, later: Postings) -> Postings {
        if self.terms.is_empty() {
            return later;
        }
        for (term, list) in later.terms {
            match self.ids.get(term.as_str()) {
                Some(&id) => {
                    if let Some((_, p)) = self.terms.get_mut(id as usize) {
                        p.extend(list);
                    }
                }
                None => {
                    let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
                    self.ids.insert(term.clone(), id);
                    self.terms.push((term, list));
                }
            }
        }
        self
    }
}

/// The start of a section's text kept for snippets: [`SNIPPET_CHARS`]
/// characters, cut at a word.
pub fn snippet_text(text: &str) -> &str {
    let cut = if text.len() <= SNIPPET_CHARS {
        None
    } else {
        text.char_indices().nth(SNIPPET_CHARS).map(|(i, _)| i)
    };
    let Some(mut cut) = cut else {
        return text;
    };
    if let Some(space) = text[..cut].rfind(' ')
        && space > cut / 2
    {
        cut = space;
    }
    text[..cut].trim_end()
}

/// The term shards of `postings` (term → flat `[section, count, …]`):
/// `(key, terms)`, keys sorted (see [`TERM_SHARD_BYTES`]).
fn term_shards(postings: &[(String, Vec<u32>)]) -> Vec<(String, Vec<usize>)> {
    // (shard characters, term, estimated JSON bytes, term number), sorted by term.
    let mut terms: Vec<(Vec<char>, &str, usize, usize)> = postings
        .iter()
        .enumerate()
        .map(|(id, (t, p))| {
            let bytes = t.len() + 6 + p.len() * 4;
            (
                search_terms::shard_chars(t).collect(),
                t.as_str(),
                bytes,
                id,
            )
        })
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let mut out = Vec::new();
    split_shard(&terms, 0, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Splits `terms` (sharing their first `depth` shard characters, sorted).
fn split_shard(
    terms: &[(Vec<char>, &str, usize, usize)],
    depth: usize,
    out: &mut Vec<(String, Vec<usize>)>,
) {
    let Some(first) = terms.first() else {
        return;
    };
    let key: String = first.0.iter().take(depth).collect();
    let bytes: usize = terms.iter().map(|t| t.2).sum();
    if bytes <= TERM_SHARD_BYTES || terms.len() == 1 {
        out.push((key, terms.iter().map(|t| t.3).collect()));
        return;
    }
    // Terms that end at this depth keep the key; the rest split by their next character.
    let ends = terms.iter().take_while(|t| t.0.len() <= depth).count();
    if ends > 0 {
        out.push((key, terms[..ends].iter().map(|t| t.3).collect()));
    }
    let mut rest = &terms[ends..];
    while let Some(head) = rest.first() {
        let c = head.0.get(depth).copied();
        let n = rest
            .iter()
            .take_while(|t| t.0.get(depth).copied() == c)
            .count();
        split_shard(&rest[..n], depth + 1, out);
        rest = &rest[n..];
    }
}

/// The file of the term shard `key`.
pub fn term_shard_file(key: &str) -> String {
    if key.is_empty() {
        "search-terms.js".to_string()
    } else {
        format!("search-terms-{key}.js")
    }
}

/// Builds the index of `hb` (its navigable documents) with the views `pages`,
/// using the entries prepared while rendering: `prepared[i]` for document `i`
/// of the handbook; documents without one are parsed here.
pub fn build_from(
    hb: &Handbook,
    pages: &[ViewLink],
    prepared: &[Option<std::sync::Arc<DocIndex>>],
) -> Files {
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
        blen: Vec::new(),
        tk: Vec::new(),
        w: String::new(),
    };
    // Per document, in parallel, unless prepared while rendering.
    let computed: Vec<Option<DocIndex>> = docs
        .par_iter()
        .map(|&(i, d)| match prepared.get(i) {
            Some(Some(_)) => None,
            _ => Some(DocIndex::new(d, SectionTexts::of(d.file.body()))),
        })
        .collect();
    let per_doc = docs.iter().zip(&computed).map(|(&(i, _), c)| {
        c.as_ref()
            .or_else(|| prepared.get(i).and_then(Option::as_deref))
    });
    let mut head_ids: FxHashMap<Head, usize> = FxHashMap::default();
    head_ids.insert(index.heads[0].clone(), 0);
    // The texts of each document, in order, and the postings of every term.
    let mut texts: Vec<Vec<&str>> = Vec::new();
    // Each document's entry with the number of its first section.
    let mut numbered: Vec<(&DocIndex, u32)> = Vec::new();
    let mut section = 0u32;
    for (&(_, d), entry) in docs.iter().zip(per_doc) {
        let Some(entry) = entry else {
            continue;
        };
        numbered.push((entry, section));
        section += u32::try_from(entry.section_ends.len()).unwrap_or(u32::MAX);
        index.blen.push(entry.body_len);
        let (heads, doc_texts) = (&entry.heads, &entry.texts);
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
        texts.push(doc_texts.iter().map(String::as_str).collect());
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

    // Text shards: JSON arrays of the texts, about TEXT_SHARD_BYTES each, whole documents.
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
    for doc_texts in texts {
        for text in doc_texts {
            bytes += text.len() + 1;
            current.push(text);
        }
        if bytes >= TEXT_SHARD_BYTES {
            flush(&mut current, &mut start, &mut index);
            bytes = 0;
        }
    }
    if !current.is_empty() || index.text.is_empty() {
        flush(&mut current, &mut start, &mut index);
    }

    // Term shards, and the words a misspelling may stand for.
    // Postings of parts of the handbook in parallel, joined in order.
    let postings = numbered
        .par_chunks(256)
        .map(|part| {
            let mut p = Postings::default();
            for &(entry, first) in part {
                p.add(entry, first);
            }
            p
        })
        .reduce(Postings::default, Postings::merge)
        .terms;
    let shards = term_shards(&postings);
    let mut words: Vec<&str> = postings
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| t.chars().count() >= 3 && t.chars().all(char::is_alphabetic))
        .collect();
    words.sort_unstable();
    index.w = words.join(" ");
    index.tk = shards.iter().map(|(k, _)| k.clone()).collect();
    let term_files: Vec<(String, String)> = shards
        .par_iter()
        .map(|(key, terms)| {
            let mut body = format!(
                "(window.QMSBOOK_SEARCH_TERMS = window.QMSBOOK_SEARCH_TERMS || {{}})[{}] = {{",
                serde_json::to_string(key).unwrap_or_default()
            );
            for (k, &id) in terms.iter().enumerate() {
                let Some((t, list)) = postings.get(id) else {
                    continue;
                };
                if k > 0 {
                    body.push(',');
                }
                body.push_str(&script_safe(serde_json::to_string(t).unwrap_or_default()));
                body.push_str(":[");
                // Sections as the difference from the previous one.
                let mut prev = 0u32;
                for (j, pair) in list.chunks(2).enumerate() {
                    if let [s, n] = pair {
                        if j > 0 {
                            body.push(',');
                        }
                        push_u32(&mut body, s - prev);
                        body.push(',');
                        push_u32(&mut body, *n);
                        prev = *s;
                    }
                }
                body.push(']');
            }
            body.push_str("};\n");
            (term_shard_file(key), body)
        })
        .collect();
    files.extend(term_files);

    let head = format!(
        "window.QMSBOOK_SEARCH = {};\n",
        script_json(&serde_json::to_value(&index).unwrap_or(serde_json::Value::Null))
    );
    files.insert(0, (INDEX_FILE.to_string(), head));
    Files { index, files }
}

/// Appends `n` in decimal.
fn push_u32(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
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
    prepared: &[Option<std::sync::Arc<DocIndex>>],
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
    fn snippets_keep_short_texts_and_cut_long_ones_at_a_word() {
        assert_eq!(snippet_text("a b c"), "a b c");
        let text = format!("{}Calibration SOP-012", "alpha ".repeat(150));
        let cut = snippet_text(&text);
        assert!(cut.chars().count() <= SNIPPET_CHARS);
        assert!(cut.ends_with("alpha"), "{cut:?}");
        let accents = "é".repeat(SNIPPET_CHARS + 5);
        assert_eq!(snippet_text(&accents).chars().count(), SNIPPET_CHARS);
    }

    #[test]
    fn varint_pairs_read_back() {
        let numbers = [0u32, 1, 127, 128, 300, 16_383, 16_384, 2_000_000, u32::MAX];
        let mut bytes = Vec::new();
        for (a, b) in numbers.iter().zip(numbers.iter().rev()) {
            push_varint(&mut bytes, *a);
            push_varint(&mut bytes, *b);
        }
        let back: Vec<(u32, u32)> = pairs(&bytes).collect();
        let expected: Vec<(u32, u32)> = numbers
            .iter()
            .copied()
            .zip(numbers.iter().rev().copied())
            .collect();
        assert_eq!(back, expected);
    }
}
