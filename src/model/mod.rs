//! The handbook as plain data: documents by ID, resolved links, backlinks,
//! review dates. Built once per build from parsed sources; rendering and
//! checks read it and never change it.

pub mod handbook;
pub mod links;
pub mod reviews;
pub mod urls;
