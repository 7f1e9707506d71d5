//! Getting the site onto disk: which folder may be replaced ([`guard`]), and
//! the staging folder that is swapped in only when a build succeeded
//! ([`staging`]); files held in memory until they may be written
//! ([`held`]); and appending to the acknowledgement ledger ([`ledger`]).

pub mod guard;
pub mod held;
pub mod ledger;
pub mod manifest;
pub mod site_files;
pub mod staging;

pub use staging::Staging;
