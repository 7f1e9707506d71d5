//! Approval checks: the current revision has a change summary
//! (`missing-change-summary`), nobody approves their own document
//! (`self-approved`), the approver is a role allowed to approve the type
//! (`approver-not-allowed`), and the approval record agrees with itself
//! (`approved-after-effective`, `change-log-mismatch`).
//!
//! Drafts are not checked (they are not up for approval yet), nor are
//! obsolete documents (they are withdrawn), nor documents of external origin
//! (the organisation does not approve a standard or a customer's drawing; it
//! checks that it is current, see [`crate::check::external`]).

use crate::diagnostics::Diagnostic;
use crate::model::handbook::{Document, Handbook};
use crate::model::revision_log::current_entry;
use crate::parse::front_matter::Status;

/// Every approval check over the documents of `hb`.
pub fn check(hb: &Handbook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in &hb.documents {
        if !matches!(d.meta.status, Status::Approved | Status::InReview) || hb.is_external(d) {
            continue;
        }
        missing_change_summary(hb, d, &mut out);
        self_approved(d, &mut out);
        approver_not_allowed(hb, d, &mut out);
        approved_after_effective(d, &mut out);
        change_log_mismatch(d, &mut out);
    }
    out
}

/// Compares two role names as people write them: trimmed, in any case.
fn same_role(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn missing_change_summary(hb: &Handbook, d: &Document, out: &mut Vec<Diagnostic>) {
    let keeps_log = d.meta.changes.is_some() || hb.config.documents.require_change_log;
    let (Some(revision), Some(at)) = (&d.meta.revision, &d.meta.revision_at) else {
        return;
    };
    if !keeps_log || current_entry(d).is_some() {
        return;
    }
    let help = if d.meta.changes.is_some() {
        format!(
            "add an entry to `changes:`: `- {{ revision: {revision}, date: YYYY-MM-DD, summary: \"what changed\" }}`"
        )
    } else {
        format!(
            "add `changes:` with an entry for revision {revision}: `- {{ revision: {revision}, date: YYYY-MM-DD, summary: \"what changed\" }}` (`[documents] require-change-log` is on)"
        )
    };
    out.push(
        Diagnostic::warning(
            "missing-change-summary",
            format!(
                "{} is at revision {revision}, which has no entry in its revision log",
                d.id()
            ),
        )
        .at_bytes(&d.file.text, at.clone())
        .help(help),
    );
}

fn self_approved(d: &Document, out: &mut Vec<Diagnostic>) {
    let (Some(owner), Some(approver)) = (&d.meta.owner, &d.meta.approved_by) else {
        return;
    };
    if !same_role(owner, &approver.value) {
        return;
    }
    out.push(
        Diagnostic::warning(
            "self-approved",
            format!(
                "{} is approved by its own owner ({})",
                d.id(),
                approver.value
            ),
        )
        .at_bytes(&d.file.text, approver.bytes.clone())
        .help("have another role approve it; if one role may approve its own documents in this organisation, set `[check] self-approved = \"allow\"` in book.toml"),
    );
}

fn approver_not_allowed(hb: &Handbook, d: &Document, out: &mut Vec<Diagnostic>) {
    let Some(approver) = &d.meta.approved_by else {
        return;
    };
    let Some(doc_type) = hb.doc_type(&d.meta.doc_type.value) else {
        return;
    };
    let allowed = &doc_type.approver_roles;
    if allowed.is_empty() || allowed.iter().any(|r| same_role(r, &approver.value)) {
        return;
    }
    let hint = crate::util::suggest::closest(&approver.value, allowed.iter().map(String::as_str))
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default();
    let list = allowed
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(
        Diagnostic::warning(
            "approver-not-allowed",
            format!(
                "{} is approved by {}, who may not approve a {}",
                d.id(),
                approver.value,
                doc_type.label.to_lowercase()
            ),
        )
        .at_bytes(&d.file.text, approver.bytes.clone())
        .help(format!(
            "{hint}{} may be approved by {list} (`approver-roles` in book.toml)",
            doc_type.plural
        )),
    );
}

fn approved_after_effective(d: &Document, out: &mut Vec<Diagnostic>) {
    let (Some(approved), Some(effective)) = (&d.meta.approved_on, &d.meta.effective) else {
        return;
    };
    if approved.value <= effective.value {
        return;
    }
    out.push(
        Diagnostic::warning(
            "approved-after-effective",
            format!(
                "{} was approved on {}, after it took effect on {}",
                d.id(),
                approved.value,
                effective.value
            ),
        )
        .at_bytes(&d.file.text, approved.bytes.clone())
        .help("a revision takes effect once approved: check both dates, or move `effective` to the approval day or later"),
    );
}

fn change_log_mismatch(d: &Document, out: &mut Vec<Diagnostic>) {
    let Some(entry) = current_entry(d) else {
        return;
    };
    let revision = &entry.revision.value;
    if let (Some(logged), Some(front)) = (&entry.approved_by, &d.meta.approved_by)
        && !same_role(&logged.value, &front.value)
    {
        out.push(
            Diagnostic::warning(
                "change-log-mismatch",
                format!(
                    "the revision log says {} approved revision {revision}, but `approved_by` is {}",
                    logged.value, front.value
                ),
            )
            .at_bytes(&d.file.text, logged.bytes.clone())
            .help("make the log entry and `approved_by` name the same role"),
        );
    }
    if let (Some(logged), Some(front)) = (&entry.approved_on, &d.meta.approved_on)
        && logged.value != front.value
    {
        out.push(
            Diagnostic::warning(
                "change-log-mismatch",
                format!(
                    "the revision log says revision {revision} was approved on {}, but `approved_on` is {}",
                    logged.value, front.value
                ),
            )
            .at_bytes(&d.file.text, logged.bytes.clone())
            .help("make the log entry and `approved_on` give the same day"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, doc, load_config, with_code};

    fn run(config: &str, fields: &str) -> Vec<Diagnostic> {
        let (hb, d) = load_config(config, vec![doc("SOP-001", fields, "Text.")]);
        assert!(
            d.iter().all(|d| !d.is_error()),
            "{:?}",
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        check(&hb)
    }

    const APPROVED: &str = "status: approved\nowner: Quality Manager\napproved_by: Managing Director\nrevision: B\neffective: 2026-03-01";

    #[test]
    fn a_complete_record_passes() {
        let d = run(
            CONFIG,
            &format!(
                "{APPROVED}\napproved_on: 2026-02-20\nchanges: [{{revision: A, date: 2025-01-01, summary: First}}, {{revision: b, date: 2026-02-01, summary: Second, approved_by: managing director, approved_on: 2026-02-20}}]"
            ),
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn the_current_revision_needs_a_log_entry_when_there_is_a_log() {
        let d = run(
            CONFIG,
            &format!("{APPROVED}\nchanges: [{{revision: A, date: 2025-01-01, summary: First}}]"),
        );
        let m = with_code(&d, "missing-change-summary");
        assert_eq!(m.len(), 1, "{d:?}");
        assert_eq!(m[0].location(), "content/sop-001.md:8:11");
        // No log, no warning, unless the handbook requires one.
        assert!(run(CONFIG, APPROVED).is_empty());
        let required = "[book]\ntitle = \"T\"\n[documents]\nrequire-change-log = true\n";
        let d = run(required, APPROVED);
        assert_eq!(with_code(&d, "missing-change-summary").len(), 1);
        // Drafts are not up for approval.
        assert!(run(required, "status: draft\nrevision: B").is_empty());
    }

    #[test]
    fn owners_approving_their_own_documents_are_flagged() {
        let d = run(
            CONFIG,
            "status: approved\nowner: Quality Manager\napproved_by: ' quality manager '",
        );
        let s = with_code(&d, "self-approved");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].location(), "content/sop-001.md:7:14");
        assert!(
            s[0].help
                .as_deref()
                .unwrap_or("")
                .contains("self-approved = \"allow\"")
        );
    }

    #[test]
    fn approvers_must_be_allowed_for_the_type() {
        let config = "[book]\ntitle = \"T\"\n[documents]\napprover-roles = [\"Managing Director\", \"Quality Manager\"]\n";
        assert!(run(config, APPROVED).is_empty());
        let d = run(
            config,
            "status: in-review\nowner: QM\napproved_by: Managing Directer",
        );
        let a = with_code(&d, "approver-not-allowed");
        assert_eq!(a.len(), 1);
        assert!(
            a[0].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `Managing Director`"),
            "{:?}",
            a[0].help
        );
    }

    #[test]
    fn approval_after_effect_and_log_disagreements_are_flagged() {
        let d = run(CONFIG, &format!("{APPROVED}\napproved_on: 2026-03-02"));
        assert_eq!(with_code(&d, "approved-after-effective").len(), 1);
        let d = run(
            CONFIG,
            &format!(
                "{APPROVED}\napproved_on: 2026-02-20\nchanges: [{{revision: B, date: 2026-02-01, summary: S, approved_by: CEO, approved_on: 2026-02-21}}]"
            ),
        );
        let m = with_code(&d, "change-log-mismatch");
        assert_eq!(m.len(), 2, "{d:?}");
        assert!(m[0].message.contains("CEO"));
        assert!(m[1].message.contains("2026-02-21"));
    }
}
