//! Awareness inputs: the front-matter keys `audience:` and `acknowledge:`,
//! the roster (`people.csv`: `person,roles,start,end`) and the
//! acknowledgement ledger (`acknowledgements/*.csv`:
//! `date,person,document,revision`). Every malformed value or row is an
//! error at its file, line and column.
//!
//! It reads one file at a time; whether a person, document or revision in
//! the ledger exists is [`crate::check`], who owes what is
//! [`crate::analysis`].

use std::ops::Range;

use jiff::civil::Date;

use crate::config::AckPolicy;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::located::Located;
use crate::parse::yaml::{Node, Value};
use crate::parse::{csv_text, dates};
use crate::util::suggest;

/// The code of every problem in the people file.
pub const PEOPLE_CODE: &str = "invalid-people";
/// The code of every malformed line of the ledger.
pub const LEDGER_CODE: &str = "invalid-acknowledgement";
/// The people file's header.
pub const PEOPLE_HEADER: &str = "person,roles,start,end";
/// A ledger file's header.
pub const LEDGER_HEADER: &str = "date,person,document,revision";

/// `audience:` of a document: who must read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// `audience: all`: everyone on the roster.
    All,
    /// `audience: [roles]`.
    Roles(Vec<Located<String>>),
}

impl Audience {
    /// Whether someone holding `roles` is in the audience.
    pub fn includes(&self, roles: &[String]) -> bool {
        match self {
            Audience::All => true,
            Audience::Roles(list) => list
                .iter()
                .any(|r| roles.iter().any(|h| h.eq_ignore_ascii_case(&r.value))),
        }
    }
}

fn error(
    file: &SourceText,
    code: &'static str,
    bytes: Range<usize>,
    m: String,
    h: String,
) -> Diagnostic {
    Diagnostic::error(code, m).at_bytes(file, bytes).help(h)
}

/// Reads `audience:`: `all`, one role, or a list of roles.
pub fn read_audience(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Audience> {
    const HELP: &str =
        "write `audience: all` or a list of roles, e.g. `audience: [Quality Manager, Operators]`";
    let items: Vec<&Node> = match &node.value {
        Value::Str(s) if s.trim().eq_ignore_ascii_case("all") => return Some(Audience::All),
        Value::Str(_) => vec![node],
        Value::Seq(items) => items.iter().collect(),
        other => {
            diagnostics.push(error(
                file,
                "invalid-front-matter",
                node.bytes.clone(),
                format!(
                    "`audience` must be `all` or a list of roles, found {}",
                    other.kind()
                ),
                HELP.into(),
            ));
            return None;
        }
    };
    let mut roles: Vec<Located<String>> = Vec::new();
    for item in items {
        match &item.value {
            Value::Str(s) if !s.trim().is_empty() => {
                if s.trim().eq_ignore_ascii_case("all") {
                    return Some(Audience::All);
                }
                roles.push(Located {
                    value: s.trim().to_string(),
                    bytes: item.bytes.clone(),
                });
            }
            other => diagnostics.push(error(
                file,
                "invalid-front-matter",
                item.bytes.clone(),
                format!("a role in `audience` must be text, found {}", other.kind()),
                HELP.into(),
            )),
        }
    }
    (!roles.is_empty()).then_some(Audience::Roles(roles))
}

/// Reads `acknowledge:` (`every-revision`, `major-revision` or `none`).
pub fn read_acknowledge(
    file: &SourceText,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<AckPolicy>> {
    let text = match &node.value {
        Value::Str(s) => s.trim().to_string(),
        other => other.kind().to_string(),
    };
    match AckPolicy::parse(&text) {
        Some(p) => Some(Located {
            value: p,
            bytes: node.bytes.clone(),
        }),
        None => {
            let hint = suggest::closest(&text, AckPolicy::ALL.iter().copied())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            diagnostics.push(error(
                file,
                "invalid-front-matter",
                node.bytes.clone(),
                format!("unknown `acknowledge` value `{text}`"),
                format!(
                    "{hint}`acknowledge` is one of: {}",
                    AckPolicy::ALL.join(", ")
                ),
            ));
            None
        }
    }
}

/// One person of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name, as the ledger writes it (unique, case-insensitive).
    pub name: String,
    /// The roles held, in file order.
    pub roles: Vec<String>,
    /// The first day in the organisation (or in these roles).
    pub start: Date,
    /// The last day, when the person has left.
    pub end: Option<Date>,
    /// The row's byte range in the people file.
    pub bytes: Range<usize>,
}

impl Person {
    /// Whether the person is in the organisation on `day`.
    pub fn present_on(&self, day: Date) -> bool {
        self.start <= day && self.end.is_none_or(|e| e >= day)
    }
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The day the person acknowledged the revision.
    pub date: Date,
    /// The byte range of the date.
    pub date_at: Range<usize>,
    /// The person, as written.
    pub person: Located<String>,
    /// The document ID, as written.
    pub document: Located<String>,
    /// The revision, as written.
    pub revision: Located<String>,
    /// The row's byte range.
    pub bytes: Range<usize>,
}

/// One row of a CSV file: its line, its byte range, and its fields (trimmed)
/// with their byte ranges.
type Row = (u64, Range<usize>, Vec<(String, Range<usize>)>);

/// A CSV file's rows after its header: `(line, row bytes, fields with
/// their byte ranges)`. A header other than `header` is an error and gives
/// no rows.
fn rows(
    file: &SourceText,
    code: &'static str,
    header: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let text: &str = &file.text;
    let columns = header.split(',').count();
    let mut out = Vec::new();
    let mut header_seen = false;
    for record in csv_text::records(text) {
        let line = record.line;
        let row = record.first_line(text);
        if !header_seen {
            header_seen = true;
            let names: Vec<String> = record
                .iter()
                .map(|f| f.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
                .collect();
            if names.join(",") != header {
                diagnostics.push(error(
                    file,
                    code,
                    row,
                    format!("the header must be `{header}`, found `{}`", names.join(",")),
                    format!("make the first line `{header}`"),
                ));
                return Vec::new();
            }
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != columns {
            diagnostics.push(error(
                file,
                code,
                row,
                format!("row has {} fields, expected {columns}", record.len()),
                format!("write `{header}`; leave a field empty but keep its comma"),
            ));
            continue;
        }
        let mut fields = Vec::with_capacity(columns);
        let mut from = row.start;
        for f in record.iter() {
            let value = f.trim().to_string();
            let bytes = match text.get(from..row.end).and_then(|r| r.find(&value)) {
                Some(i) if !value.is_empty() => from + i..from + i + value.len(),
                _ => row.clone(),
            };
            if bytes != row {
                from = bytes.end;
            }
            fields.push((value, bytes));
        }
        out.push((line, row, fields));
    }
    if !header_seen {
        diagnostics.push(error(
            file,
            code,
            0..0,
            "the file is empty".into(),
            format!("start it with the header `{header}`"),
        ));
    }
    out
}

/// A date field, or an error at it.
fn date_field(
    file: &SourceText,
    code: &'static str,
    what: &str,
    (text, bytes): &(String, Range<usize>),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Date> {
    match dates::parse_date(text) {
        Ok(d) => Some(d),
        Err(problem) => {
            diagnostics.push(error(
                file,
                code,
                bytes.clone(),
                format!("{what}: {}", problem.message),
                problem.help,
            ));
            None
        }
    }
}

/// A required text field, or an error at the row.
fn text_field(
    file: &SourceText,
    code: &'static str,
    what: &str,
    row: &Range<usize>,
    (text, bytes): &(String, Range<usize>),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<String>> {
    if text.is_empty() {
        diagnostics.push(error(
            file,
            code,
            row.clone(),
            format!("the {what} is empty"),
            format!("give the {what}"),
        ));
        return None;
    }
    Some(Located {
        value: text.clone(),
        bytes: bytes.clone(),
    })
}

/// Reads the people file: one row per person, names unique
/// (case-insensitive), roles separated by `;`, `start` required, `end`
/// optional and not before `start`.
pub fn read_people(file: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for (line, row, f) in rows(file, PEOPLE_CODE, PEOPLE_HEADER, diagnostics) {
        let Some(name) = text_field(file, PEOPLE_CODE, "person", &row, &f[0], diagnostics) else {
            continue;
        };
        if let Some(first) = out
            .iter()
            .find(|p| p.name.to_lowercase() == name.value.to_lowercase())
        {
            let first_line = file.position(first.bytes.start).line;
            diagnostics.push(error(
                file,
                PEOPLE_CODE,
                name.bytes,
                format!("`{}` is listed twice", name.value),
                format!(
                    "keep one row per person (line {first_line} has the first), with all their roles separated by `;`"
                ),
            ));
            continue;
        }
        let roles: Vec<String> = f[1]
            .0
            .split(';')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        if roles.is_empty() {
            diagnostics.push(error(
                file,
                PEOPLE_CODE,
                row.clone(),
                format!("line {line}: `{}` holds no role", name.value),
                "give the person's roles, separated by `;`, e.g. `Operator;Internal Auditor`"
                    .into(),
            ));
            continue;
        }
        let Some(start) = date_field(file, PEOPLE_CODE, "start", &f[2], diagnostics) else {
            continue;
        };
        let end = if f[3].0.is_empty() {
            None
        } else {
            let Some(end) = date_field(file, PEOPLE_CODE, "end", &f[3], diagnostics) else {
                continue;
            };
            if end < start {
                diagnostics.push(error(
                    file,
                    PEOPLE_CODE,
                    f[3].1.clone(),
                    format!("`{}` ends on {end}, before starting on {start}", name.value),
                    "correct the end date, or leave it empty while the person is here".into(),
                ));
                continue;
            }
            Some(end)
        };
        out.push(Person {
            name: name.value,
            roles,
            start,
            end,
            bytes: row,
        });
    }
    out
}

/// Reads one ledger file: one acknowledgement per row.
pub fn read_ledger(file: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> Vec<Acknowledgement> {
    let mut out = Vec::new();
    for (_, row, f) in rows(file, LEDGER_CODE, LEDGER_HEADER, diagnostics) {
        let Some(date) = date_field(file, LEDGER_CODE, "date", &f[0], diagnostics) else {
            continue;
        };
        let person = text_field(file, LEDGER_CODE, "person", &row, &f[1], diagnostics);
        let document = text_field(file, LEDGER_CODE, "document", &row, &f[2], diagnostics);
        let revision = text_field(file, LEDGER_CODE, "revision", &row, &f[3], diagnostics);
        let (Some(person), Some(document), Some(revision)) = (person, document, revision) else {
            continue;
        };
        out.push(Acknowledgement {
            date,
            date_at: f[0].1.clone(),
            person,
            document,
            revision,
            bytes: row,
        });
    }
    out
}

/// A CSV field as written into a ledger line: quoted when it holds a comma,
/// a quote or a line break.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceText {
        SourceText::new("people.csv", text.to_string())
    }

    #[test]
    fn people_are_read_with_roles_and_dates() {
        let f = file(
            "person,roles,start,end\nAnn Lee,Quality Manager; Internal Auditor,2020-01-06,\n\"Lee, Bo\",Operator,2021-03-01,2026-06-30\n",
        );
        let mut d = Vec::new();
        let people = read_people(&f, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].roles, ["Quality Manager", "Internal Auditor"]);
        assert_eq!(people[1].name, "Lee, Bo");
        let day = |s: &str| dates::parse_date(s).expect("date");
        assert!(people[1].present_on(day("2026-06-30")));
        assert!(!people[1].present_on(day("2026-07-01")));
        assert!(!people[0].present_on(day("2019-12-31")));
    }

    #[test]
    fn bad_people_rows_are_errors_at_their_line() {
        let f = file(
            "person,roles,start,end\nAnn,QM,2020-01-06,\nann,QM,2020-01-06,\nBo,,2020-01-06,\nCy,QM,2020-13-01,\nDi,QM,2020-01-06,2019-01-01\nEd,QM\n",
        );
        let mut d = Vec::new();
        let people = read_people(&f, &mut d);
        assert_eq!(people.len(), 1);
        let mut lines: Vec<usize> = d
            .iter()
            .map(|d| d.span.as_ref().map_or(0, |s| s.start.line))
            .collect();
        lines.sort_unstable();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert!(d.iter().all(|d| d.code == PEOPLE_CODE));
        let mut d = Vec::new();
        assert!(read_people(&file("name,roles\n"), &mut d).is_empty());
        assert!(d[0].message.contains("header"), "{}", d[0].message);
    }

    #[test]
    fn ledger_rows_are_read_and_bad_ones_reported() {
        let f = SourceText::new(
            "acknowledgements/2026.csv",
            "date,person,document,revision\n2026-03-02,Ann,POL-001,C\n2026-02-30,Ann,POL-001,C\n2026-03-02,,POL-001,C\n".to_string(),
        );
        let mut d = Vec::new();
        let acks = read_ledger(&f, &mut d);
        assert_eq!(acks.len(), 1);
        assert_eq!(acks[0].document.value, "POL-001");
        assert_eq!(&f.text[acks[0].revision.bytes.clone()], "C");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].location(), "acknowledgements/2026.csv:3:1");
    }

    #[test]
    fn fields_with_commas_are_quoted() {
        assert_eq!(csv_field("Lee, Bo"), "\"Lee, Bo\"");
        assert_eq!(csv_field("Ann"), "Ann");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }
}
