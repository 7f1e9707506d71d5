//! Records: the evidence a document declares it governs (`records:` in its
//! front matter), each with its governing document, its checked clause tags
//! and its place on the site (the anchor `rec-<ID>` on the governing
//! document's page).
//!
//! Collecting them checks what one file cannot: a record ID used twice in
//! the handbook, or the same as a document's ID. A document whose type is a
//! record type (`record = true`) is a record too, but it stays a document:
//! it is not in [`Record`]s. Lints on records are [`crate::check`]'s.

use std::collections::HashMap;
use std::ops::Range;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::tags::{ResolvedTag, resolve_tag};
use crate::model::urls;
use crate::parse::catalog::Catalogs;
use crate::parse::records::RecordEntry;

/// What collecting needs of a document that may declare records.
pub struct Declaring<'a> {
    /// The document ID.
    pub id: &'a str,
    /// Byte range of its `id:` value.
    pub id_bytes: Range<usize>,
    /// Its file.
    pub file: &'a SourceText,
    /// The records it declares, in file order.
    pub records: &'a [RecordEntry],
    /// Whether this build publishes it.
    pub published: bool,
}

/// One declared record.
#[derive(Debug, Clone)]
pub struct Record {
    /// The entry as its governing document declares it.
    pub entry: RecordEntry,
    /// Index of the governing document in the handbook's documents.
    pub doc: usize,
    /// Its clause tags that name a clause of a catalog in scope.
    pub tags: Vec<ResolvedTag>,
    /// Its anchor on the governing document's page: `rec-<ID>`.
    pub anchor: String,
    /// `doc/<DOC>.html#rec-<ID>`, relative to the site root.
    pub url: String,
    /// Whether this build publishes it (its governing document's page).
    pub published: bool,
}

impl Record {
    /// The record ID.
    pub fn id(&self) -> &str {
        &self.entry.id.value
    }
}

/// Collects the records of every document (in the documents' order, then
/// file order), reporting IDs used twice or used by a document, and checking
/// their clause tags. A record whose ID is taken is left out.
pub fn collect(
    documents: &[Declaring<'_>],
    config: &Config,
    catalogs: &Catalogs,
    scope: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Record> {
    let doc_ids: HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.to_ascii_lowercase(), i))
        .collect();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut out: Vec<Record> = Vec::new();
    for (doc, d) in documents.iter().enumerate() {
        for entry in d.records {
            let id = &entry.id;
            let key = id.value.to_ascii_lowercase();
            let text = d.file;
            if let Some(&other) = doc_ids.get(&key) {
                let o = &documents[other];
                let at = o.file.span(o.id_bytes.clone());
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!(
                            "the record ID `{}` is the ID of the document `{}`",
                            id.value,
                            o.id
                        ),
                    )
                    .at_bytes(text, id.bytes.clone())
                    .secondary(o.file, at, "the document's ID")
                    .help("give the record an ID of its own, e.g. `REC-…`; links to records are written `[[record:ID]]` and must not be mistaken for documents"),
                );
                continue;
            }
            if let Some(&(first_doc, first)) = seen.get(&key) {
                let f = &documents[first_doc];
                let at = f.file.span(out[first].entry.id.bytes.clone());
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!(
                            "the record ID `{}` is already used by a record of {} ({}:{}:{})",
                            id.value,
                            f.id,
                            f.file.path,
                            at.start.line,
                            at.start.column
                        ),
                    )
                    .at_bytes(text, id.bytes.clone())
                    .secondary(f.file, at, "the record ID is first used here")
                    .help("each record is declared once, by the document that governs it; give this one its own ID or remove it"),
                );
                continue;
            }
            let mut tags: Vec<ResolvedTag> = Vec::new();
            for tag in &entry.clauses {
                if let Some((standard, clause)) =
                    resolve_tag(text, tag, config, catalogs, scope, diagnostics)
                {
                    let t = ResolvedTag {
                        standard,
                        clause,
                        section: None,
                    };
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
            }
            seen.insert(key, (doc, out.len()));
            let anchor = urls::record_anchor(&id.value);
            out.push(Record {
                url: urls::record(d.id, &id.value),
                anchor,
                tags,
                doc,
                published: d.published,
                entry: entry.clone(),
            });
        }
    }
    out
}
