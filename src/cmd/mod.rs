//! One module per command.

pub mod ack;
pub mod build;
pub mod catalogs;
pub mod check;
pub mod clean;
pub mod init;
pub mod matrix;
pub mod objectives;
pub mod review_pack;
pub mod schema;
pub mod serve;

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use qmsbook::diagnostics::{self, Diagnostic, Tally};

/// Whether `--verbose` asked for every diagnostic on the terminal.
static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Shows every diagnostic on the terminal (`--verbose`), not only the first
/// [`diagnostics::SHOWN_PER_CODE`] of each code.
pub fn set_verbose(verbose: bool) {
    VERBOSE.store(verbose, Ordering::Relaxed);
}

/// Prints diagnostics to stderr as they are formatted: the first
/// [`diagnostics::SHOWN_PER_CODE`] of each code and a line summing up the
/// rest, or all of them with `--verbose`.
pub fn print_diagnostics(diagnostics: &[Diagnostic], color: bool) {
    if diagnostics.is_empty() {
        return;
    }
    let per_code = (!VERBOSE.load(Ordering::Relaxed)).then_some(diagnostics::SHOWN_PER_CODE);
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    // A closed stderr leaves nothing to report to.
    let _ = diagnostics::write_human(&mut err, diagnostics, color, per_code);
    let _ = err.flush();
}

/// "2 errors, 1 warning", and how many notes only follow from those
/// problems ("1 error, 0 warnings, 5 consequences (notes)").
pub fn tally_text(t: Tally) -> String {
    t.to_string()
}
