//! Front-matter dates: `YYYY-MM-DD` only, and for anything else a message
//! in the author's terms ("expected a date as YYYY-MM-DD") with the fix when
//! the intent is clear (`2027-3-1` → `2027-03-01`) and a question when it is
//! not (`01/03/2027`: 1 March or 3 January?). Never the date library's wording.

use jiff::civil::Date;

/// Why a text is not a front-matter date, in words for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateProblem {
    /// What is wrong (without the key), e.g. "expected a date as YYYY-MM-DD, found `2027-3-1`".
    pub message: String,
    /// What to write instead.
    pub help: String,
}

/// Reads a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<Date, DateProblem> {
    let text = text.trim();
    if let Some((y, m, d)) = iso_parts(text) {
        return calendar_date(y, m, d).map_err(|why| DateProblem {
            message: format!("`{text}` is not a date in the calendar: {why}"),
            help: "write a real calendar date as YYYY-MM-DD, e.g. 2026-03-01".to_string(),
        });
    }
    Err(DateProblem {
        message: format!("expected a date as YYYY-MM-DD, found `{text}`"),
        help: fix(text),
    })
}

/// `(year, month, day)` of exactly `DDDD-DD-DD`.
fn iso_parts(text: &str) -> Option<(i16, i8, i8)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        text.get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
    };
    Some((
        digits(0..4)?.parse().ok()?,
        digits(5..7)?.parse().ok()?,
        digits(8..10)?.parse().ok()?,
    ))
}

/// The date, or why these numbers are not one.
fn calendar_date(year: i16, month: i8, day: i8) -> Result<Date, String> {
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let first =
        Date::new(year, month, 1).map_err(|_| format!("the year {year} is out of range"))?;
    let days = first.days_in_month();
    if day < 1 || day > days {
        return Err(format!("{} has {days} days", first.strftime("%B %Y")));
    }
    Date::new(year, month, day).map_err(|_| "not a day of the calendar".to_string())
}

/// `date` as the ten bytes of `YYYY-MM-DD`, for the years 0 to 9999 (every
/// other year has a sign and six digits, see [`push_day`]).
pub fn day_bytes(date: Date) -> Option<[u8; 10]> {
    let year = u16::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let (month, day) = (date.month().unsigned_abs(), date.day().unsigned_abs());
    let digit = |n: u16| b'0' + (n % 10) as u8;
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(u16::from(month) / 10),
        digit(u16::from(month)),
        b'-',
        digit(u16::from(day) / 10),
        digit(u16::from(day)),
    ])
}

/// Appends `date` as its `Display` writes it (`YYYY-MM-DD`), without the
/// formatting machinery: objective pages and exports write tens of
/// thousands of result dates.
pub fn push_day(out: &mut String, date: Date) {
    match day_bytes(date) {
        Some(bytes) => bytes.iter().for_each(|&b| out.push(char::from(b))),
        None => {
            use std::fmt::Write as _;
            let _ = write!(out, "{date}");
        }
    }
}

/// `2027-03-01 (1 March 2027)`.
fn described(d: Date) -> String {
    format!("`{}` ({})", d, d.strftime("%-d %B %Y"))
}

/// The help for a text that is not `YYYY-MM-DD`: the one date meant, a
/// question between two, or the format.
fn fix(text: &str) -> String {
    let generic = "write the date as YYYY-MM-DD, e.g. 2026-03-01".to_string();
    // A timestamp: keep the day.
    if text.len() > 10
        && let Some(day) = text.get(..10)
        && iso_parts(day).is_some()
        && let Ok(d) = parse_date(day)
    {
        return format!("write only the day: `{d}`");
    }
    // 20270301
    if text.len() == 8 && text.bytes().all(|c| c.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| text[r].parse::<i16>().ok();
        if let (Some(y), Some(m), Some(d)) = (n(0..4), n(4..6), n(6..8))
            && let Ok(date) = calendar_date(y, m as i8, d as i8)
        {
            return format!("write `{date}`");
        }
        return generic;
    }
    let parts: Vec<&str> = text
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|c| c.is_ascii_digit()))
    {
        return generic;
    }
    let num = |s: &str| s.parse::<i16>().unwrap_or(0);
    let (a, b, c) = (num(parts[0]), num(parts[1]), num(parts[2]));
    let small = |v: i16| (1..=31).contains(&v);
    if parts[0].len() == 4 && small(b) && small(c) {
        // Year first: 2027-3-1, 2027/03/01.
        return match calendar_date(a, b as i8, c as i8) {
            Ok(d) => format!("write `{d}`"),
            Err(why) => format!("{why}; {generic}"),
        };
    }
    if parts[2].len() == 4 && small(a) && small(b) {
        // Year last: day and month in either order.
        let day_first = calendar_date(c, b as i8, a as i8).ok();
        let month_first = calendar_date(c, a as i8, b as i8).ok();
        return match (day_first, month_first) {
            (Some(x), Some(y)) if x != y => format!(
                "which date is meant: {} or {}? write it as YYYY-MM-DD",
                described(x),
                described(y)
            ),
            (Some(x), _) | (None, Some(x)) => format!("write `{x}`"),
            (None, None) => generic,
        };
    }
    generic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(text: &str) -> String {
        parse_date(text).expect_err("not a date").help
    }

    #[test]
    fn days_are_written_as_display_writes_them() {
        let mut dates = vec![Date::MIN, Date::MAX];
        for year in [-1, 0, 1, 9, 10, 99, 100, 999, 1000, 1999, 2026, 9999] {
            for (month, day) in [(1, 1), (2, 28), (9, 9), (10, 10), (12, 31)] {
                dates.push(Date::new(year, month, day).expect("a calendar day"));
            }
        }
        for date in dates {
            let mut written = String::from("x");
            push_day(&mut written, date);
            assert_eq!(written, format!("x{date}"), "{date:?}");
            assert_eq!(
                day_bytes(date).is_some(),
                (0..=9999).contains(&date.year()),
                "{date:?}"
            );
        }
    }

    #[test]
    fn iso_dates_parse() {
        assert_eq!(parse_date("2026-03-01").ok(), Date::new(2026, 3, 1).ok());
    }

    #[test]
    fn near_misses_get_the_fix_or_a_question() {
        assert_eq!(help("2027-3-1"), "write `2027-03-01`");
        assert_eq!(help("2027/03/01"), "write `2027-03-01`");
        assert_eq!(help("20270301"), "write `2027-03-01`");
        assert_eq!(
            help("2027-03-01T10:00:00Z"),
            "write only the day: `2027-03-01`"
        );
        assert_eq!(help("25/03/2027"), "write `2027-03-25`");
        assert_eq!(help("03/25/2027"), "write `2027-03-25`");
        let h = help("01/03/2027");
        assert!(h.contains("`2027-03-01` (1 March 2027)"), "{h}");
        assert!(h.contains("`2027-01-03` (3 January 2027)"), "{h}");
        assert_eq!(
            help("soon"),
            "write the date as YYYY-MM-DD, e.g. 2026-03-01"
        );
        let e = parse_date("2027-3-1").expect_err("format");
        assert_eq!(e.message, "expected a date as YYYY-MM-DD, found `2027-3-1`");
    }

    #[test]
    fn impossible_days_say_why() {
        let e = parse_date("2026-02-30").expect_err("no such day");
        assert!(
            e.message.contains("February 2026 has 28 days"),
            "{}",
            e.message
        );
        let e = parse_date("2026-13-01").expect_err("no such month");
        assert!(e.message.contains("no month 13"), "{}", e.message);
    }
}
