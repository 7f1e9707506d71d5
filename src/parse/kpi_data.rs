//! An objective's results: a CSV file in the content folder with the header
//! `date,value` or `date,value,note` and one row per measurement, oldest
//! first. Every malformed row is reported at its line (`kpi-data-invalid`):
//! a bad date, a value that is not a number, a date given twice, a row out
//! of order.
//!
//! It reads one file; which objective uses it, and what its rows mean, is
//! [`crate::model`] and [`crate::analysis`].

use std::ops::{ControlFlow, Range};

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::{csv_text, dates};

/// The diagnostic code of every problem with a data file.
pub const CODE: &str = "kpi-data-invalid";

/// One measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The day it was measured (the end of its period).
    pub date: Date,
    /// The value.
    pub value: f64,
    /// An optional remark.
    pub note: Option<String>,
}

/// The rows of a data file that could be read, oldest first, each date once.
/// Rows with problems are reported and left out.
pub fn read_rows(file: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
    let text: &str = &file.text;
    let mut out: Vec<Row> = Vec::new();
    let mut header_seen = false;
    let mut columns = 2;
    // Every accepted date with its line, in date order (rows out of order
    // are refused), so a repeated date is found by binary search.
    let mut first_line_of: Vec<(Date, u64)> = Vec::new();
    let mut bad_header = false;
    csv_text::each_record(text, |record| {
        let line = record.line;
        let row_bytes = record.first_line(text);
        let field = |i: usize| record.get(i).map(str::trim).unwrap_or_default();
        if !header_seen {
            header_seen = true;
            let names: Vec<String> = record
                .iter()
                .map(|f| f.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            match names.as_slice() {
                ["date", "value"] => columns = 2,
                ["date", "value", "note"] => columns = 3,
                _ => {
                    diagnostics.push(
                        Diagnostic::error(
                            CODE,
                            format!(
                                "the header must be `date,value` or `date,value,note`, found `{}`",
                                names.join(",")
                            ),
                        )
                        .at_bytes(file, row_bytes)
                        .help("make the first line `date,value,note` (or `date,value`) and list one measurement per line below it"),
                    );
                    bad_header = true;
                    return ControlFlow::Break(());
                }
            }
            return ControlFlow::Continue(());
        }
        if record.len() < 2 || record.len() > columns {
            diagnostics.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "row has {} field{}, expected {}",
                        record.len(),
                        if record.len() == 1 { "" } else { "s" },
                        if columns == 3 { "2 or 3" } else { "2" }
                    ),
                )
                .at_bytes(file, row_bytes)
                .help(if columns == 3 {
                    "write `YYYY-MM-DD,value,note`; quote a note that contains commas"
                } else {
                    "write `YYYY-MM-DD,value`, or add `note` to the header for a remark"
                }),
            );
            return ControlFlow::Continue(());
        }
        let date_text = field(0);
        let date = match dates::parse_date(date_text) {
            Ok(d) => d,
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::error(CODE, format!("date: {}", problem.message))
                        .at_bytes(file, within(text, &row_bytes, date_text))
                        .help(problem.help),
                );
                return ControlFlow::Continue(());
            }
        };
        let value_text = field(1);
        let value = match value_text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                diagnostics.push(
                    Diagnostic::error(
                        CODE,
                        format!("`{value_text}` is not a number"),
                    )
                    .at_bytes(file, within(text, &row_bytes, value_text))
                    .help("write the value as a plain number with a decimal point, e.g. `96.4`, without unit or thousands separators"),
                );
                return ControlFlow::Continue(());
            }
        };
        if let Ok(i) = first_line_of.binary_search_by_key(&date, |&(d, _)| d) {
            let first = first_line_of[i].1;
            diagnostics.push(
                Diagnostic::error(CODE, format!("{date} is listed twice"))
                    .at_bytes(file, within(text, &row_bytes, date_text))
                    .help(format!(
                        "keep one row per date: merge this row into the one on line {first}, or correct its date"
                    )),
            );
            return ControlFlow::Continue(());
        }
        if let Some(last) = out.last()
            && date < last.date
        {
            diagnostics.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "{date} comes after {}: rows are not in date order",
                        last.date
                    ),
                )
                .at_bytes(file, within(text, &row_bytes, date_text))
                .help("sort the rows by date, oldest first"),
            );
            return ControlFlow::Continue(());
        }
        first_line_of.push((date, line));
        let note = record
            .get(2)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        out.push(Row { date, value, note });
        ControlFlow::Continue(())
    });
    if bad_header {
        return Vec::new();
    }
    if !header_seen {
        diagnostics.push(
            Diagnostic::error(CODE, "the data file is empty")
                .at_bytes(file, 0..0)
                .help("start it with the header `date,value,note`, then one measurement per line"),
        );
    }
    out
}

/// Where `field` stands in the row (the whole row when it is not found).
fn within(text: &str, row: &Range<usize>, field: &str) -> Range<usize> {
    match text.get(row.clone()).and_then(|r| r.find(field)) {
        Some(i) if !field.is_empty() => row.start + i..row.start + i + field.len(),
        _ => row.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Row>, Vec<String>) {
        let file = SourceText::new("content/data/k.csv", text.to_string());
        let mut d = Vec::new();
        let rows = read_rows(&file, &mut d);
        (
            rows,
            d.iter()
                .map(|d| format!("{} {}", d.location(), d.message))
                .collect(),
        )
    }

    #[test]
    fn good_rows_are_read() {
        let (rows, d) =
            read("date,value,note\n2026-01-31,95.5,\n2026-02-28,97,\"late, then fixed\"\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].value, 97.0);
        assert_eq!(rows[1].note.as_deref(), Some("late, then fixed"));
        let (rows, d) = read("\u{feff}Date,Value\r\n2026-01-31,1\r\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn every_row_problem_is_reported_at_its_line() {
        let (rows, d) = read(
            "date,value\n2026-01-31,95\n2026-02-30,96\n2026-03-31,9x\n2026-01-31,97\n2025-12-31,98\n2026-04-30\n2026-05-31,99\n",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(d.len(), 5, "{d:?}");
        assert!(d[0].starts_with("content/data/k.csv:3:1 date:"), "{}", d[0]);
        assert!(
            d[1].starts_with("content/data/k.csv:4:12 `9x` is not a number"),
            "{}",
            d[1]
        );
        assert!(
            d[2].starts_with("content/data/k.csv:5:1 2026-01-31 is listed twice"),
            "{}",
            d[2]
        );
        assert!(
            d[3].contains(":6:1 2025-12-31 comes after 2026-01-31"),
            "{}",
            d[3]
        );
        assert!(
            d[4].starts_with("content/data/k.csv:7:1 row has 1 field"),
            "{}",
            d[4]
        );
    }

    #[test]
    fn header_and_empty_file() {
        let (_, d) = read("when,amount\n2026-01-31,1\n");
        assert!(d[0].contains(":1:1 the header must be"), "{d:?}");
        let (_, d) = read("");
        assert!(d[0].contains("empty"), "{d:?}");
    }
}
