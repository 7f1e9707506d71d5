//! The build as one sequence, load → check → render → write, and the
//! incremental rebuilds of `serve` that reuse it.

pub mod build;
pub mod incremental;
pub mod load;
