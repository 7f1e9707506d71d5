//! Checks of documents of external origin: a currency check that is overdue
//! (`currency-check-overdue`), an external document in use without the
//! fields that identify and locate it (`incomplete-external-document`), and
//! external-origin fields on a document of the organisation's own
//! (`external-field-on-internal`).

use crate::diagnostics::Diagnostic;
use crate::model::external::{CurrencyBasis, currency};
use crate::model::handbook::{Document, Handbook};
use crate::model::reviews::ReviewState;
use crate::parse::front_matter::Status;

/// Every check of external documents over `hb`.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in &hb.documents {
        if hb.is_external(d) {
            overdue(hb, d, &mut out);
            incomplete(d, &mut out);
        } else if let Some(at) = d.meta.external.first_span() {
            out.push(
                Diagnostic::warning(
                    "external-field-on-internal",
                    format!(
                        "{} is a {}, not a document of external origin, so its external-origin fields are not used",
                        d.id(),
                        hb.doc_type(&d.meta.doc_type.value)
                            .map_or(d.meta.doc_type.value.as_str(), |t| t.label.as_str())
                    ),
                )
                .at_bytes(&d.file.text, at)
                .help("give it `type: external` (or a type marked `external = true` in book.toml), or remove `issuer`, `identifier`, `edition`, `controlled_copy` and the currency-check dates"),
            );
        }
    }
    out
}

/// `currency-check-overdue`, at the field the date comes from.
fn overdue(hb: &Handbook, d: &Document, out: &mut Vec<Diagnostic>) {
    let Some(c) = currency(hb, d) else {
        return;
    };
    if c.state != ReviewState::Overdue {
        return;
    }
    let what = match &d.meta.external.identifier {
        Some(i) => format!("{} ({})", d.id(), i.value),
        None => d.id().to_string(),
    };
    let since = match c.basis {
        CurrencyBasis::Given => "`next_currency_check`".to_string(),
        CurrencyBasis::Computed => format!(
            "the last check plus {} months",
            hb.config.documents.currency_check_months()
        ),
    };
    out.push(
        Diagnostic::warning(
            "currency-check-overdue",
            format!(
                "the currency check of {what} was due on {} ({} days ago, from {since})",
                c.next, -c.days
            ),
        )
        .at_bytes(&d.file.text, c.at)
        .help("check with the issuer that this is still the current edition, then set `currency_checked:` to the day you checked (and `edition:` if it changed)"),
    );
}

/// `incomplete-external-document`: an approved or in-review external document
/// without an identifier, issuer, controlled copy or currency check.
fn incomplete(d: &Document, out: &mut Vec<Diagnostic>) {
    if !matches!(d.meta.status, Status::Approved | Status::InReview) {
        return;
    }
    let e = &d.meta.external;
    let missing: Vec<&str> = [
        ("issuer", e.issuer.is_some()),
        ("identifier", e.identifier.is_some()),
        ("controlled_copy", e.controlled_copy.is_some()),
        (
            "currency_checked",
            e.currency_checked.is_some() || e.next_currency_check.is_some(),
        ),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(key, _)| key)
    .collect();
    if missing.is_empty() {
        return;
    }
    let list = missing
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(
        Diagnostic::warning(
            "incomplete-external-document",
            format!("{} is of external origin but has no {list}", d.id()),
        )
        .at_bytes(&d.file.text, d.meta.id.bytes.clone())
        .help("say who issued it (`issuer`), its own number (`identifier`), where the controlled copy is (`controlled_copy`) and when it was last checked to be current (`currency_checked: YYYY-MM-DD`)"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, doc, load_config, with_code};

    fn run(files: Vec<(String, String)>) -> Vec<Diagnostic> {
        let (hb, _) = load_config(CONFIG, files);
        let cov = crate::analysis::coverage::Coverage::compute(&hb, hb.today);
        crate::check::run(&hb, &cov)
    }

    const COMPLETE: &str = "type: external\nstatus: approved\nissuer: ISO\nidentifier: ISO 9001:2015\ncontrolled_copy: QM office";

    #[test]
    fn an_overdue_currency_check_is_reported_at_its_field() {
        let d = run(vec![doc(
            "EXT-001",
            &format!("{COMPLETE}\ncurrency_checked: 2025-05-01"),
            ".",
        )]);
        let overdue = with_code(&d, "currency-check-overdue");
        assert_eq!(overdue.len(), 1, "{d:?}");
        assert_eq!(overdue[0].location(), "content/ext-001.md:9:19");
        assert!(
            overdue[0]
                .message
                .contains("EXT-001 (ISO 9001:2015) was due on 2026-05-01 (31 days ago"),
            "{}",
            overdue[0].message
        );
        assert!(with_code(&d, "incomplete-external-document").is_empty());
        // Not approved: nothing to check.
        let d = run(vec![doc(
            "EXT-001",
            "type: external\nstatus: draft\ncurrency_checked: 2020-01-01",
            ".",
        )]);
        assert!(with_code(&d, "currency-check-overdue").is_empty());
    }

    #[test]
    fn approval_and_review_lints_do_not_apply_to_external_documents() {
        let d = run(vec![doc(
            "EXT-001",
            &format!(
                "{COMPLETE}\nowner: Quality Manager\nrevision: A\nchanges: []\neffective: 2020-01-01\nreview_by: 2021-01-01\ncurrency_checked: 2026-05-01"
            ),
            ".",
        )]);
        for code in ["no-approver", "missing-change-summary", "review-overdue"] {
            assert!(with_code(&d, code).is_empty(), "{code}: {d:?}");
        }
        assert!(with_code(&d, "currency-check-overdue").is_empty());
    }

    #[test]
    fn missing_fields_and_misplaced_fields_are_reported() {
        let d = run(vec![
            doc("EXT-001", "type: external\nstatus: approved", "."),
            doc("SOP-001", "status: draft\nissuer: ISO", "."),
        ]);
        let incomplete = with_code(&d, "incomplete-external-document");
        assert_eq!(incomplete.len(), 1, "{d:?}");
        assert!(
            incomplete[0]
                .message
                .contains("no `issuer`, `identifier`, `controlled_copy`, `currency_checked`"),
            "{}",
            incomplete[0].message
        );
        let misplaced = with_code(&d, "external-field-on-internal");
        assert_eq!(misplaced.len(), 1, "{d:?}");
        assert_eq!(misplaced[0].location(), "content/sop-001.md:6:9");
    }
}
