//! Checks of records and of how the handbook treats required documented
//! information: a declared record that does not say how long it is kept
//! (`record-without-retention`) or where (`record-without-location`), and the
//! `[documented-information.not-needed]` table of `book.toml` (every key an
//! item of the catalog that has a condition, every justification written).

use crate::config::DEFAULT_STANDARD;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::parse::catalog;
use crate::parse::front_matter::Status;

/// The record lints and the `not-needed` table's errors.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = record_lints(hb);
    out.extend(not_needed(hb));
    out
}

/// `record-without-retention` and `record-without-location`, at the
/// record's ID, for records of documents that are not obsolete. A record
/// kept in a `system` has a place: `location` or `system` will do.
fn record_lints(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &hb.records {
        let d = &hb.documents[r.doc];
        if d.meta.status == Status::Obsolete {
            continue;
        }
        let e = &r.entry;
        if e.retention.is_none() {
            out.push(
                Diagnostic::warning(
                    "record-without-retention",
                    format!("the record {} ({}) says not how long it is kept", r.id(), e.title),
                )
                .at_bytes(&d.file.text, e.id.bytes.clone())
                .help("add `retention:` to the record, e.g. `retention: \"5 years after delivery\"` (ISO 9001 7.5.3.2 d)"),
            );
        }
        if e.location.is_none() && e.system.is_none() {
            out.push(
                Diagnostic::warning(
                    "record-without-location",
                    format!("the record {} ({}) says not where it is kept", r.id(), e.title),
                )
                .at_bytes(&d.file.text, e.id.bytes.clone())
                .help("add `location:` (a place) or `system:` (the software it is kept in) to the record, so it can be found (ISO 9001 7.5.3.2 a)"),
            );
        }
    }
    out
}

/// `[documented-information.not-needed]`: each key must be the reference
/// of a conditional item of ISO 9001's required documented information
/// (e.g. `"8.5.3"`, `"7.1.5.2 a)"`), each justification non-empty.
fn not_needed(hb: &Handbook) -> Vec<Diagnostic> {
    let table = &hb.config.documented_information.not_needed;
    if table.is_empty() {
        return Vec::new();
    }
    let items = catalog::required_items(DEFAULT_STANDARD);
    let mut out = Vec::new();
    for (key, why) in table {
        let needle = format!("\"{key}\"");
        let Some(item) = items.iter().find(|i| i.reference == *key) else {
            let hint =
                crate::util::suggest::closest(key, items.iter().map(|i| i.reference.as_str()))
                    .map(|c| format!("did you mean \"{c}\"? "))
                    .unwrap_or_default();
            out.push(hb.config.diagnostic_at(
                &needle,
                Diagnostic::error(
                    "config",
                    format!("`[documented-information.not-needed]` names `{key}`, which is not an item of ISO 9001:2015's required documented information"),
                )
                .help(format!(
                    "{hint}keys are the items' references as the documented-information page shows them, e.g. \"8.5.3\" or \"7.1.5.2 a)\""
                )),
            ));
            continue;
        };
        if item.condition.is_none() {
            out.push(hb.config.diagnostic_at(
                &needle,
                Diagnostic::error(
                    "config",
                    format!("ISO 9001:2015 {key} ({}) is required without condition, so it cannot be marked not needed", item.label),
                )
                .help("remove the entry; provide the documented information, or exclude its clause in `[standards.iso9001-2015.not-applicable]` if the requirement does not apply"),
            ));
        } else if why.trim().is_empty() {
            out.push(
                hb.config.diagnostic_at(
                    &needle,
                    Diagnostic::error(
                        "missing-justification",
                        format!("ISO 9001:2015 {key} is marked not needed without a reason"),
                    )
                    .help(format!(
                        "say why its condition ({}) does not arise here",
                        item.condition.as_deref().unwrap_or_default()
                    )),
                ),
            );
        }
    }
    out
}
