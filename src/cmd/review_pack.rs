//! `qmsbook review-pack`: the input pack for the next management review, as
//! a draft review record (Markdown) or the site's HTML page, to stdout or a
//! new file. The pack is [`qmsbook::views::review_pack`]'s; this module
//! handles the arguments and where the text goes.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use qmsbook::diagnostics::{Diagnostic, Tally};
use qmsbook::model::handbook::LoadOptions;
use qmsbook::pipeline::build::build_date;
use qmsbook::pipeline::load::{self, Checked};
use qmsbook::render::context::{BuildInfo, SiteContext};
use qmsbook::render::management_review::pack_page;
use qmsbook::render::theme::Theme;
use qmsbook::views::review_pack;

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A draft management review record: Markdown with front matter.
    Md,
    /// The page the site publishes as `management-review-pack.html`.
    Html,
}

/// Options of `qmsbook review-pack`.
pub struct PackArgs<'a> {
    /// The handbook folder.
    pub root: &'a Path,
    /// The period's start: a date or a git revision.
    pub since: Option<&'a str>,
    /// The file to create; stdout when `None`.
    pub out: Option<PathBuf>,
    /// Markdown or HTML.
    pub format: Format,
    /// The date to make the pack as of.
    pub today: Option<jiff::civil::Date>,
}

fn fail(d: Diagnostic, code: u8, color: bool) -> ExitCode {
    super::print_diagnostics(&[d], color);
    ExitCode::from(code)
}

/// Writes the pack; exit code 2 when the handbook cannot be loaded, the
/// period cannot be resolved or the file cannot be written (an existing
/// file is never replaced), 0 otherwise (problems of the handbook are
/// summarised on stderr, the pack is written anyway).
pub fn run(args: PackArgs<'_>, color: bool) -> ExitCode {
    let date = match build_date(args.today) {
        Ok(d) => d,
        Err(d) => return fail(d, 2, color),
    };
    if let Some(out) = &args.out
        && out.exists()
    {
        return fail(
            Diagnostic::error(
                "review-pack",
                format!("`{}` already exists", out.display()),
            )
            .help("review-pack never replaces a file: pass a new name with `--out`, or delete the file first"),
            2,
            color,
        );
    }
    let options = LoadOptions {
        drafts: false,
        output_dir: None,
        today: Some(date),
    };
    let loaded = load::load(args.root, &options, load::WithHistory::Yes);
    let tally = Tally::of(&loaded.diagnostics);
    let Some(Checked {
        handbook: hb,
        coverage,
        history,
    }) = loaded.checked
    else {
        super::print_diagnostics(&loaded.diagnostics, color);
        return ExitCode::from(2);
    };
    if tally.errors > 0 {
        eprintln!(
            "note: the handbook has {}; the pack shows what could be read. Run `qmsbook check` for details.",
            super::tally_text(tally)
        );
    }
    let (since, then) = match review_pack::period(&hb, args.since) {
        Ok(p) => p,
        Err(d) => return fail(d, 2, color),
    };
    if let Err(why) = &then {
        eprintln!(
            "note: the sections that need git history say what could not be determined: {why}"
        );
    }
    let pack = review_pack::assemble(&hb, &coverage, &history, since, &then);
    let text = match args.format {
        Format::Md => pack.markdown(),
        Format::Html => {
            let theme = match Theme::load(args.root, hb.config.output.html.theme.as_deref()) {
                Ok(t) => t,
                Err(ds) => {
                    super::print_diagnostics(&ds, color);
                    return ExitCode::from(2);
                }
            };
            let info = BuildInfo {
                date: date.to_string(),
                version: env!("CARGO_PKG_VERSION"),
                drafts: false,
            };
            let site = SiteContext::new(&hb, &coverage, info);
            match pack_page(&theme, &site, &pack) {
                Ok(html) => html,
                Err(d) => return fail(d, 2, color),
            }
        }
    };
    match &args.out {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match write_new(path, &text) {
            Ok(()) => {
                eprintln!("Wrote the review pack to `{}`", path.display());
                ExitCode::SUCCESS
            }
            Err(d) => fail(*d, 2, color),
        },
    }
}

/// Creates `path` and writes `text`; never replaces a file that exists
/// (created in one step, so a file that appears meanwhile is not replaced).
fn write_new(path: &Path, text: &str) -> Result<(), Box<Diagnostic>> {
    let error = |e: std::io::Error| {
        let help = if e.kind() == std::io::ErrorKind::AlreadyExists {
            "review-pack never replaces a file: pass a new name with `--out`, or delete the file first"
        } else {
            "check that the folder exists and can be written"
        };
        Box::new(
            Diagnostic::error(
                "review-pack",
                format!("cannot write `{}`: {e}", path.display()),
            )
            .help(help),
        )
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(error)?;
    file.write_all(text.as_bytes()).map_err(error)
}
