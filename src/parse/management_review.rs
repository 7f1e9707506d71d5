//! The front-matter keys of a management review record (ISO 9001 9.3):
//! `date`, `chair`, `attendees`, `covers`, `decisions` and `actions`.
//!
//! This module reads one file's values into typed fields with their spans
//! and reports what is malformed at its line and column. Whether the
//! document's type is a management review type, whether the input and
//! decision keys (`a`, `c4`, …) exist, and action IDs unique across reviews
//! are [`crate::model::management_review`]'s; lints are [`crate::check`]'s.
//!
//! `decisions` is a mapping from a 9.3.3 key to a list of texts (a single
//! text is a list of one), the shortest form for authors:
//!
//! ```yaml
//! decisions:
//!   a: ["Extend SPC to the CNC cell"]
//!   c: Second CMM operator from Q3
//! ```

use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::ids::id_problem;
use crate::parse::located::Located;
use crate::parse::values::{Reader, mapping_at};
use crate::parse::yaml::{Node, Value};
use crate::util::suggest;

/// The anchor of an action on its review record's page: `action-mr-2026-06-a1`.
pub fn action_anchor(id: &str) -> String {
    format!("action-{}", id.to_ascii_lowercase())
}

/// The top-level front-matter keys of a management review record.
pub const REVIEW_KEYS: [&str; 6] = [
    "date",
    "chair",
    "attendees",
    "covers",
    "decisions",
    "actions",
];

/// The keys of one `actions:` entry.
pub const ACTION_KEYS: [&str; 6] = ["id", "title", "owner", "due", "status", "closed_on"];

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionStatus {
    /// Still to be done.
    Open,
    /// Done (`closed_on` says when).
    Done,
}

impl ActionStatus {
    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
        }
    }

    const ALL: [&'static str; 2] = ["open", "done"];
}

/// One action a review decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionSpec {
    /// Its ID, e.g. `MR-2026-06-A1`; unique across every review.
    pub id: Located<String>,
    /// What is to be done.
    pub title: String,
    /// Who is responsible (a role or a name).
    pub owner: Option<String>,
    /// When it is to be done.
    pub due: Option<Located<Date>>,
    /// Open or done (default open).
    pub status: ActionStatus,
    /// When it was done.
    pub closed_on: Option<Located<Date>>,
    /// The entry's byte range.
    pub bytes: Range<usize>,
}

/// One decision, under its 9.3.3 key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionSpec {
    /// The key as written (`a`, `b`, `c`), checked by the model.
    pub key: Located<String>,
    /// What was decided.
    pub text: String,
}

/// The management review keys of one document's front matter, as far as
/// they could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewFields {
    /// The day the review was held.
    pub date: Option<Located<Date>>,
    /// Who chaired it.
    pub chair: Option<Located<String>>,
    /// Who attended (roles or names).
    pub attendees: Vec<String>,
    /// The 9.3.2 inputs it covered, as written (`a`, `c`, `c4`); `None`
    /// when the key is absent.
    pub covers: Option<Vec<Located<String>>>,
    /// Its decisions, in file order.
    pub decisions: Vec<DecisionSpec>,
    /// Its actions, in file order.
    pub actions: Vec<ActionSpec>,
    /// The review keys the front matter has, at the key's name.
    pub keys: Vec<Located<String>>,
}

impl ReviewFields {
    /// Whether the front matter has none of the review keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Reads one of [`REVIEW_KEYS`] into `fields`.
pub fn read_key(
    fields: &mut ReviewFields,
    file: &SourceText,
    key: &str,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let before = file.text.get(..node.bytes.start).unwrap_or_default();
    let key_at = before
        .rfind(key)
        .map_or(node.bytes.clone(), |at| at..at + key.len());
    fields.keys.push(Located {
        value: key.to_string(),
        bytes: key_at,
    });
    let mut r = Reader { file, diagnostics };
    let what = format!("`{key}`");
    match key {
        "date" => fields.date = r.date(&what, node),
        "chair" => fields.chair = r.located_text(&what, node),
        "attendees" => {
            fields.attendees = r
                .review_texts(&what, node)
                .into_iter()
                .map(|t| t.value)
                .collect()
        }
        "covers" => fields.covers = Some(r.review_texts(&what, node)),
        "decisions" => fields.decisions = read_decisions(&mut r, node),
        "actions" => fields.actions = read_actions(&mut r, node),
        _ => {}
    }
}

/// The reads only management review records need.
impl Reader<'_> {
    /// A list of texts; a single text is a list of one.
    fn review_texts(&mut self, what: &str, node: &Node) -> Vec<Located<String>> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![node],
        };
        items
            .into_iter()
            .filter_map(|n| self.located_text(what, n))
            .collect()
    }
}

/// `decisions:`: a mapping from 9.3.3 key to a text or a list of texts.
fn read_decisions(r: &mut Reader<'_>, node: &Node) -> Vec<DecisionSpec> {
    let entries = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => return Vec::new(),
        other => {
            r.error(
                node.bytes.clone(),
                format!(
                    "`decisions` must be a mapping from a 9.3.3 key to what was decided, found {}",
                    other.kind()
                ),
                "write one key per decision output (a: improvement, b: changes to the QMS, c: resource needs), e.g. `decisions:` then `  a: [\"Extend SPC to the CNC cell\"]`".to_string(),
            );
            return Vec::new();
        }
    };
    let file = r.file;
    let mut out = Vec::new();
    for (key, value) in entries {
        let at = file
            .text
            .get(..value.bytes.start)
            .and_then(|before| before.rfind(key.as_str()))
            .map_or(value.bytes.clone(), |at| at..at + key.len());
        let located = Located {
            value: key.clone(),
            bytes: at,
        };
        for text in r.review_texts(&format!("decision `{key}`"), value) {
            out.push(DecisionSpec {
                key: located.clone(),
                text: text.value,
            });
        }
    }
    out
}

/// `actions:`: a list of action mappings.
fn read_actions(r: &mut Reader<'_>, node: &Node) -> Vec<ActionSpec> {
    let example = "{ id: MR-2026-06-A1, title: \"…\", owner: Quality Manager, due: 2026-09-30 }";
    let items = match &node.value {
        Value::Seq(items) => items,
        Value::Null => return Vec::new(),
        other => {
            r.error(
                node.bytes.clone(),
                format!("`actions` must be a list, found {}", other.kind()),
                format!("write one entry per action, e.g. `actions:` then `  - {example}`"),
            );
            return Vec::new();
        }
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(n, item)| read_action(r, &format!("`actions` entry {}", n + 1), item))
        .collect()
}

fn read_action(r: &mut Reader<'_>, what: &str, item: &Node) -> Option<ActionSpec> {
    let Value::Map(fields) = &item.value else {
        r.error(
            item.bytes.clone(),
            format!(
                "{what} must be a mapping with `id`, `title`, `owner` and `due`, found {}",
                item.value.kind()
            ),
            "write e.g. `- { id: MR-2026-06-A1, title: \"Second CMM operator\", owner: Operations Manager, due: 2026-09-30 }`".to_string(),
        );
        return None;
    };
    let (mut id, mut title, mut owner, mut due, mut closed_on) = (None, None, None, None, None);
    let mut status = ActionStatus::Open;
    let mut status_ok = true;
    for (key, value) in fields {
        let field = format!("`{key}` of {what}");
        match key.as_str() {
            "id" => id = action_id(r, &field, value),
            "title" => title = r.text(&field, value),
            "owner" => owner = r.text(&field, value),
            "due" => due = r.date(&field, value),
            "closed_on" => closed_on = r.date(&field, value),
            "status" => match action_status(r, &field, value) {
                Some(s) => status = s,
                None => status_ok = false,
            },
            other => r.unknown_key(what, other, value, &ACTION_KEYS),
        }
    }
    let present = |k: &str| fields.iter().any(|(key, _)| key == k);
    let missing: Vec<&str> = ["id", "title", "due"]
        .into_iter()
        .filter(|k| !present(k))
        .collect();
    r.missing(
        what,
        mapping_at(r.file, item, fields),
        &missing,
        "`id: MR-2026-06-A1`, `title: \"…\"`, `due: 2026-09-30`",
    );
    if let (Some(closed), ActionStatus::Open, true) = (&closed_on, status, status_ok) {
        r.error(
            closed.bytes.clone(),
            format!("{what} has `closed_on` but its status is open"),
            "set `status: done` when the action is done, or remove `closed_on`".to_string(),
        );
    }
    Some(ActionSpec {
        id: id?,
        title: title?,
        owner,
        due: Some(due?),
        status,
        closed_on,
        bytes: item.bytes.clone(),
    })
}

fn action_id(r: &mut Reader<'_>, what: &str, node: &Node) -> Option<Located<String>> {
    let id = r.located_text(what, node)?;
    if let Some(problem) = id_problem(&id.value) {
        r.diagnostics.push(
            Diagnostic::error("invalid-id", format!("action ID `{}` {problem}", id.value))
                .at_bytes(r.file, id.bytes.clone())
                .help("use IDs like `MR-2026-06-A1`: letters, digits and `-`"),
        );
        return None;
    }
    Some(id)
}

fn action_status(r: &mut Reader<'_>, what: &str, node: &Node) -> Option<ActionStatus> {
    let text = r.text(what, node)?.to_ascii_lowercase();
    match text.as_str() {
        "open" => Some(ActionStatus::Open),
        "done" => Some(ActionStatus::Done),
        _ => {
            let hint = suggest::closest(&text, ActionStatus::ALL.iter().copied())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            r.error(
                node.bytes.clone(),
                format!("{what} is `{text}`, which is not one of open, done"),
                format!("{hint}write `open` or `done`"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;

    fn read(yaml_text: &str) -> (ReviewFields, Vec<Diagnostic>) {
        let text = format!("---\n{yaml_text}\n---\n");
        let file = SourceText::new("content/mr.md", text.clone());
        let root = yaml::parse(&text[4..4 + yaml_text.len()], 4).expect("yaml");
        let Value::Map(entries) = root.value else {
            panic!("a mapping")
        };
        let mut fields = ReviewFields::default();
        let mut d = Vec::new();
        for (key, node) in &entries {
            read_key(&mut fields, &file, key, node, &mut d);
        }
        (fields, d)
    }

    fn locations(d: &[Diagnostic]) -> Vec<String> {
        d.iter().map(Diagnostic::location).collect()
    }

    #[test]
    fn a_full_record_is_read() {
        let (f, d) = read(
            "date: 2026-06-10\nchair: Managing Director\nattendees: [Quality Manager, Operations Manager]\ncovers: [a, b, c, d, e, f]\ndecisions:\n  a: [\"Extend SPC\", \"Train two inspectors\"]\n  c: Second CMM operator\nactions:\n  - id: MR-A1\n    title: Recruit\n    owner: Operations Manager\n    due: 2026-09-30\n    status: done\n    closed_on: 2026-09-01\n  - { id: MR-A2, title: Review SOP-011, due: 2026-12-31 }",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            f.date.map(|d| d.value.to_string()).as_deref(),
            Some("2026-06-10")
        );
        assert_eq!(
            f.chair.map(|c| c.value).as_deref(),
            Some("Managing Director")
        );
        assert_eq!(f.attendees, ["Quality Manager", "Operations Manager"]);
        assert_eq!(f.covers.map(|c| c.len()), Some(6));
        let decisions: Vec<(&str, &str)> = f
            .decisions
            .iter()
            .map(|d| (d.key.value.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(
            decisions,
            [
                ("a", "Extend SPC"),
                ("a", "Train two inspectors"),
                ("c", "Second CMM operator")
            ]
        );
        assert_eq!(f.actions.len(), 2);
        assert_eq!(f.actions[0].status, ActionStatus::Done);
        assert_eq!(f.actions[1].status, ActionStatus::Open);
        assert_eq!(f.actions[1].owner, None);
        assert_eq!(f.keys.len(), 6);
    }

    #[test]
    fn malformed_values_are_reported_where_they_are() {
        let (f, d) = read(
            "date: 2026-13-01\ndecisions: [a]\nactions:\n  - id: A1\n    title: T\n    due: 2026-01-01\n    status: finished\n    owenr: QM\n  - id: A2\n    title: T\n    closed_on: 2026-02-01\n  - id: A3\n    title: T\n    due: 2026-01-01\n    closed_on: 2026-02-01",
        );
        assert_eq!(
            locations(&d),
            [
                "content/mr.md:2:7",
                "content/mr.md:3:12",
                "content/mr.md:8:13",
                "content/mr.md:9:5",
                "content/mr.md:10:5",
                "content/mr.md:12:16",
                "content/mr.md:16:16",
            ],
            "{d:?}"
        );
        assert_eq!(d[0].code, "invalid-date");
        assert!(d[1].message.contains("`decisions` must be a mapping"));
        assert!(
            d[2].message
                .contains("`finished`, which is not one of open, done")
        );
        assert!(
            d[3].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `owner`")
        );
        assert!(
            d[4].message.contains("missing the required key `due`"),
            "{}",
            d[4].message
        );
        assert!(d[6].message.contains("`closed_on` but its status is open"));
        assert_eq!(f.actions.len(), 2, "A1 (status reported) and A3 are kept");
        assert!(f.date.is_none());
    }
}
