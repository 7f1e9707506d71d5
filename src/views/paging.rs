//! How long lists are cut so that pages stay light at any size: the
//! thresholds (one place for all of them) and the split of a long list into
//! numbered pages ([`split`]) with the links between them ([`Pager`]).
//!
//! Below the thresholds nothing changes: one page, every row. The exports
//! (CSV, JSON) never use these limits; they keep every row.
//!
//! Plain data; no HTML here.

use serde::Serialize;

/// Rows on one page of the document register and of the cross-reference
/// grid; a list this long or shorter stays on one page.
pub const ROWS_PER_PAGE: usize = 1000;

/// Documents the coverage matrix lists for one clause before "and N more"
/// (linking the clause's page, which lists them all).
pub const MATRIX_DOCUMENTS: usize = 12;

/// Documents the owners page lists for one owner before "and N more"
/// (linking the owner's own page, which lists them all).
pub const OWNER_DOCUMENTS: usize = 25;

/// Reviews due that the reviews page lists for one owner, and recorded
/// reviews it lists, before "and N more" (linking a page that lists them all).
pub const REVIEW_ROWS: usize = 50;

/// Objectives the objectives list charts on one page; a longer list charts
/// the rest on numbered pages (its summary table, one row an objective,
/// stays whole on the first page).
pub const OBJECTIVE_CHARTS: usize = 50;

/// Matching rows the register's filter shows at once, when it searches the
/// register's data file (a paginated register).
pub const FILTER_SHOWN: usize = 500;

/// One numbered page of a split list.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// 1-based.
    pub number: usize,
    /// Its path, relative to the site root.
    pub url: String,
    /// 1-based position of its first row in the whole list.
    pub first: usize,
    /// 1-based position of its last row.
    pub last: usize,
}

/// Where a page sits among the pages of its list (the template's `pager`).
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This page's number, 1-based.
    pub current: usize,
    /// Rows in the whole list.
    pub total: usize,
    /// 1-based position of this page's first row in the whole list.
    pub first: usize,
    /// 1-based position of this page's last row.
    pub last: usize,
    /// Every page of the list, in order.
    pub pages: Vec<PageLink>,
}

impl Pager {
    /// The range of rows this page shows.
    pub fn range(&self) -> std::ops::Range<usize> {
        if self.total == 0 {
            0..0
        } else {
            self.first - 1..self.last
        }
    }
}

/// Splits a list of `total` rows into pages of `per_page` rows; page `n` is
/// at `url(n)` (`url(1)` is the list's usual page). One pager per page; a
/// single page (`total <= per_page`) when the list is short, and one empty
/// page for an empty list.
pub fn split(total: usize, per_page: usize, url: impl Fn(usize) -> String) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let count = total.div_ceil(per_page).max(1);
    let pages: Vec<PageLink> = (1..=count)
        .map(|n| PageLink {
            number: n,
            url: url(n),
            first: ((n - 1) * per_page + 1).min(total.max(1)),
            last: (n * per_page).min(total),
        })
        .collect();
    (1..=count)
        .map(|current| Pager {
            current,
            total,
            first: pages[current - 1].first,
            last: pages[current - 1].last,
            pages: pages.clone(),
        })
        .collect()
}

/// The path of page `n` of a list whose first page is `first` (`x.html` →
/// `x.html`, `x-2.html`, `x-3.html`, …).
pub fn numbered(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    match first.strip_suffix(".html") {
        Some(stem) => format!("{stem}-{n}.html"),
        None => format!("{first}-{n}"),
    }
}

/// The first `shown` items of a list and how many are left out.
#[derive(Debug, Clone, Serialize)]
pub struct Capped<T> {
    /// The items shown.
    pub shown: Vec<T>,
    /// How many more the full list has.
    pub more: usize,
    /// How many the full list has.
    pub total: usize,
}

/// The first `limit` of `items`, counting the rest.
pub fn cap<T>(mut items: Vec<T>, limit: usize) -> Capped<T> {
    let total = items.len();
    items.truncate(limit);
    Capped {
        more: total - items.len(),
        shown: items,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_is_one_page() {
        let p = split(3, 10, |n| numbered("register.html", n));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].range(), 0..3);
        assert_eq!(p[0].pages[0].url, "register.html");
        assert_eq!(split(0, 10, |n| n.to_string())[0].range(), 0..0);
        assert_eq!(split(10, 10, |n| n.to_string()).len(), 1);
    }

    #[test]
    fn a_long_list_is_cut_into_numbered_pages() {
        let p = split(25, 10, |n| numbered("coverage/x-grid.html", n));
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].range(), 20..25);
        let urls: Vec<&str> = p[1].pages.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "coverage/x-grid.html",
                "coverage/x-grid-2.html",
                "coverage/x-grid-3.html"
            ]
        );
        assert_eq!((p[1].pages[1].first, p[1].pages[1].last), (11, 20));
        assert_eq!(p[1].current, 2);
    }

    #[test]
    fn cap_counts_what_it_leaves_out() {
        let c = cap(vec![1, 2, 3, 4], 3);
        assert_eq!((c.shown, c.more, c.total), (vec![1, 2, 3], 1, 4));
        let c = cap(vec![1], 3);
        assert_eq!((c.shown.len(), c.more), (1, 0));
    }
}
