//! Management review on the model (ISO 9001 9.3): every record of a type
//! flagged `management-review`, with its date, chair, the 9.3.2 inputs it
//! covered, its 9.3.3 decisions and its actions, gathered once per build.
//!
//! Owns the one table of input keys ([`INPUTS`]: `a`, `b`, `c` with `c1` …
//! `c7`, `d`, `e`, `f`) and decision keys ([`DECISIONS`]: `a`, `b`, `c`),
//! with short labels of our own. `covers: [c]` covers every sub-item of `c`;
//! covering `c1` … `c7` covers `c`.
//!
//! Reports what one file cannot: review keys on a document of another type,
//! a record without `date`, an input or decision key that does not exist,
//! and an action ID used twice across reviews. Lints (inputs missing,
//! actions overdue or unowned, the next review overdue) are
//! [`crate::check`]'s.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::config::DocType;
use crate::diagnostics::Diagnostic;
use crate::parse::front_matter::{FrontMatter, Status};
use crate::parse::management_review::{ActionSpec, ActionStatus};
use crate::parse::source::SourceFile;
use crate::util::suggest;

/// One lettered item of 9.3.2 (an input) or 9.3.3 (an output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// The key authors write: `a`, `c4`.
    pub key: &'static str,
    /// Our own short label.
    pub label: &'static str,
    /// The item's id in the ISO 9001:2015 catalog, when it has one.
    pub clause: &'static str,
}

const fn item(key: &'static str, label: &'static str, clause: &'static str) -> Item {
    Item { key, label, clause }
}

/// The inputs of ISO 9001 9.3.2, in order; `c` is the parent of `c1` … `c7`.
pub const INPUTS: [Item; 13] = [
    item("a", "Status of actions from previous reviews", "9.3.2.a"),
    item("b", "Changes in external and internal issues", "9.3.2.b"),
    item(
        "c",
        "Performance and effectiveness of the QMS, with trends",
        "9.3.2.c",
    ),
    item(
        "c1",
        "Customer satisfaction and feedback from interested parties",
        "9.3.2.c.1",
    ),
    item(
        "c2",
        "Extent to which quality objectives are met",
        "9.3.2.c.2",
    ),
    item(
        "c3",
        "Process performance and conformity of products and services",
        "9.3.2.c.3",
    ),
    item("c4", "Nonconformities and corrective actions", "9.3.2.c.4"),
    item("c5", "Monitoring and measurement results", "9.3.2.c.5"),
    item("c6", "Audit results", "9.3.2.c.6"),
    item("c7", "Performance of external providers", "9.3.2.c.7"),
    item("d", "Adequacy of resources", "9.3.2.d"),
    item(
        "e",
        "Effectiveness of actions on risks and opportunities",
        "9.3.2.e",
    ),
    item("f", "Opportunities for improvement", "9.3.2.f"),
];

/// The inputs a review must cover: every input but `c` itself, whose
/// sub-items stand for it.
pub fn required_inputs() -> impl Iterator<Item = &'static Item> {
    INPUTS.iter().filter(|i| i.key != "c")
}

/// The input with this key.
pub fn input(key: &str) -> Option<&'static Item> {
    INPUTS.iter().find(|i| i.key == key)
}

/// The outputs of ISO 9001 9.3.3 that `decisions` is keyed by.
pub const DECISIONS: [Item; 3] = [
    item("a", "Opportunities for improvement", "9.3.3.a"),
    item("b", "Changes needed to the QMS", "9.3.3.b"),
    item("c", "Resource needs", "9.3.3.c"),
];

/// The decision output with this key.
pub fn decision(key: &str) -> Option<&'static Item> {
    DECISIONS.iter().find(|i| i.key == key)
}

fn input_keys() -> Vec<&'static str> {
    INPUTS.iter().map(|i| i.key).collect()
}

/// One management review record.
#[derive(Debug, Clone)]
pub struct Review {
    /// The record (index into `Handbook::documents`).
    pub doc: usize,
    /// The day it was held.
    pub date: Date,
    /// Who chaired it.
    pub chair: Option<String>,
    /// Who attended.
    pub attendees: Vec<String>,
    /// Whether it says which inputs it covered (`covers:`).
    pub covers_given: bool,
    /// The required inputs it covered (keys of [`required_inputs`]).
    pub covered: Vec<&'static str>,
    /// Its decisions: the 9.3.3 item and the text, in file order.
    pub decisions: Vec<(&'static Item, String)>,
    /// Its actions (indexes into [`ManagementReviews::actions`]), in file order.
    pub actions: Vec<usize>,
    /// Whether it was held: its record is approved (or obsolete). Drafts and
    /// records in review (an agenda, a pack) are planned reviews: they are
    /// not listed, their actions not tracked.
    pub held: bool,
    /// Whether this build publishes its record.
    pub published: bool,
}

impl Review {
    /// The required inputs it did not cover, in order.
    pub fn missing(&self) -> Vec<&'static Item> {
        required_inputs()
            .filter(|i| !self.covered.contains(&i.key))
            .collect()
    }
}

/// One action decided in a review.
#[derive(Debug, Clone)]
pub struct Action {
    /// The review (index into [`ManagementReviews::reviews`]).
    pub review: usize,
    /// The action as written.
    pub spec: ActionSpec,
}

impl Action {
    /// The action's ID.
    pub fn id(&self) -> &str {
        &self.spec.id.value
    }

    /// Where it stands on `today`: done, overdue (open past its due date)
    /// or open.
    pub fn state(&self, today: Date) -> ActionState {
        match (self.spec.status, &self.spec.due) {
            (ActionStatus::Done, _) => ActionState::Done,
            (ActionStatus::Open, Some(due)) if due.value < today => ActionState::Overdue,
            (ActionStatus::Open, _) => ActionState::Open,
        }
    }
}

/// Where an action stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionState {
    /// Open past its due date.
    Overdue,
    /// Open, not yet due.
    Open,
    /// Done.
    Done,
}

impl ActionState {
    /// The spelling pages and exports use.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Overdue => "overdue",
            ActionState::Open => "open",
            ActionState::Done => "done",
        }
    }

    /// The words pages show.
    pub fn label(self) -> &'static str {
        match self {
            ActionState::Overdue => "Overdue",
            ActionState::Open => "Open",
            ActionState::Done => "Done",
        }
    }
}

/// Every management review record of the handbook.
#[derive(Debug, Clone, Default)]
pub struct ManagementReviews {
    /// Reviews, oldest first (by date, then document ID).
    pub reviews: Vec<Review>,
    /// Actions of every review, in review order then file order.
    pub actions: Vec<Action>,
}

impl ManagementReviews {
    /// The most recent held review, when there is one.
    pub fn latest_held(&self) -> Option<&Review> {
        self.reviews.iter().rev().find(|r| r.held)
    }

    /// The day the next review is due: the latest held review's date plus
    /// `interval_months`; `None` without a held review.
    pub fn next_due(&self, interval_months: u32) -> Option<Date> {
        let span = jiff::Span::new()
            .try_months(i64::from(interval_months))
            .ok()?;
        self.latest_held()?.date.checked_add(span).ok()
    }

    /// The actions of held reviews (the ones tracked), in review order.
    pub fn tracked(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| self.reviews[a.review].held)
    }
}

/// What is read of one document.
pub struct Declaring<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Its front matter.
    pub meta: &'a FrontMatter,
    /// Whether this build publishes it.
    pub published: bool,
}

/// Gathers the management review records of `documents` (in navigation
/// order; indexes stay theirs), reporting review keys on other types,
/// records without a date, unknown keys and action IDs used twice.
pub fn collect(
    documents: &[Declaring<'_>],
    types: &[DocType],
    diagnostics: &mut Vec<Diagnostic>,
) -> ManagementReviews {
    let review_types: Vec<&str> = types
        .iter()
        .filter(|t| t.management_review)
        .map(|t| t.key.as_str())
        .collect();
    let mut reviews: Vec<(Review, &[ActionSpec], &str)> = Vec::new();
    for (doc, d) in documents.iter().enumerate() {
        let type_key = d.meta.doc_type.value.as_str();
        let text = &d.file.text;
        if !review_types.contains(&type_key) {
            if types.iter().any(|t| t.key == type_key) {
                for key in &d.meta.review.keys {
                    diagnostics.push(
                        Diagnostic::warning(
                            "unknown-field",
                            format!(
                                "`{}` is a field of management review records, and type `{type_key}` is not one",
                                key.value
                            ),
                        )
                        .at_bytes(text, key.bytes.clone())
                        .help(match review_types.first() {
                            Some(t) => format!("set `type: {t}` if this is the record of a management review, or remove `{}`", key.value),
                            None => format!("declare a type with `management-review = true` in book.toml for review records, or remove `{}`", key.value),
                        }),
                    );
                }
            }
            continue;
        }
        let fields = &d.meta.review;
        let Some(date) = &fields.date else {
            if !fields.keys.iter().any(|k| k.value == "date") {
                diagnostics.push(
                    Diagnostic::error(
                        "invalid-front-matter",
                        format!("management review record {} has no `date`", d.meta.id.value),
                    )
                    .at_bytes(text, d.meta.doc_type.bytes.clone())
                    .help("add `date: YYYY-MM-DD`, the day the review was held (or is planned)"),
                );
            }
            continue;
        };
        let mut covered: Vec<&'static str> = Vec::new();
        for written in fields.covers.iter().flatten() {
            let key = written.value.trim().to_ascii_lowercase();
            match input(&key) {
                Some(i) if i.key == "c" => covered.extend(
                    required_inputs()
                        .filter(|r| r.key.starts_with('c'))
                        .map(|r| r.key),
                ),
                Some(i) => covered.push(i.key),
                None => {
                    let keys = input_keys();
                    let hint = suggest::closest(&key, keys.iter().copied())
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    diagnostics.push(
                        Diagnostic::error(
                            "invalid-front-matter",
                            format!(
                                "`{}` in `covers` is not a management review input (ISO 9001 9.3.2)",
                                written.value
                            ),
                        )
                        .at_bytes(text, written.bytes.clone())
                        .help(format!(
                            "{hint}the inputs are {} (`c` covers `c1` to `c7`)",
                            keys.join(", ")
                        )),
                    );
                }
            }
        }
        covered.sort_by_key(|k| INPUTS.iter().position(|i| i.key == *k));
        covered.dedup();
        let mut decisions = Vec::new();
        let mut reported: Vec<usize> = Vec::new();
        for dec in &fields.decisions {
            let key = dec.key.value.trim().to_ascii_lowercase();
            match decision(&key) {
                Some(item) => decisions.push((item, dec.text.clone())),
                None => {
                    // One report per key, not per text under it.
                    if reported.contains(&dec.key.bytes.start) {
                        continue;
                    }
                    reported.push(dec.key.bytes.start);
                    diagnostics.push(
                        Diagnostic::error(
                            "invalid-front-matter",
                            format!(
                                "`{}` in `decisions` is not a management review output (ISO 9001 9.3.3)",
                                dec.key.value
                            ),
                        )
                        .at_bytes(text, dec.key.bytes.clone())
                        .help("key decisions by `a` (opportunities for improvement), `b` (changes needed to the QMS) or `c` (resource needs)"),
                    );
                }
            }
        }
        let review = Review {
            doc,
            date: date.value,
            chair: fields.chair.as_ref().map(|c| c.value.clone()),
            attendees: fields.attendees.clone(),
            covers_given: fields.covers.is_some(),
            covered,
            decisions,
            actions: Vec::new(),
            held: matches!(d.meta.status, Status::Approved | Status::Obsolete),
            published: d.published,
        };
        reviews.push((review, &fields.actions, &d.meta.id.value));
    }
    reviews.sort_by(|a, b| a.0.date.cmp(&b.0.date).then_with(|| a.2.cmp(b.2)));

    let mut out = ManagementReviews::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, (mut review, specs, _)) in reviews.into_iter().enumerate() {
        let text = &documents[review.doc].file.text;
        for spec in specs {
            let key = spec.id.value.to_ascii_lowercase();
            if let Some(&first) = seen.get(&key) {
                let f: &Action = &out.actions[first];
                let f_text = &documents[out.reviews[f.review].doc].file.text;
                let at = f_text.span(f.spec.id.bytes.clone());
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!(
                            "the action ID `{}` is already used by an action of {} ({}:{}:{})",
                            spec.id.value,
                            documents[out.reviews[f.review].doc].meta.id.value,
                            f_text.path,
                            at.start.line,
                            at.start.column
                        ),
                    )
                    .at_bytes(text, spec.id.bytes.clone())
                    .secondary(f_text, at, "the action ID is first used here")
                    .help("action IDs are unique across every review: prefix them with the review's ID, e.g. `MR-2026-06-A1`"),
                );
                continue;
            }
            seen.insert(key, out.actions.len());
            review.actions.push(out.actions.len());
            out.actions.push(Action {
                review: index,
                spec: spec.clone(),
            });
        }
        out.reviews.push(review);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::testing::load;

    fn review(id: &str, fields: &str) -> (String, String) {
        crate::model::testing::doc(
            id,
            &format!("type: management-review\nstatus: approved\n{fields}"),
            ".",
        )
    }

    #[test]
    fn c_covers_its_sub_items_and_keys_are_checked() {
        let (hb, diagnostics) = load(vec![
            review(
                "MR-1",
                "date: 2026-01-10\ncovers: [a, c, F, x9]\ndecisions: { a: [One, Two], z: Three }\nactions: [{ id: A1, title: T, due: 2026-03-01 }]",
            ),
            review(
                "MR-2",
                "date: 2025-06-01\ncovers: [c1, c2, c3, c4, c5, c6, c7]\nactions: [{ id: a1, title: T, due: 2026-03-01 }]",
            ),
        ]);
        let mr = &hb.management_reviews;
        assert_eq!(mr.reviews.len(), 2);
        let ids: Vec<&str> = mr
            .reviews
            .iter()
            .map(|r| hb.documents[r.doc].id())
            .collect();
        assert_eq!(ids, ["MR-2", "MR-1"], "oldest first");
        let missing: Vec<&str> = mr.reviews[1].missing().iter().map(|i| i.key).collect();
        assert_eq!(missing, ["b", "d", "e"]);
        let missing: Vec<&str> = mr.reviews[0].missing().iter().map(|i| i.key).collect();
        assert_eq!(missing, ["a", "b", "d", "e", "f"]);
        assert_eq!(mr.reviews[1].decisions.len(), 2);
        let messages: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert!(
            messages
                .iter()
                .any(|(c, m)| *c == "invalid-front-matter" && m.contains("`x9` in `covers`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|(_, m)| m.contains("`z` in `decisions`"))
        );
        assert!(
            messages
                .iter()
                .any(|(c, m)| *c == "duplicate-id" && m.contains("`A1`")),
            "the later review's action is the duplicate: {messages:?}"
        );
        assert_eq!(mr.actions.len(), 1);
        assert_eq!(mr.actions[0].id(), "a1");
    }

    #[test]
    fn review_keys_elsewhere_and_a_missing_date() {
        let (hb, diagnostics) = load(vec![
            review("MR-1", "chair: MD"),
            crate::model::testing::doc("SOP-1", "chair: MD", "."),
        ]);
        assert!(hb.management_reviews.reviews.is_empty());
        let found: Vec<(&str, String)> =
            diagnostics.iter().map(|d| (d.code, d.location())).collect();
        assert!(
            found.contains(&("invalid-front-matter", "content/mr-1.md:4:7".to_string())),
            "{found:?}"
        );
        assert!(
            found.contains(&("unknown-field", "content/sop-1.md:5:1".to_string())),
            "{found:?}"
        );
    }
}
