//! The folders of `src/` are the pipeline's layers: each may use only the
//! folders below it (see `src/lib.rs` and the README's Architecture section),
//! and no two modules may depend on each other, directly or through others.
//!
//! The test reads every source file's module paths (`crate::…`, `super::…`,
//! and a `mod.rs` calling its own children), so a change that adds an upward
//! edge or a cycle fails with the file and the edge named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers from the bottom up. A file in a layer may use its own layer and
/// the ones before it.
const LAYERS: &[&str] = &[
    "util",
    "diagnostics",
    "config",
    "parse",
    "markdown",
    "model",
    "analysis",
    "check",
    "views",
    "render",
    "output",
    "pipeline",
    "serve",
];

/// One source file of the library: its module path and its code without
/// comments and test modules.
struct Module {
    path: Vec<String>,
    file: PathBuf,
    code: String,
    children: Vec<String>,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every library file (not `main.rs` and the binary's `cmd/`).
fn modules() -> Vec<Module> {
    let src = src_dir();
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let file = entry.path();
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = file.strip_prefix(&src).unwrap();
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        if rel_str == "main.rs" || rel_str.starts_with("cmd/") {
            continue;
        }
        let mut path: Vec<String> = rel_str
            .trim_end_matches(".rs")
            .split('/')
            .map(str::to_string)
            .collect();
        if path.last().is_some_and(|l| l == "mod" || l == "lib") {
            path.pop();
        }
        let text = std::fs::read_to_string(file).unwrap();
        let code = strip(&text);
        let children = code
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let l = l.strip_prefix("pub ").unwrap_or(l);
                l.strip_prefix("mod ")?
                    .strip_suffix(';')
                    .map(str::to_string)
            })
            .collect();
        out.push(Module {
            path,
            file: rel.to_path_buf(),
            code,
            children,
        });
    }
    out
}

/// The code of a file without comments and without its `#[cfg(test)]` module.
fn strip(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|n| n.trim_start().starts_with("mod tests"))
        {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        let without_comment = match line.find("// ") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        code.push_str(without_comment);
        code.push('\n');
    }
    code
}

/// The module paths a file refers to, resolved to known modules.
fn references(m: &Module, known: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut refs = BTreeSet::new();
    let words: Vec<&str> = m
        .code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    // `super` is the parent module; for `mod.rs` and leaf files alike, the
    // module's own path minus one.
    for w in words {
        let parts: Vec<&str> = w.split("::").filter(|p| !p.is_empty()).collect();
        let mut base: Vec<String> = match parts.first() {
            Some(&"crate") => Vec::new(),
            Some(&"super") => {
                let mut b = m.path.clone();
                b.pop();
                b
            }
            Some(&"self") => m.path.clone(),
            Some(first) if m.children.iter().any(|c| c == first) => {
                let mut b = m.path.clone();
                b.push((*first).to_string());
                refs.insert(b.clone());
                b
            }
            _ => continue,
        };
        let rest = parts.iter().skip(1).skip_while(|p| **p == "super");
        let mut best = if known.contains(&base) {
            Some(base.clone())
        } else {
            None
        };
        for p in rest {
            base.push((*p).to_string());
            if known.contains(&base) {
                best = Some(base.clone());
            }
        }
        if let Some(b) = best
            && b != m.path
        {
            refs.insert(b);
        }
    }
    refs
}

fn layer_of(path: &[String]) -> Option<usize> {
    let top = path.first()?;
    LAYERS.iter().position(|l| l == top)
}

/// Each module's path and the modules it uses.
type Edges = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

fn graph() -> (Vec<Module>, Edges) {
    let modules = modules();
    let known: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let edges = modules
        .iter()
        .map(|m| (m.path.clone(), references(m, &known)))
        .collect();
    (modules, edges)
}

#[test]
fn every_top_level_module_is_a_known_layer() {
    for m in modules() {
        if m.path.is_empty() {
            continue;
        }
        assert!(
            layer_of(&m.path).is_some(),
            "src/{} is in no layer: put it in one of the folders {LAYERS:?} (or add the layer to this test and to the README's Architecture section)",
            m.file.display()
        );
    }
}

#[test]
fn no_folder_uses_a_folder_above_it() {
    let (modules, edges) = graph();
    let mut problems = Vec::new();
    for m in &modules {
        let Some(own) = layer_of(&m.path) else {
            continue;
        };
        for target in &edges[&m.path] {
            let Some(theirs) = layer_of(target) else {
                continue;
            };
            if theirs > own {
                problems.push(format!(
                    "src/{} ({}) uses crate::{} ({}), a layer above it",
                    m.file.display(),
                    LAYERS[own],
                    target.join("::"),
                    LAYERS[theirs]
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_module_depends_on_itself_through_others() {
    let (_, edges) = graph();
    // Depth-first search with colours; report the first cycle with its path.
    let mut state: BTreeMap<&Vec<String>, u8> = BTreeMap::new();
    let mut stack: Vec<&Vec<String>> = Vec::new();
    let mut cycles = Vec::new();
    fn visit<'a>(
        node: &'a Vec<String>,
        edges: &'a Edges,
        state: &mut BTreeMap<&'a Vec<String>, u8>,
        stack: &mut Vec<&'a Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(node, 1);
        stack.push(node);
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(0) {
                0 => visit(next, edges, state, stack, cycles),
                1 => {
                    let start = stack.iter().position(|n| *n == next).unwrap_or(0);
                    let path: Vec<String> = stack[start..]
                        .iter()
                        .chain(std::iter::once(&next))
                        .map(|p| p.join("::"))
                        .collect();
                    cycles.push(path.join(" → "));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node, 2);
    }
    for node in edges.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            visit(node, &edges, &mut state, &mut stack, &mut cycles);
        }
    }
    assert!(
        cycles.is_empty(),
        "dependency cycles:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_checker_sees_upward_edges_and_cycles() {
    // The reader itself must work, or the two tests above prove nothing.
    let known: BTreeSet<Vec<String>> = [vec!["model".into(), "links".into()], vec!["views".into()]]
        .into_iter()
        .collect();
    let m = Module {
        path: vec!["model".into(), "links".into()],
        file: PathBuf::from("model/links.rs"),
        code: strip("use crate::views::clause_url;\n// crate::render::x in a comment\n"),
        children: Vec::new(),
    };
    let refs = references(&m, &known);
    assert_eq!(
        refs.into_iter().collect::<Vec<_>>(),
        vec![vec!["views".to_string()]]
    );
}
