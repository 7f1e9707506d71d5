//! The quality objectives as rows for pages, exports and the terminal: one
//! [`ObjectiveRow`] per objective of a published document, with its status
//! as of the build date, and the commitments × objectives alignment. The
//! CSV, JSON and terminal table are formatted here from the same rows, so
//! `objectives.html`, `objectives.csv`, `objectives.json` and
//! `qmsbook objectives` agree.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;

use serde::Serialize;

use crate::analysis::objectives::{self, ObjectiveStatus};
use crate::model::handbook::Handbook;
use crate::model::links::encode_path;
use crate::model::urls;
use crate::parse::objectives::objective_anchor;
use crate::views::csv::csv_string;

/// A document an objective view links to.
#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    /// Its ID.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page (with an anchor for a commitment).
    pub url: String,
}

/// One measurement as shown.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The day (`YYYY-MM-DD` in JSON).
    #[serde(serialize_with = "day_text")]
    pub date: Date,
    /// The value.
    pub value: f64,
    /// The remark, if any (left out of the JSON when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A day as `YYYY-MM-DD`.
fn day_text<S: serde::Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
    match crate::parse::dates::day_bytes(*day) {
        Some(bytes) => {
            s.serialize_str(std::str::from_utf8(&bytes).map_err(serde::ser::Error::custom)?)
        }
        None => s.collect_str(day),
    }
}

/// One objective with its status as of the build date.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveRow {
    /// ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status spelling (`on-track`).
    pub status: &'static str,
    /// Status words (`On track`).
    pub status_label: &'static str,
    /// The latest value, if any.
    pub latest_value: Option<f64>,
    /// Its date.
    pub latest_date: Option<String>,
    /// The latest value as written in exports.
    pub latest_text: Option<String>,
    /// Target value.
    pub target: f64,
    /// The target as written in exports.
    pub target_text: String,
    /// `at-least` or `at-most`.
    pub direction: &'static str,
    /// The unit.
    pub unit: Option<String>,
    /// The unit as written after a number: `%` as it is, a word after a
    /// space (` complaints`), empty without a unit.
    pub unit_suffix: String,
    /// What is measured.
    pub measure: Option<String>,
    /// Baseline as written.
    pub baseline: Option<String>,
    /// Responsible role.
    pub owner: Option<String>,
    /// Due date.
    pub due: Option<String>,
    /// `monthly`, `quarterly` or `yearly`.
    pub frequency: &'static str,
    /// What will be done.
    pub actions: Vec<String>,
    /// Resources.
    pub resources: Option<String>,
    /// How results are evaluated.
    pub evaluation: Option<String>,
    /// The commitments it serves (links to them on the policy page).
    pub serves: Vec<DocLink>,
    /// The document that declares it.
    pub declared_in: DocLink,
    /// Published documents that link to the objective (`[[DOC#objective-…]]`): those that carry it out.
    pub carried_out_by: Vec<DocLink>,
    /// Its page.
    pub url: String,
    /// The results, oldest first.
    pub points: Vec<Point>,
    /// The data file, relative to the content folder.
    pub data: Option<String>,
    /// The data file's address in the site, when it is published (relative
    /// to the site root, percent-encoded).
    pub data_url: Option<String>,
}

/// A commitment and the objectives that serve it.
#[derive(Debug, Clone, Serialize)]
pub struct AlignmentRow {
    /// The commitment, linking to the policy page.
    pub commitment: DocLink,
    /// Its objectives.
    pub objectives: Vec<AlignedObjective>,
}

/// An objective as the alignment shows it: what it is and its status, not its results.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedObjective {
    /// ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status spelling (`on-track`).
    pub status: &'static str,
    /// Status words (`On track`).
    pub status_label: &'static str,
    /// Its page.
    pub url: String,
}

/// How many objectives have one status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    /// Status spelling.
    pub status: &'static str,
    /// Status words.
    pub label: &'static str,
    /// How many.
    pub count: usize,
}

/// Published documents by the objective anchors they link to: `(declaring
/// document, anchor)` → linking documents, each once, in navigation order.
type Carriers = BTreeMap<(usize, String), Vec<usize>>;

/// Which published documents link to which objective anchors (one pass over every link).
fn carriers(hb: &Handbook) -> Carriers {
    let mut out = Carriers::new();
    for (i, d) in hb.documents.iter().enumerate().filter(|(_, d)| d.published) {
        for l in &d.links {
            let (Some(target), Some(href)) = (l.document, l.href.as_deref()) else {
                continue;
            };
            let Some((_, anchor)) = href.split_once('#') else {
                continue;
            };
            if target == i || !anchor.starts_with("objective-") {
                continue;
            }
            let list = out.entry((target, anchor.to_string())).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    out
}

/// Every objective of a published document, by ID.
pub fn rows(hb: &Handbook) -> Vec<ObjectiveRow> {
    let carriers = carriers(hb);
    let published: HashSet<&str> = hb
        .assets
        .iter()
        .filter(|a| a.is_published())
        .map(|a| a.rel.as_str())
        .collect();
    hb.leadership
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| hb.documents[o.doc].published)
        .map(|(i, _)| row(hb, i, &carriers, &published))
        .collect()
}

/// Every objective of a published document, by ID, with its status only (no
/// results, no carriers): the same objectives and statuses as [`rows`], cheaper.
pub fn statuses(hb: &Handbook) -> Vec<AlignedObjective> {
    hb.leadership
        .objectives
        .iter()
        .filter(|o| hb.documents[o.doc].published)
        .map(|o| {
            let status = objectives::of(o, hb.today);
            AlignedObjective {
                id: o.id().to_string(),
                title: o.spec.title.clone(),
                status: status.as_str(),
                status_label: status.label(),
                url: o.url.clone(),
            }
        })
        .collect()
}

/// The view of objective `index` of `hb.leadership.objectives`.
/// `published` holds the content files the site publishes.
fn row(
    hb: &Handbook,
    index: usize,
    carriers: &Carriers,
    published: &HashSet<&str>,
) -> ObjectiveRow {
    let o = &hb.leadership.objectives[index];
    let status = objectives::of(o, hb.today);
    let d = &hb.documents[o.doc];
    let latest = o.rows.last();
    let anchor = objective_anchor(o.id());
    let carried_out_by = carriers
        .get(&(o.doc, anchor.clone()))
        .into_iter()
        .flatten()
        .map(|&i| &hb.documents[i])
        .map(|src| DocLink {
            id: src.id().to_string(),
            title: src.meta.title.clone(),
            url: src.url.clone(),
        })
        .collect();
    ObjectiveRow {
        id: o.id().to_string(),
        title: o.spec.title.clone(),
        status: status.as_str(),
        status_label: status.label(),
        latest_value: latest.map(|r| r.value),
        latest_date: latest.map(|r| r.date.to_string()),
        latest_text: latest.map(|r| number(r.value)),
        target: o.spec.target.value,
        target_text: number(o.spec.target.value),
        direction: o.spec.target.direction.as_str(),
        unit: o.spec.unit.clone(),
        unit_suffix: unit_suffix(o.spec.unit.as_deref()),
        measure: o.spec.measure.clone(),
        baseline: o.spec.baseline.clone(),
        owner: o.spec.owner.clone(),
        due: o.spec.due.as_ref().map(|d| d.value.to_string()),
        frequency: o.spec.frequency.as_str(),
        actions: o.spec.actions.clone(),
        resources: o.spec.resources.clone(),
        evaluation: o.spec.evaluation.clone(),
        serves: o.serves.iter().map(|&c| commitment_link(hb, c)).collect(),
        declared_in: DocLink {
            id: d.id().to_string(),
            title: d.meta.title.clone(),
            url: format!("{}#{anchor}", d.url),
        },
        carried_out_by,
        url: o.url.clone(),
        points: o
            .rows
            .iter()
            .map(|r| Point {
                date: r.date,
                value: r.value,
                note: r.note.clone(),
            })
            .collect(),
        data: o.data_path.clone(),
        data_url: o
            .data_path
            .as_deref()
            .filter(|rel| published.contains(rel))
            .map(|rel| urls::file(&encode_path(rel))),
    }
}

/// A commitment as a link to its place on the policy page.
fn commitment_link(hb: &Handbook, index: usize) -> DocLink {
    let c = &hb.leadership.commitments[index];
    DocLink {
        id: c.commitment.id.value.clone(),
        title: c.commitment.title.clone(),
        url: format!("{}#{}", hb.documents[c.doc].url, c.commitment.anchor()),
    }
}

/// Commitments of published documents, each with the objectives that serve it.
pub fn alignment(hb: &Handbook, rows: &[ObjectiveRow]) -> Vec<AlignmentRow> {
    let by_id: BTreeMap<&str, &ObjectiveRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    hb.leadership
        .commitments
        .iter()
        .enumerate()
        .filter(|(_, c)| hb.documents[c.doc].published)
        .map(|(i, c)| AlignmentRow {
            commitment: commitment_link(hb, i),
            objectives: c
                .objectives
                .iter()
                .filter_map(|&o| {
                    let id = hb.leadership.objectives[o].id();
                    by_id.get(id).map(|r| AlignedObjective {
                        id: r.id.clone(),
                        title: r.title.clone(),
                        status: r.status,
                        status_label: r.status_label,
                        url: r.url.clone(),
                    })
                })
                .collect(),
        })
        .collect()
}

/// How many objectives have each status, most urgent first (all six, zeros included).
pub fn by_status(rows: &[ObjectiveRow]) -> Vec<StatusCount> {
    ObjectiveStatus::ALL
        .iter()
        .map(|s| StatusCount {
            status: s.as_str(),
            label: s.label(),
            count: rows.iter().filter(|r| r.status == s.as_str()).count(),
        })
        .collect()
}

/// The CSV export's columns.
pub const CSV_HEADER: [&str; 11] = [
    "id",
    "status",
    "latest_value",
    "latest_date",
    "target",
    "direction",
    "due",
    "owner",
    "unit",
    "frequency",
    "title",
];

/// The rows as CSV.
pub fn csv(rows: &[ObjectiveRow]) -> String {
    csv_string(
        &CSV_HEADER,
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.status.to_string(),
                r.latest_value.map(number).unwrap_or_default(),
                r.latest_date.clone().unwrap_or_default(),
                number(r.target),
                r.direction.to_string(),
                r.due.clone().unwrap_or_default(),
                r.owner.clone().unwrap_or_default(),
                r.unit.clone().unwrap_or_default(),
                r.frequency.to_string(),
                r.title.clone(),
            ]
        }),
    )
}

/// The rows as JSON: an array with one objective a line, compact within
/// the line (a thousand objectives with five years of monthly results stay
/// a few megabytes, and a diff between two builds shows which changed).
pub fn json(rows: &[ObjectiveRow]) -> String {
    let mut s = String::from("[");
    for (i, row) in rows.iter().enumerate() {
        s.push_str(if i == 0 { "\n" } else { ",\n" });
        s.push_str(&serde_json::to_string(row).unwrap_or_else(|_| "null".to_string()));
    }
    s.push_str("\n]\n");
    s
}

/// A unit as it follows a number (see [`ObjectiveRow::unit_suffix`]).
pub fn unit_suffix(unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        Some(u) if u.starts_with(|c: char| c.is_alphanumeric()) => format!(" {u}"),
        Some(u) => u.to_string(),
        None => String::new(),
    }
}

/// The rows as a plain-text table for the terminal.
pub fn table(rows: &[ObjectiveRow]) -> String {
    let header = ["ID", "STATUS", "LATEST", "DATE", "TARGET", "DUE", "OWNER"];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let unit = &r.unit_suffix;
            [
                r.id.clone(),
                r.status.to_string(),
                r.latest_value
                    .map(|v| format!("{}{unit}", number(v)))
                    .unwrap_or_else(|| "-".into()),
                r.latest_date.clone().unwrap_or_else(|| "-".into()),
                format!(
                    "{} {}{unit}",
                    if r.direction == "at-least" {
                        ">="
                    } else {
                        "<="
                    },
                    number(r.target)
                ),
                r.due.clone().unwrap_or_else(|| "-".into()),
                r.owner.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cols: Vec<&str>| {
        let padded: Vec<String> = cols
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for row in &cells {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

/// A number as people write it (`95`, `96.4`).
pub fn number(v: f64) -> String {
    let mut out = String::new();
    push_number(&mut out, v);
    out
}

/// Appends `v` as `{v}` (its `Display`) writes it: the shortest digits that
/// read back as `v`, never an exponent, no `.0` on a whole number.
pub fn push_number(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    let _ = write!(out, "{v}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_follow_numbers_as_people_write_them() {
        assert_eq!(unit_suffix(Some("%")), "%");
        assert_eq!(unit_suffix(Some(" complaints")), " complaints");
        assert_eq!(unit_suffix(Some("°C")), "°C");
        assert_eq!(unit_suffix(None), "");
    }
}
