//! Micro-benchmarks of the build stages through the library API, on a
//! generated handbook of 500 documents (`examples/gen-corpus.rs`).
//!
//! ```sh
//! cargo bench --bench pipeline
//! ```
//!
//! Stages: load, parse and check (`pipeline::load::load`: link resolution,
//! coverage once, the lints), link resolution alone (`links::Targets::resolve_all`),
//! coverage (`Coverage::compute`), document bodies to HTML, search entries
//! (`search::DocIndex::new`), rendering the whole site (`render::render_site` into an empty folder),
//! writing the site's files alone, and the whole `build::run`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use qmsbook::analysis::coverage::Coverage;
use qmsbook::model::handbook::{Handbook, LoadOptions};
use qmsbook::output::site_files::SiteFiles;
use qmsbook::parse::history::History;
use qmsbook::render::theme::Theme;
use qmsbook::render::{self, BuildInfo, SiteContext};

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

const DOCUMENTS: usize = 500;

fn today() -> jiff::civil::Date {
    gen_corpus::TODAY.parse().expect("valid date")
}

/// Loads, parses and checks, computing coverage once, as every command does.
fn load(root: &Path) -> (Handbook, Coverage) {
    let loaded = qmsbook::pipeline::load::load(
        root,
        &LoadOptions {
            drafts: false,
            output_dir: None,
            today: Some(today()),
        },
        qmsbook::pipeline::load::WithHistory::No,
    );
    let checked = loaded.checked.expect("the generated handbook loads");
    (checked.handbook, checked.coverage)
}

/// Resolves every document's links, as `Handbook::load` does.
fn resolve_links(hb: &Handbook) -> usize {
    let mut resolved = 0;
    for (i, d) in hb.documents.iter().enumerate() {
        let (links, diagnostics) = hb.resolve_links(i, &d.file, &d.analysis);
        assert!(
            diagnostics.is_empty(),
            "the generated handbook has no broken links"
        );
        resolved += links.len();
    }
    resolved
}

fn info() -> BuildInfo {
    BuildInfo {
        date: gen_corpus::TODAY.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        drafts: false,
    }
}

/// Every file under `dir`, relative, with its bytes.
fn read_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable");
                out.push((path.strip_prefix(dir).expect("inside").to_path_buf(), bytes));
            }
        }
    }
    out
}

fn stages(c: &mut Criterion) {
    let corpus = tempfile::tempdir().expect("temp dir");
    let root = corpus.path();
    gen_corpus::generate(root, DOCUMENTS, 42).expect("corpus written");
    let (hb, coverage) = load(root);
    let history = History::unavailable(hb.documents.len(), "benchmark".to_string());
    let theme = Theme::load(root, None).expect("built-in theme");
    let scratch = tempfile::tempdir().expect("temp dir");

    let mut g = c.benchmark_group(format!("{DOCUMENTS} documents"));
    g.sample_size(10);

    g.bench_function("load, parse and check (pipeline::load)", |b| {
        b.iter(|| load(root))
    });
    g.bench_function("link resolution (Targets::resolve_all)", |b| {
        b.iter(|| resolve_links(&hb))
    });
    g.bench_function("coverage (Coverage::compute)", |b| {
        b.iter(|| Coverage::compute(&hb, hb.today))
    });
    // Two parts of every document page: its body in HTML, and its search
    // entry from the body's section texts.
    g.bench_function("document bodies to HTML (markdown::render)", |b| {
        b.iter(|| {
            hb.documents
                .iter()
                .map(|d| render::body::render_body(d, "../", None, Default::default()).len())
                .sum::<usize>()
        })
    });
    let texts: Vec<Vec<String>> = hb
        .documents
        .iter()
        .map(|d| qmsbook::markdown::SectionTexts::of(d.file.body()))
        .collect();
    g.bench_function("search entries (search::DocIndex::new)", |b| {
        b.iter_batched(
            || texts.clone(),
            |texts| {
                hb.documents
                    .iter()
                    .zip(texts)
                    .map(|(d, t)| render::search::DocIndex::new(d, t))
                    .collect::<Vec<_>>()
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("render site (render::render_site)", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(scratch.path()).expect("temp dir"),
            |out| {
                let files = SiteFiles::staging(out.path(), None);
                // The site context is part of the work: it is built once per build.
                let site = SiteContext::new(&hb, &coverage, info());
                render::render_site(&hb, &coverage, &theme, &history, &files, &site)
                    .expect("renders");
                out
            },
            BatchSize::PerIteration,
        )
    });

    // Writing alone: the files of one rendered site, written again.
    let site = tempfile::tempdir_in(scratch.path()).expect("temp dir");
    render::render_site(
        &hb,
        &coverage,
        &theme,
        &history,
        &SiteFiles::staging(site.path(), None),
        &SiteContext::new(&hb, &coverage, info()),
    )
    .expect("renders");
    let files = read_tree(site.path());
    g.bench_function("write site files (std::fs::write)", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(scratch.path()).expect("temp dir"),
            |out| {
                let mut dirs = HashSet::new();
                for (rel, bytes) in &files {
                    let path = out.path().join(rel);
                    if let Some(parent) = path.parent()
                        && dirs.insert(parent.to_path_buf())
                    {
                        std::fs::create_dir_all(parent).expect("mkdir");
                    }
                    std::fs::write(&path, bytes).expect("write");
                }
                out
            },
            BatchSize::PerIteration,
        )
    });

    g.bench_function("whole build (build::run)", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(scratch.path()).expect("temp dir"),
            |out| {
                let report =
                    qmsbook::pipeline::build::run(&qmsbook::pipeline::build::BuildOptions {
                        root: root.to_path_buf(),
                        dest: Some(out.path().join("book")),
                        drafts: false,
                        today: Some(today()),
                        force: false,
                    });
                assert!(report.succeeded());
                out
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
