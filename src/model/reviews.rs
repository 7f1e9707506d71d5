//! Document control: review dates and whether a document is in force yet.
//!
//! A document's next review is its `review_by`, else its `effective` date plus
//! the review interval of its type (`[documents] review-interval-months`, or
//! the type's own). Only approved documents are reviewed; obsolete ones never.

use jiff::civil::Date;
use serde::Serialize;

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
    // book.toml limits the interval; `try_months` keeps any other value from panicking.
    let span = jiff::Span::new().try_months(i64::from(months)).ok()?;
    effective.checked_add(span).ok()
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
