//! git with a fixed identity and date, and no user or system configuration,
//! so that histories are reproducible and tests need no git setup.

use std::process::Command;

use super::Site;

/// Runs `git <args…>` in the handbook folder as "Ann Author" at `date`
/// (e.g. `2026-01-01T10:00:00Z`); panics if git fails.
pub fn git(site: &Site, args: &[&str], date: &str) {
    let status = Command::new("git")
        .current_dir(site.root())
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ann Author")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann Author")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// Commits every change in the handbook folder (`git add -A`, `git commit`).
pub fn commit_all(site: &Site, message: &str, date: &str) {
    git(site, &["add", "-A"], date);
    git(site, &["commit", "-q", "-m", message], date);
}

/// The full hash of the commit at `HEAD`.
pub fn head_hash(site: &Site) -> String {
    let out = Command::new("git")
        .current_dir(site.root())
        .args(["rev-parse", "HEAD"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git rev-parse HEAD failed");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
