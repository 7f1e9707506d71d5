//! `qmsbook build`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use qmsbook::diagnostics::Tally;
use qmsbook::pipeline::build::{self, BuildOptions};
use qmsbook::util::plural;

/// Builds the site and reports what happened.
pub fn run(
    root: PathBuf,
    dest: Option<PathBuf>,
    drafts: bool,
    today: Option<jiff::civil::Date>,
    force: bool,
    color: bool,
) -> ExitCode {
    let started = Instant::now();
    // The process ends right after: the system reclaims the model.
    let report = build::run_then_exit(&BuildOptions {
        root,
        dest,
        drafts,
        today,
        force,
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
            let unchanged = if stats.unchanged > 0 {
                format!(", {} unchanged", stats.unchanged)
            } else {
                String::new()
            };
            eprintln!(
                "{} ({}{unchanged}) into `{dest}` in {} ms{warnings}",
                report.built_summary().unwrap_or_default(),
                plural::count(stats.files, "file"),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        None => {
            let config_error = report
                .diagnostics
                .iter()
                .any(|d| d.code == "config" || d.code == qmsbook::output::guard::CODE);
            let kept = if config_error {
                "Nothing was written or removed.".to_string()
            } else if report.dest.exists() {
                format!("The previous output in `{dest}` was left untouched.")
            } else {
                "Nothing was written.".to_string()
            };
            let scope = match report.documents {
                0 => String::new(),
                n => format!(" in {}", plural::count(n, "document")),
            };
            eprintln!("Build failed: {}{scope}. {kept}", super::tally_text(tally));
            if config_error {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Prints the stages `--timings` recorded, in the order they ended.
pub fn print_timings() {
    let stages = qmsbook::util::timings::recorded();
    let width = stages.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    eprintln!("Stages (wall time; stages on different cores overlap):");
    for (name, took) in stages {
        eprintln!("  {name:<width$}  {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}
