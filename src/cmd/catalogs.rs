//! `qmsbook catalogs`: lists the catalogs a handbook can use, or with
//! `--check FILE` validates one catalog file before it goes into `standards/`.

use std::path::Path;
use std::process::ExitCode;

use qmsbook::diagnostics::{self, Diagnostic, SourceText, Tally};
use qmsbook::parse::catalog::{self, Catalogs};
use qmsbook::parse::crosswalk::{self, Crosswalks};
use qmsbook::views::catalogs::{
    catalog_row, catalog_rows, catalogs_json, catalogs_table, checked_summary,
};

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A table (the listing) or human diagnostics (`--check`).
    Table,
    /// JSON: the listing, or the diagnostics of `--check`.
    Json,
}

/// Lists the built-in catalogs and those in `root/standards/` (with the
/// scope and amendment settings of `root/book.toml` when there is one).
pub fn run(root: &Path, format: Format, color: bool) -> ExitCode {
    let config = match qmsbook::config::load(root) {
        Ok(c) => Some(c),
        Err(_) if !root.join(qmsbook::config::CONFIG_FILE).exists() => None,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            return ExitCode::from(2);
        }
    };
    let mut found = Vec::new();
    let (crosswalk_files, files) = crosswalk::split_files(Catalogs::read_files(root, &mut found));
    let catalogs = Catalogs::build(files, &mut found);
    let crosswalks = Crosswalks::build(&catalogs.by_key, crosswalk_files, &mut found);
    let rows = catalog_rows(&catalogs, &crosswalks, config.as_ref());
    match format {
        Format::Table => print!("{}", catalogs_table(&rows)),
        Format::Json => print!("{}", catalogs_json(&rows)),
    }
    super::print_diagnostics(&found, color);
    if Tally::of(&found).errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Validates the catalog file `file`: every problem at its line and column,
/// then what the file defines. Exit 1 when it has errors, 2 when it cannot
/// be read.
pub fn check(file: &Path, format: Format, color: bool) -> ExitCode {
    let shown = file.display().to_string();
    let text = match std::fs::read(file) {
        Ok(bytes) => qmsbook::parse::source::decode_owned(&shown, bytes),
        Err(e) => {
            let d = Diagnostic::error("invalid-catalog", format!("cannot read `{shown}`: {e}"))
                .in_file(shown.clone())
                .help("pass the path of a catalog file, e.g. `standards/iso13485-2016.yaml`");
            report(&[d], format, color);
            return ExitCode::from(2);
        }
    };
    let mut found = Vec::new();
    let parsed = match text {
        Ok(text) => catalog::parse(&SourceText::new(shown.clone(), text), &shown, &mut found),
        Err(d) => {
            found.push(d);
            None
        }
    };
    report(&found, format, color);
    let errors = Tally::of(&found).errors;
    match parsed {
        Some(c) if errors == 0 => {
            let row = catalog_row(&c, &Catalogs::built_in(&mut Vec::new()), None);
            if matches!(format, Format::Table) {
                println!("{}", checked_summary(&shown, &row));
            }
            ExitCode::SUCCESS
        }
        _ => {
            if matches!(format, Format::Table) {
                eprintln!(
                    "`{shown}` is not a valid catalog: {}",
                    super::tally_text(Tally::of(&found))
                );
            }
            ExitCode::from(1)
        }
    }
}

/// Prints `found` as human diagnostics on stderr, or as JSON on stdout.
fn report(found: &[Diagnostic], format: Format, color: bool) {
    match format {
        Format::Table => super::print_diagnostics(found, color),
        Format::Json => print!("{}", diagnostics::render_json(found)),
    }
}
