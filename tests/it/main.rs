//! The integration tests, as one test binary. Each module but `properties`
//! writes whole handbooks to temporary folders, runs the real `qmsbook` binary
//! on them and checks exit codes, diagnostics and the written site;
//! `properties` checks library functions on generated input.
//!
//! Run one area, or one test, by its path:
//!
//! ```text
//! cargo test --test it coverage::
//! cargo test --test it build::links::backlinks_list_each_linking_document_once
//! ```
//!
//! The helpers they share (the txtar `Site`, `handbook`, `doc`, `git`, …) are
//! in [`support`].

mod support;

mod approval;
mod authoring;
mod awareness;
mod build;
mod check;
mod control;
mod coverage;
mod crosswalk;
mod edit_link;
mod exclusions;
mod external;
mod history;
mod hostile;
mod incremental;
mod init;
mod layering;
mod management_review;
mod matrix;
mod objectives;
mod output_dir;
mod page_weight;
mod print_split;
mod properties;
mod records;
mod search;
mod serve;
mod staleness;
mod standards;
mod theme;
mod unpublished;
