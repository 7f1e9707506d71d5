//! A Markdown body as plain-text blocks (headings, paragraphs, list items,
//! table rows, code), for comparing two revisions word by word. Markup is
//! left out: a reader compares what the text says, not how it is written.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What kind of block a piece of text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// A heading (level 1–6).
    Heading(u8),
    /// A paragraph, block quote line or footnote.
    Paragraph,
    /// A list item.
    Item,
    /// A table row (cells separated by ` | `).
    Row,
    /// A code block.
    Code,
}

/// One block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// Its text, whitespace collapsed (code blocks keep their lines).
    pub text: String,
}

/// The blocks of `body`, in order. Empty blocks are left out.
pub fn plain_blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut kinds: Vec<BlockKind> = Vec::new();
    let mut in_code = false;
    let flush = |text: &mut String, kind: BlockKind, out: &mut Vec<Block>| {
        let collapsed = if kind == BlockKind::Code {
            text.trim_end().to_string()
        } else {
            let mut words = String::with_capacity(text.len());
            for word in text.split_whitespace() {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(word);
            }
            words
        };
        if !collapsed.is_empty() {
            out.push(Block {
                kind,
                text: collapsed,
            });
        }
        text.clear();
    };
    for event in Parser::new_ext(body, super::options()) {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Heading { level, .. } => Some(BlockKind::Heading(level as u8)),
                    Tag::Paragraph => None,
                    Tag::Item => Some(BlockKind::Item),
                    Tag::TableHead | Tag::TableRow => Some(BlockKind::Row),
                    Tag::CodeBlock(_) => {
                        in_code = true;
                        Some(BlockKind::Code)
                    }
                    Tag::TableCell if !text.is_empty() => {
                        text.push_str(" | ");
                        None
                    }
                    _ => None,
                };
                if let Some(kind) = kind {
                    // Text before a nested block (an item's own line) is a block of its own.
                    if let Some(&outer) = kinds.last() {
                        flush(&mut text, outer, &mut out);
                    }
                    kinds.push(kind);
                }
            }
            Event::End(end) => {
                let closes = matches!(
                    end,
                    TagEnd::Heading(_)
                        | TagEnd::Item
                        | TagEnd::TableHead
                        | TagEnd::TableRow
                        | TagEnd::CodeBlock
                );
                if closes {
                    in_code &= end != TagEnd::CodeBlock;
                    let kind = kinds.pop().unwrap_or(BlockKind::Paragraph);
                    flush(&mut text, kind, &mut out);
                } else if end == TagEnd::Paragraph {
                    let kind = kinds.last().copied().unwrap_or(BlockKind::Paragraph);
                    flush(&mut text, kind, &mut out);
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(if in_code { '\n' } else { ' ' });
            }
            Event::TaskListMarker(done) => text.push_str(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => {
                text.push_str(&format!("[{name}]"));
            }
            Event::Html(_) | Event::InlineHtml(_) | Event::Rule => {}
        }
    }
    flush(&mut text, BlockKind::Paragraph, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<(BlockKind, String)> {
        plain_blocks(body)
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn blocks_keep_words_and_drop_markup() {
        let body = "# Purpose\n\nKeep **records** of\ncalibration, see [[SOP-2]].\n\n- one\n- two *items*\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\ny = 2\n```\n";
        use BlockKind::*;
        assert_eq!(
            texts(body),
            [
                (Heading(1), "Purpose".to_string()),
                (
                    Paragraph,
                    "Keep records of calibration, see SOP-2.".to_string()
                ),
                (Item, "one".to_string()),
                (Item, "two items".to_string()),
                (Row, "A | B".to_string()),
                (Row, "1 | 2".to_string()),
                (Code, "x = 1\ny = 2".to_string()),
            ]
        );
    }

    #[test]
    fn nested_lists_give_one_block_per_item() {
        let body = "1. First\n   - inner\n2. Second\n";
        let got: Vec<String> = plain_blocks(body).into_iter().map(|b| b.text).collect();
        assert_eq!(got, ["First", "inner", "Second"]);
    }
}
