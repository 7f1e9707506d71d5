//! Who owes which acknowledgement, as of the build date: for every approved
//! document with an `audience:`, the people of the roster in its audience,
//! the revision each must acknowledge, when it is due, and whether the
//! ledger shows it acknowledged.
//!
//! The rules (also in the README's "Awareness" section):
//! - people whose start is after the build date, or whose end is before it,
//!   are out of scope;
//! - `every-revision`: the current revision; `major-revision`: the latest
//!   major revision up to the current one, and any later revision counts
//!   too. A revision is major when its `changes:` entry says `major: true`;
//!   when no document of the handbook marks `major`, every letter revision
//!   is major, and of numeric revisions (`2.3`) the first one known with the
//!   current leading number (`2.0`, else the lowest `2.x` in the log). The
//!   revisions known are the current one and those of the `changes:` log;
//! - due: the later of the revision's effective date (its `changes:` date
//!   for an earlier revision) and the person's start, plus `[awareness]
//!   due-days`; overdue when the build date is after it and no
//!   acknowledgement is recorded.
//!
//! Nothing here reports diagnostics (that is [`crate::check`]) or formats
//! anything (that is [`crate::views`]).

use std::cmp::Ordering;
use std::collections::HashMap;

use jiff::civil::Date;

use crate::config::AckPolicy;
use crate::model::awareness::{self, Awareness};
use crate::model::handbook::{Document, Handbook};
use crate::parse::front_matter::Status;
use crate::parse::history::compare_revisions;

/// A recorded acknowledgement that satisfies an obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledged {
    /// The day.
    pub date: Date,
    /// The revision acknowledged (the required one or a later one).
    pub revision: String,
}

/// One person's obligation to acknowledge one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    /// Index into [`Awareness::people`].
    pub person: usize,
    /// The day the obligation began: the later of the revision's effective
    /// date and the person's start.
    pub since: Date,
    /// `since` plus `due-days`.
    pub due: Date,
    /// The acknowledgement that satisfies it, if any (the latest one).
    pub acknowledged: Option<Acknowledged>,
    /// Not acknowledged, and the build date is after `due`.
    pub overdue: bool,
}

/// The awareness status of one document.
#[derive(Debug, Clone)]
pub struct DocumentStatus {
    /// Index into `Handbook::documents`.
    pub doc: usize,
    /// Its acknowledgement policy.
    pub policy: AckPolicy,
    /// The revision to acknowledge (`None` with policy `none` or without a
    /// revision).
    pub required: Option<String>,
    /// The people of its audience in scope (indexes into
    /// [`Awareness::people`]), by name.
    pub audience: Vec<usize>,
    /// One per person of the audience when a revision is required, by name.
    pub obligations: Vec<Obligation>,
}

impl DocumentStatus {
    /// How many obligations are met.
    pub fn acknowledged(&self) -> usize {
        self.obligations
            .iter()
            .filter(|o| o.acknowledged.is_some())
            .count()
    }

    /// How many are overdue.
    pub fn overdue(&self) -> usize {
        self.obligations.iter().filter(|o| o.overdue).count()
    }
}

/// The status of every document with an audience, in navigation order.
#[derive(Debug, Clone, Default)]
pub struct AwarenessStatus {
    /// Documents in navigation order.
    pub documents: Vec<DocumentStatus>,
}

impl AwarenessStatus {
    /// The status of document `doc`, if it has an audience.
    pub fn of(&self, doc: usize) -> Option<&DocumentStatus> {
        self.documents.iter().find(|s| s.doc == doc)
    }
}

/// Whether a document is one people acknowledge: approved, with an audience.
fn in_scope(d: &Document) -> bool {
    d.published && d.meta.status == Status::Approved && d.meta.audience.is_some()
}

/// The status of every approved document with an audience; `None` when
/// awareness is off (no people file).
pub fn compute(hb: &Handbook) -> Option<AwarenessStatus> {
    let aw = hb.awareness.as_ref()?;
    let today = hb.today;
    let marks_major = hb
        .documents
        .iter()
        .flat_map(|d| d.meta.changes.iter().flatten())
        .any(|c| c.major.is_some());
    // (person, lower-case document ID) → acknowledgements.
    let mut ledger: HashMap<(usize, String), Vec<Acknowledged>> = HashMap::new();
    for (_, a) in aw.acknowledgements() {
        if let Some(p) = aw.person(&a.person.value) {
            ledger
                .entry((p, a.document.value.to_ascii_lowercase()))
                .or_default()
                .push(Acknowledged {
                    date: a.date,
                    revision: a.revision.value.clone(),
                });
        }
    }
    let by_name = present(aw, today);
    let due_days = i64::from(hb.config.awareness.due_days);
    let documents = hb
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| in_scope(d))
        .filter_map(|(i, d)| {
            let policy = awareness::policy(&hb.config.awareness, &d.meta)?;
            let audience_spec = d.meta.audience.as_ref()?;
            let audience: Vec<usize> = by_name
                .iter()
                .copied()
                .filter(|&p| audience_spec.includes(&aw.people[p].roles))
                .collect();
            let required = match policy {
                AckPolicy::None => None,
                AckPolicy::EveryRevision => d.meta.revision.clone(),
                AckPolicy::MajorRevision => major_revision(d, marks_major),
            };
            let obligations = match &required {
                None => Vec::new(),
                Some(rev) => {
                    let effective = effective_of(d, rev);
                    audience
                        .iter()
                        .map(|&p| {
                            let person = &aw.people[p];
                            let since = effective.map_or(person.start, |e| e.max(person.start));
                            let due = since
                                .checked_add(jiff::Span::new().days(due_days))
                                .unwrap_or(since);
                            let acknowledged = ledger
                                .get(&(p, d.id().to_ascii_lowercase()))
                                .into_iter()
                                .flatten()
                                .filter(|a| satisfies(&a.revision, rev, d.meta.revision.as_deref()))
                                .max_by_key(|a| a.date)
                                .cloned();
                            Obligation {
                                person: p,
                                since,
                                due,
                                overdue: acknowledged.is_none() && today > due,
                                acknowledged,
                            }
                        })
                        .collect()
                }
            };
            Some(DocumentStatus {
                doc: i,
                policy,
                required,
                audience,
                obligations,
            })
        })
        .collect();
    Some(AwarenessStatus { documents })
}

/// Whether acknowledging `given` meets an obligation to acknowledge
/// `required`: the same revision, or a later one up to the current one.
pub fn satisfies(given: &str, required: &str, current: Option<&str>) -> bool {
    if given.eq_ignore_ascii_case(required) {
        return true;
    }
    let after_required = compare_revisions(given, required) == Some(Ordering::Greater);
    let up_to_current = current.is_none_or(|c| {
        given.eq_ignore_ascii_case(c) || compare_revisions(given, c) == Some(Ordering::Less)
    });
    after_required && up_to_current
}

/// The effective date of revision `rev` of `d`: `effective` for the current
/// revision, the `changes:` entry's date for an earlier one, else `effective`.
pub fn effective_of(d: &Document, rev: &str) -> Option<Date> {
    if d.meta.revision.as_deref() == Some(rev) {
        return d.meta.effective.as_ref().map(|e| e.value);
    }
    d.meta
        .changes
        .iter()
        .flatten()
        .find(|c| c.revision.value == rev)
        .map(|c| c.date.value)
        .or_else(|| d.meta.effective.as_ref().map(|e| e.value))
}

/// The revisions of `d` known to the model: the current one and those of
/// its `changes:` log, up to the current one, lowest first.
fn known_revisions(d: &Document) -> Vec<String> {
    let Some(current) = d.meta.revision.as_deref() else {
        return Vec::new();
    };
    let mut list: Vec<String> = d
        .meta
        .changes
        .iter()
        .flatten()
        .map(|c| c.revision.value.clone())
        .filter(|r| compare_revisions(r, current).is_some_and(|o| o != Ordering::Greater))
        .collect();
    if !list.iter().any(|r| r == current) {
        list.push(current.to_string());
    }
    list.sort_by(|a, b| compare_revisions(a, b).unwrap_or(Ordering::Equal));
    list.dedup();
    list
}

/// The latest major revision of `d` up to its current one (see the module
/// header); `marks_major`: whether the handbook marks major revisions.
pub fn major_revision(d: &Document, marks_major: bool) -> Option<String> {
    let current = d.meta.revision.clone()?;
    let known = known_revisions(d);
    if marks_major {
        let is_major = |r: &str| {
            d.meta
                .changes
                .iter()
                .flatten()
                .any(|c| c.revision.value == r && c.major == Some(true))
        };
        return known
            .iter()
            .rev()
            .find(|r| is_major(r))
            .or(known.first())
            .cloned()
            .or(Some(current));
    }
    let leading = |r: &str| -> Option<u64> {
        let mut parts = r.split('.');
        let first = parts.next()?.parse::<u64>().ok()?;
        parts.all(|p| p.parse::<u64>().is_ok()).then_some(first)
    };
    match leading(&current) {
        Some(x) => known
            .iter()
            .find(|r| leading(r) == Some(x))
            .cloned()
            .or(Some(current)),
        None => Some(current),
    }
}

/// The quality policy: the first approved document of type `policy` that
/// declares `commitments:`.
pub fn quality_policy(hb: &Handbook) -> Option<usize> {
    hb.documents.iter().position(|d| {
        d.published
            && d.meta.doc_type.value == "policy"
            && !d.meta.commitments.is_empty()
            && d.meta.status == Status::Approved
    })
}

/// Everyone in scope of `aw` on `today`, by name.
pub fn present(aw: &Awareness, today: Date) -> Vec<usize> {
    let mut list: Vec<usize> = (0..aw.people.len())
        .filter(|&p| aw.people[p].present_on(today))
        .collect();
    list.sort_by(|&a, &b| aw.people[a].name.cmp(&aw.people[b].name));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::handbook::LoadOptions;
    use crate::model::sources::MemorySources;
    use crate::model::testing::{CONFIG, TODAY};

    /// A handbook in memory with a roster and a ledger; `revisions` is
    /// SOP-001's `changes:` log (current revision `current`).
    fn handbook(current: &str, revisions: &str, ledger: &str) -> Handbook {
        let sop = format!(
            "---\nid: SOP-001\ntitle: S\ntype: procedure\nstatus: approved\nrevision: \"{current}\"\neffective: 2026-05-01\naudience: [Operator]\nacknowledge: major-revision\nchanges:\n{revisions}---\nText.\n"
        );
        let mut given = MemorySources::new(vec![("sop.md".into(), sop)]);
        given.awareness = vec![
            (
                "people.csv".into(),
                "person,roles,start,end\nBo,Operator,2020-01-01,\nCy,Operator,2026-05-20,\n".into(),
            ),
            (
                "acknowledgements/2026.csv".into(),
                format!("date,person,document,revision\n{ledger}"),
            ),
        ];
        let loaded = Handbook::from_sources(
            CONFIG,
            given,
            &LoadOptions {
                today: Some(TODAY),
                ..LoadOptions::default()
            },
        );
        loaded.handbook.expect("a handbook")
    }

    fn entry(rev: &str, date: &str, major: &str) -> String {
        format!("  - {{ revision: \"{rev}\", date: {date}, summary: x{major} }}\n")
    }

    #[test]
    fn the_major_revision_and_the_due_dates() {
        let log = [
            entry("1.2", "2025-01-01", ""),
            entry("2.0", "2026-03-01", ""),
            entry("2.1", "2026-05-01", ""),
        ]
        .concat();
        let hb = handbook("2.1", &log, "2026-03-02,Bo,SOP-001,2.0\n");
        let status = compute(&hb).expect("awareness is on");
        let s = &status.documents[0];
        assert_eq!(s.required.as_deref(), Some("2.0"));
        // Bo acknowledged 2.0; Cy started after it took effect.
        let states: Vec<(usize, bool, bool, String)> = s
            .obligations
            .iter()
            .map(|o| {
                (
                    o.person,
                    o.acknowledged.is_some(),
                    o.overdue,
                    o.due.to_string(),
                )
            })
            .collect();
        // Cy is due 14 days after starting on 2026-05-20: 2026-06-03, after
        // the build date (2026-06-01), so not overdue yet.
        assert_eq!(
            states,
            [
                (0, true, false, "2026-03-15".to_string()),
                (1, false, false, "2026-06-03".to_string()),
            ]
        );

        let marked = [
            entry("1.2", "2025-01-01", ", major: true"),
            entry("2.0", "2026-03-01", ""),
            entry("2.1", "2026-05-01", ""),
        ]
        .concat();
        let hb = handbook("2.1", &marked, "2025-01-05,Bo,SOP-001,1.2\n");
        let status = compute(&hb).expect("awareness is on");
        assert_eq!(status.documents[0].required.as_deref(), Some("1.2"));
        assert!(status.documents[0].obligations[0].acknowledged.is_some());
    }

    #[test]
    fn a_later_revision_satisfies_up_to_the_current_one() {
        assert!(satisfies("C", "C", Some("D")));
        assert!(satisfies("D", "C", Some("D")));
        assert!(!satisfies("B", "C", Some("D")));
        assert!(!satisfies("E", "C", Some("D")));
        assert!(satisfies("2.1", "2.0", Some("2.3")));
        assert!(!satisfies("1.9", "2.0", Some("2.3")));
        assert!(!satisfies("3", "C", Some("D")));
    }
}
