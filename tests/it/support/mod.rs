//! Helpers shared by the test modules, one copy of each.
//!
//! - [`Site`]: a handbook written inline as a txtar archive into a temporary
//!   folder, the real binary run on it, and what the run did ([`Output`]).
//! - [`Diag`]: one diagnostic, read back from the human text on stderr or from
//!   the JSON of `qmsbook check --format json` ([`Site::check_json`]).
//! - [`handbook`], [`doc`], [`BOOK_TOML`]: small fixtures; [`sample_handbook`]:
//!   the repository's own handbook, checked as of [`SAMPLE_DATE`].
//! - [`texts`], [`attrs`], [`count`], [`sel`]: reading parsed HTML.
//! - [`read_tree`], [`copy_dir`], [`staging_leftovers`]: files and folders.
//! - [`git`], [`commit_all`]: git with a fixed identity and date.

mod diagnostics;
mod files;
mod git;
mod handbooks;
mod html;
mod site;

pub use diagnostics::{Diag, human_diagnostics, json_diagnostics};
pub use files::{copy_dir, read_tree, staging_leftovers};
pub use git::{commit_all, git, head_hash};
pub use handbooks::{BOOK_TOML, SAMPLE_DATE, doc, handbook, sample_handbook};
pub use html::{attrs, count, sel, texts};
pub use site::{Output, Site};
