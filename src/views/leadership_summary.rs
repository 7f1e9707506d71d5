//! The leadership summary of the home page (ISO 9001 9.1, 9.3): the quality
//! objectives by status, the coverage figure of the default standard and the
//! number of overdue document reviews, each with the page that details it.
//! The page top management opens before a review.
//!
//! Shown only when the handbook declares objectives; the numbers come from the
//! same views as `objectives.json`, the coverage export and `reviews.html`.

use serde::Serialize;

use crate::model::handbook::Handbook;
use crate::views::coverage::StandardRecord;
use crate::views::objectives::{self, ObjectiveRow};
use crate::views::reviews;

/// An objective as the summary links it.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveLink {
    /// ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its page.
    pub url: String,
}

/// The objectives of one status (only statuses that some objective has).
#[derive(Debug, Clone, Serialize)]
pub struct StatusGroup {
    /// Status spelling (`at-risk`).
    pub status: &'static str,
    /// Status words (`At risk`).
    pub label: &'static str,
    /// How many objectives have it.
    pub count: usize,
    /// Those objectives, in the order of `objectives.html`.
    pub objectives: Vec<ObjectiveLink>,
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
}

/// The summary, or `None` when the handbook publishes no objective.
pub fn summary(hb: &Handbook, standards: &[StandardRecord]) -> Option<LeadershipSummary> {
    if hb.leadership.objectives.is_empty() {
        return None;
    }
    let rows = objectives::rows(hb);
    of(
        &rows,
        standards,
        hb.default_standard(),
        reviews::due(hb).overdue,
    )
}

/// The summary of `rows`, the coverage of `default` (a catalog key) among
/// `standards`, and `overdue_reviews`.
pub fn of(
    rows: &[ObjectiveRow],
    standards: &[StandardRecord],
    default: &str,
    overdue_reviews: usize,
) -> Option<LeadershipSummary> {
    if rows.is_empty() {
        return None;
    }
    let by_status = objectives::by_status(rows)
        .into_iter()
        .filter(|c| c.count > 0)
        .map(|c| StatusGroup {
            status: c.status,
            label: c.label,
            count: c.count,
            objectives: rows
                .iter()
                .filter(|r| r.status == c.status)
                .map(|r| ObjectiveLink {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    url: r.url.clone(),
                })
                .collect(),
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_objectives_no_summary() {
        assert!(of(&[], &[], "iso9001-2015", 3).is_none());
    }
}
