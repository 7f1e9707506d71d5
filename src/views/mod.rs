//! Serialisable views of the model: what templates, JSON and CSV exports and
//! the terminal show. Every view is computed from the analysis ([`Coverage`])
//! and the [`Handbook`], never from rendered pages, and each rule (reading
//! order, type labels, grouping by owner, review state) is computed by one
//! function here for every page and export that shows it.
//!
//! Views are plain data: they may format CSV, JSON and plain text, never
//! HTML, and they must not use [`crate::render`] or anything above it.
//!
//! [`Coverage`]: crate::analysis::coverage::Coverage
//! [`Handbook`]: crate::model::handbook::Handbook

pub mod approval;
pub mod awareness;
pub mod catalogs;
pub mod coverage;
pub mod csv;
pub mod external;
pub mod leadership_summary;
pub mod management_review;
pub mod matrix;
pub mod navigation;
pub mod objectives;
pub mod owners;
pub mod paging;
pub mod records;
pub mod register;
pub mod required;
pub mod review_pack;
pub mod reviews;
pub mod revision_diff;
pub mod schema;
pub mod summary;
pub mod transition;
