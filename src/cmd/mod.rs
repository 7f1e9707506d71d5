//! One module per command.

pub mod build;
pub mod check;
pub mod clean;
pub mod init;
pub mod matrix;
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
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut text = format!(
        "{}, {}",
        plural(t.errors, "error"),
        plural(t.warnings, "warning")
    );
    if t.consequences > 0 {
        text.push_str(&format!(
            ", {} (notes)",
            plural(t.consequences, "consequence")
        ));
    }
    text
}
