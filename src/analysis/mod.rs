//! Whole-handbook computations over the model: clause coverage (computed once
//! per build and shared by checks, views and pages) and the comparison with a
//! baseline revision.

pub mod baseline;
pub mod coverage;
