//! Reads one `git log --raw -z -M` over the content folder: every commit that
//! touched a document, with the blob the document had after it, following
//! renames back to older paths.
//!
//! Knows nothing of front matter; [`super::blobs`] reads what the blobs say.

use std::collections::HashMap;

/// The `git log` format: a marker, then hash, author, author date, committer
/// date and subject as NUL-separated fields. With `-z`, every field and path
/// is NUL-terminated and none can contain a NUL, so a commit subject can never
/// forge a record.
pub const LOG_FORMAT: &str = "--format=commit %H%x00%an%x00%aI%x00%cI%x00%s";

/// One commit as `git log` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Full hash.
    pub hash: String,
    /// Author name, control characters replaced by spaces.
    pub author: String,
    /// Author date, RFC 3339.
    pub authored: String,
    /// Committer date, RFC 3339.
    pub committed: String,
    /// Subject, control characters replaced by spaces.
    pub subject: String,
}

/// A commit that touched one document: which commit, and the blob the
/// document had after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    /// Index into the commit list (0 is the newest).
    pub commit: usize,
    /// The document's blob after the commit.
    pub blob: String,
}

/// What the log says: the commits, newest first, and per document the
/// commits that touched it, newest first.
#[derive(Debug, Default)]
pub struct Log {
    /// Every commit that touched a tracked document, newest first.
    pub commits: Vec<Commit>,
    /// Per document (by index), its commits, newest first.
    pub per_document: Vec<Vec<Touch>>,
}

/// Walks `git log --raw -z -M --no-abbrev` output in [`LOG_FORMAT`] (newest
/// first). `tracked` maps repository paths to document indexes; renames move
/// a document to its older path as the walk goes back. Records whose hash or
/// date is malformed are skipped, and so are their file lines.
pub fn parse(log: &[u8], mut tracked: HashMap<String, usize>, documents: usize) -> Log {
    let text = String::from_utf8_lossy(log);
    let mut tokens = text.split('\0').map(|t| t.trim_start_matches('\n'));
    let mut out = Log {
        commits: Vec::new(),
        per_document: vec![Vec::new(); documents],
    };
    // Index of the current commit in `out.commits` (None while skipping a malformed one).
    let mut current: Option<usize> = None;
    // Whether the current commit has been kept (it touched a tracked document).
    let mut pending: Option<Commit> = None;
    while let Some(token) = tokens.next() {
        if token.is_empty() {
            continue;
        }
        if let Some(hash) = token.strip_prefix("commit ") {
            let (Some(author), Some(authored), Some(committed), Some(subject)) =
                (tokens.next(), tokens.next(), tokens.next(), tokens.next())
            else {
                break;
            };
            let valid = is_hash(hash)
                && authored.parse::<jiff::Timestamp>().is_ok()
                && committed.parse::<jiff::Timestamp>().is_ok();
            current = None;
            pending = valid.then(|| Commit {
                hash: hash.to_string(),
                author: without_controls(author),
                authored: authored.to_string(),
                committed: committed.to_string(),
                subject: without_controls(subject),
            });
            continue;
        }
        // `:mode mode old new STATUS`, then one path (two for renames and copies).
        let Some(meta) = token.strip_prefix(':') else {
            break;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        let (Some(new_blob), Some(status)) = (fields.get(3), fields.get(4)) else {
            break;
        };
        let kind = status.chars().next().unwrap_or(' ');
        let first = tokens.next();
        let second = if matches!(kind, 'R' | 'C') {
            tokens.next()
        } else {
            None
        };
        let (doc, path_now) = match (kind, first, second) {
            ('R' | 'C', Some(old), Some(new)) => {
                let Some(doc) = tracked.get(new).copied() else {
                    continue;
                };
                if kind == 'R' {
                    tracked.remove(new);
                    tracked.insert(old.to_string(), doc);
                }
                (doc, new)
            }
            (_, Some(path), None) => {
                let Some(doc) = tracked.get(path).copied() else {
                    continue;
                };
                if kind == 'A' {
                    // Older commits at this path were another file.
                    tracked.remove(path);
                }
                (doc, path)
            }
            _ => break,
        };
        let _ = path_now;
        if kind == 'D' || !is_hash(new_blob) || new_blob.bytes().all(|b| b == b'0') {
            continue;
        }
        if current.is_none() {
            let Some(commit) = pending.take() else {
                continue;
            };
            out.commits.push(commit);
            current = Some(out.commits.len() - 1);
        }
        let Some(index) = current else { continue };
        let list = &mut out.per_document[doc];
        if list.last().is_none_or(|t| t.commit != index) {
            list.push(Touch {
                commit: index,
                blob: new_blob.to_string(),
            });
        }
    }
    out
}

fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Text with control characters replaced by spaces (they have no place in
/// a name or a subject shown on a page or in a feed).
fn without_controls(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(hash: &str, who: &str, when: &str, subject: &str) -> String {
        format!("commit {hash}\0{who}\0{when}\0{when}\0{subject}\0\n")
    }

    fn raw(old: &str, new: &str, status: &str) -> String {
        format!(":100644 100644 {old} {new} {status}\0")
    }

    #[test]
    fn follows_renames_newest_first() {
        let (b, a) = ("b".repeat(40), "a".repeat(40));
        let (x1, x2, x3) = ("1".repeat(40), "2".repeat(40), "3".repeat(40));
        let zero = "0".repeat(40);
        let log = format!(
            "{}{}c/a.md\0c/b.md\0{}c/x.md\0{}{}c/a.md\0{}c/x.md\0",
            header(&b, "Bob", "2026-02-01T00:00:00Z", "Rename"),
            raw(&x1, &x1, "R100"),
            raw(&x2, &x3, "M"),
            header(&a, "Ann", "2026-01-01T00:00:00Z", "First"),
            raw(&zero, &x1, "A"),
            raw(&zero, &x2, "A"),
        );
        let tracked = HashMap::from([("c/b.md".to_string(), 0), ("c/x.md".to_string(), 1)]);
        let log = parse(log.as_bytes(), tracked, 2);
        assert_eq!(log.commits.len(), 2);
        let subjects: Vec<_> = log.per_document[0]
            .iter()
            .map(|t| log.commits[t.commit].subject.as_str())
            .collect();
        assert_eq!(subjects, ["Rename", "First"]);
        assert_eq!(log.per_document[1][0].blob, x3);
        assert_eq!(log.per_document[1][1].blob, x2);
    }

    #[test]
    fn a_subject_cannot_forge_a_record() {
        let (real, fake) = ("c".repeat(40), "d".repeat(40));
        let subject =
            format!("Tidy\u{1e}{fake}\u{1f}Mallory\u{1f}2020-01-01T00:00:00Z\u{1f}Approved by MD");
        let log = format!(
            "{}{}c/a.md\0",
            header(&real, "Eve", "2026-03-01T00:00:00Z", &subject),
            raw(&"1".repeat(40), &"2".repeat(40), "M")
        );
        let log = parse(
            log.as_bytes(),
            HashMap::from([("c/a.md".to_string(), 0)]),
            1,
        );
        assert_eq!(log.commits.len(), 1);
        assert_eq!(log.commits[0].hash, real);
        assert_eq!(log.commits[0].author, "Eve");
        assert!(!log.commits[0].subject.contains('\u{1e}'));
    }

    #[test]
    fn deletions_and_untracked_files_are_not_recorded() {
        let (h1, h2) = ("e".repeat(40), "f".repeat(40));
        let zero = "0".repeat(40);
        let log = format!(
            "{}{}c/a.md\0{}{}c/other.md\0",
            header(&h1, "Ann", "2026-03-01T00:00:00Z", "Remove"),
            raw(&"1".repeat(40), &zero, "D"),
            header(&h2, "Ann", "2026-02-01T00:00:00Z", "Other"),
            raw(&zero, &"2".repeat(40), "A"),
        );
        let log = parse(
            log.as_bytes(),
            HashMap::from([("c/a.md".to_string(), 0)]),
            1,
        );
        assert!(log.per_document[0].is_empty());
        assert!(log.commits.is_empty());
    }

    #[test]
    fn malformed_records_are_skipped() {
        let good = "a".repeat(40);
        let log = format!(
            "{}{}c/a.md\0{}{}c/a.md\0",
            header("nothex", "X", "2026-03-01T00:00:00Z", "Bad"),
            raw(&"1".repeat(40), &"2".repeat(40), "M"),
            header(&good, "Ann", "2026-02-01T00:00:00Z", "Good"),
            raw(&"0".repeat(40), &"1".repeat(40), "A"),
        );
        let log = parse(
            log.as_bytes(),
            HashMap::from([("c/a.md".to_string(), 0)]),
            1,
        );
        assert_eq!(log.commits.len(), 1);
        assert_eq!(log.commits[0].subject, "Good");
        assert_eq!(log.per_document[0].len(), 1);
    }
}
