//! The ignore-revs file (`[history] ignore-revs-file`): commits left out of
//! what the site shows, in the format of git's `blame.ignoreRevsFile`.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, SourceText};

/// Commit hashes to leave out, as read from the file.
#[derive(Debug, Clone, Default)]
pub struct IgnoredRevs {
    hashes: HashSet<String>,
}

impl IgnoredRevs {
    /// Reads the file's text: one full commit hash a line; blank lines and
    /// text after `#` are ignored. Anything else is an error at its line.
    pub fn parse(file: &SourceText) -> (IgnoredRevs, Vec<Diagnostic>) {
        let mut hashes = HashSet::new();
        let mut problems = Vec::new();
        let mut offset = 0;
        for line in file.text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let content = line.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let is_hash = (content.len() == 40 || content.len() == 64)
                && content.bytes().all(|b| b.is_ascii_hexdigit());
            if is_hash {
                hashes.insert(content.to_ascii_lowercase());
            } else {
                let at = start + line.find(content).unwrap_or(0);
                problems.push(
                    Diagnostic::error(
                        "ignore-revs",
                        format!("`{content}` is not a full commit hash"),
                    )
                    .at_bytes(file, at..at + content.len())
                    .help("write one full 40-character commit hash a line (`git rev-parse <commit>` prints it); comments start with `#`"),
                );
            }
        }
        (IgnoredRevs { hashes }, problems)
    }

    /// Whether the commit is listed.
    pub fn contains(&self, hash: &str) -> bool {
        self.hashes.contains(&hash.to_ascii_lowercase())
    }

    /// How many commits are listed.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether no commit is listed.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hashes_comments_and_reports_bad_lines() {
        let a = "a".repeat(40);
        let text = format!("# reformat\n{a}  # prettier\n\nabc123\n");
        let file = SourceText::new(".git-blame-ignore-revs", text);
        let (revs, problems) = IgnoredRevs::parse(&file);
        assert_eq!(revs.len(), 1);
        assert!(revs.contains(&a.to_ascii_uppercase()));
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert!(p.message.contains("abc123"), "{}", p.message);
        assert_eq!(p.span.as_ref().map(|s| s.start.line), Some(4));
    }
}
