//! Awareness views: the acknowledgement block of a document page, the
//! overview of `awareness.html` (outstanding acknowledgements by person and
//! by role, overdue first), each role's reading list, the
//! `acknowledgements.csv` export and the home page's "policy understood"
//! figure. All come from [`crate::analysis::awareness`].
//!
//! With `[awareness] show-names = false` no view carries a person's name:
//! the per-person lists are empty and the export has counts per document.

use serde::Serialize;

use crate::analysis::awareness::{self, AwarenessStatus, DocumentStatus, Obligation};
use crate::model::awareness::Awareness;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::parse::awareness::Audience;
use crate::views::csv::csv_string;

/// One person's obligation for one document, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    /// The person's name.
    pub name: String,
    /// Their roles, `; `-separated.
    pub roles: String,
    /// `acknowledged`, `overdue` or `outstanding`.
    pub state: &'static str,
    /// The day the obligation began.
    pub since: String,
    /// The due date.
    pub due: String,
    /// When acknowledged, the day.
    pub acknowledged_on: Option<String>,
    /// When acknowledged, the revision.
    pub acknowledged_revision: Option<String>,
}

fn state(o: &Obligation) -> &'static str {
    if o.acknowledged.is_some() {
        "acknowledged"
    } else if o.overdue {
        "overdue"
    } else {
        "outstanding"
    }
}

fn person_row(aw: &Awareness, o: &Obligation) -> PersonRow {
    let p = &aw.people[o.person];
    PersonRow {
        name: p.name.clone(),
        roles: p.roles.join("; "),
        state: state(o),
        since: o.since.to_string(),
        due: o.due.to_string(),
        acknowledged_on: o.acknowledged.as_ref().map(|a| a.date.to_string()),
        acknowledged_revision: o.acknowledged.as_ref().map(|a| a.revision.clone()),
    }
}

/// Overdue first, then outstanding, then acknowledged; by name within.
fn order(rows: &mut [PersonRow]) {
    let rank = |s: &str| match s {
        "overdue" => 0,
        "outstanding" => 1,
        _ => 2,
    };
    rows.sort_by(|a, b| {
        rank(a.state)
            .cmp(&rank(b.state))
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// The acknowledgement block of a document page.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentBlock {
    /// `every-revision`, `major-revision` or `none`.
    pub policy: &'static str,
    /// The revision to acknowledge.
    pub required: Option<String>,
    /// `all`, or the audience's roles with their reading lists.
    pub audience: Vec<RoleLink>,
    /// Whether the audience is everyone.
    pub everyone: bool,
    /// People in the audience.
    pub people: usize,
    /// Obligations (people who must acknowledge).
    pub total: usize,
    /// Acknowledged.
    pub acknowledged: usize,
    /// Overdue.
    pub overdue: usize,
    /// Per person, overdue first; empty without names.
    pub rows: Vec<PersonRow>,
    /// Every ledger line of the document (any revision, anyone), newest
    /// first: the evidence trail. Only on the document's own page, and
    /// empty without names.
    pub history: Vec<LedgerRow>,
    /// Whether names are shown.
    pub show_names: bool,
}

/// A role with its reading list.
#[derive(Debug, Clone, Serialize)]
pub struct RoleLink {
    /// The role.
    pub role: String,
    /// Its reading list.
    pub url: String,
}

fn block(hb: &Handbook, aw: &Awareness, s: &DocumentStatus) -> DocumentBlock {
    let show_names = hb.config.awareness.show_names;
    let d = &hb.documents[s.doc];
    let (everyone, audience) = match &d.meta.audience {
        Some(Audience::Roles(list)) => (
            false,
            list.iter()
                .map(|r| RoleLink {
                    role: r.value.clone(),
                    url: urls::role(&r.value),
                })
                .collect(),
        ),
        _ => (true, Vec::new()),
    };
    let mut rows: Vec<PersonRow> = if show_names {
        s.obligations.iter().map(|o| person_row(aw, o)).collect()
    } else {
        Vec::new()
    };
    order(&mut rows);
    DocumentBlock {
        policy: s.policy.as_str(),
        required: s.required.clone(),
        audience,
        everyone,
        people: s.audience.len(),
        total: s.obligations.len(),
        acknowledged: s.acknowledged(),
        overdue: s.overdue(),
        rows,
        history: Vec::new(),
        show_names,
    }
}

/// One line of the ledger, as the document page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    /// The day.
    pub date: String,
    /// The person, as the ledger writes them.
    pub person: String,
    /// Their roles (`; `-separated), when on the roster.
    pub roles: String,
    /// The revision acknowledged.
    pub revision: String,
}

/// Every ledger line of `id`, newest first.
fn ledger_history(aw: &Awareness, id: &str) -> Vec<LedgerRow> {
    let mut rows: Vec<LedgerRow> = aw
        .acknowledgements()
        .filter(|(_, a)| a.document.value.eq_ignore_ascii_case(id))
        .map(|(_, a)| LedgerRow {
            date: a.date.to_string(),
            person: a.person.value.clone(),
            roles: aw
                .person(&a.person.value)
                .map(|p| aw.people[p].roles.join("; "))
                .unwrap_or_default(),
            revision: a.revision.value.clone(),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.person.cmp(&b.person))
            .then_with(|| a.revision.cmp(&b.revision))
    });
    rows
}

/// The block of document `doc`, when it has an audience and awareness is on.
pub fn document_block(
    hb: &Handbook,
    status: &AwarenessStatus,
    doc: usize,
) -> Option<DocumentBlock> {
    let aw = hb.awareness.as_ref()?;
    let mut b = block(hb, aw, status.of(doc)?);
    if b.show_names {
        b.history = ledger_history(aw, hb.documents[doc].id());
    }
    Some(b)
}

/// One document in a list.
#[derive(Debug, Clone, Serialize)]
pub struct DocItem {
    /// ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Page.
    pub url: String,
    /// The revision to acknowledge (or the current one with policy `none`).
    pub revision: Option<String>,
    /// Its acknowledgement block.
    pub block: DocumentBlock,
}

/// One person's outstanding acknowledgements.
#[derive(Debug, Clone, Serialize)]
pub struct PersonOutstanding {
    /// Name.
    pub name: String,
    /// Roles, `; `-separated.
    pub roles: String,
    /// How many are overdue.
    pub overdue: usize,
    /// What they owe, overdue first then by due date.
    pub items: Vec<Owed>,
}

/// One acknowledgement owed.
#[derive(Debug, Clone, Serialize)]
pub struct Owed {
    /// Document ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Page.
    pub url: String,
    /// Revision to acknowledge.
    pub revision: String,
    /// Due date.
    pub due: String,
    /// Whether overdue.
    pub overdue: bool,
}

/// A role's line on the overview and its reading list.
#[derive(Debug, Clone, Serialize)]
pub struct RoleSummary {
    /// The role.
    pub role: String,
    /// Its reading list.
    pub url: String,
    /// People present who hold it (names only with `show-names`).
    pub holders: Vec<String>,
    /// How many people hold it.
    pub holder_count: usize,
    /// Acknowledgements its holders owe.
    pub outstanding: usize,
    /// Of which overdue.
    pub overdue: usize,
    /// The documents of its reading list, with the block restricted to its holders.
    pub documents: Vec<DocItem>,
}

/// What `awareness.html` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Whether names are shown.
    pub show_names: bool,
    /// People in scope.
    pub people: usize,
    /// `due-days`.
    pub due_days: u32,
    /// Every document with an audience, most overdue first.
    pub documents: Vec<DocItem>,
    /// People who owe acknowledgements, those with overdue ones first.
    pub by_person: Vec<PersonOutstanding>,
    /// Every role, those with overdue acknowledgements first.
    pub by_role: Vec<RoleSummary>,
    /// Totals.
    pub total: usize,
    /// Acknowledged.
    pub acknowledged: usize,
    /// Overdue.
    pub overdue: usize,
}

fn doc_item(hb: &Handbook, aw: &Awareness, s: &DocumentStatus) -> DocItem {
    let d = &hb.documents[s.doc];
    DocItem {
        id: d.id().to_string(),
        title: d.meta.title.clone(),
        url: d.url.clone(),
        revision: s.required.clone().or_else(|| d.meta.revision.clone()),
        block: block(hb, aw, s),
    }
}

/// The overview, or `None` when awareness is off.
pub fn overview(hb: &Handbook, status: &AwarenessStatus) -> Option<Overview> {
    let aw = hb.awareness.as_ref()?;
    let show_names = hb.config.awareness.show_names;
    let mut documents: Vec<DocItem> = status
        .documents
        .iter()
        .map(|s| doc_item(hb, aw, s))
        .collect();
    documents.sort_by(|a, b| {
        b.block
            .overdue
            .cmp(&a.block.overdue)
            .then_with(|| {
                (b.block.total - b.block.acknowledged).cmp(&(a.block.total - a.block.acknowledged))
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    let present = awareness::present(aw, hb.today);
    let mut by_person: Vec<PersonOutstanding> = Vec::new();
    if show_names {
        for &p in &present {
            let mut items: Vec<Owed> = status
                .documents
                .iter()
                .flat_map(|s| {
                    s.obligations
                        .iter()
                        .filter(move |o| o.person == p && o.acknowledged.is_none())
                        .map(move |o| (s, o))
                })
                .map(|(s, o)| {
                    let d = &hb.documents[s.doc];
                    Owed {
                        id: d.id().to_string(),
                        title: d.meta.title.clone(),
                        url: d.url.clone(),
                        revision: s.required.clone().unwrap_or_default(),
                        due: o.due.to_string(),
                        overdue: o.overdue,
                    }
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            items.sort_by(|a, b| {
                b.overdue
                    .cmp(&a.overdue)
                    .then_with(|| a.due.cmp(&b.due))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let person = &aw.people[p];
            by_person.push(PersonOutstanding {
                name: person.name.clone(),
                roles: person.roles.join("; "),
                overdue: items.iter().filter(|i| i.overdue).count(),
                items,
            });
        }
        by_person.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.name.cmp(&b.name)));
    }
    let mut by_role = roles(hb, aw, status);
    by_role.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| b.outstanding.cmp(&a.outstanding))
            .then_with(|| a.role.cmp(&b.role))
    });
    let all = status.documents.iter().flat_map(|s| &s.obligations);
    Some(Overview {
        show_names,
        people: present.len(),
        due_days: hb.config.awareness.due_days,
        documents,
        by_person,
        by_role,
        total: all.clone().count(),
        acknowledged: all.clone().filter(|o| o.acknowledged.is_some()).count(),
        overdue: all.filter(|o| o.overdue).count(),
    })
}

/// Every role of the roster with its reading list, by role name.
pub fn roles(hb: &Handbook, aw: &Awareness, status: &AwarenessStatus) -> Vec<RoleSummary> {
    let show_names = hb.config.awareness.show_names;
    let present = awareness::present(aw, hb.today);
    aw.roles()
        .into_iter()
        .map(|role| {
            let holds = |p: usize| {
                aw.people[p]
                    .roles
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(&role))
            };
            let holders: Vec<usize> = present.iter().copied().filter(|&p| holds(p)).collect();
            let documents: Vec<DocItem> = status
                .documents
                .iter()
                .filter(|s| {
                    hb.documents[s.doc]
                        .meta
                        .audience
                        .as_ref()
                        .is_some_and(|a| a.includes(std::slice::from_ref(&role)))
                })
                .map(|s| {
                    let only = DocumentStatus {
                        obligations: s
                            .obligations
                            .iter()
                            .filter(|o| holds(o.person))
                            .cloned()
                            .collect(),
                        audience: s.audience.iter().copied().filter(|&p| holds(p)).collect(),
                        ..s.clone()
                    };
                    doc_item(hb, aw, &only)
                })
                .collect();
            RoleSummary {
                url: urls::role(&role),
                holders: if show_names {
                    holders.iter().map(|&p| aw.people[p].name.clone()).collect()
                } else {
                    Vec::new()
                },
                holder_count: holders.len(),
                outstanding: documents
                    .iter()
                    .map(|d| d.block.total - d.block.acknowledged)
                    .sum(),
                overdue: documents.iter().map(|d| d.block.overdue).sum(),
                documents,
                role,
            }
        })
        .collect()
}

/// `acknowledgements.csv`: with names, one row per person and document;
/// without, one row per document with counts.
pub fn csv(hb: &Handbook, status: &AwarenessStatus) -> String {
    let Some(aw) = hb.awareness.as_ref() else {
        return String::new();
    };
    if hb.config.awareness.show_names {
        let rows = status.documents.iter().flat_map(|s| {
            let d = &hb.documents[s.doc];
            let mut people: Vec<PersonRow> =
                s.obligations.iter().map(|o| person_row(aw, o)).collect();
            people.sort_by(|a, b| a.name.cmp(&b.name));
            people.into_iter().map(move |r| {
                vec![
                    d.id().to_string(),
                    s.required.clone().unwrap_or_default(),
                    r.name,
                    r.roles,
                    r.state.to_string(),
                    r.since,
                    r.due,
                    r.acknowledged_on.unwrap_or_default(),
                    r.acknowledged_revision.unwrap_or_default(),
                ]
            })
        });
        csv_string(
            &[
                "document",
                "revision",
                "person",
                "roles",
                "state",
                "since",
                "due",
                "acknowledged_on",
                "acknowledged_revision",
            ],
            rows,
        )
    } else {
        let rows = status.documents.iter().map(|s| {
            let d = &hb.documents[s.doc];
            vec![
                d.id().to_string(),
                s.required.clone().unwrap_or_default(),
                s.audience.len().to_string(),
                s.acknowledged().to_string(),
                (s.obligations.len() - s.acknowledged()).to_string(),
                s.overdue().to_string(),
            ]
        });
        csv_string(
            &[
                "document",
                "revision",
                "audience",
                "acknowledged",
                "outstanding",
                "overdue",
            ],
            rows,
        )
    }
}

/// "Policy understood: k of n people acknowledged the current quality policy".
#[derive(Debug, Clone, Serialize)]
pub struct PolicyUnderstood {
    /// The policy's ID.
    pub id: String,
    /// Its page.
    pub url: String,
    /// The revision.
    pub revision: String,
    /// People who acknowledged it.
    pub acknowledged: usize,
    /// People who must.
    pub total: usize,
    /// Of whom overdue.
    pub overdue: usize,
}

/// The home page figure, when the quality policy has an audience that
/// acknowledges it.
pub fn policy_understood(hb: &Handbook, status: &AwarenessStatus) -> Option<PolicyUnderstood> {
    let doc = awareness::quality_policy(hb)?;
    let s = status.of(doc)?;
    let revision = s.required.clone()?;
    let d = &hb.documents[doc];
    Some(PolicyUnderstood {
        id: d.id().to_string(),
        url: d.url.clone(),
        revision,
        acknowledged: s.acknowledged(),
        total: s.obligations.len(),
        overdue: s.overdue(),
    })
}
