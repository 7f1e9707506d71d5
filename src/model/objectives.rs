//! Leadership on the model: the policy commitments and quality objectives of
//! every document, gathered once per build, with each objective's `serves`
//! resolved to commitments and its results read from its data file.
//!
//! Reports what makes the declarations unusable (an ID used twice, a
//! commitment that does not exist, a data file that is missing or malformed);
//! whether each objective is met is [`crate::analysis::objectives`], whether
//! the plan is complete is [`crate::check`].

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::links::join_relative;
use crate::model::sources::DataFiles;
use crate::model::urls;
use crate::parse::front_matter::FrontMatter;
use crate::parse::kpi_data::{self, Row};
use crate::parse::objectives::{Commitment, ObjectiveSpec};
use crate::parse::source::SourceFile;

/// What is read of one document: its file and front matter.
pub struct Declaring<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Its front matter.
    pub meta: &'a FrontMatter,
}
use crate::util::suggest;

/// One commitment of the policy, where it is declared.
#[derive(Debug, Clone)]
pub struct CommitmentEntry {
    /// The declaring document (index into `Handbook::documents`).
    pub doc: usize,
    /// The commitment.
    pub commitment: Commitment,
    /// The objectives that serve it (indexes into [`Leadership::objectives`]), by ID.
    pub objectives: Vec<usize>,
}

/// One quality objective, where it is declared, and its results.
#[derive(Debug, Clone)]
pub struct Objective {
    /// The declaring document (index into `Handbook::documents`).
    pub doc: usize,
    /// The objective as declared.
    pub spec: ObjectiveSpec,
    /// The commitments it serves (indexes into [`Leadership::commitments`]).
    pub serves: Vec<usize>,
    /// Its data file, relative to the content folder, when it names one that exists.
    pub data_path: Option<String>,
    /// The results that could be read, oldest first.
    pub rows: Vec<Row>,
    /// Its page: `objectives/<ID>.html`.
    pub url: String,
}

impl Objective {
    /// The objective's ID.
    pub fn id(&self) -> &str {
        &self.spec.id.value
    }
}

/// Every commitment and objective of the handbook.
#[derive(Debug, Clone, Default)]
pub struct Leadership {
    /// Commitments in document order, then file order.
    pub commitments: Vec<CommitmentEntry>,
    /// Objectives sorted by ID.
    pub objectives: Vec<Objective>,
}

impl Leadership {
    /// The objective with ID `id` (exactly as written), found by binary
    /// search: [`Leadership::objectives`] is sorted by ID, ignoring ASCII
    /// case, each ID once.
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        let lower = |s: &str| {
            s.bytes()
                .map(|b| b.to_ascii_lowercase())
                .collect::<Vec<u8>>()
        };
        let wanted = lower(id);
        let at = self.objectives.partition_point(|o| {
            o.id()
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .lt(wanted.iter().copied())
        });
        self.objectives.get(at).filter(|o| o.id() == id)
    }

    /// Gathers the commitments and objectives of `documents` (in navigation
    /// order), resolves `serves`, reads each objective's data file from
    /// `data`, and reports duplicates, unknown commitments and bad data.
    pub fn build(
        documents: &[Declaring<'_>],
        data: &DataFiles,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Leadership {
        let mut commitments: Vec<CommitmentEntry> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (doc, d) in documents.iter().enumerate() {
            for c in &d.meta.commitments {
                let key = c.id.value.to_ascii_lowercase();
                if let Some(&first) = by_id.get(&key) {
                    let other: &CommitmentEntry = &commitments[first];
                    let at = &documents[other.doc].file.text;
                    diagnostics.push(
                        Diagnostic::error(
                            "duplicate-commitment",
                            format!("commitment `{}` is declared twice", c.id.value),
                        )
                        .at_bytes(&d.file.text, c.id.bytes.clone())
                        .help(format!(
                            "give it another ID; the first is at {}:{}",
                            at.path,
                            at.position(other.commitment.id.bytes.start).line
                        )),
                    );
                    continue;
                }
                by_id.insert(key, commitments.len());
                commitments.push(CommitmentEntry {
                    doc,
                    commitment: c.clone(),
                    objectives: Vec::new(),
                });
            }
        }

        let mut specs: Vec<(usize, &ObjectiveSpec)> = documents
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.meta.objectives.iter().map(move |o| (i, o)))
            .collect();
        specs.sort_by_cached_key(|(i, o)| {
            (
                o.id.value.to_ascii_lowercase(),
                documents[*i].file.rel_path.clone(),
                o.id.bytes.start,
            )
        });
        // Each objective's data file is read on every core; its problems are
        // kept only for the objectives that are not duplicates.
        let read: Vec<ReadData> = specs
            .par_iter()
            .map(|&(doc, spec)| {
                let mut found = Vec::new();
                let data = read_data(&documents[doc], spec, data, &mut found);
                (data, found)
            })
            .collect();
        let mut objectives: Vec<Objective> = Vec::with_capacity(specs.len());
        for ((doc, spec), ((data_path, rows), found)) in specs.into_iter().zip(read) {
            let d = &documents[doc];
            if let Some(prev) = objectives
                .last()
                .filter(|p| p.id().eq_ignore_ascii_case(&spec.id.value))
            {
                let at = &documents[prev.doc].file.text;
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-objective",
                        format!("objective `{}` is declared twice", spec.id.value),
                    )
                    .at_bytes(&d.file.text, spec.id.bytes.clone())
                    .help(format!(
                        "give it another ID; the first is at {}:{}",
                        at.path,
                        at.position(prev.spec.id.bytes.start).line
                    )),
                );
                continue;
            }
            let mut serves = Vec::new();
            for s in &spec.serves {
                match by_id.get(&s.value.to_ascii_lowercase()) {
                    Some(&c) if !serves.contains(&c) => serves.push(c),
                    Some(_) => {}
                    None => {
                        let known: Vec<&str> = commitments
                            .iter()
                            .map(|c| c.commitment.id.value.as_str())
                            .collect();
                        let help = match suggest::closest(&s.value, known.iter().copied()) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None if known.is_empty() => "declare the policy's commitments in its front matter: `commitments: [{ id: C1, title: \"…\" }]`".to_string(),
                            None => format!("the policy's commitments are {}", known.join(", ")),
                        };
                        diagnostics.push(
                            Diagnostic::error(
                                "unknown-commitment",
                                format!(
                                    "`{}` serves `{}`, which is no commitment of the policy",
                                    spec.id.value, s.value
                                ),
                            )
                            .at_bytes(&d.file.text, s.bytes.clone())
                            .help(help),
                        );
                    }
                }
            }
            diagnostics.extend(found);
            objectives.push(Objective {
                doc,
                spec: spec.clone(),
                serves,
                data_path,
                rows,
                url: urls::objective(&spec.id.value),
            });
        }
        for (i, o) in objectives.iter().enumerate() {
            for &c in &o.serves {
                commitments[c].objectives.push(i);
            }
        }
        Leadership {
            commitments,
            objectives,
        }
    }
}

/// An objective's data file and rows, with the problems found reading them.
type ReadData = ((Option<String>, Vec<Row>), Vec<Diagnostic>);

/// The data file of `spec`, relative to the content folder, and its rows.
fn read_data(
    d: &Declaring<'_>,
    spec: &ObjectiveSpec,
    data: &DataFiles,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<String>, Vec<Row>) {
    let Some(path) = &spec.data else {
        return (None, Vec::new());
    };
    let error = |message: String, help: &str| {
        Diagnostic::error(kpi_data::CODE, message)
            .at_bytes(&d.file.text, path.bytes.clone())
            .help(help.to_string())
    };
    let rel = join_relative(&d.file.rel_path, &path.value);
    let Some(rel) = rel.filter(|r| crate::model::sources::is_data_file(r)) else {
        diagnostics.push(error(
            format!(
                "`{}` is not a CSV file inside the content folder",
                path.value
            ),
            "name a `.csv` file relative to this document, e.g. `data/on-time-delivery.csv`",
        ));
        return (None, Vec::new());
    };
    match data.get(&rel) {
        None => {
            let near = suggest::closest(&rel, data.keys().map(String::as_str))
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            diagnostics.push(error(
                format!("the data file `{}` does not exist", path.value),
                &format!("{near}the path is relative to this document, like a Markdown link; create the file with the header `date,value,note`"),
            ));
            (None, Vec::new())
        }
        Some(Err(why)) => {
            diagnostics.push(error(
                format!("the data file `{}` cannot be used: {why}", path.value),
                "save it as UTF-8 CSV",
            ));
            (None, Vec::new())
        }
        Some(Ok(text)) => (Some(rel), kpi_data::read_rows(text, diagnostics)),
    }
}
