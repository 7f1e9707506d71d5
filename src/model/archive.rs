//! Earlier revisions of current documents, from git: which of them a build
//! publishes and where ([`listed`]), and each one read back as a document
//! whose links are resolved against today's handbook ([`read`]).
//!
//! An earlier revision is published when the document is, when `[history]
//! archive-revisions` is on, and when the last commit with that revision
//! showed it approved or obsolete (a revision that never left draft is not
//! published). Links in it that no longer lead anywhere are left unresolved
//! (pages show them as plain text), never reported: the old text is a
//! record, not something to fix.

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Analysis, ResolvedLink};
use crate::model::handbook::Handbook;
use crate::model::links::{From, Targets};
use crate::model::urls;
use crate::parse::front_matter::{self, FrontMatter};
use crate::parse::history::{DocumentHistory, Version};
use crate::parse::source::{self, SourceFile};
use crate::parse::yaml::Budget;
use crate::util::phrases::Phrases;

/// One earlier revision a document publishes.
#[derive(Debug, Clone)]
pub struct Listed<'a> {
    /// The revision and its text.
    pub version: &'a Version,
    /// Its page, relative to the site root (`doc/<ID>/rev-<REV>.html`).
    pub url: String,
}

/// The earlier revisions document `index` publishes, newest first, with
/// their page paths (see the module header for which).
pub fn listed<'a>(hb: &Handbook, index: usize, history: &'a DocumentHistory) -> Vec<Listed<'a>> {
    let Some(d) = hb.documents.get(index) else {
        return Vec::new();
    };
    if !hb.config.history.archive_revisions || !d.published {
        return Vec::new();
    }
    let current = d.meta.revision.as_deref().map(str::trim);
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for version in &history.versions {
        if Some(version.revision.trim()) == current {
            continue;
        }
        let issued = history.changes[version.change]
            .status
            .as_deref()
            .is_some_and(|s| {
                s.eq_ignore_ascii_case("approved") || s.eq_ignore_ascii_case("obsolete")
            });
        if !issued {
            continue;
        }
        let mut slug = urls::revision_slug(&version.revision);
        // Two revisions that differ only in case would share a file on a
        // case-insensitive disk.
        while taken.iter().any(|t| t.eq_ignore_ascii_case(&slug)) {
            slug.push('_');
        }
        out.push(Listed {
            version,
            url: urls::archived_revision(d.id(), &slug),
        });
        taken.push(slug);
    }
    out
}

/// An earlier revision read back as a document.
#[derive(Debug)]
pub struct Archived {
    /// The revision.
    pub revision: String,
    /// Its page, relative to the site root.
    pub url: String,
    /// Index into the document's history changes of the commit it is from.
    pub change: usize,
    /// The file as committed.
    pub file: SourceFile,
    /// Its front matter, when it still parses.
    pub meta: Option<FrontMatter>,
    /// Headings and links of its body.
    pub analysis: Analysis,
    /// Its links resolved against today's handbook (`href: None` where they
    /// no longer lead anywhere).
    pub links: Vec<ResolvedLink>,
}

/// Reads an earlier revision of document `index` (see [`listed`]), whose
/// committed text is `text`, and resolves its links against `targets`
/// (today's handbook). `None` when the text cannot be read as a document.
pub fn read(
    hb: &Handbook,
    targets: &Targets<'_>,
    index: usize,
    version: &Version,
    text: &str,
    url: String,
) -> Option<Archived> {
    let d = hb.documents.get(index)?;
    let display = format!("{}@{}", d.file.text.path, version.revision);
    let file = source::from_bytes(&display, &d.file.rel_path, text.as_bytes().to_vec()).ok()?;
    let mut ignored: Vec<Diagnostic> = Vec::new();
    let budget = Budget::per_build();
    let meta = front_matter::parse_front_matter(
        &file,
        &budget,
        &hb.config.documents.extra_fields,
        &mut ignored,
    )
    .ok();
    let analysis = markdown::analyse(
        &file.text,
        file.body_start,
        &Phrases::new(&[]),
        &mut ignored,
    );
    let from = From {
        anchors: &[],
        file: &file.text,
        rel_path: &d.file.rel_path,
        analysis: &analysis,
        published: false,
        current: false,
    };
    let links = targets.resolve_all(&from, &analysis.links, &mut ignored);
    Some(Archived {
        revision: version.revision.clone(),
        url,
        change: version.change,
        file,
        meta,
        analysis,
        links,
    })
}
