//! `check --baseline REV`: the handbook as it was at a git revision, built in
//! a temporary folder from `git archive` (the work tree is never touched), and
//! its coverage compared with today's, and its exclusions with today's: each
//! exclusion added, removed or reworded since, with what it did to the figure.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::analysis::coverage::{ClauseStatus, Coverage, StandardCoverage};
use crate::config::CONFIG_FILE;
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

/// The handbook as it was at `rev` (extracted with `git archive` into a
/// temporary folder that is gone when this returns; the work tree is never
/// touched) and its coverage, computed as of `current`'s build date.
pub fn handbook_at(
    current: &Handbook,
    rev: &str,
    options: &LoadOptions,
) -> Result<(Handbook, Coverage), Diagnostic> {
    let tmp = tempfile::Builder::new()
        .prefix("qmsbook-baseline-")
        .tempdir()
        .map_err(|e| baseline_error(rev, e))?;
    extract(&current.root, rev, tmp.path())?;
    let loaded = Handbook::load(
        tmp.path(),
        &LoadOptions {
            output_dir: None,
            ..options.clone()
        },
    );
    let Some(before) = loaded.handbook else {
        return Err(baseline_error(rev, "its book.toml could not be read"));
    };
    let coverage = Coverage::compute(&before, current.today);
    Ok((before, coverage))
}

/// A commit of the repository holding `root`: its full ID and its committer
/// date (`YYYY-MM-DD`). `rev` is checked as [`compare`] checks it.
pub fn commit_of(root: &Path, rev: &str) -> Result<(String, String), Diagnostic> {
    let id = resolve(root, rev)?;
    let date = git_line(root, &["show", "-s", "--format=%cs", &id], rev)?;
    Ok((id, date))
}

/// The last commit of `HEAD` made on or before `date` (`YYYY-MM-DD`, to the
/// end of that day): the handbook as it stood that day. `Ok(None)` when
/// every commit is later.
pub fn commit_on_or_before(root: &Path, date: &str) -> Result<Option<String>, Diagnostic> {
    if !date.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Err(baseline_error(date, "that is not a date"));
    }
    git_line(root, &["rev-parse", "--is-inside-work-tree"], date)?;
    resolve(root, "HEAD")?;
    let id = git_line(
        root,
        &[
            "rev-list",
            "-1",
            &format!("--before={date}T23:59:59"),
            "HEAD",
        ],
        date,
    )?;
    Ok((!id.is_empty()).then_some(id))
}

/// The first line of a git command's output in `root`.
fn git_line(root: &Path, args: &[&str], rev: &str) -> Result<String, Diagnostic> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| baseline_error(rev, format!("git could not be run ({e})")))?;
    if !out.status.success() {
        return Err(baseline_error(
            rev,
            String::from_utf8_lossy(&out.stderr).trim(),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string())
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
    let (before, old) = match handbook_at(current, rev, options) {
        Ok(then) => then,
        Err(d) => return vec![d],
    };
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
        let no_exclusions = BTreeMap::new();
        let exclusions_then = before
            .config
            .standards
            .per_standard
            .get(&now.key)
            .map_or(&no_exclusions, |s| &s.not_applicable);
        out.extend(exclusion_changes(current, now, exclusions_then, rev));
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

/// The exclusions of one standard added, removed or reworded since `rev`
/// (whose exclusions were `then`), as notes at their lines of book.toml,
/// each with the requirements it takes out of (or puts back into) the count
/// and the figure without and with it, both over today's documents.
pub fn exclusion_changes(
    current: &Handbook,
    now: &StandardCoverage,
    then: &BTreeMap<String, String>,
    rev: &str,
) -> Vec<Diagnostic> {
    let Some(catalog) = current.catalogs.get(&now.key) else {
        return Vec::new();
    };
    let no_exclusions = BTreeMap::new();
    let today_exclusions = current
        .config
        .standards
        .per_standard
        .get(&now.key)
        .map_or(&no_exclusions, |s| &s.not_applicable);
    let known = |clause: &str| catalog.get(clause).is_some();
    let mut out = Vec::new();
    let figure = |c: &StandardCoverage| format!("{:.1}%", c.summary.percent);
    // Leaves that are not applicable in `a` but counted in `b`, with their
    // status in `b` (introduced by `word`: "was", "now").
    let moved = |a: &StandardCoverage, b: &StandardCoverage, word: &str| -> Vec<String> {
        a.rows
            .iter()
            .zip(&b.rows)
            .filter(|(x, y)| {
                catalog.clauses[x.clause].is_leaf()
                    && x.status == ClauseStatus::NotApplicable
                    && y.status != ClauseStatus::NotApplicable
            })
            .map(|(_, y)| {
                format!(
                    "{} ({word} {})",
                    catalog.clauses[y.clause].id,
                    article(y.status.label())
                )
            })
            .collect()
    };
    for (clause, why) in today_exclusions {
        if !known(clause) {
            continue;
        }
        match then.get(clause) {
            None => {
                let mut without = today_exclusions.clone();
                without.remove(clause);
                let Some(other) =
                    Coverage::with_exclusions(current, &now.key, current.today, &without)
                else {
                    continue;
                };
                let taken = moved(now, &other, "was");
                out.push(current.config.exclusion_diagnostic(
                    &now.key,
                    clause,
                    Diagnostic::note(
                        "exclusion-added",
                        format!(
                            "{}: exclusion of {clause} added since `{rev}` (\"{}\"): {} no longer counted; coverage {} → {}",
                            catalog.name,
                            why.trim(),
                            requirements(&taken),
                            figure(&other),
                            figure(now)
                        ),
                    ),
                ));
            }
            Some(old) if old.trim() != why.trim() => {
                out.push(current.config.exclusion_diagnostic(
                    &now.key,
                    clause,
                    Diagnostic::note(
                        "exclusion-reworded",
                        format!(
                            "{}: the justification of the exclusion of {clause} was reworded since `{rev}`: was \"{}\", now \"{}\"; coverage unchanged at {}",
                            catalog.name,
                            old.trim(),
                            why.trim(),
                            figure(now)
                        ),
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    for (clause, why) in then {
        if today_exclusions.contains_key(clause) || !known(clause) {
            continue;
        }
        let mut with = today_exclusions.clone();
        with.insert(clause.clone(), why.clone());
        let Some(other) = Coverage::with_exclusions(current, &now.key, current.today, &with) else {
            continue;
        };
        let back = moved(&other, now, "now");
        out.push(
            Diagnostic::note(
                "exclusion-removed",
                format!(
                    "{}: exclusion of {clause} removed since `{rev}` (was \"{}\"): {} counted again; coverage {} → {}",
                    catalog.name,
                    why.trim(),
                    requirements(&back),
                    figure(&other),
                    figure(now)
                ),
            )
            .in_file(CONFIG_FILE),
        );
    }
    out
}

/// "a gap", "an addressed requirement" …: a status with its article.
fn article(label: &str) -> String {
    match label {
        "addressed" => "addressed".to_string(),
        "planned" => "planned".to_string(),
        other => format!("a {other}"),
    }
}

/// The requirements a change of exclusion moved, in words.
fn requirements(list: &[String]) -> String {
    match list.len() {
        0 => "no requirement".to_string(),
        1..=4 => list.join(", "),
        n => format!("{n} requirements ({}, …)", list[..3].join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{approved, load_config};

    #[test]
    fn exclusion_changes_say_what_they_did_to_the_figure() {
        let config = "[book]\ntitle = \"T\"\n[standards.iso9001-2015.not-applicable]\n\"8.3\" = \"We do not design.\"\n\"7.1.6\" = \"We do not need it.\"\n";
        let (hb, _) = load_config(config, vec![approved("SOP-001", r#"["7.1.6"]"#, ".")]);
        let cov = Coverage::compute(&hb, hb.today);
        let now = cov.get("iso9001-2015").expect("iso");
        let then: BTreeMap<String, String> = [
            ("8.3".to_string(), "No design.".to_string()),
            ("8.5.3".to_string(), "No customer property.".to_string()),
        ]
        .into_iter()
        .collect();
        let d = exclusion_changes(&hb, now, &then, "main");
        let found: Vec<(&str, String)> = d.iter().map(|d| (d.code, d.location())).collect();
        assert_eq!(
            found,
            [
                ("exclusion-added", "book.toml:5:1".to_string()),
                ("exclusion-reworded", "book.toml:4:1".to_string()),
                ("exclusion-removed", "book.toml".to_string()),
            ]
        );
        let applicable = now.summary.applicable;
        let pct =
            |a: usize, n: usize| format!("{:.1}%", (a as f64 * 1000.0 / n as f64).round() / 10.0);
        // 7.1.6 was addressed by SOP-001: excluding it takes one addressed
        // requirement out of both counts.
        assert!(
            d[0].message.contains(&format!(
                "exclusion of 7.1.6 added since `main` (\"We do not need it.\"): 7.1.6 (was addressed) no longer counted; coverage {} → {}",
                pct(1, applicable + 1),
                pct(0, applicable)
            )),
            "{}",
            d[0].message
        );
        assert!(
            d[1].message
                .contains("was \"No design.\", now \"We do not design.\"")
        );
        assert!(
            d[2].message.contains(&format!(
                "exclusion of 8.5.3 removed since `main` (was \"No customer property.\"): 8.5.3 (now a gap) counted again; coverage {} → {}",
                pct(0, applicable - 1),
                pct(0, applicable)
            )),
            "{}",
            d[2].message
        );
    }

    #[test]
    fn options_and_odd_names_are_never_passed_to_git() {
        let tmp = tempfile::tempdir().unwrap();
        for rev in ["--output=/tmp/x", "-h", "", "a\nb", "HEAD\0"] {
            let d = resolve(tmp.path(), rev).unwrap_err();
            assert_eq!(d.code, "baseline", "{rev:?}");
        }
    }
}
