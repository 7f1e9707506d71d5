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

/// A revision a document was committed with, at the last commit that had it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The document's `revision` there.
    pub revision: String,
    /// Index into [`DocumentHistory::changes`] of that commit.
    pub change: usize,
    /// The file's blob there; [`version_texts`] reads it.
    pub blob: String,
}

/// The commit at which a document's newest committed revision was approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The revision.
    pub revision: String,
    /// Index into [`DocumentHistory::changes`] of that commit.
    pub change: usize,
    /// The whole file as committed then; `None` when it is the same, byte
    /// for byte, as the document's text today (nothing to compare).
    pub text: Option<Arc<str>>,
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
    pub approved: Option<Approval>,
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
    /// The repository's top folder, for reading blobs later.
    pub top: Option<PathBuf>,
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
            top: None,
        }
    }

    /// This history without its documents' (the same repository facts).
    pub fn clone_without_documents(&self) -> History {
        History {
            per_document: Vec::new(),
            availability: self.availability.clone(),
            head: self.head.clone(),
            dirty: self.dirty,
            content_in_repo: self.content_in_repo.clone(),
            top: self.top.clone(),
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

/// Reads the history of `files` (absolute paths of the documents, by index;
/// `current` their texts today) under the handbook `root`. `output` (the
/// site folder) does not count as an uncommitted change; `ignored` commits
/// are marked mechanical.
pub fn load(
    root: &Path,
    content: &Path,
    files: &[PathBuf],
    current: &[&str],
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
        top: Some(top.clone()),
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
    match assemble(&top, log, ignored, current) {
        Ok(per_document) => history.per_document = per_document,
        Err(e) => return History::unavailable(files.len(), e),
    }
    history
}

/// Whether the work tree has uncommitted changes under `root`, leaving out
/// the site folder and the staging folders beside it (build products).
pub fn work_tree_dirty(root: &Path, output: Option<&Path>) -> Option<bool> {
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

/// Turns the log into per-document histories, reading every blob once for
/// the revision and status it gives (see [`Reader`]). The documents are
/// split into one chunk per core, each read by its own `git cat-file`.
fn assemble(
    top: &Path,
    log: log::Log,
    ignored: &IgnoredRevs,
    current: &[&str],
) -> Result<Vec<DocumentHistory>, String> {
    let commits: Vec<Arc<Commit>> = log.commits.into_iter().map(Arc::new).collect();
    let mechanical: Vec<bool> = commits.iter().map(|c| ignored.contains(&c.hash)).collect();
    let documents = log.per_document.len();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = documents.div_ceil(cores).max(1);
    let starts: Vec<usize> = (0..documents).step_by(chunk).collect();
    let results: Vec<Result<Vec<DocumentHistory>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = starts
            .iter()
            .map(|&start| {
                let end = (start + chunk).min(documents);
                let reader = Reader {
                    top,
                    commits: &commits,
                    mechanical: &mechanical,
                    touches: &log.per_document[start..end],
                    current: current.get(start..end).unwrap_or(&[]),
                };
                scope.spawn(move || reader.read())
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("reading the history failed".into()))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(documents);
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// Reads the blobs of a range of documents with one `git cat-file --batch`,
/// in document order and each document's commits newest first, deciding as
/// each blob arrives what to keep: its revision and status always; the blob
/// id of the newest commit of every revision (for its archived page); the
/// text of the approval baseline, unless it is the document's text today.
struct Reader<'a> {
    top: &'a Path,
    commits: &'a [Arc<Commit>],
    mechanical: &'a [bool],
    touches: &'a [Vec<log::Touch>],
    /// Each document's text today, by the same index.
    current: &'a [&'a str],
}

/// What one document's walk keeps between blobs.
#[derive(Default)]
struct Walk {
    history: DocumentHistory,
    names: HashSet<String>,
    /// Whether the walk is still in the unbroken approved run at the top.
    approved_run: bool,
}

impl Reader<'_> {
    fn read(self) -> Result<Vec<DocumentHistory>, String> {
        let ids: Vec<&str> = self
            .touches
            .iter()
            .flat_map(|t| t.iter().map(|t| t.blob.as_str()))
            .collect();
        let mut walks: Vec<Walk> = self.touches.iter().map(|_| Walk::default()).collect();
        // Request n is one document's i-th commit: walk them in the same order.
        let mut order = self
            .touches
            .iter()
            .enumerate()
            .flat_map(|(doc, t)| (0..t.len()).map(move |i| (doc, i)));
        blobs::read_each(self.top, &ids, |bytes| {
            let Some((doc, i)) = order.next() else { return };
            let touch = &self.touches[doc][i];
            let current = self.current.get(doc).copied();
            self.see(&mut walks[doc], touch, bytes, current);
        })?;
        Ok(walks.into_iter().map(|w| w.history).collect())
    }

    /// Takes in the document's next commit (newest first) and its blob.
    fn see(
        &self,
        walk: &mut Walk,
        touch: &log::Touch,
        bytes: Option<&[u8]>,
        current: Option<&str>,
    ) {
        let (revision, status) = bytes.map(blobs::revision_and_status).unwrap_or_default();
        let history = &mut walk.history;
        let i = history.changes.len();
        let starts_run = history
            .changes
            .last()
            .is_none_or(|previous| previous.revision != revision);
        if let Some(r) = &revision
            && starts_run
            && walk.names.insert(r.clone())
        {
            history.versions.push(Version {
                revision: r.clone(),
                change: i,
                blob: touch.blob.clone(),
            });
        }
        let approved = status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("approved"));
        walk.approved_run = if i == 0 {
            revision.is_some() && approved
        } else {
            walk.approved_run && !starts_run && approved
        };
        if walk.approved_run
            && let (Some(r), Some(bytes)) = (&revision, bytes)
        {
            let same_as_today = current.is_some_and(|c| c.as_bytes() == bytes);
            history.approved = Some(Approval {
                revision: r.clone(),
                change: i,
                text: (!same_as_today).then(|| Arc::from(String::from_utf8_lossy(bytes).as_ref())),
            });
        }
        history.changes.push(Change {
            commit: self.commits[touch.commit].clone(),
            seq: touch.commit,
            revision,
            status,
            mechanical: self.mechanical[touch.commit],
        });
    }
}

/// Reads the texts of `versions` (of any documents) with one `git cat-file
/// --batch`, by blob id, for the pages of earlier revisions. Empty without a
/// repository.
pub fn version_texts(history: &History, versions: &[&Version]) -> HashMap<String, Arc<str>> {
    let Some(top) = &history.top else {
        return HashMap::new();
    };
    let ids: Vec<&str> = versions.iter().map(|v| v.blob.as_str()).collect();
    let mut out = HashMap::with_capacity(ids.len());
    let mut next = ids.iter();
    let _ = blobs::read_each(top, &ids, |bytes| {
        if let (Some(id), Some(bytes)) = (next.next(), bytes) {
            out.insert(
                (*id).to_string(),
                Arc::from(String::from_utf8_lossy(bytes).as_ref()),
            );
        }
    });
    out
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

    /// Walks one document's commits (newest first) as the reader does.
    fn walk(commits: &[(&str, &str)], today: &str) -> DocumentHistory {
        let all: Vec<Arc<Commit>> = (0..commits.len())
            .map(|i| {
                Arc::new(Commit {
                    hash: format!("{i:040}"),
                    author: "Ann".into(),
                    authored: "2026-01-01T00:00:00Z".into(),
                    committed: "2026-01-01T00:00:00Z".into(),
                    subject: format!("commit {i}"),
                })
            })
            .collect();
        let touches: Vec<log::Touch> = (0..commits.len())
            .map(|i| log::Touch {
                commit: i,
                blob: format!("{i:040x}"),
            })
            .collect();
        let mechanical = vec![false; commits.len()];
        let reader = Reader {
            top: Path::new("."),
            commits: &all,
            mechanical: &mechanical,
            touches: std::slice::from_ref(&touches),
            current: &[],
        };
        let mut w = Walk::default();
        for (i, (revision, status)) in commits.iter().enumerate() {
            let text = format!("---\nrevision: {revision}\nstatus: {status}\n---\nText {i}.\n");
            let today = (i == 0).then_some(today);
            reader.see(&mut w, &touches[i], Some(text.as_bytes()), today);
        }
        w.history
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
        let h = walk(
            &[
                ("C", "approved"),
                ("C", "approved"),
                ("C", "in-review"),
                ("B", "approved"),
                ("B", "draft"),
                ("A", "approved"),
            ],
            "",
        );
        let versions: Vec<(&str, usize)> = h
            .versions
            .iter()
            .map(|v| (v.revision.as_str(), v.change))
            .collect();
        assert_eq!(versions, [("C", 0), ("B", 3), ("A", 5)]);
        let approved = h.approved.expect("C was approved");
        assert_eq!((approved.revision.as_str(), approved.change), ("C", 1));
        assert!(approved.text.is_some_and(|t| t.contains("Text 1.")));
        assert_eq!(h.changes[2].status.as_deref(), Some("in-review"));
    }

    #[test]
    fn no_baseline_when_the_newest_commit_is_not_approved_or_is_today() {
        let h = walk(&[("D", "draft"), ("C", "approved")], "");
        assert_eq!(h.approved, None);
        // A revision that comes back is listed once, at its newest commit.
        let h = walk(
            &[("B", "approved"), ("C", "approved"), ("B", "approved")],
            "",
        );
        let names: Vec<&str> = h.versions.iter().map(|v| v.revision.as_str()).collect();
        assert_eq!(names, ["B", "C"]);
        // The approving commit's text is today's: nothing is kept to compare.
        let today = "---\nrevision: C\nstatus: approved\n---\nText 0.\n";
        let h = walk(&[("C", "approved")], today);
        assert_eq!(h.approved.map(|a| a.text), Some(None));
    }
}
