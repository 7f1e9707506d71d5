//! Revision history from git: one `git log` over the content folder for the
//! whole handbook (no process per file), following renames.
//!
//! Front matter stays authoritative for `revision` and `effective`; git is the
//! evidence trail beside it. Without git, outside a repository or in a
//! shallow clone the build still succeeds, with one note and no made-up data.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

/// One commit that changed a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Full commit hash.
    pub hash: String,
    /// First 8 characters of the hash.
    pub short: String,
    /// Author name.
    pub author: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    /// Author timestamp, RFC 3339 (for the feed).
    pub timestamp: String,
    /// Commit subject.
    pub subject: String,
}

/// Where the history came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// Full history.
    Full,
    /// A shallow clone: history is cut off.
    Shallow,
    /// Not a git repository, or git is not installed.
    Unavailable(String),
}

/// History of every document, by index into the handbook's documents.
#[derive(Debug, Clone)]
pub struct History {
    /// Per document, newest first.
    pub per_document: Vec<Vec<Change>>,
    /// How complete it is.
    pub availability: Availability,
    /// The commit the handbook was built from.
    pub head: Option<String>,
    /// Whether the work tree had uncommitted changes under the handbook root.
    pub dirty: Option<bool>,
}

impl History {
    /// A history with nothing in it.
    pub fn unavailable(documents: usize, why: String) -> History {
        History {
            per_document: vec![Vec::new(); documents],
            availability: Availability::Unavailable(why),
            head: None,
            dirty: None,
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|e| format!("git could not be run ({e})"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// Reads the history of `files` (absolute paths of the documents, by index)
/// under the handbook `root`. `output` (the site folder) does not count as an
/// uncommitted change.
pub fn load(root: &Path, content: &Path, files: &[PathBuf], output: &Path) -> History {
    let probe = match git(
        root,
        &["rev-parse", "--show-toplevel", "--is-shallow-repository"],
    ) {
        Ok(out) => out,
        Err(e) => {
            let why = if e.contains("not a git repository") {
                "the handbook is not in a git repository".to_string()
            } else {
                e
            };
            return History::unavailable(files.len(), why);
        }
    };
    let probe = String::from_utf8_lossy(&probe);
    let mut lines = probe.lines();
    let top = PathBuf::from(lines.next().unwrap_or_default());
    let shallow = lines.next() == Some("true");
    let top = top.canonicalize().unwrap_or(top);
    let head = git(root, &["rev-parse", "--verify", "-q", "HEAD"])
        .ok()
        .map(|h| String::from_utf8_lossy(&h).trim().to_string());
    // The site folder and the staging folders beside it are build products, not sources.
    let output_name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let exclude_output = format!(":(exclude,glob)**/{output_name}/**");
    let dirty = git(
        root,
        &[
            "status",
            "--porcelain",
            "--untracked-files=normal",
            "--",
            ".",
            &exclude_output,
            ":(exclude,glob)**/.qmsbook-*/**",
        ],
    )
    .ok()
    .map(|s| !s.is_empty());

    let rel = |p: &Path| -> Option<String> {
        let abs = p.canonicalize().ok()?;
        Some(
            abs.strip_prefix(&top)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/"),
        )
    };
    let mut tracked: HashMap<String, usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if let Some(r) = rel(f) {
            tracked.insert(r, i);
        }
    }
    let content_rel = rel(content).unwrap_or_else(|| ".".to_string());
    let pathspec = if content_rel.is_empty() {
        ".".to_string()
    } else {
        content_rel
    };
    let mut per_document = vec![Vec::new(); files.len()];
    if head.is_some() {
        let log = match git(
            &top,
            &[
                "log",
                "--format=%x1e%H%x1f%an%x1f%aI%x1f%s",
                "--name-status",
                "-z",
                "-M",
                "--",
                &pathspec,
            ],
        ) {
            Ok(l) => l,
            Err(e) => return History::unavailable(files.len(), format!("git log failed: {e}")),
        };
        parse_log(
            &String::from_utf8_lossy(&log),
            &mut tracked,
            &mut per_document,
        );
    }
    History {
        per_document,
        availability: if shallow {
            Availability::Shallow
        } else {
            Availability::Full
        },
        head,
        dirty,
    }
}

/// Walks `git log --name-status -z` output (newest first), recording each
/// commit for the document its path belongs to at that point, and following
/// renames back to older paths.
fn parse_log(log: &str, tracked: &mut HashMap<String, usize>, per_document: &mut [Vec<Change>]) {
    for record in log.split('\u{1e}').filter(|r| !r.is_empty()) {
        let (header, rest) = record.split_once('\0').unwrap_or((record, ""));
        let mut fields = header.split('\u{1f}');
        let (Some(hash), Some(author), Some(timestamp), subject) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let change = Change {
            hash: hash.to_string(),
            short: hash.chars().take(8).collect(),
            author: author.to_string(),
            date: timestamp.chars().take(10).collect(),
            timestamp: timestamp.to_string(),
            subject: subject.unwrap_or_default().to_string(),
        };
        let mut tokens = rest
            .trim_start_matches('\n')
            .split('\0')
            .filter(|t| !t.is_empty());
        while let Some(status) = tokens.next() {
            let kind = status.chars().next().unwrap_or(' ');
            match kind {
                'R' | 'C' => {
                    let (Some(old), Some(new)) = (tokens.next(), tokens.next()) else {
                        break;
                    };
                    if let Some(doc) = tracked.remove(new) {
                        push(&mut per_document[doc], &change);
                        if kind == 'R' {
                            tracked.insert(old.to_string(), doc);
                        }
                    }
                }
                _ => {
                    let Some(path) = tokens.next() else { break };
                    if let Some(&doc) = tracked.get(path) {
                        if kind == 'D' {
                            continue;
                        }
                        push(&mut per_document[doc], &change);
                        if kind == 'A' {
                            tracked.remove(path);
                        }
                    }
                }
            }
        }
    }
}

fn push(list: &mut Vec<Change>, change: &Change) {
    if list.last().is_none_or(|c| c.hash != change.hash) {
        list.push(change.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_renames_newest_first() {
        let log = "\u{1e}bbbbbbbbbb\u{1f}Bob\u{1f}2026-02-01T00:00:00Z\u{1f}Rename\0\nR100\0c/a.md\0c/b.md\0M\0c/x.md\0\u{1e}aaaaaaaaaa\u{1f}Ann\u{1f}2026-01-01T00:00:00Z\u{1f}First\0\nA\0c/a.md\0A\0c/x.md\0";
        let mut tracked = HashMap::from([("c/b.md".to_string(), 0), ("c/x.md".to_string(), 1)]);
        let mut per = vec![Vec::new(), Vec::new()];
        parse_log(log, &mut tracked, &mut per);
        let subjects: Vec<_> = per[0].iter().map(|c| c.subject.as_str()).collect();
        assert_eq!(subjects, ["Rename", "First"]);
        assert_eq!(per[0][0].short, "bbbbbbbb");
        assert_eq!(per[0][1].date, "2026-01-01");
        assert_eq!(per[1].len(), 2);
    }
}
