//! Management review as pages show it: every held review with its inputs
//! (covered or missing), decisions and actions, the action tracker across
//! reviews (overdue first), the next review due, and the home page's
//! summary of open and overdue actions.
//!
//! Only published, held reviews are listed (drafts are agendas). An input or
//! decision key links to its ISO 9001 clause page only when the catalog in
//! scope has that lettered item.

use serde::Serialize;

use crate::config::DEFAULT_STANDARD;
use crate::model::handbook::Handbook;
use crate::model::management_review::{self, Action, ActionState, DECISIONS, INPUTS, Item, Review};
use crate::model::urls;

/// The site page of management reviews.
pub const PAGE: &str = "management-review.html";

/// The site page of the input pack (with `[management-review] publish-pack`).
pub const PACK_PAGE: &str = "management-review-pack.html";

/// One 9.3.2 input or 9.3.3 output.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// The key authors write (`c4`).
    pub key: &'static str,
    /// Our short label.
    pub label: &'static str,
    /// The clause reference, e.g. `9.3.2 c) 4)`.
    pub reference: String,
    /// Its clause page, when the catalog has the item.
    pub url: Option<String>,
    /// Whether the review covered it (inputs only).
    pub covered: bool,
    /// Whether it is a sub-item of `c`.
    pub sub_item: bool,
}

/// The decisions under one 9.3.3 output.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionGroup {
    /// The output.
    pub item: ItemView,
    /// What was decided, in file order.
    pub texts: Vec<String>,
}

/// One action with the review that raised it.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    /// Its ID.
    pub id: String,
    /// What is to be done.
    pub title: String,
    /// Who is responsible.
    pub owner: Option<String>,
    /// When it is due.
    pub due: Option<String>,
    /// `open`, `overdue` or `done`.
    pub state: &'static str,
    /// `Open`, `Overdue`, `Done`.
    pub state_label: &'static str,
    /// When it was done.
    pub closed_on: Option<String>,
    /// The review's record ID.
    pub review_id: String,
    /// The review's date.
    pub review_date: String,
    /// The action on the review's page: `doc/<ID>.html#action-<id>`.
    pub url: String,
    /// Its anchor on the review's page.
    pub anchor: String,
}

/// One review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// The record's ID.
    pub id: String,
    /// The record's title.
    pub title: String,
    /// The record's page.
    pub url: String,
    /// The day it was held.
    pub date: String,
    /// Who chaired it.
    pub chair: Option<String>,
    /// Who attended.
    pub attendees: Vec<String>,
    /// Whether it was held (the record is approved); a draft is planned.
    pub held: bool,
    /// Every 9.3.2 input, with whether it was covered.
    pub inputs: Vec<ItemView>,
    /// The required inputs it did not cover.
    pub missing: Vec<ItemView>,
    /// Its decisions by 9.3.3 output (outputs with none left out).
    pub decisions: Vec<DecisionGroup>,
    /// Its actions, in file order.
    pub actions: Vec<ActionRow>,
}

/// How many tracked actions are in each state.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ActionCounts {
    /// Open past their due date.
    pub overdue: usize,
    /// Open, not yet due.
    pub open: usize,
    /// Done.
    pub done: usize,
}

/// `management-review.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ManagementReviewPage {
    /// Held reviews, newest first.
    pub reviews: Vec<ReviewView>,
    /// Every action of those reviews: overdue, then open, then done; by due
    /// date, then ID.
    pub actions: Vec<ActionRow>,
    /// Counts by state.
    pub counts: ActionCounts,
    /// When the next review is due (the latest one's date plus the interval).
    pub next_due: Option<String>,
    /// Whether that day has passed.
    pub next_due_passed: bool,
    /// `[management-review] interval-months`.
    pub interval_months: u32,
    /// Whether the input pack is published.
    pub pack_url: Option<&'static str>,
}

/// The home page's management review card.
#[derive(Debug, Clone, Serialize)]
pub struct HomeSummary {
    /// Open actions not yet due.
    pub open: usize,
    /// Open actions past due.
    pub overdue: usize,
    /// When the next review is due.
    pub next_due: Option<String>,
    /// Whether that day has passed.
    pub next_due_passed: bool,
    /// The page with the tracker.
    pub url: &'static str,
}

/// The clause page of ISO 9001 item `clause`, when the catalog in scope has it.
fn clause_url(hb: &Handbook, clause: &str) -> Option<String> {
    if !hb.scope.iter().any(|k| k == DEFAULT_STANDARD) {
        return None;
    }
    let catalog = hb.catalogs.get(DEFAULT_STANDARD)?;
    catalog.get(clause)?;
    Some(urls::clause(DEFAULT_STANDARD, clause))
}

/// `9.3.2.c.4` as a reader writes it: `9.3.2 c) 4)`.
pub fn reference(clause: &str) -> String {
    let mut parts = clause.splitn(4, '.');
    let number: Vec<&str> = parts.by_ref().take(3).collect();
    let rest: Vec<String> = parts
        .next()
        .map(|r| r.split('.').map(|p| format!("{p})")).collect())
        .unwrap_or_default();
    if rest.is_empty() {
        number.join(".")
    } else {
        format!("{} {}", number.join("."), rest.join(" "))
    }
}

/// The view of one item.
pub fn item_view(hb: &Handbook, item: &'static Item, covered: bool) -> ItemView {
    ItemView {
        key: item.key,
        label: item.label,
        reference: reference(item.clause),
        url: clause_url(hb, item.clause),
        covered,
        sub_item: item.key.len() > 1,
    }
}

/// The row of one action.
pub fn action_row(hb: &Handbook, action: &Action) -> ActionRow {
    let review = &hb.management_reviews.reviews[action.review];
    let d = &hb.documents[review.doc];
    let state = action.state(hb.today);
    let anchor = crate::parse::management_review::action_anchor(action.id());
    ActionRow {
        id: action.id().to_string(),
        title: action.spec.title.clone(),
        owner: action.spec.owner.clone(),
        due: action.spec.due.as_ref().map(|d| d.value.to_string()),
        state: state.as_str(),
        state_label: state.label(),
        closed_on: action.spec.closed_on.as_ref().map(|d| d.value.to_string()),
        review_id: d.id().to_string(),
        review_date: review.date.to_string(),
        url: format!("{}#{anchor}", d.url),
        anchor,
    }
}

/// The view of one review.
pub fn review_view(hb: &Handbook, review: &Review) -> ReviewView {
    let d = &hb.documents[review.doc];
    let covered = |key: &str| {
        if key == "c" {
            management_review::required_inputs()
                .filter(|i| i.key.starts_with('c'))
                .all(|i| review.covered.contains(&i.key))
        } else {
            review.covered.contains(&key)
        }
    };
    let inputs = INPUTS
        .iter()
        .map(|i| item_view(hb, i, covered(i.key)))
        .collect();
    let missing = review
        .missing()
        .into_iter()
        .map(|i| item_view(hb, i, false))
        .collect();
    let decisions = DECISIONS
        .iter()
        .filter_map(|item| {
            let texts: Vec<String> = review
                .decisions
                .iter()
                .filter(|(i, _)| i.key == item.key)
                .map(|(_, t)| t.clone())
                .collect();
            (!texts.is_empty()).then(|| DecisionGroup {
                item: item_view(hb, item, true),
                texts,
            })
        })
        .collect();
    let mr = &hb.management_reviews;
    ReviewView {
        id: d.id().to_string(),
        title: d.meta.title.clone(),
        url: d.url.clone(),
        date: review.date.to_string(),
        chair: review.chair.clone(),
        attendees: review.attendees.clone(),
        held: review.held,
        inputs,
        missing,
        decisions,
        actions: review
            .actions
            .iter()
            .map(|&a| action_row(hb, &mr.actions[a]))
            .collect(),
    }
}

/// The review recorded by document `index`, for its own page.
pub fn of_document(hb: &Handbook, index: usize) -> Option<ReviewView> {
    hb.management_reviews
        .reviews
        .iter()
        .find(|r| r.doc == index)
        .map(|r| review_view(hb, r))
}

/// The tracked actions of published reviews, most urgent first.
pub fn tracker(hb: &Handbook) -> Vec<ActionRow> {
    let mr = &hb.management_reviews;
    let mut rows: Vec<(ActionState, &Action)> = mr
        .tracked()
        .filter(|a| mr.reviews[a.review].published)
        .map(|a| (a.state(hb.today), a))
        .collect();
    rows.sort_by(|(sa, a), (sb, b)| {
        sa.cmp(sb)
            .then_with(|| {
                let (da, db) = (
                    a.spec.due.as_ref().map(|d| d.value),
                    b.spec.due.as_ref().map(|d| d.value),
                );
                da.cmp(&db)
            })
            .then_with(|| a.id().cmp(b.id()))
    });
    rows.into_iter().map(|(_, a)| action_row(hb, a)).collect()
}

fn counts(rows: &[ActionRow]) -> ActionCounts {
    let n = |s: &str| rows.iter().filter(|r| r.state == s).count();
    ActionCounts {
        overdue: n("overdue"),
        open: n("open"),
        done: n("done"),
    }
}

/// The next review due and whether it has passed.
fn next_due(hb: &Handbook) -> (Option<String>, bool) {
    let months = hb.config.management_review.interval_months();
    match hb.management_reviews.next_due(months) {
        Some(d) => (Some(d.to_string()), d < hb.today),
        None => (None, false),
    }
}

/// Whether the site has `management-review.html`: some published review
/// record is held.
pub fn has_page(hb: &Handbook) -> bool {
    hb.management_reviews
        .reviews
        .iter()
        .any(|r| r.held && r.published)
}

/// `management-review.html`, or `None` without a published held review.
pub fn page(hb: &Handbook) -> Option<ManagementReviewPage> {
    if !has_page(hb) {
        return None;
    }
    let reviews: Vec<ReviewView> = hb
        .management_reviews
        .reviews
        .iter()
        .rev()
        .filter(|r| r.held && r.published)
        .map(|r| review_view(hb, r))
        .collect();
    let actions = tracker(hb);
    let (next_due, next_due_passed) = next_due(hb);
    Some(ManagementReviewPage {
        reviews,
        counts: counts(&actions),
        actions,
        next_due,
        next_due_passed,
        interval_months: hb.config.management_review.interval_months(),
        pack_url: hb
            .config
            .management_review
            .publish_pack
            .then_some(PACK_PAGE),
    })
}

/// The home page's card, or `None` without a published held review.
pub fn home_summary(hb: &Handbook) -> Option<HomeSummary> {
    if !has_page(hb) {
        return None;
    }
    let c = counts(&tracker(hb));
    let (next_due, next_due_passed) = next_due(hb);
    Some(HomeSummary {
        open: c.open,
        overdue: c.overdue,
        next_due,
        next_due_passed,
        url: PAGE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_like_the_standard() {
        assert_eq!(reference("9.3.2.c.4"), "9.3.2 c) 4)");
        assert_eq!(reference("9.3.3.a"), "9.3.3 a)");
        assert_eq!(reference("9.3.2"), "9.3.2");
    }
}
