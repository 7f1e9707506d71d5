//! The input pack for the next management review (ISO 9001 9.3.2): what the
//! handbook knows, section by section a) to f), since the last review (or
//! `--since REV|DATE`). Shared by `qmsbook review-pack` (Markdown, the draft
//! record to commit, or HTML) and the site page
//! `management-review-pack.html` (`[management-review] publish-pack`).
//!
//! Nothing is invented: a section without data says so, and a section that
//! needs git (documents changed, coverage and exclusions then) says why it
//! could not be determined when there is no history. The handbook "then" is
//! the one `check --baseline` reads ([`crate::analysis::baseline`]), built
//! from the last commit on or before the period's first day.
//!
//! Views are plain data: [`Pack::markdown`] writes the draft record as
//! text; the HTML page is [`crate::render::management_review`]'s.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::analysis::baseline;
use crate::analysis::coverage::{ClauseStatus, Coverage};
use crate::config::{DEFAULT_STANDARD, MANAGEMENT_REVIEW_TYPE};
use crate::diagnostics::Diagnostic;
use crate::model::handbook::{Document, Handbook, LoadOptions};
use crate::model::management_review::{ActionState, INPUTS, input};
use crate::parse::dates;
use crate::parse::front_matter::Status;
use crate::parse::history::History;
use crate::views::management_review::{ActionRow, action_row, reference};
use crate::views::objectives;
use crate::views::reviews;

/// Where the period starts.
#[derive(Debug, Clone, Serialize)]
pub struct Since {
    /// Its first day, `YYYY-MM-DD`.
    pub date: String,
    /// What it is, for readers: `MR-2026-06 (2026-06-18)`, `2026-01-01`, `v2`.
    pub label: String,
    /// The commit the handbook "then" is read from, when there is one.
    pub commit: Option<String>,
}

/// Something that needs git: the items, or why they could not be determined.
#[derive(Debug, Clone, Serialize)]
pub struct Determined<T> {
    /// Whether the items could be determined.
    pub determined: bool,
    /// Why not, when not.
    pub why: Option<String>,
    /// The items (empty when not determined).
    pub items: Vec<T>,
}

impl<T> Determined<T> {
    fn known(items: Vec<T>) -> Self {
        Determined {
            determined: true,
            why: None,
            items,
        }
    }

    fn unknown(why: &str) -> Self {
        Determined {
            determined: false,
            why: Some(why.to_string()),
            items: Vec::new(),
        }
    }
}

/// A document, linked.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    /// Its ID.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page, when this build publishes it.
    pub url: Option<String>,
}

/// One document issued, revised, withdrawn or superseded in the period.
#[derive(Debug, Clone, Serialize)]
pub struct DocChange {
    /// The document.
    pub doc: DocRef,
    /// `issued`, `revised`, `withdrawn`, `superseded`, `removed`.
    pub change: &'static str,
    /// Its revision at the start of the period.
    pub old_revision: Option<String>,
    /// Its revision now.
    pub new_revision: Option<String>,
    /// The day of the commit that gave it its current revision (from git).
    pub date: Option<String>,
    /// Its change log's summary of the current revision.
    pub summary: Option<String>,
    /// The document that replaces it.
    pub superseded_by: Option<String>,
}

/// One objective's standing.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveLine {
    /// ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Status label (`On track`).
    pub status: &'static str,
    /// Status spelling (`on-track`).
    pub status_key: &'static str,
    /// The latest result with its unit and date.
    pub latest: Option<String>,
    /// The last result on or before the period's first day.
    pub then: Option<String>,
    /// `improving`, `worsening`, `unchanged` (against the target's direction),
    /// when both results are known.
    pub trend: Option<&'static str>,
    /// The target, e.g. `≥ 95%`.
    pub target: String,
}

/// A requirement whose coverage status changed in the period.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementChange {
    /// Clause id.
    pub clause: String,
    /// Its heading.
    pub heading: String,
    /// Status then.
    pub then: &'static str,
    /// Status now.
    pub now: &'static str,
    /// Its clause page.
    pub url: String,
}

/// One standard's coverage then and now.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageChange {
    /// Display name.
    pub name: String,
    /// Percent then.
    pub then: f64,
    /// Percent now.
    pub now: f64,
    /// Requirements whose status changed, in clause order.
    pub changed: Vec<RequirementChange>,
}

/// An exclusion added, removed or reworded in the period.
#[derive(Debug, Clone, Serialize)]
pub struct ExclusionChange {
    /// Display name of the standard.
    pub standard: String,
    /// The clause.
    pub clause: String,
    /// `added`, `removed`, `reworded`.
    pub change: &'static str,
    /// The justification now (or then, when removed).
    pub justification: String,
}

/// A document whose periodic review is overdue.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueReview {
    /// The document.
    pub doc: DocRef,
    /// Its owner.
    pub owner: Option<String>,
    /// The review date.
    pub due: String,
}

/// Records of one kind: record documents dated in the period, and the
/// records declared to be kept for those clauses.
#[derive(Debug, Clone, Serialize)]
pub struct RecordGroup {
    /// The input key (`c1`).
    pub key: &'static str,
    /// What they are: `Customer feedback`.
    pub label: &'static str,
    /// The clauses a record is matched by.
    pub clauses: String,
    /// Record documents dated in the period.
    pub documents: Vec<DatedDoc>,
    /// Declared records for those clauses: `REC-X Title (where kept)`.
    pub kept_as: Vec<String>,
}

/// A record document with its date.
#[derive(Debug, Clone, Serialize)]
pub struct DatedDoc {
    /// The document.
    pub doc: DocRef,
    /// Its date (`effective`).
    pub date: String,
}

/// A prompt section (b, d, e, f): a question and the documents to open.
#[derive(Debug, Clone, Serialize)]
pub struct Prompt {
    /// The input key.
    pub key: &'static str,
    /// What to consider.
    pub question: &'static str,
    /// The clauses its documents are found by.
    pub clauses: String,
    /// Published current documents tagged with those clauses.
    pub documents: Vec<DocRef>,
}

/// The record the pack proposes: its front matter.
#[derive(Debug, Clone, Serialize)]
pub struct Proposed {
    /// `MR-2026-12`.
    pub id: String,
    /// `Management review, December 2026`.
    pub title: String,
    /// The type key.
    pub doc_type: String,
    /// The planned date (the pack's date; change it to the meeting's).
    pub date: String,
    /// The last review's owner, chair and attendees, to start from.
    pub owner: Option<String>,
    /// Chair.
    pub chair: Option<String>,
    /// Attendees.
    pub attendees: Vec<String>,
}

/// A standard's coverage figure.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Display name.
    pub name: String,
    /// Percent of applicable requirements addressed.
    pub percent: f64,
}

/// The heading of an input section.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The key (`d`).
    pub key: &'static str,
    /// Our label.
    pub label: &'static str,
    /// `9.3.2 d)`.
    pub reference: String,
}

/// The whole pack.
#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    /// The day it was made.
    pub generated_on: String,
    /// The commit the handbook was read at (short), when known.
    pub head: Option<String>,
    /// Whether the work tree had uncommitted changes.
    pub dirty: bool,
    /// The period's start.
    pub since: Since,
    /// The proposed record.
    pub proposed: Proposed,
    /// a) Actions of earlier reviews still open, overdue first.
    pub open_actions: Vec<ActionRow>,
    /// a) Actions closed in the period.
    pub closed_actions: Vec<ActionRow>,
    /// b) Documents issued, revised, withdrawn and superseded.
    pub documents: Determined<DocChange>,
    /// b) Documents on context and interested parties.
    pub context: Prompt,
    /// c2) Objectives.
    pub objectives: Vec<ObjectiveLine>,
    /// c) Coverage now and then.
    pub coverage: Determined<CoverageChange>,
    /// c) Coverage now, per standard in scope.
    pub coverage_now: Vec<Figure>,
    /// c) Exclusions changed.
    pub exclusions: Determined<ExclusionChange>,
    /// c) Documents past their review date.
    pub overdue_reviews: Vec<OverdueReview>,
    /// c1, c4, c6, c7) Records in the period.
    pub records: Vec<RecordGroup>,
    /// c3, c5, d, e, f) Prompts with documents to open.
    pub prompts: Vec<Prompt>,
}

/// The handbook at the start of the period: read from git, or why not.
pub type Then = Result<(Handbook, Coverage), String>;

/// Resolves the period: `since` is a date (`YYYY-MM-DD`) or a git revision;
/// by default the date of the latest held review. Returns the period and
/// the handbook then (or why it could not be read). An error when `since`
/// is a revision git does not know, or there is no review to start from.
pub fn period(hb: &Handbook, since: Option<&str>) -> Result<(Since, Then), Diagnostic> {
    let options = LoadOptions {
        drafts: false,
        output_dir: None,
        today: Some(hb.today),
    };
    if let Some(text) = since
        && crate::parse::external::looks_like_date(text)
        && let Err(problem) = dates::parse_date(text)
    {
        return Err(
            Diagnostic::error("review-pack", format!("--since: {}", problem.message))
                .help(problem.help),
        );
    }
    let (date, label, commit) = match since {
        Some(text) if dates::parse_date(text).is_ok() => {
            let commit = baseline::commit_on_or_before(&hb.root, text);
            (text.to_string(), text.to_string(), commit)
        }
        Some(rev) => {
            let (id, date) = baseline::commit_of(&hb.root, rev)?;
            (date, format!("`{rev}`"), Ok(Some(id)))
        }
        None => {
            let Some(latest) = hb.management_reviews.latest_held() else {
                return Err(Diagnostic::error(
                    "review-pack",
                    "there is no management review record to start the period from",
                )
                .help("pass `--since YYYY-MM-DD` (or a git revision) for the first review, or add the record of the last review (a document of type `management-review` with `date:`)"));
            };
            let date = latest.date.to_string();
            let label = format!("{} ({date})", hb.documents[latest.doc].id());
            let commit = baseline::commit_on_or_before(&hb.root, &date);
            (date, label, commit)
        }
    };
    let short = commit
        .as_ref()
        .ok()
        .and_then(|c| c.as_ref())
        .map(|c| c.get(..8).unwrap_or(c).to_string());
    let then: Then = match commit {
        Ok(Some(id)) => baseline::handbook_at(hb, &id, &options).map_err(|d| d.message),
        Ok(None) => Err(format!("the repository has no commit on or before {date}")),
        Err(d) => Err(d.message),
    };
    Ok((
        Since {
            date,
            label,
            commit: short,
        },
        then,
    ))
}

fn doc_ref(d: &Document) -> DocRef {
    DocRef {
        id: d.id().to_string(),
        title: d.meta.title.clone(),
        url: d.published.then(|| d.url.clone()),
    }
}

/// Whether `d` is a management review record (not counted as a document change).
fn is_review_record(hb: &Handbook, d: &Document) -> bool {
    hb.doc_type(&d.meta.doc_type.value)
        .is_some_and(|t| t.management_review)
}

/// Assembles the pack for `hb` (with its `coverage` and `history`) over the
/// period from `since`, with the handbook `then`.
pub fn assemble(
    hb: &Handbook,
    coverage: &Coverage,
    history: &History,
    since: Since,
    then: &Then,
) -> Pack {
    let start = dates::parse_date(&since.date).unwrap_or(hb.today);
    let mr = &hb.management_reviews;
    let mut open_actions: Vec<(ActionState, ActionRow)> = mr
        .tracked()
        .map(|a| (a.state(hb.today), a))
        .filter(|(s, _)| *s != ActionState::Done)
        .map(|(s, a)| (s, action_row(hb, a)))
        .collect();
    open_actions.sort_by(|(sa, a), (sb, b)| {
        sa.cmp(sb)
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| a.id.cmp(&b.id))
    });
    let closed_actions: Vec<ActionRow> = mr
        .tracked()
        .filter(|a| {
            a.state(hb.today) == ActionState::Done
                && a.spec.closed_on.as_ref().is_some_and(|c| c.value >= start)
        })
        .map(|a| action_row(hb, a))
        .collect();
    let why_not = |then: &Then| match then {
        Ok(_) => String::new(),
        Err(why) => format!(
            "the handbook as it was on {} could not be read from git: {why}",
            since.date
        ),
    };
    let (documents, coverage_changes, exclusions) = match then {
        Ok((before, old)) => (
            Determined::known(document_changes(hb, history, before)),
            Determined::known(coverage_changes(hb, coverage, before, old)),
            Determined::known(exclusion_changes(hb, before)),
        ),
        Err(_) => {
            let why = why_not(then);
            (
                Determined::unknown(&why),
                Determined::unknown(&why),
                Determined::unknown(&why),
            )
        }
    };
    let latest = mr.latest_held().map(|r| (r, &hb.documents[r.doc]));
    let date = hb.today;
    Pack {
        generated_on: hb.today.to_string(),
        head: history
            .head
            .as_ref()
            .map(|h| h.get(..8).unwrap_or(h).to_string()),
        dirty: history.dirty.unwrap_or(false),
        proposed: Proposed {
            id: free_id(hb, &format!("MR-{}", date.strftime("%Y-%m"))),
            title: format!("Management review, {}", date.strftime("%B %Y")),
            doc_type: hb
                .types
                .iter()
                .find(|t| t.management_review)
                .map_or(MANAGEMENT_REVIEW_TYPE.to_string(), |t| t.key.clone()),
            date: date.to_string(),
            owner: latest.and_then(|(_, d)| d.meta.owner.clone()),
            chair: latest.and_then(|(r, _)| r.chair.clone()),
            attendees: latest.map(|(r, _)| r.attendees.clone()).unwrap_or_default(),
        },
        since,
        open_actions: open_actions.into_iter().map(|(_, a)| a).collect(),
        closed_actions,
        documents,
        context: prompt(
            hb,
            "b",
            "What changed in the context of the organisation and the needs of interested parties since the last review (market, customers, regulation, ownership, technology)?",
            &["4.1", "4.2"],
        ),
        objectives: objective_lines(hb, start),
        coverage: coverage_changes,
        coverage_now: coverage
            .standards
            .iter()
            .filter_map(|s| {
                Some(Figure {
                    name: hb.catalogs.get(&s.key)?.name.clone(),
                    percent: s.summary.percent,
                })
            })
            .collect(),
        exclusions,
        overdue_reviews: overdue_reviews(hb),
        records: record_groups(hb, start),
        prompts: vec![
            prompt(
                hb,
                "c3",
                "How did the processes perform, and did products and services conform (first-pass yield, scrap, escapes)?",
                &["8.5", "8.6"],
            ),
            prompt(
                hb,
                "c5",
                "What do the monitoring and measurement results show, with their trends?",
                &["9.1.1", "9.1.3"],
            ),
            prompt(
                hb,
                "d",
                "Do the resources (people, infrastructure, work environment, measuring equipment, knowledge) match what the plan and the order book need?",
                &["7.1"],
            ),
            prompt(
                hb,
                "e",
                "Were the actions taken on risks and opportunities effective?",
                &["6.1"],
            ),
            prompt(
                hb,
                "f",
                "Which opportunities for improvement should the review decide on?",
                &["10.1", "10.3"],
            ),
        ],
    }
}

/// `id`, or `id-2`, `id-3` … when a document has it already.
fn free_id(hb: &Handbook, id: &str) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                id.to_string()
            } else {
                format!("{id}-{n}")
            }
        })
        .find(|candidate| hb.get(candidate).is_none())
        .unwrap_or_else(|| id.to_string())
}

/// Published, current documents tagged with a clause under one of `clauses`.
fn tagged(hb: &Handbook, clauses: &[&str], records: bool) -> Vec<usize> {
    let Some(catalog) = hb.catalogs.get(DEFAULT_STANDARD) else {
        return Vec::new();
    };
    let roots: Vec<usize> = clauses.iter().filter_map(|c| catalog.get(c)).collect();
    let mut out: Vec<usize> = hb
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.published && d.meta.status != Status::Obsolete)
        .filter(|(_, d)| !is_review_record(hb, d))
        .filter(|(_, d)| hb.is_record_document(d) == records)
        .filter(|(_, d)| {
            d.tags.iter().any(|t| {
                t.standard == DEFAULT_STANDARD
                    && roots
                        .iter()
                        .any(|&r| t.clause == r || catalog.is_within(t.clause, r))
            })
        })
        .map(|(i, _)| i)
        .collect();
    out.sort_by(|&a, &b| hb.documents[a].id().cmp(hb.documents[b].id()));
    out
}

fn prompt(
    hb: &Handbook,
    key: &'static str,
    question: &'static str,
    clauses: &'static [&'static str],
) -> Prompt {
    Prompt {
        key,
        question,
        clauses: clauses.join(", "),
        documents: tagged(hb, clauses, false)
            .into_iter()
            .map(|i| doc_ref(&hb.documents[i]))
            .collect(),
    }
}

/// c1, c4, c6, c7: record documents dated in the period, and the records
/// declared for those clauses.
fn record_groups(hb: &Handbook, start: Date) -> Vec<RecordGroup> {
    const GROUPS: [(&str, &str, &[&str]); 4] = [
        (
            "c1",
            "Customer satisfaction and feedback records",
            &["9.1.2"],
        ),
        (
            "c4",
            "Nonconformity and corrective action records",
            &["10.2"],
        ),
        ("c6", "Internal audit records", &["9.2"]),
        ("c7", "External provider (supplier) records", &["8.4"]),
    ];
    let catalog = hb.catalogs.get(DEFAULT_STANDARD);
    GROUPS
        .iter()
        .map(|(key, label, clauses)| {
            let documents = tagged(hb, clauses, true)
                .into_iter()
                .filter_map(|i| {
                    let d = &hb.documents[i];
                    let date = d.meta.effective.as_ref()?.value;
                    (date >= start && date <= hb.today).then(|| DatedDoc {
                        doc: doc_ref(d),
                        date: date.to_string(),
                    })
                })
                .collect();
            let roots: Vec<usize> = catalog
                .map(|c| clauses.iter().filter_map(|id| c.get(id)).collect())
                .unwrap_or_default();
            let kept_as = hb
                .records
                .iter()
                .filter(|r| r.published)
                .filter(|r| {
                    r.tags.iter().any(|t| {
                        t.standard == DEFAULT_STANDARD
                            && catalog.is_some_and(|c| {
                                roots
                                    .iter()
                                    .any(|&root| t.clause == root || c.is_within(t.clause, root))
                            })
                    })
                })
                .map(|r| {
                    let place = r
                        .entry
                        .system
                        .as_deref()
                        .or(r.entry.location.as_deref())
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default();
                    format!("{} {}{place}", r.id(), r.entry.title)
                })
                .collect();
            RecordGroup {
                key,
                label,
                clauses: clauses.join(", "),
                documents,
                kept_as,
            }
        })
        .collect()
}

fn overdue_reviews(hb: &Handbook) -> Vec<OverdueReview> {
    let due = reviews::due(hb);
    let mut out: Vec<OverdueReview> = due
        .owners
        .iter()
        .flat_map(|o| o.rows.iter())
        .filter(|r| r.review.overdue_days > 0)
        .filter_map(|r| {
            let d = hb.get(r.doc.id)?;
            Some(OverdueReview {
                doc: doc_ref(d),
                owner: d.meta.owner.clone(),
                due: r.review.date.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.doc.id.cmp(&b.doc.id)));
    out
}

fn objective_lines(hb: &Handbook, start: Date) -> Vec<ObjectiveLine> {
    objectives::rows(hb)
        .into_iter()
        .map(|o| {
            let then_point = o.points.iter().rfind(|p| p.date <= start);
            let unit = &o.unit_suffix;
            let trend = match (then_point, o.latest_value) {
                (Some(t), Some(now)) if o.points.last().map(|p| p.date) != Some(t.date) => {
                    let better = if o.direction == "at-most" {
                        now < t.value
                    } else {
                        now > t.value
                    };
                    Some(if now == t.value {
                        "unchanged"
                    } else if better {
                        "improving"
                    } else {
                        "worsening"
                    })
                }
                _ => None,
            };
            ObjectiveLine {
                latest: o
                    .latest_text
                    .as_ref()
                    .map(|t| format!("{t}{unit} ({})", o.latest_date.as_deref().unwrap_or(""))),
                then: then_point
                    .map(|p| format!("{}{unit} ({})", objectives::number(p.value), p.date)),
                trend,
                target: format!(
                    "{} {}{unit}",
                    if o.direction == "at-most" {
                        "≤"
                    } else {
                        "≥"
                    },
                    o.target_text
                ),
                status: o.status_label,
                status_key: o.status,
                id: o.id,
                title: o.title,
                url: o.url,
            }
        })
        .collect()
}

/// b) Documents whose state changed between `before` and now.
fn document_changes(hb: &Handbook, history: &History, before: &Handbook) -> Vec<DocChange> {
    let mut out = Vec::new();
    for (i, d) in hb.documents.iter().enumerate() {
        if is_review_record(hb, d) {
            continue;
        }
        let old = before.get(d.id());
        let was = |s: Status| old.is_some_and(|o| o.meta.status == s);
        let now = d.meta.status;
        let old_revision = old.and_then(|o| o.meta.revision.clone());
        let change = match now {
            Status::Obsolete if !was(Status::Obsolete) => {
                if d.meta.superseded_by.is_some() {
                    "superseded"
                } else {
                    "withdrawn"
                }
            }
            Status::Approved if old.is_none() || !was(Status::Approved) => "issued",
            Status::Approved if old_revision != d.meta.revision => "revised",
            _ => continue,
        };
        let summary = d
            .meta
            .changes
            .iter()
            .flatten()
            .find(|c| Some(&c.revision.value) == d.meta.revision.as_ref())
            .map(|c| c.summary.clone());
        let h = history.of(i);
        let date = h
            .versions
            .first()
            .filter(|v| Some(&v.revision) == d.meta.revision.as_ref())
            .and_then(|v| h.changes.get(v.change))
            .map(|c| c.commit.date().to_string());
        let mut doc = doc_ref(d);
        if d.meta.status == Status::Obsolete {
            // Not linked: a link to a withdrawn document is a warning of its own.
            doc.url = None;
        }
        out.push(DocChange {
            doc,
            change,
            old_revision: if change == "issued" {
                None
            } else {
                old_revision
            },
            new_revision: d.meta.revision.clone(),
            date,
            summary,
            superseded_by: d.meta.superseded_by.as_ref().map(|s| s.value.clone()),
        });
    }
    for o in &before.documents {
        if hb.get(o.id()).is_none()
            && o.meta.status != Status::Obsolete
            && !is_review_record(before, o)
        {
            out.push(DocChange {
                doc: DocRef {
                    id: o.id().to_string(),
                    title: o.meta.title.clone(),
                    url: None,
                },
                change: "removed",
                old_revision: o.meta.revision.clone(),
                new_revision: None,
                date: None,
                summary: None,
                superseded_by: None,
            });
        }
    }
    let order = |c: &str| {
        ["issued", "revised", "superseded", "withdrawn", "removed"]
            .iter()
            .position(|x| *x == c)
    };
    out.sort_by(|a, b| {
        order(a.change)
            .cmp(&order(b.change))
            .then_with(|| a.doc.id.cmp(&b.doc.id))
    });
    out
}

/// c) Coverage then and now, with every requirement whose status changed.
fn coverage_changes(
    hb: &Handbook,
    coverage: &Coverage,
    before: &Handbook,
    old: &Coverage,
) -> Vec<CoverageChange> {
    let mut out = Vec::new();
    for now in &coverage.standards {
        let (Some(then), Some(catalog), Some(old_catalog)) = (
            old.get(&now.key),
            hb.catalogs.get(&now.key),
            before.catalogs.get(&now.key),
        ) else {
            continue;
        };
        let mut changed = Vec::new();
        for row in &now.rows {
            let clause = &catalog.clauses[row.clause];
            if !clause.is_leaf() {
                continue;
            }
            let was = old_catalog
                .get(&clause.id)
                .and_then(|i| then.rows.get(i))
                .map_or(ClauseStatus::Gap, |r| r.status);
            if was != row.status {
                changed.push(RequirementChange {
                    clause: clause.id.clone(),
                    heading: clause.heading().to_string(),
                    then: was.label(),
                    now: row.status.label(),
                    url: crate::model::urls::clause(&now.key, &clause.id),
                });
            }
        }
        out.push(CoverageChange {
            name: catalog.name.clone(),
            then: then.summary.percent,
            now: now.summary.percent,
            changed,
        });
    }
    out
}

/// c) Exclusions added, removed or reworded between `before` and now.
fn exclusion_changes(hb: &Handbook, before: &Handbook) -> Vec<ExclusionChange> {
    let empty = BTreeMap::new();
    let mut out = Vec::new();
    for key in &hb.scope {
        let name = hb.catalogs.get(key).map_or(key.clone(), |c| c.name.clone());
        let now = hb
            .config
            .standards
            .per_standard
            .get(key)
            .map_or(&empty, |s| &s.not_applicable);
        let then = before
            .config
            .standards
            .per_standard
            .get(key)
            .map_or(&empty, |s| &s.not_applicable);
        for (clause, why) in now {
            let change = match then.get(clause) {
                None => "added",
                Some(old) if old.trim() != why.trim() => "reworded",
                Some(_) => continue,
            };
            out.push(ExclusionChange {
                standard: name.clone(),
                clause: clause.clone(),
                change,
                justification: why.clone(),
            });
        }
        for (clause, why) in then {
            if !now.contains_key(clause) {
                out.push(ExclusionChange {
                    standard: name.clone(),
                    clause: clause.clone(),
                    change: "removed",
                    justification: why.clone(),
                });
            }
        }
    }
    out
}

/// A Markdown table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// A document as Markdown: an ID link when it is published, else its ID.
fn md_doc(d: &DocRef) -> String {
    match &d.url {
        Some(_) => format!("[[{}]] {}", d.id, cell(&d.title)),
        None => format!("{} {}", d.id, cell(&d.title)),
    }
}

/// A YAML double-quoted string.
fn yaml(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn heading(out: &mut String, key: &str) {
    if let Some(i) = input(key) {
        let _ = writeln!(
            out,
            "\n## {} {} {{#input-{}}}\n",
            reference(i.clause),
            i.label,
            i.key
        );
    }
}

fn sub_heading(out: &mut String, key: &str) {
    if let Some(i) = input(key) {
        let _ = writeln!(
            out,
            "\n### {} {} {{#input-{}}}\n",
            reference(i.clause),
            i.label,
            i.key
        );
    }
}

impl Pack {
    /// The pack as a draft management review record: front matter (status
    /// `draft`, the inputs and decisions left for the meeting) and one
    /// section per input of 9.3.2.
    pub fn markdown(&self) -> String {
        let p = &self.proposed;
        let mut out = String::from("---\n");
        let _ = writeln!(out, "id: {}", p.id);
        let _ = writeln!(out, "title: {}", yaml(&p.title));
        let _ = writeln!(out, "type: {}", p.doc_type);
        if let Some(owner) = &p.owner {
            let _ = writeln!(out, "owner: {}", yaml(owner));
        }
        out.push_str("status: draft\n");
        let _ = writeln!(
            out,
            "date: {}  # the day of the meeting: change it to the day it is held",
            p.date
        );
        if let Some(chair) = &p.chair {
            let _ = writeln!(out, "chair: {}", yaml(chair));
        }
        if !p.attendees.is_empty() {
            let list: Vec<String> = p.attendees.iter().map(|a| yaml(a)).collect();
            let _ = writeln!(out, "attendees: [{}]", list.join(", "));
        }
        out.push_str(
            "covers: []  # the inputs the meeting considered: a, b, c (or c1 to c7), d, e, f\n",
        );
        out.push_str("decisions: {}  # a: improvement, b: changes to the QMS, c: resource needs, each a list of texts\n");
        out.push_str("actions: []  # { id, title, owner, due, status: open }\n");
        out.push_str("---\n");
        let _ = writeln!(
            out,
            "\nInput pack for the management review, generated by `qmsbook review-pack` on {} from the handbook{}{}, covering the period since {}{}. Every entry comes from the handbook; a section with nothing to report says so. Replace the prompts with the meeting's conclusions, record decisions and actions in the front matter, and set `status: approved` once the minutes are agreed.",
            self.generated_on,
            self.head
                .as_ref()
                .map(|h| format!(" at commit {h}"))
                .unwrap_or_default(),
            if self.dirty {
                " (with uncommitted changes)"
            } else {
                ""
            },
            self.since.label,
            self.since
                .commit
                .as_ref()
                .map(|c| format!(", read from commit {c}"))
                .unwrap_or_default(),
        );

        heading(&mut out, "a");
        if self.open_actions.is_empty() {
            out.push_str("No action of an earlier review is open.\n");
        } else {
            out.push_str("| Action | Owner | Due | Status | Raised by |\n|---|---|---|---|---|\n");
            for a in &self.open_actions {
                let _ = writeln!(
                    out,
                    "| {} {} | {} | {} | {} | [[{}]] ({}) |",
                    a.id,
                    cell(&a.title),
                    cell(a.owner.as_deref().unwrap_or("—")),
                    a.due.as_deref().unwrap_or("—"),
                    a.state_label,
                    a.review_id,
                    a.review_date
                );
            }
        }
        if !self.closed_actions.is_empty() {
            let _ = writeln!(out, "\nDone since {}:\n", self.since.date);
            for a in &self.closed_actions {
                let _ = writeln!(
                    out,
                    "- {} {} ({}, done {}; raised by [[{}]])",
                    a.id,
                    a.title,
                    a.owner.as_deref().unwrap_or("no owner"),
                    a.closed_on.as_deref().unwrap_or("—"),
                    a.review_id
                );
            }
        }

        heading(&mut out, "b");
        let _ = writeln!(
            out,
            "Documents issued, revised, withdrawn and superseded since {}:\n",
            self.since.date
        );
        if !self.documents.determined {
            let _ = writeln!(
                out,
                "Not determined: {}.",
                self.documents.why.as_deref().unwrap_or("")
            );
        } else if self.documents.items.is_empty() {
            out.push_str("No document was issued, revised, withdrawn or superseded.\n");
        } else {
            out.push_str(
                "| Document | Change | Revision | Date | Summary |\n|---|---|---|---|---|\n",
            );
            for c in &self.documents.items {
                let revision = match (&c.old_revision, &c.new_revision) {
                    (Some(a), Some(b)) if a != b => format!("{a} → {b}"),
                    (_, Some(b)) => b.clone(),
                    (Some(a), None) => a.clone(),
                    (None, None) => "—".to_string(),
                };
                let change = match &c.superseded_by {
                    Some(by) if c.change == "superseded" => format!("superseded by [[{by}]]"),
                    _ => c.change.to_string(),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    md_doc(&c.doc),
                    change,
                    cell(&revision),
                    c.date.as_deref().unwrap_or("—"),
                    cell(c.summary.as_deref().unwrap_or("—"))
                );
            }
        }
        md_prompt(&mut out, &self.context);

        heading(&mut out, "c");
        out.push_str("Clause coverage now");
        if self.coverage_now.is_empty() {
            out.push_str(": no standard in scope.\n");
        } else {
            let list: Vec<String> = self
                .coverage_now
                .iter()
                .map(|f| format!("{} {:.1}%", f.name, f.percent))
                .collect();
            let _ = writeln!(out, ": {}.", list.join(", "));
        }
        if !self.coverage.determined {
            let _ = writeln!(
                out,
                "\nCoverage at {}: not determined: {}.",
                self.since.date,
                self.coverage.why.as_deref().unwrap_or("")
            );
        } else {
            for s in &self.coverage.items {
                let _ = writeln!(
                    out,
                    "\n{}: {:.1}% at {}, {:.1}% now.",
                    s.name, s.then, self.since.date, s.now
                );
                if s.changed.is_empty() {
                    out.push_str("No requirement changed status.\n");
                } else {
                    out.push_str("\n| Requirement | Then | Now |\n|---|---|---|\n");
                    for r in &s.changed {
                        let _ = writeln!(
                            out,
                            "| {} {} | {} | {} |",
                            r.clause,
                            cell(&r.heading),
                            r.then,
                            r.now
                        );
                    }
                }
            }
        }
        out.push_str("\nExclusions added, removed or reworded: ");
        if !self.exclusions.determined {
            let _ = writeln!(
                out,
                "not determined: {}.",
                self.exclusions.why.as_deref().unwrap_or("")
            );
        } else if self.exclusions.items.is_empty() {
            out.push_str("none.\n");
        } else {
            out.push('\n');
            for e in &self.exclusions.items {
                let _ = writeln!(
                    out,
                    "\n- {} {} {}: {}",
                    e.standard,
                    e.clause,
                    e.change,
                    e.justification.replace('\n', " ")
                );
            }
        }
        out.push_str("\nDocuments past their review date: ");
        if self.overdue_reviews.is_empty() {
            out.push_str("none.\n");
        } else {
            out.push('\n');
            for r in &self.overdue_reviews {
                let _ = writeln!(
                    out,
                    "\n- {} (owner {}, due {})",
                    md_doc(&r.doc),
                    r.owner.as_deref().unwrap_or("none"),
                    r.due
                );
            }
        }
        for group in &self.records {
            if group.key == "c1" {
                sub_heading(&mut out, "c1");
                md_records(&mut out, group, &self.since.date);
            }
        }
        sub_heading(&mut out, "c2");
        if self.objectives.is_empty() {
            out.push_str("No quality objective is declared.\n");
        } else {
            out.push_str("| Objective | Status | Latest | At the start of the period | Trend | Target |\n|---|---|---|---|---|---|\n");
            for o in &self.objectives {
                let _ = writeln!(
                    out,
                    "| {} {} | {} | {} | {} | {} | {} |",
                    o.id,
                    cell(&o.title),
                    o.status,
                    o.latest.as_deref().unwrap_or("no results"),
                    o.then.as_deref().unwrap_or("—"),
                    o.trend.unwrap_or("—"),
                    o.target
                );
            }
        }
        for key in ["c3", "c4", "c5", "c6", "c7"] {
            sub_heading(&mut out, key);
            if let Some(group) = self.records.iter().find(|g| g.key == key) {
                md_records(&mut out, group, &self.since.date);
            }
            if let Some(p) = self.prompts.iter().find(|p| p.key == key) {
                md_prompt_body(&mut out, p);
            }
        }
        for key in ["d", "e", "f"] {
            heading(&mut out, key);
            if let Some(p) = self.prompts.iter().find(|p| p.key == key) {
                md_prompt_body(&mut out, p);
            }
        }
        out
    }
}

fn md_prompt(out: &mut String, p: &Prompt) {
    out.push('\n');
    md_prompt_body(out, p);
}

fn md_prompt_body(out: &mut String, p: &Prompt) {
    let _ = writeln!(out, "To consider: {}\n", p.question);
    if p.documents.is_empty() {
        let _ = writeln!(
            out,
            "No document of the handbook addresses ISO 9001 {}.",
            p.clauses
        );
    } else {
        let _ = writeln!(out, "Documents addressing ISO 9001 {}:\n", p.clauses);
        for d in &p.documents {
            let _ = writeln!(out, "- {}", md_doc(d));
        }
    }
}

fn md_records(out: &mut String, g: &RecordGroup, since: &str) {
    if g.documents.is_empty() {
        let _ = writeln!(
            out,
            "{}: no record document tagged ISO 9001 {} is dated since {since}.",
            g.label, g.clauses
        );
    } else {
        let _ = writeln!(out, "{} dated since {since}:\n", g.label);
        for d in &g.documents {
            let _ = writeln!(out, "- {} ({})", md_doc(&d.doc), d.date);
        }
    }
    if !g.kept_as.is_empty() {
        let _ = writeln!(
            out,
            "\nKept outside the handbook as: {}.",
            g.kept_as.join("; ")
        );
    }
}

/// The inputs the pack's sections follow, for templates: key and label.
pub fn sections() -> Vec<Section> {
    INPUTS
        .iter()
        .map(|i| Section {
            key: i.key,
            label: i.label,
            reference: reference(i.clause),
        })
        .collect()
}
