//! Incremental rebuilds for `serve`: after an edit of Markdown files, the
//! handbook is assembled again from the sources kept in memory (only the
//! changed files are read and parsed), checked like any build, and only the
//! document pages whose inputs changed are rendered again, with the home
//! page, the type pages and the sidebar's script. The other whole-site pages
//! (coverage, register, print page, objectives, ...), the search index and
//! the manifest catch up in one pass once edits pause ([`refresh_aggregates`]),
//! after which the site is byte for byte what a full build writes.
//!
//! Correctness first: the pages to render again are found by comparing a
//! digest of every page's inputs with the last build's (see
//! [`crate::render::memo`]), never by guessing what an edit can affect.
//! Anything else (a new, deleted or renamed file, a file that is not
//! Markdown, configuration, theme, catalogs, results data, a document whose
//! address changed, any error) goes to a full build, which reports it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::coverage::Coverage;
use crate::diagnostics::{Diagnostic, Tally};
use crate::markdown::{self, Analysis};
use crate::model::handbook::{Handbook, Parsed, parse_file};
use crate::output::held::HeldFiles;
use crate::output::site_files::SiteFiles;
use crate::parse::history::{DocumentHistory, History};
use crate::parse::source;
use crate::pipeline::build::Built;
use crate::pipeline::load;
use crate::render::writer::Pages;
use crate::render::{self, SiteContext};

/// What an incremental update did.
#[derive(Debug)]
pub enum Outcome {
    /// These documents' pages (IDs) were rendered again; the warnings of
    /// the handbook as it is now.
    Updated(Vec<String>, Vec<Diagnostic>),
    /// The change needs a full build.
    Full,
}

/// What catching up after incremental updates found.
#[derive(Debug, PartialEq, Eq)]
pub enum Refreshed {
    /// The site is what a full build writes.
    Done,
    /// Files of the last build are no longer part of the site (an objective
    /// or a page of a list went away): a full build removes them.
    Full,
}

/// Tries to apply changes to `changed` files (absolute paths) in place:
/// edits of bodies alone by re-rendering just those pages ([`body_only`]),
/// any other edit of Markdown files by assembling the handbook again.
pub fn update(built: &mut Built, changed: &[PathBuf]) -> Outcome {
    if let Some(outcome) = body_only(built, changed) {
        return outcome;
    }
    let src = built.handbook.src_dir();
    let src = std::path::absolute(&src).unwrap_or(src);
    let mut sources = built.reusable.sources.clone();
    let mut texts_changed: HashMap<String, Arc<str>> = HashMap::new();
    for path in changed {
        let Ok(rel) = path.strip_prefix(&src) else {
            return Outcome::Full;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        // A document replaced by a link (perhaps leading outside) takes a full build, and its walk.
        if !source::is_markdown(&rel) || !path.is_file() || path.is_symlink() {
            return Outcome::Full;
        }
        let Some(slot) = sources.markdown.iter_mut().find(|f| f.rel_path == rel) else {
            return Outcome::Full;
        };
        let Ok(file) = source::read(path, &slot.text.path, &rel) else {
            return Outcome::Full;
        };
        texts_changed.insert(rel, slot.text.text.clone());
        *slot = file;
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let handbook = Handbook::assemble_reusing(
        sources.clone(),
        &built.load_options,
        &mut diagnostics,
        Some(&mut built.reusable.parses),
    );
    if !same_pages(&built.handbook, &handbook) {
        return Outcome::Full;
    }
    let history = carry_history(&built.handbook, &built.history, &handbook, &texts_changed);
    let coverage = Coverage::compute(&handbook, handbook.today);
    let site = SiteContext::new(&handbook, &coverage, built.site.build().clone());
    // The pages are rendered while the checks run, and held in memory: they
    // reach the live site only when the checks found no error.
    // The memo changes only with the site: a failed update leaves both as they were.
    let held = HeldFiles::default();
    let mut memo = built.memo.clone();
    let theme = &built.theme;
    let (checks, rendered) = rayon::join(
        || load::run_checks(&handbook, &coverage, &history),
        || {
            render::render_changed_pages(
                &handbook, &coverage, theme, &history, &held, &site, &mut memo,
            )
        },
    );
    diagnostics.extend(checks);
    crate::check::apply_levels(&handbook.config.check.levels, &mut diagnostics);
    crate::diagnostics::sort_unique(&mut diagnostics);
    if Tally::of(&diagnostics).errors > 0 {
        return Outcome::Full;
    }
    let Ok(rendered) = rendered else {
        return Outcome::Full;
    };
    // Sibling-and-rename writes, so a reader never sees half a page.
    let live = SiteFiles::live_over(&built.dest, built.on_disk.clone());
    if held.write_into(&live).is_err() {
        return Outcome::Full;
    }
    built.on_disk.extend(live.listed());
    built.memo = memo;
    let ids = rendered
        .iter()
        .map(|&i| handbook.documents[i].id().to_string())
        .collect();
    let old = (
        std::mem::replace(&mut built.handbook, handbook),
        std::mem::replace(&mut built.coverage, coverage),
        std::mem::replace(&mut built.history, history),
        std::mem::replace(&mut built.reusable.sources, sources),
    );
    built.site = site;
    // Freeing the old model (thousands of allocations) need not delay the reload.
    // (Without a thread, it is freed here when spawning fails.)
    let _ = std::thread::Builder::new()
        .name("qmsbook-free".into())
        .spawn(move || drop(old));
    Outcome::Updated(ids, diagnostics)
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

/// The quickest case, the most common one while writing: only the bodies
/// of documents changed, with the same front matter, headings and link
/// targets and no new problem, so no other page changes. Those pages are
/// rendered again in place. `None` when the edit is not of that kind.
fn body_only(built: &mut Built, changed: &[PathBuf]) -> Option<Outcome> {
    let src = built.handbook.src_dir();
    let src = std::path::absolute(&src).unwrap_or(src);
    let vague_words =
        crate::util::phrases::Phrases::new(&built.handbook.config.check.vague_words());
    let mut pending = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(&src).ok()?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !source::is_markdown(&rel) || rel == "index.md" || !path.is_file() || path.is_symlink() {
            return None;
        }
        let index = built.handbook.index_of_path(&rel)?;
        let old = &built.handbook.documents[index];
        let file = source::read(path, &old.file.text.path, &rel).ok()?;
        if file.yaml() != old.file.yaml() {
            return None;
        }
        // The same per-file parse as loading; any problem needs the full path.
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        let Parsed::Document(parsed) = parse_file(
            file.clone(),
            &vague_words,
            &built.handbook.config.documents.extra_fields,
            &crate::parse::yaml::Budget::per_build(),
            &mut diagnostics,
        ) else {
            return None;
        };
        let (_, _, analysis, _) = *parsed;
        if !diagnostics.is_empty()
            || interface(&analysis) != interface(&old.analysis)
            || analysis.is_empty != old.analysis.is_empty
            || analysis.empty_sections != old.analysis.empty_sections
            || analysis.vague.len() != old.analysis.vague.len()
        {
            return None;
        }
        let (links, link_diagnostics) = built.handbook.resolve_links(index, &file, &analysis);
        if !link_diagnostics.is_empty() || targets(&links) != targets(&old.links) {
            return None;
        }
        pending.push((index, file, analysis, links));
    }
    let mut pages = Vec::new();
    // Sibling-and-rename writes, so a reader never sees half a page.
    let live = SiteFiles::live(&built.dest);
    for (index, file, analysis, links) in pending {
        // The kept sources follow, so the next assembly reads this text.
        if let Some(slot) = built
            .reusable
            .sources
            .markdown
            .iter_mut()
            .find(|f| f.rel_path == file.rel_path)
        {
            *slot = file.clone();
        }
        let doc = &mut built.handbook.documents[index];
        if let Some(h) = built.history.per_document.get_mut(index) {
            approved_against(h, &doc.file.text.text, &file.text.text);
        }
        doc.file = file;
        doc.analysis = analysis;
        doc.links = links;
        if !doc.published {
            continue;
        }
        let Ok(html) = render::render_document_page(
            &built.handbook,
            &built.theme,
            &built.site,
            &built.history,
            index,
        ) else {
            return Some(Outcome::Full);
        };
        let doc = &built.handbook.documents[index];
        if live.write(&doc.url, html.as_bytes()).is_err() {
            return Some(Outcome::Full);
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
            return Some(Outcome::Full);
        }
        pages.push(doc.id().to_string());
    }
    built.on_disk.extend(live.listed());
    Some(Outcome::Updated(pages, Vec::new()))
}

/// Whether the two models publish the same document pages and nothing
/// failed to parse: otherwise the site's files change, which a full build does.
fn same_pages(old: &Handbook, new: &Handbook) -> bool {
    let pages = |hb: &Handbook| -> Vec<(String, bool, String)> {
        let mut p: Vec<_> = hb
            .documents
            .iter()
            .map(|d| (d.file.rel_path.clone(), d.published, d.url.clone()))
            .collect();
        p.sort();
        p
    };
    new.broken.is_empty() && old.broken.is_empty() && pages(old) == pages(new)
}

/// The git history of the documents of `new`, taken from `history` (of the
/// documents of `old`) by file, as reading it again would give it: only
/// what depends on the text today changes (whether the approved revision
/// differs from it).
fn carry_history(
    old: &Handbook,
    history: &History,
    new: &Handbook,
    texts_before: &HashMap<String, Arc<str>>,
) -> History {
    let by_path: HashMap<&str, &DocumentHistory> = old
        .documents
        .iter()
        .zip(&history.per_document)
        .map(|(d, h)| (d.file.rel_path.as_str(), h))
        .collect();
    let per_document = new
        .documents
        .iter()
        .map(|d| {
            let mut h = by_path
                .get(d.file.rel_path.as_str())
                .map(|h| (*h).clone())
                .unwrap_or_default();
            if let Some(before) = texts_before.get(&d.file.rel_path) {
                approved_against(&mut h, before, &d.file.text.text);
            }
            h
        })
        .collect();
    History {
        per_document,
        ..history.clone_without_documents()
    }
}

/// Updates what `history` keeps of a document's approved revision after
/// its text went from `before` to `now`: the text as approved is kept only
/// when it differs from the text today (as reading the history would).
fn approved_against(history: &mut DocumentHistory, before: &Arc<str>, now: &Arc<str>) {
    if let Some(approval) = history.approved.as_mut() {
        let approved = approval.text.clone().unwrap_or_else(|| before.clone());
        approval.text = (*approved != **now).then_some(approved);
    }
}

/// After incremental updates: renders the whole site again into the live
/// folder, leaving every document page whose inputs did not change, and
/// writes the manifest. Afterwards the site is what a full build writes.
pub fn refresh_aggregates(built: &mut Built) -> Result<Refreshed, Vec<Diagnostic>> {
    if built.history.top.is_some() {
        // An edit may have made the work tree dirty (or clean again).
        built.history.dirty =
            crate::parse::history::work_tree_dirty(&built.handbook.root, Some(&built.dest));
    }
    let live = SiteFiles::live_over(&built.dest, built.on_disk.clone());
    let rendered = render::render_site_remembering(
        &built.handbook,
        &built.coverage,
        &built.theme,
        &built.history,
        &live,
        &built.site,
        Some(&mut built.memo),
    )
    .and_then(|_| {
        let info = built.site.build();
        live.write_manifest(&info.date, &built.history, info.drafts)
            .map_err(|d| vec![d])
    });
    let now = live.listed();
    if let Err(ds) = rendered {
        // What was written is what is on disk now, even when a write failed.
        built.on_disk.extend(now);
        return Err(ds);
    }
    let gone = built.on_disk.keys().any(|path| !now.contains_key(path));
    built.on_disk = now;
    Ok(if gone {
        Refreshed::Full
    } else {
        Refreshed::Done
    })
}
