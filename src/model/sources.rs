//! A handbook's inputs, read into memory: the I/O half of loading.
//!
//! [`read`] walks the content folder and reads every file (in parallel) and
//! the handbook's own catalogs; [`from_memory`] takes the same inputs as text.
//! Both hand [`Sources`] to [`Handbook::assemble`](crate::model::handbook::Handbook::assemble),
//! so a handbook built in memory goes through exactly the code a build from
//! disk does. This module reads and decodes; it parses no front matter or
//! Markdown and checks nothing across files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::asset::{Active, Asset, Publish};
use crate::parse::catalog::{CatalogFile, Catalogs};
use crate::parse::source::{self, SourceFile};
use crate::parse::svg;

/// Everything a handbook is built from, read and decoded.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The handbook root (where `book.toml` is); empty for a handbook built in memory.
    pub root: PathBuf,
    /// The configuration.
    pub config: Config,
    /// The Markdown files, read and split, in content-walk order.
    pub markdown: Vec<SourceFile>,
    /// The other files, in content-walk order, each with how it is published.
    pub assets: Vec<Asset>,
    /// The handbook's own catalog files, in path order.
    pub catalogs: Vec<CatalogFile>,
    /// The text of every CSV content file (objectives' results), by path
    /// relative to the content folder; files that are not UTF-8 are
    /// reported when an objective uses them.
    pub data: DataFiles,
    /// The people file and the acknowledgement ledger (outside the content folder).
    pub awareness: AwarenessFiles,
}

/// The awareness files, read from the handbook root (never from the
/// content folder: they hold personal names and are not published).
#[derive(Debug, Clone, Default)]
pub struct AwarenessFiles {
    /// The people file; `None` when it does not exist (awareness is off).
    pub people: Option<SourceText>,
    /// The ledger's `*.csv` files, in path order.
    pub ledger: Vec<SourceText>,
}

/// CSV content files by content-relative path: the text, or why it could not be read.
pub type DataFiles = BTreeMap<String, Result<SourceText, String>>;

/// Whether a content file is a data file read into [`Sources::data`].
pub fn is_data_file(rel: &str) -> bool {
    rel.rsplit('.')
        .next()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        && rel.contains('.')
}

/// A data file's bytes as text.
fn data_text(shown: String, bytes: std::io::Result<Vec<u8>>) -> Result<SourceText, String> {
    let bytes = bytes.map_err(|e| format!("it could not be read ({e})"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(SourceText::new(shown, text))
}

/// A handbook given as text, for building one without the file system (unit
/// tests, tools).
#[derive(Debug, Clone, Default)]
pub struct MemorySources {
    /// `(path relative to the content folder, contents)`. Files ending in `.md`
    /// are documents (`index.md` is the home page); the others are assets,
    /// whose contents are not used.
    pub files: Vec<(String, String)>,
    /// `(file name in standards/, text)` of the handbook's own catalogs.
    pub catalogs: Vec<(String, String)>,
    /// `(path relative to the handbook root, text)` of the people file and
    /// the ledger files (see `[awareness]`).
    pub awareness: Vec<(String, String)>,
}

impl MemorySources {
    /// Content files only, no catalogs of the handbook's own.
    pub fn new(files: Vec<(String, String)>) -> Self {
        MemorySources {
            files,
            catalogs: Vec::new(),
            awareness: Vec::new(),
        }
    }
}

/// Path of a file relative to the handbook root, `/`-separated, for messages.
fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads the handbook at `root`: walks the content folder (leaving out
/// `output_dir`, which may sit inside it), reads and splits every Markdown file in parallel,
/// lists the assets and reads `standards/`. Problems go to `diagnostics`;
/// `None` when the content folder does not exist.
pub fn read(
    root: &Path,
    config: Config,
    output_dir: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Sources> {
    let src = root.join(&config.book.src);
    if !src.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "config",
                format!(
                    "the content folder `{}` does not exist",
                    config.book.src.display()
                ),
            )
            .in_file(crate::config::CONFIG_FILE)
            .help("create it, or set `src` in the `[book]` table of book.toml"),
        );
        return None;
    }
    // `src` is relative and has no `..` (config checks that); a symbolic link
    // may still take it elsewhere.
    let inside = match (root.canonicalize(), src.canonicalize()) {
        (Ok(r), Ok(s)) => s.starts_with(r),
        _ => false,
    };
    if !inside {
        diagnostics.push(
            Diagnostic::error(
                "config",
                format!(
                    "the content folder `{}` resolves outside the handbook folder (a symbolic link?)",
                    config.book.src.display()
                ),
            )
            .in_file(crate::config::CONFIG_FILE)
            .help("keep the content folder inside the handbook folder, next to book.toml"),
        );
        return None;
    }
    let skip: Vec<PathBuf> = output_dir.iter().map(|p| p.to_path_buf()).collect();
    let tree = source::walk(root, &src, &skip, diagnostics);

    let read_stage = crate::util::timings::stage("load: read files");
    let read: Vec<Result<SourceFile, Diagnostic>> = tree
        .markdown
        .par_iter()
        .map(|rel| {
            let rel_str = rel.to_string_lossy().replace('\\', "/");
            let shown = display(root, &src.join(rel));
            source::read(&src.join(rel), &shown, &rel_str)
        })
        .collect();
    drop(read_stage);
    let mut markdown = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(file) => markdown.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    let publish_active = config.output.html.publish_active_files;
    let classified: Vec<(Asset, Option<Diagnostic>)> = tree
        .assets
        .par_iter()
        .map(|p| {
            let rel = p.to_string_lossy().replace('\\', "/");
            classify(rel, publish_active, |rel| {
                let path = src.join(rel);
                let shown = display(root, &path);
                (shown, std::fs::read(&path))
            })
        })
        .collect();
    let mut assets = Vec::with_capacity(classified.len());
    for (asset, problem) in classified {
        assets.push(asset);
        diagnostics.extend(problem);
    }
    let data: DataFiles = tree
        .assets
        .par_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|rel| is_data_file(rel))
        .map(|rel| {
            let path = src.join(&rel);
            let text = data_text(display(root, &path), std::fs::read(&path));
            (rel, text)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    // A data file is published from the bytes just read.
    for asset in &mut assets {
        if asset.publish == Publish::Copy
            && let Some(Ok(text)) = data.get(&asset.rel)
        {
            asset.publish = Publish::Read(Arc::<[u8]>::from(Arc::clone(&text.text)));
        }
    }
    let catalogs = Catalogs::read_files(root, diagnostics);
    let awareness = read_awareness(root, &config, diagnostics);
    Some(Sources {
        root: root.to_path_buf(),
        config,
        markdown,
        assets,
        catalogs,
        data,
        awareness,
    })
}

/// Reads the people file and the ledger's `*.csv` files (not its
/// sub-folders). A people file set in `[awareness]` that does not exist, a
/// file that cannot be read, and a path that resolves outside the handbook
/// folder (a symbolic link) are errors.
fn read_awareness(
    root: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> AwarenessFiles {
    let aware = &config.awareness;
    let root_canon = root.canonicalize().ok();
    let read = |rel: &Path, diagnostics: &mut Vec<Diagnostic>| -> Option<SourceText> {
        let path = root.join(rel);
        let shown = display(root, &path);
        let inside = match (&root_canon, path.canonicalize()) {
            (Some(r), Ok(p)) => p.starts_with(r),
            _ => false,
        };
        if !inside {
            diagnostics.push(
                Diagnostic::error(
                    "config",
                    format!("`{shown}` resolves outside the handbook folder (a symbolic link?)"),
                )
                .in_file(crate::config::CONFIG_FILE)
                .help("keep the people file and the acknowledgement folder inside the handbook folder"),
            );
            return None;
        }
        match data_text(shown.clone(), std::fs::read(&path)) {
            Ok(text) => Some(text),
            Err(why) => {
                diagnostics.push(
                    Diagnostic::error("config", format!("`{shown}` cannot be used: {why}"))
                        .in_file(shown)
                        .help("save it as UTF-8 text (CSV)"),
                );
                None
            }
        }
    };
    let people_rel = aware.people_path();
    let people = if root.join(&people_rel).is_file() {
        read(&people_rel, diagnostics)
    } else {
        if aware.people.is_some() {
            diagnostics.push(config.diagnostic_at(
                "people",
                Diagnostic::error(
                    "config",
                    format!("the people file `{}` does not exist", people_rel.display()),
                )
                .help("create it with the header `person,roles,start,end`, or remove `people` from `[awareness]`"),
            ));
        }
        None
    };
    let ledger_rel = aware.ledger_path();
    let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(&ledger_rel))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_data_file(&p.to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let ledger = names
        .iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            read(rel, diagnostics)
        })
        .collect();
    AwarenessFiles { people, ledger }
}

/// How the content file `rel` is published: copied, or (active content)
/// withheld unless `publish_active`, SVG images rewritten to a safe subset.
/// `read` gives the file's shown path and contents, and is called only for
/// SVG images. An SVG that cannot be read or made safe is withheld and
/// reported at the file; links to it are left alone (the file's own error
/// is the cause).
fn classify(
    rel: String,
    publish_active: bool,
    read: impl FnOnce(&str) -> (String, std::io::Result<Vec<u8>>),
) -> (Asset, Option<Diagnostic>) {
    let (publish, problem) = match Active::of(&rel) {
        None => (Publish::Copy, None),
        Some(_) if publish_active => (Publish::Copy, None),
        Some(Active::Svg) => {
            let (shown, bytes) = read(&rel);
            match sanitized(&shown, bytes) {
                Ok(clean) => (Publish::Rewritten(clean.into()), None),
                Err(d) => (Publish::Withheld(Active::Svg), Some(*d)),
            }
        }
        Some(kind) => (Publish::Withheld(kind), None),
    };
    (Asset { rel, publish }, problem)
}

/// An SVG file's contents rewritten to the safe subset, or why that failed.
fn sanitized(shown: &str, bytes: std::io::Result<Vec<u8>>) -> Result<Vec<u8>, Box<Diagnostic>> {
    const HELP: &str = "open the image in an SVG editor and save it as plain SVG (UTF-8), or remove it; \
         `publish-active-files = true` under `[output.html]` publishes SVG files unchanged";
    let unreadable = |why: String| {
        Box::new(
            Diagnostic::error(
                "unsafe-svg",
                format!("`{shown}` cannot be published: {why}"),
            )
            .in_file(shown)
            .help(HELP),
        )
    };
    let bytes = bytes.map_err(|e| unreadable(format!("it could not be read ({e})")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        unreadable(format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    svg::sanitize(&text).map(String::into_bytes).map_err(|e| {
        let file = crate::diagnostics::SourceText::new(shown, text);
        let start = (0..=e.offset.min(file.text.len()))
            .rev()
            .find(|i| file.text.is_char_boundary(*i))
            .unwrap_or(0);
        let end = file.text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        Box::new(
            Diagnostic::error(
                "unsafe-svg",
                format!("`{shown}` cannot be published safely: {}", e.message),
            )
            .at_bytes(&file, start..end)
            .help(HELP),
        )
    })
}

/// The same inputs as [`read`] produces, from text: files are decoded and
/// split as if read from `<src>/<path>`, put in the order the content walk
/// would find them, and moved, not copied.
pub fn from_memory(
    config: Config,
    given: MemorySources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Sources {
    let root = PathBuf::new();
    let src = root.join(&config.book.src);
    let mut files = given.files;
    // The walk lists each folder's entries by name, depth first: the order of
    // paths compared component by component.
    files.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut data = DataFiles::new();
    for (rel, contents) in files {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if source::is_unpublished_name(name) {
            continue;
        }
        if source::is_markdown(&rel) {
            let shown = display(&root, &src.join(&rel));
            match source::from_bytes(&shown, &rel, contents.into_bytes()) {
                Ok(file) => markdown.push(file),
                Err(d) => diagnostics.push(d),
            }
        } else {
            let shown = display(&root, &src.join(&rel));
            if is_data_file(&rel) {
                data.insert(
                    rel.clone(),
                    Ok(SourceText::new(shown.clone(), contents.clone())),
                );
            }
            let bytes = contents.into_bytes();
            let (asset, problem) = classify(rel, config.output.html.publish_active_files, |_| {
                (shown, Ok(bytes))
            });
            assets.push(asset);
            diagnostics.extend(problem);
        }
    }
    let mut catalogs = Vec::with_capacity(given.catalogs.len());
    let mut given_catalogs = given.catalogs;
    given_catalogs.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in given_catalogs {
        match CatalogFile::from_text(&name, text) {
            Ok(c) => catalogs.push(c),
            Err(d) => diagnostics.push(d),
        }
    }
    let people_rel = config.awareness.people_path();
    let ledger_rel = config.awareness.ledger_path();
    let mut awareness = AwarenessFiles::default();
    let mut given_awareness = given.awareness;
    given_awareness.sort_by(|a, b| a.0.cmp(&b.0));
    for (rel, text) in given_awareness {
        let path = Path::new(&rel);
        if path == people_rel {
            awareness.people = Some(SourceText::new(rel, text));
        } else if path.parent() == Some(ledger_rel.as_path()) && is_data_file(&rel) {
            awareness.ledger.push(SourceText::new(rel, text));
        }
    }
    Sources {
        root,
        config,
        markdown,
        assets,
        catalogs,
        data,
        awareness,
    }
}
