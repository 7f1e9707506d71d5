//! Clause tags checked against the catalogs: a document's (front matter and
//! section tags) and its records', each reported at its own span when it names
//! no catalog, no clause, a standard out of scope, or an excluded clause.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::catalog::Catalogs;
use crate::parse::clause_tags::ClauseTag;

/// A clause tag checked against its catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTag {
    /// Catalog key.
    pub standard: String,
    /// Index into the catalog's clauses.
    pub clause: usize,
    /// The section (heading id and text) for a section-level tag.
    pub section: Option<(String, String)>,
}

/// Checks one clause tag written in `file` against the catalogs: the
/// catalog key and the clause's index when it names a clause of a catalog
/// in scope (also when the clause is excluded, with a warning), else `None`
/// with the problem reported at the tag.
pub fn resolve_tag(
    file: &SourceText,
    tag: &ClauseTag,
    config: &Config,
    catalogs: &Catalogs,
    scope: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, usize)> {
    let default = config.standards.default_key();
    let key = tag.standard.clone().unwrap_or_else(|| default.clone());
    let Some(catalog) = catalogs.get(&key) else {
        let hint = crate::util::suggest::closest(&key, catalogs.by_key.keys().map(String::as_str))
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        diagnostics.push(
            Diagnostic::error(
                "unknown-standard",
                format!("no clause catalog has the key `{key}`"),
            )
            .at_bytes(file, tag.bytes.clone())
            .help(format!(
                "{hint}catalogs: {}",
                catalogs
                    .by_key
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        return None;
    };
    let Some(clause) = catalog.get(&tag.clause) else {
        if let Some(help) = crate::model::amendments::switched_off_hint(catalog, &tag.clause) {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-clause",
                    format!(
                        "{} has no clause `{}` in this handbook",
                        catalog.name, tag.clause
                    ),
                )
                .at_bytes(file, tag.bytes.clone())
                .help(help),
            );
            return None;
        }
        let hint = crate::util::suggest::closest(
            &tag.clause,
            catalog.clauses.iter().map(|c| c.id.as_str()),
        )
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default();
        diagnostics.push(
            Diagnostic::error(
                "unknown-clause",
                format!("{} has no clause `{}`", catalog.name, tag.clause),
            )
            .at_bytes(file, tag.bytes.clone())
            .help(format!(
                "{hint}clause ids are written like `7.5.3` or `5.1.1.a`"
            )),
        );
        return None;
    };
    if !scope.contains(&key) {
        diagnostics.push(
            Diagnostic::warning(
                "standard-not-in-scope",
                format!(
                    "{} is not in scope, so this tag is not counted",
                    catalog.name
                ),
            )
            .at_bytes(file, tag.bytes.clone())
            .help(format!(
                "add \"{key}\" to `in-scope` in the `[standards]` table of book.toml"
            )),
        );
        return None;
    }
    let excluded = config.standards.per_standard.get(&key).and_then(|s| {
        let mut c = Some(clause);
        while let Some(i) = c {
            if s.not_applicable.contains_key(&catalog.clauses[i].id) {
                return Some(catalog.clauses[i].id.clone());
            }
            c = catalog.clauses[i].parent;
        }
        None
    });
    if let Some(ex) = excluded {
        diagnostics.push(
            Diagnostic::warning(
                "tag-not-applicable",
                format!(
                    "{} {} is excluded as not applicable (via {ex}), so this tag is not counted",
                    catalog.name, tag.clause
                ),
            )
            .at_bytes(file, tag.bytes.clone())
            .help("remove the tag, or remove the exclusion from `[standards]` in book.toml"),
        );
    }
    Some((key, clause))
}
