//! The handbook as plain data: documents by ID, resolved links, backlinks,
//! review dates, revision logs, records, the policy's commitments and the
//! quality objectives ([`objectives`]), the management review records
//! ([`management_review`]), the roster and acknowledgement ledger
//! ([`awareness`]). Built once per build from sources read from disk or given in
//! memory ([`sources`]); rendering and checks read it and never change it.

pub mod amendments;
pub mod archive;
pub mod awareness;
pub mod broken;
pub mod external;
pub mod handbook;
pub mod links;
pub mod management_review;
pub mod objectives;
pub mod records;
pub mod reviews;
pub mod revision_log;
pub mod sources;
pub mod tags;
#[cfg(test)]
pub mod testing;
pub mod urls;
