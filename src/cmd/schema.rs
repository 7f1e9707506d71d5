//! `qmsbook schema`: prints the front-matter JSON Schema.

use std::path::Path;
use std::process::ExitCode;

use qmsbook::model::handbook::{Handbook, LoadOptions};

/// Prints the schema of the handbook at `root` to stdout.
pub fn run(root: &Path, color: bool) -> ExitCode {
    let loaded = Handbook::load(
        root,
        &LoadOptions {
            drafts: true,
            ..LoadOptions::default()
        },
    );
    let Some(hb) = loaded.handbook else {
        super::print_diagnostics(&loaded.diagnostics, color);
        return ExitCode::from(2);
    };
    let schema = qmsbook::views::schema::front_matter_schema(&hb);
    match serde_json::to_string_pretty(&schema) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            ExitCode::from(1)
        }
    }
}
