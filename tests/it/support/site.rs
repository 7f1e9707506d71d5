//! A whole handbook written inline, built with the real binary, and its output
//! read back as parsed HTML or JSON.
//!
//! A handbook is given as a txtar-style archive (as in Hugo's integration
//! tests): each `-- path --` line starts a file, and the lines after it, up to
//! the next marker, are its contents. Text before the first marker is ignored.
//! The common indentation of the archive is removed first, so fixtures can be
//! indented with the test code; line and column numbers in diagnostics then
//! refer to the dedented files, exactly as they are written to disk.
//!
//! ```ignore
//! let site = Site::new(r#"
//!     -- book.toml --
//!     [book]
//!     title = "T"
//!     -- content/procedures/a.md --
//!     ---
//!     id: SOP-001
//!     title: Alpha
//!     type: procedure
//!     status: approved
//!     ---
//!     Text.
//! "#);
//! let out = site.build(&[]);
//! out.assert_code(0);
//! let page = site.html("doc/SOP-001.html");
//! assert_eq!(texts(&page, "h1"), ["SOP-001 Alpha"]);
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::Html;
use tempfile::TempDir;

use super::diagnostics::{Diag, human_diagnostics, json_diagnostics};

/// A handbook in a temporary folder; removed when dropped.
pub struct Site {
    dir: TempDir,
}

/// What one run of `qmsbook` did.
#[derive(Debug)]
pub struct Output {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr (the human diagnostics).
    pub stderr: String,
    /// Where the diagnostics are: human text on stderr, or JSON on stdout.
    json: bool,
}

impl Site {
    /// Writes every file of the archive `txtar` into a new temporary folder.
    pub fn new(txtar: &str) -> Site {
        let dir = tempfile::Builder::new()
            .prefix("qmsbook-test-")
            .tempdir()
            .expect("create a temporary folder");
        let site = Site { dir };
        for (path, contents) in parse_txtar(txtar) {
            site.write(&path, &contents);
        }
        site
    }

    /// An empty folder (no `book.toml`).
    pub fn empty() -> Site {
        Site::new("")
    }

    /// The handbook folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the handbook folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// A path inside the default output folder `book/`.
    pub fn out(&self, rel: &str) -> PathBuf {
        self.root().join("book").join(rel)
    }

    /// Writes (or replaces) a text file, creating its folders.
    pub fn write(&self, rel: &str, contents: &str) {
        self.write_bytes(rel, contents.as_bytes());
    }

    /// Writes (or replaces) a file with exactly these bytes.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, bytes).expect("write file");
    }

    /// Runs `qmsbook build <root> <args…>`.
    pub fn build(&self, args: &[&str]) -> Output {
        self.build_env(args, &[])
    }

    /// Runs `qmsbook build <root> <args…>` with extra environment variables.
    pub fn build_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut all = vec!["build", path_str(self.root())];
        all.extend_from_slice(args);
        self.run_env(&all, env)
    }

    /// Runs `qmsbook check . <args…>` (human output: the diagnostics and the
    /// summary line on stderr).
    pub fn check(&self, args: &[&str]) -> Output {
        let mut all = vec!["check", "."];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `qmsbook check . --format json <args…>`; [`Output::diagnostics`]
    /// then reads the JSON array on stdout.
    pub fn check_json(&self, args: &[&str]) -> Output {
        let mut all = vec!["check", ".", "--format", "json"];
        all.extend_from_slice(args);
        Output {
            json: true,
            ..self.run(&all)
        }
    }

    /// Runs `qmsbook <args…>` in the handbook folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = self.command(args);
        cmd.envs(env.iter().copied());
        let out = cmd.output().expect("run qmsbook");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            json: false,
        }
    }

    /// `qmsbook <args…>`, ready to run or spawn in the handbook folder, without
    /// colours and without `SOURCE_DATE_EPOCH` from the environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("qmsbook"));
        cmd.current_dir(self.root())
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH");
        cmd
    }

    /// Parses `book/<rel>` as an HTML document.
    #[track_caller]
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read_out(rel))
    }

    /// Parses `book/<rel>` as JSON.
    #[track_caller]
    pub fn json(&self, rel: &str) -> serde_json::Value {
        match serde_json::from_str(&self.read_out(rel)) {
            Ok(value) => value,
            Err(e) => panic!("book/{rel} is not JSON: {e}"),
        }
    }

    #[track_caller]
    fn read_out(&self, rel: &str) -> String {
        let path = self.out(rel);
        match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => panic!("cannot read {}: {e}", path.display()),
        }
    }
}

impl Output {
    /// Panics, showing stderr (and the JSON diagnostics, if any), unless the
    /// exit code is `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            code,
            "expected exit code {code}, got {}; stderr:\n{}{}",
            self.code,
            self.stderr,
            if self.json { &self.stdout } else { "" }
        );
        self
    }

    /// Every diagnostic, in order: from the JSON on stdout after
    /// [`Site::check_json`], else read from the human text on stderr.
    pub fn diagnostics(&self) -> Vec<Diag> {
        if self.json {
            json_diagnostics(&self.stdout)
        } else {
            human_diagnostics(&self.stderr)
        }
    }

    /// The diagnostics that are errors.
    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.level == "error")
            .collect()
    }

    /// The diagnostics with this code.
    pub fn with_code(&self, code: &str) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The one diagnostic with this code at this location (`file:line:column`);
    /// panics, showing the diagnostics, if there is none or more than one.
    #[track_caller]
    pub fn diag(&self, code: &str, location: &str) -> Diag {
        let found: Vec<Diag> = self
            .with_code(code)
            .into_iter()
            .filter(|d| d.location.as_deref() == Some(location))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one `{code}` diagnostic at `{location}`; diagnostics:\n{}",
            self.shown()
        );
        found.into_iter().next().unwrap_or_default()
    }

    /// The codes of all diagnostics, in order.
    pub fn codes(&self) -> Vec<String> {
        self.diagnostics().into_iter().map(|d| d.code).collect()
    }

    /// The lines of stderr that report an error or a warning (with or without a code).
    pub fn problem_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error") || l.starts_with("warning"))
            .collect()
    }

    /// The text the diagnostics were read from, for failure messages.
    pub fn shown(&self) -> &str {
        if self.json {
            &self.stdout
        } else {
            &self.stderr
        }
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Splits a txtar archive into (path, contents) after removing the common indentation.
fn parse_txtar(txtar: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = txtar.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut files: Vec<(String, String)> = Vec::new();
    for line in lines {
        let line = if line.trim().is_empty() {
            ""
        } else {
            &line[indent..]
        };
        let marker = line
            .strip_prefix("-- ")
            .and_then(|l| l.strip_suffix(" --"))
            .map(str::trim);
        match marker {
            Some(name) if !name.is_empty() => files.push((name.to_string(), String::new())),
            _ => {
                if let Some((_, contents)) = files.last_mut() {
                    contents.push_str(line);
                    contents.push('\n');
                }
            }
        }
    }
    // The line that closes a raw string literal is not part of the last file.
    if let Some((_, contents)) = files.last_mut() {
        while contents.ends_with("\n\n") {
            contents.pop();
        }
    }
    files
}
