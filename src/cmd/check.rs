//! `qmsbook check`: every validation of `build`, nothing written.

use std::path::Path;
use std::process::ExitCode;

use qmsbook::analysis::baseline;
use qmsbook::check;
use qmsbook::diagnostics::{self, Diagnostic, Severity, Tally};
use qmsbook::model::handbook::LoadOptions;
use qmsbook::pipeline::build::build_date;
use qmsbook::pipeline::load;
use qmsbook::render::theme::Theme;
use qmsbook::util::plural;

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, with the source line and a caret (stderr).
    Human,
    /// One JSON array of diagnostics (stdout).
    Json,
    /// GitHub Actions workflow commands (stdout).
    Github,
}

/// What `--deny` can turn into errors.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Deny {
    /// Every warning fails the check.
    Warnings,
}

/// Options of `qmsbook check`.
pub struct CheckArgs<'a> {
    /// The handbook folder.
    pub root: &'a Path,
    /// Output format.
    pub format: Format,
    /// Fail on warnings too.
    pub deny: Option<Deny>,
    /// Check as a build with `--drafts` would.
    pub drafts: bool,
    /// The date to check as of.
    pub today: Option<jiff::civil::Date>,
    /// A git revision to compare coverage with.
    pub baseline: Option<&'a str>,
}

/// Runs the check and returns 0 (clean), 1 (errors, or warnings with `--deny warnings`) or 2 (configuration).
pub fn run(args: &CheckArgs<'_>, color: bool) -> ExitCode {
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut documents = 0;
    match build_date(args.today) {
        Err(d) => all.push(d),
        Ok(date) => {
            let options = LoadOptions {
                drafts: args.drafts,
                output_dir: None,
                today: Some(date),
            };
            let loaded = load::load(args.root, &options, load::WithHistory::Yes);
            all.extend(loaded.diagnostics);
            if let Some(load::Checked {
                handbook: hb,
                coverage,
                ..
            }) = loaded.checked
            {
                documents = hb.documents.len();
                let theme = hb.config.output.html.theme.as_deref();
                if let Some(d) = qmsbook::pipeline::load::theme_outside(args.root, theme) {
                    all.push(d);
                } else if let Err(ds) = Theme::load(args.root, theme) {
                    all.extend(ds);
                }
                if let Some(rev) = args.baseline {
                    let mut found = baseline::compare(&hb, &coverage, rev, &options);
                    check::apply_levels(&hb.config.check.levels, &mut found);
                    all.extend(found);
                }
                // The process ends right after: let the system reclaim the
                // model instead of freeing 10,000 documents one by one.
                std::mem::forget((hb, coverage));
            }
        }
    }
    diagnostics::sort_unique(&mut all);
    if matches!(args.deny, Some(Deny::Warnings)) {
        for d in &mut all {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
    let tally = Tally::of(&all);
    match args.format {
        Format::Human => {
            super::print_diagnostics(&all, color);
            eprintln!(
                "{} in {}",
                super::tally_text(tally),
                plural::count(documents, "document")
            );
        }
        Format::Json | Format::Github => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = match args.format {
                Format::Json => diagnostics::write_json(&mut out, &all),
                _ => diagnostics::write_github(&mut out, &all),
            };
            // A closed pipe (`| head`) ends the listing, not the check.
            let _ = written.and_then(|()| std::io::Write::flush(&mut out));
        }
    }
    let config_error = all
        .iter()
        .any(|d| d.is_error() && matches!(d.code, "config" | "baseline"));
    if config_error {
        ExitCode::from(2)
    } else if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
