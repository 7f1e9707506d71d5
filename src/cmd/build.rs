//! `qmsbook build`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use qmsbook::build::{self, BuildOptions};
use qmsbook::diagnostics::Tally;

/// Builds the site and reports what happened.
pub fn run(
    root: PathBuf,
    dest: Option<PathBuf>,
    drafts: bool,
    today: Option<jiff::civil::Date>,
    color: bool,
) -> ExitCode {
    let started = Instant::now();
    let report = build::run(&BuildOptions {
        root,
        dest,
        drafts,
        today,
    });
    super::print_diagnostics(&report.diagnostics, color);
    let tally = Tally::of(&report.diagnostics);
    let dest = report.dest.display();
    match report.stats {
        Some(stats) => {
            let warnings = if tally.warnings > 0 {
                format!(" ({})", super::tally_text(tally))
            } else {
                String::new()
            };
            eprintln!(
                "Built {} document pages ({} files) into `{dest}` in {} ms{warnings}",
                stats.documents,
                stats.files,
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        None => {
            let config_error = report.diagnostics.iter().any(|d| d.code == "config");
            let kept = if report.dest.exists() {
                format!("The previous output in `{dest}` was left untouched.")
            } else {
                "Nothing was written.".to_string()
            };
            eprintln!(
                "Build failed: {} in {} documents. {kept}",
                super::tally_text(tally),
                report.documents
            );
            if config_error {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
