//! `qmsbook serve`

use std::process::ExitCode;

use qmsbook::serve::{self, ServeOptions};

/// Serves until Ctrl-C; exit code 2 when the server cannot start.
pub fn run(options: ServeOptions) -> ExitCode {
    let color = options.color;
    match serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            ExitCode::from(2)
        }
    }
}
