//! The leadership pages: `objectives.html` (every objective with its status
//! and chart), `objectives/<ID>.html` (one objective with its 6.2.2 plan,
//! chart and data table), `alignment.html` (commitments × objectives), and
//! the exports `objectives.csv` and `objectives.json`.
//!
//! The rows come from [`crate::views::objectives`]; this module draws each
//! chart as an inline SVG string ([`chart`]: values over time, the target
//! line and the due-date marker; no script, no external request) and puts
//! everything on pages.

use std::fmt::Write as _;

use rayon::prelude::*;
use tera::Value;

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::parse::dates;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::util::html::{escape, push_escaped};
use crate::views::objectives::{self, ObjectiveRow};
use crate::views::paging::{OBJECTIVE_CHARTS, numbered, split};

/// One file of the objectives part, written on whichever core is free.
type Task<'a> = Box<dyn Fn() -> Result<(), Diagnostic> + Sync + 'a>;

/// Writes the objectives pages and exports; returns how many files.
///
/// Each objective's results are drawn once, as a chart and as numbers
/// tables (all results for its own page, the latest [`LIST_ROWS`] for the
/// list page); the template contexts then carry the rows without their
/// results, so no template walks thousands of points.
pub fn render(hb: &Handbook, pages: &Pages<'_>) -> Result<usize, Vec<Diagnostic>> {
    let mut rows = objectives::rows(hb);
    // Each chart and table becomes a template value once, shared by the
    // list pages and the objective's own page (a clone is one copy of a
    // string), instead of being serialized per page.
    let (drawn, (csv, json)) = rayon::join(
        || {
            rows.par_iter()
                .map(|row| Drawn {
                    chart: Value::from(chart(row)),
                    table: Value::from(numbers(row, None)),
                    latest: Value::from(numbers(row, Some(LIST_ROWS))),
                })
                .collect::<Vec<_>>()
        },
        || rayon::join(|| objectives::csv(&rows), || objectives::json(&rows)),
    );
    for row in &mut rows {
        row.points = Vec::new();
    }
    // The rows too, without their results (a clone is a reference count).
    let row_values: Vec<Value> = rows.par_iter().map(Value::from_serializable).collect();
    let counts = objectives::by_status(&rows);
    // The list charts its objectives in pages (see `OBJECTIVE_CHARTS`).
    let pagers = split(rows.len(), OBJECTIVE_CHARTS, |n| {
        numbered(urls::OBJECTIVES, n)
    });
    let mut shared: Vec<Task<'_>> = pagers
        .iter()
        .map(|pager| -> Task<'_> {
            Box::new(|| {
                let range = pager.range();
                pages.page(
                    "objectives.html",
                    &numbered(urls::OBJECTIVES, pager.current),
                    "",
                    "objectives",
                    |cx| {
                        // The summary table lists every objective, on the first page.
                        let listed = if pager.current == 1 {
                            &row_values[..]
                        } else {
                            &[]
                        };
                        let shown = &drawn[range.clone()];
                        cx.insert_value("objectives", list(listed));
                        cx.insert_value("charted", list(&row_values[range.clone()]));
                        cx.insert_value("charts", list(shown.iter().map(|d| &d.chart)));
                        cx.insert_value("tables", list(shown.iter().map(|d| &d.latest)));
                        cx.insert("counts", &counts);
                        cx.insert("total", &rows.len());
                        cx.insert("pager", pager);
                    },
                )
            })
        })
        .collect();
    shared.extend::<[Task<'_>; 3]>([
        Box::new(|| {
            pages.page("alignment.html", urls::ALIGNMENT, "", "alignment", |cx| {
                cx.insert("alignment", &objectives::alignment(hb, &rows));
            })
        }),
        Box::new(|| pages.file(urls::OBJECTIVES_CSV, csv.as_bytes())),
        Box::new(|| pages.file(urls::OBJECTIVES_JSON, json.as_bytes())),
    ]);
    let mut results: Vec<Result<(), Diagnostic>> = shared.par_iter().map(|task| task()).collect();
    // One page per objective, on every core.
    results.par_extend(rows.par_iter().zip(&row_values).zip(&drawn).map(
        |((row, value), drawn)| {
            pages.page("objective.html", &row.url, "../", "objectives", |cx| {
                cx.insert_value("o", value.clone());
                cx.insert_value("chart", drawn.chart.clone());
                cx.insert_value("table", drawn.table.clone());
            })
        },
    ));
    gather(results)
}

/// A template list of values already converted (each clone a reference
/// count or one string copy).
fn list<'a>(values: impl IntoIterator<Item = &'a Value>) -> Value {
    Value::from(values.into_iter().cloned().collect::<Vec<_>>())
}

/// One objective's results as drawn for the templates.
struct Drawn {
    /// The chart (inline SVG).
    chart: Value,
    /// Every result as a table, for the objective's page.
    table: Value,
    /// The latest [`LIST_ROWS`] results as a table, for the list page.
    latest: Value,
}

/// How many of an objective's latest results the list page tables; its own
/// page has them all. A year of monthly results fits.
pub const LIST_ROWS: usize = 12;

/// The numbers behind a chart as a table, for screen readers and print:
/// date, value (with the unit in the caption) and note, oldest first. With
/// `latest`, only that many of the latest results, the caption saying so
/// and a link to the objective's page for the rest.
pub fn numbers(row: &ObjectiveRow, latest: Option<usize>) -> String {
    let skip = latest.map_or(0, |n| row.points.len().saturating_sub(n));
    let shown = &row.points[skip..];
    let mut html = String::with_capacity(300 + shown.len() * 90);
    html.push_str("<div class=\"table-wrap\">\n<table class=\"doc-table kpi-data\">\n  <caption>");
    if skip > 0 {
        html.push_str(&format!(
            "Latest {} of {} results of ",
            shown.len(),
            row.points.len()
        ));
    } else {
        html.push_str("Results of ");
    }
    html.push_str(&escape(&row.id));
    if let Some(unit) = &row.unit {
        html.push_str(" (");
        html.push_str(&escape(unit));
        html.push(')');
    }
    html.push_str("</caption>\n  <thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Value</th><th scope=\"col\">Note</th></tr></thead>\n  <tbody>\n");
    // The columns are styled by position (`.kpi-data td:nth-child(…)`): a
    // thousand objectives with five years of results make 60,000 rows.
    for p in shown {
        // Dates and numbers need no escaping.
        html.push_str("  <tr><td>");
        dates::push_day(&mut html, p.date);
        html.push_str("</td><td>");
        objectives::push_number(&mut html, p.value);
        html.push_str("</td><td>");
        if let Some(note) = &p.note {
            push_escaped(&mut html, note);
        }
        html.push_str("</td></tr>\n");
    }
    html.push_str("  </tbody>\n</table>\n</div>");
    if skip > 0 {
        html.push_str(&format!(
            "\n<p class=\"muted\"><a href=\"{}\">All {} results</a> are on the objective's page.</p>",
            escape(&row.url),
            row.points.len()
        ));
    }
    html
}

/// The most results a chart marks with a dot each (two years of monthly
/// results); a longer series is drawn as its line only, which stays legible
/// and keeps pages light.
const MAX_DOTS: usize = 24;

/// Chart size and margins, in SVG user units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// The scales of one chart: days since the first date → x, values → y.
struct Scale {
    first: jiff::civil::Date,
    days: f64,
    low: f64,
    high: f64,
}

impl Scale {
    fn x(&self, date: jiff::civil::Date) -> f64 {
        let d = crate::analysis::objectives::days_between(self.first, date) as f64;
        LEFT + d / self.days * (WIDTH - LEFT - RIGHT)
    }

    fn y(&self, value: f64) -> f64 {
        TOP + (self.high - value) / (self.high - self.low) * (HEIGHT - TOP - BOTTOM)
    }
}

/// The chart of one objective: its values over time as a line with points,
/// the target as a horizontal line and the due date as a vertical one. An
/// objective without data gets a note instead.
pub fn chart(row: &ObjectiveRow) -> String {
    let due = row.due.as_deref().and_then(|d| dates::parse_date(d).ok());
    let unit = &row.unit_suffix;
    let label = format!(
        "{}: {} results{}; target {} {}{unit}{}",
        row.id,
        row.points.len(),
        match (row.points.first(), row.points.last()) {
            (Some(a), Some(b)) => format!(
                " from {} ({}{unit}) to {} ({}{unit})",
                a.date,
                objectives::number(a.value),
                b.date,
                objectives::number(b.value)
            ),
            _ => String::new(),
        },
        row.direction.replace('-', " "),
        objectives::number(row.target),
        row.due
            .as_deref()
            .map(|d| format!(", due {d}"))
            .unwrap_or_default()
    );
    let (Some(first), Some(last)) = (row.points.first(), row.points.last()) else {
        return format!(
            "<p class=\"chart-empty muted\">{}</p>",
            escape("No results recorded yet.")
        );
    };
    let (first, last) = (first.date, last.date);
    let end = due.map_or(last, |d| d.max(last));
    let start = due.map_or(first, |d| d.min(first));
    let days = (crate::analysis::objectives::days_between(start, end) as f64).max(1.0);
    let values = row.points.iter().map(|p| p.value).chain([row.target]);
    let (mut low, mut high) =
        values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((high - low) * 0.1).max(high.abs() * 0.01).max(0.5);
    low -= pad;
    high += pad;
    let scale = Scale {
        first: start,
        days,
        low,
        high,
    };
    let mut svg = format!(
        "<svg class=\"kpi-chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(&label)
    );
    // Axes and their labels.
    let bottom = HEIGHT - BOTTOM;
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{bottom}\"/><line class=\"axis\" x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\"/>",
        WIDTH - RIGHT
    ));
    for v in [low + pad, high - pad] {
        svg.push_str(&format!(
            "<text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            scale.y(v) + 4.0,
            escape(&short(v))
        ));
    }
    for (d, anchor) in [(start, "start"), (end, "end")] {
        svg.push_str(&format!(
            "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{d}</text>",
            scale.x(d),
            HEIGHT - 12.0
        ));
    }
    // Target line, labelled above it unless that would run into the
    // due-date label at the top, then below it.
    let ty = scale.y(row.target);
    let label_y = if due.is_some() && ty - 4.0 < TOP + 22.0 {
        ty + 12.0
    } else {
        ty - 4.0
    };
    svg.push_str(&format!(
        "<line class=\"target\" data-value=\"{}\" x1=\"{LEFT}\" y1=\"{ty:.1}\" x2=\"{}\" y2=\"{ty:.1}\"/><text class=\"target-label\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">target {}</text>",
        escape(&objectives::number(row.target)),
        WIDTH - RIGHT,
        WIDTH - RIGHT,
        label_y,
        escape(&short(row.target))
    ));
    // Due-date marker.
    if let Some(due) = due {
        let x = scale.x(due);
        svg.push_str(&format!(
            "<line class=\"due\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{bottom}\"/><text class=\"due-label\" x=\"{:.1}\" y=\"{}\" text-anchor=\"end\">due</text>",
            x - 3.0,
            TOP + 10.0
        ));
    }
    // The values: the line through them all, and a dot per result while
    // they stand apart (a longer series is its line).
    svg.push_str("<polyline class=\"series\" points=\"");
    for (i, p) in row.points.iter().enumerate() {
        if i > 0 {
            svg.push(' ');
        }
        push_tenths(&mut svg, scale.x(p.date));
        svg.push(',');
        push_tenths(&mut svg, scale.y(p.value));
    }
    svg.push_str("\"/>");
    if row.points.len() <= MAX_DOTS {
        for p in &row.points {
            svg.push_str("<circle class=\"point\" cx=\"");
            push_tenths(&mut svg, scale.x(p.date));
            svg.push_str("\" cy=\"");
            push_tenths(&mut svg, scale.y(p.value));
            svg.push_str("\" r=\"2.5\"/>");
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Writes `v` rounded to one decimal (`12.3`, `-0.5`, `7.0`): chart
/// coordinates, a few thousand a page, without going through float
/// formatting.
fn push_tenths(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round();
    if !tenths.is_finite() || tenths.abs() > 1e15 {
        let _ = write!(out, "{v:.1}");
        return;
    }
    let tenths = tenths as i64;
    if tenths < 0 {
        out.push('-');
    }
    let abs = tenths.unsigned_abs();
    out.push_str(itoa::Buffer::new().format(abs / 10));
    out.push('.');
    out.push(char::from(b'0' + (abs % 10) as u8));
}

/// A value for an axis label: at most two decimals.
fn short(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    objectives::number(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::objectives::{DocLink, Point};

    fn row(points: &[(&str, f64)], target: f64, due: Option<&str>) -> ObjectiveRow {
        ObjectiveRow {
            id: "OBJ-1".into(),
            title: "T <b>".into(),
            status: "on-track",
            status_label: "On track",
            latest_value: None,
            latest_date: None,
            latest_text: None,
            target,
            target_text: objectives::number(target),
            direction: "at-least",
            unit: Some("%".into()),
            unit_suffix: "%".into(),
            measure: None,
            baseline: None,
            owner: None,
            due: due.map(str::to_string),
            frequency: "monthly",
            actions: Vec::new(),
            resources: None,
            evaluation: None,
            serves: Vec::new(),
            declared_in: DocLink {
                id: "POL-1".into(),
                title: "P".into(),
                url: "doc/POL-1.html".into(),
            },
            carried_out_by: Vec::new(),
            url: "objectives/OBJ-1.html".into(),
            points: points
                .iter()
                .map(|(d, v)| Point {
                    date: dates::parse_date(d).expect("a test date"),
                    value: *v,
                    note: None,
                })
                .collect(),
            data: None,
            data_url: None,
        }
    }

    /// The value of attribute `name` of the first `<tag …>` in `svg`.
    fn attr<'a>(svg: &'a str, tag: &str, name: &str) -> &'a str {
        let at = svg.find(&format!("<{tag} ")).expect("the element");
        let rest = &svg[at..];
        let rest = &rest[..rest.find('>').expect("closed")];
        let key = format!(" {name}=\"");
        let start = rest.find(&key).expect("the attribute") + key.len();
        &rest[start..start + rest[start..].find('"').expect("quoted")]
    }

    #[test]
    fn points_are_in_order_and_the_target_line_is_at_its_value() {
        let svg = chart(&row(
            &[
                ("2026-01-31", 90.0),
                ("2026-02-28", 92.0),
                ("2026-03-31", 97.0),
            ],
            95.0,
            Some("2026-06-30"),
        ));
        let points: Vec<(f64, f64)> = attr(&svg, "polyline", "points")
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').expect("x,y");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect();
        assert_eq!(points.len(), 3);
        assert!(points.windows(2).all(|w| w[0].0 < w[1].0), "{points:?}");
        // Higher values are higher up (smaller y).
        assert!(points[2].1 < points[1].1 && points[1].1 < points[0].1);
        // The target line lies between the 92 and 97 points, at 3/5 of the way.
        let ty: f64 = attr(&svg, "line class=\"target\"", "y1")
            .parse()
            .expect("y");
        let expected = points[1].1 + (points[2].1 - points[1].1) * 3.0 / 5.0;
        assert!((ty - expected).abs() < 0.2, "{ty} vs {expected}");
        assert_eq!(attr(&svg, "line class=\"target\"", "data-value"), "95");
        // The due date is the right edge.
        let due: f64 = attr(&svg, "line class=\"due\"", "x1").parse().expect("x");
        assert!((due - (WIDTH - RIGHT)).abs() < 0.1);
        assert!(!svg.contains("<script") && !svg.contains("href"));
    }

    #[test]
    fn the_numbers_table_lists_every_result_in_order_escaped() {
        let mut r = row(&[("2026-01-31", 90.0), ("2026-02-28", 92.5)], 95.0, None);
        r.points[1].note = Some("audit <week>".into());
        let html = numbers(&r, None);
        assert!(
            html.contains("<caption>Results of OBJ-1 (%)</caption>"),
            "{html}"
        );
        let first = html.find("2026-01-31").unwrap_or(usize::MAX);
        let second = html.find("2026-02-28").unwrap_or(0);
        assert!(first < second, "{html}");
        assert!(
            html.contains("<td>92.5</td><td>audit &lt;week&gt;</td>"),
            "{html}"
        );
        assert_eq!(html.matches("<tr><td").count(), 2);
        // The list page's table: the latest result only, and the way to the rest.
        let latest = numbers(&r, Some(1));
        assert!(
            latest.contains("<caption>Latest 1 of 2 results of OBJ-1 (%)</caption>"),
            "{latest}"
        );
        assert!(
            !latest.contains("2026-01-31") && latest.contains("2026-02-28"),
            "{latest}"
        );
        assert!(
            latest.contains("<a href=\"objectives/OBJ-1.html\">All 2 results</a>"),
            "{latest}"
        );
        assert_eq!(numbers(&r, Some(12)), html);
    }

    #[test]
    fn a_dot_per_result_until_the_series_is_long() {
        let days: Vec<String> = (1..=25).map(|d| format!("2026-01-{d:02}")).collect();
        let series: Vec<(&str, f64)> = days.iter().map(|d| (d.as_str(), 1.0)).collect();
        let short = chart(&row(&series[..MAX_DOTS], 1.0, None));
        assert_eq!(short.matches("<circle").count(), MAX_DOTS);
        let long = chart(&row(&series, 1.0, None));
        assert_eq!(long.matches("<circle").count(), 0);
        assert_eq!(attr(&long, "polyline", "points").split(' ').count(), 25);
    }

    #[test]
    fn coordinates_are_rounded_to_tenths() {
        let mut s = String::new();
        for v in [0.0, 12.34, 12.35, 7.0, -0.04, -3.26, 639.95] {
            push_tenths(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0.0 12.3 12.4 7.0 0.0 -3.3 640.0 ");
    }

    #[test]
    fn labels_are_escaped_and_no_data_is_a_note() {
        let svg = chart(&row(&[("2026-01-31", 1.0)], 1.0, None));
        assert!(svg.contains("aria-label=\"OBJ-1: 1 results"), "{svg}");
        assert!(chart(&row(&[], 5.0, None)).contains("No results recorded yet."));
    }
}
