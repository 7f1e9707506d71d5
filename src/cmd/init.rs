//! `qmsbook init`

use std::path::Path;
use std::process::ExitCode;

use qmsbook::util::embedded::STARTER;

/// Writes the starter handbook into `dir`, never overwriting a file.
pub fn run(dir: &Path) -> ExitCode {
    let clashes: Vec<&str> = STARTER
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !clashes.is_empty() {
        eprintln!(
            "error: `{}` already has {} of the starter files (e.g. `{}`); nothing was written.\nhelp: run `qmsbook init` in an empty folder, e.g. `qmsbook init my-handbook`",
            dir.display(),
            clashes.len(),
            clashes[0]
        );
        return ExitCode::from(2);
    }
    for (rel, bytes) in STARTER {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    eprintln!(
        "Created a handbook with {} files in `{}`.\nNext: edit book.toml (your organisation's name), then run `qmsbook build {}` and open book/index.html.",
        STARTER.len(),
        dir.display(),
        dir.display()
    );
    ExitCode::SUCCESS
}
