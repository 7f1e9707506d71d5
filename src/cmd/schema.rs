//! `qmsbook schema`: prints the front-matter JSON Schema.

use std::path::Path;
use std::process::ExitCode;

use qmsbook::model::handbook::{Handbook, LoadOptions};

/// Prints the schema of the handbook at `root` to stdout.
pub fn run(root: &Path, color: bool) -> ExitCode {
    match text(root) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(Problem::Load(diagnostics)) => {
            super::print_diagnostics(&diagnostics, color);
            ExitCode::from(2)
        }
        Err(Problem::Serialize(e)) => {
            eprintln!("error: cannot write the schema: {e}");
            ExitCode::from(1)
        }
    }
}

/// Why the schema could not be made.
pub enum Problem {
    /// The handbook did not load; its diagnostics.
    Load(Vec<qmsbook::diagnostics::Diagnostic>),
    /// The schema could not be serialised.
    Serialize(serde_json::Error),
}

/// The front-matter JSON Schema of the handbook at `root`, pretty-printed
/// (drafts included, so every document ID is known).
pub fn text(root: &Path) -> Result<String, Problem> {
    let loaded = Handbook::load(
        root,
        &LoadOptions {
            drafts: true,
            ..LoadOptions::default()
        },
    );
    let Some(hb) = loaded.handbook else {
        return Err(Problem::Load(loaded.diagnostics));
    };
    let schema = qmsbook::views::schema::front_matter_schema(&hb);
    serde_json::to_string_pretty(&schema).map_err(Problem::Serialize)
}
