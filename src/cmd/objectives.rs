//! `qmsbook objectives`: the quality objectives with their status as of the
//! build date, as a terminal table, CSV or JSON: the same rows as
//! `objectives.html`, `objectives.csv` and `objectives.json`.

use std::path::Path;
use std::process::ExitCode;

use qmsbook::diagnostics::Tally;
use qmsbook::model::handbook::LoadOptions;
use qmsbook::pipeline::build::build_date;
use qmsbook::pipeline::load::{self, Checked};
use qmsbook::views::objectives;

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// The site's `objectives.csv`.
    Csv,
    /// The site's `objectives.json`.
    Json,
}

/// Prints the objectives; exit code 1 when the handbook has errors (the
/// rows are printed anyway), 2 when it cannot be loaded.
pub fn run(root: &Path, format: Format, today: Option<jiff::civil::Date>, color: bool) -> ExitCode {
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
    let Some(Checked { handbook: hb, .. }) = loaded.checked else {
        super::print_diagnostics(&loaded.diagnostics, color);
        return ExitCode::from(2);
    };
    if errors > 0 {
        super::print_diagnostics(&loaded.diagnostics, color);
        eprintln!(
            "The objectives may be incomplete: the handbook has {}. Run `qmsbook check` for details.",
            super::tally_text(Tally::of(&loaded.diagnostics))
        );
    }
    let rows = objectives::rows(&hb);
    let text = match format {
        Format::Table => objectives::table(&rows),
        Format::Csv => objectives::csv(&rows),
        Format::Json => objectives::json(&rows),
    };
    print!("{text}");
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
