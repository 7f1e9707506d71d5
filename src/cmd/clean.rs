//! `qmsbook clean`

use std::path::Path;
use std::process::ExitCode;

use qmsbook::build::dest_dir;
use qmsbook::config;
use qmsbook::diagnostics::Diagnostic;

/// Removes the output folder, refusing anything that looks like source.
pub fn run(root: &Path, dest: Option<&Path>, color: bool) -> ExitCode {
    let cfg = match config::load(root) {
        Ok(c) => c,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            return ExitCode::from(2);
        }
    };
    let out = dest_dir(root, &cfg.build.build_dir, dest);
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out_abs, root_abs, src_abs) = (abs(&out), abs(root), abs(&root.join(&cfg.book.src)));
    if out_abs == root_abs
        || src_abs.starts_with(&out_abs)
        || out_abs.join(config::CONFIG_FILE).exists()
    {
        super::print_diagnostics(
            &[Diagnostic::error(
                "config",
                format!(
                    "refusing to remove `{}`: it contains the handbook's sources",
                    out.display()
                ),
            )
            .help("set `[build] build-dir` to a folder of its own, e.g. `book`")],
            color,
        );
        return ExitCode::from(2);
    }
    if !out.exists() {
        eprintln!("Nothing to clean: `{}` does not exist", out.display());
        return ExitCode::SUCCESS;
    }
    match std::fs::remove_dir_all(&out) {
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
