//! Life-cycle checks: overdue reviews, dates that cannot be meant (a review
//! before the document takes effect, a year mistyped by decades), superseded
//! documents still in force, and cycles in `supersedes` / `superseded_by`.

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::reviews::{ReviewBasis, ReviewState, not_yet_effective, review};

use crate::parse::front_matter::Status;

/// Review warnings and supersession checks over the whole handbook.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in &hb.documents {
        if let Some(r) = review(hb, d)
            && r.state == ReviewState::Overdue
        {
            // At what the date was counted from: the last review, `review_by`
            // or `effective`.
            let at = match (r.basis, &d.meta.reviewed) {
                (ReviewBasis::LastReview, Some(last)) => Some(last.date.bytes.clone()),
                _ => d
                    .meta
                    .review_by
                    .as_ref()
                    .or(d.meta.effective.as_ref())
                    .map(|r| r.bytes.clone()),
            }
            .unwrap_or_else(|| d.meta.id.bytes.clone());
            out.push(
                Diagnostic::warning(
                    "review-overdue",
                    format!(
                        "{} was due for review on {} ({} days ago)",
                        d.id(),
                        r.date,
                        -r.days
                    ),
                )
                .at_bytes(&d.file.text, at)
                .help(
                    "review the document and record it with `reviewed: { date: …, by: <role>, outcome: no-change }` (or `outcome: revised` with a new `revision`)",
                ),
            );
        }
        // Superseded documents must be obsolete once the successor is in force.
        if d.meta.status == Status::Approved && !not_yet_effective(hb, d) {
            for old in &d.meta.supersedes {
                if let Some(target) = hb.get(&old.value)
                    && target.meta.status != Status::Obsolete
                {
                    out.push(
                        Diagnostic::warning(
                            "superseded-not-obsolete",
                            format!(
                                "{} supersedes {}, which is still {}",
                                d.id(),
                                target.id(),
                                target.meta.status.as_str()
                            ),
                        )
                        .at_bytes(&d.file.text, old.bytes.clone())
                        .help(format!(
                            "set `status: obsolete` and `superseded_by: {}` in {}",
                            d.id(),
                            target.file.text.path
                        )),
                    );
                }
            }
        }
    }
    out.extend(implausible_dates(hb));
    out.extend(supersession_cycles(hb));
    out
}

/// How far from the build date an `effective` or `review_by` date may be
/// before it is taken for a typo (2062 for 2026): ten years either way.
pub const PLAUSIBLE_YEARS: i16 = 10;

/// `review_by` before `effective`, and dates more than
/// [`PLAUSIBLE_YEARS`] from the build date.
fn implausible_dates(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let earliest = hb
        .today
        .saturating_sub(jiff::Span::new().years(PLAUSIBLE_YEARS));
    let latest = hb
        .today
        .saturating_add(jiff::Span::new().years(PLAUSIBLE_YEARS));
    for d in &hb.documents {
        let text = &d.file.text;
        if let (Some(effective), Some(review_by)) = (&d.meta.effective, &d.meta.review_by)
            && review_by.value < effective.value
        {
            out.push(
                Diagnostic::warning(
                    "review-before-effective",
                    format!(
                        "{} is due for review on {}, before it takes effect on {}",
                        d.id(),
                        review_by.value,
                        effective.value
                    ),
                )
                .at_bytes(text, review_by.bytes.clone())
                .help("check both dates: `review_by` comes after `effective` (is one of the years mistyped?)"),
            );
        }
        for (key, date) in [
            ("effective", &d.meta.effective),
            ("review_by", &d.meta.review_by),
        ] {
            let Some(date) = date else { continue };
            let far = if date.value > latest {
                "in the future"
            } else if date.value < earliest {
                "in the past"
            } else {
                continue;
            };
            out.push(
                Diagnostic::warning(
                    "implausible-date",
                    format!(
                        "`{key}: {}` is more than {PLAUSIBLE_YEARS} years {far}",
                        date.value
                    ),
                )
                .at_bytes(text, date.bytes.clone())
                .help(format!(
                    "check the year (the build date is {}); set `[check] implausible-date = \"allow\"` if such dates are meant",
                    hb.today
                )),
            );
        }
    }
    out
}

/// Cycles in `supersedes` / `superseded_by` (A replaces B replaces A).
fn supersession_cycles(hb: &Handbook) -> Vec<Diagnostic> {
    let n = hb.documents.len();
    // Edges from the newer to the older document.
    let mut older: Vec<Vec<usize>> = vec![Vec::new(); n];
    let ids: std::collections::HashMap<String, usize> = hb
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id().to_ascii_lowercase(), i))
        .collect();
    for (i, d) in hb.documents.iter().enumerate() {
        for s in &d.meta.supersedes {
            if let Some(&j) = ids.get(&s.value.to_ascii_lowercase()) {
                older[i].push(j);
            }
        }
        if let Some(s) = &d.meta.superseded_by
            && let Some(&j) = ids.get(&s.value.to_ascii_lowercase())
        {
            older[j].push(i);
        }
    }
    // Iterative three-colour depth-first search.
    let mut colour = vec![0u8; n];
    let mut out = Vec::new();
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        colour[start] = 1;
        while let Some((node, next)) = stack.pop() {
            if let Some(&child) = older[node].get(next) {
                stack.push((node, next + 1));
                match colour[child] {
                    0 => {
                        colour[child] = 1;
                        stack.push((child, 0));
                    }
                    1 => {
                        let d = &hb.documents[child];
                        out.push(
                            Diagnostic::error(
                                "supersession-cycle",
                                format!("{} and {} supersede each other (directly or through others)", d.id(), hb.documents[node].id()),
                            )
                            .at_bytes(&d.file.text, d.meta.id.bytes.clone())
                            .help("a document can only replace older ones; fix `supersedes` / `superseded_by`"),
                        );
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{approved, doc, load, with_code};

    #[test]
    fn overdue_reviews_are_reported() {
        let (hb, _) = load(vec![
            doc(
                "SOP-001",
                "status: approved\neffective: 2025-01-01\nreview_by: 2026-05-31",
                ".",
            ),
            doc(
                "SOP-002",
                "status: approved\neffective: 2025-01-01\nreview_by: 2026-06-01",
                ".",
            ),
            doc(
                "SOP-003",
                "status: obsolete\neffective: 2020-01-01\nreview_by: 2021-01-01",
                ".",
            ),
        ]);
        let d = check(&hb);
        let overdue = with_code(&d, "review-overdue");
        assert_eq!(overdue.len(), 1, "{d:?}");
        assert!(
            overdue[0].message.starts_with("SOP-001 "),
            "{}",
            overdue[0].message
        );
        assert!(
            overdue[0].message.contains("(1 days ago)"),
            "{}",
            overdue[0].message
        );
    }

    #[test]
    fn a_document_superseded_by_one_in_force_must_be_obsolete() {
        let (hb, _) = load(vec![
            doc(
                "SOP-002",
                "status: approved\neffective: 2026-01-01\nsupersedes: [SOP-001]",
                ".",
            ),
            approved("SOP-001", "[]", "."),
            // Not yet in force: its predecessor may stay approved.
            doc(
                "SOP-004",
                "status: approved\neffective: 2026-07-01\nsupersedes: [SOP-003]",
                ".",
            ),
            approved("SOP-003", "[]", "."),
        ]);
        let d = check(&hb);
        let found = with_code(&d, "superseded-not-obsolete");
        assert_eq!(found.len(), 1, "{d:?}");
        assert_eq!(
            found[0].message,
            "SOP-002 supersedes SOP-001, which is still approved"
        );
    }

    #[test]
    fn supersession_cycles_are_errors() {
        let (hb, _) = load(vec![
            // SOP-001 → SOP-002 → SOP-003 → SOP-001 (newer → older).
            doc("SOP-001", "status: obsolete\nsupersedes: [SOP-002]", "."),
            doc("SOP-002", "status: obsolete", "."),
            doc(
                "SOP-003",
                "status: approved\nsuperseded_by: SOP-002\nsupersedes: [SOP-001]",
                ".",
            ),
            doc("SOP-004", "status: approved\nsupersedes: [SOP-005]", "."),
            doc("SOP-005", "status: obsolete", "."),
        ]);
        let d = check(&hb);
        let cycles = with_code(&d, "supersession-cycle");
        assert_eq!(cycles.len(), 1, "{d:?}");
        assert!(cycles[0].message.contains("supersede each other"));
    }
}
