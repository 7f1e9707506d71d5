//! The `records:` front-matter key: the records a document governs (what the
//! organisation keeps as evidence), each a mapping with an `id`, a `title`,
//! clause tags and how it is kept (location, system, retention, disposal,
//! protection, access).
//!
//! This module reads one file's list and reports what is malformed in it at
//! its line and column; IDs unique across the handbook, clause tags against
//! the catalogs and links to records are [`crate::model`]'s.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::clause_tags::{ClauseTag, read_clause_tags};
use crate::parse::ids::id_problem;
use crate::parse::located::Located;
use crate::parse::values::{Reader, mapping_at};
use crate::parse::yaml::{Node, Value};

/// The keys of one `records:` entry.
pub const RECORD_KEYS: [&str; 9] = [
    "id",
    "title",
    "clauses",
    "location",
    "system",
    "retention",
    "disposal",
    "protection",
    "access",
];

/// One record a document declares it governs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordEntry {
    /// The record's ID, e.g. `REC-TRN-01` (same rules as document IDs).
    pub id: Located<String>,
    /// What the record is, e.g. "Training records".
    pub title: String,
    /// The clauses it is evidence for (default standard, or a map by standard).
    pub clauses: Vec<ClauseTag>,
    /// Where it is kept (a place: "Quality office, cabinet 2").
    pub location: Option<String>,
    /// The system it is kept in ("ERP", "shared drive QMS/Records").
    pub system: Option<String>,
    /// How long it is kept ("5 years after delivery").
    pub retention: Option<String>,
    /// What happens at the end of retention ("shredded", "deleted").
    pub disposal: Option<String>,
    /// How it is protected from loss, damage and unintended change.
    pub protection: Option<String>,
    /// Who may read or change it.
    pub access: Option<String>,
    /// Byte range of the whole entry.
    pub bytes: Range<usize>,
}

/// Reads `records:`, a list of [`RecordEntry`] mappings, in file order.
/// Malformed entries are reported and left out; IDs are checked for their
/// characters here, for uniqueness by the model.
pub fn read_records(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RecordEntry> {
    let mut r = Reader { file, diagnostics };
    let items = match &node.value {
        Value::Seq(items) => items,
        Value::Null => return Vec::new(),
        other => {
            r.error(
                node.bytes.clone(),
                format!("`records` must be a list of records, found {}", other.kind()),
                "write one entry per record: `- id: REC-001` with `title:` (and `retention:`, `location:` …) indented below it".to_string(),
            );
            return Vec::new();
        }
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(n, item)| read_entry(&mut r, &format!("`records` entry {}", n + 1), item))
        .collect()
}

/// One `records:` entry.
fn read_entry(r: &mut Reader<'_>, what: &str, item: &Node) -> Option<RecordEntry> {
    let Value::Map(fields) = &item.value else {
        r.error(
            item.bytes.clone(),
            format!(
                "{what} must be a mapping with `id` and `title`, found {}",
                item.value.kind()
            ),
            "write e.g. `- { id: REC-001, title: \"Training records\", retention: \"5 years\", location: \"HR office\" }`"
                .to_string(),
        );
        return None;
    };
    let mut entry = RecordEntry {
        id: Located {
            value: String::new(),
            bytes: 0..0,
        },
        title: String::new(),
        clauses: Vec::new(),
        location: None,
        system: None,
        retention: None,
        disposal: None,
        protection: None,
        access: None,
        bytes: item.bytes.clone(),
    };
    let (mut id, mut title) = (None, None);
    for (key, value) in fields {
        let field = format!("`{key}` of {what}");
        match key.as_str() {
            "id" => id = record_id(r, &field, value),
            "title" => title = r.text(&field, value),
            "clauses" => entry.clauses = read_clause_tags(r.file, value, r.diagnostics),
            "location" => entry.location = r.text(&field, value),
            "system" => entry.system = r.text(&field, value),
            "retention" => entry.retention = r.text(&field, value),
            "disposal" => entry.disposal = r.text(&field, value),
            "protection" => entry.protection = r.text(&field, value),
            "access" => entry.access = r.text(&field, value),
            other => r.unknown_key(what, other, value, &RECORD_KEYS),
        }
    }
    let present = |k: &str| fields.iter().any(|(key, _)| key == k);
    let missing: Vec<&str> = ["id", "title"]
        .into_iter()
        .filter(|k| !present(k))
        .collect();
    r.missing(
        what,
        mapping_at(r.file, item, fields),
        &missing,
        "`id: REC-001`, `title: \"Training records\"`",
    );
    entry.id = id?;
    entry.title = title?;
    Some(entry)
}

/// A record ID: text that is safe as an anchor and in a URL.
fn record_id(r: &mut Reader<'_>, what: &str, node: &Node) -> Option<Located<String>> {
    let id = r.located_text(what, node)?;
    if let Some(problem) = id_problem(&id.value) {
        r.diagnostics.push(
            Diagnostic::error("invalid-id", format!("record ID `{}` {problem}", id.value))
                .at_bytes(r.file, id.bytes.clone())
                .help("use IDs like `REC-001`: letters, digits and `-`"),
        );
        return None;
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;

    fn read(yaml_text: &str) -> (Vec<RecordEntry>, Vec<Diagnostic>) {
        let text = format!("---\n{yaml_text}\n---\n");
        let file = SourceText::new("content/a.md", text.clone());
        let root = yaml::parse(&text[4..4 + yaml_text.len()], 4).expect("yaml");
        let Value::Map(entries) = root.value else {
            panic!("a mapping")
        };
        let node = &entries.iter().find(|(k, _)| k == "records").expect("key").1;
        let mut d = Vec::new();
        let records = read_records(&file, node, &mut d);
        (records, d)
    }

    fn locations(d: &[Diagnostic]) -> Vec<String> {
        d.iter().map(Diagnostic::location).collect()
    }

    #[test]
    fn a_full_entry_is_read() {
        let (records, d) = read(
            "records:\n  - id: REC-TRN\n    title: Training records\n    clauses: [\"7.2\"]\n    location: HR office\n    system: HR database\n    retention: 5 years after leaving\n    disposal: Shredded\n    protection: Backed up nightly\n    access: HR Manager\n  - { id: REC-2, title: Minutes, clauses: { iso14001-2015: [\"9.3\"] } }",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(records.len(), 2);
        let r = &records[0];
        assert_eq!(r.id.value, "REC-TRN");
        assert_eq!(r.title, "Training records");
        assert_eq!(r.clauses.len(), 1);
        assert_eq!(r.clauses[0].clause, "7.2");
        assert_eq!(r.retention.as_deref(), Some("5 years after leaving"));
        assert_eq!(r.access.as_deref(), Some("HR Manager"));
        assert_eq!(
            records[1].clauses[0].standard.as_deref(),
            Some("iso14001-2015")
        );
        assert_eq!(records[1].location, None);
    }

    #[test]
    fn malformed_lists_are_reported_where_they_are() {
        let (records, d) = read("records: REC-1");
        assert!(records.is_empty());
        assert_eq!(locations(&d), ["content/a.md:2:10"]);
        assert!(d[0].message.contains("must be a list"), "{}", d[0].message);

        let (records, d) = read("records:\n  - REC-1\n  - { id: REC-2, title: T }");
        assert_eq!(records.len(), 1);
        assert_eq!(locations(&d), ["content/a.md:3:5"]);
        assert!(d[0].message.contains("must be a mapping"));
    }

    #[test]
    fn unknown_keys_missing_keys_and_bad_ids() {
        let (records, d) = read(
            "records:\n  - id: REC-1\n    title: T\n    retension: 5 years\n  - title: No id\n  - id: \"a/b\"\n    title: Slash",
        );
        assert!(records.len() == 1 && records[0].id.value == "REC-1");
        assert_eq!(
            locations(&d),
            ["content/a.md:5:5", "content/a.md:6:5", "content/a.md:7:9"],
            "{d:?}"
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `retention`"),
            "{:?}",
            d[0].help
        );
        assert!(d[1].message.contains("missing the required key `id`"));
        assert_eq!(d[2].code, "invalid-id");
        assert!(d[2].message.contains("record ID `a/b`"));
    }

    #[test]
    fn empty_values_are_errors() {
        let (records, d) = read("records:\n  - id: REC-1\n    title: T\n    location: \"\"");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].location, None);
        assert_eq!(locations(&d), ["content/a.md:5:15"]);
        assert!(d[0].message.contains("is empty"));
    }
}
