//! Hostile documents must load, check and report in time linear in their
//! size. Each case is one document built in memory (`Handbook::from_sources`),
//! its coverage computed, every check run, and every diagnostic formatted for
//! the terminal, as `qmsbook check` does.
//!
//! ```sh
//! cargo bench --bench hostile
//! ```
//!
//! Budgets (2-core machine; BENCHMARKS.md has the figures): each case well
//! under a second. Before the fixes of this round, the first two did not
//! finish the human output in 300 s and the third took 21 s to sanitize.

use criterion::{Criterion, criterion_group, criterion_main};
use qmsbook::analysis::coverage::Coverage;
use qmsbook::diagnostics::render_human;
use qmsbook::model::handbook::{Handbook, LoadOptions};
use qmsbook::model::sources::MemorySources;

const FRONT: &str = "---\nid: SOP-001\ntitle: T\ntype: procedure\nstatus: approved\nowner: Q\napproved_by: M\neffective: 2026-01-01\n---\n";

/// Loads one document, runs every check, formats every diagnostic; returns
/// how many diagnostics there were.
fn check_one(body: &str) -> usize {
    let options = LoadOptions {
        today: Some(jiff::civil::date(2026, 6, 1)),
        ..LoadOptions::default()
    };
    let loaded = Handbook::from_sources(
        "[book]\ntitle = \"H\"\n",
        MemorySources::new(vec![("a.md".to_string(), format!("{FRONT}{body}"))]),
        &options,
    );
    let mut diagnostics = loaded.diagnostics;
    if let Some(hb) = loaded.handbook {
        let coverage = Coverage::compute(&hb, hb.today);
        diagnostics.extend(qmsbook::check::run(&hb, &coverage));
    }
    let text = render_human(&diagnostics, false);
    assert!(!text.is_empty());
    diagnostics.len()
}

fn hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile documents");
    g.sample_size(10);
    let vague = format!("{}\n", "as appropriate etc. ".repeat(7_500));
    g.bench_function("15,000 vague phrases on one line (150 KB)", |b| {
        b.iter(|| check_one(&vague))
    });
    let links = format!("{}\n", "[[NOPE-1]] ".repeat(100_000));
    g.bench_function("100,000 broken links on one line (1.1 MB)", |b| {
        b.iter(|| check_one(&links))
    });
    let divs = format!(
        "<div>\n{}x{}\n</div>\n",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    g.bench_function("50,000 nested divs (550 KB)", |b| {
        b.iter(|| check_one(&divs))
    });
    g.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
