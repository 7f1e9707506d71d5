//! The document register and the owners page, light at any size: the
//! register (`register.html`, with its CSV of every row) is one page up to
//! [`ROWS_PER_PAGE`] rows and numbered pages beyond (`register-2.html`, …),
//! with `register-data.js` holding every row for the filter, which then
//! searches the whole register; the owners page lists the first
//! [`OWNER_DOCUMENTS`] documents of each owner and links the owner's own page
//! (`owners/<owner>.html`), which lists them all.
//!
//! The rows and groups are [`crate::views::register`]'s, the limits
//! [`crate::views::paging`]'s; this module puts them on pages.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::render::writer::Pages;
use crate::views::owners::owner_slugs;
use crate::views::paging::{FILTER_SHOWN, OWNER_DOCUMENTS, ROWS_PER_PAGE, numbered, split};
use crate::views::register::{self, RegisterRow, owner_groups, register_records, statuses};

/// One write's outcome.
type Written = Result<(), Diagnostic>;

/// An owner on the owners page: the first documents, and where all are.
#[derive(Serialize)]
struct OwnerSection<'a> {
    owner: &'a str,
    documents: &'a [&'a RegisterRow],
    total: usize,
    more: usize,
    /// The owner's own page, when the section does not list every document.
    url: Option<String>,
}

/// Writes the register (pages, CSV, data file when split), the owners page
/// and the owners' own pages.
pub fn render(hb: &Handbook, pages: &Pages<'_>) -> Vec<Written> {
    let rows = register::register(hb);
    let in_preparation = register::in_preparation(hb);
    let owners = owner_groups(&rows);
    let statuses = statuses(&rows);
    let owner_names: Vec<&str> = owners.iter().map(|o| o.owner.as_str()).collect();
    let mut out = vec![pages.file("register.csv", register::register_csv(&rows).as_bytes())];
    let pagers = split(rows.len(), ROWS_PER_PAGE, |n| {
        numbered(urls::REGISTER_PAGE, n)
    });
    if pagers.len() > 1 {
        out.push(pages.file(urls::REGISTER_DATA, &register_data(&rows)));
    }
    for pager in &pagers {
        let url = numbered(urls::REGISTER_PAGE, pager.current);
        let shown = &rows[pager.range()];
        out.push(pages.page("register.html", &url, "", "register", |cx| {
            cx.insert("rows", shown);
            cx.insert("total", &rows.len());
            cx.insert("pager", pager);
            cx.insert(
                "data_file",
                &(pagers.len() > 1).then_some(urls::REGISTER_DATA),
            );
            cx.insert("per_page", &ROWS_PER_PAGE);
            cx.insert("filter_shown", &FILTER_SHOWN);
            cx.insert("statuses", &statuses);
            cx.insert("owners", &owner_names);
            cx.insert("in_preparation", &in_preparation);
        }));
    }
    let slugs = owner_slugs(owner_names.iter().copied());
    let sections: Vec<OwnerSection<'_>> = owners
        .iter()
        .zip(&slugs)
        .map(|(o, slug)| {
            let total = o.documents.len();
            let shown = total.min(OWNER_DOCUMENTS);
            OwnerSection {
                owner: &o.owner,
                documents: &o.documents[..shown],
                total,
                more: total - shown,
                url: (total > shown).then(|| urls::owner(slug)),
            }
        })
        .collect();
    out.push(
        pages.page("owners.html", urls::OWNERS_PAGE, "", "owners", |cx| {
            cx.insert("owners", &sections);
            cx.insert("in_preparation", &in_preparation);
        }),
    );
    for (o, s) in owners.iter().zip(&sections) {
        let Some(first) = &s.url else { continue };
        for pager in split(o.documents.len(), ROWS_PER_PAGE, |n| numbered(first, n)) {
            let url = numbered(first, pager.current);
            let shown = &o.documents[pager.range()];
            out.push(pages.page("owner.html", &url, "../", "owners", |cx| {
                cx.insert("owner", &o.owner);
                cx.insert("documents", shown);
                cx.insert("total", &o.documents.len());
                cx.insert("pager", &pager);
            }));
        }
    }
    out
}

/// `register-data.js`: every row of the register for the filter, as the
/// global `QMSBOOK_REGISTER` (a script, so it loads from `file://` too).
fn register_data(rows: &[RegisterRow]) -> Vec<u8> {
    let json = serde_json::to_string(&register_records(rows)).unwrap_or_default();
    format!("window.QMSBOOK_REGISTER = {json};\n").into_bytes()
}
