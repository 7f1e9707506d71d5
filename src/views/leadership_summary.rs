//! The leadership summary of the home page (ISO 9001 9.1, 9.3): the quality
//! objectives by status, the coverage figure of the default standard and the
//! number of overdue document reviews, and the open and overdue management
//! review actions with the next review due, each with the page that details it.
//! The page top management opens before a review.
//!
//! Shown only when the handbook declares objectives; the numbers come from the
//! same views as `objectives.json`, the coverage export and `reviews.html`.

use serde::Serialize;

use crate::analysis::objectives::ObjectiveStatus;
use crate::model::handbook::Handbook;
use crate::views::awareness::PolicyUnderstood;
use crate::views::coverage::StandardRecord;
use crate::views::management_review;
use crate::views::objectives::{self, AlignedObjective};
use crate::views::reviews;

/// Objectives listed by name per status; more are counted and left to `objectives.html`.
pub const LISTED: usize = 5;

/// The objectives of one status (only statuses that some objective has).
#[derive(Debug, Clone, Serialize)]
pub struct StatusGroup {
    /// Status spelling (`at-risk`).
    pub status: &'static str,
    /// Status words (`At risk`).
    pub label: &'static str,
    /// How many objectives have it.
    pub count: usize,
    /// The first [`LISTED`] of those objectives, in the order of `objectives.html`.
    pub objectives: Vec<AlignedObjective>,
    /// How many more have the status (listed on `objectives.html` only).
    pub more: usize,
}

/// The coverage figure of one standard.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageFigure {
    /// Display name.
    pub name: String,
    /// Percent of applicable requirements addressed (as the coverage export has it).
    pub percent: f64,
    /// Its matrix page.
    pub url: String,
}

/// What the home page's leadership summary shows.
#[derive(Debug, Clone, Serialize)]
pub struct LeadershipSummary {
    /// How many published objectives there are.
    pub objectives: usize,
    /// Objectives by status, most urgent first, statuses with none left out.
    pub by_status: Vec<StatusGroup>,
    /// The default standard's coverage (the first standard's when it has none).
    pub coverage: Option<CoverageFigure>,
    /// Published documents whose review date has passed.
    pub overdue_reviews: usize,
    /// Open and overdue management review actions and the next review due,
    /// when the handbook publishes review records.
    pub management_review: Option<management_review::HomeSummary>,
    /// How many people acknowledged the current quality policy (set by the
    /// caller from the awareness status; `None` when awareness is off or
    /// the policy has no audience).
    pub policy_understood: Option<PolicyUnderstood>,
}

/// The summary, or `None` when the handbook publishes no objective.
pub fn summary(hb: &Handbook, standards: &[StandardRecord]) -> Option<LeadershipSummary> {
    if hb.leadership.objectives.is_empty() {
        return None;
    }
    let rows = objectives::statuses(hb);
    of(
        &rows,
        standards,
        hb.default_standard(),
        reviews::due(hb).overdue,
    )
    .map(|s| LeadershipSummary {
        management_review: management_review::home_summary(hb),
        ..s
    })
}

/// The summary of `rows`, the coverage of `default` (a catalog key) among
/// `standards`, and `overdue_reviews`.
pub fn of(
    rows: &[AlignedObjective],
    standards: &[StandardRecord],
    default: &str,
    overdue_reviews: usize,
) -> Option<LeadershipSummary> {
    if rows.is_empty() {
        return None;
    }
    let by_status = ObjectiveStatus::ALL
        .iter()
        .filter_map(|s| {
            let count = rows.iter().filter(|r| r.status == s.as_str()).count();
            let objectives: Vec<AlignedObjective> = rows
                .iter()
                .filter(|r| r.status == s.as_str())
                .take(LISTED)
                .cloned()
                .collect();
            (count > 0).then(|| StatusGroup {
                status: s.as_str(),
                label: s.label(),
                count,
                more: count - objectives.len(),
                objectives,
            })
        })
        .collect();
    let coverage = standards
        .iter()
        .find(|s| s.key == default)
        .or_else(|| standards.first())
        .map(|s| CoverageFigure {
            name: s.name.clone(),
            percent: s.summary.percent,
            url: format!("coverage/{}.html", s.key),
        });
    Some(LeadershipSummary {
        objectives: rows.len(),
        by_status,
        coverage,
        overdue_reviews,
        management_review: None,
        policy_understood: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objective(n: usize, status: &'static str) -> AlignedObjective {
        AlignedObjective {
            id: format!("OBJ-{n}"),
            title: format!("Objective {n}"),
            status,
            status_label: status,
            url: format!("objectives/OBJ-{n}.html"),
        }
    }

    #[test]
    fn statuses_most_urgent_first_and_long_lists_cut() {
        let mut rows: Vec<AlignedObjective> = (0..7).map(|n| objective(n, "met")).collect();
        rows.push(objective(7, "missed"));
        let s = of(&rows, &[], "iso9001-2015", 2).expect("a summary");
        assert_eq!(s.objectives, 8);
        assert_eq!(s.overdue_reviews, 2);
        assert!(s.coverage.is_none());
        let groups: Vec<(&str, usize, usize, usize)> = s
            .by_status
            .iter()
            .map(|g| (g.status, g.count, g.objectives.len(), g.more))
            .collect();
        assert_eq!(groups, [("missed", 1, 1, 0), ("met", 7, LISTED, 2)]);
        assert_eq!(s.by_status[1].objectives[0].id, "OBJ-0");
    }

    #[test]
    fn no_objectives_no_summary() {
        assert!(of(&[], &[], "iso9001-2015", 3).is_none());
    }
}
