//! `qmsbook matrix`: the coverage matrix in the terminal, or as CSV / JSON.

use std::path::Path;
use std::process::ExitCode;

use qmsbook::diagnostics::Tally;
use qmsbook::model::handbook::LoadOptions;
use qmsbook::pipeline::build::build_date;
use qmsbook::pipeline::load::{self, Checked};
use qmsbook::views;

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// One row per clause, as in the site's CSV export.
    Csv,
    /// The site's JSON export.
    Json,
}

/// Prints the matrix of one standard (default: every standard in scope).
pub fn run(
    root: &Path,
    standard: Option<&str>,
    format: Format,
    gaps_only: bool,
    today: Option<jiff::civil::Date>,
    color: bool,
) -> ExitCode {
    let date = match build_date(today) {
        Ok(d) => d,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            return ExitCode::from(2);
        }
    };
    let loaded = load::load(
        root,
        &LoadOptions {
            drafts: false,
            output_dir: None,
            today: Some(date),
        },
        load::WithHistory::No,
    );
    let errors = Tally::of(&loaded.diagnostics).errors;
    let Some(Checked {
        handbook: hb,
        coverage,
        ..
    }) = loaded.checked
    else {
        super::print_diagnostics(&loaded.diagnostics, color);
        return ExitCode::from(2);
    };
    if errors > 0 {
        super::print_diagnostics(&loaded.diagnostics, color);
        eprintln!(
            "The matrix may be incomplete: the handbook has {}. Run `qmsbook check` for details.",
            super::tally_text(Tally::of(&loaded.diagnostics))
        );
    }
    let records = views::coverage::standard_records(&hb, &coverage);
    let selected: Vec<_> = match standard {
        Some(key) => {
            let found: Vec<_> = records.iter().filter(|r| r.key == key).collect();
            if found.is_empty() {
                let keys: Vec<&str> = records.iter().map(|r| r.key.as_str()).collect();
                eprintln!(
                    "error: `{key}` is not a standard in scope\nhelp: standards in scope: {}",
                    keys.join(", ")
                );
                return ExitCode::from(2);
            }
            found
        }
        None => records.iter().collect(),
    };
    let date = date.to_string();
    for (i, r) in selected.iter().enumerate() {
        let text = match format {
            Format::Table => views::coverage::coverage_table(r, gaps_only),
            Format::Csv => views::coverage::coverage_csv(&filtered(r, gaps_only)),
            Format::Json => views::coverage::coverage_json(&filtered(r, gaps_only), &date),
        };
        if i > 0 && matches!(format, Format::Table) {
            println!();
        }
        print!("{text}");
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `matrix --standard TARGET --via SOURCE`: the coverage of TARGET predicted
/// from SOURCE (in scope) through their crosswalk.
pub fn run_via(
    root: &Path,
    target: &str,
    source: &str,
    format: Format,
    today: Option<jiff::civil::Date>,
    color: bool,
) -> ExitCode {
    let date = match build_date(today) {
        Ok(d) => d,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            return ExitCode::from(2);
        }
    };
    let loaded = load::load(
        root,
        &LoadOptions {
            drafts: false,
            output_dir: None,
            today: Some(date),
        },
        load::WithHistory::No,
    );
    let errors = Tally::of(&loaded.diagnostics).errors;
    let Some(Checked {
        handbook: hb,
        coverage,
        ..
    }) = loaded.checked
    else {
        super::print_diagnostics(&loaded.diagnostics, color);
        return ExitCode::from(2);
    };
    if errors > 0 {
        super::print_diagnostics(&loaded.diagnostics, color);
        eprintln!(
            "The prediction may be incomplete: the handbook has {}. Run `qmsbook check` for details.",
            super::tally_text(Tally::of(&loaded.diagnostics))
        );
    }
    let Some(record) = views::transition::via(&hb, &coverage, target, source) else {
        let known: Vec<&str> = hb.catalogs.by_key.keys().map(String::as_str).collect();
        let (problem, help) = if source == target {
            (
                format!("`--standard` and `--via` both name `{source}`"),
                "name the standard to predict with `--standard` and one in scope with `--via`"
                    .to_string(),
            )
        } else if coverage.get(source).is_none() {
            (
                format!("`{source}` is not a standard in scope"),
                format!(
                    "the source must be in scope; in scope: {}",
                    hb.scope.join(", ")
                ),
            )
        } else if hb.catalogs.get(target).is_none() {
            (
                format!("`{target}` is not a known catalog"),
                format!("known catalogs: {}", known.join(", ")),
            )
        } else {
            let targets: Vec<&str> = hb
                .crosswalks
                .from_source(source)
                .map(|x| x.to.as_str())
                .collect();
            (
                format!("there is no crosswalk from `{source}` to `{target}`"),
                format!(
                    "add standards/{source}--{target}.yaml (see \"Crosswalks and transition\" in the README); crosswalks from `{source}` go to: {}",
                    if targets.is_empty() {
                        "none".to_string()
                    } else {
                        targets.join(", ")
                    }
                ),
            )
        };
        eprintln!("error: {problem}\nhelp: {help}");
        return ExitCode::from(2);
    };
    let text = match format {
        Format::Table => views::transition::transition_table(&record),
        Format::Csv => views::transition::transition_csv(&record),
        Format::Json => views::transition::transition_json(&record, &date.to_string()),
    };
    print!("{text}");
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// With `--gaps-only`, keeps the requirements that are gaps or only planned.
fn filtered(
    r: &views::coverage::StandardRecord,
    gaps_only: bool,
) -> views::coverage::StandardRecord {
    let mut r = r.clone();
    if gaps_only {
        r.clauses.retain(|c| {
            c.is_requirement
                && matches!(
                    c.status,
                    qmsbook::analysis::coverage::ClauseStatus::Gap
                        | qmsbook::analysis::coverage::ClauseStatus::Planned
                )
        });
    }
    r
}
