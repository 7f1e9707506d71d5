//! The awareness pages: `awareness.html` (outstanding acknowledgements by
//! person and by role, overdue first, and every document with an audience),
//! `awareness/roles/<role>.html` (a role's reading list) and the export
//! `acknowledgements.csv`. Written only when awareness is on (a people file
//! exists). The data comes from [`crate::views::awareness`].

use rayon::prelude::*;

use crate::analysis::awareness::AwarenessStatus;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::views::awareness;

/// Writes the awareness pages and export; returns how many files.
pub fn render(
    hb: &Handbook,
    pages: &Pages<'_>,
    status: Option<&AwarenessStatus>,
) -> Result<usize, Vec<Diagnostic>> {
    let (Some(status), Some(aw)) = (status, hb.awareness.as_ref()) else {
        return Ok(0);
    };
    let Some(overview) = awareness::overview(hb, status) else {
        return Ok(0);
    };
    let mut results = vec![
        pages.page("awareness.html", urls::AWARENESS, "", "awareness", |cx| {
            cx.insert("awareness", &overview);
        }),
        pages.file(
            urls::ACKNOWLEDGEMENTS_CSV,
            awareness::csv(hb, status).as_bytes(),
        ),
    ];
    let roles = awareness::roles(hb, aw, status);
    results.par_extend(roles.par_iter().map(|role| {
        pages.page(
            "awareness-role.html",
            &role.url,
            "../../",
            "awareness",
            |cx| {
                cx.insert("role", role);
                cx.insert("show_names", &overview.show_names);
            },
        )
    }));
    gather(results)
}
