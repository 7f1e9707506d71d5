//! What changed between two revisions of a document: the control fields that
//! differ, and the text compared block by block, then word by word within
//! changed blocks (the `changes.html` page of a document).
//!
//! Plain data for templates (text pieces tagged equal, inserted or deleted);
//! the page marks them up with `<ins>` and `<del>`.

use std::collections::HashMap;

use serde::Serialize;
use similar::{Algorithm, DiffOp};

use crate::markdown::blocks::{Block, BlockKind, plain_blocks};
use crate::parse::front_matter::FrontMatter;

/// How many unchanged blocks are shown around a change; longer unchanged
/// runs are folded.
const CONTEXT: usize = 1;

/// One piece of a block's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// `equal`, `inserted` or `deleted`.
    pub tag: &'static str,
    /// The text.
    pub text: String,
}

/// One block of the compared text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffBlock {
    /// What kind of block: `h1`…`h6`, `paragraph`, `item`, `row` or `code`.
    pub kind: &'static str,
    /// `equal`, `inserted`, `deleted` or `changed`.
    pub change: &'static str,
    /// Its text in pieces.
    pub pieces: Vec<Piece>,
}

/// A run of blocks: shown, or unchanged and folded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRun {
    /// Whether the run is unchanged text folded away.
    pub folded: bool,
    /// Its blocks.
    pub blocks: Vec<DiffBlock>,
}

/// A control field that differs between the two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The front-matter key.
    pub field: &'static str,
    /// Its value before (empty when unset).
    pub before: String,
    /// Its value after (empty when unset).
    pub after: String,
}

/// The comparison of two revisions' texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextDiff {
    /// The blocks, in runs.
    pub runs: Vec<DiffRun>,
    /// Blocks inserted, deleted and changed.
    pub inserted: usize,
    /// Blocks deleted.
    pub deleted: usize,
    /// Blocks changed within.
    pub changed: usize,
}

/// Compares two Markdown bodies.
pub fn compare(before: &str, after: &str) -> TextDiff {
    let old = plain_blocks(before);
    let new = plain_blocks(after);
    // Blocks are compared as numbers (one per distinct kind and text), so
    // the diff never compares the same long strings again and again.
    let mut ids: HashMap<(BlockKind, &str), u32> = HashMap::new();
    let mut old_keys = Vec::with_capacity(old.len());
    let mut new_keys = Vec::with_capacity(new.len());
    for (blocks, keys) in [(&old, &mut old_keys), (&new, &mut new_keys)] {
        for b in blocks.iter() {
            let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
            keys.push(*ids.entry((b.kind, b.text.as_str())).or_insert(next));
        }
    }
    let mut blocks: Vec<DiffBlock> = Vec::new();
    let whole = |b: &Block, change: &'static str, tag: &'static str| DiffBlock {
        kind: kind_name(b.kind),
        change,
        pieces: vec![Piece {
            tag,
            text: b.text.clone(),
        }],
    };
    for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => blocks.extend(
                new[new_index..new_index + len]
                    .iter()
                    .map(|b| whole(b, "equal", "equal")),
            ),
            DiffOp::Delete {
                old_index, old_len, ..
            } => blocks.extend(
                old[old_index..old_index + old_len]
                    .iter()
                    .map(|b| whole(b, "deleted", "deleted")),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => blocks.extend(
                new[new_index..new_index + new_len]
                    .iter()
                    .map(|b| whole(b, "inserted", "inserted")),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let (olds, news) = (
                    &old[old_index..old_index + old_len],
                    &new[new_index..new_index + new_len],
                );
                let paired = olds.len().min(news.len());
                for (o, n) in olds.iter().zip(news) {
                    blocks.push(DiffBlock {
                        kind: kind_name(n.kind),
                        change: "changed",
                        pieces: word_pieces(&o.text, &n.text),
                    });
                }
                blocks.extend(
                    olds[paired..]
                        .iter()
                        .map(|b| whole(b, "deleted", "deleted")),
                );
                blocks.extend(
                    news[paired..]
                        .iter()
                        .map(|b| whole(b, "inserted", "inserted")),
                );
            }
        }
    }
    let count = |c: &str| blocks.iter().filter(|b| b.change == c).count();
    let (inserted, deleted, changed) = (count("inserted"), count("deleted"), count("changed"));
    TextDiff {
        runs: fold(blocks),
        inserted,
        deleted,
        changed,
    }
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading(1) => "h1",
        BlockKind::Heading(2) => "h2",
        BlockKind::Heading(3) => "h3",
        BlockKind::Heading(4) => "h4",
        BlockKind::Heading(5) => "h5",
        BlockKind::Heading(_) => "h6",
        BlockKind::Paragraph => "paragraph",
        BlockKind::Item => "item",
        BlockKind::Row => "row",
        BlockKind::Code => "code",
    }
}

/// Word-level pieces of a changed block; neighbouring pieces with the same
/// tag are joined.
fn word_pieces(before: &str, after: &str) -> Vec<Piece> {
    let (old, new) = (tokens(before), tokens(after));
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |tag: &'static str, text: &[&str]| {
        let text: String = text.concat();
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(&text),
            _ => pieces.push(Piece { tag, text }),
        }
    };
    for op in similar::capture_diff_slices(Algorithm::Myers, &old, &new) {
        match op {
            DiffOp::Equal { new_index, len, .. } => push("equal", &new[new_index..new_index + len]),
            DiffOp::Delete {
                old_index, old_len, ..
            } => push("deleted", &old[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push("inserted", &new[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push("deleted", &old[old_index..old_index + old_len]);
                push("inserted", &new[new_index..new_index + new_len]);
            }
        }
    }
    pieces
}

/// Splits text into words (runs of letters and digits), runs of
/// whitespace, and single other characters, so that `result.` and
/// `result in the log.` share `result`.
fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if let Some(prev) = last
            && (prev != k || k == Class::Other)
        {
            out.push(&text[start..i]);
            start = i;
        }
        last = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Splits blocks into runs, folding unchanged blocks more than [`CONTEXT`]
/// away from any change.
fn fold(blocks: Vec<DiffBlock>) -> Vec<DiffRun> {
    let changed: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.change != "equal")
        .map(|(i, _)| i)
        .collect();
    let near = |i: usize| {
        let at = changed.partition_point(|&c| c < i);
        let after = changed.get(at).is_some_and(|&c| c - i <= CONTEXT);
        let before = at > 0 && i - changed[at - 1] <= CONTEXT;
        after || before
    };
    let mut runs: Vec<DiffRun> = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        let folded = block.change == "equal" && !near(i);
        match runs.last_mut() {
            Some(run) if run.folded == folded => run.blocks.push(block),
            _ => runs.push(DiffRun {
                folded,
                blocks: vec![block],
            }),
        }
    }
    runs
}

/// The control fields that differ between two revisions' front matter.
pub fn field_changes(before: &FrontMatter, after: &FrontMatter) -> Vec<FieldChange> {
    let opt = |v: Option<&str>| v.unwrap_or("").to_string();
    let date = |d: &Option<crate::parse::front_matter::Located<jiff::civil::Date>>| {
        d.as_ref().map(|d| d.value.to_string()).unwrap_or_default()
    };
    let clauses = |m: &FrontMatter| {
        m.clauses
            .iter()
            .map(|c| match &c.standard {
                Some(s) => format!("{s}:{}", c.clause),
                None => c.clause.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let pairs = [
        ("title", before.title.clone(), after.title.clone()),
        (
            "type",
            before.doc_type.value.clone(),
            after.doc_type.value.clone(),
        ),
        (
            "owner",
            opt(before.owner.as_deref()),
            opt(after.owner.as_deref()),
        ),
        (
            "approved_by",
            opt(before.approved_by.as_ref().map(|a| a.value.as_str())),
            opt(after.approved_by.as_ref().map(|a| a.value.as_str())),
        ),
        ("effective", date(&before.effective), date(&after.effective)),
        ("review_by", date(&before.review_by), date(&after.review_by)),
        (
            "status",
            before.status.as_str().to_string(),
            after.status.as_str().to_string(),
        ),
        ("clauses", clauses(before), clauses(after)),
    ];
    pairs
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, before, after)| FieldChange {
            field,
            before,
            after,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(diff: &TextDiff) -> Vec<(&'static str, String)> {
        diff.runs
            .iter()
            .filter(|r| !r.folded)
            .flat_map(|r| &r.blocks)
            .map(|b| {
                let text = b
                    .pieces
                    .iter()
                    .map(|p| match p.tag {
                        "inserted" => format!("{{+{}+}}", p.text),
                        "deleted" => format!("[-{}-]", p.text),
                        _ => p.text.clone(),
                    })
                    .collect::<String>();
                (b.change, text)
            })
            .collect()
    }

    #[test]
    fn words_are_marked_within_changed_blocks() {
        let diff = compare(
            "# Purpose\n\nKeep records of calibration.\n",
            "# Purpose\n\nKeep signed records of calibration.\n\nNew step.\n",
        );
        assert_eq!(
            shown(&diff),
            [
                ("equal", "Purpose".to_string()),
                (
                    "changed",
                    "Keep {+signed +}records of calibration.".to_string()
                ),
                ("inserted", "{+New step.+}".to_string()),
            ]
        );
        assert_eq!((diff.inserted, diff.deleted, diff.changed), (1, 0, 1));
    }

    #[test]
    fn far_unchanged_text_is_folded() {
        let before: String = (1..=10).map(|i| format!("Paragraph {i}.\n\n")).collect();
        let after = before.replace("Paragraph 5.", "Paragraph five.");
        let diff = compare(&before, &after);
        let folded: usize = diff
            .runs
            .iter()
            .filter(|r| r.folded)
            .map(|r| r.blocks.len())
            .sum();
        assert_eq!(folded, 7, "all but the change and one block each side");
        assert_eq!(shown(&diff).len(), 3);
        assert_eq!(shown(&diff)[1].1, "Paragraph [-5-]{+five+}.");
    }

    #[test]
    fn punctuation_is_compared_apart_from_words() {
        let diff = compare("Record the result.\n", "Record the result in the log.\n");
        assert_eq!(shown(&diff)[0].1, "Record the result{+ in the log+}.");
        assert_eq!(tokens("a, b-c"), ["a", ",", " ", "b", "-", "c"]);
    }

    #[test]
    fn same_text_has_no_changes() {
        let diff = compare("A.\n\nB.\n", "A.\n\n\nB.\n");
        assert_eq!((diff.inserted, diff.deleted, diff.changed), (0, 0, 0));
        assert!(diff.runs.iter().all(|r| r.folded));
    }
}
