//! The transition pages (`transition/<from>--<to>.html`, with their `.csv`
//! and `.json` exports, one per crosswalk whose source standard is in scope) and the integrated management system
//! page (`coverage/integrated.html`, when two or more harmonized standards
//! are in scope), and the list of transitions (`transition/index.html`).
//! The records are [`crate::views::transition`]'s.

use rayon::prelude::*;

use crate::analysis::coverage::Coverage;
use crate::diagnostics::Diagnostic;
use crate::model::handbook::Handbook;
use crate::model::urls;
use crate::render::sink::gather;
use crate::render::writer::Pages;
use crate::views::transition::{
    TransitionHead, TransitionPage, integrated, transition_csv, transition_json, transition_records,
};

/// Writes every transition page and the integrated page; returns how many
/// files were written.
pub fn render(
    hb: &Handbook,
    coverage: &Coverage,
    pages: &Pages<'_>,
) -> Result<usize, Vec<Diagnostic>> {
    let records = transition_records(hb, coverage);
    let date = &pages.site.build().date;
    let mut results: Vec<Result<(), Diagnostic>> = records
        .par_iter()
        .flat_map_iter(|t| {
            let base = t.url.trim_end_matches(".html");
            [
                pages.page("transition.html", &t.url, "../", "transitions", |cx| {
                    cx.insert("t", &TransitionPage::of(t))
                }),
                pages.file(&format!("{base}.csv"), transition_csv(t).as_bytes()),
                pages.file(&format!("{base}.json"), transition_json(t, date).as_bytes()),
            ]
        })
        .collect();
    if !records.is_empty() {
        let heads: Vec<TransitionHead<'_>> = records.iter().map(TransitionHead::of).collect();
        results.push(pages.page(
            "transitions.html",
            urls::TRANSITIONS,
            "../",
            "transitions",
            |cx| cx.insert("transitions", &heads),
        ));
    }
    if let Some(view) = integrated(hb, coverage) {
        results.push(pages.page(
            "integrated.html",
            urls::INTEGRATED,
            "../",
            "integrated",
            |cx| {
                cx.insert("standards", &view.standards);
                cx.insert("rows", &view.rows);
            },
        ));
    }
    gather(results)
}
