//! Where a build spends its time: `qmsbook build --timings`.
//!
//! Stages record their wall time through [`stage`] guards; recording is off
//! (one relaxed atomic load per stage) unless [`enable`] was called. Stages
//! that run at the same time on different cores overlap, so the times do not
//! add up to the whole.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static RECORDED: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Turns recording on for this process.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Records the time until the guard is dropped under `name`.
#[must_use = "the stage ends when the guard is dropped"]
pub fn stage(name: &'static str) -> Stage {
    Stage {
        name,
        started: ENABLED.load(Ordering::Relaxed).then(Instant::now),
    }
}

/// A stage being timed; see [`stage`].
pub struct Stage {
    name: &'static str,
    started: Option<Instant>,
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(started) = self.started
            && let Ok(mut r) = RECORDED.lock()
        {
            r.push((self.name, started.elapsed()));
        }
    }
}

/// Every recorded stage, in the order they ended.
pub fn recorded() -> Vec<(&'static str, Duration)> {
    RECORDED.lock().map(|r| r.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn stages_are_recorded_only_when_enabled() {
        drop(super::stage("before"));
        super::enable();
        drop(super::stage("after"));
        let names: Vec<&str> = super::recorded().into_iter().map(|(n, _)| n).collect();
        assert!(names.contains(&"after"));
        assert!(!names.contains(&"before"));
    }
}
