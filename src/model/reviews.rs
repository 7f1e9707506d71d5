//! Document control: review dates and whether a document is in force yet.
//!
//! A document's next review is its `review_by`, else its `effective` date plus
//! the review interval of its type (`[documents] review-interval-months`, or
//! the type's own). A periodic review recorded in `reviewed:` moves it on:
//! the next review is then the later of that date and the review's date plus
//! the interval (12 months when none is configured). Only approved documents
//! are reviewed; obsolete ones never. Documents of external origin are not
//! reviewed either: their currency check ([`crate::model::external`]) is
//! what keeps them current.

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
    /// Where the date comes from.
    pub basis: ReviewBasis,
}

/// Months between periodic reviews counted from a recorded review, when
/// neither the type nor `[documents]` sets `review-interval-months`.
pub const DEFAULT_REVIEW_INTERVAL_MONTHS: u32 = 12;

/// Where a document's next review date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewBasis {
    /// `review_by`, or `effective` plus the interval.
    Scheduled,
    /// The date of the last review in `reviewed:` plus the interval.
    LastReview,
}

/// `date` plus `months`, or `None` past the calendar's end.
fn plus_months(date: Date, months: u32) -> Option<Date> {
    // book.toml limits the interval; `try_months` keeps any other value from panicking.
    let span = jiff::Span::new().try_months(i64::from(months)).ok()?;
    date.checked_add(span).ok()
}

/// The next review date of a document and where it comes from, if it has one.
pub fn next_review_with_basis(hb: &Handbook, d: &Document) -> Option<(Date, ReviewBasis)> {
    let interval = hb
        .doc_type(&d.meta.doc_type.value)
        .and_then(|t| t.review_interval_months);
    let scheduled = match &d.meta.review_by {
        Some(r) => Some(r.value),
        None => interval.and_then(|m| plus_months(d.meta.effective.as_ref()?.value, m)),
    };
    let after_review = d.meta.reviewed.as_ref().and_then(|r| {
        plus_months(
            r.date.value,
            interval.unwrap_or(DEFAULT_REVIEW_INTERVAL_MONTHS),
        )
    });
    match (scheduled, after_review) {
        (Some(s), Some(r)) if r > s => Some((r, ReviewBasis::LastReview)),
        (Some(s), _) => Some((s, ReviewBasis::Scheduled)),
        (None, Some(r)) => Some((r, ReviewBasis::LastReview)),
        (None, None) => None,
    }
}

/// The next review date of a document, if it has one.
pub fn next_review(hb: &Handbook, d: &Document) -> Option<Date> {
    next_review_with_basis(hb, d).map(|(date, _)| date)
}

/// The review status of an approved document of the organisation's own
/// (documents of external origin have a currency check instead).
pub fn review(hb: &Handbook, d: &Document) -> Option<Review> {
    if d.meta.status != Status::Approved || hb.is_external(d) {
        return None;
    }
    let (date, basis) = next_review_with_basis(hb, d)?;
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
    Some(Review {
        date,
        state,
        days,
        basis,
    })
}

/// Whether an approved document's effective date is after the build date.
pub fn not_yet_effective(hb: &Handbook, d: &Document) -> bool {
    d.meta.status == Status::Approved
        && d.meta
            .effective
            .as_ref()
            .is_some_and(|e| e.value > hb.today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, doc, load_config};

    fn next(config: &str, fields: &str) -> Option<(String, ReviewBasis)> {
        let (hb, _) = load_config(config, vec![doc("SOP-001", fields, "Text.")]);
        next_review_with_basis(&hb, &hb.documents[0]).map(|(d, b)| (d.to_string(), b))
    }

    #[test]
    fn a_recorded_review_moves_the_next_review_on() {
        let yearly = "[book]\ntitle = \"T\"\n[documents]\nreview-interval-months = 12\n";
        let base = "status: approved\neffective: 2024-03-01";
        assert_eq!(
            next(yearly, base),
            Some(("2025-03-01".into(), ReviewBasis::Scheduled))
        );
        let reviewed =
            format!("{base}\nreviewed: {{date: 2025-02-20, by: QM, outcome: no-change}}");
        assert_eq!(
            next(yearly, &reviewed),
            Some(("2026-02-20".into(), ReviewBasis::LastReview))
        );
        // `review_by` later than the review's date plus the interval wins.
        let later = format!("{reviewed}\nreview_by: 2026-06-01");
        assert_eq!(
            next(yearly, &later),
            Some(("2026-06-01".into(), ReviewBasis::Scheduled))
        );
        // Without a configured interval, a review counts 12 months.
        assert_eq!(next(CONFIG, base), None);
        assert_eq!(
            next(CONFIG, &reviewed),
            Some(("2026-02-20".into(), ReviewBasis::LastReview))
        );
        let six = "[book]\ntitle = \"T\"\n[documents]\nreview-interval-months = 6\n";
        assert_eq!(
            next(six, &reviewed),
            Some(("2025-08-20".into(), ReviewBasis::LastReview))
        );
    }
}
