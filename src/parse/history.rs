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
    /// The content folder's path from the repository's top folder
    /// (`/`-separated, empty when it is the top folder; `git rev-parse
    /// --show-toplevel`, once per build), for links to source files.
    pub content_in_repo: Option<String>,
}

impl History {
    /// A history with nothing in it.
    pub fn unavailable(documents: usize, why: String) -> History {
        History {
            per_document: vec![Vec::new(); documents],
            availability: Availability::Unavailable(why),
            head: None,
            dirty: None,
            content_in_repo: None,
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
    let content_in_repo = rel(content);
    let pathspec = match content_in_repo.as_deref() {
        None | Some("") => ".".to_string(),
        Some(r) => r.to_string(),
    };
    let mut per_document = vec![Vec::new(); files.len()];
    if head.is_some() {
        let log = match git(
            &top,
            &[
                "log",
                LOG_FORMAT,
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
        content_in_repo,
    }
}

/// Which of `rel_paths` (relative to the folder `dir`, `/`-separated) are
/// in the commit at `HEAD`, by one `git ls-tree`. `None` when `dir` is not in
/// a git repository with a commit, or git cannot be run.
pub fn committed(dir: &Path, rel_paths: &[&str]) -> Option<Vec<bool>> {
    let mut args = vec!["ls-tree", "-z", "--name-only", "HEAD", "--"];
    args.extend(rel_paths.iter().copied());
    let out = git(dir, &args).ok()?;
    let out = String::from_utf8_lossy(&out);
    let listed: std::collections::HashSet<&str> = out.split('\0').collect();
    Some(rel_paths.iter().map(|p| listed.contains(p)).collect())
}

/// A `revision:` value a document had in a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastRevision {
    /// The revision as written.
    pub revision: String,
    /// First 8 characters of the commit hash.
    pub short: String,
    /// Commit date, `YYYY-MM-DD`.
    pub date: String,
}

/// Every `revision:` value each file under `content` was committed with,
/// by content-relative path, oldest first: one `git log -G` over the
/// content folder (only commits that change a `revision:` line are read).
/// Paths are those of each commit (renames are not followed). Empty when
/// the handbook is not in a git repository.
pub fn past_revisions(content: &Path) -> HashMap<String, Vec<PastRevision>> {
    let Ok(out) = git(
        content,
        &[
            "log",
            "--format=%x01%H %as",
            "-p",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            "--relative",
            "-G^revision:",
            "--",
            ".",
        ],
    ) else {
        return HashMap::new();
    };
    parse_revision_log(&String::from_utf8_lossy(&out))
}

/// Reads the output of [`past_revisions`]' `git log` (newest first).
fn parse_revision_log(log: &str) -> HashMap<String, Vec<PastRevision>> {
    let mut out: HashMap<String, Vec<PastRevision>> = HashMap::new();
    let (mut short, mut date) = (String::new(), String::new());
    let mut path: Option<String> = None;
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix('\u{1}') {
            let (hash, day) = rest.split_once(' ').unwrap_or((rest, ""));
            short = hash.chars().take(8).collect();
            date = day.to_string();
            path = None;
        } else if let Some(p) = line.strip_prefix("+++ ") {
            path = p.strip_prefix("b/").map(str::to_string);
        } else if let (Some(value), Some(p)) = (line.strip_prefix("+revision:"), &path) {
            let revision = value.split(" #").next().unwrap_or(value).trim();
            let revision = revision.trim_matches(|c| c == '"' || c == '\'').to_string();
            if !revision.is_empty() {
                out.entry(p.clone()).or_default().push(PastRevision {
                    revision,
                    short: short.clone(),
                    date: date.clone(),
                });
            }
        }
    }
    for list in out.values_mut() {
        list.reverse();
    }
    out
}

/// Orders two revisions written the same way: whole numbers by value
/// (`9` < `10`), letters alphabetically with longer after shorter (`Z` <
/// `AA`), dotted numbers part by part (`1.9` < `1.10`). `None` when they are
/// written differently (`C` and `3`), which cannot be compared.
pub fn compare_revisions(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    let numbers =
        |s: &str| -> Option<Vec<u64>> { s.split('.').map(|p| p.parse::<u64>().ok()).collect() };
    if let (Some(x), Some(y)) = (numbers(a), numbers(b)) {
        return Some(x.cmp(&y));
    }
    let letters = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic());
    if letters(a) && letters(b) {
        return Some(
            a.len()
                .cmp(&b.len())
                .then_with(|| a.to_ascii_uppercase().cmp(&b.to_ascii_uppercase())),
        );
    }
    None
}

/// The `git log` format: a marker, then hash, author, date and subject as
/// NUL-separated fields. With `-z`, every field and path is NUL-terminated and
/// none can contain a NUL, so a commit subject can never forge a record (as a
/// `\x1e` in a subject could when control characters separated fields).
const LOG_FORMAT: &str = "--format=commit %H%x00%an%x00%aI%x00%s";

/// Walks `git log --name-status -z` output in [`LOG_FORMAT`] (newest first),
/// recording each commit for the document its path belongs to at that point,
/// and following renames back to older paths. Records whose hash or date is
/// malformed are skipped.
fn parse_log(log: &str, tracked: &mut HashMap<String, usize>, per_document: &mut [Vec<Change>]) {
    let mut tokens = log
        .split('\0')
        .map(|t| t.trim_start_matches('\n'))
        .peekable();
    let mut change: Option<Change> = None;
    while let Some(token) = tokens.next() {
        if token.is_empty() {
            continue;
        }
        if let Some(hash) = token.strip_prefix("commit ") {
            let (Some(author), Some(timestamp), Some(subject)) =
                (tokens.next(), tokens.next(), tokens.next())
            else {
                break;
            };
            let valid = (hash.len() == 40 || hash.len() == 64)
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && timestamp.parse::<jiff::Timestamp>().is_ok();
            change = valid.then(|| Change {
                hash: hash.to_string(),
                short: hash.chars().take(8).collect(),
                author: without_controls(author),
                date: timestamp.chars().take(10).collect(),
                timestamp: timestamp.to_string(),
                subject: without_controls(subject),
            });
            continue;
        }
        // A status letter (with a score for renames and copies), then paths.
        let kind = token.chars().next().unwrap_or(' ');
        let paths = if matches!(kind, 'R' | 'C') { 2 } else { 1 };
        let (first, second) = (tokens.next(), if paths == 2 { tokens.next() } else { None });
        let Some(change) = &change else { continue };
        match (kind, first, second) {
            ('R' | 'C', Some(old), Some(new)) => {
                if let Some(doc) = tracked.remove(new) {
                    push(&mut per_document[doc], change);
                    if kind == 'R' {
                        tracked.insert(old.to_string(), doc);
                    }
                }
            }
            (_, Some(path), None) => {
                if let Some(&doc) = tracked.get(path) {
                    if kind == 'D' {
                        continue;
                    }
                    push(&mut per_document[doc], change);
                    if kind == 'A' {
                        tracked.remove(path);
                    }
                }
            }
            _ => break,
        }
    }
}

/// Text with control characters replaced by spaces (they have no place in
/// a name or a subject shown on a page or in a feed).
fn without_controls(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
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
    fn revisions_compare_as_numbers_or_letters() {
        use std::cmp::Ordering::*;
        assert_eq!(compare_revisions("9", "10"), Some(Less));
        assert_eq!(compare_revisions("C", "B"), Some(Greater));
        assert_eq!(compare_revisions("Z", "AA"), Some(Less));
        assert_eq!(compare_revisions("1.10", "1.9"), Some(Greater));
        assert_eq!(compare_revisions("c", "C"), Some(Equal));
        assert_eq!(compare_revisions("C", "3"), None);
    }

    #[test]
    fn past_revisions_are_read_oldest_first() {
        let log = "\u{1}bbbbbbbbbbbb 2026-02-01\ndiff --git a/p/a.md b/p/a.md\n--- a/p/a.md\n+++ b/p/a.md\n@@ -7 +7 @@\n-revision: C\n+revision: B\n\u{1}aaaaaaaaaaaa 2026-01-01\ndiff --git a/p/a.md b/p/a.md\n--- /dev/null\n+++ b/p/a.md\n@@ -0,0 +1,3 @@\n+revision: \"C\"\n";
        let r = parse_revision_log(log);
        let a = &r["p/a.md"];
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a[0].revision.as_str(), a[0].short.as_str()),
            ("C", "aaaaaaaa")
        );
        assert_eq!(
            (a[1].revision.as_str(), a[1].date.as_str()),
            ("B", "2026-02-01")
        );
    }

    #[test]
    fn follows_renames_newest_first() {
        let (b, a) = ("b".repeat(40), "a".repeat(40));
        let log = format!(
            "commit {b}\0Bob\02026-02-01T00:00:00Z\0Rename\0\nR100\0c/a.md\0c/b.md\0M\0c/x.md\0commit {a}\0Ann\02026-01-01T00:00:00Z\0First\0\nA\0c/a.md\0A\0c/x.md\0"
        );
        let log = log.as_str();
        let mut tracked = HashMap::from([("c/b.md".to_string(), 0), ("c/x.md".to_string(), 1)]);
        let mut per = vec![Vec::new(), Vec::new()];
        parse_log(log, &mut tracked, &mut per);
        let subjects: Vec<_> = per[0].iter().map(|c| c.subject.as_str()).collect();
        assert_eq!(subjects, ["Rename", "First"]);
        assert_eq!(per[0][0].short, "bbbbbbbb");
        assert_eq!(per[0][1].date, "2026-01-01");
        assert_eq!(per[1].len(), 2);
    }

    #[test]
    fn a_subject_cannot_forge_a_record() {
        // A subject full of the old separators and a fake record in them.
        let (real, fake) = ("c".repeat(40), "d".repeat(40));
        let subject =
            format!("Tidy\u{1e}{fake}\u{1f}Mallory\u{1f}2020-01-01T00:00:00Z\u{1f}Approved by MD");
        let log = format!("commit {real}\0Eve\02026-03-01T00:00:00Z\0{subject}\0\nM\0c/a.md\0");
        let mut tracked = HashMap::from([("c/a.md".to_string(), 0)]);
        let mut per = vec![Vec::new()];
        parse_log(&log, &mut tracked, &mut per);
        assert_eq!(per[0].len(), 1);
        assert_eq!(per[0][0].hash, real);
        assert_eq!(per[0][0].author, "Eve");
        assert!(!per[0][0].subject.contains('\u{1e}'));
    }

    #[test]
    fn git_writes_what_the_parser_reads() {
        // The real `git log` output for this format, when git is present.
        let Ok(tmp) = tempfile::tempdir() else { return };
        let run = |args: &[&str]| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(tmp.path())
                .args(args)
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_AUTHOR_NAME", "Ann")
                .env("GIT_AUTHOR_EMAIL", "a@example.com")
                .env("GIT_COMMITTER_NAME", "Ann")
                .env("GIT_COMMITTER_EMAIL", "a@example.com")
                .output()
        };
        if run(&["init", "-q"]).is_err() {
            return;
        }
        std::fs::create_dir(tmp.path().join("c")).unwrap();
        std::fs::write(tmp.path().join("c/a.md"), "x").unwrap();
        run(&["add", "."]).unwrap();
        run(&["commit", "-q", "-m", "Issue rev A \u{1e}\u{1f} of SOP-1"]).unwrap();
        let out = run(&["log", LOG_FORMAT, "--name-status", "-z", "-M"]).unwrap();
        let mut tracked = HashMap::from([("c/a.md".to_string(), 0)]);
        let mut per = vec![Vec::new()];
        parse_log(
            &String::from_utf8_lossy(&out.stdout),
            &mut tracked,
            &mut per,
        );
        assert_eq!(
            per[0].len(),
            1,
            "{:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(per[0][0].author, "Ann");
        // Each control character became a space.
        assert_eq!(per[0][0].subject, "Issue rev A    of SOP-1");
    }
}
