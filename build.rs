//! Embeds the default theme and the starter handbook in the binary, so
//! `qmsbook` works anywhere without its source tree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
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
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, base, out);
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
    collect(&theme_dir, &theme_dir, &mut theme);

    // Built-in clause catalogs and the documented-information lists.
    let mut standards = Vec::new();
    collect(
        &manifest.join("standards"),
        &manifest.join("standards"),
        &mut standards,
    );

    // The starter handbook for `qmsbook init`: book.toml and content/.
    let mut starter = Vec::new();
    if manifest.join("book.toml").is_file() {
        starter.push(("book.toml".to_string(), manifest.join("book.toml")));
    }
    collect(&manifest.join("content"), &manifest, &mut starter);

    let code = format!(
        "{}\n{}\n{}",
        table("THEME", &theme),
        table("STARTER", &starter),
        table("STANDARDS", &standards)
    );
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
    for dir in ["themes/default", "content", "standards", "book.toml"] {
        println!("cargo::rerun-if-changed={dir}");
    }
}
