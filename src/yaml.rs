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
    /// opening quote, or where the parser stopped).
    pub offset: usize,
}

/// Parses `yaml`, which starts at byte `base` of its file.
pub fn parse(yaml: &str, base: usize) -> Result<Node, SyntaxError> {
    let options = serde_saphyr::options! {
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(yaml, options) {
        Ok(spanned) => {
            let mut n = node(spanned, 0);
            shift(&mut n, base);
            Ok(n)
        }
        Err(e) => {
            let message = clean_message(&e.without_snippet().to_string());
            let reported = e.location().filter(|l| l.line() > 0).map_or(0, |l| {
                offset_of(yaml, l.line() as usize, l.column() as usize)
            });
            Err(SyntaxError {
                offset: culprit(yaml, reported, &message),
                message,
            })
        }
    }
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
}
