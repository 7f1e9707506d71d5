//! What `qmsbook catalogs` shows: every catalog a handbook can use (built in,
//! or its own `standards/*.yaml`, which replaces a built-in one of the same
//! key), with its size in numbered requirements and its amendments, as a
//! table for the terminal or as JSON; and the one-line summary of a catalog
//! file that `qmsbook catalogs --check FILE` validated.
//!
//! Plain data and plain text; the catalogs are read by [`crate::parse::catalog`].

use serde::Serialize;

use crate::config::Config;
use crate::parse::catalog::{Catalog, Catalogs};
use crate::parse::crosswalk::Crosswalks;
use crate::util::plural;

/// Version of the JSON listing; bumped on incompatible changes.
pub const CATALOGS_SCHEMA: &str = "qmsbook-catalogs/1";

/// An amendment of a listed catalog.
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentRow {
    /// Key, e.g. `amd1-2024`.
    pub key: String,
    /// Short label, e.g. `Amd 1:2024`.
    pub title: String,
    /// Publication date as the catalog writes it.
    pub published: Option<String>,
    /// Its clauses (amendment items).
    pub items: usize,
    /// Whether the handbook applies it (`[standards.<key>] amendments`).
    pub applied: bool,
}

/// One catalog of the listing.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogRow {
    /// Key used in book.toml and front matter.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Full title.
    pub title: String,
    /// `built-in`, or the handbook file it comes from.
    pub origin: String,
    /// A handbook file that replaces the built-in catalog of the same key.
    pub replaces_built_in: bool,
    /// Whether the handbook has it in scope.
    pub in_scope: bool,
    /// All clauses (headings, requirements, items).
    pub clauses: usize,
    /// Numbered requirements the coverage figure counts, with the
    /// handbook's amendment settings.
    pub requirements: usize,
    /// Lettered items and sub-items.
    pub items: usize,
    /// The catalog's amendments.
    pub amendments: Vec<AmendmentRow>,
    /// The catalogs it has a crosswalk to (built in, the handbook's own, or
    /// the reverse of one), by key: the transition pages it can have.
    pub crosswalks_to: Vec<String>,
}

/// Numbered requirements the coverage figure counts in `catalog`.
pub fn requirement_count(catalog: &Catalog) -> usize {
    (0..catalog.clauses.len())
        .filter(|&i| catalog.is_requirement(i))
        .count()
}

/// The row of one catalog; `config` (when listing a handbook's catalogs)
/// gives the scope and the amendments applied.
pub fn catalog_row(catalog: &Catalog, built_in: &Catalogs, config: Option<&Config>) -> CatalogRow {
    let keep = config
        .and_then(|c| c.standards.per_standard.get(&catalog.key))
        .and_then(|s| s.amendments.clone());
    let applied_catalog = keep.as_ref().map(|k| catalog.with_amendments(k));
    let counted = applied_catalog.as_ref().unwrap_or(catalog);
    CatalogRow {
        key: catalog.key.clone(),
        name: catalog.name.clone(),
        title: catalog.title.clone(),
        origin: catalog.origin.clone(),
        replaces_built_in: catalog.origin != "built-in" && built_in.get(&catalog.key).is_some(),
        in_scope: config.is_some_and(|c| c.standards.scope().contains(&catalog.key)),
        clauses: counted.clauses.len(),
        requirements: requirement_count(counted),
        items: counted.clauses.iter().filter(|c| c.is_item).count(),
        amendments: catalog
            .amendments
            .iter()
            .map(|a| AmendmentRow {
                key: a.key.clone(),
                title: a.title.clone(),
                published: a.published.clone(),
                items: catalog
                    .clauses
                    .iter()
                    .filter(|c| c.amendment.as_deref() == Some(a.key.as_str()))
                    .count(),
                applied: keep.as_ref().is_none_or(|k| k.contains(&a.key)),
            })
            .collect(),
        crosswalks_to: Vec::new(),
    }
}

/// Every catalog of `catalogs`, by key, with the crosswalks from each.
pub fn catalog_rows(
    catalogs: &Catalogs,
    crosswalks: &Crosswalks,
    config: Option<&Config>,
) -> Vec<CatalogRow> {
    let built_in = Catalogs::built_in(&mut Vec::new());
    catalogs
        .by_key
        .values()
        .map(|c| CatalogRow {
            crosswalks_to: crosswalks
                .from_source(&c.key)
                .map(|x| x.to.clone())
                .collect(),
            ..catalog_row(c, &built_in, config)
        })
        .collect()
}

/// The crosswalks column: target keys, `-` when none.
fn crosswalks_text(row: &CatalogRow) -> String {
    if row.crosswalks_to.is_empty() {
        "-".to_string()
    } else {
        row.crosswalks_to.join(", ")
    }
}

/// The amendments column: `Amd 1:2024 (amd1-2024)`, `… off` when not applied.
fn amendments_text(row: &CatalogRow) -> String {
    if row.amendments.is_empty() {
        return "-".to_string();
    }
    row.amendments
        .iter()
        .map(|a| {
            let off = if a.applied { "" } else { ", off" };
            format!("{} ({}{off})", a.title, a.key)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The listing as a table for the terminal.
pub fn catalogs_table(rows: &[CatalogRow]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<16} {:<20} {:>12} {:<28} {:<60} SOURCE",
        "KEY", "NAME", "REQUIREMENTS", "AMENDMENTS", "CROSSWALKS TO"
    );
    for r in rows {
        let mut source = r.origin.clone();
        if r.replaces_built_in {
            source.push_str(" (replaces the built-in catalog)");
        }
        if r.in_scope {
            source.push_str(" [in scope]");
        }
        let _ = writeln!(
            out,
            "{:<16} {:<20} {:>12} {:<28} {:<60} {}",
            r.key,
            r.name,
            r.requirements,
            amendments_text(r),
            crosswalks_text(r),
            source
        );
    }
    out
}

/// The listing as JSON.
pub fn catalogs_json(rows: &[CatalogRow]) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        schema: &'static str,
        catalogs: &'a [CatalogRow],
    }
    let mut s = serde_json::to_string_pretty(&Export {
        schema: CATALOGS_SCHEMA,
        catalogs: rows,
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The summary of a catalog file that validated: what it defines.
pub fn checked_summary(file: &str, row: &CatalogRow) -> String {
    let mut out = format!(
        "`{file}` is a valid catalog: `{}` ({}), {}, {} counted by the coverage figure",
        row.key,
        row.name,
        plural::count(row.clauses, "clause"),
        plural::count(row.requirements, "numbered requirement"),
    );
    if row.items > 0 {
        out.push_str(&format!(", {}", plural::count(row.items, "lettered item")));
    }
    if !row.amendments.is_empty() {
        out.push_str(&format!("; amendments: {}", amendments_text(row)));
    }
    if row.replaces_built_in {
        out.push_str(&format!(
            "; in a handbook's `standards/` it replaces the built-in catalog `{}`",
            row.key
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;
    use crate::parse::catalog::parse;

    #[test]
    fn built_in_rows_count_numbered_requirements_and_amendments() {
        let catalogs = Catalogs::built_in(&mut Vec::new());
        let crosswalks = Crosswalks::build(&catalogs.by_key, Vec::new(), &mut Vec::new());
        let rows = catalog_rows(&catalogs, &crosswalks, None);
        let iso = rows
            .iter()
            .find(|r| r.key == "iso9001-2015")
            .expect("built in");
        assert!(!iso.replaces_built_in);
        assert_eq!(iso.amendments.len(), 1);
        assert_eq!(iso.amendments[0].items, 1);
        assert!(iso.amendments[0].applied);
        assert!(iso.items > 40);
        let table = catalogs_table(&rows);
        assert!(table.contains("Amd 1:2024 (amd1-2024)"), "{table}");
        // The built-in crosswalks: ISO 9001:2015 to ISO 13485 and the draft,
        // and the harmonized structure among the four.
        for to in ["iso13485-2016", "iso9001-2026-dis", "iso14001-2015"] {
            let listed = rows
                .iter()
                .find(|r| r.key == "iso9001-2015")
                .map(|r| &r.crosswalks_to);
            assert!(
                listed.is_some_and(|l| l.iter().any(|k| k == to)),
                "{listed:?}"
            );
        }
        let json: serde_json::Value = serde_json::from_str(&catalogs_json(&rows)).expect("json");
        assert_eq!(json["schema"], CATALOGS_SCHEMA);
        assert_eq!(json["catalogs"].as_array().map(Vec::len), Some(rows.len()));
    }

    #[test]
    fn a_turned_off_amendment_leaves_the_count() {
        let config = crate::config::parse(
            "[book]\ntitle = \"T\"\n[standards.iso9001-2015]\namendments = []\n",
        )
        .expect("config");
        let built_in = Catalogs::built_in(&mut Vec::new());
        let iso = built_in.get("iso9001-2015").expect("iso");
        let on = catalog_row(iso, &built_in, None);
        let off = catalog_row(iso, &built_in, Some(&config));
        assert_eq!(off.requirements + 1, on.requirements);
        assert!(!off.amendments[0].applied);
        assert!(catalogs_table(&[off]).contains("amd1-2024, off"));
    }

    #[test]
    fn a_file_with_a_built_in_key_says_it_replaces_it() {
        let src = SourceText::new(
            "standards/iso9001-2015.yaml",
            "key: iso9001-2015\nname: Mine\nclauses:\n  - id: '1'\n    title: One\n",
        );
        let catalog = parse(&src, "standards/iso9001-2015.yaml", &mut Vec::new()).expect("ok");
        let row = catalog_row(&catalog, &Catalogs::built_in(&mut Vec::new()), None);
        assert!(row.replaces_built_in);
        assert!(checked_summary("x.yaml", &row).contains("replaces the built-in catalog"));
    }
}
