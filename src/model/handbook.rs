//! The handbook model: every document parsed once, checked, and cross-linked.
//!
//! Building one has two halves: reading the sources ([`crate::model::sources`],
//! from disk or from text) and [`Handbook::assemble`], which parses every file
//! in parallel ([`parse_file`], also used by incremental rebuilds) and works on
//! the whole set (types, standards and tags, unique IDs, navigation order,
//! links, backlinks). Assembling does no I/O (but for one `git ls-tree` when
//! two files share an ID, to tell which is new) and runs no lints (that is
//! [`crate::check`]); rendering only reads this model.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config, DocType};
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::{self, Analysis, ResolvedLink};
use crate::model::awareness::Awareness;
pub use crate::model::broken::BrokenDocument;
use crate::model::links::{self, Targets};
use crate::model::management_review::{self, ManagementReviews};
use crate::model::objectives::{self, Leadership};
use crate::model::records::{self, Record};
use crate::model::sources::{self, MemorySources, Sources};
pub use crate::model::tags::ResolvedTag;
use crate::model::tags::resolve_tag;
use crate::parse::asset::{Active, Asset, Publish};
use crate::parse::catalog::Catalogs;
use crate::parse::crosswalk::{self, Crosswalks};
use crate::parse::front_matter::{self, FrontMatter, Status};
use crate::parse::source::SourceFile;
use crate::util::phrases::Phrases;

/// Choices that come from the command line rather than `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publish drafts and documents in review (overrides `[build] drafts` when true).
    pub drafts: bool,
    /// Output folder to leave out of the content walk (it may sit inside `src`).
    pub output_dir: Option<PathBuf>,
    /// The build date (coverage and review dates are computed as of this day).
    pub today: Option<jiff::civil::Date>,
}

/// One controlled document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it came from.
    pub file: SourceFile,
    /// Its checked front matter.
    pub meta: FrontMatter,
    /// Headings and links of its body.
    pub analysis: Analysis,
    /// Its page, relative to the site root: `doc/<ID>.html`.
    pub url: String,
    /// Whether this build publishes it.
    pub published: bool,
    /// Resolved targets of `analysis.links`, in the same order.
    pub links: Vec<ResolvedLink>,
    /// Indexes of the published documents that link here, sorted by ID.
    pub backlinks: Vec<usize>,
    /// Clause tags that name a real clause of a catalog in scope.
    pub tags: Vec<ResolvedTag>,
    /// The anchors its front matter adds to its page, with their labels:
    /// one per policy commitment (`commitment-c1`) and objective
    /// (`objective-obj-2026-01`).
    pub anchors: Vec<(String, String)>,
    /// `file:line:column` of this document's first error (in its own file,
    /// or its ID used twice), when it has one: links to it that do not
    /// resolve are then a consequence of that error, not errors of their own.
    pub first_error: Option<String>,
}

impl Document {
    /// The document ID.
    pub fn id(&self) -> &str {
        &self.meta.id.value
    }
}

/// The home page text (`index.md`).
#[derive(Debug, Clone)]
pub struct HomePage {
    /// The file.
    pub file: SourceFile,
    /// Headings and links.
    pub analysis: Analysis,
    /// Resolved links.
    pub links: Vec<ResolvedLink>,
}

/// The whole handbook, ready to render.
#[derive(Debug, Clone)]
pub struct Handbook {
    /// The handbook root (where `book.toml` is).
    pub root: PathBuf,
    /// The configuration.
    pub config: Config,
    /// Document types in navigation order.
    pub types: Vec<DocType>,
    /// Every document, in navigation order (type order, weight, ID).
    pub documents: Vec<Document>,
    /// The home page text, if `index.md` exists.
    pub home: Option<HomePage>,
    /// The content files other than Markdown, sorted by path, each with how
    /// it is published.
    pub assets: Vec<Asset>,
    /// Every known clause catalog.
    pub catalogs: Catalogs,
    /// The crosswalks between the catalogs (`standards/<from>--<to>.yaml`).
    pub crosswalks: Crosswalks,
    /// Keys of the catalogs in scope, in configured order (all exist in `catalogs`).
    pub scope: Vec<String>,
    /// The build date.
    pub today: jiff::civil::Date,
    /// Documents whose front matter cannot be used, by path.
    pub broken: Vec<BrokenDocument>,
    /// The records documents declare they govern (`records:`), in document
    /// order then file order; see [`crate::model::records`].
    pub records: Vec<Record>,
    /// The policy's commitments and the quality objectives with their results.
    pub leadership: Leadership,
    /// The management review records with their actions; see
    /// [`crate::model::management_review`].
    pub management_reviews: ManagementReviews,
    /// The roster and the acknowledgement ledger; `None` without a people
    /// file (awareness is off).
    pub awareness: Option<Awareness>,
    by_id: HashMap<String, usize>,
    /// Lower-cased record ID → index into `records`.
    records_by_id: HashMap<String, usize>,
    by_path: HashMap<String, usize>,
    /// Content path → `Some(kind)` for active content held back by the
    /// publishing rule, `None` for a file links may point to.
    asset_index: HashMap<String, Option<Active>>,
}

/// How a document's links are resolved: from its file, as itself.
fn document_origin<'a>(
    d: &'a Document,
    analysis: &'a Analysis,
    file: &'a SourceFile,
) -> links::From<'a> {
    links::From {
        anchors: &d.anchors,
        file: &file.text,
        rel_path: &file.rel_path,
        analysis,
        published: d.published,
        current: d.meta.status != Status::Obsolete,
    }
}

/// The result of loading: the model (when it could be built) and every diagnostic.
pub struct Loaded {
    /// `None` when the configuration could not be read.
    pub handbook: Option<Handbook>,
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn new(handbook: Option<Handbook>, mut diagnostics: Vec<Diagnostic>) -> Loaded {
        diagnostics::sort_unique(&mut diagnostics);
        Loaded {
            handbook,
            diagnostics,
        }
    }
}

impl Handbook {
    /// Loads and parses the handbook at `root`: reads `book.toml` and the
    /// sources ([`sources::read`]), then [assembles](Self::assemble) the model.
    pub fn load(root: &Path, options: &LoadOptions) -> Loaded {
        Self::load_reusable(root, options, false).0
    }

    /// [`Self::load`], and with `keep` also what a later assembly of the
    /// same handbook can reuse (`serve`): the sources as read and every
    /// file's parse.
    pub fn load_reusable(
        root: &Path,
        options: &LoadOptions,
        keep: bool,
    ) -> (Loaded, Option<Reusable>) {
        let config = match config::load(root) {
            Ok(c) => c,
            Err(d) => return (Loaded::new(None, vec![d]), None),
        };
        let mut diagnostics = Vec::new();
        let Some(sources) = sources::read(
            root,
            config,
            options.output_dir.as_deref(),
            &mut diagnostics,
        ) else {
            return (Loaded::new(None, diagnostics), None);
        };
        if !keep {
            let handbook = Self::assemble(sources, options, &mut diagnostics);
            return (Loaded::new(Some(handbook), diagnostics), None);
        }
        let mut reusable = Reusable {
            sources: sources.clone(),
            parses: ParseCache::default(),
        };
        let handbook = Self::assemble_reusing(
            sources,
            options,
            &mut diagnostics,
            Some(&mut reusable.parses),
        );
        (Loaded::new(Some(handbook), diagnostics), Some(reusable))
    }

    /// Builds a handbook from text, without the file system: `config_text` is
    /// `book.toml`, `given` the content files (and catalogs of the handbook's
    /// own). Apart from reading, this is the code path of [`Self::load`], with
    /// the same model and diagnostics; `options.output_dir` is not used.
    pub fn from_sources(config_text: &str, given: MemorySources, options: &LoadOptions) -> Loaded {
        let config = match config::parse(config_text) {
            Ok(c) => c,
            Err(d) => return Loaded::new(None, vec![d]),
        };
        let mut diagnostics = Vec::new();
        let sources = sources::from_memory(config, given, &mut diagnostics);
        let handbook = Self::assemble(sources, options, &mut diagnostics);
        Loaded::new(Some(handbook), diagnostics)
    }

    /// Builds the model from sources in memory: parses every file, checks
    /// types, standards, tags and IDs, orders the documents, resolves links
    /// and computes backlinks. No I/O.
    pub fn assemble(
        sources: Sources,
        options: &LoadOptions,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Handbook {
        Self::assemble_reusing(sources, options, diagnostics, None)
    }

    /// [`Self::assemble`], taking the parse of every file whose text is the
    /// same as in `parses` from there instead of parsing it again, and
    /// leaving every file's parse in `parses` for the next time. The model
    /// and diagnostics are the same as [`Self::assemble`]'s.
    pub fn assemble_reusing(
        sources: Sources,
        options: &LoadOptions,
        diagnostics: &mut Vec<Diagnostic>,
        parses: Option<&mut ParseCache>,
    ) -> Handbook {
        let Sources {
            root,
            config,
            markdown,
            assets,
            catalogs,
            data,
            awareness,
        } = sources;
        let types = config.doc_types();
        let drafts = options.drafts || config.build.drafts;
        let vague_words = Phrases::new(&config.check.vague_words());
        let (home, mut documents, mut broken) = parse_all(
            markdown,
            &vague_words,
            &config.documents.extra_fields,
            drafts,
            diagnostics,
            parses,
        );
        broken.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));

        check_types(&types, &mut documents, diagnostics);
        let (crosswalk_files, catalogs) = crosswalk::split_files(catalogs);
        let mut catalogs = Catalogs::build(catalogs, diagnostics);
        crate::model::amendments::apply(&config, &mut catalogs, diagnostics);
        let crosswalks = Crosswalks::build(&catalogs.by_key, crosswalk_files, diagnostics);
        let scope = check_standards(&config, &catalogs, diagnostics);
        for d in &mut documents {
            d.tags = resolve_tags(d, &config, &catalogs, &scope, diagnostics);
        }
        check_unique_ids(
            &mut documents,
            &*committed_oracle(&root, &config.book.src),
            diagnostics,
        );
        sort_for_navigation(&types, &mut documents);
        let by_id: HashMap<String, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id().to_ascii_lowercase(), i))
            .collect();
        check_supersession_targets(&documents, &by_id, &broken, diagnostics);
        let declaring: Vec<records::Declaring<'_>> = documents
            .iter()
            .map(|d| records::Declaring {
                id: d.id(),
                id_bytes: d.meta.id.bytes.clone(),
                file: &d.file.text,
                records: &d.meta.records,
                published: d.published,
            })
            .collect();
        let records = records::collect(&declaring, &config, &catalogs, &scope, diagnostics);
        drop(declaring);
        let records_by_id: HashMap<String, usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id().to_ascii_lowercase(), i))
            .collect();
        let declaring_objectives: Vec<objectives::Declaring<'_>> = documents
            .iter()
            .map(|d| objectives::Declaring {
                file: &d.file,
                meta: &d.meta,
            })
            .collect();
        let leadership = Leadership::build(&declaring_objectives, &data, diagnostics);
        drop(declaring_objectives);
        let declaring_reviews: Vec<management_review::Declaring<'_>> = documents
            .iter()
            .map(|d| management_review::Declaring {
                file: &d.file,
                meta: &d.meta,
                published: d.published,
            })
            .collect();
        let management_reviews =
            management_review::collect(&declaring_reviews, &types, diagnostics);
        drop(declaring_reviews);
        let awareness = Awareness::build(awareness, diagnostics);
        let by_path: HashMap<String, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.file.rel_path.clone(), i))
            .collect();
        let asset_index: HashMap<String, Option<Active>> = assets
            .iter()
            .map(|a| {
                let held_back = match a.publish {
                    // An SVG that could not be made safe has its own error.
                    Publish::Withheld(Active::Svg) => None,
                    Publish::Withheld(kind) => Some(kind),
                    _ => None,
                };
                (a.rel.clone(), held_back)
            })
            .collect();

        let mut handbook = Handbook {
            root,
            config,
            types,
            documents,
            home,
            assets,
            catalogs,
            crosswalks,
            scope,
            today: options.today.unwrap_or_else(|| jiff::Zoned::now().date()),
            broken,
            records,
            leadership,
            management_reviews,
            awareness,
            by_id,
            records_by_id,
            by_path,
            asset_index,
        };
        handbook.resolve_every_link(diagnostics);
        compute_backlinks(&mut handbook.documents);
        handbook
    }

    /// Resolves the links of every document and of the home page (in
    /// parallel; the model is read-only meanwhile) and stores them.
    fn resolve_every_link(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        let resolved: Vec<(Vec<ResolvedLink>, Vec<Diagnostic>)> = {
            let targets = self.targets();
            let mut all: Vec<(Vec<ResolvedLink>, Vec<Diagnostic>)> = self
                .documents
                .par_iter()
                .map(|d| {
                    let mut diags = Vec::new();
                    let r = targets.resolve_all(
                        &document_origin(d, &d.analysis, &d.file),
                        &d.analysis.links,
                        &mut diags,
                    );
                    (r, diags)
                })
                .collect();
            if let Some(h) = &self.home {
                let mut diags = Vec::new();
                let from = links::From {
                    anchors: &[],
                    file: &h.file.text,
                    rel_path: &h.file.rel_path,
                    analysis: &h.analysis,
                    published: true,
                    current: true,
                };
                let r = targets.resolve_all(&from, &h.analysis.links, &mut diags);
                all.push((r, diags));
            }
            all
        };
        let mut resolved = resolved.into_iter();
        for d in &mut self.documents {
            if let Some((links, diags)) = resolved.next() {
                d.links = links;
                diagnostics.extend(diags);
            }
        }
        if let (Some(h), Some((links, diags))) = (self.home.as_mut(), resolved.next()) {
            h.links = links;
            diagnostics.extend(diags);
        }
    }

    /// The document with this ID (case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id
            .get(&id.to_ascii_lowercase())
            .map(|&i| &self.documents[i])
    }

    /// The declared record with this ID (case-insensitive).
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records_by_id
            .get(&id.to_ascii_lowercase())
            .map(|&i| &self.records[i])
    }

    /// Whether a document's type is a record type (`record = true`, by
    /// default the type `record`): the document is itself a record.
    pub fn is_record_document(&self, d: &Document) -> bool {
        self.doc_type(&d.meta.doc_type.value)
            .is_some_and(|t| t.record)
    }

    /// The records document `index` governs, in file order.
    pub fn records_of(&self, index: usize) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| r.doc == index)
    }

    /// What links may point to.
    pub fn targets(&self) -> Targets<'_> {
        Targets {
            by_id: &self.by_id,
            by_path: &self.by_path,
            docs: self
                .documents
                .iter()
                .map(|d| links::TargetDoc {
                    id: d.id(),
                    title: &d.meta.title,
                    url: &d.url,
                    analysis: &d.analysis,
                    anchors: &d.anchors,
                    published: d.published,
                    status: d.meta.status.as_str(),
                    first_error: d.first_error.as_deref(),
                    record: self.is_record_document(d),
                })
                .collect(),
            records_by_id: &self.records_by_id,
            records: &self.records,
            broken: &self.broken,
            home: self.home.as_ref().map(|h| &h.analysis),
            assets: &self.asset_index,
            catalogs: &self.catalogs,
            scope: &self.scope,
            default_standard: self.default_standard(),
        }
    }

    /// The default standard's key.
    pub fn default_standard(&self) -> &str {
        self.config
            .standards
            .default
            .as_deref()
            .or(self.scope.first().map(String::as_str))
            .unwrap_or(config::DEFAULT_STANDARD)
    }

    /// Resolves the links of document `index` as if its file were `file` with `analysis`.
    pub fn resolve_links(
        &self,
        index: usize,
        file: &SourceFile,
        analysis: &Analysis,
    ) -> (Vec<ResolvedLink>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let d = &self.documents[index];
        let links = self.targets().resolve_all(
            &document_origin(d, analysis, file),
            &analysis.links,
            &mut diags,
        );
        (links, diags)
    }

    /// The index of the document read from this content-relative path.
    pub fn index_of_path(&self, rel_path: &str) -> Option<usize> {
        self.by_path.get(rel_path).copied()
    }

    /// The checked clause tags of document `index`.
    pub fn resolved_tags(&self, index: usize) -> &[ResolvedTag] {
        &self.documents[index].tags
    }

    /// The content folder.
    pub fn src_dir(&self) -> PathBuf {
        self.root.join(&self.config.book.src)
    }

    /// The type with this key.
    pub fn doc_type(&self, key: &str) -> Option<&DocType> {
        self.types.iter().find(|t| t.key == key)
    }

    /// Whether `d` is a document of external origin: its type is marked
    /// `external` (the built-in `external` type is).
    pub fn is_external(&self, d: &Document) -> bool {
        self.doc_type(&d.meta.doc_type.value)
            .is_some_and(|t| t.external)
    }

    /// Whether a document whose front matter cannot be used links to
    /// document `index` (so its having no links may be a consequence).
    pub fn linked_from_broken(&self, index: usize) -> bool {
        let d = &self.documents[index];
        let id = d.id().to_ascii_lowercase();
        self.broken
            .iter()
            .any(|b| b.links_to.iter().any(|t| *t == id || *t == d.file.rel_path))
    }

    /// Published documents in navigation order that appear in navigation (not obsolete).
    pub fn navigable(&self) -> impl Iterator<Item = (usize, &Document)> {
        self.documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.published && d.meta.status != Status::Obsolete)
    }
}

/// One source file, parsed: the home page or a document.
#[derive(Clone)]
pub enum Parsed {
    /// `index.md`: the file and the analysis of its Markdown.
    Home(Box<(SourceFile, Analysis)>),
    /// A document: the file, its checked front matter, the analysis of its
    /// body and the location of its first error, if any.
    Document(Box<(SourceFile, FrontMatter, Analysis, Option<String>)>),
    /// A document whose front matter cannot be used: what could be read.
    Broken(Box<BrokenDocument>),
}

/// What `serve` keeps from one load of a handbook to assemble it again
/// after an edit without reading or parsing the files that did not change.
pub struct Reusable {
    /// The sources as read (texts are shared, not copied).
    pub sources: Sources,
    /// Every Markdown file's parse.
    pub parses: ParseCache,
}

/// Every Markdown file's parse and its diagnostics, by content-relative
/// path, with the text it was parsed from.
#[derive(Default)]
pub struct ParseCache {
    by_path: HashMap<String, (std::sync::Arc<str>, FileParse)>,
}

/// One file's parse and the diagnostics it gave.
type FileParse = (Parsed, Vec<Diagnostic>);

impl ParseCache {
    /// The kept parse of `file`, when it was parsed from the same text.
    fn get(&self, file: &SourceFile) -> Option<&FileParse> {
        self.by_path
            .get(&file.rel_path)
            .filter(|(text, _)| {
                std::sync::Arc::ptr_eq(text, &file.text.text) || **text == *file.text.text
            })
            .map(|(_, kept)| kept)
    }

    /// Keeps the parses of one assembly (each with whether it came from
    /// here): the new ones are added, those of files gone are dropped.
    fn keep(&mut self, parsed: &[(FileParse, bool)]) {
        let mut present: HashSet<&str> = HashSet::with_capacity(parsed.len());
        for (p, reused) in parsed {
            let file = match &p.0 {
                Parsed::Home(h) => &h.0,
                Parsed::Document(d) => &d.0,
                // A broken document keeps no text to compare with: parsed again next time.
                Parsed::Broken(_) => continue,
            };
            present.insert(&file.rel_path);
            if !reused {
                self.by_path
                    .insert(file.rel_path.clone(), (file.text.text.clone(), p.clone()));
            }
        }
        self.by_path
            .retain(|path, _| present.contains(path.as_str()));
    }
}

/// The one per-file parse, shared by loading and `serve`'s incremental
/// rebuilds: merge-conflict markers, front matter (not for `index.md`) and the
/// Markdown analysis. Problems go to `diagnostics`; [`Parsed::Broken`] when
/// the front matter cannot be used.
pub fn parse_file(
    file: SourceFile,
    vague_words: &Phrases,
    extra_fields: &crate::config::ExtraFields,
    budget: &crate::parse::yaml::Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Parsed {
    let before = diagnostics.len();
    let is_home = file.rel_path == "index.md";
    if !is_home && let Some(offset) = front_matter::conflict_marker(file.body()) {
        let at = file.body_start + offset;
        diagnostics.push(
            Diagnostic::error("merge-conflict", "this document contains a merge-conflict marker")
                .at_bytes(&file.text, at..at + 7)
                .help("resolve the conflict: keep one side, delete the `<<<<<<<`, `=======` and `>>>>>>>` lines"),
        );
    }
    if is_home {
        let analysis = markdown::analyse(&file.text, file.body_start, vague_words, diagnostics);
        return Parsed::Home(Box::new((file, analysis)));
    }
    match front_matter::parse_front_matter(&file, budget, extra_fields, diagnostics) {
        Ok(meta) => {
            let analysis = markdown::analyse(&file.text, file.body_start, vague_words, diagnostics);
            let first_error = first_error(&diagnostics[before..]);
            Parsed::Document(Box::new((file, meta, analysis, first_error)))
        }
        Err(partial) => {
            // The body's links are read (not checked, nothing reported) only
            // to know which documents this one links to.
            // Front matter never closed: where the body starts is unknown,
            // so the whole file is read for links.
            let from = if file.unterminated.is_some() {
                0
            } else {
                file.body_start
            };
            let analysis = markdown::analyse(&file.text, from, &Phrases::new(&[]), &mut Vec::new());
            let links_to = analysis
                .links
                .iter()
                .filter_map(|l| links::unchecked_target(&file.rel_path, l))
                .collect();
            Parsed::Broken(Box::new(BrokenDocument {
                first_error: first_error(&diagnostics[before..])
                    .unwrap_or_else(|| file.text.path.clone()),
                rel_path: file.rel_path,
                id: partial.id,
                title: partial.title,
                links_to,
            }))
        }
    }
}

/// `file:line:column` of the first error among one file's diagnostics.
fn first_error(diagnostics: &[Diagnostic]) -> Option<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .min_by_key(|d| d.span.as_ref().map(|s| s.start))
        .map(Diagnostic::location)
}

/// Parses every file in parallel (moving each in, never copying its text)
/// into the home page and the documents, in file order. `drafts`: whether
/// drafts and documents in review are published.
fn parse_all(
    files: Vec<SourceFile>,
    vague_words: &Phrases,
    extra_fields: &crate::config::ExtraFields,
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
    parses: Option<&mut ParseCache>,
) -> (Option<HomePage>, Vec<Document>, Vec<BrokenDocument>) {
    let parse_stage = crate::util::timings::stage("load: parse files");
    // One alias budget for the whole build, shared by the parallel parses.
    let budget = crate::parse::yaml::Budget::per_build();
    let parse = |file: SourceFile| {
        let mut diags = Vec::new();
        let parsed = parse_file(file, vague_words, extra_fields, &budget, &mut diags);
        (parsed, diags)
    };
    let parsed: Vec<(Parsed, Vec<Diagnostic>)> = match parses {
        None => files.into_par_iter().map(parse).collect(),
        Some(cache) => {
            let parsed: Vec<(FileParse, bool)> = files
                .into_par_iter()
                .map(|file| match cache.get(&file) {
                    Some(kept) => (kept.clone(), true),
                    None => (parse(file), false),
                })
                .collect();
            cache.keep(&parsed);
            parsed.into_iter().map(|(p, _)| p).collect()
        }
    };
    drop(parse_stage);
    let mut home = None;
    let mut broken = Vec::new();
    let mut documents = Vec::with_capacity(parsed.len());
    for (p, diags) in parsed {
        diagnostics.extend(diags);
        match p {
            Parsed::Home(parsed) => {
                let (file, analysis) = *parsed;
                home = Some(HomePage {
                    file,
                    analysis,
                    links: Vec::new(),
                })
            }
            Parsed::Document(parsed) => {
                let (file, meta, analysis, first_error) = *parsed;
                let published =
                    drafts || matches!(meta.status, Status::Approved | Status::Obsolete);
                let url = crate::model::urls::document(&meta.id.value);
                let anchors = front_matter_anchors(&meta);
                documents.push(Document {
                    anchors,
                    file,
                    meta,
                    analysis,
                    url,
                    published,
                    links: Vec::new(),
                    backlinks: Vec::new(),
                    tags: Vec::new(),
                    first_error,
                });
            }
            Parsed::Broken(b) => broken.push(*b),
        }
    }
    (home, documents, broken)
}

/// The anchors a document's front matter adds to its page.
fn front_matter_anchors(meta: &FrontMatter) -> Vec<(String, String)> {
    let commitments = meta
        .commitments
        .iter()
        .map(|c| (c.anchor(), format!("{} {}", c.id.value, c.title)));
    let objectives = meta.objectives.iter().map(|o| {
        (
            crate::parse::objectives::objective_anchor(&o.id.value),
            format!("{} {}", o.id.value, o.title),
        )
    });
    // Management review actions: `action-<id>` on the review record's page.
    let actions = meta.review.actions.iter().map(|a| {
        (
            crate::parse::management_review::action_anchor(&a.id.value),
            format!("{} {}", a.id.value, a.title),
        )
    });
    commitments.chain(objectives).chain(actions).collect()
}

/// Navigation order: type order, weight, ID (case-insensitive); unknown types last.
fn sort_for_navigation(types: &[DocType], documents: &mut [Document]) {
    let type_order: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    // The key is computed once per document, not once per comparison.
    documents.sort_by_cached_key(|d| {
        let t = type_order
            .get(d.meta.doc_type.value.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        (t, d.meta.weight, d.id().to_ascii_lowercase())
    });
}

/// Backlinks: published sources only, each source once, sorted by ID.
fn compute_backlinks(documents: &mut [Document]) {
    let ids_lower: Vec<String> = documents
        .iter()
        .map(|d| d.id().to_ascii_lowercase())
        .collect();
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); documents.len()];
    for (i, d) in documents.iter().enumerate() {
        if !d.published {
            continue;
        }
        let mut seen = HashSet::new();
        for target in d.links.iter().filter_map(|l| l.document) {
            if target != i && seen.insert(target) {
                backlinks[target].push(i);
            }
        }
    }
    for (d, mut b) in documents.iter_mut().zip(backlinks) {
        b.sort_by(|&x, &y| ids_lower[x].cmp(&ids_lower[y]));
        d.backlinks = b;
    }
}

/// Checks each document's type: a declared type, in any case (`Procedure`
/// is read as `procedure`, with a `non-canonical-case` warning, and written
/// in its declared form from then on), and the type's ID prefix.
fn check_types(types: &[DocType], documents: &mut [Document], diagnostics: &mut Vec<Diagnostic>) {
    let keys: Vec<&str> = types.iter().map(|t| t.key.as_str()).collect();
    for d in documents.iter_mut() {
        if !keys.contains(&d.meta.doc_type.value.as_str())
            && let Some(key) = keys
                .iter()
                .find(|k| k.eq_ignore_ascii_case(&d.meta.doc_type.value))
        {
            diagnostics.push(
                Diagnostic::warning(
                    "non-canonical-case",
                    format!("type `{}` is read as `{key}`", d.meta.doc_type.value),
                )
                .at_bytes(&d.file.text, d.meta.doc_type.bytes.clone())
                .help(format!("write `type: {key}` (type keys are lower case)")),
            );
            d.meta.doc_type.value = key.to_string();
        }
    }
    for d in documents.iter() {
        let t = &d.meta.doc_type;
        match types.iter().find(|x| x.key == t.value) {
            None => {
                let suggestion = crate::util::suggest::closest(&t.value, keys.iter().copied())
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::error("unknown-type", format!("unknown document type `{}`", t.value))
                        .at_bytes(&d.file.text, t.bytes.clone())
                        .help(format!(
                            "{suggestion}declared types: {}; declare more in `[documents.types]` of book.toml",
                            keys.join(", ")
                        )),
                );
            }
            Some(dt) => {
                if let Some(prefix) = &dt.prefix
                    && !d.id().starts_with(prefix.as_str())
                {
                    diagnostics.push(
                        Diagnostic::error(
                            "id-prefix",
                            format!(
                                "the ID `{}` of a {} must start with `{prefix}`",
                                d.id(),
                                dt.label.to_lowercase()
                            ),
                        )
                        .at_bytes(&d.file.text, d.meta.id.bytes.clone())
                        .help(format!(
                            "rename it, e.g. `{prefix}{}`, or change the document's type",
                            d.id().trim_start_matches(|c: char| !c.is_ascii_digit())
                        )),
                    );
                }
            }
        }
    }
}

/// Which of some content-relative paths are committed at git's `HEAD`
/// (`None` when that is not known).
type Committed<'a> = dyn Fn(&[&str]) -> Option<Vec<bool>> + 'a;

/// Asks git, for a handbook read from disk, which files are committed; a
/// handbook built in memory has no history.
fn committed_oracle(root: &Path, src: &Path) -> Box<Committed<'static>> {
    if root.as_os_str().is_empty() {
        return Box::new(|_| None);
    }
    let dir = root.join(src);
    Box::new(move |paths| crate::parse::history::committed(&dir, paths))
}

/// Reports IDs used twice (also when they differ only by case), on the file
/// that introduced the duplicate: the one not yet committed when git knows
/// (asked only when there is a duplicate), else the later one by path. The
/// other file keeps the ID, and links to it that do not resolve are treated
/// as consequences (they may have been meant for the newcomer, which is left
/// out of the site).
fn check_unique_ids(
    documents: &mut Vec<Document>,
    committed: &Committed<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    documents.sort_by(|a, b| a.file.rel_path.cmp(&b.file.rel_path));
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in documents.iter().enumerate() {
        groups
            .entry(d.id().to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    let mut duplicates = Vec::new();
    for group in groups {
        let paths: Vec<&str> = group
            .iter()
            .map(|&i| documents[i].file.rel_path.as_str())
            .collect();
        // The first committed file by path keeps the ID; without git, or
        // when all or none are committed, the first by path.
        let keeper = committed(&paths)
            .filter(|c| c.iter().any(|&x| x) && !c.iter().all(|&x| x))
            .and_then(|c| group.iter().zip(c).find(|(_, c)| *c).map(|(&i, _)| i))
            .unwrap_or(group[0]);
        let mut first_report = None;
        for &i in group.iter().filter(|&&i| i != keeper) {
            let (d, other) = (&documents[i], &documents[keeper]);
            let case = if other.id() == d.id() {
                ""
            } else {
                " (IDs are compared without regard to case)"
            };
            let other_at = other.file.text.span(other.meta.id.bytes.clone());
            let diagnostic = Diagnostic::error(
                "duplicate-id",
                format!(
                    "the ID `{}` is already used by `{}:{}:{}`{case}",
                    d.id(),
                    other.file.text.path,
                    other_at.start.line,
                    other_at.start.column
                ),
            )
            .at_bytes(&d.file.text, d.meta.id.bytes.clone())
            .secondary(&other.file.text, other_at, "the ID is first used here")
            .help("give each document its own ID; if this file replaces the other, delete the other or mark it obsolete with a new ID");
            first_report.get_or_insert_with(|| diagnostic.location());
            diagnostics.push(diagnostic);
            duplicates.push(i);
        }
        let kept = &mut documents[keeper];
        if kept.first_error.is_none() {
            kept.first_error = first_report;
        }
    }
    duplicates.sort_unstable();
    for i in duplicates.into_iter().rev() {
        documents.remove(i);
    }
}

/// Checks `[standards]`: scope, default and exclusions. Returns the keys in scope that exist.
fn check_standards(
    config: &Config,
    catalogs: &Catalogs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let known: Vec<&str> = catalogs.by_key.keys().map(String::as_str).collect();
    let unknown = |key: &str| {
        let hint = crate::util::suggest::closest(key, known.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        format!(
            "{hint}known catalogs: {}; add your own as standards/<key>.yaml",
            known.join(", ")
        )
    };
    let mut scope = Vec::new();
    for key in config.standards.scope() {
        if catalogs.get(&key).is_some() {
            if !scope.contains(&key) {
                scope.push(key);
            }
        } else {
            diagnostics.push(
                config.diagnostic_at(
                    &format!("\"{key}\""),
                    Diagnostic::error(
                        "config",
                        format!("`in-scope` names the unknown catalog `{key}`"),
                    )
                    .help(unknown(&key)),
                ),
            );
        }
    }
    let default = config.standards.default_key();
    if catalogs.get(&default).is_some() && !scope.contains(&default) {
        diagnostics.push(
            config.diagnostic_at(
                "default",
                Diagnostic::error(
                    "config",
                    format!("the default standard `{default}` is not in scope"),
                )
                .help("add it to `in-scope` in `[standards]`"),
            ),
        );
    }
    for (key, sc) in &config.standards.per_standard {
        let Some(catalog) = catalogs.get(key) else {
            diagnostics.push(
                config.diagnostic_at(
                    &format!("standards.{key}"),
                    Diagnostic::error(
                        "config",
                        format!("`[standards.{key}]` names an unknown catalog"),
                    )
                    .help(unknown(key)),
                ),
            );
            continue;
        };
        for (clause, why) in &sc.not_applicable {
            if catalog.get(clause).is_none() {
                let hint = crate::model::amendments::switched_off_hint(catalog, clause)
                    .or_else(|| {
                        crate::util::suggest::closest(
                            clause,
                            catalog.clauses.iter().map(|c| c.id.as_str()),
                        )
                        .map(|c| format!("did you mean `{c}`?"))
                    })
                    .unwrap_or_else(|| format!("see the clause list of {}", catalog.name));
                diagnostics.push(
                    config.diagnostic_at(
                        &format!("\"{clause}\""),
                        Diagnostic::error(
                            "unknown-clause",
                            format!("{} has no clause `{clause}`", catalog.name),
                        )
                        .help(hint),
                    ),
                );
            } else if why.trim().is_empty() {
                diagnostics.push(config.diagnostic_at(
                    &format!("\"{clause}\""),
                    Diagnostic::error("missing-justification", format!("the exclusion of {} {clause} has no justification", catalog.name))
                        .help("say why the requirement does not apply (ISO 9001 4.3 requires a justification)"),
                ));
            }
        }
    }
    scope
}

/// Checks a document's clause tags against the catalogs.
fn resolve_tags(
    d: &Document,
    config: &Config,
    catalogs: &Catalogs,
    scope: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ResolvedTag> {
    let mut out = Vec::new();
    let sections = d.analysis.headings.iter().flat_map(|h| {
        h.clauses
            .iter()
            .map(move |t| (t, Some((h.id.clone(), h.text.clone()))))
    });
    let tags = d.meta.clauses.iter().map(|t| (t, None)).chain(sections);
    for (tag, section) in tags {
        let Some((standard, clause)) =
            resolve_tag(&d.file.text, tag, config, catalogs, scope, diagnostics)
        else {
            continue;
        };
        let r = ResolvedTag {
            standard,
            clause,
            section,
        };
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// `supersedes` and `superseded_by` must name existing documents; naming
/// a document whose front matter cannot be used is a consequence of its error.
fn check_supersession_targets(
    documents: &[Document],
    by_id: &HashMap<String, usize>,
    broken: &[BrokenDocument],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for d in documents {
        let targets = d
            .meta
            .supersedes
            .iter()
            .map(|t| ("supersedes", t))
            .chain(d.meta.superseded_by.iter().map(|t| ("superseded_by", t)));
        for (key, target) in targets {
            if let Some(b) = broken.iter().find(|b| {
                b.id.as_deref()
                    .is_some_and(|id| id.eq_ignore_ascii_case(&target.value))
            }) {
                diagnostics.push(links::has_errors_note(
                    &target.value,
                    &b.first_error,
                    &d.file.text,
                    target.bytes.clone(),
                ));
                continue;
            }
            if !by_id.contains_key(&target.value.to_ascii_lowercase()) {
                let hint = crate::util::suggest::closest_id(
                    &target.value,
                    documents.iter().map(|x| x.id()),
                )
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::error(
                        "unknown-document",
                        format!(
                            "`{key}` names `{}`, but no document has that ID",
                            target.value
                        ),
                    )
                    .at_bytes(&d.file.text, target.bytes.clone())
                    .help(format!("{hint}use the ID of an existing document")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{CONFIG, approved, doc, load, load_with, with_code};

    fn ids(hb: &Handbook, indexes: &[usize]) -> Vec<String> {
        indexes
            .iter()
            .map(|&i| hb.documents[i].id().to_string())
            .collect()
    }

    #[test]
    fn ids_resolve_case_insensitively() {
        let (hb, d) = load(vec![approved("SOP-001", "[]", "Text.")]);
        assert!(with_code(&d, "duplicate-id").is_empty(), "{d:?}");
        assert_eq!(hb.get("sop-001").map(Document::id), Some("SOP-001"));
        assert_eq!(hb.get("SOP-001").map(Document::id), Some("SOP-001"));
        assert!(hb.get("SOP-002").is_none());
        assert_eq!(hb.index_of_path("sop-001.md"), Some(0));
    }

    #[test]
    fn duplicate_ids_differing_only_in_case_keep_the_first_file() {
        let a = doc("SOP-001", "status: approved", "A.");
        let mut b = doc("sop-001", "status: approved", "B.");
        b.0 = "z/other.md".into();
        let (hb, d) = load(vec![b, a]);
        let dup = with_code(&d, "duplicate-id");
        assert_eq!(dup.len(), 1, "{d:?}");
        assert!(
            dup[0].message.contains("without regard to case"),
            "{}",
            dup[0].message
        );
        assert_eq!(dup[0].file.as_deref(), Some("content/z/other.md"));
        assert_eq!(hb.documents.len(), 1);
        assert_eq!(hb.documents[0].file.rel_path, "sop-001.md");
    }

    #[test]
    fn links_resolve_and_backlinks_come_from_published_documents_only() {
        let (hb, d) = load(vec![
            approved("SOP-001", "[]", "See [[SOP-002]] and [[sop-002]]."),
            approved("SOP-002", "[]", "Nothing."),
            approved("POL-001", "[]", "See [[SOP-002|the procedure]]."),
            doc("WI-001", "status: draft", "See [[SOP-002]]."),
            approved("SOP-003", "[]", "See [[SOP-404]]."),
        ]);
        let target = hb.index_of_path("sop-002.md").expect("SOP-002");
        let from = &hb.documents[hb.index_of_path("sop-001.md").expect("SOP-001")];
        assert_eq!(from.links.len(), 2);
        assert!(from.links.iter().all(|l| l.document == Some(target)));
        // Each source once, sorted by ID; the unpublished draft is left out.
        assert_eq!(
            ids(&hb, &hb.documents[target].backlinks),
            ["POL-001", "SOP-001"]
        );
        let broken = with_code(&d, "broken-link");
        assert_eq!(broken.len(), 1, "{d:?}");
        assert_eq!(broken[0].file.as_deref(), Some("content/sop-003.md"));
    }

    #[test]
    fn drafts_are_published_only_when_asked() {
        let files = || {
            vec![
                approved("SOP-001", "[]", "Text."),
                doc("SOP-002", "status: draft", "Text."),
                doc("SOP-003", "status: in-review", "Text."),
                doc("SOP-004", "status: obsolete", "Text."),
            ]
        };
        let published = |drafts: bool| -> Vec<String> {
            let hb = load_with(CONFIG, files(), drafts)
                .handbook
                .expect("handbook");
            hb.documents
                .iter()
                .filter(|d| d.published)
                .map(|d| d.id().to_string())
                .collect()
        };
        assert_eq!(published(false), ["SOP-001", "SOP-004"]);
        assert_eq!(
            published(true),
            ["SOP-001", "SOP-002", "SOP-003", "SOP-004"]
        );
        let hb = load_with(
            "[book]\ntitle = \"T\"\n[build]\ndrafts = true\n",
            files(),
            false,
        )
        .handbook
        .expect("handbook");
        assert!(hb.documents.iter().all(|d| d.published));
    }

    #[test]
    fn navigation_order_is_type_weight_id_and_assets_are_listed() {
        let mut files = vec![
            doc("SOP-002", "status: approved\nweight: 1", "."),
            doc("SOP-001", "status: approved\nweight: 2", "."),
            doc("POL-001", "status: approved\ntype: policy", "."),
            ("img/logo.png".to_string(), String::new()),
            (
                "index.md".to_string(),
                "# Home\n\nSee [[SOP-001]].\n".to_string(),
            ),
        ];
        files.reverse();
        let (hb, _) = load(files);
        let order: Vec<&str> = hb.documents.iter().map(Document::id).collect();
        assert_eq!(order, ["POL-001", "SOP-002", "SOP-001"]);
        let assets: Vec<&str> = hb.assets.iter().map(|a| a.rel.as_str()).collect();
        assert_eq!(assets, ["img/logo.png"]);
        let home = hb.home.as_ref().expect("home page");
        assert_eq!(home.links[0].document, hb.index_of_path("sop-001.md"));
    }

    #[test]
    fn per_file_problems_are_reported_with_the_file() {
        let (hb, d) = load(vec![
            ("a.md".into(), "# no front matter\n".into()),
            ("b.md".into(), "---\nid: B\n".into()),
            doc("SOP-001", "", "<<<<<<< HEAD\nx\n"),
            doc("SOP-002", "type: sop", "."),
        ]);
        assert_eq!(with_code(&d, "missing-front-matter").len(), 1, "{d:?}");
        assert_eq!(with_code(&d, "unterminated-front-matter").len(), 1, "{d:?}");
        assert_eq!(with_code(&d, "merge-conflict").len(), 1, "{d:?}");
        assert_eq!(with_code(&d, "unknown-type").len(), 1, "{d:?}");
        assert!(
            d.iter()
                .all(|d| d.file.as_deref().is_some_and(|f| f.starts_with("content/")))
        );
        assert_eq!(hb.documents.len(), 2);
    }

    #[test]
    fn clause_tags_are_checked_against_the_catalog_and_scope() {
        let (hb, d) = load(vec![
            approved("SOP-001", r#"["7.5.1", "99.9"]"#, "."),
            doc("SOP-002", "clauses: { iso14001-2015: [\"4.1\"] }", "."),
        ]);
        assert_eq!(with_code(&d, "unknown-clause").len(), 1, "{d:?}");
        assert_eq!(with_code(&d, "standard-not-in-scope").len(), 1, "{d:?}");
        let tags = hb.resolved_tags(hb.index_of_path("sop-001.md").expect("doc"));
        assert_eq!(tags.len(), 1);
        let iso = hb.catalogs.get("iso9001-2015").expect("catalog");
        assert_eq!(iso.clauses[tags[0].clause].id, "7.5.1");
    }

    #[test]
    fn an_invalid_config_gives_no_handbook() {
        let loaded = load_with("[book]\ntitel = 1\n", Vec::new(), false);
        assert!(loaded.handbook.is_none());
        assert_eq!(loaded.diagnostics[0].code, "config");
    }
}
