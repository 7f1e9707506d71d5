//! One whole build: load, check, render into a staging folder, swap in.

use std::path::{Path, PathBuf};

use crate::analysis::coverage::Coverage;
use crate::diagnostics::{Diagnostic, Tally};
use crate::model::handbook::{Handbook, LoadOptions, Reusable};
use crate::output::Staging;
use crate::output::guard::{self, CheckedOutput, Protected};
use crate::output::manifest::Listed;
use crate::output::site_files::SiteFiles;
use crate::parse::history::History;
use crate::pipeline::load::{self, Checked};
use crate::render::memo::PageMemo;
use crate::render::theme::Theme;
use crate::render::{self, BuildInfo, SiteContext, Stats};
use crate::util::{plural, timings};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The handbook root.
    pub root: PathBuf,
    /// Output folder; defaults to `[build] build-dir` under the root.
    pub dest: Option<PathBuf>,
    /// Publish drafts.
    pub drafts: bool,
    /// The build date, overriding `SOURCE_DATE_EPOCH` and the clock.
    pub today: Option<jiff::civil::Date>,
    /// Replace an output folder that holds files qmsbook did not write.
    pub force: bool,
}

/// What a build did.
pub struct BuildReport {
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the site was (or would have been) written.
    pub dest: PathBuf,
    /// What was written, when the build succeeded.
    pub stats: Option<Stats>,
    /// How many documents were read.
    pub documents: usize,
}

impl BuildReport {
    /// What a successful build made, in the words `build` and `serve` both
    /// print: `Built 29 document pages from 31 documents` (the pages are the
    /// published documents; drafts are read but not published by default).
    pub fn built_summary(&self) -> Option<String> {
        let stats = self.stats.as_ref()?;
        Some(format!(
            "Built {} from {}",
            plural::count(stats.documents, "document page"),
            plural::count(self.documents, "document")
        ))
    }

    /// Whether the site was written.
    pub fn succeeded(&self) -> bool {
        self.stats.is_some()
    }
}

/// The build date: `--today` when given, else `SOURCE_DATE_EPOCH` (seconds, UTC)
/// when set, else today.
pub fn build_date(today: Option<jiff::civil::Date>) -> Result<jiff::civil::Date, Diagnostic> {
    if let Some(d) = today {
        return Ok(d);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v.trim().parse().map_err(|_| {
                Diagnostic::error(
                    "config",
                    format!("SOURCE_DATE_EPOCH must be a whole number of seconds, found `{v}`"),
                )
                .help("unset it, or set it to e.g. the last commit time: `git log -1 --format=%ct`")
            })?;
            let ts = jiff::Timestamp::from_second(secs).map_err(|e| {
                Diagnostic::error(
                    "config",
                    format!("SOURCE_DATE_EPOCH `{v}` is out of range: {e}"),
                )
            })?;
            Ok(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
        }
        Err(_) => Ok(jiff::Zoned::now().date()),
    }
}

/// Resolves the output folder for a handbook.
pub fn dest_dir(root: &Path, build_dir: &Path, dest: Option<&Path>) -> PathBuf {
    match dest {
        Some(d) => d.to_path_buf(),
        None => root.join(build_dir),
    }
}

/// What a successful build keeps for incremental rebuilds (`serve`).
pub struct Built {
    /// The model.
    pub handbook: Handbook,
    /// Its coverage (an incremental update never changes it: clause tags
    /// that change send the edit to a full build).
    pub coverage: Coverage,
    /// The loaded theme.
    pub theme: Theme,
    /// The revision history.
    pub history: History,
    /// The build's shared template data (and its build facts), reused by
    /// incremental rebuilds.
    pub site: SiteContext,
    /// Where the site is.
    pub dest: PathBuf,
    /// What loading the handbook again after an edit reuses.
    pub reusable: Reusable,
    /// How it was loaded (drafts, output folder, build date).
    pub load_options: LoadOptions,
    /// The document pages as last rendered (see [`PageMemo`]).
    pub memo: PageMemo,
    /// Every file of the site as qmsbook last wrote it: size and digest.
    pub on_disk: Listed,
}

/// Runs a build. The previous output is replaced only when there are no errors.
pub fn run(options: &BuildOptions) -> BuildReport {
    run_inner(options, Afterwards::Free).0
}

/// [`run`] for a process that ends right after (`qmsbook build`): the model
/// is left to the system to reclaim instead of being freed document by
/// document.
pub fn run_then_exit(options: &BuildOptions) -> BuildReport {
    run_inner(options, Afterwards::Leave).0
}

/// Runs a build and, when it succeeded, keeps the model for incremental rebuilds.
pub fn run_keeping(options: &BuildOptions) -> (BuildReport, Option<Built>) {
    run_inner(options, Afterwards::Keep)
}

/// What becomes of the model once the site is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Afterwards {
    /// Freed.
    Free,
    /// Neither freed nor kept: the process is about to end.
    Leave,
    /// Kept, with what incremental updates reuse (parses, page memo), which
    /// costs time while building.
    Keep,
}

fn run_inner(options: &BuildOptions, afterwards: Afterwards) -> (BuildReport, Option<Built>) {
    let keep = afterwards == Afterwards::Keep;
    let preliminary_dest = options
        .dest
        .clone()
        .unwrap_or_else(|| options.root.join("book"));
    let abs_dest = std::path::absolute(&preliminary_dest).unwrap_or(preliminary_dest.clone());
    // Refuse an output folder that is not ours before any other work, so the
    // refusal is the one thing said (checked again, resolved, before writing).
    if let Ok(config) = crate::config::load(&options.root) {
        let dest = dest_dir(
            &options.root,
            &config.build.build_dir,
            options.dest.as_deref(),
        );
        let protected = Protected {
            root: options.root.clone(),
            content: options.root.join(&config.book.src),
        };
        if let Err(d) = guard::check(&dest, &protected, options.force) {
            let report = BuildReport {
                diagnostics: vec![d],
                dest,
                stats: None,
                documents: 0,
            };
            return (report, None);
        }
    }
    let date = match build_date(options.today) {
        Ok(d) => d,
        Err(d) => {
            let report = BuildReport {
                diagnostics: vec![d],
                dest: preliminary_dest,
                stats: None,
                documents: 0,
            };
            return (report, None);
        }
    };
    let load_stage = timings::stage("load: read, parse, check");
    let load_options = LoadOptions {
        drafts: options.drafts,
        output_dir: Some(abs_dest),
        today: Some(date),
    };
    let (loaded, reusable) =
        load::load_reusable(&options.root, &load_options, load::WithHistory::Yes, keep);
    drop(load_stage);
    let mut diagnostics = loaded.diagnostics;
    let Some(Checked {
        handbook: hb,
        coverage,
        history,
    }) = loaded.checked
    else {
        let report = BuildReport {
            diagnostics,
            dest: preliminary_dest,
            stats: None,
            documents: 0,
        };
        return (report, None);
    };
    let dest = dest_dir(
        &options.root,
        &hb.config.build.build_dir,
        options.dest.as_deref(),
    );
    let documents = hb.documents.len();
    let checked = match output_folder(&options.root, &hb, &dest, options.force) {
        Ok(checked) => checked,
        Err(d) => {
            diagnostics.push(d);
            let report = BuildReport {
                diagnostics,
                dest,
                stats: None,
                documents,
            };
            return (report, None);
        }
    };
    let site_dir = checked.path;
    let fail = |diagnostics: Vec<Diagnostic>, dest: PathBuf| {
        let report = BuildReport {
            diagnostics,
            dest,
            stats: None,
            documents,
        };
        (report, None)
    };
    if Tally::of(&diagnostics).errors > 0 {
        return fail(diagnostics, dest);
    }
    let theme_name = hb.config.output.html.theme.as_deref();
    if let Some(d) = crate::pipeline::load::theme_outside(&options.root, theme_name) {
        diagnostics.push(d);
        return fail(diagnostics, dest);
    }
    let theme = match Theme::load(&options.root, theme_name) {
        Ok(t) => t,
        Err(ds) => {
            diagnostics.extend(ds);
            return fail(diagnostics, dest);
        }
    };
    let staging = match Staging::new(&site_dir) {
        Ok(s) => s,
        Err(d) => {
            diagnostics.push(d);
            return fail(diagnostics, dest);
        }
    };
    let info = BuildInfo {
        date: date.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        drafts: options.drafts || hb.config.build.drafts,
    };
    // Said once, by the build (a check in a folder without git says nothing of it).
    diagnostics.extend(history.note());
    let site = SiteContext::new(&hb, &coverage, info);
    let out = SiteFiles::staging(staging.path(), Some(&site_dir));
    let render_stage = timings::stage("render and write");
    let mut memo = reusable.as_ref().map(|_| PageMemo::default());
    let rendered = render::render_site_remembering(
        &hb,
        &coverage,
        &theme,
        &history,
        &out,
        &site,
        memo.as_mut(),
    )
    .and_then(|stats| {
        let _t = timings::stage("manifest");
        let info = site.build();
        out.write_manifest(&info.date, &history, info.drafts)
            .map(|_| Stats {
                files: stats.files + 1,
                ..stats
            })
            .map_err(|d| vec![d])
    });
    drop(render_stage);
    match rendered {
        Ok(stats) => match swap_in(staging) {
            Ok(()) => {
                let report = BuildReport {
                    diagnostics,
                    dest: dest.clone(),
                    stats: Some(stats),
                    documents,
                };
                if afterwards == Afterwards::Leave {
                    std::mem::forget((hb, coverage, history, site));
                    return (report, None);
                }
                let built = reusable.zip(memo).map(|(reusable, memo)| Built {
                    handbook: hb,
                    coverage,
                    theme,
                    history,
                    site,
                    dest,
                    reusable,
                    load_options,
                    memo,
                    on_disk: out.listed(),
                });
                (report, built)
            }
            Err(d) => {
                diagnostics.push(d);
                fail(diagnostics, dest)
            }
        },
        Err(ds) => {
            diagnostics.extend(ds);
            crate::diagnostics::sort_unique(&mut diagnostics);
            fail(diagnostics, dest)
        }
    }
}

/// Checks that `dest` may be replaced by this handbook's site (see
/// [`guard`]): never the sources, a folder holding them, or files qmsbook
/// did not write.
pub fn output_folder(
    root: &Path,
    hb: &Handbook,
    dest: &Path,
    force: bool,
) -> Result<CheckedOutput, Diagnostic> {
    let protected = Protected {
        root: root.to_path_buf(),
        content: hb.src_dir(),
    };
    guard::check(dest, &protected, force)
}

/// Swaps the staged site in, timed.
fn swap_in(staging: Staging) -> Result<(), Diagnostic> {
    let _t = timings::stage("swap in");
    staging.commit()
}
