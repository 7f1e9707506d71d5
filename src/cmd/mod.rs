//! One module per command.

pub mod build;
pub mod catalogs;
pub mod check;
pub mod clean;
pub mod init;
pub mod matrix;
pub mod objectives;
pub mod schema;
pub mod serve;

use qmsbook::diagnostics::{self, Diagnostic, Tally};

/// Prints diagnostics to stderr.
pub fn print_diagnostics(diagnostics: &[Diagnostic], color: bool) {
    if !diagnostics.is_empty() {
        eprint!("{}", diagnostics::render_human(diagnostics, color));
    }
}

/// "2 errors, 1 warning", and how many notes only follow from those
/// problems ("1 error, 0 warnings, 5 consequences (notes)").
pub fn tally_text(t: Tally) -> String {
    t.to_string()
}
