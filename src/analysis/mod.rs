//! Whole-handbook computations over the model: clause coverage (computed once
//! per build and shared by checks, views and pages), the assessment of
//! required documented information (from coverage), the status of each
//! quality objective, who owes which acknowledgement ([`awareness`]) and the comparison with a baseline revision. Nothing here renders or writes files.

pub mod awareness;
pub mod baseline;
pub mod coverage;
pub mod objectives;
pub mod required;
pub mod transition;
