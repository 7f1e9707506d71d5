//! qmsbook turns a quality management system handbook kept in git (Markdown
//! with YAML front matter) into a cross-linked static website.
//!
//! The pipeline runs one way, and the folders are its layers, listed from the
//! bottom up; each may use only the ones listed before it (a test,
//! `layering`, enforces this):
//!
//! | layer | owns |
//! |---|---|
//! | [`util`] | slugs, suggestions, HTML escaping, phrases, timings, embedded files |
//! | [`diagnostics`] | diagnostic values and their formatters |
//! | [`config`] | `book.toml` and every setting type |
//! | [`parse`] | source walk, YAML, front matter, catalogs, git history |
//! | [`markdown`] | the analysis and render passes over Markdown, sanitizing |
//! | [`model`] | the `Handbook`: documents, links, backlinks, review dates, site URLs |
//! | [`analysis`] | coverage (once per build), baseline comparison |
//! | [`check`] | every lint over the model and its coverage |
//! | [`views`] | typed views shared by pages, exports and the terminal |
//! | [`render`] | theme, CSP, one module per page family |
//! | [`output`] | which folder may be replaced, staging and swap, site files, manifest |
//! | [`pipeline`] | a build (load → check → render → write) and incremental rebuilds |
//! | [`serve`] | the live-preview server |

#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
// Diagnostics travel on the cold error path; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod util;
pub mod views;
