//! YAML front matter as a tree of values that remember where they came from.
//!
//! serde-saphyr parses; this module keeps every node's byte range in the file so
//! a bad value is reported at its own line and column.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(String, Node)>),
}

/// A YAML value and its byte range in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Byte range in the whole file (not just the YAML block).
    pub bytes: Range<usize>,
}

impl Value {
    /// A short name of the value's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Converts to JSON for templates.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Str(s) => s.clone().into(),
            Value::Seq(items) => items.iter().map(|n| n.value.to_json()).collect(),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, n)| (k.clone(), n.value.to_json()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }
}

/// The raw parse result: values with spans relative to the YAML text.
struct Raw(Value);

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw(Value::Int(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw(
            i64::try_from(v).map_or(Value::Float(v as f64), Value::Int)
        ))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw(
            i64::try_from(v).map_or(Value::Float(v as f64), Value::Int)
        ))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw(
            i64::try_from(v).map_or(Value::Float(v as f64), Value::Int)
        ))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw(Value::Float(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw(Value::Str(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw(Value::Str(v)))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Raw, E> {
        Err(E::custom("binary values are not supported in front matter"))
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(node(item, 0));
        }
        Ok(Raw(Value::Seq(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Raw>>()? {
            let key = match key.value.0 {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".to_string(),
                _ => return Err(de::Error::custom("mapping keys must be plain scalars")),
            };
            let value = map.next_value::<Spanned<Raw>>()?;
            entries.push((key, node(value, 0)));
        }
        Ok(Raw(Value::Map(entries)))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// Converts a parsed node; `base` is added to every byte offset later by [`shift`].
fn node(spanned: Spanned<Raw>, base: usize) -> Node {
    let span = spanned.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize + base;
    let len = span.byte_len().unwrap_or(0) as usize;
    Node {
        value: spanned.value.0,
        bytes: start..start + len,
    }
}

fn shift(node: &mut Node, base: usize) {
    node.bytes = node.bytes.start + base..node.bytes.end + base;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift(n, base)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| shift(n, base)),
        _ => {}
    }
}

/// A YAML syntax error: message and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What the parser said, without its own location.
    pub message: String,
    /// Byte offset within the YAML text of the likely culprit (the tab, the
    /// opening quote, the alias that overran the budget, or where the parser
    /// stopped).
    pub offset: usize,
    /// For a budget overrun: byte offset within the YAML text of the anchor
    /// the alias expands.
    pub anchor: Option<usize>,
}

/// How many values YAML aliases may expand to in one build, shared by every
/// document (and checked between them): without it, each document could
/// expand a few hundred bytes of anchors and aliases into the parser's
/// per-document limit of 250,000 values, and 20 MB of such documents took
/// 1.4 GB of memory.
#[derive(Debug)]
pub struct Budget {
    remaining: std::sync::atomic::AtomicUsize,
}

impl Budget {
    /// Values (mappings, lists, scalars) that documents using aliases may
    /// produce in one build. A front matter has a few dozen.
    pub const PER_BUILD: usize = 500_000;

    /// A budget for one build.
    pub fn per_build() -> Budget {
        Budget::with_values(Self::PER_BUILD)
    }

    /// A budget of `values`.
    pub fn with_values(values: usize) -> Budget {
        Budget {
            remaining: std::sync::atomic::AtomicUsize::new(values),
        }
    }

    /// What is left.
    pub fn remaining(&self) -> usize {
        self.remaining.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn charge(&self, values: usize) {
        use std::sync::atomic::Ordering;
        let _ = self
            .remaining
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| {
                Some(r.saturating_sub(values))
            });
    }
}

/// The parser's own limit on values per document.
const PER_DOCUMENT: usize = 250_000;

/// Parses `yaml`, which starts at byte `base` of its file, with a budget of its own.
pub fn parse(yaml: &str, base: usize) -> Result<Node, SyntaxError> {
    parse_budgeted(yaml, base, &Budget::per_build())
}

/// Parses `yaml`, which starts at byte `base` of its file. YAML that may use
/// aliases (it has a `*`) may produce no more values than `budget` has left,
/// and is charged for what it produced; other YAML produces at most a few
/// values per byte and is not charged.
pub fn parse_budgeted(yaml: &str, base: usize, budget: &Budget) -> Result<Node, SyntaxError> {
    if let Some(mut n) = parse_flat(yaml) {
        shift(&mut n, base);
        return Ok(n);
    }
    let may_alias = yaml.contains('*');
    let max_nodes = if may_alias {
        budget.remaining().min(PER_DOCUMENT)
    } else {
        PER_DOCUMENT
    };
    let used = std::rc::Rc::new(std::cell::Cell::new(0usize));
    let report = std::rc::Rc::clone(&used);
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! { max_nodes: max_nodes },
    }
    .with_budget_report(move |r| report.set(r.nodes));
    let result = serde_saphyr::from_str_with_options::<Spanned<Raw>>(yaml, options);
    if may_alias {
        budget.charge(used.get().max(1));
    }
    match result {
        Ok(spanned) => {
            let mut n = node(spanned, 0);
            shift(&mut n, base);
            Ok(n)
        }
        Err(e) => {
            let raw = e.without_snippet().to_string();
            let reported = e.location().filter(|l| l.line() > 0).map_or(0, |l| {
                offset_of(yaml, l.line() as usize, l.column() as usize)
            });
            if let Some(kind) = budget_breach(&raw) {
                let anchor = e
                    .locations()
                    .map(|l| l.defined_location)
                    .filter(|l| l.line() > 0 && max_nodes > 0)
                    .map(|l| offset_of(yaml, l.line() as usize, l.column() as usize));
                let build_wide = kind == "nodes" && max_nodes < PER_DOCUMENT;
                let message = if build_wide {
                    format!(
                        "its aliases (`*name`) expand to more values than are left of the build's limit of {} values from aliases",
                        Budget::PER_BUILD
                    )
                } else {
                    format!("its aliases (`*name`) expand to too many values (the limit on {kind})")
                };
                // With the budget used up before this document, the parser
                // stops at its first value: point at the first alias instead.
                let offset = if max_nodes == 0 {
                    yaml.find('*').unwrap_or(reported)
                } else {
                    reported
                };
                return Err(SyntaxError {
                    message,
                    offset: offset.min(yaml.len().saturating_sub(1)),
                    anchor,
                });
            }
            let line_end = yaml[reported.min(yaml.len())..]
                .find('\n')
                .map_or(yaml.len(), |i| reported + i);
            if let Some((at, c)) = bad_escape(yaml).filter(|&(at, _)| at <= line_end) {
                return Err(SyntaxError {
                    message: format!("`\\{c}` is not a YAML escape"),
                    offset: at,
                    anchor: None,
                });
            }
            let message = clean_message(&raw);
            Err(SyntaxError {
                offset: culprit(yaml, reported, &message),
                message,
                anchor: None,
            })
        }
    }
}

/// The limit a budget error names, in lower case ("Nodes { nodes: 250001 }"
/// → "nodes"), when `raw` is one.
fn budget_breach(raw: &str) -> Option<String> {
    let rest = &raw[raw.find("budget breached: ")? + "budget breached: ".len()..];
    let kind: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    Some(kind.to_ascii_lowercase())
}

/// The front matter nearly every document has, read without the full YAML
/// parser: `key: value` lines, where a value is a plain word or sentence, a
/// quoted string without escapes, a whole number, a date, a one-line
/// `[...]` list or `{key: value, ...}` map of those; and, one level down
/// under a `key:` line, a block of such lines or a block list whose items
/// are such values or such maps (`- id: OBJ-1` then `  title: ...`). Returns
/// the same tree (values and byte ranges) serde-saphyr gives, or `None` for
/// anything else (comments, deeper nesting, other indentation, escapes,
/// booleans, numbers with a point, duplicate keys, errors), which then takes
/// the full parser. Differential tests hold the two together.
fn parse_flat(yaml: &str) -> Option<Node> {
    let lines = flat_lines(yaml)?;
    let mut i = 0;
    let mut entries: Vec<(String, Node)> = Vec::new();
    while let Some(line) = lines.get(i) {
        if line.indent != 0 {
            return None;
        }
        let (key, rest) = flat_key(line.text)?;
        let node = if rest.is_empty() {
            let (node, next) = flat_block(&lines, i + 1)?;
            i = next;
            node
        } else {
            i += 1;
            flat_value(rest, line.at + key.len())?
        };
        push_entry(&mut entries, key, node)?;
    }
    if entries.is_empty() {
        return None;
    }
    Some(Node {
        value: Value::Map(entries),
        bytes: 0..0,
    })
}

/// The most keys a map read by [`parse_flat`] may have.
const FLAT_MAX_KEYS: usize = 64;

/// A non-blank line of front matter: where its text starts, how far it is
/// indented (spaces) and the text after the indentation.
#[derive(Clone, Copy)]
struct FlatLine<'a> {
    at: usize,
    indent: usize,
    text: &'a str,
}

/// The non-blank lines of `yaml`; `None` when one has a tab or a carriage return.
fn flat_lines(yaml: &str) -> Option<Vec<FlatLine<'_>>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.strip_suffix('\n').unwrap_or(line);
        if text.contains(['\t', '\r']) {
            return None;
        }
        let body = text.trim_start_matches(' ');
        if body.is_empty() {
            continue;
        }
        let indent = text.len() - body.len();
        lines.push(FlatLine {
            at: start + indent,
            indent,
            text: body,
        });
    }
    Some(lines)
}

/// `key` and what follows its colon (empty for `key:` at the end of the
/// line, else starting with a space), when `text` starts with a plain key
/// that YAML reads as a string.
fn flat_key(text: &str) -> Option<(&str, &str)> {
    let key_len = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(text.len());
    let key = &text[..key_len];
    if !key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') || is_special_word(key) {
        return None;
    }
    let rest = text[key_len..].strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest))
}

/// The value after `key:` (`rest` starts with the space after the colon,
/// which is at byte `colon`).
fn flat_value(rest: &str, colon: usize) -> Option<Node> {
    let lead = rest.len() - rest.trim_start_matches(' ').len();
    let value = rest.trim_matches(' ');
    flat_item(value, colon + 1 + lead)
}

/// A value on its own (already trimmed) starting at byte `at`: a flow list,
/// a flow map or a scalar.
fn flat_item(value: &str, at: usize) -> Option<Node> {
    match value.as_bytes().first()? {
        b'[' => flat_list(value, at),
        b'{' => flat_map(value, at),
        _ => flat_scalar(value, at, false),
    }
}

/// Adds `key` to a map being read, unless it is there already or the map is full.
fn push_entry(entries: &mut Vec<(String, Node)>, key: &str, node: Node) -> Option<()> {
    if entries.len() >= FLAT_MAX_KEYS || entries.iter().any(|(k, _)| k == key) {
        return None;
    }
    entries.push((key.to_string(), node));
    Some(())
}

/// The block under a `key:` line, from line `i`: a map of `key: value`
/// lines or a list of `- ` items, one indentation deeper than the key.
/// Returns it with the number of the first line after it.
fn flat_block(lines: &[FlatLine<'_>], mut i: usize) -> Option<(Node, usize)> {
    let first = *lines.get(i)?;
    let n = first.indent;
    if n == 0 {
        return None; // `key:` alone is null to YAML
    }
    let node = if first.text.starts_with("- ") {
        let mut items = Vec::new();
        while let Some(line) = lines.get(i).filter(|l| l.indent == n) {
            let item = line.text.strip_prefix("- ")?;
            if item.starts_with(' ') {
                return None;
            }
            let at = line.at + 2;
            i += 1;
            match flat_key(item) {
                Some((key, rest)) => {
                    // A map: its first entry here, the others one per line
                    // in line with the first key.
                    let mut entries = Vec::new();
                    push_entry(&mut entries, key, flat_value_of(rest, at + key.len())?)?;
                    while let Some(more) = lines.get(i).filter(|l| l.indent == n + 2) {
                        push_line(&mut entries, more)?;
                        i += 1;
                    }
                    items.push(Node {
                        value: Value::Map(entries),
                        bytes: at..at,
                    });
                }
                None => items.push(flat_item(item.trim_end_matches(' '), at)?),
            }
        }
        Node {
            value: Value::Seq(items),
            bytes: first.at..first.at,
        }
    } else {
        let mut entries = Vec::new();
        while let Some(line) = lines.get(i).filter(|l| l.indent == n) {
            push_line(&mut entries, line)?;
            i += 1;
        }
        Node {
            value: Value::Map(entries),
            bytes: first.at..first.at,
        }
    };
    // Anything else indented (deeper nesting, other indentation) is not read here.
    if lines.get(i).is_some_and(|l| l.indent != 0) {
        return None;
    }
    Some((node, i))
}

/// Adds the `key: value` of a line inside a block to `entries`.
fn push_line(entries: &mut Vec<(String, Node)>, line: &FlatLine<'_>) -> Option<()> {
    let (key, rest) = flat_key(line.text)?;
    push_entry(entries, key, flat_value_of(rest, line.at + key.len())?)
}

/// [`flat_value`] for a key inside a block, where `key:` alone (a deeper
/// block) is not read here.
fn flat_value_of(rest: &str, colon: usize) -> Option<Node> {
    if rest.is_empty() {
        return None;
    }
    flat_value(rest, colon)
}

/// A one-line flow map `{a: b, c: 3}` starting at byte `at`: plain keys,
/// values as in a flow list.
fn flat_map(value: &str, at: usize) -> Option<Node> {
    let mut entries = Vec::new();
    for (part, part_at) in flow_parts(value, '{', '}', at)? {
        let (key, rest) = flat_key(part)?;
        let rest = rest.strip_prefix(' ')?;
        let lead = rest.len() - rest.trim_start_matches(' ').len();
        let item = rest.trim_matches(' ');
        if item.is_empty() {
            return None;
        }
        let item_at = part_at + key.len() + 2 + lead;
        push_entry(&mut entries, key, flat_scalar(item, item_at, true)?)?;
    }
    Some(Node {
        value: Value::Map(entries),
        bytes: at..at + 1,
    })
}

/// A one-line flow list `[a, "b", 3]` starting at byte `at`.
fn flat_list(value: &str, at: usize) -> Option<Node> {
    let items = flow_parts(value, '[', ']', at)?
        .into_iter()
        .map(|(item, item_at)| flat_scalar(item, item_at, true))
        .collect::<Option<Vec<_>>>()?;
    Some(Node {
        value: Value::Seq(items),
        bytes: at..at + 1,
    })
}

/// The comma-separated parts of a one-line flow collection `value`
/// (`open` … `close`, starting at byte `at`), each trimmed, with the byte
/// where it starts; `None` when it is not closed or a part is empty.
fn flow_parts(value: &str, open: char, close: char, at: usize) -> Option<Vec<(&str, usize)>> {
    let inner = value.strip_prefix(open)?.strip_suffix(close)?;
    let mut parts = Vec::new();
    if inner.trim_matches(' ').is_empty() {
        return Some(parts);
    }
    let mut offset = at + 1;
    for part in inner.split(',') {
        let lead = part.len() - part.trim_start_matches(' ').len();
        let item = part.trim_matches(' ');
        if item.is_empty() {
            return None;
        }
        parts.push((item, offset + lead));
        offset += part.len() + 1;
    }
    Some(parts)
}

/// A scalar (already trimmed) starting at byte `at`; `in_list` applies the
/// stricter rules of plain words inside `[...]`.
fn flat_scalar(value: &str, at: usize, in_list: bool) -> Option<Node> {
    let node = |v: Value| {
        Some(Node {
            value: v,
            bytes: at..at + value.len(),
        })
    };
    let first = value.chars().next()?;
    if first == '"' || first == '\'' {
        let inner = value.strip_prefix(first)?.strip_suffix(first)?;
        if inner.contains([first, '\\']) || (in_list && inner.contains([',', '[', ']'])) {
            return None;
        }
        return node(Value::Str(inner.to_string()));
    }
    if value.contains(" #")
        || value.contains(": ")
        || value.ends_with(':')
        || (in_list && value.contains([':', '#', '[', ']', '{', '}', '"', '\'']))
    {
        return None;
    }
    if first.is_alphabetic() {
        return if is_special_word(value) {
            None
        } else {
            node(Value::Str(value.to_string()))
        };
    }
    let digits = value.strip_prefix('-').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            return None; // "007" is a float to YAML
        }
        return value.parse::<i64>().ok().and_then(|i| node(Value::Int(i)));
    }
    let b = value.as_bytes();
    let is_date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    // A clause number with two points or more ("7.5.3") is no number to YAML.
    let is_clause = value.split('.').count() >= 3
        && value
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if is_date || is_clause {
        return node(Value::Str(value.to_string()));
    }
    None
}

/// Words YAML reads as something other than a string (booleans, null,
/// infinities) in any spelling.
fn is_special_word(word: &str) -> bool {
    const SPECIAL: [&str; 12] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "inf", "infinity", "nan",
    ];
    word.len() <= 8 && SPECIAL.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Byte offset of a 1-based line and column (characters) in `text`, clamped.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    start
        + rest[..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(i, _)| i)
}

/// The first backslash in a double-quoted scalar that starts no YAML escape
/// (`"Audit Plan \<Date\>"`), with the character after it. A light scan
/// (quotes, single quotes, comments), used only to explain a syntax error.
fn bad_escape(yaml: &str) -> Option<(usize, char)> {
    #[derive(PartialEq)]
    enum State {
        Plain,
        Double,
        Single,
        Comment,
    }
    const ESCAPES: &str = "0abt\tnvfre \"/\\N_LPxuU\n";
    let mut state = State::Plain;
    let mut prev = '\n';
    let mut chars = yaml.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts_scalar = prev.is_whitespace() || matches!(prev, ':' | '[' | '{' | ',' | '-');
        match state {
            State::Plain => match c {
                '"' if starts_scalar => state = State::Double,
                '\'' if starts_scalar => state = State::Single,
                '#' if prev.is_whitespace() => state = State::Comment,
                _ => {}
            },
            State::Comment => {
                if c == '\n' {
                    state = State::Plain;
                }
            }
            State::Single => {
                if c == '\'' {
                    if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        state = State::Plain;
                    }
                }
            }
            State::Double => match c {
                '\\' => match chars.next() {
                    Some((_, n)) if ESCAPES.contains(n) => {}
                    Some((_, n)) => return Some((i, n)),
                    None => return None,
                },
                '"' => state = State::Plain,
                _ => {}
            },
        }
        prev = c;
    }
    None
}

/// Moves the parser's position to what the author has to fix: the tab for
/// tab errors, the opening quote for unclosed quotes.
fn culprit(yaml: &str, reported: usize, message: &str) -> usize {
    let reported = reported.min(yaml.len());
    let line_start = yaml[..reported].rfind('\n').map_or(0, |i| i + 1);
    if message.contains("tab") {
        if let Some(i) = yaml[line_start..].find('\t') {
            return line_start + i;
        }
    } else if message.contains("quoted")
        && let Some(i) = yaml[..reported].rfind(['"', '\''])
    {
        return i;
    }
    if reported >= yaml.len() {
        yaml.len().saturating_sub(1)
    } else {
        reported
    }
}

/// Drops serde-saphyr's "error: line N column M:" prefix, its "at line N, column M"
/// suffix (lines of the YAML block, not of the file) and hints meant for programmers.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let mut msg = first.strip_prefix("error:").unwrap_or(first).trim();
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        msg = &rest[idx + 2..];
    }
    let mut msg = msg
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(msg)
        .trim();
    if let Some(i) = msg.rfind(" at line ")
        && msg[i + 9..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    {
        msg = msg[..i].trim_end();
    }
    msg.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_nested_values() {
        let yaml = "id: SOP-1\nclauses: [\"7.5\", 8.1]\n";
        let n = parse(yaml, 4).expect("valid yaml");
        let Value::Map(entries) = &n.value else {
            panic!("not a map")
        };
        let (_, clauses) = &entries[1];
        let Value::Seq(items) = &clauses.value else {
            panic!("not a seq")
        };
        let full = format!("---\n{yaml}");
        assert_eq!(&full[items[0].bytes.clone()], "\"7.5\"");
        assert_eq!(&full[items[1].bytes.clone()], "8.1");
    }

    /// The full parser alone, for comparison.
    fn full(yaml: &str) -> Option<Node> {
        let options = serde_saphyr::options! { with_snippet: false };
        serde_saphyr::from_str_with_options::<Spanned<Raw>>(yaml, options)
            .ok()
            .map(|s| node(s, 0))
    }

    #[test]
    fn the_flat_reader_agrees_with_the_full_parser() {
        let cases = [
            "id: SOP-1\ntitle: Hello world\nrevision: \"B\"\nq: 'x'\nweight: 40\n",
            "effective: 2025-04-07\nclauses: [\"7.5\", a b ,c]\nsupersedes: []\n",
            "t: Hello  world  \nh: a#b\nk: \"\"\ns: ''\nm: Ärger\nneg: -3\nzero: 0\n",
            "title: It's fine, really\n\nowner: Quality Manager\n",
            "clauses: [7.5.3, \"iso14001-2015:6.1\", 8]\n",
            "clause: 10.2.1\n",
            // One level of nesting: block lists of values or of maps, block maps, flow maps.
            "a: b\nobjectives:\n  - id: OBJ-0200\n    title: Objective 200\n    serves: [C1]\n    target: { value: 95, direction: at-least }\n    due: 2026-12-31\n  - id: X\n    k: 3\nz: [q]\nm:\n  k: v\n  j: [1]\n",
            "changes:\n    - revision: B\n      date: 2026-01-02\n      summary: Scope widened\nowner: QM\n",
            "actions:\n  - Train staff\n  - \"Audit\"\n  - [a, b]\n  - {x: 1}\n",
            "t: {}\nu: {a: 'b c', d: 2026-01-01}\nv:\n - a\n",
        ];
        for yaml in cases {
            let flat = parse_flat(yaml);
            assert!(flat.is_some(), "the flat reader takes {yaml:?}");
            assert_eq!(flat, full(yaml), "{yaml:?}");
        }
        // Left to the full parser (booleans, floats, comments, block lists, nesting,
        // escapes, errors, 1.1-style booleans as keys).
        for yaml in [
            "a: true\n",
            "a: 7.5\n",
            "a: 007\n",
            "a: b # c\n",
            "a:\n",
            "a:\nb: c\n",
            "a:\n- b\n",
            "a:\n  - b\n   - c\n",
            "a:\n  - b: c\n     d: e\n",
            "a:\n  - b: c\n   d: e\n",
            "a:\n  - b:\n      c: d\n",
            "a:\n  b:\n    c: d\n",
            "a:\n  b: c\n    d: e\n",
            "a:\n  -  b: c\n",
            "a:\n  - b: c\n    b: d\n",
            "a:\n  - b\n  c: d\n",
            "a:\n  b: c\n  - d\n",
            "a: {b: c: d}\n",
            "a: {b: [c]}\n",
            "a: {b: {c: d}}\n",
            "a: {b: c,}\n",
            "a: {b:c}\n",
            "a: {yes: c}\n",
            "a: {b: c}}\n",
            "a:\n  - n: 3\n",
            "a:\n  title: Hello\n    world\n",
            "a: \"x\\ty\"\n",
            "a: 1\na: 2\n",
            "n: 40\n",
            "a: b: c\n",
            "a: [b, [c]]\n",
            "a: [b,]\n",
            "a: 12345678901234567890\n",
            "# comment\na: b\n",
            "a: Yes\n",
            "a: .inf\n",
            "a: *ref\n",
        ] {
            assert_eq!(parse_flat(yaml), None, "{yaml:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the flat reader accepts, the full parser reads the same.
        #[test]
        fn the_flat_reader_never_disagrees(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["id", "title", "n", "Yes", "a-b", "_x", "k2", "id"]),
                    proptest::sample::select(vec![
                        "SOP-1", "Hello  world ", "It's ok", "a#b", "a # b", "x: y", "x:",
                        "\"q\"", "\"q\\n\"", "'s'", "'it''s'", "\"\"", "40", "-3", "007",
                        "7.5", "7.5.3", "1.2.3.", "2025-04-07", "2025-4-7", "true", "No",
                        "null", "~", "inf", "[]", "[a, \"b\", 3]", "[a,]", "[a, [b]]",
                        "[\"a, b\"]", "[x:y]", "Ärger", "&a", "*a", "!t x", "|", ">",
                        "{a: b}", "- a", "12345678901234567890", "0", "e5", ".5",
                    ]),
                    proptest::sample::select(vec![": ", ":  ", ":", " : "]),
                ),
                1..8,
            )
        ) {
            let yaml: String = lines
                .iter()
                .map(|(k, v, sep)| format!("{k}{sep}{v}\n"))
                .collect();
            if let Some(flat) = parse_flat(&yaml) {
                proptest::prop_assert_eq!(Some(flat), full(&yaml), "{:?}", yaml);
            }
        }
    }

    /// Front matter with one level of nesting, built from `choices`: block
    /// lists of values or maps and block maps, indented right or wrong,
    /// with every kind of value.
    fn nested_yaml(choices: &[u16]) -> String {
        const KEYS: [&str; 9] = ["id", "title", "n", "Yes", "a-b", "_x", "k2", "id", "target"];
        const VALUES: [&str; 24] = [
            "SOP-1",
            "Hello  world ",
            "It's ok",
            "a#b",
            "x: y",
            "\"q\"",
            "'s'",
            "40",
            "-3",
            "007",
            "7.5",
            "7.5.3",
            "2025-04-07",
            "true",
            "[]",
            "[a, \"b\", 3]",
            "[a, [b]]",
            "{}",
            "{value: 95, direction: at-least}",
            "{ a: 'x' , b: 2 }",
            "{a: [b]}",
            "{a: b: c}",
            "{yes: 1}",
            "Ärger",
        ];
        let mut c = choices.iter().copied().map(usize::from);
        let mut pick = move |n: usize| c.next().unwrap_or(0) % n;
        let mut yaml = String::new();
        for _ in 0..1 + pick(4) {
            let key = KEYS[pick(KEYS.len())];
            match pick(3) {
                0 => yaml.push_str(&format!("{key}: {}\n", VALUES[pick(VALUES.len())])),
                kind => {
                    yaml.push_str(&format!("{key}:\n"));
                    let n = 1 + pick(4);
                    // Now and then an indentation one off.
                    let indent = |base: usize, p: usize| match p {
                        0 => base + 1,
                        1 => base.saturating_sub(1),
                        _ => base,
                    };
                    for _ in 0..1 + pick(3) {
                        let here = " ".repeat(indent(n, pick(12)));
                        if kind == 1 {
                            if pick(2) == 0 {
                                yaml.push_str(&format!("{here}- {}\n", VALUES[pick(VALUES.len())]));
                            } else {
                                let (k, v) = (KEYS[pick(KEYS.len())], VALUES[pick(VALUES.len())]);
                                yaml.push_str(&format!("{here}- {k}: {v}\n"));
                                for _ in 0..pick(3) {
                                    let more = " ".repeat(indent(n + 2, pick(12)));
                                    let (k, v) =
                                        (KEYS[pick(KEYS.len())], VALUES[pick(VALUES.len())]);
                                    yaml.push_str(&format!("{more}{k}: {v}\n"));
                                }
                            }
                        } else {
                            let (k, v) = (KEYS[pick(KEYS.len())], VALUES[pick(VALUES.len())]);
                            yaml.push_str(&format!("{here}{k}: {v}\n"));
                        }
                    }
                }
            }
        }
        yaml
    }

    #[test]
    fn the_flat_reader_agrees_on_nested_front_matter() {
        let mut seed = 11u64;
        let (mut taken, mut nested) = (0, 0);
        for _ in 0..20_000 {
            let choices: Vec<u16> = (0..64)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 997) as u16
                })
                .collect();
            let yaml = nested_yaml(&choices);
            if let Some(flat) = parse_flat(&yaml) {
                assert_eq!(Some(flat), full(&yaml), "{yaml:?}");
                taken += 1;
                nested += usize::from(yaml.contains(":\n"));
            }
        }
        // Both outcomes are exercised, nesting included.
        assert!(
            taken > 1_000 && nested > 500,
            "taken {taken}, nested {nested}"
        );
    }

    #[test]
    fn the_sample_handbooks_front_matter_takes_the_flat_reader_identically() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut taken = 0;
        for entry in walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
        {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Some(rest) = text.strip_prefix("---\n") else {
                continue;
            };
            let Some(end) = rest.find("\n---") else {
                continue;
            };
            let yaml = &rest[..end + 1];
            if let Some(flat) = parse_flat(yaml) {
                assert_eq!(Some(flat), full(yaml), "{}", entry.path().display());
                taken += 1;
            }
        }
        // Documents with a revision log (`changes:`) or a recorded review
        // are nested and take the full reader; the rest must agree.
        assert!(
            taken >= 10,
            "the flat reader is exercised on the sample ({taken} documents)"
        );
    }

    #[test]
    fn an_unknown_escape_is_named_at_its_backslash() {
        let yaml = "id: A\ntitle: \"Audit Plan \\<Date\\>\"\ntype: form\n";
        let e = parse(yaml, 0).expect_err("bad escape");
        assert_eq!(e.message, "`\\<` is not a YAML escape");
        assert_eq!(&yaml[e.offset..e.offset + 2], "\\<");
        // Escapes YAML knows, single quotes and comments are left alone.
        assert_eq!(bad_escape("a: \"x\\ty\\\\z\"\nb: 'c\\<'\n# \"\\<\n"), None);
    }

    #[test]
    fn syntax_errors_have_line_and_plain_message() {
        let e = parse("a: 1\na: 2\n", 0).expect_err("duplicate key");
        assert_eq!(e.offset, 5);
        assert_eq!(e.message, "duplicate mapping key: a");
        let yaml = "id: A\ntitle: \"Unclosed\ntype: procedure\n";
        let e = parse(yaml, 0).expect_err("unclosed");
        assert_eq!(&yaml[e.offset..e.offset + 1], "\"");
        let yaml = "id: A\ntitle: T\n\ttype: procedure\n";
        let e = parse(yaml, 0).expect_err("tab");
        assert_eq!(e.offset, 15);
        assert!(!e.message.contains("line"), "{}", e.message);
    }

    /// A "billion laughs" front matter: ten anchors, each a list of ten aliases of the one before.
    fn laughs() -> String {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8u8 {
            let (p, n) = ((b'a' + i) as char, (b'b' + i) as char);
            let list = vec![format!("*{p}"); 10].join(", ");
            y.push_str(&format!("{n}: &{n} [{list}]\n"));
        }
        y
    }

    #[test]
    fn the_alias_budget_is_shared_and_its_message_whole() {
        let y = laughs();
        let e = parse(&y, 0).expect_err("over the budget");
        assert!(e.message.contains("aliases"), "{}", e.message);
        assert!(
            !e.message.contains("line"),
            "no block-relative lines: {}",
            e.message
        );
        assert!(!e.message.contains("(used"), "{}", e.message);
        assert_eq!(&y[e.offset..e.offset + 1], "*", "points at an alias");
        assert!(e.anchor.is_some());
        // A small expansion fits one budget, but not many times over.
        let small = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a]\n";
        let budget = Budget::with_values(1_000);
        let mut ok = 0;
        for _ in 0..100 {
            if parse_budgeted(small, 0, &budget).is_ok() {
                ok += 1;
            }
        }
        assert!(
            (10..20).contains(&ok),
            "{ok} documents fit a budget of 1,000 values"
        );
        assert_eq!(budget.remaining(), 0);
        // YAML without aliases is not charged.
        let budget = Budget::with_values(0);
        assert!(parse_budgeted("a:\n  - b\n  - c\n", 0, &budget).is_ok());
    }
}
