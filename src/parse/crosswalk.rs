//! Crosswalks: how the clauses of one catalog map to another's. Read from
//! the built-in `standards/crosswalks/<from>--<to>.yaml` files, the
//! handbook's own `standards/<from>--<to>.yaml` files, and the built-in
//! harmonized-structure table (`standards/crosswalks/harmonized-structure.yaml`)
//! that lines up ISO 9001, ISO 14001, ISO 45001 and ISO/IEC 27001 clause by
//! clause (4.1–10.2).
//!
//! A crosswalk file lists the clauses of its *target* (`to`), each with the
//! clauses of its *source* (`from`) that address the same requirement, and
//! how well (`relation`: `equivalent`, `partial` or `related`). One file
//! serves both ways: where no file exists for `B--A`, the reverse of `A--B`
//! is used (each entry keeps its relation). A handbook's own file replaces a
//! built-in one for the same pair. A built-in crosswalk is dropped when a
//! catalog the handbook replaced lacks one of its clauses (its numbering no
//! longer holds; the handbook writes its own file), and the harmonized table
//! keeps only the clauses the catalogs in use have.
//!
//! Parsing only: what a crosswalk predicts is [`crate::analysis::transition`]'s.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::catalog::{Catalog, CatalogFile, crosswalk_pair, is_crosswalk_name, natural_cmp};
use crate::parse::yaml::{self, Node, Value};
use crate::util::embedded;

/// The built-in harmonized-structure table, under the embedded `standards/`.
const HARMONIZED: &str = "crosswalks/harmonized-structure.yaml";

/// How well source clauses address a target clause (a judgement, ours or the file author's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The source clauses ask for the same thing.
    Equivalent,
    /// The source clauses ask for part of it; the target asks for more.
    Partial,
    /// On the same topic, but not the same requirement: never counts.
    Related,
}

impl Relation {
    /// The word used in files and shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Relation::Equivalent => "equivalent",
            Relation::Partial => "partial",
            Relation::Related => "related",
        }
    }
}

/// One entry: a target clause and the source clauses mapped to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Clause id in the target catalog.
    pub target: String,
    /// Clause ids in the source catalog, in natural order.
    pub sources: Vec<String>,
    /// How well they address it.
    pub relation: Relation,
}

/// How a crosswalk came about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrosswalkOrigin {
    /// A file, as named (built-in files as `(built-in)/standards/…`).
    File(String),
    /// The reverse of the crosswalk in this file.
    Reversed(String),
    /// Derived from the built-in harmonized-structure table.
    Harmonized,
}

impl CrosswalkOrigin {
    /// In words, for pages.
    pub fn describe(&self) -> String {
        match self {
            CrosswalkOrigin::File(f) => format!("crosswalk file `{f}`"),
            CrosswalkOrigin::Reversed(f) => format!("crosswalk file `{f}`, read in reverse"),
            CrosswalkOrigin::Harmonized => {
                "the harmonized structure shared by ISO management system standards".to_string()
            }
        }
    }
}

/// A crosswalk from one catalog to another.
#[derive(Debug, Clone)]
pub struct Crosswalk {
    /// Source catalog key.
    pub from: String,
    /// Target catalog key.
    pub to: String,
    /// Entries, in the target's natural clause order.
    pub mappings: Vec<Mapping>,
    /// Where it comes from.
    pub origin: CrosswalkOrigin,
}

/// One row of the harmonized-structure table.
#[derive(Debug, Clone)]
pub struct HarmonizedRow {
    /// The harmonized-structure clause number, e.g. `9.3.2`.
    pub id: String,
    /// Its generic heading.
    pub title: String,
    /// Catalog key → that standard's clause ids for it (empty: none).
    pub cells: BTreeMap<String, Vec<String>>,
}

/// The harmonized-structure table: the clauses 4.1–10.2 that ISO management
/// system standards share, and each standard's clauses for them.
#[derive(Debug, Clone, Default)]
pub struct Harmonized {
    /// The standards it lines up (those with a catalog).
    pub standards: Vec<String>,
    /// Its rows, in natural order.
    pub rows: Vec<HarmonizedRow>,
}

/// Every crosswalk, by (from, to), and the harmonized-structure table.
#[derive(Debug, Clone, Default)]
pub struct Crosswalks {
    /// By (source key, target key).
    pub by_pair: BTreeMap<(String, String), Crosswalk>,
    /// The harmonized-structure table.
    pub harmonized: Harmonized,
}

impl Crosswalks {
    /// The crosswalk from `from` to `to`.
    pub fn get(&self, from: &str, to: &str) -> Option<&Crosswalk> {
        self.by_pair.get(&(from.to_string(), to.to_string()))
    }

    /// The crosswalks whose source is `from`, by target key.
    pub fn from_source<'a>(&'a self, from: &'a str) -> impl Iterator<Item = &'a Crosswalk> + 'a {
        self.by_pair
            .iter()
            .filter(move |((f, _), _)| f == from)
            .map(|(_, c)| c)
    }

    /// Reads the built-in crosswalks and the handbook's own `files` against
    /// `catalogs`, reporting every problem of the handbook's files.
    pub fn build(
        catalogs: &BTreeMap<String, Catalog>,
        files: Vec<CatalogFile>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Crosswalks {
        let mut files_by_pair: BTreeMap<(String, String), Crosswalk> = BTreeMap::new();
        for (path, bytes) in embedded::STANDARDS {
            let Some(name) = path.strip_prefix("crosswalks/") else {
                continue;
            };
            if !is_crosswalk_name(name) {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            let source = SourceText::new(format!("(built-in)/standards/{path}"), text.as_ref());
            // A built-in crosswalk whose clauses the catalogs in use do not
            // all have (the handbook replaced one with its own numbering) is
            // dropped, not reported: the handbook cannot fix our file.
            let mut ignored = Vec::new();
            if let Some(c) = parse(&source, name, catalogs, &mut ignored)
                && ignored.is_empty()
            {
                files_by_pair.insert((c.from.clone(), c.to.clone()), c);
            }
        }
        for file in files {
            let name = file.shown.trim_start_matches("standards/").to_string();
            let source = SourceText::new(file.shown.clone(), file.text);
            if let Some(c) = parse(&source, &name, catalogs, diagnostics) {
                files_by_pair.insert((c.from.clone(), c.to.clone()), c);
            }
        }
        let harmonized = harmonized_table(catalogs, &mut Vec::new());
        let mut by_pair = BTreeMap::new();
        // Harmonized pairs first, then reversed files, then files: each
        // later kind replaces an earlier one for the same pair.
        for a in &harmonized.standards {
            for b in &harmonized.standards {
                if a != b {
                    let c = harmonized_pair(&harmonized, a, b, catalogs);
                    by_pair.insert((a.clone(), b.clone()), c);
                }
            }
        }
        for c in files_by_pair.values() {
            by_pair.insert((c.to.clone(), c.from.clone()), reversed(c));
        }
        for (pair, c) in files_by_pair {
            by_pair.insert(pair, c);
        }
        Crosswalks {
            by_pair,
            harmonized,
        }
    }
}

/// The handbook's crosswalk files among its `standards/` files, and the others.
pub fn split_files(files: Vec<CatalogFile>) -> (Vec<CatalogFile>, Vec<CatalogFile>) {
    files
        .into_iter()
        .partition(|f| is_crosswalk_name(f.shown.trim_start_matches("standards/")))
}

fn error(
    source: &SourceText,
    bytes: std::ops::Range<usize>,
    msg: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::error("invalid-crosswalk", msg)
        .at_bytes(source, bytes)
        .help(help)
}

fn text_of(node: &Node, source: &SourceText) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.trim().to_string()),
        Value::Int(_) | Value::Float(_) => Some(
            source.text[node.bytes.clone()]
                .trim()
                .trim_matches(['\'', '"'])
                .to_string(),
        ),
        _ => None,
    }
}

/// Clause ids: one id or a list of them, with their byte ranges.
fn ids_of(node: &Node, source: &SourceText) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .map(|n| text_of(n, source).map(|t| (t, n.bytes.clone())))
            .collect(),
        _ => text_of(node, source).map(|t| vec![(t, node.bytes.clone())]),
    }
}

/// Parses one crosswalk file named `name` (`<from>--<to>.yaml`), checking
/// its keys and clauses against `catalogs`.
pub fn parse(
    source: &SourceText,
    name: &str,
    catalogs: &BTreeMap<String, Catalog>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Crosswalk> {
    let (name_from, name_to) = crosswalk_pair(name)?;
    let root = match yaml::parse(&source.text, 0) {
        Ok(n) => n,
        Err(e) => {
            diagnostics.push(error(
                source,
                e.offset..e.offset + 1,
                format!("crosswalk is not valid YAML: {}", e.message),
                "fix the YAML syntax",
            ));
            return None;
        }
    };
    let Value::Map(entries) = &root.value else {
        diagnostics.push(error(
            source,
            0..0,
            "a crosswalk must be a mapping with `from`, `to` and `mappings`".into(),
            "see \"Crosswalks and transition\" in the README",
        ));
        return None;
    };
    let field = |k: &str| entries.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    for (k, n) in entries {
        if !matches!(k.as_str(), "from" | "to" | "mappings" | "note") {
            diagnostics.push(error(
                source,
                n.bytes.clone(),
                format!("unknown crosswalk field `{k}`"),
                "a crosswalk has `from`, `to`, `mappings` and optionally `note`",
            ));
        }
    }
    let mut ok = true;
    let mut key_of = |field_name: &str, expected: &str| -> Option<&Catalog> {
        let Some(node) = field(field_name) else {
            diagnostics.push(error(
                source,
                0..0,
                format!("the crosswalk has no `{field_name}`"),
                &format!("add `{field_name}: {expected}` at the top level"),
            ));
            ok = false;
            return None;
        };
        let Some(key) = text_of(node, source) else {
            diagnostics.push(error(
                source,
                node.bytes.clone(),
                format!(
                    "`{field_name}` must be a catalog key, not {}",
                    node.value.kind()
                ),
                &format!("write `{field_name}: {expected}`"),
            ));
            ok = false;
            return None;
        };
        if key != expected {
            diagnostics.push(error(
                source,
                node.bytes.clone(),
                format!(
                    "`{field_name}: {key}` does not match the file name `{name}`, which says `{expected}`"
                ),
                "name the file `<from>--<to>.yaml` after the two catalog keys",
            ));
            ok = false;
            return None;
        }
        match catalogs.get(&key) {
            Some(c) => Some(c),
            None => {
                let known: Vec<&str> = catalogs.keys().map(String::as_str).collect();
                diagnostics.push(error(
                    source,
                    node.bytes.clone(),
                    format!("`{key}` is not a known catalog"),
                    &format!(
                        "known catalogs: {}; add your own as standards/<key>.yaml",
                        known.join(", ")
                    ),
                ));
                ok = false;
                None
            }
        }
    };
    let from = key_of("from", name_from);
    let to = key_of("to", name_to);
    let (Some(from), Some(to)) = (from, to) else {
        return None;
    };
    if !ok {
        return None;
    }
    if from.key == to.key {
        diagnostics.push(error(
            source,
            field("to").map_or(0..0, |n| n.bytes.clone()),
            format!("the crosswalk maps `{}` to itself", to.key),
            "a crosswalk maps one catalog to another: name two different keys",
        ));
        return None;
    }
    let items: &[Node] = match field("mappings").map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => {
            diagnostics.push(error(
                source,
                field("mappings").map_or(0..0, |n| n.bytes.clone()),
                "the crosswalk has no `mappings` list".into(),
                "add `mappings:` with one `- to: '…'` / `from: [...]` entry per target clause",
            ));
            return None;
        }
    };
    let mut mappings = Vec::with_capacity(items.len());
    for item in items {
        if let Some(m) = mapping(item, source, from, to, diagnostics) {
            mappings.push(m);
        }
    }
    mappings.sort_by(|a, b| natural_cmp(&a.target, &b.target));
    Some(Crosswalk {
        from: from.key.clone(),
        to: to.key.clone(),
        mappings,
        origin: CrosswalkOrigin::File(source.path.clone()),
    })
}

/// One `- to: … from: … relation: …` entry.
fn mapping(
    item: &Node,
    source: &SourceText,
    from: &Catalog,
    to: &Catalog,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mapping> {
    let Value::Map(fields) = &item.value else {
        diagnostics.push(error(
            source,
            item.bytes.clone(),
            "each mapping must be a mapping with `to` and `from`".into(),
            "write `- to: '4.2.4'` and `from: ['7.5.2', '7.5.3']` on the next line",
        ));
        return None;
    };
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    for (k, v) in fields {
        if !matches!(k.as_str(), "to" | "from" | "relation" | "note") {
            diagnostics.push(error(
                source,
                v.bytes.clone(),
                format!("unknown mapping field `{k}`"),
                "a mapping has `to`, `from`, and optionally `relation` and `note`",
            ));
        }
    }
    let mut ok = true;
    let mut check = |catalog: &Catalog, id: &str, bytes: &std::ops::Range<usize>| {
        if catalog.get(id).is_none() {
            let ids: Vec<&str> = catalog.clauses.iter().map(|c| c.id.as_str()).collect();
            let hint = crate::util::suggest::closest(id, ids.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            diagnostics.push(error(
                source,
                bytes.clone(),
                format!(
                    "clause `{id}` is not in {} (`{}`)",
                    catalog.name, catalog.key
                ),
                &format!("{hint}use a clause id of the `{}` catalog", catalog.key),
            ));
            ok = false;
        }
    };
    let Some(target_node) = get("to") else {
        diagnostics.push(error(
            source,
            item.bytes.clone(),
            "a mapping has no `to` (the target clause)".into(),
            &format!("add `to: '…'` with a clause of `{}`", to.key),
        ));
        return None;
    };
    let Some(target) = text_of(target_node, source).filter(|t| !t.is_empty()) else {
        diagnostics.push(error(
            source,
            target_node.bytes.clone(),
            "`to` must be one clause id".into(),
            "quote the id, e.g. `to: '7.5'`",
        ));
        return None;
    };
    check(to, &target, &target_node.bytes);
    let Some(from_node) = get("from") else {
        diagnostics.push(error(
            source,
            item.bytes.clone(),
            format!("the mapping of `{target}` has no `from` (the source clauses)"),
            &format!(
                "add `from: ['…']` with clauses of `{}`, or leave the clause out: a clause nothing maps to is new",
                from.key
            ),
        ));
        return None;
    };
    let sources = match ids_of(from_node, source) {
        Some(ids) if !ids.is_empty() => ids,
        _ => {
            diagnostics.push(error(
                source,
                from_node.bytes.clone(),
                format!("`from` of `{target}` must be a clause id or a non-empty list of them"),
                "write `from: ['7.5.2', '7.5.3']`",
            ));
            return None;
        }
    };
    for (id, bytes) in &sources {
        check(from, id, bytes);
    }
    let relation = match get("relation") {
        None => Relation::Equivalent,
        Some(n) => match text_of(n, source).as_deref() {
            Some("equivalent") => Relation::Equivalent,
            Some("partial") => Relation::Partial,
            Some("related") => Relation::Related,
            other => {
                diagnostics.push(error(
                    source,
                    n.bytes.clone(),
                    match other {
                        Some(word) => format!("unknown relation `{word}`"),
                        None => format!("`relation` must be a word, not {}", n.value.kind()),
                    },
                    "use `equivalent` (the default), `partial` or `related`",
                ));
                return None;
            }
        },
    };
    if !ok {
        return None;
    }
    let mut sources: Vec<String> = sources.into_iter().map(|(s, _)| s).collect();
    sources.sort_by(|a, b| natural_cmp(a, b));
    sources.dedup();
    Some(Mapping {
        target,
        sources,
        relation,
    })
}

/// The reverse of a crosswalk: each source clause gets the target clauses
/// whose entries name it, with the entry's relation.
fn reversed(c: &Crosswalk) -> Crosswalk {
    let mut by_target: BTreeMap<(String, Relation), Vec<String>> = BTreeMap::new();
    for m in &c.mappings {
        for s in &m.sources {
            by_target
                .entry((s.clone(), m.relation))
                .or_default()
                .push(m.target.clone());
        }
    }
    let mut mappings: Vec<Mapping> = by_target
        .into_iter()
        .map(|((target, relation), mut sources)| {
            sources.sort_by(|a, b| natural_cmp(a, b));
            sources.dedup();
            Mapping {
                target,
                sources,
                relation,
            }
        })
        .collect();
    mappings.sort_by(|a, b| natural_cmp(&a.target, &b.target).then(a.relation.cmp(&b.relation)));
    let file = match &c.origin {
        CrosswalkOrigin::File(f) | CrosswalkOrigin::Reversed(f) => f.clone(),
        CrosswalkOrigin::Harmonized => String::new(),
    };
    Crosswalk {
        from: c.to.clone(),
        to: c.from.clone(),
        mappings,
        origin: CrosswalkOrigin::Reversed(file),
    }
}

/// The built-in harmonized-structure table, keeping the standards with a
/// catalog and the ids those catalogs know (the others
/// go to `unknown` as `key:id`).
fn harmonized_table(catalogs: &BTreeMap<String, Catalog>, unknown: &mut Vec<String>) -> Harmonized {
    let Some((_, bytes)) = embedded::STANDARDS.iter().find(|(p, _)| *p == HARMONIZED) else {
        return Harmonized::default();
    };
    let text = String::from_utf8_lossy(bytes);
    let Ok(root) = yaml::parse(&text, 0) else {
        return Harmonized::default();
    };
    let Value::Map(entries) = &root.value else {
        return Harmonized::default();
    };
    let field = |k: &str| entries.iter().find(|(n, _)| n == k).map(|(_, v)| &v.value);
    let strings = |v: &Value| -> Vec<String> {
        match v {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| match &n.value {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let standards: Vec<String> = field("standards")
        .map(strings)
        .unwrap_or_default()
        .into_iter()
        .filter(|k| catalogs.contains_key(k))
        .collect();
    let mut rows = Vec::new();
    if let Some(Value::Seq(items)) = field("clauses") {
        for item in items {
            let Value::Map(f) = &item.value else { continue };
            let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| &v.value);
            let (Some(Value::Str(id)), Some(Value::Str(title))) = (get("hs"), get("title")) else {
                continue;
            };
            let cells = standards
                .iter()
                .map(|k: &String| {
                    let ids = get(k).map(strings).unwrap_or_default();
                    let catalog = catalogs.get(k);
                    let (ids, bad): (Vec<String>, Vec<String>) = ids
                        .into_iter()
                        .partition(|i| catalog.is_some_and(|c| c.get(i).is_some()));
                    unknown.extend(bad.into_iter().map(|i| format!("{k}:{i}")));
                    (k.clone(), ids)
                })
                .collect();
            rows.push(HarmonizedRow {
                id: id.clone(),
                title: title.clone(),
                cells,
            });
        }
    }
    rows.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    Harmonized { standards, rows }
}

/// Keeps the top-most ids: drops an id whose ancestor is also listed.
fn topmost(catalog: Option<&Catalog>, ids: &[String]) -> Vec<String> {
    let Some(catalog) = catalog else {
        return ids.to_vec();
    };
    let idx: Vec<usize> = ids.iter().filter_map(|i| catalog.get(i)).collect();
    idx.iter()
        .filter(|&&i| !idx.iter().any(|&a| a != i && catalog.is_within(i, a)))
        .map(|&i| catalog.clauses[i].id.clone())
        .collect()
}

/// Keeps the inner-most ids: drops an id whose descendant is also listed, so
/// that a clause listed with some of its sub-clauses does not stand for the
/// others (discipline-specific ones, left out of the table).
fn innermost(catalog: Option<&Catalog>, ids: &[String]) -> Vec<String> {
    let Some(catalog) = catalog else {
        return ids.to_vec();
    };
    let idx: Vec<usize> = ids.iter().filter_map(|i| catalog.get(i)).collect();
    idx.iter()
        .filter(|&&a| !idx.iter().any(|&i| i != a && catalog.is_within(i, a)))
        .map(|&i| catalog.clauses[i].id.clone())
        .collect()
}

/// The crosswalk from `a` to `b` the harmonized table gives: each of `b`'s
/// clauses in a row, from `a`'s clauses in that row.
fn harmonized_pair(
    h: &Harmonized,
    a: &str,
    b: &str,
    catalogs: &BTreeMap<String, Catalog>,
) -> Crosswalk {
    let mut by_target: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in &h.rows {
        let (Some(sa), Some(sb)) = (row.cells.get(a), row.cells.get(b)) else {
            continue;
        };
        if sa.is_empty() || sb.is_empty() {
            continue;
        }
        let sources = topmost(catalogs.get(a), sa);
        for t in innermost(catalogs.get(b), sb) {
            by_target
                .entry(t)
                .or_default()
                .extend(sources.iter().cloned());
        }
    }
    let mut mappings: Vec<Mapping> = by_target
        .into_iter()
        .map(|(target, mut sources)| {
            sources.sort_by(|x, y| natural_cmp(x, y));
            sources.dedup();
            let sources = topmost(catalogs.get(a), &sources);
            Mapping {
                target,
                sources,
                relation: Relation::Equivalent,
            }
        })
        .collect();
    mappings.sort_by(|x, y| natural_cmp(&x.target, &y.target));
    Crosswalk {
        from: a.to_string(),
        to: b.to_string(),
        mappings,
        origin: CrosswalkOrigin::Harmonized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::catalog::Catalogs;

    struct Both {
        by_key: BTreeMap<String, Catalog>,
        crosswalks: Crosswalks,
    }

    fn built_in() -> Both {
        let mut d = Vec::new();
        let c = Catalogs::build(Vec::new(), &mut d);
        let crosswalks = Crosswalks::build(&c.by_key, Vec::new(), &mut d);
        assert!(d.is_empty(), "{d:?}");
        Both {
            by_key: c.by_key,
            crosswalks,
        }
    }

    #[test]
    fn crosswalk_names() {
        assert!(is_crosswalk_name("iso9001-2015--iso13485-2016.yaml"));
        assert!(!is_crosswalk_name("iso13485-2016.yaml"));
        assert!(!is_crosswalk_name("--x.yaml"));
    }

    #[test]
    fn built_in_crosswalks_load_in_both_directions() {
        let c = built_in();
        let x = &c.crosswalks;
        let fwd = x
            .get("iso9001-2015", "iso13485-2016")
            .expect("9001 → 13485");
        assert!(matches!(fwd.origin, CrosswalkOrigin::File(_)));
        let back = x
            .get("iso13485-2016", "iso9001-2015")
            .expect("13485 → 9001");
        assert!(matches!(back.origin, CrosswalkOrigin::Reversed(_)));
        // Harmonized pairs among the four HS standards, both ways.
        let hs = x.get("iso9001-2015", "iso14001-2015").expect("HS pair");
        assert_eq!(hs.origin, CrosswalkOrigin::Harmonized);
        // 'Continual improvement' is 10.3 in ISO 9001 but 10.1 in ISO/IEC 27001.
        let to27001 = x.get("iso9001-2015", "iso27001-2022").expect("HS pair");
        let ci = to27001
            .mappings
            .iter()
            .find(|m| m.target == "10.1")
            .expect("10.1");
        assert_eq!(ci.sources, ["10.3"]);
        // Sources: a parent listed with its children stands for them.
        let qms = hs.mappings.iter().find(|m| m.target == "4.4").expect("4.4");
        assert_eq!(qms.sources, ["4.4"]);
        // Targets: a parent listed with some children does not stand for
        // the others (ISO 14001 6.1.2 environmental aspects is its own).
        assert!(hs.mappings.iter().any(|m| m.target == "6.1.1"));
        assert!(
            !hs.mappings
                .iter()
                .any(|m| m.target == "6.1" || m.target == "6.1.2")
        );
        assert_eq!(x.harmonized.standards.len(), 4);
        assert!(x.get("iso9001-2015", "iso9001-2026-dis").is_some());
    }

    #[test]
    fn built_in_files_are_clean() {
        let c = built_in();
        for (path, bytes) in embedded::STANDARDS {
            let Some(name) = path.strip_prefix("crosswalks/") else {
                continue;
            };
            if !is_crosswalk_name(name) {
                continue;
            }
            let src = SourceText::new(*path, String::from_utf8_lossy(bytes).as_ref());
            let mut d = Vec::new();
            assert!(parse(&src, name, &c.by_key, &mut d).is_some(), "{path}");
            assert!(d.is_empty(), "{path}: {d:?}");
        }
        // Every id of the harmonized table is known to its catalog.
        let mut unknown = Vec::new();
        let h = harmonized_table(&c.by_key, &mut unknown);
        assert!(unknown.is_empty(), "{unknown:?}");
        assert!(h.rows.iter().any(|r| r.id == "10.2"));
        assert!(!h.rows.iter().any(|r| r.id == "4"));
    }

    #[test]
    fn errors_are_located() {
        let c = built_in();
        let src = SourceText::new(
            "standards/iso9001-2015--iso13485-2016.yaml",
            "from: iso9001-2015\nto: iso13485-2016\nmappings:\n  - to: '4.2.4'\n    from: ['7.5.3', '7.5.9']\n  - to: '9.9'\n    from: '7.5'\n  - to: '4.2.5'\n    from: '7.5'\n    relation: same\n",
        );
        let mut d = Vec::new();
        let x = parse(&src, "iso9001-2015--iso13485-2016.yaml", &c.by_key, &mut d).expect("parsed");
        assert!(x.mappings.is_empty());
        let found: Vec<_> = d
            .iter()
            .map(|d| {
                let s = d.span.as_ref().expect("span");
                (s.start.line, s.start.column, d.message.clone())
            })
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].0 == 5 && found[0].2.contains("`7.5.9` is not in ISO 9001:2015"),
            "{found:?}"
        );
        assert!(
            found[1].0 == 6 && found[1].2.contains("`9.9` is not in ISO 13485:2016"),
            "{found:?}"
        );
        assert!(
            found[2].0 == 10 && found[2].2.contains("unknown relation `same`"),
            "{found:?}"
        );
    }

    #[test]
    fn file_name_and_keys_must_agree() {
        let c = built_in();
        let src = SourceText::new(
            "standards/a--b.yaml",
            "from: iso9001-2015\nto: nope\nmappings: []\n",
        );
        let mut d = Vec::new();
        assert!(parse(&src, "a--b.yaml", &c.by_key, &mut d).is_none());
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("does not match the file name"));
        let same = SourceText::new(
            "standards/iso9001-2015--iso9001-2015.yaml",
            "from: iso9001-2015\nto: iso9001-2015\nmappings: []\n",
        );
        let mut d = Vec::new();
        assert!(parse(&same, "iso9001-2015--iso9001-2015.yaml", &c.by_key, &mut d).is_none());
        assert!(d[0].message.contains("to itself"), "{d:?}");
    }
}
