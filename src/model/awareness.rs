//! Awareness on the model: the roster (people and the roles they hold) and
//! the acknowledgement ledger, read once per build from the files outside
//! the content folder ([`crate::model::sources::AwarenessFiles`]).
//!
//! Off (`None` on the handbook) when there is no people file. This module
//! only reads and holds; whether the ledger names real people, documents and
//! revisions is [`crate::check`], who owes which acknowledgement is
//! [`crate::analysis::awareness`].

use std::collections::{BTreeSet, HashMap};

use crate::config::{AckPolicy, AwarenessConfig};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::sources::AwarenessFiles;
use crate::parse::awareness::{self, Acknowledgement, Person};
use crate::parse::front_matter::FrontMatter;

/// One file of the ledger and the lines that could be read.
#[derive(Debug, Clone)]
pub struct LedgerFile {
    /// The file (for locating diagnostics).
    pub file: SourceText,
    /// Its acknowledgements, in file order.
    pub entries: Vec<Acknowledgement>,
}

/// The roster and the ledger.
#[derive(Debug, Clone)]
pub struct Awareness {
    /// The people file.
    pub people_file: SourceText,
    /// Everyone on the roster, in file order.
    pub people: Vec<Person>,
    /// The ledger files, in path order.
    pub ledger: Vec<LedgerFile>,
    /// Lower-cased name → index into `people`.
    by_name: HashMap<String, usize>,
}

impl Awareness {
    /// Reads the roster and the ledger; `None` without a people file.
    /// Malformed rows are reported and left out.
    pub fn build(files: AwarenessFiles, diagnostics: &mut Vec<Diagnostic>) -> Option<Awareness> {
        let people_file = files.people?;
        let people = awareness::read_people(&people_file, diagnostics);
        let ledger = files
            .ledger
            .into_iter()
            .map(|file| LedgerFile {
                entries: awareness::read_ledger(&file, diagnostics),
                file,
            })
            .collect();
        let by_name = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.to_lowercase(), i))
            .collect();
        Some(Awareness {
            people_file,
            people,
            ledger,
            by_name,
        })
    }

    /// The index of the person with this name (compared without regard to case).
    pub fn person(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }

    /// Every role someone on the roster holds (or held), sorted; roles
    /// written in different cases are one role, spelt as first written.
    pub fn roles(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut out: Vec<String> = self
            .people
            .iter()
            .flat_map(|p| p.roles.iter())
            .filter(|r| seen.insert(r.to_lowercase()))
            .cloned()
            .collect();
        out.sort();
        out
    }

    /// Whether anyone (present or not) holds `role` (case-insensitive).
    pub fn role_known(&self, role: &str) -> bool {
        self.people
            .iter()
            .any(|p| p.roles.iter().any(|r| r.eq_ignore_ascii_case(role)))
    }

    /// Every acknowledgement with its file, in path then line order.
    pub fn acknowledgements(&self) -> impl Iterator<Item = (&SourceText, &Acknowledgement)> {
        self.ledger
            .iter()
            .flat_map(|l| l.entries.iter().map(move |a| (&l.file, a)))
    }
}

/// The acknowledgement policy of a document: its `acknowledge:`, else its
/// type's in `[awareness.types]`, else `[awareness] acknowledge`, else
/// `every-revision`. `None` for a document without an audience.
pub fn policy(config: &AwarenessConfig, meta: &FrontMatter) -> Option<AckPolicy> {
    meta.audience.as_ref()?;
    Some(
        meta.acknowledge
            .as_ref()
            .map(|a| a.value)
            .unwrap_or_else(|| config.policy_of_type(&meta.doc_type.value)),
    )
}
