//! `serve`'s incremental engine, driven through the library on the sample
//! handbook: after every edit of a random sequence (titles, front matter,
//! links, clause tags, headings, bodies), the live site, once it has caught
//! up, is byte for byte what a full build of the same sources writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use qmsbook::pipeline::build::{self, BuildOptions, Built};
use qmsbook::pipeline::incremental::{self, Outcome, Refreshed};

use crate::support::{Site, commit_all, git, read_tree, sample_handbook};

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

fn options(root: &Path, dest: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        dest: Some(dest.to_path_buf()),
        drafts: false,
        today: Some(today()),
        force: false,
    }
}

/// Every approved document of the sample (the edits keep them approved).
fn documents(site: &Site) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for path in read_tree(&site.path("content")).into_keys() {
        if !path.ends_with(".md") || path == "index.md" {
            continue;
        }
        let full = site.path(&format!("content/{path}"));
        let text = std::fs::read_to_string(&full).expect("read document");
        if let Some(id) = front_matter_value(&text, "id")
            && text.contains("\nstatus: approved")
        {
            out.push((full, id));
        }
    }
    out
}

fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let end = text[3..].find("\n---")? + 3;
    text[..end]
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim().to_string())
}

/// Replaces the front matter line `key: …` with `key: value`, or adds it.
fn set_front_matter(text: &str, key: &str, value: &str) -> String {
    let end = text[3..].find("\n---").map_or(0, |e| e + 3);
    let (head, body) = text.split_at(end);
    let prefix = format!("{key}: ");
    let mut found = false;
    let mut lines: Vec<String> = head
        .lines()
        .map(|l| {
            if !found && l.starts_with(&prefix) {
                found = true;
                format!("{key}: {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    if !found {
        lines.push(format!("{key}: {value}"));
    }
    format!("{}{body}", lines.join("\n"))
}

/// The edit kinds, each a change a full build would see in other pages too.
const KINDS: [&str; 9] = [
    "title",
    "body",
    "link-added",
    "link-removed",
    "clauses",
    "owner",
    "review-date",
    "heading",
    "weight",
];

/// Applies edit `kind` to `text` (of a document); `others` are IDs to link to.
fn edit(kind: &str, text: &str, step: usize, other: &str) -> String {
    match kind {
        "title" => {
            let title = front_matter_value(text, "title").unwrap_or_default();
            let title = title.trim_matches('"');
            set_front_matter(text, "title", &format!("\"{title} {step}\""))
        }
        "body" => format!("{text}\nA paragraph added at step {step}.\n"),
        "link-added" => format!("{text}\nSee also [[{other}]].\n"),
        "link-removed" => match text.rfind("\nSee also [[") {
            Some(at) => {
                let end = text[at + 1..].find('\n').map_or(text.len(), |e| at + 1 + e);
                format!("{}{}", &text[..at], &text[end..])
            }
            None => text.replacen("[[", "[ [", 1).replacen("]]", "] ]", 1),
        },
        "clauses" => {
            let tags = ["\"7.5.1\"", "\"8.5.1\"", "\"9.2\"", "\"10.2\"", "\"7.1.5\""];
            let pick = tags[step % tags.len()];
            match front_matter_value(text, "clauses") {
                Some(v) if v.contains(pick) => {
                    let inner = v.trim_start_matches('[').trim_end_matches(']');
                    let kept: Vec<&str> = inner
                        .split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty() && *t != pick)
                        .collect();
                    set_front_matter(text, "clauses", &format!("[{}]", kept.join(", ")))
                }
                Some(v) => {
                    let inner = v.trim_start_matches('[').trim_end_matches(']').trim();
                    let joined = if inner.is_empty() {
                        pick.to_string()
                    } else {
                        format!("{inner}, {pick}")
                    };
                    set_front_matter(text, "clauses", &format!("[{joined}]"))
                }
                None => set_front_matter(text, "clauses", &format!("[{pick}]")),
            }
        }
        "owner" => set_front_matter(text, "owner", &format!("Owner {step}")),
        "review-date" => set_front_matter(
            text,
            "review_by",
            &format!("2027-{:02}-{:02}", 1 + step % 12, 1 + step % 28),
        ),
        "heading" => format!("{text}\n## Added section {step}\n\nIts text.\n"),
        "weight" => set_front_matter(text, "weight", &format!("{}", (step * 37) % 200)),
        _ => text.to_string(),
    }
}

/// Brings `built`'s site up to date with the sources the way `serve` does:
/// incrementally when it can, else by a full build. Returns whether the
/// edit was applied incrementally.
fn apply(site: &Site, dest: &Path, built: &mut Option<Built>, changed: &Path) -> bool {
    let outcome = match built.as_mut() {
        Some(b) => incremental::update(b, &[changed.to_path_buf()]),
        None => Outcome::Full,
    };
    let incremental = match outcome {
        Outcome::Updated(..) => {
            let b = built.as_mut().expect("kept model");
            match incremental::refresh_aggregates(b) {
                Ok(Refreshed::Done) => true,
                Ok(Refreshed::Full) => false,
                Err(ds) => panic!("catching up failed: {ds:?}"),
            }
        }
        Outcome::Full => false,
    };
    if !incremental {
        let (report, kept) = build::run_keeping(&options(site.root(), dest));
        assert!(report.succeeded(), "{:?}", report.diagnostics);
        *built = kept;
    }
    incremental
}

/// The files of a site folder, its manifest aside from where it was written.
fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    read_tree(dir)
}

fn assert_same_site(live: &Path, full: &Path, step: usize, kind: &str) {
    let a = site_files(live);
    let b = site_files(full);
    let only_live: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_full: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_live.is_empty() && only_full.is_empty(),
        "step {step} ({kind}): files only in the live site {only_live:?}, only in the full build {only_full:?}"
    );
    let differing: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differing.is_empty(),
        "step {step} ({kind}): {} files differ from a full build's, e.g. {:?}",
        differing.len(),
        &differing[..differing.len().min(8)]
    );
}

/// Edits documents of `site` at random, `steps` times, bringing the live
/// site up to date after each as `serve` does and comparing it with a full
/// build of the same sources; returns how many edits of each kind took the
/// incremental path.
fn random_edits(site: &Site, steps: usize, seed: u64) -> BTreeMap<&'static str, usize> {
    let live = site.path("book");
    let reference = tempfile::tempdir().expect("temporary folder");
    let (report, mut built) = build::run_keeping(&options(site.root(), &live));
    assert!(report.succeeded(), "{:?}", report.diagnostics);
    let docs = documents(site);
    assert!(docs.len() > 10, "the sample has documents");
    let mut rng = Rng(seed);
    let mut incremental_by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for step in 0..steps {
        let kind = KINDS[step % KINDS.len()];
        let (path, _) = &docs[rng.below(docs.len())];
        let (_, other) = &docs[rng.below(docs.len())];
        let text = std::fs::read_to_string(path).expect("read");
        let edited = edit(kind, &text, step, other);
        std::fs::write(path, &edited).expect("write");
        if apply(site, &live, &mut built, path) {
            *incremental_by_kind.entry(kind).or_default() += 1;
        }
        let out = reference.path().join(format!("full-{step}"));
        let full = build::run(&options(site.root(), &out));
        assert!(
            full.succeeded(),
            "step {step} ({kind}): {:?}",
            full.diagnostics
        );
        assert_same_site(&live, &out, step, kind);
        std::fs::remove_dir_all(&out).expect("remove reference build");
    }
    incremental_by_kind
}

#[test]
fn after_each_random_edit_the_incremental_site_equals_a_full_build() {
    let site = sample_handbook();
    let incremental_by_kind = random_edits(&site, 40, 0x5eed_1234_abcd_0042);
    // Every kind of edit took the incremental path at least once.
    for kind in KINDS {
        assert!(
            incremental_by_kind.get(kind).copied().unwrap_or(0) > 0,
            "`{kind}` edits never took the incremental path: {incremental_by_kind:?}"
        );
    }
}

#[test]
fn in_a_git_repository_history_approvals_and_the_dirty_flag_follow_the_edits() {
    let site = sample_handbook();
    git(&site, &["init", "-q", "-b", "main"], "2026-01-05T10:00:00Z");
    commit_all(&site, "The handbook", "2026-01-05T10:00:00Z");
    let incremental_by_kind = random_edits(&site, 18, 0x0dd_ba11_f00d);
    assert!(
        incremental_by_kind.values().sum::<usize>() > 0,
        "no edit took the incremental path"
    );
}

#[test]
fn an_edit_with_an_error_changes_nothing_and_the_fix_is_exact() {
    let site = sample_handbook();
    let live = site.path("book");
    let (report, built) = build::run_keeping(&options(site.root(), &live));
    assert!(report.succeeded(), "{:?}", report.diagnostics);
    let mut built = built.expect("kept model");
    let docs = documents(&site);
    let (path, _) = &docs[0];
    let (_, other) = &docs[1];
    let original = std::fs::read_to_string(path).expect("read");
    let before = read_tree(&live);
    // A new title and a link to nothing: an error, so no incremental update,
    // and the full build `serve` then runs fails and leaves the site alone.
    let broken = format!(
        "{}\nSee [[NO-SUCH-DOC]].\n",
        set_front_matter(&original, "title", "\"Renamed with a broken link\"")
    );
    std::fs::write(path, &broken).expect("write");
    assert!(matches!(
        incremental::update(&mut built, std::slice::from_ref(path)),
        Outcome::Full
    ));
    assert!(
        !build::run_keeping(&options(site.root(), &live))
            .0
            .succeeded()
    );
    assert!(
        read_tree(&live) == before,
        "a failed update changed the site"
    );
    // The same title without the broken link: the pages it renders again
    // must be compared with what is on disk, not with the failed attempt.
    let fixed = format!(
        "{}\nSee [[{other}]].\n",
        set_front_matter(&original, "title", "\"Renamed with a broken link\"")
    );
    std::fs::write(path, &fixed).expect("write");
    assert!(matches!(
        incremental::update(&mut built, std::slice::from_ref(path)),
        Outcome::Updated(..)
    ));
    assert_eq!(
        incremental::refresh_aggregates(&mut built).expect("catch up"),
        Refreshed::Done
    );
    let reference = tempfile::tempdir().expect("temporary folder");
    let out = reference.path().join("full");
    assert!(build::run(&options(site.root(), &out)).succeeded());
    assert_same_site(&live, &out, 1, "fixed");
}
