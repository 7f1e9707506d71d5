//! Clause catalogs: the clause trees of standards (built in, or a handbook's own
//! `standards/*.yaml`), looked up by id and sorted naturally (4.1 < 4.2 < 10.1).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::yaml::{self, Node, Value};
use crate::util::embedded;

/// One clause of a standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The clause number, e.g. `7.5.3` or `5.1.1.a`.
    pub id: String,
    /// The standard's heading, when the clause has one.
    pub title: Option<String>,
    /// A short label for paragraphs without a heading.
    pub label: Option<String>,
    /// Index of the parent clause.
    pub parent: Option<usize>,
    /// Indexes of the child clauses, in natural order.
    pub children: Vec<usize>,
    /// 0 for top-level clauses.
    pub depth: usize,
    /// The key of the amendment that added this clause (an *amendment
    /// item*, e.g. `4.1.climate` from `amd1-2024`), when one did.
    pub amendment: Option<String>,
    /// A lettered item of a numbered clause (`5.1.1.a`) or one of its
    /// sub-items (`9.3.2.c.1`): its last id part is a letter, or its parent
    /// is an item; never an amendment item.
    pub is_item: bool,
    /// Whether it bears a requirement of its own: it has no children other
    /// than amendment items (so 4.1 stays a requirement beside `4.1.climate`).
    leaf: bool,
}

impl Clause {
    /// The heading, else the label.
    pub fn heading(&self) -> &str {
        self.title
            .as_deref()
            .or(self.label.as_deref())
            .unwrap_or("")
    }

    /// Whether tags address this clause itself: it has no children other
    /// than amendment items (a leaf of the tree once amendment items are set
    /// aside).
    pub fn is_leaf(&self) -> bool {
        self.leaf
    }
}

/// A standard's clause tree.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Key used in configuration and front matter, e.g. `iso9001-2015`.
    pub key: String,
    /// Display name, e.g. `ISO 9001:2015`.
    pub name: String,
    /// Full title of the standard.
    pub title: String,
    /// Clauses in natural order (a parent comes before its children).
    pub clauses: Vec<Clause>,
    /// Where it came from: `built-in` or the file path.
    pub origin: String,
    /// The amendments the catalog knows (`amendments:`), in file order.
    pub amendments: Vec<Amendment>,
    /// Notes shown on a clause's row and page, never counted (`notes:`).
    pub notes: Vec<ClauseNote>,
    /// Amendment items left out because the handbook turned their amendment
    /// off (`[standards.<key>] amendments`): clause id and amendment key.
    pub switched_off: Vec<(String, String)>,
    /// Set for a catalog built on a draft of the standard: the banner shown
    /// on every page that shows it (`draft:` in the file).
    pub draft: Option<String>,
    index: HashMap<String, usize>,
}

/// An amendment of a standard, as a catalog lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Amendment {
    /// Key used by clauses and `[standards.<key>] amendments`, e.g. `amd1-2024`.
    pub key: String,
    /// Short label shown beside its items, e.g. `Amd 1:2024`.
    pub title: String,
    /// When it was published, as written (`2024-02`), if given.
    pub published: Option<String>,
}

/// A note of the standard on a clause: shown, never a requirement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClauseNote {
    /// The clause it belongs to.
    pub clause: String,
    /// Our own short label.
    pub label: String,
    /// The amendment that added it, if one did.
    pub amendment: Option<String>,
}

impl Catalog {
    /// The clause with this id.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The clause with this id.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.get(id).map(|i| &self.clauses[i])
    }

    /// Whether `ancestor` is `clause` or one of its ancestors.
    pub fn is_within(&self, clause: usize, ancestor: usize) -> bool {
        let mut c = Some(clause);
        while let Some(i) = c {
            if i == ancestor {
                return true;
            }
            c = self.clauses[i].parent;
        }
        false
    }

    /// Indexes of the leaves under `clause` (itself when it is a leaf), with
    /// the amendment items under it.
    pub fn leaves_under(&self, clause: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![clause];
        while let Some(i) = stack.pop() {
            let c = &self.clauses[i];
            if c.is_leaf() {
                out.push(i);
            }
            stack.extend(c.children.iter().rev());
        }
        out.sort_unstable();
        out
    }

    /// The numbered requirement a clause counts toward in the headline
    /// figure: the clause itself, or for a lettered item the nearest
    /// ancestor that is not an item (`5.1.1.a` → `5.1.1`, `9.3.2.c.1` →
    /// `9.3.2`).
    pub fn requirement_of(&self, clause: usize) -> usize {
        let mut i = clause;
        while self.clauses[i].is_item {
            match self.clauses[i].parent {
                Some(p) => i = p,
                None => break,
            }
        }
        i
    }

    /// Whether the clause is one of the numbered requirements the headline
    /// figure counts: not an item, and either a leaf or the parent of
    /// lettered items.
    pub fn is_requirement(&self, clause: usize) -> bool {
        let c = &self.clauses[clause];
        !c.is_item && (c.is_leaf() || c.children.iter().any(|&ch| self.clauses[ch].is_item))
    }

    /// Whether the clause has lettered items.
    pub fn has_items(&self, clause: usize) -> bool {
        self.clauses[clause]
            .children
            .iter()
            .any(|&ch| self.clauses[ch].is_item)
    }

    /// The numbered requirements under `clause` (itself included), in
    /// catalog order.
    pub fn requirements_under(&self, clause: usize) -> Vec<usize> {
        let mut out: Vec<usize> = (clause..self.clauses.len())
            .take_while(|&i| i == clause || self.is_within(i, clause))
            .filter(|&i| self.is_requirement(i))
            .collect();
        out.sort_unstable();
        out
    }

    /// The amendment with this key.
    pub fn amendment(&self, key: &str) -> Option<&Amendment> {
        self.amendments.iter().find(|a| a.key == key)
    }

    /// The notes on a clause.
    pub fn notes_on<'a>(&'a self, clause: &'a str) -> impl Iterator<Item = &'a ClauseNote> + 'a {
        self.notes.iter().filter(move |n| n.clause == clause)
    }

    /// The catalog with only the amendments in `keep` (by key): the items and
    /// notes of the others are left out, and each left-out item is kept in
    /// [`Catalog::switched_off`] so that a tag on it can say why it is unknown.
    pub fn with_amendments(&self, keep: &[String]) -> Catalog {
        let off = |a: &Option<String>| a.as_ref().is_some_and(|k| !keep.contains(k));
        let dropped: Vec<bool> = (0..self.clauses.len())
            .map(|i| {
                let mut c = Some(i);
                while let Some(x) = c {
                    if off(&self.clauses[x].amendment) {
                        return true;
                    }
                    c = self.clauses[x].parent;
                }
                false
            })
            .collect();
        let mut switched_off = self.switched_off.clone();
        let mut remap = vec![usize::MAX; self.clauses.len()];
        let mut clauses = Vec::with_capacity(self.clauses.len());
        for (i, c) in self.clauses.iter().enumerate() {
            if dropped[i] {
                let key = (0..=i)
                    .rev()
                    .filter(|&x| self.is_within(i, x))
                    .find_map(|x| self.clauses[x].amendment.clone())
                    .unwrap_or_default();
                switched_off.push((c.id.clone(), key));
            } else {
                remap[i] = clauses.len();
                clauses.push(c.clone());
            }
        }
        for c in &mut clauses {
            c.parent = c.parent.map(|p| remap[p]);
            c.children = c
                .children
                .iter()
                .filter(|&&ch| !dropped[ch])
                .map(|&ch| remap[ch])
                .collect();
        }
        set_leaves(&mut clauses);
        let index = clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Catalog {
            key: self.key.clone(),
            name: self.name.clone(),
            title: self.title.clone(),
            clauses,
            origin: self.origin.clone(),
            draft: self.draft.clone(),
            amendments: self
                .amendments
                .iter()
                .filter(|a| keep.contains(&a.key))
                .cloned()
                .collect(),
            notes: self
                .notes
                .iter()
                .filter(|n| !off(&n.amendment))
                .cloned()
                .collect(),
            switched_off,
            index,
        }
    }

    /// The top-level clauses.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        self.clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parent.is_none())
            .map(|(i, _)| i)
    }
}

/// Compares clause ids naturally: numeric parts as numbers, a prefix before
/// its extensions (`7.1.5` < `7.1.5.1` < `7.1.6`, `4.1` < `10.1`, `5.1.1` < `5.1.1.a`).
///
/// ```
/// use qmsbook::parse::catalog::natural_cmp;
/// let mut ids = vec!["10.1", "4.2", "7.1.5.1", "4.1", "7.1.5"];
/// ids.sort_by(|a, b| natural_cmp(a, b));
/// assert_eq!(ids, ["4.1", "4.2", "7.1.5", "7.1.5.1", "10.1"]);
/// ```
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let mut pa = a.split('.');
    let mut pb = b.split('.');
    loop {
        match (pa.next(), pb.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    // Equal numbers spelled differently ("4", "04"): the shorter
                    // first, so that only identical ids compare equal.
                    (Ok(n), Ok(m)) => n.cmp(&m).then(x.len().cmp(&y.len())).then(x.cmp(y)),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// The parent id implied by the numbering: `7.5.3` → `7.5`; `7` → none.
pub fn numbered_parent(id: &str) -> Option<&str> {
    id.rfind('.').map(|i| &id[..i])
}

/// All catalogs: built in, plus (replacing those with the same key) the
/// handbook's own `standards/*.yaml`, by key.
#[derive(Debug, Clone, Default)]
pub struct Catalogs {
    /// By key.
    pub by_key: BTreeMap<String, Catalog>,
}

/// Whether a file name in `standards/` (`<from>--<to>.yaml`) names a
/// crosswalk ([`crate::parse::crosswalk`]) rather than a catalog.
pub fn is_crosswalk_name(name: &str) -> bool {
    crosswalk_pair(name).is_some()
}

/// The (from, to) catalog keys a crosswalk file's name gives.
pub fn crosswalk_pair(name: &str) -> Option<(&str, &str)> {
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))?;
    let (a, b) = stem.split_once("--")?;
    (!a.is_empty() && !b.is_empty()).then_some((a, b))
}

/// One of a handbook's own catalog files, read and decoded.
#[derive(Debug, Clone)]
pub struct CatalogFile {
    /// The path shown in messages, e.g. `standards/iso13485-2016.yaml`.
    pub shown: String,
    /// The normalised text.
    pub text: String,
}

impl CatalogFile {
    /// A catalog file given as text: `name` is its file name in `standards/`.
    /// Decoded like a file read from disk (BOM, line ends).
    pub fn from_text(name: &str, text: String) -> Result<CatalogFile, Diagnostic> {
        let shown = format!("standards/{name}");
        let text = crate::parse::source::decode_owned(&shown, text.into_bytes())?;
        Ok(CatalogFile { shown, text })
    }
}

impl Catalogs {
    /// Loads the built-in catalogs and those in `root/standards/`.
    pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Catalogs {
        let files = Self::read_files(root, diagnostics);
        Self::build(files, diagnostics)
    }

    /// Reads the handbook's own catalogs, `root/standards/*.yaml` (or `.yml`),
    /// sorted by path; files that cannot be read or decoded are reported.
    pub fn read_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<CatalogFile> {
        let folder = root.join("standards");
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return Vec::new();
        };
        let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let shown = format!(
                "standards/{}",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            // Never read (nor quote) a file outside the handbook, whether the
            // file or the `standards` folder is the link.
            let inside = path
                .canonicalize()
                .is_ok_and(|c| c.starts_with(&root_canon));
            if !inside {
                diagnostics.push(
                    Diagnostic::warning(
                        "link-outside-content",
                        format!(
                            "`{shown}` is a symbolic link to a file outside the handbook folder; it was not read"
                        ),
                    )
                    .help("copy the catalog into `standards/` instead of linking to it"),
                );
                continue;
            }
            if !path.is_file() {
                continue;
            }
            let decoded = match std::fs::read(&path) {
                Ok(bytes) => crate::parse::source::decode_owned(&shown, bytes),
                Err(e) => Err(Diagnostic::error(
                    "invalid-catalog",
                    format!("cannot read `{shown}`: {e}"),
                )
                .in_file(shown.clone())),
            };
            match decoded {
                Ok(text) => files.push(CatalogFile { shown, text }),
                Err(d) => diagnostics.push(d),
            }
        }
        files
    }

    /// The built-in catalogs, then the handbook's own `files` in order (a file
    /// replaces a catalog with the same key). No I/O.
    pub fn build(files: Vec<CatalogFile>, diagnostics: &mut Vec<Diagnostic>) -> Catalogs {
        let mut by_key = BTreeMap::new();
        for (path, bytes) in embedded::STANDARDS {
            if path.contains('/') || !path.ends_with(".yaml") {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            let source = SourceText::new(format!("(built-in)/standards/{path}"), text.as_ref());
            if let Some(c) = parse(&source, "built-in", diagnostics) {
                by_key.insert(c.key.clone(), c);
            }
        }
        // `<from>--<to>.yaml` files are crosswalks, not catalogs.
        for file in files
            .into_iter()
            .filter(|f| !is_crosswalk_name(f.shown.trim_start_matches("standards/")))
        {
            let source = SourceText::new(file.shown.clone(), file.text);
            if let Some(c) = parse(&source, &file.shown, diagnostics) {
                by_key.insert(c.key.clone(), c);
            }
        }
        Catalogs { by_key }
    }

    /// The catalog with this key.
    pub fn get(&self, key: &str) -> Option<&Catalog> {
        self.by_key.get(key)
    }

    /// The built-in catalogs only.
    pub fn built_in(diagnostics: &mut Vec<Diagnostic>) -> Catalogs {
        Self::build(Vec::new(), diagnostics)
    }
}

fn catalog_error(
    source: &SourceText,
    bytes: std::ops::Range<usize>,
    msg: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::error("invalid-catalog", msg)
        .at_bytes(source, bytes)
        .help(help)
}

fn scalar(node: &Node, source: &SourceText) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.trim().to_string()),
        Value::Int(_) | Value::Float(_) => Some(
            source.text[node.bytes.clone()]
                .trim()
                .trim_matches(['\'', '"'])
                .to_string(),
        ),
        _ => None,
    }
}

/// Parses one catalog file, reporting every problem.
pub fn parse(
    source: &SourceText,
    origin: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Catalog> {
    let root = match yaml::parse(&source.text, 0) {
        Ok(n) => n,
        Err(e) => {
            let at = e.offset;
            diagnostics.push(catalog_error(
                source,
                at..at + 1,
                format!("catalog is not valid YAML: {}", e.message),
                "fix the YAML syntax",
            ));
            return None;
        }
    };
    let Value::Map(entries) = &root.value else {
        diagnostics.push(catalog_error(
            source,
            0..0,
            "a catalog must be a mapping with `key`, `name`, `title` and `clauses`".into(),
            "see the catalog format in the README",
        ));
        return None;
    };
    let field = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, n)| n);
    let mut ok = true;
    let mut text_field = |name: &str, required: bool| -> Option<String> {
        match field(name).and_then(|n| scalar(n, source)) {
            Some(v) if !v.is_empty() => Some(v),
            _ => {
                if required {
                    diagnostics.push(catalog_error(
                        source,
                        0..0,
                        format!("the catalog has no `{name}`"),
                        &format!("add `{name}: …` at the top level"),
                    ));
                    ok = false;
                }
                None
            }
        }
    };
    let key = text_field("key", true);
    let name = text_field("name", true);
    let title = text_field("title", false);
    let draft = text_field("draft", false);
    for (k, n) in entries {
        if !matches!(
            k.as_str(),
            "key" | "name" | "title" | "clauses" | "amendments" | "notes" | "draft"
        ) {
            diagnostics.push(catalog_error(
                source,
                n.bytes.clone(),
                format!("unknown catalog field `{k}`"),
                "a catalog has `key`, `name`, `title`, `clauses`, and optionally `amendments`, `notes` and `draft`",
            ));
        }
    }
    let amendments = field("amendments")
        .map(|n| parse_amendments(n, source, diagnostics))
        .unwrap_or_default();
    let amendment_keys: Vec<&str> = amendments.iter().map(|a| a.key.as_str()).collect();
    let check_amendment = |node: &Node, diagnostics: &mut Vec<Diagnostic>| -> Option<String> {
        let key = scalar(node, source).filter(|s| !s.is_empty());
        match key {
            Some(k) if amendment_keys.contains(&k.as_str()) => Some(k),
            _ => {
                let shown = key.unwrap_or_default();
                diagnostics.push(catalog_error(
                    source,
                    node.bytes.clone(),
                    format!(
                        "`amendment: {shown}` names no amendment of the catalog's `amendments` list"
                    ),
                    &if amendment_keys.is_empty() {
                        "list the amendment under `amendments:` with `key`, `title` and `published`"
                            .to_string()
                    } else {
                        format!("the catalog's amendments: {}", amendment_keys.join(", "))
                    },
                ));
                None
            }
        }
    };
    let mut notes: Vec<(ClauseNote, std::ops::Range<usize>)> = Vec::new();
    if let Some(n) = field("notes") {
        match &n.value {
            Value::Seq(items) => {
                for item in items {
                    let Value::Map(fields) = &item.value else {
                        diagnostics.push(catalog_error(
                            source,
                            item.bytes.clone(),
                            "each note must be a mapping with `clause` and `label`".into(),
                            "write `- clause: '4.2'` and `label: …` on the next line",
                        ));
                        continue;
                    };
                    let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v);
                    for (k, v) in fields {
                        if !matches!(k.as_str(), "clause" | "label" | "amendment") {
                            diagnostics.push(catalog_error(
                                source,
                                v.bytes.clone(),
                                format!("unknown note field `{k}`"),
                                "a note has `clause`, `label` and optionally `amendment`",
                            ));
                        }
                    }
                    let clause = get("clause")
                        .and_then(|n| scalar(n, source))
                        .filter(|s| !s.is_empty());
                    let label = get("label")
                        .and_then(|n| scalar(n, source))
                        .filter(|s| !s.is_empty());
                    let (Some(clause), Some(label)) = (clause, label) else {
                        diagnostics.push(catalog_error(
                            source,
                            item.bytes.clone(),
                            "a note needs both `clause` and `label`".into(),
                            "write `- clause: '4.2'` and `label: …`",
                        ));
                        continue;
                    };
                    let amendment = get("amendment").and_then(|n| check_amendment(n, diagnostics));
                    let at = get("clause").map_or(item.bytes.clone(), |n| n.bytes.clone());
                    notes.push((
                        ClauseNote {
                            clause,
                            label,
                            amendment,
                        },
                        at,
                    ));
                }
            }
            _ => diagnostics.push(catalog_error(
                source,
                n.bytes.clone(),
                "`notes` must be a list".into(),
                "write one `- clause: …` entry per note",
            )),
        }
    }
    let clause_nodes: &[Node] = match field("clauses").map(|n| &n.value) {
        Some(Value::Seq(items)) if !items.is_empty() => items,
        _ => {
            diagnostics.push(catalog_error(
                source,
                0..0,
                "the catalog has no `clauses` list".into(),
                "add `clauses:` with one `- id: …` entry per clause",
            ));
            return None;
        }
    };
    let (key, name) = (key?, name?);
    if !ok {
        return None;
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        diagnostics.push(catalog_error(
            source,
            0..0,
            format!("catalog key `{key}` may only contain letters, digits, `-` and `_`"),
            "use keys like `iso13485-2016`",
        ));
        return None;
    }

    struct Raw {
        id: String,
        title: Option<String>,
        label: Option<String>,
        parent: Option<(String, std::ops::Range<usize>)>,
        amendment: Option<String>,
        bytes: std::ops::Range<usize>,
    }
    let mut raws: Vec<Raw> = Vec::new();
    let mut seen: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    for item in clause_nodes {
        let Value::Map(fields) = &item.value else {
            diagnostics.push(catalog_error(
                source,
                item.bytes.clone(),
                "each clause must be a mapping with `id` and `title` or `label`".into(),
                "write `- id: '7.5'` and `title: …` on the next line",
            ));
            continue;
        };
        let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v);
        for (k, v) in fields {
            if !matches!(
                k.as_str(),
                "id" | "title" | "label" | "parent" | "amendment"
            ) {
                diagnostics.push(catalog_error(
                    source,
                    v.bytes.clone(),
                    format!("unknown clause field `{k}`"),
                    "a clause has `id`, `title` or `label`, and optionally `parent` and `amendment`",
                ));
            }
        }
        let Some(id_node) = get("id") else {
            diagnostics.push(catalog_error(
                source,
                item.bytes.clone(),
                "a clause has no `id`".into(),
                "add `id: '…'`",
            ));
            continue;
        };
        let Some(id) = scalar(id_node, source).filter(|s| !s.is_empty()) else {
            diagnostics.push(catalog_error(
                source,
                id_node.bytes.clone(),
                "a clause id must be text".into(),
                "quote the id, e.g. `id: '7.5'`",
            ));
            continue;
        };
        if id.contains(char::is_whitespace) || id.ends_with('.') || id.starts_with('.') {
            diagnostics.push(catalog_error(
                source,
                id_node.bytes.clone(),
                format!("clause id `{id}` has spaces or a stray dot"),
                "write ids like `7.5.3` or `5.1.1.a`",
            ));
            continue;
        }
        if let Some(first) = seen.get(&id) {
            let first_line = source.position(first.start).line;
            diagnostics.push(catalog_error(
                source,
                id_node.bytes.clone(),
                format!("clause `{id}` is listed twice (first on line {first_line})"),
                "remove one of them",
            ));
            continue;
        }
        seen.insert(id.clone(), id_node.bytes.clone());
        let title = get("title")
            .and_then(|n| scalar(n, source))
            .filter(|s| !s.is_empty());
        let label = get("label")
            .and_then(|n| scalar(n, source))
            .filter(|s| !s.is_empty());
        if title.is_none() && label.is_none() {
            diagnostics.push(catalog_error(source, id_node.bytes.clone(), format!("clause `{id}` has neither `title` nor `label`"), "add the clause heading as `title`, or a short `label` for a paragraph without a heading"));
        }
        let parent = get("parent").and_then(|n| scalar(n, source).map(|p| (p, n.bytes.clone())));
        let amendment = get("amendment").and_then(|n| check_amendment(n, diagnostics));
        raws.push(Raw {
            id,
            title,
            label,
            parent,
            amendment,
            bytes: id_node.bytes.clone(),
        });
    }
    raws.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    let index: HashMap<String, usize> = raws
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    let mut clauses: Vec<Clause> = Vec::with_capacity(raws.len());
    for r in &raws {
        let parent = match &r.parent {
            Some((p, bytes)) => match index.get(p) {
                Some(&i) => Some(i),
                None => {
                    diagnostics.push(catalog_error(
                        source,
                        bytes.clone(),
                        format!(
                            "clause `{}` names the parent `{p}`, which is not in the catalog",
                            r.id
                        ),
                        "add the parent clause, or correct `parent`",
                    ));
                    None
                }
            },
            None => {
                match numbered_parent(&r.id) {
                    Some(p) => match index.get(p) {
                        Some(&i) => Some(i),
                        None => {
                            diagnostics.push(catalog_error(source, r.bytes.clone(), format!("clause `{}` implies the parent `{p}`, which is not in the catalog", r.id), "add the parent clause, or give this clause an explicit `parent`"));
                            None
                        }
                    },
                    None => None,
                }
            }
        };
        clauses.push(Clause {
            id: r.id.clone(),
            title: r.title.clone(),
            label: r.label.clone(),
            parent,
            children: Vec::new(),
            depth: 0,
            amendment: r.amendment.clone(),
            is_item: false,
            leaf: true,
        });
    }
    for i in 0..clauses.len() {
        if let Some(p) = clauses[i].parent {
            clauses[p].children.push(i);
        }
    }
    // Depths, guarding against parent cycles from explicit `parent` fields.
    for i in 0..clauses.len() {
        let mut depth = 0;
        let mut c = clauses[i].parent;
        while let Some(p) = c {
            depth += 1;
            if depth > clauses.len() {
                diagnostics.push(catalog_error(
                    source,
                    raws[i].bytes.clone(),
                    format!("clause `{}` is its own ancestor", clauses[i].id),
                    "fix the `parent` fields so they form a tree",
                ));
                return None;
            }
            c = clauses[p].parent;
        }
        clauses[i].depth = depth;
    }
    // Parents before children in a depth-first natural order.
    let order = depth_first(&clauses);
    let mut remap = vec![0; clauses.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new;
    }
    let mut sorted: Vec<Clause> = order.iter().map(|&old| clauses[old].clone()).collect();
    for c in &mut sorted {
        c.parent = c.parent.map(|p| remap[p]);
        for ch in &mut c.children {
            *ch = remap[*ch];
        }
    }
    set_items(&mut sorted);
    set_leaves(&mut sorted);
    let index: HashMap<String, usize> = sorted
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let notes = notes
        .into_iter()
        .filter_map(|(note, at)| {
            if index.contains_key(&note.clause) {
                Some(note)
            } else {
                diagnostics.push(catalog_error(
                    source,
                    at,
                    format!(
                        "a note names the clause `{}`, which is not in the catalog",
                        note.clause
                    ),
                    "correct the note's `clause`",
                ));
                None
            }
        })
        .collect();
    Some(Catalog {
        key,
        name,
        title: title.unwrap_or_default(),
        clauses: sorted,
        origin: origin.to_string(),
        amendments,
        notes,
        switched_off: Vec::new(),
        draft,
        index,
    })
}

/// Reads `amendments:`: a list of `key`, `title` and optional `published`.
fn parse_amendments(
    node: &Node,
    source: &SourceText,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Amendment> {
    let Value::Seq(items) = &node.value else {
        diagnostics.push(catalog_error(
            source,
            node.bytes.clone(),
            "`amendments` must be a list".into(),
            "write one `- key: …` entry per amendment",
        ));
        return Vec::new();
    };
    let mut out: Vec<Amendment> = Vec::new();
    for item in items {
        let Value::Map(fields) = &item.value else {
            diagnostics.push(catalog_error(
                source,
                item.bytes.clone(),
                "each amendment must be a mapping with `key` and `title`".into(),
                "write `- key: amd1-2024` and `title: 'Amd 1:2024'` on the next line",
            ));
            continue;
        };
        let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v);
        for (k, v) in fields {
            if !matches!(k.as_str(), "key" | "title" | "published") {
                diagnostics.push(catalog_error(
                    source,
                    v.bytes.clone(),
                    format!("unknown amendment field `{k}`"),
                    "an amendment has `key`, `title` and optionally `published`",
                ));
            }
        }
        let text = |n: &str| {
            get(n)
                .and_then(|v| scalar(v, source))
                .filter(|s| !s.is_empty())
        };
        let (Some(key), Some(title)) = (text("key"), text("title")) else {
            diagnostics.push(catalog_error(
                source,
                item.bytes.clone(),
                "an amendment needs both `key` and `title`".into(),
                "write `key: amd1-2024` and `title: 'Amd 1:2024'`",
            ));
            continue;
        };
        let key_bytes = get("key").map_or(item.bytes.clone(), |n| n.bytes.clone());
        if !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            diagnostics.push(catalog_error(
                source,
                key_bytes,
                format!("amendment key `{key}` may only contain letters, digits, `-` and `_`"),
                "use keys like `amd1-2024`",
            ));
            continue;
        }
        if out.iter().any(|a| a.key == key) {
            diagnostics.push(catalog_error(
                source,
                key_bytes,
                format!("the amendment `{key}` is listed twice"),
                "remove one of them",
            ));
            continue;
        }
        out.push(Amendment {
            key,
            title,
            published: text("published"),
        });
    }
    out
}

/// Marks lettered items and their sub-items (parents come before children).
fn set_items(clauses: &mut [Clause]) {
    for i in 0..clauses.len() {
        let Some(p) = clauses[i].parent else { continue };
        if clauses[i].amendment.is_some() {
            continue;
        }
        let last = clauses[i].id.rsplit('.').next().unwrap_or("");
        let lettered = last.len() == 1 && last.chars().all(|c| c.is_ascii_alphabetic());
        clauses[i].is_item = lettered || clauses[p].is_item;
    }
}

/// Marks the clauses tags address themselves: those with no children other
/// than amendment items.
fn set_leaves(clauses: &mut [Clause]) {
    for i in 0..clauses.len() {
        let leaf = clauses[i]
            .children
            .iter()
            .all(|&ch| clauses[ch].amendment.is_some());
        clauses[i].leaf = leaf;
    }
}

fn depth_first(clauses: &[Clause]) -> Vec<usize> {
    let mut out = Vec::with_capacity(clauses.len());
    let mut stack: Vec<usize> = clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.parent.is_none())
        .map(|(i, _)| i)
        .rev()
        .collect();
    while let Some(i) = stack.pop() {
        out.push(i);
        let mut children = clauses[i].children.clone();
        children.sort_by(|&a, &b| natural_cmp(&clauses[a].id, &clauses[b].id));
        stack.extend(children.into_iter().rev());
    }
    out
}

/// One item of documented information a standard requires.
#[derive(Debug, Clone)]
pub struct RequiredItem {
    /// The clause it belongs to (catalog id).
    pub clause: String,
    /// The reference as the standard writes it, e.g. `7.1.5.2 a)`.
    pub reference: String,
    /// `maintain` (a document) or `retain` (a record).
    pub kind: String,
    /// What it is.
    pub label: String,
    /// When it applies, if conditional.
    pub condition: Option<String>,
}

/// The documented information a built-in standard requires
/// (`standards/required/<key>.yaml`; none when there is no list).
pub fn required_items(standard: &str) -> Vec<RequiredItem> {
    let path = format!("required/{standard}.yaml");
    let Some((_, bytes)) = embedded::STANDARDS.iter().find(|(p, _)| *p == path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(bytes);
    let Ok(root) = yaml::parse(&text, 0) else {
        return Vec::new();
    };
    let Value::Map(entries) = root.value else {
        return Vec::new();
    };
    let Some((_, items)) = entries.iter().find(|(k, _)| k == "items") else {
        return Vec::new();
    };
    let Value::Seq(items) = &items.value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|n| {
            let Value::Map(f) = &n.value else { return None };
            let get = |k: &str| {
                f.iter()
                    .find(|(x, _)| x == k)
                    .and_then(|(_, v)| match &v.value {
                        Value::Str(s) => Some(s.clone()),
                        _ => None,
                    })
            };
            Some(RequiredItem {
                clause: get("clause")?,
                reference: get("reference").unwrap_or_default(),
                kind: get("kind").unwrap_or_default(),
                label: get("label")?,
                condition: get("condition"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut ids = vec![
            "10.1", "4.2", "7.1.5.1", "7.1.6", "4.1", "7.1.5", "5.1.1.b", "5.1.1", "5.1.1.a",
            "5.1.2",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "4.1", "4.2", "5.1.1", "5.1.1.a", "5.1.1.b", "5.1.2", "7.1.5", "7.1.5.1", "7.1.6",
                "10.1"
            ]
        );
    }

    #[test]
    fn built_in_catalogs_load_cleanly() {
        let mut d = Vec::new();
        let c = Catalogs::load(Path::new("/nonexistent"), &mut d);
        assert!(d.is_empty(), "{d:?}");
        let iso = c.get("iso9001-2015").expect("built in");
        assert_eq!(iso.name, "ISO 9001:2015");
        let commitments = iso.clause("5.1.1").expect("5.1.1");
        assert_eq!(commitments.children.len(), 10);
        assert_eq!(
            iso.clause("4.4.1").map(Clause::heading),
            Some("Establish and run QMS processes")
        );
        for key in [
            "iso9001-2015",
            "iso14001-2015",
            "iso45001-2018",
            "iso27001-2022",
        ] {
            let catalog = c.get(key).expect(key);
            let climate = catalog.clause("4.1.climate").expect("the Amd 1:2024 item");
            assert_eq!(climate.amendment.as_deref(), Some("amd1-2024"), "{key}");
            assert_eq!(
                catalog.amendment("amd1-2024").map(|a| a.title.as_str()),
                Some("Amd 1:2024")
            );
            assert_eq!(catalog.notes_on("4.2").count(), 1, "{key}");
            assert!(catalog.clause("4.1").is_some_and(Clause::is_leaf), "{key}");
        }
        // The lettered items other pages link to.
        for (parent, letters) in [
            ("5.1.2", "abc"),
            ("5.2.2", "abc"),
            ("6.2.2", "abcde"),
            ("7.3", "abcd"),
            ("7.4", "abcde"),
            ("9.3.2", "abcdef"),
            ("9.3.3", "abc"),
        ] {
            let p = iso.get(parent).expect(parent);
            assert!(iso.is_requirement(p) && iso.has_items(p), "{parent}");
            for l in letters.chars() {
                let id = format!("{parent}.{l}");
                let item = iso.clause(&id).expect("item");
                assert!(item.is_item && item.label.is_some(), "{id}");
            }
        }
        assert_eq!(iso.clause("9.3.2.c").map(|c| c.children.len()), Some(7));
        let ids: Vec<&str> = iso.clauses.iter().map(|c| c.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_by(|a, b| natural_cmp(a, b));
        let mut unique = sorted.clone();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "ids are unique");
        // Parents come before children; 10 comes after 9.
        let pos = |id: &str| iso.get(id).expect("id");
        assert!(pos("7.1.5") < pos("7.1.5.1") && pos("7.1.5.1") < pos("7.1.6"));
        assert!(pos("9.3.3") < pos("10"));
        assert_eq!(iso.leaves_under(pos("7.5.3")).len(), 2);
        assert!(!required_items("iso9001-2015").is_empty());
    }

    const AMENDED: &str = "key: x\nname: X\namendments:\n  - key: amd1\n    title: 'Amd 1'\n    published: '2024-02'\nnotes:\n  - clause: '1.2'\n    label: A note\n    amendment: amd1\nclauses:\n  - id: '1'\n    title: One\n  - id: '1.1'\n    title: One one\n  - id: '1.1.extra'\n    label: Added\n    amendment: amd1\n  - id: '1.2'\n    title: One two\n  - id: '1.2.a'\n    label: Item a\n  - id: '1.2.b'\n    label: Item b\n  - id: '1.2.b.1'\n    label: Sub-item\n";

    #[test]
    fn amendments_notes_and_items_are_read() {
        let mut d = Vec::new();
        let c = parse(&SourceText::new("standards/x.yaml", AMENDED), "x", &mut d).expect("ok");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            c.amendments,
            [Amendment {
                key: "amd1".into(),
                title: "Amd 1".into(),
                published: Some("2024-02".into()),
            }]
        );
        assert_eq!(c.notes_on("1.2").count(), 1);
        let at = |id: &str| c.get(id).expect(id);
        let extra = &c.clauses[at("1.1.extra")];
        assert_eq!(extra.amendment.as_deref(), Some("amd1"));
        assert!(!extra.is_item, "an amendment item is not a lettered item");
        // 1.1 keeps its own requirement beside the amendment item.
        assert!(c.clauses[at("1.1")].is_leaf());
        assert!(c.is_requirement(at("1.1")) && c.is_requirement(at("1.1.extra")));
        // 1.2 is one numbered requirement made of its items.
        assert!(c.clauses[at("1.2.b.1")].is_item && c.clauses[at("1.2.a")].is_item);
        assert!(!c.clauses[at("1.2")].is_leaf() && c.is_requirement(at("1.2")));
        assert!(!c.is_requirement(at("1.2.a")));
        assert_eq!(c.requirement_of(at("1.2.b.1")), at("1.2"));
        assert_eq!(
            c.requirements_under(at("1")),
            [at("1.1"), at("1.1.extra"), at("1.2")]
        );
        assert_eq!(
            c.leaves_under(at("1")),
            [at("1.1"), at("1.1.extra"), at("1.2.a"), at("1.2.b.1")]
        );
    }

    #[test]
    fn an_amendment_turned_off_leaves_its_items_and_notes_out() {
        let c = parse(
            &SourceText::new("standards/x.yaml", AMENDED),
            "x",
            &mut Vec::new(),
        )
        .expect("ok");
        let off = c.with_amendments(&[]);
        assert!(off.get("1.1.extra").is_none());
        assert_eq!(
            off.switched_off,
            [("1.1.extra".to_string(), "amd1".to_string())]
        );
        assert_eq!(off.notes_on("1.2").count(), 0);
        assert!(off.amendments.is_empty());
        let one = off.get("1.1").expect("1.1");
        assert!(off.clauses[one].children.is_empty());
        assert_eq!(
            off.clauses[off.get("1.2.b.1").expect("sub")].parent,
            off.get("1.2.b")
        );
        let kept = c.with_amendments(&["amd1".to_string()]);
        assert_eq!(kept.clauses.len(), c.clauses.len());
    }

    #[test]
    fn amendment_and_note_mistakes_are_located() {
        let src = SourceText::new(
            "standards/x.yaml",
            "key: x\nname: X\namendments:\n  - key: a1\n  - key: a2\n    title: A2\n    when: 2024\nnotes:\n  - clause: '7'\n    label: Nowhere\nclauses:\n  - id: '1'\n    title: One\n    amendment: a9\n",
        );
        let mut d = Vec::new();
        let _ = parse(&src, "x", &mut d);
        let lines: Vec<_> = d
            .iter()
            .map(|d| (d.span.as_ref().map(|s| s.start.line), d.message.clone()))
            .collect();
        for (line, words) in [
            (4, "needs both `key` and `title`"),
            (7, "unknown amendment field `when`"),
            (9, "names the clause `7`"),
            (14, "`amendment: a9` names no amendment"),
        ] {
            assert!(
                lines
                    .iter()
                    .any(|(l, m)| *l == Some(line) && m.contains(words)),
                "{line} {words}: {lines:?}"
            );
        }
    }

    #[test]
    fn invalid_catalogs_are_reported_with_lines() {
        let src = SourceText::new(
            "standards/x.yaml",
            "key: x\nname: X\nclauses:\n  - id: '1'\n    title: One\n  - id: '1'\n    title: Again\n  - id: '2.1'\n    title: Orphan\n  - id: '3'\n",
        );
        let mut d = Vec::new();
        let _ = parse(&src, "x", &mut d);
        let lines: Vec<_> = d
            .iter()
            .map(|d| (d.span.as_ref().map(|s| s.start.line), d.message.clone()))
            .collect();
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == Some(6) && m.contains("listed twice")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == Some(10) && m.contains("neither `title` nor `label`")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == Some(8) && m.contains("implies the parent `2`")),
            "{lines:?}"
        );
    }
}
