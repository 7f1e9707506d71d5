//! The checks of leadership data: every policy commitment has an objective,
//! every objective serves a commitment and has the plan of ISO 9001 6.2.2,
//! and its results are recent (`kpi-stale`) and not past due unmet
//! (`objective-overdue`). Malformed data files (`kpi-data-invalid`) are
//! reported while the model is built.
//!
//! Declarations of obsolete documents are not checked.

use crate::analysis::objectives::{self, ObjectiveStatus};
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::parse::front_matter::Status;

/// Every leadership diagnostic of `hb`.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let current = |doc: usize| hb.documents[doc].meta.status != Status::Obsolete;
    for c in &hb.leadership.commitments {
        if !current(c.doc) || !c.objectives.is_empty() {
            continue;
        }
        let d = &hb.documents[c.doc];
        out.push(
            Diagnostic::warning(
                "commitment-without-objective",
                format!(
                    "no quality objective serves commitment {} ({})",
                    c.commitment.id.value, c.commitment.title
                ),
            )
            .at_bytes(&d.file.text, c.commitment.id.bytes.clone())
            .help(format!(
                "add `serves: [{}]` to an objective that carries it out, or set one (ISO 9001 6.2.1: objectives consistent with the policy)",
                c.commitment.id.value
            )),
        );
    }
    for o in &hb.leadership.objectives {
        if !current(o.doc) {
            continue;
        }
        let d = &hb.documents[o.doc];
        let at = o.spec.id.bytes.clone();
        let id = o.id();
        if o.spec.serves.is_empty() {
            out.push(
                Diagnostic::warning(
                    "objective-without-commitment",
                    format!("objective {id} serves no commitment of the policy"),
                )
                .at_bytes(&d.file.text, at.clone())
                .help("add `serves: [C1]` naming the policy commitments it carries out (ISO 9001 5.2.1 c: the policy is the framework for objectives)"),
            );
        }
        let missing = missing_plan(&o.spec);
        if !missing.is_empty() {
            let keys: Vec<String> = missing.iter().map(|(k, _)| format!("`{k}`")).collect();
            let what: Vec<&str> = missing.iter().map(|(_, w)| *w).collect();
            out.push(
                Diagnostic::warning(
                    "objective-incomplete",
                    format!(
                        "objective {id} does not say {} (ISO 9001 6.2.2)",
                        what.join(", ")
                    ),
                )
                .at_bytes(&d.file.text, at.clone())
                .help(format!("add {} to the objective", keys.join(", "))),
            );
        }
        let status = objectives::of(o, hb.today);
        let latest = o.rows.last();
        match (status, latest) {
            (ObjectiveStatus::Stale, Some(latest)) => out.push(
                Diagnostic::warning(
                    "kpi-stale",
                    format!(
                        "the latest result of objective {id} is from {}, more than 1.5 {} periods before {}",
                        latest.date,
                        o.spec.frequency.as_str(),
                        hb.today
                    ),
                )
                .at_bytes(&d.file.text, o.spec.data.as_ref().map_or(at.clone(), |p| p.bytes.clone()))
                .help(format!(
                    "add the results since then to `{}`",
                    o.data_path.as_deref().unwrap_or("its data file")
                )),
            ),
            (ObjectiveStatus::Missed, Some(latest)) => out.push(
                Diagnostic::warning(
                    "objective-overdue",
                    format!(
                        "objective {id} was due on {} and its latest result ({} on {}) does not meet the target ({} {})",
                        o.spec.due.as_ref().map(|d| d.value.to_string()).unwrap_or_default(),
                        number(latest.value),
                        latest.date,
                        o.spec.target.direction.as_str(),
                        number(o.spec.target.value)
                    ),
                )
                .at_bytes(&d.file.text, o.spec.due.as_ref().map_or(at.clone(), |d| d.bytes.clone()))
                .help("evaluate the result with top management (ISO 9001 9.3) and record the decision: a new due date, target or actions"),
            ),
            _ => {}
        }
    }
    out
}

/// A number as people write it: no trailing `.0`.
pub fn number(v: f64) -> String {
    format!("{v}")
}

/// The elements of the 6.2.2 plan an objective does not give: key and words.
fn missing_plan(o: &crate::parse::objectives::ObjectiveSpec) -> Vec<(&'static str, &'static str)> {
    let mut missing = Vec::new();
    if o.actions.is_empty() {
        missing.push(("actions", "what will be done (a)"));
    }
    if o.resources.is_none() {
        missing.push(("resources", "what resources are required (b)"));
    }
    if o.owner.is_none() {
        missing.push(("owner", "who is responsible (c)"));
    }
    if o.due.is_none() {
        missing.push(("due", "when it will be completed (d)"));
    }
    if o.evaluation.is_none() {
        missing.push(("evaluation", "how the results will be evaluated (e)"));
    }
    missing
}
