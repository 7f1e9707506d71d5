//! `[standards.<key>] amendments = [...]`: which of a catalog's amendments a
//! handbook is audited to. The catalogs of the others lose their items and
//! notes here, once, before any tag is resolved; a tag on a left-out item is
//! then an unknown clause whose help says the amendment is off
//! ([`switched_off_hint`]).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::parse::catalog::{Catalog, Catalogs};

/// Applies each `[standards.<key>] amendments` list to its catalog, reporting
/// keys that name no amendment of the catalog. Unknown catalogs are reported
/// with the rest of `[standards]`.
pub fn apply(config: &Config, catalogs: &mut Catalogs, diagnostics: &mut Vec<Diagnostic>) {
    for (key, settings) in &config.standards.per_standard {
        let Some(keep) = &settings.amendments else {
            continue;
        };
        let Some(catalog) = catalogs.by_key.get_mut(key) else {
            continue;
        };
        for a in keep {
            if catalog.amendment(a).is_none() {
                let known: Vec<&str> = catalog.amendments.iter().map(|a| a.key.as_str()).collect();
                let help = if known.is_empty() {
                    format!("{} lists no amendments; remove `amendments`", catalog.name)
                } else {
                    let hint = crate::util::suggest::closest(a, known.iter().copied())
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    format!("{hint}amendments of {}: {}", catalog.name, known.join(", "))
                };
                diagnostics.push(config.diagnostic_at(
                    &format!("\"{a}\""),
                    Diagnostic::error(
                        "config",
                        format!("`[standards.{key}] amendments` names `{a}`, which is no amendment of {}", catalog.name),
                    )
                    .help(help),
                ));
            }
        }
        *catalog = catalog.with_amendments(keep);
    }
}

/// The help for a clause id that is unknown because its amendment is off.
pub fn switched_off_hint(catalog: &Catalog, clause: &str) -> Option<String> {
    let (_, amendment) = catalog.switched_off.iter().find(|(id, _)| id == clause)?;
    Some(format!(
        "`{clause}` belongs to the amendment `{amendment}`, which `[standards.{}] amendments` in book.toml turns off; add \"{amendment}\" to that list, or remove the tag",
        catalog.key
    ))
}
