//! The front-matter schema: turning a YAML tree into typed, checked document metadata.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;
use serde::Serialize;

use crate::config::{AckPolicy, ExtraFields, ExtraType};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::approval::{self, ChangeEntry, Reviewed};
use crate::parse::awareness::{self, Audience};
pub use crate::parse::clause_tags::ClauseTag;
use crate::parse::clause_tags::read_clause_tags;
use crate::parse::dates;
use crate::parse::external::{self, Edition, ExternalFields};
pub use crate::parse::ids::id_problem;
use crate::parse::management_review::{self, REVIEW_KEYS, ReviewFields};
use crate::parse::objectives::{self, Commitment, ObjectiveSpec};
use crate::parse::records::{self, RecordEntry};
use crate::parse::source::{FrontMatterBlock, SourceFile};
use crate::parse::yaml::{self, Node, Value};

/// Where a document is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Being written; not published by default.
    Draft,
    /// Waiting for approval; not published by default.
    InReview,
    /// Approved and in force (from its effective date).
    Approved,
    /// Withdrawn; kept at its URL for reference.
    Obsolete,
}

impl Status {
    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Approved => "approved",
            Status::Obsolete => "obsolete",
        }
    }

    /// Parses the front-matter spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Status::Draft),
            "in-review" => Some(Status::InReview),
            "approved" => Some(Status::Approved),
            "obsolete" => Some(Status::Obsolete),
            _ => None,
        }
    }

    /// Parses the front-matter spelling in any case (`Approved`, `DRAFT`).
    pub fn parse_any_case(s: &str) -> Option<Self> {
        Self::parse(&s.to_ascii_lowercase())
    }

    /// All statuses, for messages.
    pub const ALL: [&'static str; 4] = ["draft", "in-review", "approved", "obsolete"];
}

pub use crate::parse::located::Located;

/// Checked front matter of one document.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Document ID, e.g. `SOP-004`.
    pub id: Located<String>,
    /// Title.
    pub title: String,
    /// Document type key.
    pub doc_type: Located<String>,
    /// Owning role.
    pub owner: Option<String>,
    /// Approving role.
    pub approved_by: Option<Located<String>>,
    /// The day the current revision was approved.
    pub approved_on: Option<Located<Date>>,
    /// Revision, e.g. `C`.
    pub revision: Option<String>,
    /// Byte range of the `revision` value.
    pub revision_at: Option<Range<usize>>,
    /// Effective date.
    pub effective: Option<Located<Date>>,
    /// Next review date.
    pub review_by: Option<Located<Date>>,
    /// Life-cycle status.
    pub status: Status,
    /// The revision log (`changes:`) in file order; `None` when the
    /// document has no `changes:` key.
    pub changes: Option<Vec<ChangeEntry>>,
    /// The last periodic review.
    pub reviewed: Option<Reviewed>,
    /// Clause tags.
    pub clauses: Vec<ClauseTag>,
    /// Navigation order within the type.
    pub weight: i64,
    /// IDs of documents this one replaces.
    pub supersedes: Vec<Located<String>>,
    /// ID of the document that replaces this one.
    pub superseded_by: Option<Located<String>>,
    /// The fields of a document of external origin (issuer, identifier,
    /// edition, controlled copy, currency checks).
    pub external: ExternalFields,
    /// The records this document governs (`records:`), in file order.
    pub records: Vec<RecordEntry>,
    /// The quality policy's commitments (`commitments:`).
    pub commitments: Vec<Commitment>,
    /// The quality objectives this document declares (`objectives:`).
    pub objectives: Vec<ObjectiveSpec>,
    /// The keys of a management review record (`date`, `chair`, `covers`,
    /// `decisions`, `actions`, …), as far as given.
    pub review: ReviewFields,
    /// Who must read it (`audience:`).
    pub audience: Option<Audience>,
    /// Which of its revisions the audience acknowledges (`acknowledge:`);
    /// `None`: the default of `[awareness]` for its type.
    pub acknowledge: Option<Located<AckPolicy>>,
    /// All other keys, for templates.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The keys the schema knows; everything else goes to `extra`.
pub const KNOWN_KEYS: [&str; 33] = [
    "id",
    "title",
    "type",
    "owner",
    "approved_by",
    "approved_on",
    "revision",
    "effective",
    "review_by",
    "status",
    "changes",
    "reviewed",
    "clauses",
    "weight",
    "supersedes",
    "superseded_by",
    "issuer",
    "identifier",
    "edition",
    "controlled_copy",
    "currency_checked",
    "next_currency_check",
    "records",
    "commitments",
    "objectives",
    "date",
    "chair",
    "attendees",
    "covers",
    "decisions",
    "actions",
    "audience",
    "acknowledge",
];

struct Ctx<'a> {
    file: &'a SourceText,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(&mut self, code: &'static str, bytes: Range<usize>, msg: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(code, msg)
                .at_bytes(self.file, bytes)
                .help(help),
        );
    }

    fn string(&mut self, key: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Str(_) | Value::Null => {
                self.error(
                    "invalid-front-matter",
                    node.bytes.clone(),
                    format!("`{key}` is empty"),
                    &format!("give `{key}` a value, or remove the line"),
                );
                None
            }
            other => {
                self.error(
                    "invalid-front-matter",
                    node.bytes.clone(),
                    format!("`{key}` must be text, found {}", other.kind()),
                    "put the value in quotes",
                );
                None
            }
        }
    }

    /// A scalar as text: strings as they are, numbers as written in the file.
    fn scalar_text(&mut self, key: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(_) | Value::Float(_) => {
                Some(self.file.text[node.bytes.clone()].trim().to_string())
            }
            other => {
                self.error(
                    "invalid-front-matter",
                    node.bytes.clone(),
                    format!("`{key}` must be text, found {}", other.kind()),
                    "put the value in quotes",
                );
                None
            }
        }
    }

    fn date(&mut self, key: &str, node: &Node) -> Option<Located<Date>> {
        let text = self.scalar_text(key, node)?;
        match dates::parse_date(&text) {
            Ok(d) => Some(Located {
                value: d,
                bytes: node.bytes.clone(),
            }),
            Err(problem) => {
                self.error(
                    "invalid-date",
                    node.bytes.clone(),
                    format!("`{key}`: {}", problem.message),
                    &problem.help,
                );
                None
            }
        }
    }

    /// Text (a number as written, e.g. a drawing number), with its span; an
    /// empty value is an error.
    fn located_text(&mut self, key: &str, node: &Node) -> Option<Located<String>> {
        if matches!(&node.value, Value::Null) {
            return self.string(key, node).map(|value| Located {
                value,
                bytes: node.bytes.clone(),
            });
        }
        let value = self.scalar_text(key, node)?;
        if value.is_empty() {
            return self.string(key, node).map(|value| Located {
                value,
                bytes: node.bytes.clone(),
            });
        }
        Some(Located {
            value,
            bytes: node.bytes.clone(),
        })
    }

    /// An edition: a date when written like one (and then it must be a real
    /// one), else text as written.
    fn edition(&mut self, node: &Node) -> Option<Located<Edition>> {
        let text = self.scalar_text("edition", node)?;
        if text.is_empty() {
            self.error(
                "invalid-front-matter",
                node.bytes.clone(),
                "`edition` is empty".to_string(),
                "give the edition in use, e.g. `edition: \"2015\"` or `edition: 2024-03-01`, or remove the line",
            );
            return None;
        }
        let value = if external::looks_like_date(&text) {
            Edition::Date(self.date("edition", node)?.value)
        } else {
            Edition::Text(text)
        };
        Some(Located {
            value,
            bytes: node.bytes.clone(),
        })
    }

    fn warning(&mut self, code: &'static str, bytes: Range<usize>, msg: String, help: String) {
        self.diagnostics.push(
            Diagnostic::warning(code, msg)
                .at_bytes(self.file, bytes)
                .help(help),
        );
    }

    /// Checks a declared extra field against its type; the value goes to
    /// `extra` either way.
    fn extra(&mut self, key: &str, kind: ExtraType, node: &Node) {
        match kind {
            ExtraType::Any => {}
            ExtraType::String => {
                if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
                    self.error(
                        "invalid-front-matter",
                        node.bytes.clone(),
                        format!("`{key}` must be text, found {}", node.value.kind()),
                        &format!("`{key}` is declared as \"string\" in `[documents] extra-fields`"),
                    );
                }
            }
            ExtraType::Date => {
                if !matches!(node.value, Value::Null) {
                    self.date(key, node);
                }
            }
            ExtraType::List => {
                if !matches!(node.value, Value::Seq(_) | Value::Null) {
                    self.error(
                        "invalid-front-matter",
                        node.bytes.clone(),
                        format!("`{key}` must be a list, found {}", node.value.kind()),
                        &format!("write e.g. `{key}: [a, b]`; `{key}` is declared as \"list\" in `[documents] extra-fields`"),
                    );
                }
            }
        }
    }

    fn id_list(&mut self, key: &str, node: &Node) -> Vec<Located<String>> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![node],
        };
        items
            .into_iter()
            .filter_map(|n| {
                self.string(key, n).map(|value| Located {
                    value,
                    bytes: n.bytes.clone(),
                })
            })
            .collect()
    }
}

/// What could be read of front matter that cannot be used: enough to tell
/// links to the document apart from links to nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partial {
    /// The ID, when one could be read (from the YAML, or from an `id:` line
    /// of the raw text when the YAML does not parse).
    pub id: Option<String>,
    /// The title, likewise.
    pub title: Option<String>,
}

/// Checks the front matter of `file`, reporting every problem. `extra_fields`
/// are the keys the handbook declares beyond the built-in ones. Returns what
/// could be read instead when required fields are missing or the YAML cannot
/// be read.
pub fn parse_front_matter(
    file: &SourceFile,
    budget: &yaml::Budget,
    extra_fields: &ExtraFields,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<FrontMatter, Partial> {
    let Some((block, entries)) = yaml_entries(file, budget, diagnostics) else {
        return Err(raw_partial(file));
    };
    let mut cx = Ctx {
        file: &file.text,
        diagnostics,
    };
    let mut fields = Fields::default();
    for (key, node) in &entries {
        if let Some(problem) = control_character(key, node) {
            cx.error(
                "invalid-front-matter",
                node.bytes.clone(),
                problem,
                "remove the control character; front-matter values are published in pages, CSV and the feed",
            );
            continue;
        }
        fields.read(&mut cx, extra_fields, key, node);
    }
    report_missing(&mut cx, block, &entries, &fields);
    fields.finish()
}

/// The `id:` and `title:` of front matter the YAML parser could not read,
/// taken line by line from the top-level `key: value` lines of the block (or
/// of the file's first lines when the block is never closed).
fn raw_partial(file: &SourceFile) -> Partial {
    let text = &file.text.text;
    let region = match &file.front_matter {
        Some(block) => &text[block.yaml.clone()],
        None if text.starts_with("---") => {
            let end = text
                .match_indices('\n')
                .nth(40)
                .map_or(text.len(), |(i, _)| i);
            &text[..end]
        }
        None => "",
    };
    let value = |key: &str| -> Option<String> {
        region.lines().find_map(|line| {
            let rest = line.strip_prefix(key)?.strip_prefix(':')?;
            let rest = rest.split(" #").next().unwrap_or(rest).trim();
            let unquoted = rest
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .or_else(|| rest.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
                .unwrap_or(rest)
                .trim();
            (!unquoted.is_empty()).then(|| unquoted.to_string())
        })
    };
    Partial {
        id: value("id").filter(|id| id_problem(id).is_none()),
        title: value("title"),
    }
}

/// The front matter's `key: value` pairs: reports a missing block, a
/// merge-conflict marker, invalid YAML and YAML that is not a mapping.
fn yaml_entries<'f>(
    file: &'f SourceFile,
    budget: &yaml::Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(&'f FrontMatterBlock, Vec<(String, Node)>)> {
    let text = &file.text;
    if let Some(opening) = &file.unterminated {
        diagnostics.push(
            Diagnostic::error(
                "unterminated-front-matter",
                "the front matter opened here is never closed",
            )
            .at_bytes(text, opening.clone())
            .help("add a line with only `---` after the last front-matter field"),
        );
        return None;
    }
    let Some(block) = &file.front_matter else {
        diagnostics.push(
            Diagnostic::error("missing-front-matter", "this document has no front matter")
                .at_bytes(text, 0..0)
                .help("start the file with a `---` line, the fields `id`, `title` and `type`, and a closing `---` line"),
        );
        return None;
    };
    let yaml_text = &text.text[block.yaml.clone()];
    if let Some(offset) = conflict_marker(yaml_text) {
        let at = block.yaml.start + offset;
        diagnostics.push(
            Diagnostic::error("merge-conflict", "the front matter contains a merge-conflict marker")
                .at_bytes(text, at..at + 7)
                .help("resolve the conflict: keep one side, delete the `<<<<<<<`, `=======` and `>>>>>>>` lines"),
        );
        return None;
    }
    let root = match yaml::parse_budgeted(yaml_text, block.yaml.start, budget) {
        Ok(root) => root,
        Err(e) => {
            let at = block.yaml.start + e.offset;
            let mut help = "fix the YAML syntax of the front matter".to_string();
            if e.message.contains("tab") {
                help = "indent YAML with spaces, not tabs".to_string();
            } else if e.message.contains("duplicate") {
                help = "each key may appear once; delete one of them".to_string();
            } else if e.message.contains("is not a YAML escape") {
                let c = text.text[at + 1..].chars().next().unwrap_or('\\');
                help =
                    format!("`\\{c}` is not a YAML escape: use single quotes or write `\\\\{c}`");
            } else if e.message.contains("quoted") || e.message.contains("quote") {
                help = "close the quotation mark, or remove it".to_string();
            } else if e.message.contains("aliases") {
                let anchor = e
                    .anchor
                    .map(|a| {
                        let line = text.position(block.yaml.start + a).line;
                        format!(" defined on line {line}")
                    })
                    .unwrap_or_default();
                help = format!(
                    "write the values out instead of repeating the anchor{anchor}; aliases may expand to at most {} values per build",
                    yaml::Budget::PER_BUILD
                );
            }
            diagnostics.push(
                Diagnostic::error(
                    "invalid-yaml",
                    format!("front matter is not valid YAML: {}", e.message),
                )
                .at_bytes(
                    text,
                    at..at
                        + if e.message.contains("YAML escape") {
                            2
                        } else {
                            1
                        },
                )
                .help(help),
            );
            return None;
        }
    };
    match root.value {
        Value::Map(entries) => Some((block, entries)),
        Value::Null => Some((block, Vec::new())),
        other => {
            let bytes = if root.bytes.is_empty() {
                block.opening.clone()
            } else {
                root.bytes.clone()
            };
            diagnostics.push(
                Diagnostic::error(
                    "invalid-front-matter",
                    format!(
                        "front matter must be a mapping of `key: value` lines, found {}",
                        other.kind()
                    ),
                )
                .at_bytes(text, bytes)
                .help("write one `key: value` per line, e.g. `id: SOP-001`"),
            );
            None
        }
    }
}

/// The schema's fields as read so far.
#[derive(Default)]
struct Fields {
    id: Option<Located<String>>,
    title: Option<String>,
    doc_type: Option<Located<String>>,
    owner: Option<String>,
    approved_by: Option<Located<String>>,
    approved_on: Option<Located<Date>>,
    revision: Option<Located<String>>,
    effective: Option<Located<Date>>,
    review_by: Option<Located<Date>>,
    status: Option<Status>,
    changes: Option<Vec<ChangeEntry>>,
    reviewed: Option<Reviewed>,
    clauses: Vec<ClauseTag>,
    weight: i64,
    supersedes: Vec<Located<String>>,
    superseded_by: Option<Located<String>>,
    external: ExternalFields,
    records: Vec<RecordEntry>,
    commitments: Vec<Commitment>,
    objectives: Vec<ObjectiveSpec>,
    review: ReviewFields,
    audience: Option<Audience>,
    acknowledge: Option<Located<AckPolicy>>,
    extra: BTreeMap<String, serde_json::Value>,
}

impl Fields {
    /// Reads one `key: value` pair; other keys go to `extra`, with a
    /// warning unless `extra_fields` declares them.
    fn read(&mut self, cx: &mut Ctx<'_>, extra_fields: &ExtraFields, key: &str, node: &Node) {
        match key {
            "id" => {
                if let Some(v) = cx.scalar_text("id", node) {
                    if let Some(problem) = id_problem(&v) {
                        cx.error(
                            "invalid-id",
                            node.bytes.clone(),
                            format!("document ID `{v}` {problem}"),
                            "use IDs like `SOP-004`: letters, digits and `-`",
                        );
                    } else {
                        self.id = Some(Located {
                            value: v,
                            bytes: node.bytes.clone(),
                        });
                    }
                }
            }
            "title" => self.title = cx.scalar_text("title", node).filter(|t| !t.is_empty()),
            "type" => {
                self.doc_type = cx.string("type", node).map(|v| Located {
                    value: v,
                    bytes: node.bytes.clone(),
                })
            }
            "owner" => self.owner = cx.string("owner", node),
            "approved_by" => {
                self.approved_by = cx.string("approved_by", node).map(|value| Located {
                    value,
                    bytes: node.bytes.clone(),
                })
            }
            "approved_on" => self.approved_on = cx.date("approved_on", node),
            "changes" => self.changes = Some(approval::read_changes(cx.file, node, cx.diagnostics)),
            "reviewed" => self.reviewed = approval::read_reviewed(cx.file, node, cx.diagnostics),
            "revision" => {
                self.revision = cx
                    .scalar_text("revision", node)
                    .filter(|r| !r.is_empty())
                    .map(|value| Located {
                        value,
                        bytes: node.bytes.clone(),
                    })
            }
            "effective" => self.effective = cx.date("effective", node),
            "review_by" => self.review_by = cx.date("review_by", node),
            "status" => {
                if let Some(s) = cx.string("status", node) {
                    match Status::parse_any_case(&s) {
                        Some(st) => {
                            if st.as_str() != s {
                                cx.warning(
                                    "non-canonical-case",
                                    node.bytes.clone(),
                                    format!("status `{s}` is read as `{}`", st.as_str()),
                                    format!(
                                        "write `status: {}` (statuses are lower case)",
                                        st.as_str()
                                    ),
                                );
                            }
                            self.status = Some(st);
                        }
                        None => {
                            let suggestion =
                                crate::util::suggest::closest(&s, Status::ALL.iter().copied())
                                    .map(|c| format!("did you mean `{c}`? "))
                                    .unwrap_or_default();
                            cx.error(
                                "invalid-status",
                                node.bytes.clone(),
                                format!("unknown status `{s}`"),
                                &format!(
                                    "{suggestion}status is one of: {}",
                                    Status::ALL.join(", ")
                                ),
                            )
                        }
                    }
                }
            }
            "clauses" => self.clauses = read_clause_tags(cx.file, node, cx.diagnostics),
            "records" => self.records = records::read_records(cx.file, node, cx.diagnostics),
            "weight" => match &node.value {
                Value::Int(w) => self.weight = *w,
                other => cx.error(
                    "invalid-front-matter",
                    node.bytes.clone(),
                    format!("`weight` must be a whole number, found {}", other.kind()),
                    "write e.g. `weight: 10`; lower weights come first in navigation",
                ),
            },
            "issuer" => self.external.issuer = cx.located_text("issuer", node),
            "identifier" => self.external.identifier = cx.located_text("identifier", node),
            "edition" => self.external.edition = cx.edition(node),
            "controlled_copy" => {
                self.external.controlled_copy = cx.located_text("controlled_copy", node)
            }
            "currency_checked" => {
                self.external.currency_checked = cx.date("currency_checked", node)
            }
            "next_currency_check" => {
                self.external.next_currency_check = cx.date("next_currency_check", node)
            }
            "supersedes" => self.supersedes = cx.id_list("supersedes", node),
            "commitments" => {
                self.commitments = objectives::read_commitments(cx.file, node, cx.diagnostics)
            }
            "objectives" => {
                self.objectives = objectives::read_objectives(cx.file, node, cx.diagnostics)
            }
            "audience" => self.audience = awareness::read_audience(cx.file, node, cx.diagnostics),
            "acknowledge" => {
                self.acknowledge = awareness::read_acknowledge(cx.file, node, cx.diagnostics)
            }
            "superseded_by" => {
                let mut list = cx.id_list("superseded_by", node);
                if list.len() > 1 {
                    cx.error(
                        "invalid-front-matter",
                        node.bytes.clone(),
                        "`superseded_by` names more than one document".to_string(),
                        "name the one document that replaces this one",
                    );
                }
                self.superseded_by = list.drain(..).next();
            }
            review if REVIEW_KEYS.contains(&review) => {
                management_review::read_key(&mut self.review, cx.file, review, node, cx.diagnostics)
            }
            other => {
                match extra_fields.get(other) {
                    Some(kind) => cx.extra(other, kind, node),
                    None => unknown_key(cx, extra_fields, other, node),
                }
                self.extra.insert(other.to_string(), node.value.to_json());
            }
        }
    }

    /// The checked front matter, when the required fields are there, else
    /// what could be read.
    fn finish(self) -> Result<FrontMatter, Partial> {
        let (id, title, doc_type) = match (self.id, self.title, self.doc_type) {
            (Some(id), Some(title), Some(doc_type)) => (id, title, doc_type),
            (id, title, _) => {
                return Err(Partial {
                    id: id.map(|i| i.value),
                    title,
                });
            }
        };
        Ok(FrontMatter {
            id,
            title,
            doc_type,
            owner: self.owner,
            approved_by: self.approved_by,
            approved_on: self.approved_on,
            revision_at: self.revision.as_ref().map(|r| r.bytes.clone()),
            revision: self.revision.map(|r| r.value),
            effective: self.effective,
            review_by: self.review_by,
            status: self.status.unwrap_or(Status::Draft),
            changes: self.changes,
            reviewed: self.reviewed,
            clauses: self.clauses,
            weight: self.weight,
            supersedes: self.supersedes,
            superseded_by: self.superseded_by,
            external: self.external,
            records: self.records,
            commitments: self.commitments,
            objectives: self.objectives,
            review: self.review,
            audience: self.audience,
            acknowledge: self.acknowledge,
            extra: self.extra,
        })
    }
}

/// Warns about a key that is neither built in nor declared in
/// `[documents] extra-fields`, at the key, with the nearest known key.
fn unknown_key(cx: &mut Ctx<'_>, extra_fields: &ExtraFields, key: &str, node: &Node) {
    let text = &cx.file.text;
    let before = &text[..node.bytes.start.min(text.len())];
    let bytes = before
        .rfind(key)
        .map_or(node.bytes.clone(), |at| at..at + key.len());
    let known = KNOWN_KEYS
        .iter()
        .copied()
        .chain(extra_fields.0.keys().map(String::as_str));
    let help = match crate::util::suggest::closest(key, known) {
        Some(c) => format!(
            "did you mean `{c}`? if `{key}` is a field of the handbook's own, declare it in `[documents] extra-fields` of book.toml"
        ),
        None => format!(
            "declare `{key}` in `[documents] extra-fields` of book.toml if the handbook uses it, or remove it"
        ),
    };
    cx.warning(
        "unknown-field",
        bytes,
        format!("unknown front-matter field `{key}`"),
        help,
    );
}

/// Reports the required fields (`id`, `title`, `type`) that are absent.
/// A field that is present but invalid was reported when it was read.
fn report_missing(
    cx: &mut Ctx<'_>,
    block: &FrontMatterBlock,
    entries: &[(String, Node)],
    fields: &Fields,
) {
    let mut missing = Vec::new();
    if fields.id.is_none() && !entries.iter().any(|(k, _)| k == "id") {
        missing.push("id");
    }
    if fields.title.is_none() && !entries.iter().any(|(k, _)| k == "title") {
        missing.push("title");
    }
    if fields.doc_type.is_none() && !entries.iter().any(|(k, _)| k == "type") {
        missing.push("type");
    }
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let example = missing
            .iter()
            .map(|k| match *k {
                "id" => "id: SOP-001",
                "title" => "title: Internal audit",
                _ => "type: procedure",
            })
            .collect::<Vec<_>>()
            .join("`, `");
        cx.error(
            "missing-field",
            block.opening.clone(),
            format!(
                "front matter is missing the required field{} {list}",
                if missing.len() > 1 { "s" } else { "" }
            ),
            &format!("add `{example}` to the front matter"),
        );
    }
}

/// The first control character (NUL, escape, U+0085 …) in a key or string
/// value of `node`, as a message; line breaks of block scalars are allowed,
/// tabs are not. Such characters would reach HTML, CSV and the Atom feed
/// (where most of them are not even allowed in XML).
fn control_character(key: &str, node: &Node) -> Option<String> {
    let bad = |s: &str| s.chars().find(|&c| c.is_control() && c != '\n');
    let describe = |c: char| {
        format!(
            "`{key}` contains the control character U+{:04X}",
            u32::from(c)
        )
    };
    if let Some(c) = bad(key) {
        return Some(describe(c));
    }
    match &node.value {
        Value::Str(s) => bad(s).map(describe),
        Value::Seq(items) => items.iter().find_map(|n| control_character(key, n)),
        Value::Map(entries) => entries
            .iter()
            .find_map(|(k, n)| bad(k).map(describe).or_else(|| control_character(key, n))),
        _ => None,
    }
}

/// Byte offset of a line that is a merge-conflict marker: exactly seven `<`,
/// `|` or `>` followed by a space or the end of the line, or exactly `=======`
/// (so a deeply nested blockquote `>>>>>>>>` is not one).
pub fn conflict_marker(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        for marker in ["<<<<<<<", "|||||||", ">>>>>>>", "======="] {
            if let Some(rest) = trimmed.strip_prefix(marker)
                && (rest.is_empty() || (rest.starts_with(' ') && marker != "======="))
            {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::source::{Split, split_front_matter};

    fn file(text: &str) -> SourceFile {
        let (front_matter, body_start) = match split_front_matter(text) {
            Split::Found(b, s) => (Some(b), s),
            _ => (None, 0),
        };
        SourceFile {
            rel_path: "a.md".into(),
            text: SourceText::new("content/a.md", text.to_string()),
            front_matter,
            body_start,
            unterminated: None,
        }
    }

    fn parse(text: &str) -> (Option<FrontMatter>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let fm = parse_front_matter(
            &file(text),
            &yaml::Budget::per_build(),
            &ExtraFields::default(),
            &mut d,
        )
        .ok();
        (fm, d)
    }

    #[test]
    fn full_front_matter() {
        let (fm, d) = parse(
            "---\nid: SOP-004\ntitle: Docs\ntype: procedure\nrevision: 3\neffective: 2026-03-01\nstatus: approved\nclauses: [\"7.5\", 7.5.1]\nweight: 5\ncolour: red\n---\nBody\n",
        );
        // An undeclared key is kept for templates, with a warning at the key.
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "unknown-field");
        assert_eq!(d[0].location(), "content/a.md:10:1");
        let fm = fm.expect("parsed");
        assert_eq!(fm.id.value, "SOP-004");
        assert_eq!(fm.revision.as_deref(), Some("3"));
        assert_eq!(fm.status, Status::Approved);
        assert_eq!(fm.clauses.len(), 2);
        assert_eq!(fm.clauses[1].clause, "7.5.1");
        assert_eq!(fm.extra.get("colour"), Some(&serde_json::json!("red")));
    }

    #[test]
    fn approval_record_fields_are_typed() {
        let (fm, d) = parse(
            "---\nid: SOP-004\ntitle: Docs\ntype: procedure\nrevision: C\napproved_by: Managing Director\napproved_on: 2026-02-20\nchanges:\n  - revision: C\n    date: 2026-02-01\n    summary: Second approver added\n    evidence: https://git.example.com/qms/pulls/12\nreviewed: { date: 2026-09-01, by: Quality Manager, outcome: revised }\n---\nBody\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let fm = fm.expect("parsed");
        assert_eq!(fm.revision_at, Some(54..55));
        assert_eq!(
            fm.approved_by.map(|a| a.value).as_deref(),
            Some("Managing Director")
        );
        assert_eq!(
            fm.approved_on.map(|a| a.value.to_string()).as_deref(),
            Some("2026-02-20")
        );
        let changes = fm.changes.expect("a log");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].summary, "Second approver added");
        assert_eq!(
            fm.reviewed.map(|r| r.outcome),
            Some(approval::ReviewOutcome::Revised)
        );
        assert!(fm.extra.is_empty());

        let (fm, d) = parse("---\nid: A-1\ntitle: T\ntype: form\napproved_on: 20.2.2026\n---\n");
        assert!(fm.is_some_and(|f| f.approved_on.is_none()));
        assert_eq!(d[0].code, "invalid-date");
        assert_eq!(d[0].location(), "content/a.md:5:14");
    }

    #[test]
    fn external_origin_fields_are_typed() {
        let (fm, d) = parse(
            "---\nid: EXT-001\ntitle: ISO 9001\ntype: external\nissuer: ISO\nidentifier: \"ISO 9001:2015\"\nedition: 2015-09-15\ncontrolled_copy: QM office, shelf 2\ncurrency_checked: 2026-01-10\nnext_currency_check: 2027-01-10\n---\nBody\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let e = fm.expect("parsed").external;
        assert_eq!(e.issuer.map(|i| i.value).as_deref(), Some("ISO"));
        assert_eq!(
            e.identifier.map(|i| i.value).as_deref(),
            Some("ISO 9001:2015")
        );
        assert_eq!(
            e.edition.map(|i| i.value),
            Some(Edition::Date(jiff::civil::date(2015, 9, 15)))
        );
        assert_eq!(
            e.next_currency_check
                .map(|d| d.value.to_string())
                .as_deref(),
            Some("2027-01-10")
        );
        let (fm, d) = parse(
            "---\nid: EXT-002\ntitle: T\ntype: external\nedition: 2015\nidentifier: 4711\nissuer: \"\"\n---\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "`issuer` is empty");
        assert_eq!(
            fm.as_ref()
                .and_then(|f| f.external.identifier.as_ref())
                .map(|i| i.value.as_str()),
            Some("4711")
        );
        assert_eq!(
            fm.and_then(|f| f.external.edition).map(|e| e.value),
            Some(Edition::Text("2015".into()))
        );
        let (fm, d) = parse(
            "---\nid: EXT-003\ntitle: T\ntype: external\nedition: 2015-02-30\ncurrency_checked: soon\nissuer: [a, b]\n---\n",
        );
        assert!(fm.is_some_and(|f| !f.external.any()));
        let found: Vec<(&str, String)> = d.iter().map(|d| (d.code, d.location())).collect();
        assert_eq!(
            found,
            [
                ("invalid-date", "content/a.md:5:10".to_string()),
                ("invalid-date", "content/a.md:6:19".to_string()),
                ("invalid-front-matter", "content/a.md:7:9".to_string()),
            ]
        );
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let (fm, d) = parse(
            "---\nid: A-1\ntitle: T\ntype: form\neffective: 2026-02-30\nstatus: aproved\nweight: heavy\n---\n",
        );
        assert!(fm.is_some());
        assert_eq!(d.len(), 3, "{d:?}");
        let date = &d[0];
        assert_eq!(date.code, "invalid-date");
        let span = date.span.clone().expect("span");
        assert_eq!((span.start.line, span.start.column), (5, 12));
        assert!(
            d[1].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `approved`")
        );
        assert_eq!(d[2].span.as_ref().map(|s| s.start.line), Some(7));
    }

    #[test]
    fn missing_fields_and_non_maps() {
        let (fm, d) = parse("---\ntitle: T\n---\n");
        assert!(fm.is_none());
        assert!(d[0].message.contains("`id`, `type`"), "{}", d[0].message);
        let (_, d) = parse("---\n- a\n- b\n---\n");
        assert!(d[0].message.contains("found a list"));
        let (_, d) = parse("---\n<<<<<<< HEAD\nid: A\n---\n");
        assert_eq!(d[0].code, "merge-conflict");
    }

    #[test]
    fn control_characters_are_refused_at_the_value() {
        for (yaml, line) in [
            ("title: \"A\\0B\"\nowner: Q", 2),
            ("title: T\nowner: \"Q\\x1bM\"", 3),
            ("title: T\nowner: Q\nextra: [\"ok\", \"\\u0085\"]", 4),
            ("title: \"T\\tU\"\nowner: Q", 2),
            ("title: T\nowner: Q\nnested: {k: \"\\x07\"}", 4),
        ] {
            let text = format!("---\n{yaml}\nid: A-1\ntype: form\n---\n");
            let (_, d) = parse(&text);
            let bad: Vec<_> = d
                .iter()
                .filter(|d| d.code == "invalid-front-matter")
                .collect();
            assert_eq!(bad.len(), 1, "{text:?}: {d:?}");
            assert!(
                bad[0].message.contains("control character"),
                "{}",
                bad[0].message
            );
            assert_eq!(
                bad[0].span.as_ref().map(|s| s.start.line),
                Some(line),
                "{text:?}"
            );
        }
        // Line breaks of block scalars are fine.
        let (fm, d) = parse("---\nid: A-1\ntitle: T\ntype: form\nnotes: |\n  one\n  two\n---\n");
        assert!(d.iter().all(|d| d.code == "unknown-field"), "{d:?}");
        assert!(fm.is_some());
    }

    #[test]
    fn conflict_markers_but_not_deep_blockquotes() {
        assert_eq!(conflict_marker("a\n<<<<<<< HEAD\n"), Some(2));
        assert_eq!(conflict_marker("=======\n"), Some(0));
        assert_eq!(conflict_marker(">>>>>>> main\n"), Some(0));
        assert_eq!(conflict_marker(">>>>>>>> deep quote\n"), None);
        assert_eq!(conflict_marker("======== not one\n"), None);
    }

    #[test]
    fn unusable_front_matter_still_gives_its_id() {
        let mut d = Vec::new();
        let broken = |text: &str, d: &mut Vec<Diagnostic>| {
            parse_front_matter(
                &file(text),
                &yaml::Budget::per_build(),
                &ExtraFields::default(),
                d,
            )
            .err()
        };
        let p = broken(
            "---\nid: SOP-014\n\towner: Q\ntitle: 'Audit'\n---\n",
            &mut d,
        );
        assert_eq!(d[0].code, "invalid-yaml");
        assert_eq!(
            p,
            Some(Partial {
                id: Some("SOP-014".into()),
                title: Some("Audit".into())
            })
        );
        let p = broken("---\nid: SOP-014\ntype: procedure\n---\n", &mut d);
        assert_eq!(p.and_then(|p| p.id).as_deref(), Some("SOP-014"));
    }

    #[test]
    fn status_in_another_case_is_read_with_a_warning() {
        let (fm, d) = parse("---\nid: A-1\ntitle: T\ntype: form\nstatus: Approved\n---\n");
        assert_eq!(fm.map(|f| f.status), Some(Status::Approved));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "non-canonical-case");
    }

    #[test]
    fn ids_are_checked() {
        assert!(id_problem("SOP-004").is_none());
        assert!(id_problem("../x").is_some());
        assert!(id_problem("a/b").is_some());
        assert!(id_problem("con").is_some());
        assert!(id_problem("").is_some());
    }
}
