//! Reviews: when a document is next due for review and how that stands
//! ([`Review`], shown on its page), its last periodic review ([`LastReview`]),
//! the reviews page's list of documents overdue or due soon, by owner, and
//! its list of recorded reviews ([`recorded`]).
//!
//! The dates and states come from [`crate::model::reviews`]; this module only
//! shapes them. No HTML here.

use serde::Serialize;

use crate::model::handbook::{Document, Handbook};
use crate::model::reviews::{self, ReviewState};
use crate::views::owners::by_owner;
use crate::views::summary::{DocSummary, summary};

/// A document's next review.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The review date, `YYYY-MM-DD`.
    pub date: String,
    /// overdue | due-soon | current
    pub state: ReviewState,
    /// Days from the build date to the review date (negative when overdue).
    pub days: i64,
    /// Days overdue (`-days`).
    pub overdue_days: i64,
    /// Whether the date is counted from the last recorded review.
    pub from_last_review: bool,
}

/// A document's last periodic review (`reviewed:`).
#[derive(Debug, Clone, Serialize)]
pub struct LastReview {
    /// The day of the review, `YYYY-MM-DD`.
    pub date: String,
    /// The reviewing role.
    pub by: String,
    /// `no-change` or `revised`.
    pub outcome: &'static str,
}

impl LastReview {
    /// The last review of `d`, when one is recorded.
    pub fn of(d: &Document) -> Option<LastReview> {
        d.meta.reviewed.as_ref().map(|r| LastReview {
            date: r.date.value.to_string(),
            by: r.by.clone(),
            outcome: r.outcome.as_str(),
        })
    }
}

impl Review {
    /// The next review of `d`, if it has one.
    pub fn of(hb: &Handbook, d: &Document) -> Option<Review> {
        reviews::review(hb, d).map(|r| Review {
            date: r.date.to_string(),
            state: r.state,
            days: r.days,
            overdue_days: -r.days,
            from_last_review: r.basis == reviews::ReviewBasis::LastReview,
        })
    }
}

/// A document on the reviews page.
#[derive(Debug, Serialize)]
pub struct ReviewRow<'a> {
    /// The document.
    pub doc: DocSummary<'a>,
    /// Its review (`date`, `state`, `days`, `overdue_days` beside `doc`).
    #[serde(flatten)]
    pub review: Review,
    /// Its last recorded review, if any.
    pub last: Option<LastReview>,
}

/// The reviews one role owns.
#[derive(Debug, Serialize)]
pub struct OwnerReviews<'a> {
    /// The owner role, or [`crate::views::owners::NO_OWNER`].
    pub owner: String,
    /// Its documents due, by date then ID.
    pub rows: Vec<ReviewRow<'a>>,
}

/// The reviews page: published documents overdue or due soon.
#[derive(Debug)]
pub struct ReviewsDue<'a> {
    /// By owner, owners in name order.
    pub owners: Vec<OwnerReviews<'a>>,
    /// How many are overdue.
    pub overdue: usize,
    /// How many are due soon.
    pub due_soon: usize,
}

/// Published documents whose review is overdue or due soon.
pub fn due(hb: &Handbook) -> ReviewsDue<'_> {
    let rows = hb.documents.iter().filter(|d| d.published).filter_map(|d| {
        Review::of(hb, d)
            .filter(|r| r.state != ReviewState::Current)
            .map(|review| {
                (
                    d.meta.owner.as_deref(),
                    ReviewRow {
                        doc: summary(d),
                        review,
                        last: LastReview::of(d),
                    },
                )
            })
    });
    let owners: Vec<OwnerReviews<'_>> = by_owner(rows)
        .into_iter()
        .map(|(owner, mut rows)| {
            rows.sort_by(|a, b| {
                a.review
                    .date
                    .cmp(&b.review.date)
                    .then_with(|| a.doc.id.cmp(b.doc.id))
            });
            OwnerReviews { owner, rows }
        })
        .collect();
    let all = owners.iter().flat_map(|o| &o.rows);
    let overdue = all
        .clone()
        .filter(|r| r.review.state == ReviewState::Overdue)
        .count();
    let due_soon = all.count() - overdue;
    ReviewsDue {
        owners,
        overdue,
        due_soon,
    }
}

/// A recorded periodic review on the reviews page.
#[derive(Debug, Serialize)]
pub struct RecordedReview<'a> {
    /// The document.
    pub doc: DocSummary<'a>,
    /// The review.
    pub last: LastReview,
    /// The next review of an approved document, `YYYY-MM-DD`.
    pub next: Option<String>,
}

/// Published documents with a recorded review, newest review first (then by ID).
pub fn recorded(hb: &Handbook) -> Vec<RecordedReview<'_>> {
    let mut rows: Vec<(jiff::civil::Date, RecordedReview<'_>)> = hb
        .documents
        .iter()
        .filter(|d| d.published)
        .filter_map(|d| {
            let date = d.meta.reviewed.as_ref()?.date.value;
            let last = LastReview::of(d)?;
            Some((
                date,
                RecordedReview {
                    doc: summary(d),
                    last,
                    next: reviews::review(hb, d).map(|n| n.date.to_string()),
                },
            ))
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.doc.id.cmp(b.1.doc.id)));
    rows.into_iter().map(|(_, r)| r).collect()
}
