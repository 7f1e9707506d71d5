//! The output-folder rule: qmsbook only ever deletes or replaces what it
//! wrote itself. Every case runs in a temporary sandbox; nothing here points
//! at a real system path except `/dev/null`, which is only ever refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;

/// A sandbox: `hb/` is a handbook (book.toml, content/), `other/` someone
/// else's folder, `file.txt` a plain file, and links into both.
struct Sandbox {
    dir: tempfile::TempDir,
}

const BOOK_TOML: &str = "[book]\ntitle = \"T\"\nsrc = \"content\"\n";
const DOC: &str = "---\nid: POL-001\ntitle: Quality policy\ntype: policy\nowner: MD\napproved_by: MD\nrevision: A\neffective: 2026-01-01\nreview_by: 2027-01-01\nstatus: approved\nclauses: [\"5.2\"]\n---\n# Policy\n\nText.\n";

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let s = Sandbox { dir };
        s.write("hb/book.toml", BOOK_TOML);
        s.write("hb/content/policies/quality.md", DOC);
        s.write("other/notes.txt", "someone else's");
        s.write("other/sub/deep.txt", "deeper");
        s.write("file.txt", "a file");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(s.path("hb/content"), s.path("link-to-content")).unwrap();
            std::os::unix::fs::symlink(s.path("hb"), s.path("link-to-hb")).unwrap();
            std::os::unix::fs::symlink(s.path("other"), s.path("link-to-other")).unwrap();
        }
        s
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs qmsbook in `cwd` (relative to the sandbox).
    fn run(&self, cwd: &str, args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_qmsbook"))
            .args(args)
            .current_dir(self.path(cwd))
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1780000000")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Every regular file and link in the sandbox with its contents, except
    /// those under `except` (folders qmsbook wrote).
    fn files(&self, except: &[&str]) -> BTreeMap<String, Vec<u8>> {
        let root = self.dir.path();
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter_map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .ok()?
                    .to_string_lossy()
                    .into_owned();
                if except.iter().any(|x| rel.starts_with(&format!("{x}/"))) {
                    return None;
                }
                let bytes = if e.file_type().is_symlink() {
                    std::fs::read_link(e.path())
                        .ok()?
                        .to_string_lossy()
                        .into_owned()
                        .into_bytes()
                } else if e.file_type().is_file() {
                    std::fs::read(e.path()).ok()?
                } else {
                    // A pipe or device: opening it could block; its kind is enough.
                    b"(special file)".to_vec()
                };
                Some((rel, bytes))
            })
            .collect()
    }
}

/// Runs `args` and checks it was refused (exit 2, the reason given) with
/// every file of the sandbox unchanged.
fn assert_refused(s: &Sandbox, cwd: &str, args: &[&str], why: &str) {
    let before = s.files(&[]);
    let (code, stderr) = s.run(cwd, args);
    assert_eq!(code, 2, "{args:?} should be refused: {stderr}");
    assert!(stderr.contains("error[output-dir]"), "{args:?}: {stderr}");
    assert!(
        stderr.contains(why),
        "{args:?}: expected `{why}` in {stderr}"
    );
    assert_eq!(before, s.files(&[]), "{args:?} changed files");
}

#[test]
fn build_refuses_the_sources_their_parents_and_foreign_folders() {
    let s = Sandbox::new();
    for (args, why) in [
        (&["build", "-d", "content"][..], "content folder"),
        (&["build", "-d", "."], "handbook's own folder"),
        (&["build", "-d", ".."], "contains the handbook"),
        (&["build", "-d", "../.."], "contains the handbook"),
        (
            &["build", "-d", "../other"],
            "2 files that qmsbook did not write",
        ),
        (&["build", "-d", "../file.txt"], "a regular file"),
        (&["build", "-d", "content/out"], "inside the content folder"),
        (&["build", "-d", "../link-to-content"], "content folder"),
        (
            &["build", "-d", "../link-to-hb/content/../."],
            "handbook's own folder",
        ),
        (&["build", "-d", "/dev/null", "--force"], "a device"),
        (&["build", "-d", "content", "--force"], "content folder"),
        (&["build", "-d", "..", "--force"], "contains the handbook"),
    ] {
        assert_refused(&s, "hb", args, why);
    }
    assert!(!s.path("hb/book").exists(), "nothing was built");
}

#[cfg(unix)]
#[test]
fn build_refuses_a_named_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let s = Sandbox::new();
    let fifo = s.path("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    assert_refused(
        &s,
        "hb",
        &["build", "-d", "../pipe", "--force"],
        "a named pipe",
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn build_dir_in_book_toml_is_held_to_the_same_rule() {
    let s = Sandbox::new();
    for (dir, why) in [
        ("content", "content folder"),
        (".", "handbook's own folder"),
        ("content/_site", "inside the content folder"),
        ("../other", "did not write"),
    ] {
        s.write(
            "hb/book.toml",
            &format!("{BOOK_TOML}[build]\nbuild-dir = \"{dir}\"\n"),
        );
        assert_refused(&s, "hb", &["build"], why);
        assert_refused(&s, "hb", &["clean"], why);
    }
}

#[test]
fn a_site_cannot_nest_in_its_content_folder() {
    let s = Sandbox::new();
    // With the sources at the root, the default `book` is inside them.
    s.write("hb/book.toml", "[book]\ntitle = \"T\"\nsrc = \".\"\n");
    assert_refused(&s, "hb", &["build"], "inside the content folder");
    assert!(!s.path("hb/book").exists());
    // Beside the sources it builds, every time to the same files.
    let (code, stderr) = s.run("hb", &["build", "-d", "../site"]);
    assert_eq!(code, 0, "{stderr}");
    let first = s.files(&[]);
    let (code, stderr) = s.run("hb", &["build", "-d", "../site"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(first.len(), s.files(&[]).len());
}

#[test]
fn a_previous_site_is_replaced_and_foreign_files_need_force() {
    let s = Sandbox::new();
    let (code, stderr) = s.run("hb", &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = s.run("hb", &["build"]);
    assert_eq!(code, 0, "a previous site is replaced: {stderr}");
    s.write("hb/book/CNAME", "qms.example.com");
    assert_refused(
        &s,
        "hb",
        &["build"],
        "1 file that qmsbook did not write (`CNAME`)",
    );
    assert_refused(&s, "hb", &["clean"], "`CNAME`");
    let (code, stderr) = s.run("hb", &["build", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!s.path("hb/book/CNAME").exists());
    assert!(s.path("hb/book/index.html").exists());
    // An empty folder is fine to build into.
    std::fs::create_dir(s.path("empty")).unwrap();
    let (code, stderr) = s.run("hb", &["build", "-d", "../empty"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(s.path("empty/index.html").exists());
    // A site built by qmsbook elsewhere can be cleaned; the sources stay.
    let (code, stderr) = s.run("hb", &["clean", "-d", "../empty"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!s.path("empty").exists());
    let (code, stderr) = s.run("hb", &["clean"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!s.path("hb/book").exists());
    assert!(s.path("hb/content/policies/quality.md").exists());
}

#[test]
fn clean_refuses_everything_it_did_not_write() {
    let s = Sandbox::new();
    for (args, why) in [
        (&["clean", "-d", ".."][..], "contains the handbook"),
        (&["clean", "-d", "content"], "content folder"),
        (&["clean", "-d", "../hb/content"], "content folder"),
        (&["clean", "-d", "."], "handbook's own folder"),
        (&["clean", "-d", "../other"], "did not write"),
        (&["clean", "-d", "../file.txt", "--force"], "a regular file"),
        (&["clean", "-d", "..", "--force"], "contains the handbook"),
    ] {
        assert_refused(&s, "hb", args, why);
    }
    let (code, stderr) = s.run("hb", &["clean"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Nothing to clean"), "{stderr}");
}

/// One path component for the property test.
fn component() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "..",
        ".",
        "hb",
        "content",
        "policies",
        "book",
        "other",
        "sub",
        "file.txt",
        "link-to-content",
        "link-to-hb",
        "link-to-other",
        "new",
    ])
}

/// Whether `path`, taken from `cwd`, stays inside the sandbox lexically
/// (links in the sandbox all point inside it).
fn stays_inside(cwd: &str, path: &[&str]) -> bool {
    let mut depth = cwd.split('/').filter(|c| !c.is_empty()).count() as i64;
    for c in path {
        match *c {
            ".." => depth -= 1,
            "." => {}
            _ => depth += 1,
        }
        if depth < 0 {
            return false;
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Whatever output path is given, a build or clean never removes or
    /// changes a file that qmsbook did not write; with `--force`, never a
    /// source file.
    #[test]
    fn no_output_path_loses_a_file_qmsbook_did_not_write(
        cwd in prop::sample::select(vec!["", "hb", "hb/content", "other"]),
        path in prop::collection::vec(component(), 1..4),
        clean in any::<bool>(),
        force in any::<bool>(),
        built_before in any::<bool>(),
    ) {
        prop_assume!(stays_inside(cwd, &path));
        let s = Sandbox::new();
        if built_before {
            let (code, stderr) = s.run("hb", &["build"]);
            prop_assert_eq!(code, 0, "{}", stderr);
        }
        let before = s.files(&["hb/book"]);
        let dest = path.join("/");
        let root = Path::new(cwd).components().map(|_| "..").collect::<Vec<_>>().join("/");
        let hb = if root.is_empty() { "hb".to_string() } else { format!("{root}/hb") };
        let mut args = vec![if clean { "clean" } else { "build" }, hb.as_str(), "-d", dest.as_str()];
        if force {
            args.push("--force");
        }
        let (code, stderr) = s.run(cwd, &args);
        let after = s.files(&["hb/book"]);
        for (file, bytes) in &before {
            let sources = file.starts_with("hb/content/") || file == "hb/book.toml";
            if force && !sources {
                continue;
            }
            prop_assert_eq!(
                after.get(file), Some(bytes),
                "`{}` lost or changed by {:?} in `{}` (exit {}): {}", file, args, cwd, code, stderr
            );
        }
    }
}
