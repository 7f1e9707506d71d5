//! `check --baseline REV`: the handbook as it was at a git revision, built in
//! a temporary folder from `git archive` (the work tree is never touched), and
//! its coverage compared with today's.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::analysis::coverage::{ClauseStatus, Coverage};
use crate::diagnostics::Diagnostic;
use crate::model::handbook::{Handbook, LoadOptions};

fn baseline_error(rev: &str, why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("baseline", format!("cannot read the handbook at `{rev}`: {why}"))
        .help("pass a revision git knows (e.g. `origin/main`; in CI fetch it first), from inside the handbook's repository")
}

/// Resolves `rev` to a commit ID with `git rev-parse --verify`, so nothing
/// the user typed is ever passed to another git command (where
/// `--output=/tmp/x` would be an option).
fn resolve(root: &Path, rev: &str) -> Result<String, Diagnostic> {
    if rev.is_empty() || rev.starts_with('-') || rev.chars().any(char::is_control) {
        return Err(baseline_error(rev, "that is not a revision"));
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .map_err(|e| baseline_error(rev, format!("git could not be run ({e})")))?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(baseline_error(rev, "git knows no commit by that name"));
    }
    Ok(id)
}

/// Extracts the handbook at `rev` into `into` (an empty folder).
fn extract(root: &Path, rev: &str, into: &Path) -> Result<(), Diagnostic> {
    let commit = resolve(root, rev)?;
    let prefix = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--show-prefix"])
        .output()
        .map_err(|e| baseline_error(rev, format!("git could not be run ({e})")))?;
    if !prefix.status.success() {
        return Err(baseline_error(
            rev,
            String::from_utf8_lossy(&prefix.stderr).trim(),
        ));
    }
    let prefix = String::from_utf8_lossy(&prefix.stdout).trim().to_string();
    let tree = format!("{commit}:{prefix}");
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", "--end-of-options", &tree])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| baseline_error(rev, format!("git could not be run ({e})")))?;
    let stdout = archive
        .stdout
        .take()
        .ok_or_else(|| baseline_error(rev, "no output from git archive"))?;
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(stdout)
        .output()
        .map_err(|e| baseline_error(rev, format!("tar could not be run ({e})")))?;
    let archived = archive
        .wait_with_output()
        .map_err(|e| baseline_error(rev, e))?;
    if !archived.status.success() {
        return Err(baseline_error(
            rev,
            String::from_utf8_lossy(&archived.stderr).trim(),
        ));
    }
    if !untar.status.success() {
        return Err(baseline_error(
            rev,
            String::from_utf8_lossy(&untar.stderr).trim(),
        ));
    }
    Ok(())
}

/// Compares coverage now with coverage at `rev`: a `coverage-lost` warning per
/// requirement that lost coverage, a note per requirement that gained it, and
/// a note with each standard's figure before and after.
pub fn compare(
    current: &Handbook,
    coverage: &Coverage,
    rev: &str,
    options: &LoadOptions,
) -> Vec<Diagnostic> {
    let tmp = match tempfile::Builder::new()
        .prefix("qmsbook-baseline-")
        .tempdir()
    {
        Ok(t) => t,
        Err(e) => return vec![baseline_error(rev, e)],
    };
    if let Err(d) = extract(&current.root, rev, tmp.path()) {
        return vec![d];
    }
    let loaded = Handbook::load(
        tmp.path(),
        &LoadOptions {
            output_dir: None,
            ..options.clone()
        },
    );
    let Some(before) = loaded.handbook else {
        return vec![baseline_error(rev, "its book.toml could not be read")];
    };
    let old = Coverage::compute(&before, current.today);
    let new = coverage;
    let mut out = Vec::new();
    for now in &new.standards {
        let (Some(then), Some(catalog)) = (old.get(&now.key), current.catalogs.get(&now.key))
        else {
            continue;
        };
        let Some(old_catalog) = before.catalogs.get(&now.key) else {
            continue;
        };
        for row in &now.rows {
            let clause = &catalog.clauses[row.clause];
            if !clause.is_leaf() {
                continue;
            }
            let Some(old_row) = old_catalog.get(&clause.id).map(|i| &then.rows[i]) else {
                continue;
            };
            let was = old_row.status == ClauseStatus::Addressed;
            let is = row.status == ClauseStatus::Addressed;
            if was && !is {
                let responsible: Vec<&str> = old_row
                    .refs
                    .iter()
                    .filter(|r| r.state == crate::analysis::coverage::RefState::Counts)
                    .map(|r| before.documents[r.doc].id())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let mut d = Diagnostic::warning(
                    "coverage-lost",
                    format!(
                        "{} {} \"{}\" was addressed at `{rev}` (by {}) and is now {}",
                        catalog.name,
                        clause.id,
                        clause.heading(),
                        responsible.join(", "),
                        row.status.label()
                    ),
                )
                .help("restore the tag, approve the replacing document, or record an exclusion with its justification");
                if let Some(doc) = responsible.iter().find_map(|id| current.get(id)) {
                    d = d.at_bytes(&doc.file.text, doc.meta.id.bytes.clone());
                }
                out.push(d);
            } else if is && !was {
                out.push(Diagnostic::note(
                    "coverage-gained",
                    format!(
                        "{} {} \"{}\" is addressed now and was not at `{rev}`",
                        catalog.name,
                        clause.id,
                        clause.heading()
                    ),
                ));
            }
        }
        let (a, b) = (then.summary, now.summary);
        out.push(Diagnostic::note(
            "coverage-summary",
            format!(
                "{}: {:.1}% ({} of {}) at `{rev}`, {:.1}% ({} of {}) now",
                catalog.name,
                a.percent,
                a.addressed,
                a.applicable,
                b.percent,
                b.addressed,
                b.applicable
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_odd_names_are_never_passed_to_git() {
        let tmp = tempfile::tempdir().unwrap();
        for rev in ["--output=/tmp/x", "-h", "", "a\nb", "HEAD\0"] {
            let d = resolve(tmp.path(), rev).unwrap_err();
            assert_eq!(d.code, "baseline", "{rev:?}");
        }
    }
}
