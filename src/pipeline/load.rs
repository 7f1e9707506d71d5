//! The front half of every command: load the handbook, compute its coverage
//! once, run every check. `build`, `check`, `matrix`, `serve` and the
//! baseline comparison all start here, so they see the same diagnostics.

use std::path::Path;

use crate::analysis::coverage::Coverage;
use crate::check;
use crate::diagnostics::{self, Diagnostic};
use crate::model::handbook::{Handbook, LoadOptions};
use crate::util::timings;

/// A loaded handbook with its coverage.
pub struct Checked {
    /// The model.
    pub handbook: Handbook,
    /// Coverage of every standard in scope, computed once.
    pub coverage: Coverage,
}

/// What loading and checking found.
pub struct LoadReport {
    /// `None` when the configuration could not be read.
    pub checked: Option<Checked>,
    /// Every diagnostic of loading and checking, `[check]` levels applied, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the handbook at `root`, computes coverage and runs every check.
pub fn load(root: &Path, options: &LoadOptions) -> LoadReport {
    let loaded = Handbook::load(root, options);
    let mut diagnostics = loaded.diagnostics;
    let Some(handbook) = loaded.handbook else {
        return LoadReport {
            checked: None,
            diagnostics,
        };
    };
    let coverage = {
        let _t = timings::stage("coverage");
        Coverage::compute(&handbook, handbook.today)
    };
    {
        let _t = timings::stage("checks");
        diagnostics.extend(check::run(&handbook, &coverage));
        let past = crate::parse::history::past_revisions(&handbook.src_dir());
        diagnostics.extend(check::lifecycle::revisions_backwards(&handbook, &past));
    }
    check::apply_levels(&handbook.config.check.levels, &mut diagnostics);
    diagnostics::sort_unique(&mut diagnostics);
    LoadReport {
        checked: Some(Checked { handbook, coverage }),
        diagnostics,
    }
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
