//! The `qmsbook` command line.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// Turns a QMS handbook (Markdown with YAML front matter) into a website.
#[derive(Parser)]
#[command(name = "qmsbook", version, about, long_about = None)]
struct Cli {
    /// Show every diagnostic on the terminal, not only the first 20 of each code.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the handbook and write the site.
    Build {
        /// The handbook folder (where book.toml is).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (default: `[build] build-dir`, `book`), relative to the current folder.
        #[arg(short = 'd', long = "dest-dir")]
        dest_dir: Option<PathBuf>,
        /// Publish draft and in-review documents, with a banner.
        #[arg(long)]
        drafts: bool,
        /// The build date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
        /// Print how long each stage took (stages overlap on multi-core machines).
        #[arg(long)]
        timings: bool,
        /// Replace an output folder that holds files qmsbook did not write
        /// (never the sources, a folder holding them, or a file).
        #[arg(long)]
        force: bool,
    },
    /// Run every check of `build` and write nothing (for authors and CI).
    Check {
        /// The handbook folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: cmd::check::Format,
        /// Turn warnings into errors.
        #[arg(long, value_enum, value_name = "warnings")]
        deny: Option<cmd::check::Deny>,
        /// Check as a build with --drafts would.
        #[arg(long)]
        drafts: bool,
        /// The date to check as of, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
        /// Also compare coverage with the handbook at this git revision (e.g. origin/main).
        #[arg(long, value_name = "REV")]
        baseline: Option<String>,
    },
    /// Build, serve on 127.0.0.1, rebuild on change and reload the browser.
    Serve {
        /// The handbook folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port (0 picks a free one).
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on; anything but 127.0.0.1 makes the handbook visible on the network.
        #[arg(short = 'n', long, default_value = "127.0.0.1")]
        hostname: String,
        /// Open the handbook in a browser.
        #[arg(short, long)]
        open: bool,
        /// Output folder (default: `[build] build-dir`).
        #[arg(short = 'd', long = "dest-dir")]
        dest_dir: Option<PathBuf>,
        /// Publish draft and in-review documents.
        #[arg(long)]
        drafts: bool,
        /// The build date, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
        /// Replace an output folder that holds files qmsbook did not write
        /// (never the sources, a folder holding them, or a file).
        #[arg(long)]
        force: bool,
    },
    /// Print a JSON Schema of the front matter (types, clause ids, IDs), for editors.
    Schema {
        /// The handbook folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new handbook with an ISO 9001 starter set.
    Init {
        /// Where to create it (default: the current folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Your organisation's name, for book.toml (without it, a TODO that `check` reports).
        #[arg(long, value_name = "NAME", conflicts_with = "example")]
        org: Option<String>,
        /// The complete example handbook of a fictional company instead of the neutral starter.
        #[arg(long)]
        example: bool,
    },
    /// Print the clause-coverage matrix (table, CSV or JSON).
    Matrix {
        /// The handbook folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Only this standard (catalog key, e.g. iso9001-2015).
        #[arg(long)]
        standard: Option<String>,
        /// Predict the coverage of `--standard` (any known catalog) from this
        /// standard in scope, through their crosswalk.
        #[arg(
            long,
            value_name = "SOURCE",
            requires = "standard",
            conflicts_with = "gaps_only"
        )]
        via: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: cmd::matrix::Format,
        /// Only requirements that are gaps or only planned.
        #[arg(long)]
        gaps_only: bool,
        /// The date coverage is computed for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
    },
    /// List the clause catalogs (built in and `standards/*.yaml`), or validate one catalog file.
    Catalogs {
        /// The handbook folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Validate this catalog file instead of listing (exit 1 when it has errors).
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: cmd::catalogs::Format,
    },
    /// Print the quality objectives with their status (table, CSV or JSON).
    Objectives {
        /// The handbook folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: cmd::objectives::Format,
        /// The date statuses are computed for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
    },
    /// Draft the input pack for the next management review (ISO 9001 9.3.2)
    /// from what changed since the last one: a review record to commit and
    /// fill in, or the site's HTML page.
    ReviewPack {
        /// The handbook folder (where book.toml is).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Start of the period: a date (YYYY-MM-DD) or a git revision;
        /// default: the date of the latest management review record.
        #[arg(long, value_name = "REV|DATE")]
        since: Option<String>,
        /// Write to this new file (an existing file is never replaced);
        /// default: standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// `md`: a draft review record (Markdown with front matter); `html`:
        /// the page the site publishes with `publish-pack`.
        #[arg(long, value_enum, default_value = "md")]
        format: cmd::review_pack::Format,
        /// The date the pack is made as of, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
    },
    /// Record that a person read and understood a document's revision: append
    /// one line to the acknowledgement ledger (`<ledger>/<year>.csv`).
    Ack {
        /// The person, as the people file names them.
        person: String,
        /// The document ID.
        document: String,
        /// The revision acknowledged (default: the current one).
        #[arg(long)]
        revision: Option<String>,
        /// The day of the acknowledgement, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<jiff::civil::Date>,
        /// The handbook folder.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Remove the output folder.
    Clean {
        /// The handbook folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder to remove (default: `[build] build-dir`).
        #[arg(short = 'd', long = "dest-dir")]
        dest_dir: Option<PathBuf>,
        /// Also remove an output folder that holds files qmsbook did not write
        /// (never the sources, a folder holding them, or a file).
        #[arg(long)]
        force: bool,
    },
}

/// Whether to colour output on stderr.
fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = use_color();
    cmd::set_verbose(cli.verbose);
    match cli.command {
        Command::Build {
            dir,
            dest_dir,
            drafts,
            today,
            timings,
            force,
        } => {
            if timings {
                qmsbook::util::timings::enable();
            }
            let code = cmd::build::run(dir, dest_dir, drafts, today, force, color);
            if timings {
                cmd::build::print_timings();
            }
            code
        }
        Command::Init { dir, org, example } => cmd::init::run(&dir, org.as_deref(), example),
        Command::Schema { dir } => cmd::schema::run(&dir, color),
        Command::Serve {
            dir,
            port,
            hostname,
            open,
            dest_dir,
            drafts,
            today,
            force,
        } => cmd::serve::run(qmsbook::serve::ServeOptions {
            root: dir,
            dest: dest_dir,
            hostname,
            port,
            open,
            drafts,
            today,
            force,
            color,
        }),
        Command::Check {
            dir,
            format,
            deny,
            drafts,
            today,
            baseline,
        } => cmd::check::run(
            &cmd::check::CheckArgs {
                root: &dir,
                format,
                deny,
                drafts,
                today,
                baseline: baseline.as_deref(),
            },
            color,
        ),
        Command::Matrix {
            dir,
            standard,
            via,
            format,
            gaps_only,
            today,
        } => match via {
            Some(source) => cmd::matrix::run_via(
                &dir,
                standard.as_deref().unwrap_or_default(),
                &source,
                format,
                today,
                color,
            ),
            None => cmd::matrix::run(&dir, standard.as_deref(), format, gaps_only, today, color),
        },
        Command::Catalogs { dir, check, format } => match check {
            Some(file) => cmd::catalogs::check(&file, format, color),
            None => cmd::catalogs::run(&dir, format, color),
        },
        Command::Objectives { dir, format, today } => {
            cmd::objectives::run(&dir, format, today, color)
        }
        Command::ReviewPack {
            dir,
            since,
            out,
            format,
            today,
        } => cmd::review_pack::run(
            cmd::review_pack::PackArgs {
                root: &dir,
                since: since.as_deref(),
                out,
                format,
                today,
            },
            color,
        ),
        Command::Ack {
            person,
            document,
            revision,
            date,
            dir,
        } => cmd::ack::run(
            &cmd::ack::AckArgs {
                root: &dir,
                person: &person,
                document: &document,
                revision: revision.as_deref(),
                date,
            },
            color,
        ),
        Command::Clean {
            dir,
            dest_dir,
            force,
        } => cmd::clean::run(&dir, dest_dir.as_deref(), force, color),
    }
}
