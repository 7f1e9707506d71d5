//! The front half of every command: load the handbook, compute its coverage
//! once, run every check. `build`, `check`, `matrix`, `serve` and the
//! baseline comparison all start here, so they see the same diagnostics.

use std::path::Path;

use crate::analysis::coverage::Coverage;
use crate::check;
use crate::diagnostics::{self, Diagnostic};
use crate::model::handbook::{Handbook, LoadOptions, Reusable};
use crate::parse::history::{self, History};
use crate::util::timings;

/// A loaded handbook with its coverage and history.
pub struct Checked {
    /// The model.
    pub handbook: Handbook,
    /// Coverage of every standard in scope, computed once.
    pub coverage: Coverage,
    /// The git history of every document (empty when not asked for).
    pub history: History,
}

/// Whether loading reads the git history too (`build`, `check` and `serve`
/// do; the matrix and the baseline comparison need none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithHistory {
    /// Read it, and run the checks that need it.
    Yes,
    /// Leave it out.
    No,
}

/// What loading and checking found.
pub struct LoadReport {
    /// `None` when the configuration could not be read.
    pub checked: Option<Checked>,
    /// Every diagnostic of loading and checking, `[check]` levels applied, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the handbook at `root`, computes coverage, reads the git history
/// when asked, and runs every check.
pub fn load(root: &Path, options: &LoadOptions, with_history: WithHistory) -> LoadReport {
    load_reusable(root, options, with_history, false).0
}

/// [`load`], and with `keep` also what `serve` reuses to load the handbook
/// again after an edit ([`Reusable`]).
pub fn load_reusable(
    root: &Path,
    options: &LoadOptions,
    with_history: WithHistory,
    keep: bool,
) -> (LoadReport, Option<Reusable>) {
    let (loaded, reusable) = Handbook::load_reusable(root, options, keep);
    let Some(handbook) = loaded.handbook else {
        let report = LoadReport {
            checked: None,
            diagnostics: loaded.diagnostics,
        };
        return (report, None);
    };
    let report =
        check_loaded(
            handbook,
            loaded.diagnostics,
            |handbook, diagnostics| match with_history {
                WithHistory::Yes => {
                    let _t = timings::stage("git history");
                    let (ignored, problems) = history::ignored_revs(root, &handbook.config);
                    diagnostics.extend(problems);
                    let files: Vec<_> = handbook
                        .documents
                        .iter()
                        .map(|d| handbook.src_dir().join(&d.file.rel_path))
                        .collect();
                    let current: Vec<&str> = handbook
                        .documents
                        .iter()
                        .map(|d| &*d.file.text.text)
                        .collect();
                    history::load(
                        root,
                        &handbook.src_dir(),
                        &files,
                        &current,
                        options.output_dir.as_deref(),
                        &ignored,
                    )
                }
                WithHistory::No => {
                    History::unavailable(handbook.documents.len(), "not read".into())
                }
            },
        );
    (report, reusable)
}

/// The rest of loading once the model is assembled: coverage, the history
/// (from `history`), every check, `[check]` levels applied. `serve`'s
/// incremental updates take this path too, with the history they keep.
pub fn check_loaded(
    handbook: Handbook,
    mut diagnostics: Vec<Diagnostic>,
    history: impl FnOnce(&Handbook, &mut Vec<Diagnostic>) -> History,
) -> LoadReport {
    let coverage = {
        let _t = timings::stage("coverage");
        Coverage::compute(&handbook, handbook.today)
    };
    let history = history(&handbook, &mut diagnostics);
    diagnostics.extend(run_checks(&handbook, &coverage, &history));
    check::apply_levels(&handbook.config.check.levels, &mut diagnostics);
    diagnostics::sort_unique(&mut diagnostics);
    LoadReport {
        checked: Some(Checked {
            handbook,
            coverage,
            history,
        }),
        diagnostics,
    }
}

/// Every check over a loaded handbook (the `[check]` levels not yet
/// applied): the lints and the history and awareness checks, side by side.
pub fn run_checks(handbook: &Handbook, coverage: &Coverage, history: &History) -> Vec<Diagnostic> {
    let _t = timings::stage("checks");
    let (lints, (from_history, awareness)) = rayon::join(
        || check::run(handbook, coverage),
        || {
            rayon::join(
                || check::history::run(handbook, history),
                || check::awareness::run(handbook, history),
            )
        },
    );
    let mut out = lints;
    out.extend(from_history);
    out.extend(awareness);
    out
}

/// The `theme` folder must resolve inside the handbook folder: `theme` is a
/// plain name (config checks that), but `themes/<name>` may be a symbolic
/// link. An error, before the theme is read, when it leads outside.
pub fn theme_outside(root: &Path, theme: Option<&str>) -> Option<Diagnostic> {
    let name = theme?;
    let dir = root.join("themes").join(name);
    let root_canon = root.canonicalize().ok()?;
    let dir_canon = dir.canonicalize().ok()?; // a missing folder is the theme loader's error
    if dir_canon.starts_with(&root_canon) {
        return None;
    }
    let d = Diagnostic::error(
        "config",
        format!("the theme folder `themes/{name}` resolves outside the handbook folder (a symbolic link?)"),
    )
    .help("copy the theme into `themes/` instead of linking to it");
    Some(match crate::config::load(root) {
        Ok(config) => config.diagnostic_at("theme", d),
        Err(_) => d.in_file(crate::config::CONFIG_FILE),
    })
}
