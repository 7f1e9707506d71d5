//! Documents of external origin: when each is next due for a currency check
//! (the check that the edition in use is still the current one) and where
//! stands against it as of the build date.
//!
//! The next check is `next_currency_check` when given, else
//! `currency_checked` plus `[documents] currency-check-months` (default 12).
//! Only approved external documents are checked; this module computes dates
//! and states and reports nothing (that is [`crate::check`]'s job).

use std::ops::Range;

use jiff::civil::Date;

use crate::model::handbook::{Document, Handbook};
use crate::model::reviews::ReviewState;
use crate::parse::front_matter::Status;

/// Where the next currency check's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrencyBasis {
    /// `next_currency_check` in the front matter.
    Given,
    /// `currency_checked` plus `[documents] currency-check-months`.
    Computed,
}

/// An external document's next currency check as of the build date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// The day of the next check.
    pub next: Date,
    /// Where that day comes from.
    pub basis: CurrencyBasis,
    /// Overdue, due soon (within `[documents] review-warning-days`) or current.
    pub state: ReviewState,
    /// Days from the build date to the next check (negative when overdue).
    pub days: i64,
    /// The byte range of the field the date comes from.
    pub at: Range<usize>,
}

/// `date` plus `months`, or `None` past the calendar's end.
fn plus_months(date: Date, months: u32) -> Option<Date> {
    let span = jiff::Span::new().try_months(i64::from(months)).ok()?;
    date.checked_add(span).ok()
}

/// The next currency check of an external document and where it comes from
/// (the field's span), when it has one, whatever its status.
pub fn next_check(hb: &Handbook, d: &Document) -> Option<(Date, CurrencyBasis, Range<usize>)> {
    let e = &d.meta.external;
    if let Some(next) = &e.next_currency_check {
        return Some((next.value, CurrencyBasis::Given, next.bytes.clone()));
    }
    let last = e.currency_checked.as_ref()?;
    let next = plus_months(last.value, hb.config.documents.currency_check_months())?;
    Some((next, CurrencyBasis::Computed, last.bytes.clone()))
}

/// The currency state of an approved external document, when it has a
/// currency check date; `None` for other documents.
pub fn currency(hb: &Handbook, d: &Document) -> Option<Currency> {
    if d.meta.status != Status::Approved || !hb.is_external(d) {
        return None;
    }
    let (next, basis, at) = next_check(hb, d)?;
    let days = hb
        .today
        .until(next)
        .map_or(0, |span| i64::from(span.get_days()));
    let state = if days < 0 {
        ReviewState::Overdue
    } else if days <= i64::from(hb.config.documents.review_warning_days) {
        ReviewState::DueSoon
    } else {
        ReviewState::Current
    };
    Some(Currency {
        next,
        basis,
        state,
        days,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, doc, load_config};

    fn state(config: &str, fields: &str) -> Option<(String, ReviewState, CurrencyBasis)> {
        let (hb, _) = load_config(
            config,
            vec![doc(
                "EXT-001",
                &format!("type: external\nstatus: approved\n{fields}"),
                ".",
            )],
        );
        currency(&hb, &hb.documents[0]).map(|c| (c.next.to_string(), c.state, c.basis))
    }

    #[test]
    fn the_next_check_is_given_or_counted_from_the_last() {
        // Build date 2026-06-01.
        assert_eq!(
            state(CONFIG, "currency_checked: 2025-09-01"),
            Some((
                "2026-09-01".into(),
                ReviewState::Current,
                CurrencyBasis::Computed
            ))
        );
        assert_eq!(
            state(CONFIG, "currency_checked: 2025-05-01").map(|s| s.1),
            Some(ReviewState::Overdue)
        );
        let six = "[book]\ntitle = \"T\"\n[documents]\ncurrency-check-months = 6\n";
        assert_eq!(
            state(six, "currency_checked: 2025-07-01").map(|s| s.1),
            Some(ReviewState::Overdue)
        );
        assert_eq!(
            state(
                CONFIG,
                "currency_checked: 2025-05-01\nnext_currency_check: 2026-06-10"
            ),
            Some((
                "2026-06-10".into(),
                ReviewState::DueSoon,
                CurrencyBasis::Given
            ))
        );
        assert_eq!(state(CONFIG, "issuer: ISO"), None);
    }

    #[test]
    fn only_approved_external_documents_have_a_currency_state() {
        let (hb, _) = load_config(
            CONFIG,
            vec![
                doc(
                    "EXT-001",
                    "type: external\nstatus: draft\ncurrency_checked: 2020-01-01",
                    ".",
                ),
                doc(
                    "SOP-001",
                    "status: approved\ncurrency_checked: 2020-01-01",
                    ".",
                ),
            ],
        );
        assert!(hb.documents.iter().all(|d| currency(&hb, d).is_none()));
    }
}
