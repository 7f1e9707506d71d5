//! Test helpers: a whole handbook written inline, built with the real binary,
//! and its output read back as parsed HTML.
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

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use tempfile::TempDir;

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
    /// Everything written to stderr (the diagnostics).
    pub stderr: String,
}

/// One diagnostic read back from stderr.
#[derive(Debug, Clone, Default)]
pub struct Diag {
    /// `error` or `warning`.
    pub level: String,
    /// The code between the brackets, e.g. `broken-link`.
    pub code: String,
    /// The message after `]: `.
    pub message: String,
    /// `file:line:column` (or just the file) from the ` --> ` line.
    pub location: Option<String>,
    /// The text after `help: `.
    pub help: Option<String>,
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

    /// Runs `qmsbook <args…>` in the handbook folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = assert_cmd::Command::cargo_bin("qmsbook").expect("the qmsbook binary");
        cmd.current_dir(self.root())
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run qmsbook");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Parses `book/<rel>` as an HTML document.
    pub fn html(&self, rel: &str) -> Html {
        let path = self.out(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Html::parse_document(&text)
    }
}

impl Output {
    /// Panics, showing stderr, unless the exit code is `code`.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}; stderr:\n{}",
            self.code, self.stderr
        );
        self
    }

    /// Every diagnostic printed on stderr, in order.
    pub fn diagnostics(&self) -> Vec<Diag> {
        let mut out: Vec<Diag> = Vec::new();
        for line in self.stderr.lines() {
            if let Some(d) = parse_header(line) {
                out.push(d);
                continue;
            }
            let Some(last) = out.last_mut() else { continue };
            let trimmed = line.trim_start();
            if let Some(loc) = trimmed.strip_prefix("--> ") {
                last.location.get_or_insert_with(|| loc.trim().to_string());
            } else if let Some(help) = line.strip_prefix("help: ") {
                last.help.get_or_insert_with(|| help.to_string());
            }
        }
        out
    }

    /// The diagnostics that are errors.
    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.level == "error")
            .collect()
    }

    /// The one diagnostic with this code at this location (`file:line:column`);
    /// panics, showing stderr, if there is none or more than one.
    pub fn diag(&self, code: &str, location: &str) -> Diag {
        let found: Vec<Diag> = self
            .diagnostics()
            .into_iter()
            .filter(|d| d.code == code && d.location.as_deref() == Some(location))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one `{code}` diagnostic at `{location}`; stderr:\n{}",
            self.stderr
        );
        found.into_iter().next().unwrap_or_default()
    }

    /// The codes of all diagnostics, in order.
    pub fn codes(&self) -> Vec<String> {
        self.diagnostics().into_iter().map(|d| d.code).collect()
    }
}

impl Diag {
    /// The help line, or "" when there is none.
    pub fn help(&self) -> &str {
        self.help.as_deref().unwrap_or("")
    }
}

fn parse_header(line: &str) -> Option<Diag> {
    let (level, rest) = line.split_once('[')?;
    if level != "error" && level != "warning" && level != "note" {
        return None;
    }
    let (code, message) = rest.split_once("]: ")?;
    Some(Diag {
        level: level.to_string(),
        code: code.to_string(),
        message: message.to_string(),
        ..Diag::default()
    })
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector))
        .map(|e| collapse(&e.text().collect::<String>()))
        .collect()
}

/// The attribute `attr` of every element matching `selector` that has it.
pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    html.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// How many elements match `selector`.
pub fn count(html: &Html, selector: &str) -> usize {
    html.select(&sel(selector)).count()
}

/// A parsed CSS selector; panics on a typo.
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector `{selector}`: {e:?}"))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("inside base");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("list folder") {
        let path = entry.expect("directory entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
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
