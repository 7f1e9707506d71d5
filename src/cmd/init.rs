//! `qmsbook init`: a new handbook from the neutral starter, or the example.

use std::path::Path;
use std::process::ExitCode;

use qmsbook::util::embedded::{EXAMPLE, STARTER};

/// The placeholder in the starter's book.toml replaced by the organisation's name.
const ORGANIZATION: &str = "{{organization}}";
/// What stands for the name until the author gives one (`check` reports the TODO).
const ORGANIZATION_TODO: &str = "TODO: your organisation's name";
/// Where the front-matter schema goes; the starter's documents and
/// `.vscode/settings.json` point at it.
const SCHEMA_FILE: &str = ".qmsbook/front-matter.schema.json";

/// Writes the starter handbook (or, with `example`, the example handbook)
/// into `dir`, never overwriting a file.
pub fn run(dir: &Path, org: Option<&str>, example: bool) -> ExitCode {
    let organization = match org.map(check_name).transpose() {
        Ok(name) => name,
        Err(why) => {
            eprintln!(
                "error: `--org` {why}\nhelp: give the name as it should appear on the site, e.g. --org \"Acme Precision Ltd\""
            );
            return ExitCode::from(2);
        }
    };
    let files = files(example, organization);
    let clashes: Vec<&str> = files
        .iter()
        .map(|(p, _)| *p)
        .chain((!example).then_some(SCHEMA_FILE))
        .filter(|p| dir.join(p).exists())
        .collect();
    if let Some(first) = clashes.first() {
        eprintln!(
            "error: `{}` already has {} of the files `init` writes (e.g. `{first}`); nothing was written\nhelp: run `qmsbook init` in an empty folder, e.g. `qmsbook init my-handbook`",
            dir.display(),
            clashes.len(),
        );
        return ExitCode::from(2);
    }
    for (rel, bytes) in &files {
        if let Err(e) = write(&dir.join(rel), bytes) {
            eprintln!("error: cannot write `{}`: {e}", dir.join(rel).display());
            return ExitCode::from(1);
        }
    }
    let mut written = files.len();
    if !example {
        match schema(dir) {
            Ok(()) => written += 1,
            Err(e) => eprintln!(
                "warning: the editor schema was not written ({e}); run `qmsbook schema > {SCHEMA_FILE}` in the handbook"
            ),
        }
    }
    let what = if example {
        "the example handbook of Harbour Precision Ltd, a fictional company,"
    } else {
        "a starter handbook"
    };
    eprintln!(
        "Created {what} with {written} files in `{}`.",
        dir.display()
    );
    let here = dir.as_os_str().is_empty() || dir == Path::new(".");
    eprintln!("Next:");
    if !here {
        eprintln!("  cd {}", shell_quoted(dir));
    }
    eprintln!("  qmsbook serve --open   # preview it while you edit; pages reload on save");
    if !example {
        eprintln!(
            "  qmsbook check          # lists every TODO to replace; the documents are drafts until you approve them"
        );
    }
    eprintln!(
        "  qmsbook build          # writes the site to {} (open index.html in it)",
        dir.join("book").display()
    );
    ExitCode::SUCCESS
}

/// Checks an organisation's name for book.toml: one line of text.
fn check_name(name: &str) -> Result<&str, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("needs a name");
    }
    if name.chars().any(char::is_control) {
        return Err("must be one line of text, without control characters");
    }
    if name.chars().count() > 200 {
        return Err("is longer than 200 characters");
    }
    Ok(name)
}

/// The files to write, `(path, contents)`: the starter with the
/// organisation filled in, or the example with the starter's `.gitignore`.
fn files(example: bool, organization: Option<&str>) -> Vec<(&'static str, Vec<u8>)> {
    if example {
        let ignore = STARTER.iter().filter(|(p, _)| *p == ".gitignore");
        return EXAMPLE
            .iter()
            .chain(ignore)
            .map(|(p, b)| (*p, b.to_vec()))
            .collect();
    }
    // A TOML basic string: the name (quotes and backslashes escaped) or the TODO.
    let value = toml::Value::String(organization.unwrap_or(ORGANIZATION_TODO).to_string());
    STARTER
        .iter()
        .map(|(p, b)| {
            let bytes = if *p == "book.toml" {
                String::from_utf8_lossy(b)
                    .replace(ORGANIZATION, &value.to_string())
                    .into_bytes()
            } else {
                b.to_vec()
            };
            (*p, bytes)
        })
        .collect()
}

/// Writes a new file, creating its folder; never replaces one.
fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

/// Writes the front-matter JSON Schema of the new handbook for editors.
fn schema(dir: &Path) -> Result<(), String> {
    let mut text = super::schema::text(dir).map_err(|p| match p {
        super::schema::Problem::Load(_) => "the new handbook did not load".to_string(),
        super::schema::Problem::Serialize(e) => e.to_string(),
    })?;
    text.push('\n');
    write(&dir.join(SCHEMA_FILE), text.as_bytes()).map_err(|e| e.to_string())
}

/// A path as a shell word: as is when it is plain, else single-quoted.
fn shell_quoted(path: &Path) -> String {
    let s = path.to_string_lossy();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
