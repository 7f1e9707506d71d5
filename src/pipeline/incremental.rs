//! Incremental rebuilds for `serve`: when only the body text of documents
//! changed (front matter, headings and link targets the same), re-render just
//! those pages into the live site; anything else needs a full build.
//!
//! Correctness first: every condition under which another page could change
//! (titles and headings shown in links, backlinks, coverage, the register,
//! navigation, diagnostics) sends the change to a full build instead.
//! A changed file is parsed by [`parse_file`], the function loading uses.

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Analysis};
use crate::model::handbook::{Parsed, parse_file};
use crate::output::manifest;
use crate::output::site_files::SiteFiles;
use crate::parse::source;
use crate::pipeline::build::Built;
use crate::render;
use crate::render::writer::Pages;

/// What an incremental update did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// These document pages were re-rendered.
    Updated(Vec<String>),
    /// The change needs a full build.
    Full,
}

/// A heading as other pages see it: level, id, text and clause tags.
type HeadingInterface<'a> = (u8, &'a str, &'a str, Vec<(Option<&'a str>, &'a str)>);

/// The parts of a body's analysis other pages depend on.
fn interface(a: &Analysis) -> Vec<HeadingInterface<'_>> {
    a.headings
        .iter()
        .map(|h| {
            let clauses = h
                .clauses
                .iter()
                .map(|c| (c.standard.as_deref(), c.clause.as_str()))
                .collect();
            (h.level, h.id.as_str(), h.text.as_str(), clauses)
        })
        .collect()
}

fn targets(links: &[markdown::ResolvedLink]) -> Vec<usize> {
    let mut t: Vec<usize> = links.iter().filter_map(|l| l.document).collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// Tries to apply changes to `changed` files (absolute paths) in place.
pub fn update(built: &mut Built, changed: &[PathBuf]) -> Outcome {
    let src = built.handbook.src_dir();
    let src = std::path::absolute(&src).unwrap_or(src);
    let vague_words =
        crate::util::phrases::Phrases::new(&built.handbook.config.check.vague_words());
    let mut pending = Vec::new();
    for path in changed {
        let Ok(rel) = path.strip_prefix(&src) else {
            return Outcome::Full;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        // A document replaced by a link (perhaps leading outside) takes a full build, and its walk.
        if !source::is_markdown(&rel) || rel == "index.md" || !path.is_file() || path.is_symlink() {
            return Outcome::Full;
        }
        let Some(index) = built.handbook.index_of_path(&rel) else {
            return Outcome::Full;
        };
        let old = &built.handbook.documents[index];
        let Ok(file) = source::read(path, &old.file.text.path, &rel) else {
            return Outcome::Full;
        };
        if file.yaml() != old.file.yaml() {
            return Outcome::Full;
        }
        // The same per-file parse as loading; any problem needs a full build.
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        let Parsed::Document(parsed) = parse_file(
            file,
            &vague_words,
            &built.handbook.config.documents.extra_fields,
            &crate::parse::yaml::Budget::per_build(),
            &mut diagnostics,
        ) else {
            return Outcome::Full;
        };
        let (file, _, analysis, _) = *parsed;
        if !diagnostics.is_empty()
            || interface(&analysis) != interface(&old.analysis)
            || analysis.is_empty != old.analysis.is_empty
            || analysis.empty_sections != old.analysis.empty_sections
            || analysis.vague.len() != old.analysis.vague.len()
        {
            return Outcome::Full;
        }
        let (links, link_diagnostics) = built.handbook.resolve_links(index, &file, &analysis);
        if !link_diagnostics.is_empty() || targets(&links) != targets(&old.links) {
            return Outcome::Full;
        }
        pending.push((index, file, analysis, links));
    }
    let mut pages = Vec::new();
    // Sibling-and-rename writes, so a reader never sees half a page.
    let live = SiteFiles::live(&built.dest);
    for (index, file, analysis, links) in pending {
        let doc = &mut built.handbook.documents[index];
        doc.file = file;
        doc.analysis = analysis;
        doc.links = links;
        if !doc.published {
            continue;
        }
        let html = match render::render_document_page(
            &built.handbook,
            &built.theme,
            &built.site,
            &built.history,
            index,
        ) {
            Ok(h) => h,
            Err(_) => return Outcome::Full,
        };
        let doc = &built.handbook.documents[index];
        if live.write(&doc.url, html.as_bytes()).is_err() {
            return Outcome::Full;
        }
        // Its changes page compares the earlier revisions with today's text.
        let writer = Pages {
            theme: &built.theme,
            site: &built.site,
            out: &live,
        };
        let targets = built.handbook.targets();
        if render::archive::single_document_archive(
            &built.handbook,
            &targets,
            &writer,
            index,
            &built.history,
        )
        .is_err()
        {
            return Outcome::Full;
        }
        pages.push(doc.id().to_string());
    }
    Outcome::Updated(pages)
}

/// After an incremental update: refreshes the pages that gather every
/// document's text (print page, feeds, search index) and the manifest.
pub fn refresh_aggregates(built: &Built) -> Result<(), Vec<Diagnostic>> {
    let hb = &built.handbook;
    let live = SiteFiles::live(&built.dest);
    let pages = Pages {
        theme: &built.theme,
        site: &built.site,
        out: &live,
    };
    render::control::render(hb, &pages, &built.history)?;
    // Section texts changed: the search index's text shards follow.
    render::search::write(hb, built.site.views(), &[], &live).map_err(|d| vec![d])?;
    let info = built.site.build();
    let files = manifest::hash_tree(&built.dest).map_err(|d| vec![d])?;
    let (json, _) = manifest::render_listed(&files, &info.date, &built.history, info.drafts)
        .map_err(|d| vec![d])?;
    live.write(manifest::MANIFEST_FILE, json.as_bytes())
        .map_err(|d| vec![d])?;
    Ok(())
}
