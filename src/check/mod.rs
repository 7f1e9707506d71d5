//! The checks that run over a loaded handbook and its coverage: lints,
//! document life cycle, supersession. They produce diagnostics and change
//! nothing.

pub mod lints;
