//! Revision history from git, for the whole handbook in a fixed number of git
//! processes (never one per document): one `git log --raw` over the content
//! folder gives every commit that touched a document and the blob it left
//! ([`log`]); one `git cat-file --batch` reads those blobs for the `revision`
//! and `status` each commit gave the document ([`blobs`]); a second one reads
//! the texts kept for archived revisions and the approval baseline.
//!
//! Front matter stays authoritative for `revision` and `effective`; git is the
//! evidence trail beside it. Without git, outside a repository or in a
//! shallow clone the build still succeeds, with one note and no made-up data.
//! What the history means (edits after approval, revisions going backwards)
//! is for [`crate::check`]; what pages show is for [`crate::render`].

mod blobs;
mod ignore;
mod log;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceText};

pub use blobs::revision_and_status;
pub use ignore::IgnoredRevs;
pub use log::Commit;

impl Commit {
    /// The first 8 characters of the hash.
    pub fn short(&self) -> &str {
        self.hash.get(..8).unwrap_or(&self.hash)
    }

    /// The author date, `YYYY-MM-DD`.
    pub fn date(&self) -> &str {
        self.authored.get(..10).unwrap_or(&self.authored)
    }
}

/// One commit that changed a document, with what the document said at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The commit (shared by every document it touched).
    pub commit: Arc<Commit>,
    /// Position in git's log order over the whole handbook (0 is the newest):
    /// sorts changes of different documents by commit time, as git does.
    pub seq: usize,
    /// The document's `revision` after this commit.
    pub revision: Option<String>,
    /// The document's `status` after this commit.
    pub status: Option<String>,
    /// Listed in `[history] ignore-revs-file`: a mechanical commit that pages
    /// and the feed leave out.
    pub mechanical: bool,
}

/// The text of a document at one commit of its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The document's `revision` there.
    pub revision: String,
    /// Index into [`DocumentHistory::changes`] of that commit.
    pub change: usize,
    /// The whole file (front matter and body) as committed.
    pub text: Arc<str>,
}

/// The git history of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentHistory {
    /// Every commit that changed it, newest first (mechanical ones included).
    pub changes: Vec<Change>,
    /// Every revision it was committed with, newest first, each at the last
    /// commit that had it (the revision as it was finally issued). A
    /// revision that came back after a later one is listed once, at its
    /// newest commit.
    pub versions: Vec<Version>,
    /// The commit at which its newest committed revision was approved (the
    /// oldest commit of the unbroken run at the top of the history where it
    /// has that revision and is approved), with the text it had then. `None`
    /// when the newest commit does not show it approved.
    pub approved: Option<Version>,
}

impl DocumentHistory {
    /// The changes pages and feeds show: all but mechanical commits, newest first.
    pub fn shown(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.mechanical)
    }
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
    /// Per document.
    pub per_document: Vec<DocumentHistory>,
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
            per_document: vec![DocumentHistory::default(); documents],
            availability: Availability::Unavailable(why),
            head: None,
            dirty: None,
            content_in_repo: None,
        }
    }

    /// The history of document `index` (empty when there is none).
    pub fn of(&self, index: usize) -> &DocumentHistory {
        static EMPTY: DocumentHistory = DocumentHistory {
            changes: Vec::new(),
            versions: Vec::new(),
            approved: None,
        };
        self.per_document.get(index).unwrap_or(&EMPTY)
    }

    /// Whether any document has a commit.
    pub fn is_empty(&self) -> bool {
        self.per_document.iter().all(|h| h.changes.is_empty())
    }

    /// The note a build prints about an incomplete history, if any.
    pub fn note(&self) -> Option<Diagnostic> {
        match &self.availability {
            Availability::Full => None,
            Availability::Shallow => Some(
                Diagnostic::note(
                    "git-history",
                    "this is a shallow clone, so revision histories are incomplete",
                )
                .help("fetch the full history in CI, e.g. `fetch-depth: 0` with actions/checkout, or `git fetch --unshallow`"),
            ),
            Availability::Unavailable(why) => Some(
                Diagnostic::note("git-history", format!("no revision history: {why}"))
                    .help("keep the handbook in a git repository to show who changed what, and when"),
            ),
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

/// Reads `[history] ignore-revs-file`, when set. The file must be inside the
/// handbook folder; problems are errors at the setting or the line.
pub fn ignored_revs(root: &Path, config: &Config) -> (IgnoredRevs, Vec<Diagnostic>) {
    let Some(name) = config.history.ignore_revs_file.as_deref() else {
        return (IgnoredRevs::default(), Vec::new());
    };
    let at_setting = |message: String, help: &str| {
        config.diagnostic_at(name, Diagnostic::error("config", message).help(help))
    };
    let path = root.join(name);
    let inside = match (root.canonicalize(), path.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(&r),
        (_, Err(e)) => {
            return (
                IgnoredRevs::default(),
                vec![at_setting(
                    format!("`[history] ignore-revs-file` `{name}` cannot be read ({e})"),
                    "give the path of the file from the handbook folder, e.g. `.git-blame-ignore-revs`, or remove the setting",
                )],
            );
        }
        (Err(_), Ok(_)) => false,
    };
    if !inside {
        return (
            IgnoredRevs::default(),
            vec![at_setting(
                format!("`[history] ignore-revs-file` `{name}` is outside the handbook folder"),
                "keep the file in the handbook folder (it is part of the handbook's history)",
            )],
        );
    }
    match std::fs::read(&path) {
        Ok(bytes) => {
            let rel = name.trim_start_matches("./").replace('\\', "/");
            let file = SourceText::new(rel, String::from_utf8_lossy(&bytes).replace("\r\n", "\n"));
            IgnoredRevs::parse(&file)
        }
        Err(e) => (
            IgnoredRevs::default(),
            vec![at_setting(
                format!("`[history] ignore-revs-file` `{name}` cannot be read ({e})"),
                "check the path and the file's permissions",
            )],
        ),
    }
}

/// Reads the history of `files` (absolute paths of the documents, by index)
/// under the handbook `root`. `output` (the site folder) does not count as an
/// uncommitted change; `ignored` commits are marked mechanical.
pub fn load(
    root: &Path,
    content: &Path,
    files: &[PathBuf],
    output: Option<&Path>,
    ignored: &IgnoredRevs,
) -> History {
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
    let dirty = work_tree_dirty(root, output);

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
    let availability = if shallow {
        Availability::Shallow
    } else {
        Availability::Full
    };
    let mut history = History {
        per_document: vec![DocumentHistory::default(); files.len()],
        availability,
        head,
        dirty,
        content_in_repo,
    };
    if history.head.is_none() {
        return history;
    }
    let raw = match git(
        &top,
        &[
            "log",
            log::LOG_FORMAT,
            "--raw",
            "-z",
            "-M",
            "--no-abbrev",
            "--no-color",
            "--",
            &pathspec,
        ],
    ) {
        Ok(l) => l,
        Err(e) => return History::unavailable(files.len(), format!("git log failed: {e}")),
    };
    let log = log::parse(&raw, tracked, files.len());
    match assemble(&top, log, ignored) {
        Ok(per_document) => history.per_document = per_document,
        Err(e) => return History::unavailable(files.len(), e),
    }
    history
}

/// Whether the work tree has uncommitted changes under `root`, leaving out
/// the site folder and the staging folders beside it (build products).
fn work_tree_dirty(root: &Path, output: Option<&Path>) -> Option<bool> {
    let output_name = output
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_string());
    let exclude_output = format!(":(exclude,glob)**/{output_name}/**");
    git(
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
    .map(|s| !s.is_empty())
}

/// Turns the log into per-document histories: reads every blob once for its
/// revision and status, then the texts of the versions kept.
fn assemble(
    top: &Path,
    log: log::Log,
    ignored: &IgnoredRevs,
) -> Result<Vec<DocumentHistory>, String> {
    let commits: Vec<Arc<Commit>> = log.commits.into_iter().map(Arc::new).collect();
    let mechanical: Vec<bool> = commits.iter().map(|c| ignored.contains(&c.hash)).collect();
    let mut unique: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for touch in log.per_document.iter().flatten() {
        if seen.insert(&touch.blob) {
            unique.push(&touch.blob);
        }
    }
    let mut fields: HashMap<String, (Option<String>, Option<String>)> =
        HashMap::with_capacity(unique.len());
    blobs::read_each(top, &unique, |id, bytes| {
        fields.insert(id.to_string(), blobs::revision_and_status(bytes));
    })?;
    let mut per_document: Vec<DocumentHistory> = log
        .per_document
        .iter()
        .map(|touches| DocumentHistory {
            changes: touches
                .iter()
                .map(|t| {
                    let (revision, status) = fields.get(&t.blob).cloned().unwrap_or_default();
                    Change {
                        commit: commits[t.commit].clone(),
                        seq: t.commit,
                        revision,
                        status,
                        mechanical: mechanical[t.commit],
                    }
                })
                .collect(),
            versions: Vec::new(),
            approved: None,
        })
        .collect();
    drop(fields);

    // Which commits' texts to keep: each revision's last commit, and the approval baseline.
    let wanted: Vec<Kept> = per_document.iter().map(|h| kept(&h.changes)).collect();
    let mut text_ids: Vec<&str> = Vec::new();
    let mut text_seen: HashSet<&str> = HashSet::new();
    for (doc, keep) in wanted.iter().enumerate() {
        let touches = &log.per_document[doc];
        for i in keep.versions.iter().map(|(_, i)| *i).chain(keep.approved) {
            if text_seen.insert(&touches[i].blob) {
                text_ids.push(&touches[i].blob);
            }
        }
    }
    let texts: HashMap<String, Arc<str>> = blobs::read_all(top, &text_ids)?
        .into_iter()
        .map(|(id, bytes)| (id, Arc::from(String::from_utf8_lossy(&bytes).as_ref())))
        .collect();
    for (doc, Kept { versions, approved }) in wanted.into_iter().enumerate() {
        let touches = &log.per_document[doc];
        let text_of = |i: usize| texts.get(&touches[i].blob).cloned();
        let history = &mut per_document[doc];
        history.versions = versions
            .into_iter()
            .filter_map(|(revision, change)| {
                Some(Version {
                    revision,
                    change,
                    text: text_of(change)?,
                })
            })
            .collect();
        history.approved = approved.and_then(|change| {
            Some(Version {
                revision: history.changes[change].revision.clone()?,
                change,
                text: text_of(change)?,
            })
        });
    }
    Ok(per_document)
}

/// Which changes' texts a document's history keeps.
#[derive(Debug, PartialEq, Eq)]
struct Kept {
    /// The newest commit of every revision (newest first, each revision once).
    versions: Vec<(String, usize)>,
    /// The approval baseline of the newest revision.
    approved: Option<usize>,
}

/// Which changes' texts a document's history keeps (see [`Kept`]).
fn kept(changes: &[Change]) -> Kept {
    let mut versions: Vec<(String, usize)> = Vec::new();
    let mut names: HashSet<&str> = HashSet::new();
    for (i, change) in changes.iter().enumerate() {
        let Some(revision) = change.revision.as_deref() else {
            continue;
        };
        let starts_run = i == 0 || changes[i - 1].revision.as_deref() != Some(revision);
        if starts_run && names.insert(revision) {
            versions.push((revision.to_string(), i));
        }
    }
    let approved = |c: &Change| {
        c.status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("approved"))
    };
    let mut baseline = None;
    if let Some(top) = changes.first().filter(|c| c.revision.is_some()) {
        for (i, change) in changes.iter().enumerate() {
            if change.revision != top.revision || !approved(change) {
                break;
            }
            baseline = Some(i);
        }
    }
    Kept {
        versions,
        approved: baseline,
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
    let listed: HashSet<&str> = out.split('\0').collect();
    Some(rel_paths.iter().map(|p| listed.contains(p)).collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn change(seq: usize, revision: Option<&str>, status: &str) -> Change {
        Change {
            commit: Arc::new(Commit {
                hash: format!("{seq:040}"),
                author: "Ann".into(),
                authored: "2026-01-01T00:00:00Z".into(),
                committed: "2026-01-01T00:00:00Z".into(),
                subject: format!("commit {seq}"),
            }),
            seq,
            revision: revision.map(str::to_string),
            status: Some(status.to_string()),
            mechanical: false,
        }
    }

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
    fn keeps_each_revisions_last_commit_and_the_approval_baseline() {
        // Newest first: C approved (edited), C approved, C in review, B approved, B draft, A.
        let changes = vec![
            change(0, Some("C"), "approved"),
            change(1, Some("C"), "approved"),
            change(2, Some("C"), "in-review"),
            change(3, Some("B"), "approved"),
            change(4, Some("B"), "draft"),
            change(5, Some("A"), "approved"),
        ];
        let Kept { versions, approved } = kept(&changes);
        assert_eq!(
            versions,
            [
                ("C".to_string(), 0),
                ("B".to_string(), 3),
                ("A".to_string(), 5)
            ]
        );
        assert_eq!(approved, Some(1));
    }

    #[test]
    fn no_baseline_when_the_newest_commit_is_not_approved() {
        let changes = vec![
            change(0, Some("D"), "draft"),
            change(1, Some("C"), "approved"),
        ];
        assert_eq!(kept(&changes).approved, None);
        // A revision that comes back is listed once, at its newest commit.
        let changes = vec![
            change(0, Some("B"), "approved"),
            change(1, Some("C"), "approved"),
            change(2, Some("B"), "approved"),
        ];
        assert_eq!(
            kept(&changes).versions,
            [("B".to_string(), 0), ("C".to_string(), 1)]
        );
    }
}
