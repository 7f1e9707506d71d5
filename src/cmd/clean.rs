//! `qmsbook clean`

use std::path::Path;
use std::process::ExitCode;

use qmsbook::config;
use qmsbook::diagnostics::Diagnostic;
use qmsbook::output::guard::{self, OutputState, Protected};
use qmsbook::pipeline::build::dest_dir;

/// Removes the output folder, under the same rules as `build` replaces it:
/// only a folder qmsbook wrote (or, with `force`, one holding other files
/// too), never the sources or a folder holding them.
pub fn run(root: &Path, dest: Option<&Path>, force: bool, color: bool) -> ExitCode {
    let cfg = match config::load(root) {
        Ok(c) => c,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            return ExitCode::from(2);
        }
    };
    let out = dest_dir(root, &cfg.build.build_dir, dest);
    let protected = Protected {
        root: root.to_path_buf(),
        content: root.join(&cfg.book.src),
    };
    let checked = match guard::check(&out, &protected, force) {
        Ok(c) => c,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            eprintln!("Nothing was removed.");
            return ExitCode::from(2);
        }
    };
    match checked.state {
        OutputState::Missing => {
            eprintln!("Nothing to clean: `{}` does not exist", out.display());
            return ExitCode::SUCCESS;
        }
        OutputState::Empty => {
            eprintln!(
                "Nothing to clean: `{}` is an empty folder (left as it is)",
                out.display()
            );
            return ExitCode::SUCCESS;
        }
        OutputState::PreviousSite | OutputState::Forced => {}
    }
    match std::fs::remove_dir_all(&checked.path) {
        Ok(()) => {
            eprintln!("Removed `{}`", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::print_diagnostics(
                &[Diagnostic::error(
                    "write",
                    format!("cannot remove `{}`: {e}", out.display()),
                )],
                color,
            );
            ExitCode::from(1)
        }
    }
}
