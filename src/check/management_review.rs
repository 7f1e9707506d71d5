//! The checks of management review records (ISO 9001 9.3): every held
//! review covers the inputs of 9.3.2 (`review-input-missing`), its open
//! actions are owned (`action-unowned`) and not past due (`action-overdue`),
//! and the latest review is within `[management-review] interval-months`
//! (`management-review-overdue`).
//!
//! Only held reviews (approved or obsolete records) count: a draft is an
//! agenda or a pack, not a review. A handbook without any management review
//! record is not told to hold one: it may keep its minutes elsewhere.

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::management_review::ActionState;

/// Every management review diagnostic of `hb`.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mr = &hb.management_reviews;
    let mut out = Vec::new();
    for review in mr.reviews.iter().filter(|r| r.held) {
        let d = &hb.documents[review.doc];
        let missing = review.missing();
        if missing.is_empty() {
            continue;
        }
        let at = d
            .meta
            .review
            .keys
            .iter()
            .find(|k| k.value == "covers")
            .map_or(d.meta.id.bytes.clone(), |k| k.bytes.clone());
        let list: Vec<String> = missing
            .iter()
            .map(|i| format!("{} ({})", i.key, i.label.to_lowercase()))
            .collect();
        let keys: Vec<&str> = missing.iter().map(|i| i.key).collect();
        out.push(
            Diagnostic::warning(
                "review-input-missing",
                format!(
                    "management review {} of {} does not cover the input{} {} (ISO 9001 9.3.2)",
                    d.id(),
                    review.date,
                    if missing.len() == 1 { "" } else { "s" },
                    list.join(", ")
                ),
            )
            .at_bytes(&d.file.text, at)
            .help(if review.covers_given {
                format!(
                    "add {} to `covers` if the meeting considered them, or take them to the next review",
                    keys.join(", ")
                )
            } else {
                "add `covers: [a, b, c, d, e, f]` listing the inputs the meeting considered (`c` stands for `c1` to `c7`)".to_string()
            }),
        );
    }
    for action in mr.tracked() {
        let review = &mr.reviews[action.review];
        let d = &hb.documents[review.doc];
        let spec = &action.spec;
        let state = action.state(hb.today);
        if state == ActionState::Overdue
            && let Some(due) = &spec.due
        {
            out.push(
                Diagnostic::warning(
                    "action-overdue",
                    format!(
                        "action {} \"{}\" of management review {} was due on {} and is still open",
                        action.id(),
                        spec.title,
                        d.id(),
                        due.value
                    ),
                )
                .at_bytes(&d.file.text, due.bytes.clone())
                .help("mark it `status: done` with `closed_on:` when it is done, or agree a new `due` date and record why"),
            );
        }
        if state != ActionState::Done && spec.owner.is_none() {
            out.push(
                Diagnostic::warning(
                    "action-unowned",
                    format!(
                        "action {} \"{}\" of management review {} has no owner",
                        action.id(),
                        spec.title,
                        d.id()
                    ),
                )
                .at_bytes(&d.file.text, spec.id.bytes.clone())
                .help("add `owner:` with the role responsible for it"),
            );
        }
    }
    let months = hb.config.management_review.interval_months();
    if let (Some(latest), Some(due)) = (mr.latest_held(), mr.next_due(months))
        && due < hb.today
    {
        let d = &hb.documents[latest.doc];
        let at = d
            .meta
            .review
            .date
            .as_ref()
            .map_or(d.meta.id.bytes.clone(), |l| l.bytes.clone());
        out.push(
            Diagnostic::warning(
                "management-review-overdue",
                format!(
                    "the latest management review ({}, {}) is more than {months} months before {}: the next one was due on {due}",
                    d.id(),
                    latest.date,
                    hb.today
                ),
            )
            .at_bytes(&d.file.text, at)
            .help("hold the management review and add its record (`qmsbook review-pack` drafts the agenda), or set `[management-review] interval-months` to the planned interval"),
        );
    }
    out
}
