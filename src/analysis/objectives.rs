//! Where each quality objective stands at the build date: the status rule,
//! in one pure function ([`status`]) that pages, exports, the terminal and
//! the checks all use.
//!
//! The rule, in order (the first that applies wins):
//!
//! 1. `no-data`: no rows;
//! 2. `missed`: the due date has passed (it is before the build date) and
//!    the latest value does not meet the target;
//! 3. `stale`: the latest row is more than 1.5 periods older than the build
//!    date (a month counts 30 days, a quarter 91, a year 365: stale after
//!    45, 136.5 and 547.5 days);
//! 4. `met`: the latest value meets the target (equal meets);
//! 5. `at-risk`: a least-squares line through the last six rows (all when
//!    fewer) does not reach the target by the due date (one row is a flat
//!    line; an objective without a due date cannot be on track);
//! 6. `on-track`.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::objectives::Objective;
use crate::parse::kpi_data::Row;
use crate::parse::objectives::{Frequency, Target};

/// How many of the latest rows the trend is fitted to.
pub const TREND_ROWS: usize = 6;

/// Where an objective stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectiveStatus {
    /// The due date passed without the target met.
    Missed,
    /// The trend does not reach the target by the due date.
    AtRisk,
    /// The latest result is too old to tell.
    Stale,
    /// No results yet.
    NoData,
    /// The trend reaches the target by the due date.
    OnTrack,
    /// The latest result meets the target.
    Met,
}

impl ObjectiveStatus {
    /// The spelling in exports and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveStatus::NoData => "no-data",
            ObjectiveStatus::Missed => "missed",
            ObjectiveStatus::Stale => "stale",
            ObjectiveStatus::Met => "met",
            ObjectiveStatus::AtRisk => "at-risk",
            ObjectiveStatus::OnTrack => "on-track",
        }
    }

    /// Words for readers.
    pub fn label(self) -> &'static str {
        match self {
            ObjectiveStatus::NoData => "No data",
            ObjectiveStatus::Missed => "Missed",
            ObjectiveStatus::Stale => "Stale",
            ObjectiveStatus::Met => "Met",
            ObjectiveStatus::AtRisk => "At risk",
            ObjectiveStatus::OnTrack => "On track",
        }
    }

    /// Every status, most urgent first (the order of summaries).
    pub const ALL: [ObjectiveStatus; 6] = [
        ObjectiveStatus::Missed,
        ObjectiveStatus::AtRisk,
        ObjectiveStatus::Stale,
        ObjectiveStatus::NoData,
        ObjectiveStatus::OnTrack,
        ObjectiveStatus::Met,
    ];
}

/// The status of `objective` as of `today`.
pub fn of(objective: &Objective, today: Date) -> ObjectiveStatus {
    status(
        &objective.rows,
        objective.spec.target,
        objective.spec.due.as_ref().map(|d| d.value),
        objective.spec.frequency,
        today,
    )
}

/// The status rule (see the module documentation). `rows` are oldest first.
pub fn status(
    rows: &[Row],
    target: Target,
    due: Option<Date>,
    frequency: Frequency,
    today: Date,
) -> ObjectiveStatus {
    let Some(latest) = rows.last() else {
        return ObjectiveStatus::NoData;
    };
    let meets = target.direction.meets(latest.value, target.value);
    if due.is_some_and(|d| d < today) && !meets {
        return ObjectiveStatus::Missed;
    }
    // More than 1.5 periods: age > 1.5 × period ⇔ 2 × age > 3 × period.
    if 2 * days_between(latest.date, today) > 3 * frequency.period_days() {
        return ObjectiveStatus::Stale;
    }
    if meets {
        return ObjectiveStatus::Met;
    }
    let Some(due) = due else {
        return ObjectiveStatus::AtRisk;
    };
    let recent = &rows[rows.len().saturating_sub(TREND_ROWS)..];
    let projected = trend(recent).map_or(latest.value, |(a, b)| {
        a + b * days_between(recent[0].date, due) as f64
    });
    if target.direction.meets(projected, target.value) {
        ObjectiveStatus::OnTrack
    } else {
        ObjectiveStatus::AtRisk
    }
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    day_number(b) - day_number(a)
}

/// The day's number in the proleptic Gregorian calendar, counted from
/// 1970-01-01: plain arithmetic on the year, month and day (charts place
/// tens of thousands of results, and calendar spans cost far more).
pub fn day_number(date: Date) -> i64 {
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    // Years start in March, so the leap day ends the year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The least-squares line `value = a + b × days since the first row`, or
/// `None` for fewer than two rows.
pub fn trend(rows: &[Row]) -> Option<(f64, f64)> {
    let first = rows.first()?.date;
    if rows.len() < 2 {
        return None;
    }
    let n = rows.len() as f64;
    let xs: Vec<f64> = rows
        .iter()
        .map(|r| days_between(first, r.date) as f64)
        .collect();
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = rows.iter().map(|r| r.value).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let sxy: f64 = xs
        .iter()
        .zip(rows)
        .map(|(x, r)| (x - mean_x) * (r.value - mean_y))
        .sum();
    if sxx == 0.0 {
        return None;
    }
    let b = sxy / sxx;
    Some((mean_y - b * mean_x, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        let epoch = jiff::civil::date(1970, 1, 1);
        assert_eq!(day_number(epoch), 0);
        let mut day = jiff::civil::date(1896, 2, 20);
        let end = jiff::civil::date(2104, 3, 5);
        let mut n = day_number(day);
        // Every day across leap years, century years and 2000.
        while day < end {
            let Ok(next) = day.tomorrow() else { break };
            n += 1;
            assert_eq!(day_number(next), n, "{next}");
            day = next;
        }
        let (a, b) = (
            jiff::civil::date(2024, 2, 28),
            jiff::civil::date(2025, 3, 1),
        );
        assert_eq!(days_between(a, b), 367);
        assert_eq!(days_between(b, a), -367);
        assert_eq!(
            days_between(jiff::civil::date(-5, 3, 1), epoch),
            i64::from(
                jiff::civil::date(-5, 3, 1)
                    .until(epoch)
                    .map_or(0, |s| s.get_days())
            )
        );
    }
    use crate::parse::objectives::Direction;

    fn d(s: &str) -> Date {
        s.parse().expect("a date")
    }

    fn rows(points: &[(&str, f64)]) -> Vec<Row> {
        points
            .iter()
            .map(|(date, value)| Row {
                date: d(date),
                value: *value,
                note: None,
            })
            .collect()
    }

    const AT_LEAST_95: Target = Target {
        value: 95.0,
        direction: Direction::AtLeast,
    };
    const AT_MOST_2: Target = Target {
        value: 2.0,
        direction: Direction::AtMost,
    };

    fn monthly(rows: &[Row], target: Target, due: &str, today: &str) -> ObjectiveStatus {
        status(rows, target, Some(d(due)), Frequency::Monthly, d(today))
    }

    #[test]
    fn no_rows_is_no_data() {
        assert_eq!(
            monthly(&[], AT_LEAST_95, "2026-01-01", "2027-01-01"),
            ObjectiveStatus::NoData
        );
    }

    #[test]
    fn exactly_on_target_meets_in_both_directions() {
        let r = rows(&[("2026-10-31", 95.0)]);
        assert_eq!(
            monthly(&r, AT_LEAST_95, "2026-12-31", "2026-11-22"),
            ObjectiveStatus::Met
        );
        let r = rows(&[("2026-10-31", 2.0)]);
        assert_eq!(
            monthly(&r, AT_MOST_2, "2026-12-31", "2026-11-22"),
            ObjectiveStatus::Met
        );
        let r = rows(&[("2026-10-31", 2.01)]);
        assert_ne!(
            monthly(&r, AT_MOST_2, "2026-12-31", "2026-11-22"),
            ObjectiveStatus::Met
        );
    }

    #[test]
    fn due_today_is_not_yet_missed() {
        let r = rows(&[("2026-10-31", 90.0), ("2026-11-21", 94.0)]);
        assert_eq!(
            monthly(&r, AT_LEAST_95, "2026-11-22", "2026-11-22"),
            ObjectiveStatus::AtRisk
        );
        assert_eq!(
            monthly(&r, AT_LEAST_95, "2026-11-21", "2026-11-22"),
            ObjectiveStatus::Missed
        );
        // A met objective past its due date stays met.
        let r = rows(&[("2026-10-31", 96.0)]);
        assert_eq!(
            monthly(&r, AT_LEAST_95, "2026-11-01", "2026-11-22"),
            ObjectiveStatus::Met
        );
    }

    #[test]
    fn exactly_one_and_a_half_periods_is_not_stale() {
        // 45 days after 2026-10-08 is 2026-11-22.
        let r = rows(&[("2026-10-08", 96.0)]);
        assert_eq!(
            monthly(&r, AT_LEAST_95, "2027-12-31", "2026-11-22"),
            ObjectiveStatus::Met
        );
        let r = rows(&[("2026-10-07", 96.0)]);
        assert_eq!(
            monthly(&r, AT_LEAST_95, "2027-12-31", "2026-11-22"),
            ObjectiveStatus::Stale
        );
        // A quarter: 136 days fresh, 137 stale.
        let q = |date: &str| {
            status(
                &rows(&[(date, 96.0)]),
                AT_LEAST_95,
                None,
                Frequency::Quarterly,
                d("2026-11-22"),
            )
        };
        assert_eq!(q("2026-07-09"), ObjectiveStatus::Met);
        assert_eq!(q("2026-07-08"), ObjectiveStatus::Stale);
    }

    #[test]
    fn one_row_below_target_is_a_flat_line() {
        let r = rows(&[("2026-10-31", 94.0)]);
        assert_eq!(
            monthly(&r, AT_LEAST_95, "2027-06-30", "2026-11-22"),
            ObjectiveStatus::AtRisk
        );
    }

    #[test]
    fn trends_in_both_directions() {
        // Rising by one point a month towards 95 by mid 2027: on track.
        let rising = rows(&[
            ("2026-06-30", 88.0),
            ("2026-07-31", 89.0),
            ("2026-08-31", 90.0),
            ("2026-09-30", 91.0),
            ("2026-10-31", 92.0),
        ]);
        assert_eq!(
            monthly(&rising, AT_LEAST_95, "2027-06-30", "2026-11-22"),
            ObjectiveStatus::OnTrack
        );
        // The same rise does not get there by the end of 2026.
        assert_eq!(
            monthly(&rising, AT_LEAST_95, "2026-12-31", "2026-11-22"),
            ObjectiveStatus::AtRisk
        );
        // Falling scrap (at most 2 %) on track; rising scrap at risk.
        let falling = rows(&[
            ("2026-07-31", 3.2),
            ("2026-08-31", 2.9),
            ("2026-09-30", 2.7),
            ("2026-10-31", 2.4),
        ]);
        assert_eq!(
            monthly(&falling, AT_MOST_2, "2027-03-31", "2026-11-22"),
            ObjectiveStatus::OnTrack
        );
        let worse = rows(&[("2026-09-30", 2.2), ("2026-10-31", 2.5)]);
        assert_eq!(
            monthly(&worse, AT_MOST_2, "2027-12-31", "2026-11-22"),
            ObjectiveStatus::AtRisk
        );
        // Only the last six rows count: an old slump does not drag the trend.
        let mut long = rows(&[("2025-01-31", 10.0), ("2025-02-28", 10.0)]);
        long.extend(rising);
        long.push(Row {
            date: d("2026-11-15"),
            value: 93.0,
            note: None,
        });
        assert_eq!(
            monthly(&long, AT_LEAST_95, "2027-06-30", "2026-11-22"),
            ObjectiveStatus::OnTrack
        );
    }

    #[test]
    fn no_due_date_is_never_missed_nor_on_track() {
        let r = rows(&[("2026-09-30", 90.0), ("2026-10-31", 94.0)]);
        assert_eq!(
            status(&r, AT_LEAST_95, None, Frequency::Monthly, d("2026-11-22")),
            ObjectiveStatus::AtRisk
        );
    }

    #[test]
    fn the_trend_is_least_squares() {
        let r = rows(&[
            ("2026-01-01", 1.0),
            ("2026-01-03", 3.0),
            ("2026-01-05", 5.0),
        ]);
        let (a, b) = trend(&r).expect("a line");
        assert!((a - 1.0).abs() < 1e-9 && (b - 1.0).abs() < 1e-9, "{a} {b}");
        assert_eq!(trend(&r[..1]), None);
    }
}
