//! Document control: review dates and supersession consistency.
//!
//! A document's next review is its `review_by`, else its `effective` date plus
//! the review interval of its type (`[documents] review-interval-months`, or
//! the type's own). Only approved documents are reviewed; obsolete ones never.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::handbook::{Document, Handbook};
use crate::parse::front_matter::Status;

/// Where a document stands against its review date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    /// The review date has passed.
    Overdue,
    /// Due within `[documents] review-warning-days`.
    DueSoon,
    /// Not due yet.
    Current,
}

/// A document's review status as of the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// The next review date.
    pub date: Date,
    /// Overdue, due soon or current.
    pub state: ReviewState,
    /// Days from the build date to the review date (negative when overdue).
    pub days: i64,
}

/// The next review date of a document, if it has one.
pub fn next_review(hb: &Handbook, d: &Document) -> Option<Date> {
    if let Some(r) = &d.meta.review_by {
        return Some(r.value);
    }
    let months = hb
        .doc_type(&d.meta.doc_type.value)?
        .review_interval_months?;
    let effective = d.meta.effective.as_ref()?.value;
    effective.checked_add(i64::from(months).months()).ok()
}

/// The review status of an approved document.
pub fn review(hb: &Handbook, d: &Document) -> Option<Review> {
    if d.meta.status != Status::Approved {
        return None;
    }
    let date = next_review(hb, d)?;
    let days = hb
        .today
        .until(date)
        .map_or(0, |span| i64::from(span.get_days()));
    let state = if days < 0 {
        ReviewState::Overdue
    } else if days <= i64::from(hb.config.documents.review_warning_days) {
        ReviewState::DueSoon
    } else {
        ReviewState::Current
    };
    Some(Review { date, state, days })
}

/// Whether an approved document's effective date is after the build date.
pub fn not_yet_effective(hb: &Handbook, d: &Document) -> bool {
    d.meta.status == Status::Approved
        && d.meta
            .effective
            .as_ref()
            .is_some_and(|e| e.value > hb.today)
}

/// Review warnings and supersession checks over the whole handbook.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in &hb.documents {
        if let Some(r) = review(hb, d)
            && r.state == ReviewState::Overdue
        {
            let at = d
                .meta
                .review_by
                .as_ref()
                .map_or_else(|| d.meta.id.bytes.clone(), |r| r.bytes.clone());
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
                    "review the document, then update `review_by` (and `revision` if it changed)",
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
    out.extend(supersession_cycles(hb));
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
