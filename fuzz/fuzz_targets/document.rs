//! A whole document through parsing, link resolution, coverage, every check,
//! the terminal output and rendering: the document is one of a two-document
//! handbook built in memory (`Handbook::from_sources`, the same code path as
//! loading from disk without the I/O), so each run is cheap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmsbook::analysis::coverage::Coverage;
use qmsbook::config::RawHtml;
use qmsbook::model::handbook::{Handbook, LoadOptions};
use qmsbook::model::sources::MemorySources;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = vec![
        ("a.md".to_string(), text.to_string()),
        (
            "b.md".to_string(),
            "---\nid: B-1\ntitle: B\ntype: procedure\nstatus: approved\n---\n## Scope {#scope}\n"
                .to_string(),
        ),
    ];
    let loaded = Handbook::from_sources(
        "[book]\ntitle = \"Fuzz\"\n",
        MemorySources::new(files),
        &LoadOptions::default(),
    );
    let mut diagnostics = loaded.diagnostics;
    if let Some(hb) = loaded.handbook {
        let coverage = Coverage::compute(&hb, hb.today);
        diagnostics.extend(qmsbook::check::run(&hb, &coverage));
        for d in &hb.documents {
            for raw_html in [RawHtml::Sanitize, RawHtml::Escape] {
                let _ = qmsbook::render::body::render_body(d, "../", None, raw_html);
            }
        }
    }
    let _ = qmsbook::diagnostics::render_human(&diagnostics, false);
});
