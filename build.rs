//! Embeds the default theme, the starter handbook (`starter/`), the example
//! handbook (the repository's own `book.toml` and `content/`) and the
//! built-in catalogs in the binary, so
//! `qmsbook` works anywhere without its source tree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Lists the files under `dir` by path relative to `base`, sorted; hidden
/// files and folders only when `hidden`.
fn collect(dir: &Path, base: &Path, hidden: bool, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') && !hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, base, hidden, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push((rel.to_string_lossy().replace('\\', "/"), path.clone()));
        }
    }
}

fn table(name: &str, files: &[(String, PathBuf)]) -> String {
    let mut s = format!(
        "/// Embedded files: (relative path, bytes).\npub static {name}: &[(&str, &[u8])] = &[\n"
    );
    for (rel, path) in files {
        let abs = path.canonicalize().unwrap_or_else(|_| path.clone());
        let _ = writeln!(
            s,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        );
    }
    s.push_str("];\n");
    s
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let theme_dir = manifest.join("themes/default");
    let mut theme = Vec::new();
    collect(&theme_dir, &theme_dir, false, &mut theme);

    // Built-in clause catalogs and the documented-information lists.
    let mut standards = Vec::new();
    collect(
        &manifest.join("standards"),
        &manifest.join("standards"),
        false,
        &mut standards,
    );

    // The neutral starter of `qmsbook init`, dot-files included.
    let mut starter = Vec::new();
    collect(
        &manifest.join("starter"),
        &manifest.join("starter"),
        true,
        &mut starter,
    );

    // The example of `qmsbook init --example`: this repository's handbook.
    let mut example = Vec::new();
    if manifest.join("book.toml").is_file() {
        example.push(("book.toml".to_string(), manifest.join("book.toml")));
    }
    collect(&manifest.join("content"), &manifest, false, &mut example);
    // Its roster and acknowledgement ledger (outside content/).
    if manifest.join("people.csv").is_file() {
        example.push(("people.csv".to_string(), manifest.join("people.csv")));
    }
    collect(
        &manifest.join("acknowledgements"),
        &manifest,
        false,
        &mut example,
    );

    let code = format!(
        "{}\n{}\n{}\n{}",
        table("THEME", &theme),
        table("STARTER", &starter),
        table("EXAMPLE", &example),
        table("STANDARDS", &standards)
    );
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
    for dir in [
        "themes/default",
        "content",
        "standards",
        "book.toml",
        "starter",
        "people.csv",
        "acknowledgements",
    ] {
        println!("cargo::rerun-if-changed={dir}");
    }
}
