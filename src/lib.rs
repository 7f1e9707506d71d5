//! qmsbook turns a quality management system handbook kept in git (Markdown
//! with YAML front matter) into a cross-linked static website.
//!
//! The pipeline runs one way: [`config`] and [`source`] read the files,
//! [`document`] and [`markdown`] parse them, [`handbook`] builds and checks the
//! model, [`render`] turns it into pages and [`output`] swaps the finished site in.

#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
// Diagnostics travel on the cold error path; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod baseline;
pub mod build;
pub mod catalog;
pub mod config;
pub mod control_pages;
pub mod coverage;
pub mod coverage_pages;
pub mod csp;
pub mod diagnostics;
pub mod document;
pub mod embedded;
pub mod handbook;
pub mod history;
pub mod html;
pub mod incremental;
pub mod lifecycle;
pub mod links;
pub mod lints;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod phrases;
pub mod render;
pub mod sanitize;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site_files;
pub mod site_writer;
pub mod slug;
pub mod source;
pub mod suggest;
pub mod theme;
pub mod timings;
pub mod views;
pub mod yaml;
