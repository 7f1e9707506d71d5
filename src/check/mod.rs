//! The checks that run over a loaded handbook and its coverage: lints,
//! document life cycle, supersession, approval records, records, external
//! documents, exclusions, policy commitments and quality objectives,
//! management review records, awareness (roles and acknowledgements, with
//! the git history: [`awareness`]), and the lint levels of `[check]`.
//! They produce diagnostics and change nothing.
//!
//! [`run`] is the one entry point: `build`, `check`, `serve` and the baseline
//! comparison all get their lints from it.

pub mod approval;
pub mod awareness;
pub mod exclusions;
pub mod external;
pub mod history;
pub mod lifecycle;
pub mod lints;
pub mod management_review;
pub mod objectives;
pub mod records;
pub mod todo;

use rayon::prelude::*;

use crate::analysis::coverage::Coverage;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;

pub use lints::apply_levels;

/// Every check over `hb` with its `coverage`. The `[check]` levels are
/// applied by the caller with [`apply_levels`] over all of a run's
/// diagnostics, since some lints (vague wording, empty sections) are found
/// while parsing.
///
/// The groups of checks are independent and run on every core; their
/// diagnostics come out in the same order as one after the other.
pub fn run(hb: &Handbook, coverage: &Coverage) -> Vec<Diagnostic> {
    type Group<'a> = &'a (dyn Fn() -> Vec<Diagnostic> + Sync);
    let groups: [Group<'_>; 10] = [
        &|| lifecycle::check(hb),
        &|| approval::check(hb),
        &|| external::check(hb),
        &|| exclusions::check(hb),
        &|| lints::check(hb, coverage),
        &|| lints::check_config(&hb.config),
        &|| todo::check(hb),
        &|| records::check(hb),
        &|| objectives::check(hb),
        &|| management_review::check(hb),
    ];
    groups.par_iter().flat_map_iter(|group| group()).collect()
}
