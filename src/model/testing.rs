//! Test support, compiled for unit tests only: handbooks built in memory from
//! a few inline documents through [`Handbook::from_sources`], the code path of
//! a build apart from reading files. Uses nothing above [`crate::model`].

use jiff::civil::{Date, date};

use crate::diagnostics::Diagnostic;
use crate::model::handbook::{Handbook, LoadOptions, Loaded};
use crate::model::sources::MemorySources;

/// The build date of every test handbook.
pub const TODAY: Date = date(2026, 6, 1);

/// A minimal `book.toml`.
pub const CONFIG: &str = "[book]\ntitle = \"Test handbook\"\n";

/// A configuration that excludes ISO 9001 8.3 (design) with a justification.
pub const EXCLUDES_8_3: &str =
    "[book]\ntitle = \"T\"\n[standards.iso9001-2015.not-applicable]\n\"8.3\" = \"No design.\"\n";

/// An approved policy tagging 5.2.2 and a draft procedure tagging 6.2.1: one
/// required item satisfied through a sub-clause, one only planned.
pub fn policy_and_draft() -> Vec<(String, String)> {
    vec![
        approved("POL-001", r#"["5.2.2"]"#, "."),
        doc("SOP-001", "status: draft\nclauses: [\"6.2.1\"]", "."),
    ]
}

/// A document file `<id>.md`: front matter with `id`, a title, `type:
/// procedure` (unless `fields` sets a type), the YAML lines of `fields`, then
/// `body`.
pub fn doc(id: &str, fields: &str, body: &str) -> (String, String) {
    let mut text = format!("---\nid: {id}\ntitle: Title of {id}\n");
    if !fields.lines().any(|l| l.starts_with("type:")) {
        text.push_str("type: procedure\n");
    }
    for line in fields.lines().filter(|l| !l.trim().is_empty()) {
        text.push_str(line.trim());
        text.push('\n');
    }
    text.push_str("---\n");
    text.push_str(body);
    text.push('\n');
    (format!("{}.md", id.to_ascii_lowercase()), text)
}

/// An approved, effective document with an owner and approver, tagging `clauses`
/// (a YAML flow list such as `["7.5.1"]`).
pub fn approved(id: &str, clauses: &str, body: &str) -> (String, String) {
    doc(
        id,
        &format!(
            "status: approved\neffective: 2026-01-01\nowner: QM\napproved_by: MD\nclauses: {clauses}"
        ),
        body,
    )
}

/// Loads `files` with `config` as of [`TODAY`]; `drafts` publishes drafts.
pub fn load_with(config: &str, files: Vec<(String, String)>, drafts: bool) -> Loaded {
    let options = LoadOptions {
        drafts,
        output_dir: None,
        today: Some(TODAY),
    };
    Handbook::from_sources(config, MemorySources::new(files), &options)
}

/// Loads `files` with [`CONFIG`]; panics when the configuration is invalid.
pub fn load(files: Vec<(String, String)>) -> (Handbook, Vec<Diagnostic>) {
    load_config(CONFIG, files)
}

/// Loads `files` with `config`; panics when the configuration is invalid.
pub fn load_config(config: &str, files: Vec<(String, String)>) -> (Handbook, Vec<Diagnostic>) {
    let loaded = load_with(config, files, false);
    match loaded.handbook {
        Some(hb) => (hb, loaded.diagnostics),
        None => panic!("no handbook: {:?}", loaded.diagnostics),
    }
}

/// The diagnostics with this code.
pub fn with_code<'a>(diagnostics: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}
