//! Governance of exclusions (`[standards.<key>.not-applicable]`):
//!
//! - `unusual-exclusion`: ISO 9001 4.3 accepts an exclusion only where it does
//!   not affect the organisation's ability to ensure conformity of products
//!   and services; in practice exclusions sit in clause 8 (operation) or
//!   7.1.5 (monitoring and measuring resources). An exclusion elsewhere in
//!   ISO 9001 is reported at its line in book.toml.
//! - `exclusion-not-in-scope`: every exclusion's justification belongs in the
//!   scope statement, the document tagged 4.3 of that standard. One of those
//!   documents must link to the excluded clause (`[[clause:8.3]]`) or to one
//!   of its sub-clauses; a link to a parent (`[[clause:8]]`) says nothing
//!   about the exclusion and does not count.

use std::collections::BTreeSet;

use crate::config::DEFAULT_STANDARD;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::parse::catalog::Catalog;
use crate::parse::front_matter::Status;

/// The clause that holds the scope statement in the harmonized structure
/// (ISO 9001, 14001, 45001 …).
pub const SCOPE_CLAUSE: &str = "4.3";

/// Whether excluding `clause` of ISO 9001 is usual: clause 8 or 7.1.5 and
/// what lies under them.
pub fn usual_exclusion(clause: &str) -> bool {
    let under = |root: &str| clause == root || clause.starts_with(&format!("{root}."));
    under("8") || under("7.1.5")
}

/// Every exclusion check over `hb`.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for key in &hb.scope {
        let (Some(catalog), Some(config)) = (
            hb.catalogs.get(key),
            hb.config.standards.per_standard.get(key),
        ) else {
            continue;
        };
        let scope_docs = scope_documents(hb, catalog);
        for clause in config.not_applicable.keys() {
            let Some(at) = catalog.get(clause) else {
                continue; // an unknown clause is an error reported when loading
            };
            if key == DEFAULT_STANDARD && !usual_exclusion(clause) {
                out.push(hb.config.exclusion_diagnostic(
                    key,
                    clause,
                    Diagnostic::warning(
                        "unusual-exclusion",
                        format!(
                            "{} {clause} \"{}\" is excluded; ISO 9001 4.3 allows an exclusion only where it does not affect the conformity of products and services, which is usual only in clause 8 and 7.1.5",
                            catalog.name,
                            catalog.clauses[at].heading()
                        ),
                    )
                    .help("remove the exclusion and address the requirement, or make sure the justification shows why conformity is not affected (and allow this lint in `[check]` if it does)"),
                ));
            }
            if let Some(problem) = not_in_scope(hb, catalog, at, &scope_docs) {
                out.push(hb.config.exclusion_diagnostic(key, clause, problem));
            }
        }
    }
    out
}

/// The current documents of the organisation's own tagged with the scope
/// clause of `catalog` (as a whole or in a section), as indexes.
pub fn scope_documents(hb: &Handbook, catalog: &Catalog) -> Vec<usize> {
    let Some(scope) = catalog.get(SCOPE_CLAUSE) else {
        return Vec::new();
    };
    hb.documents
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            d.meta.status != Status::Obsolete
                && !hb.is_external(d)
                && hb
                    .resolved_tags(*i)
                    .iter()
                    .any(|t| t.standard == catalog.key && t.clause == scope)
        })
        .map(|(i, _)| i)
        .collect()
}

/// `exclusion-not-in-scope` for the excluded clause at `at`, unless a scope
/// document links to it or to a clause under it.
fn not_in_scope(
    hb: &Handbook,
    catalog: &Catalog,
    at: usize,
    scope_docs: &[usize],
) -> Option<Diagnostic> {
    let clause = &catalog.clauses[at];
    // A catalog without a scope clause has no scope statement to check.
    catalog.get(SCOPE_CLAUSE)?;
    let mut targets: BTreeSet<String> = BTreeSet::new();
    let mut stack = vec![at];
    while let Some(i) = stack.pop() {
        targets.insert(urls::clause(&catalog.key, &catalog.clauses[i].id));
        stack.extend(catalog.clauses[i].children.iter().copied());
    }
    let linked = scope_docs.iter().any(|&i| {
        hb.documents[i].links.iter().any(|l| {
            l.href
                .as_deref()
                .map(|h| h.split('#').next().unwrap_or(h))
                .is_some_and(|h| targets.contains(h))
        })
    });
    if linked {
        return None;
    }
    let (message, help) = if scope_docs.is_empty() {
        (
            format!(
                "the exclusion of {} {} is not stated in a scope statement: no document is tagged {SCOPE_CLAUSE}",
                catalog.name, clause.id
            ),
            format!(
                "tag the document that holds the scope of the management system with clause {SCOPE_CLAUSE}, and state the exclusion there with a link `[[clause:{}]]`",
                link_target(hb, catalog, &clause.id)
            ),
        )
    } else {
        let names: Vec<&str> = scope_docs.iter().map(|&i| hb.documents[i].id()).collect();
        (
            format!(
                "the exclusion of {} {} is not referenced from the scope statement ({}, tagged {SCOPE_CLAUSE})",
                catalog.name,
                clause.id,
                names.join(", ")
            ),
            format!(
                "state the exclusion and its justification in {} with a link `[[clause:{}]]`",
                names[0],
                link_target(hb, catalog, &clause.id)
            ),
        )
    };
    Some(Diagnostic::warning("exclusion-not-in-scope", message).help(help))
}

/// How a `[[clause:…]]` link names `clause` of `catalog`: bare for the
/// default standard, else with the catalog's key.
fn link_target(hb: &Handbook, catalog: &Catalog, clause: &str) -> String {
    if catalog.key == hb.config.standards.default_key() {
        clause.to_string()
    } else {
        format!("{}:{clause}", catalog.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{approved, load_config, with_code};

    fn run(exclusions: &str, files: Vec<(String, String)>) -> Vec<Diagnostic> {
        let config =
            format!("[book]\ntitle = \"T\"\n[standards.iso9001-2015.not-applicable]\n{exclusions}");
        let (hb, _) = load_config(&config, files);
        check(&hb)
    }

    #[test]
    fn exclusions_outside_clause_8_and_7_1_5_are_unusual() {
        assert!(usual_exclusion("8.3"));
        assert!(usual_exclusion("7.1.5.2"));
        assert!(!usual_exclusion("7.1.6"));
        assert!(!usual_exclusion("80.1"));
        let scope = || {
            vec![approved(
                "QM-001",
                r#"["4.3"]"#,
                "Excluded: [[clause:8.3]], [[clause:7.1.6]], [[clause:7.1.5.2]].",
            )]
        };
        let d = run(
            "\"8.3\" = \"No design.\"\n\"7.1.6\" = \"We do not need it.\"\n\"7.1.5.2\" = \"No measurement traceability required.\"\n",
            scope(),
        );
        let unusual = with_code(&d, "unusual-exclusion");
        assert_eq!(unusual.len(), 1, "{d:?}");
        assert_eq!(unusual[0].location(), "book.toml:5:1");
        assert!(unusual[0].message.contains("7.1.6"));
        assert!(with_code(&d, "exclusion-not-in-scope").is_empty(), "{d:?}");
    }

    #[test]
    fn the_scope_statement_must_reference_each_exclusion() {
        let exclusions = "\"8.3\" = \"No design.\"\n\"8.5.3\" = \"No customer property.\"\n";
        // A link to a sub-clause counts; a link to the parent does not.
        let d = run(
            exclusions,
            vec![approved(
                "QM-001",
                r#"["4.3"]"#,
                "Design ([[clause:8.3.1]]) is excluded. See [[clause:8.5]].",
            )],
        );
        let missing = with_code(&d, "exclusion-not-in-scope");
        assert_eq!(missing.len(), 1, "{d:?}");
        assert_eq!(missing[0].location(), "book.toml:5:1");
        assert!(
            missing[0].message.contains("8.5.3") && missing[0].message.contains("QM-001"),
            "{}",
            missing[0].message
        );
        assert!(
            missing[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("[[clause:8.5.3]]"))
        );
        // A link from a document not tagged 4.3 does not count.
        let d = run(
            exclusions,
            vec![approved(
                "SOP-001",
                r#"["8.5.1"]"#,
                "[[clause:8.3]] [[clause:8.5.3]]",
            )],
        );
        let missing = with_code(&d, "exclusion-not-in-scope");
        assert_eq!(missing.len(), 2, "{d:?}");
        assert!(missing[0].message.contains("no document is tagged 4.3"));
    }
}
