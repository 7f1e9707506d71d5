//! Reading sources into typed values: the content walk and file decoding
//! ([`source`]), the YAML tree ([`yaml`]), front matter ([`front_matter`]) with its
//! approval record, revision log and periodic review ([`approval`]), the
//! records a document governs ([`records`]), the policy's commitments and
//! the quality objectives ([`objectives`]), management review records
//! ([`management_review`]) with their result files
//! ([`kpi_data`]) read as CSV ([`csv_text`]), clause catalogs ([`catalog`]), the git history ([`history`]), how
//! other content files are published ([`asset`]) and SVG images made safe
//! ([`svg`]), and awareness: audiences, the roster and the acknowledgement
//! ledger ([`awareness`]).
//!
//! Parsing reports what is malformed in one file; it knows nothing of other
//! documents, links between them or coverage (that is [`crate::model`] and
//! above).

pub mod approval;
pub mod asset;
pub mod awareness;
pub mod catalog;
pub mod clause_tags;
pub mod crosswalk;
pub mod csv_text;
pub mod dates;
pub mod external;
pub mod front_matter;
pub mod history;
pub mod ids;
pub mod kpi_data;
pub mod located;
pub mod management_review;
pub mod objectives;
pub mod records;
pub mod source;
pub mod svg;
pub mod values;
pub mod yaml;
