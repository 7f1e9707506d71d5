//! The leadership keys of front matter: the policy's `commitments:` and the
//! quality objectives of `objectives:` (ISO 9001 5.2.1, 6.2). Reads the YAML
//! tree into typed values with spans and reports every malformed part at its
//! own line and column, with the nearest key for a misspelt one.
//!
//! It only reads one file: whether a commitment ID is unique, what `serves`
//! points to, the data file and whether the plan is complete are decided in
//! [`crate::model`] and [`crate::check`].

use std::ops::Range;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::ids::id_problem;
use crate::parse::located::Located;
use crate::parse::values::{Reader, mapping_at};
use crate::parse::yaml::{Node, Value};
use crate::util::suggest;

/// One commitment of the quality policy (`commitments: [{id, title}]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    /// Its ID, e.g. `C3`; unique in the handbook (case-insensitive).
    pub id: Located<String>,
    /// What top management commits to.
    pub title: String,
}

impl Commitment {
    /// The anchor of the commitment on its document's page: `commitment-c3`.
    pub fn anchor(&self) -> String {
        anchor("commitment", &self.id.value)
    }
}

/// The anchor of an objective on the page of the document that declares it:
/// `objective-obj-2026-01`.
pub fn objective_anchor(id: &str) -> String {
    anchor("objective", id)
}

fn anchor(prefix: &str, id: &str) -> String {
    format!("{prefix}-{}", id.to_ascii_lowercase())
}

/// Whether a result has to reach the target from below or stay under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// The value must be at least the target (on-time delivery).
    AtLeast,
    /// The value must be at most the target (scrap, complaints).
    AtMost,
}

impl Direction {
    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::AtLeast => "at-least",
            Direction::AtMost => "at-most",
        }
    }

    /// Whether `value` meets `target` in this direction (equal meets).
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Direction::AtLeast => value >= target,
            Direction::AtMost => value <= target,
        }
    }

    const ALL: [&'static str; 2] = ["at-least", "at-most"];
}

/// How often results are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// Once a month (a period of 30 days).
    Monthly,
    /// Once a quarter (91 days).
    Quarterly,
    /// Once a year (365 days).
    Yearly,
}

impl Frequency {
    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }

    /// The length of one period in days, for the staleness rule.
    pub fn period_days(self) -> i64 {
        match self {
            Frequency::Monthly => 30,
            Frequency::Quarterly => 91,
            Frequency::Yearly => 365,
        }
    }

    const ALL: [&'static str; 3] = ["monthly", "quarterly", "yearly"];
}

/// `target: {value, direction}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    /// The value to reach.
    pub value: f64,
    /// At least or at most.
    pub direction: Direction,
}

/// One quality objective as declared in front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveSpec {
    /// Its ID, e.g. `OBJ-2026-01`.
    pub id: Located<String>,
    /// What is to be achieved.
    pub title: String,
    /// IDs of the policy commitments it serves.
    pub serves: Vec<Located<String>>,
    /// What is measured.
    pub measure: Option<String>,
    /// The unit of the values (`%`, `complaints`).
    pub unit: Option<String>,
    /// The target.
    pub target: Target,
    /// Where the measure stood when the objective was set, as written.
    pub baseline: Option<String>,
    /// The responsible role (6.2.2 c).
    pub owner: Option<String>,
    /// When it is to be achieved (6.2.2 d).
    pub due: Option<Located<Date>>,
    /// How often results are recorded.
    pub frequency: Frequency,
    /// The results: a CSV path relative to the declaring document.
    pub data: Option<Located<String>>,
    /// What will be done (6.2.2 a).
    pub actions: Vec<String>,
    /// What resources are required (6.2.2 b).
    pub resources: Option<String>,
    /// How the results are evaluated (6.2.2 e).
    pub evaluation: Option<String>,
    /// The entry's byte range in the file.
    pub bytes: Range<usize>,
}

/// The keys of a `commitments:` entry.
pub const COMMITMENT_KEYS: [&str; 2] = ["id", "title"];

/// The keys of an `objectives:` entry.
pub const OBJECTIVE_KEYS: [&str; 14] = [
    "id",
    "title",
    "serves",
    "measure",
    "unit",
    "target",
    "baseline",
    "owner",
    "due",
    "frequency",
    "data",
    "actions",
    "resources",
    "evaluation",
];

/// The keys of `target:`.
const TARGET_KEYS: [&str; 2] = ["value", "direction"];

/// The reads only objectives need.
impl Reader<'_> {
    /// An ID safe in a file name and URL.
    fn id(&mut self, what: &str, node: &Node, example: &str) -> Option<Located<String>> {
        let id = self.located_text(what, node)?;
        if let Some(problem) = id_problem(&id.value) {
            self.error(
                node.bytes.clone(),
                format!("{what} `{}` {problem}", id.value),
                format!("use IDs like `{example}`: letters, digits and `-`"),
            );
            return None;
        }
        Some(id)
    }

    fn number(&mut self, what: &str, node: &Node) -> Option<f64> {
        match &node.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            other => {
                self.error(
                    node.bytes.clone(),
                    format!("{what} must be a number, found {}", other.kind()),
                    "write the number without its unit, e.g. `95` or `1.5`; the unit goes in `unit:`"
                        .to_string(),
                );
                None
            }
        }
    }

    /// One of `allowed` (in any case), with the nearest when it is none.
    fn keyword(&mut self, what: &str, node: &Node, allowed: &[&'static str]) -> Option<usize> {
        let text = self.text(what, node)?.to_ascii_lowercase();
        if let Some(i) = allowed.iter().position(|a| *a == text) {
            return Some(i);
        }
        let hint = suggest::closest(&text, allowed.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        self.error(
            node.bytes.clone(),
            format!(
                "{what} is `{text}`, which is not one of {}",
                allowed.join(", ")
            ),
            format!("{hint}write one of: {}", allowed.join(", ")),
        );
        None
    }

    /// A list of texts; a single text is a list of one.
    fn texts(&mut self, what: &str, node: &Node) -> Vec<Located<String>> {
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

    /// The entries of a list of mappings, reporting anything else.
    fn list<'n>(&mut self, key: &str, node: &'n Node, example: &str) -> Vec<&'n Node> {
        match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            other => {
                self.error(
                    node.bytes.clone(),
                    format!("`{key}` must be a list, found {}", other.kind()),
                    format!("write one entry per line, e.g. `{key}:` then `  - {example}`"),
                );
                Vec::new()
            }
        }
    }
}

/// Reads `commitments:`, a list of `{id, title}`, in file order. Malformed
/// entries are reported and left out; duplicates are checked by the model.
pub fn read_commitments(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Commitment> {
    let mut r = Reader { file, diagnostics };
    let example = "{ id: C1, title: \"Meet customer requirements\" }";
    let mut out = Vec::new();
    for (n, item) in r.list("commitments", node, example).into_iter().enumerate() {
        let what = format!("`commitments` entry {}", n + 1);
        let Value::Map(fields) = &item.value else {
            r.error(
                item.bytes.clone(),
                format!(
                    "{what} must be a mapping with `id` and `title`, found {}",
                    item.value.kind()
                ),
                format!("write e.g. `- {example}`"),
            );
            continue;
        };
        let (mut id, mut title) = (None, None);
        for (key, value) in fields {
            let field = format!("`{key}` of {what}");
            match key.as_str() {
                "id" => id = r.id(&field, value, "C1"),
                "title" => title = r.text(&field, value),
                other => r.unknown_key(&what, other, value, &COMMITMENT_KEYS),
            }
        }
        let missing: Vec<&str> = COMMITMENT_KEYS
            .into_iter()
            .filter(|k| !fields.iter().any(|(key, _)| key == k))
            .collect();
        r.missing(
            &what,
            mapping_at(file, item, fields),
            &missing,
            "`id: C1`, `title: \"…\"`",
        );
        if let (Some(id), Some(title)) = (id, title) {
            out.push(Commitment { id, title });
        }
    }
    out
}

/// Reads `objectives:`, a list of objective mappings, in file order.
/// Malformed entries are reported and left out.
pub fn read_objectives(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ObjectiveSpec> {
    let mut r = Reader { file, diagnostics };
    let mut out = Vec::new();
    for (n, item) in r
        .list("objectives", node, "id: OBJ-2026-01")
        .into_iter()
        .enumerate()
    {
        if let Some(o) = read_objective(&mut r, n + 1, item) {
            out.push(o);
        }
    }
    out
}

/// One `objectives:` entry.
fn read_objective(r: &mut Reader<'_>, n: usize, item: &Node) -> Option<ObjectiveSpec> {
    let what = format!("`objectives` entry {n}");
    let Value::Map(fields) = &item.value else {
        r.error(
            item.bytes.clone(),
            format!("{what} must be a mapping, found {}", item.value.kind()),
            "write `- id: OBJ-2026-01` with `title:`, `target:`, `frequency:` … indented below it"
                .to_string(),
        );
        return None;
    };
    let mut id = None;
    let mut title = None;
    let mut serves = Vec::new();
    let (mut measure, mut unit, mut baseline, mut owner) = (None, None, None, None);
    let (mut target, mut due, mut frequency, mut data) = (None, None, None, None);
    let (mut actions, mut resources, mut evaluation) = (Vec::new(), None, None);
    for (key, value) in fields {
        let field = format!("`{key}` of {what}");
        match key.as_str() {
            "id" => id = r.id(&field, value, "OBJ-2026-01"),
            "title" => title = r.text(&field, value),
            "serves" => serves = r.texts(&field, value),
            "measure" => measure = r.text(&field, value),
            "unit" => unit = r.text(&field, value),
            "target" => target = read_target(r, &field, value),
            "baseline" => baseline = r.text(&field, value),
            "owner" => owner = r.text(&field, value),
            "due" => due = r.date(&field, value),
            "frequency" => {
                frequency = r
                    .keyword(&field, value, &Frequency::ALL)
                    .map(|i| [Frequency::Monthly, Frequency::Quarterly, Frequency::Yearly][i])
            }
            "data" => data = r.located_text(&field, value),
            "actions" => {
                actions = r
                    .texts(&field, value)
                    .into_iter()
                    .map(|a| a.value)
                    .collect()
            }
            "resources" => resources = r.text(&field, value),
            "evaluation" => evaluation = r.text(&field, value),
            other => r.unknown_key(&what, other, value, &OBJECTIVE_KEYS),
        }
    }
    let missing: Vec<&str> = ["id", "title", "target", "frequency"]
        .into_iter()
        .filter(|k| !fields.iter().any(|(key, _)| key == k))
        .collect();
    r.missing(
        &what,
        mapping_at(r.file, item, fields),
        &missing,
        "`id: OBJ-2026-01`, `title: \"…\"`, `target: { value: 95, direction: at-least }`, `frequency: monthly`",
    );
    Some(ObjectiveSpec {
        id: id?,
        title: title?,
        serves,
        measure,
        unit,
        target: target?,
        baseline,
        owner,
        due,
        frequency: frequency?,
        data,
        actions,
        resources,
        evaluation,
        bytes: item.bytes.clone(),
    })
}

/// `target: { value: 95, direction: at-least }`.
fn read_target(r: &mut Reader<'_>, what: &str, node: &Node) -> Option<Target> {
    let example = "`target: { value: 95, direction: at-least }`";
    let Value::Map(fields) = &node.value else {
        r.error(
            node.bytes.clone(),
            format!(
                "{what} must be a mapping with `value` and `direction`, found {}",
                node.value.kind()
            ),
            format!("write e.g. {example}"),
        );
        return None;
    };
    let (mut value, mut direction) = (None, None);
    for (key, v) in fields {
        let field = format!("`{key}` of {what}");
        match key.as_str() {
            "value" => value = r.number(&field, v),
            "direction" => {
                direction = r
                    .keyword(&field, v, &Direction::ALL)
                    .map(|i| [Direction::AtLeast, Direction::AtMost][i])
            }
            other => r.unknown_key(what, other, v, &TARGET_KEYS),
        }
    }
    let missing: Vec<&str> = TARGET_KEYS
        .into_iter()
        .filter(|k| !fields.iter().any(|(key, _)| key == k))
        .collect();
    r.missing(what, mapping_at(r.file, node, fields), &missing, example);
    Some(Target {
        value: value?,
        direction: direction?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;

    fn read<T>(
        yaml_text: &str,
        read: impl Fn(&SourceText, &Node, &mut Vec<Diagnostic>) -> T,
    ) -> (T, Vec<Diagnostic>) {
        let file = SourceText::new("content/a.md", yaml_text.to_string());
        let root = yaml::parse(yaml_text, 0).expect("valid YAML");
        let Value::Map(entries) = root.value else {
            panic!("a mapping")
        };
        let mut d = Vec::new();
        let value = read(&file, &entries[0].1, &mut d);
        (value, d)
    }

    #[test]
    fn commitments_are_read_with_anchors() {
        let (c, d) = read(
            "commitments:\n  - { id: C1, title: Customers }\n  - id: C2\n    titel: Law\n",
            read_commitments,
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].anchor(), "commitment-c1");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].location(), "content/a.md:4:5");
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `title`")
        );
        assert!(d[1].message.contains("missing the required key `title`"));
    }

    #[test]
    fn a_full_objective() {
        let (o, d) = read(
            "objectives:\n  - id: OBJ-2026-01\n    title: Deliver on time\n    serves: [C1, C2]\n    measure: On-time delivery\n    unit: \"%\"\n    target: { value: 95, direction: at-least }\n    baseline: 91.5\n    owner: Logistics Manager\n    due: 2026-12-31\n    frequency: Monthly\n    data: data/otd.csv\n    actions: [Fix planning, Weekly review]\n    resources: Planner time\n    evaluation: Monthly at the KPI meeting\n",
            read_objectives,
        );
        assert!(d.is_empty(), "{d:?}");
        let o = &o[0];
        assert_eq!(o.id.value, "OBJ-2026-01");
        assert_eq!(o.serves.len(), 2);
        assert_eq!(o.target.value, 95.0);
        assert_eq!(o.target.direction, Direction::AtLeast);
        assert_eq!(o.frequency, Frequency::Monthly);
        assert_eq!(o.baseline.as_deref(), Some("91.5"));
        assert_eq!(o.actions.len(), 2);
        assert_eq!(objective_anchor(&o.id.value), "objective-obj-2026-01");
    }

    #[test]
    fn bad_fields_point_at_their_values() {
        let (o, d) = read(
            "objectives:\n  - id: OBJ-1\n    title: T\n    target: { value: 95%, direction: atleast }\n    frequency: weekly\n    due: 2026-13-01\n    owner_role: QM\n",
            read_objectives,
        );
        assert!(o.is_empty());
        let at: Vec<String> = d.iter().map(Diagnostic::location).collect();
        assert_eq!(
            at,
            [
                "content/a.md:4:22",
                "content/a.md:4:38",
                "content/a.md:5:16",
                "content/a.md:6:10",
                "content/a.md:7:5"
            ],
            "{d:?}"
        );
        assert!(d[1].help.as_deref().unwrap_or("").contains("`at-least`"));
        assert!(
            d[4].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `owner`")
        );
        let (_, d) = read("objectives:\n  - id: OBJ-1\n", read_objectives);
        assert!(
            d[0].message
                .contains("missing the required keys `title`, `target`, `frequency`"),
            "{d:?}"
        );
        let (_, d) = read("objectives: OBJ-1\n", read_objectives);
        assert!(d[0].message.contains("must be a list"));
    }
}
