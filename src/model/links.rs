//! Link syntax and resolution: `[[ID]]`, `[[ID#anchor]]`, `[[ID|text]]`,
//! relative paths to `.md` files and other files, same-page anchors and
//! external URLs. Every internal target and anchor is checked.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, SourceText};
use crate::markdown::{Analysis, Link, LinkKind, ResolvedLink};
use crate::model::urls;
use crate::parse::asset::Active;
use crate::parse::catalog::Catalogs;
use crate::util::suggest::{closest, closest_id};

/// Where links may point: what the handbook publishes.
pub struct Targets<'a> {
    /// Lower-cased document ID → index into `docs`.
    pub by_id: &'a HashMap<String, usize>,
    /// Content-relative path of a `.md` file → index into `docs`.
    pub by_path: &'a HashMap<String, usize>,
    /// Every document's ID, title, URL, headings and whether it is published.
    pub docs: Vec<TargetDoc<'a>>,
    /// The home page's headings, when `index.md` exists.
    pub home: Option<&'a Analysis>,
    /// Content-relative paths of other files (images, PDFs) → `Some(kind)`
    /// when the file is active content that is not published.
    pub assets: &'a HashMap<String, Option<Active>>,
    /// Clause catalogs, for `[[clause:…]]` links.
    pub catalogs: &'a Catalogs,
    /// Catalog keys in scope (only their clause pages exist).
    pub scope: &'a [String],
    /// The default catalog's key.
    pub default_standard: &'a str,
    /// Documents whose front matter cannot be used (by path), so links to
    /// them are consequences of their errors, not errors of their own.
    pub broken: &'a [crate::model::broken::BrokenDocument],
    /// Lower-cased record ID → index into `records`.
    pub records_by_id: &'a HashMap<String, usize>,
    /// The declared records, for `[[record:…]]` links.
    pub records: &'a [crate::model::records::Record],
}

/// Prefix of links to clauses: `[[clause:7.5.3]]`, `[[clause:iso14001-2015:6.1.2]]`.
pub const CLAUSE_PREFIX: &str = "clause:";

/// Prefix of links to records: `[[record:REC-001]]` leads to the record's row
/// on the page of the document that governs it (or to the page of a document
/// of a record type with that ID).
pub const RECORD_PREFIX: &str = "record:";

/// What the resolver needs to know of one document.
pub struct TargetDoc<'a> {
    /// Canonical ID.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL relative to the site root.
    pub url: &'a str,
    /// Headings, for anchors.
    pub analysis: &'a Analysis,
    /// Anchors the front matter adds (`commitment-c1`, `objective-obj-1`) and their labels.
    pub anchors: &'a [(String, String)],
    /// Whether the page is part of this build.
    pub published: bool,
    /// Status, for messages about unpublished targets.
    pub status: &'a str,
    /// `file:line:column` of the document's first error, when it has one.
    pub first_error: Option<&'a str>,
    /// Whether the document is of a record type.
    pub record: bool,
}

/// The note that replaces a link's own error when its target has errors:
/// "`SOP-014` has errors; see content/…:10:9".
pub fn has_errors_note(
    target: &str,
    first_error: &str,
    file: &SourceText,
    bytes: std::ops::Range<usize>,
) -> Diagnostic {
    Diagnostic::note(
        "target-has-errors",
        format!("`{target}` has errors; see {first_error}"),
    )
    .at_bytes(file, bytes)
    .help("this link is checked once those errors are fixed")
    .as_consequence()
}

/// What a link of a document that could not be read points to, unchecked:
/// the lower-cased ID of `[[ID]]`, the content-relative path of a `.md` link.
pub fn unchecked_target(rel_path: &str, link: &Link) -> Option<String> {
    match link.kind {
        LinkKind::Wiki | LinkKind::WikiWithText => {
            let dest = link.dest.trim();
            if dest.starts_with(CLAUSE_PREFIX) || dest.starts_with(RECORD_PREFIX) {
                return None;
            }
            let id = split_anchor(dest).0.trim();
            (!id.is_empty()).then(|| id.to_ascii_lowercase())
        }
        LinkKind::Url | LinkKind::Image => {
            let dest = link.dest.trim();
            if scheme(dest).is_some() || dest.starts_with('/') {
                return None;
            }
            let path = split_anchor(dest).0;
            let path = path.split('?').next().unwrap_or(path);
            join_relative(rel_path, &percent_decode(path))
                .filter(|t| crate::parse::source::is_markdown(t))
        }
    }
}

/// The page a link is written in.
pub struct From<'a> {
    /// Its text, for positions.
    pub file: &'a SourceText,
    /// Content-relative path of the file, `/`-separated.
    pub rel_path: &'a str,
    /// Its own headings.
    pub analysis: &'a Analysis,
    /// Anchors its front matter adds, and their labels.
    pub anchors: &'a [(String, String)],
    /// Whether this page is published (links to unpublished pages matter then).
    pub published: bool,
    /// Whether this page is current (not obsolete): its links to obsolete pages are warned about.
    pub current: bool,
}

impl Targets<'_> {
    /// Resolves every link of a page; broken ones get `href: None` and a diagnostic.
    pub fn resolve_all(
        &self,
        from: &From<'_>,
        links: &[Link],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<ResolvedLink> {
        let mut noted: HashSet<String> = HashSet::new();
        links
            .iter()
            .map(|link| match self.resolve(from, link) {
                Ok(r) => {
                    if let Some(target) = r.document.map(|i| &self.docs[i])
                        && from.current
                        && from.published
                        && target.status == "obsolete"
                    {
                        diagnostics.push(
                            Diagnostic::warning(
                                "link-to-obsolete",
                                format!("`{}` is obsolete", target.id),
                            )
                            .at_bytes(from.file, link.bytes.clone())
                            .help("link to the document that replaced it"),
                        );
                    }
                    r
                }
                Err(d) => {
                    // At most one note per target and linking file.
                    if !d.consequence || noted.insert(d.message.clone()) {
                        diagnostics.push(*d);
                    }
                    ResolvedLink {
                        href: None,
                        external: false,
                        label: matches!(link.kind, LinkKind::Wiki).then(|| link.dest.clone()),
                        document: None,
                    }
                }
            })
            .collect()
    }

    fn resolve(&self, from: &From<'_>, link: &Link) -> Result<ResolvedLink, Box<Diagnostic>> {
        let err = |msg: String, help: String| {
            Box::new(
                Diagnostic::error("broken-link", msg)
                    .at_bytes(from.file, link.bytes.clone())
                    .help(help),
            )
        };
        match link.kind {
            LinkKind::Wiki | LinkKind::WikiWithText => {
                if let Some(clause) = link.dest.trim().strip_prefix(CLAUSE_PREFIX) {
                    return self.to_clause(from, clause.trim(), link);
                }
                if let Some(record) = link.dest.trim().strip_prefix(RECORD_PREFIX) {
                    return self.to_record(from, record.trim(), link);
                }
                let (id, anchor) = split_anchor(link.dest.trim());
                let id = id.trim();
                if id.is_empty() {
                    // `[[#anchor]]`: same page.
                    return self.same_page(from, anchor.unwrap_or(""), link);
                }
                let Some(&index) = self.by_id.get(&id.to_ascii_lowercase()) else {
                    if let Some(b) = self
                        .broken
                        .iter()
                        .find(|b| b.id.as_deref().is_some_and(|b| b.eq_ignore_ascii_case(id)))
                    {
                        return Err(Box::new(has_errors_note(
                            b.id.as_deref().unwrap_or(id),
                            &b.first_error,
                            from.file,
                            link.bytes.clone(),
                        )));
                    }
                    let suggestion = closest_id(id, self.docs.iter().map(|d| d.id))
                        .map(|c| format!("did you mean `[[{c}]]`?"))
                        .unwrap_or_else(|| {
                            "check the document ID; IDs are listed on the home page".to_string()
                        });
                    return Err(err(format!("no document has the ID `{id}`"), suggestion));
                };
                self.to_document(
                    from,
                    index,
                    anchor,
                    link,
                    matches!(link.kind, LinkKind::Wiki),
                )
            }
            LinkKind::Url | LinkKind::Image => {
                let dest = link.dest.trim();
                if let Some(scheme) = scheme(dest) {
                    let scheme = scheme.to_ascii_lowercase();
                    return match scheme.as_str() {
                        "http" | "https" | "mailto" | "tel" | "ftp" | "ftps" | "news" | "irc" | "sms" => Ok(ResolvedLink {
                            href: Some(dest.to_string()),
                            external: true,
                            label: None, document: None }),
                        "data" if link.kind == LinkKind::Image => Ok(ResolvedLink {
                            href: Some(dest.to_string()),
                            external: true,
                            label: None, document: None }),
                        _ => Err(Box::new(
                            Diagnostic::error("unsafe-link", format!("links with the `{scheme}:` scheme are not allowed"))
                                .at_bytes(from.file, link.bytes.clone())
                                .help("link to a web page (https://…), another document ([[ID]]) or a file in the content folder"),
                        )),
                    };
                }
                if dest.starts_with("//") {
                    return Ok(ResolvedLink {
                        href: Some(dest.to_string()),
                        external: true,
                        label: None,
                        document: None,
                    });
                }
                if let Some(anchor) = dest.strip_prefix('#') {
                    return self.same_page(from, anchor, link);
                }
                if dest.starts_with('/') {
                    return Err(err(
                        format!("`{dest}` is an absolute path, which breaks when the site is published under a sub-path or opened from a file"),
                        "use a path relative to this file, e.g. `../procedures/audit.md`, or an ID link `[[SOP-001]]`".to_string(),
                    ));
                }
                let (path_part, anchor) = split_anchor(dest);
                let path_part = path_part.split('?').next().unwrap_or(path_part);
                let decoded = percent_decode(path_part);
                let Some(target) = join_relative(from.rel_path, &decoded) else {
                    return Err(err(
                        format!("`{dest}` points outside the content folder"),
                        "link only to files inside the content folder".to_string(),
                    ));
                };
                if crate::parse::source::is_markdown(&target) {
                    if let Some(&index) = self.by_path.get(&target) {
                        return self.to_document(from, index, anchor, link, false);
                    }
                    if target == "index.md" {
                        return self.to_home(anchor, link, from);
                    }
                    if let Some(b) = self.broken.iter().find(|b| b.rel_path == target) {
                        let name = b.id.as_deref().unwrap_or(dest);
                        return Err(Box::new(has_errors_note(
                            name,
                            &b.first_error,
                            from.file,
                            link.bytes.clone(),
                        )));
                    }
                    let known = self.by_path.keys().map(String::as_str);
                    let suggestion = closest(&target, known)
                        .map(|c| format!("did you mean `{c}` (paths are relative to this file)?"))
                        .unwrap_or_else(|| {
                            "check the path; it is relative to the folder of this file".to_string()
                        });
                    return Err(err(
                        format!(
                            "`{dest}` does not point to a document (looked for `{target}` in the content folder)"
                        ),
                        suggestion,
                    ));
                }
                if target.is_empty() {
                    return self.same_page(from, anchor.unwrap_or(""), link);
                }
                if let Some(Some(kind)) = self.assets.get(&target) {
                    return Err(Box::new(
                        Diagnostic::error(
                            "active-content",
                            format!(
                                "`{dest}` is {kind}, which is not published: files a browser would run are left out of the site"
                            ),
                        )
                        .at_bytes(from.file, link.bytes.clone())
                        .help(match kind {
                            Active::Page | Active::Xml => "write it as a Markdown document, or link to a PDF of it; if every author of this handbook is trusted, set `publish-active-files = true` under `[output.html]` in book.toml",
                            _ => "if every author of this handbook is trusted, set `publish-active-files = true` under `[output.html]` in book.toml",
                        }),
                    ));
                }
                if self.assets.contains_key(&target) {
                    let mut href = urls::file(&encode_path(&target));
                    if let Some(a) = anchor {
                        href.push('#');
                        href.push_str(a);
                    }
                    return Ok(ResolvedLink {
                        href: Some(href),
                        external: false,
                        label: None,
                        document: None,
                    });
                }
                Err(err(
                    format!("`{dest}` does not exist (looked for `{target}` in the content folder)"),
                    "put the file in the content folder, or correct the path (it is relative to this file)".to_string(),
                ))
            }
        }
    }

    fn to_clause(
        &self,
        from: &From<'_>,
        target: &str,
        link: &Link,
    ) -> Result<ResolvedLink, Box<Diagnostic>> {
        let (key, clause) = match target.rsplit_once(':') {
            Some((k, c)) => (k.trim(), c.trim()),
            None => (self.default_standard, target),
        };
        let err = |msg: String, help: String| {
            Box::new(
                Diagnostic::error("broken-link", msg)
                    .at_bytes(from.file, link.bytes.clone())
                    .help(help),
            )
        };
        let Some(catalog) = self.catalogs.get(key) else {
            let hint = closest(key, self.scope.iter().map(String::as_str))
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            return Err(err(
                format!("no clause catalog has the key `{key}`"),
                format!(
                    "{hint}write `[[clause:7.5.3]]` for the default standard or `[[clause:KEY:7.5.3]]`; standards in scope: {}",
                    self.scope.join(", ")
                ),
            ));
        };
        if !self.scope.iter().any(|k| k == key) {
            return Err(err(
                format!(
                    "{} is not in scope, so its clause pages are not published",
                    catalog.name
                ),
                format!("add \"{key}\" to `in-scope` in the `[standards]` table of book.toml"),
            ));
        }
        let Some(c) = catalog.clause(clause) else {
            let hint = crate::model::amendments::switched_off_hint(catalog, clause)
                .or_else(|| {
                    closest(clause, catalog.clauses.iter().map(|c| c.id.as_str()))
                        .map(|c| format!("did you mean `{c}`?"))
                })
                .unwrap_or_else(|| "clause ids are written like `7.5.3` or `5.1.1.a`".to_string());
            return Err(err(
                format!("{} has no clause `{clause}`", catalog.name),
                hint,
            ));
        };
        Ok(ResolvedLink {
            href: Some(urls::clause(key, &c.id)),
            external: false,
            label: matches!(link.kind, LinkKind::Wiki).then(|| {
                if key == self.default_standard {
                    format!("{} {}", c.id, c.heading())
                } else {
                    format!("{} {} ({})", c.id, c.heading(), catalog.name)
                }
            }),
            document: None,
        })
    }

    /// `[[record:ID]]`: a declared record's row on its governing document's
    /// page, else a document of a record type with that ID.
    fn to_record(
        &self,
        from: &From<'_>,
        id: &str,
        link: &Link,
    ) -> Result<ResolvedLink, Box<Diagnostic>> {
        let want_label = matches!(link.kind, LinkKind::Wiki);
        if let Some(&i) = self.records_by_id.get(&id.to_ascii_lowercase()) {
            let record = &self.records[i];
            let governing = &self.docs[record.doc];
            if from.published && !record.published {
                let d = Diagnostic::error(
                    "unpublished-link",
                    format!(
                        "the record `{}` is governed by `{}`, which is {} and is not published, so this link would lead nowhere",
                        record.id(),
                        governing.id,
                        governing.status
                    ),
                )
                .at_bytes(from.file, link.bytes.clone())
                .help("approve the governing document, remove the link, or build with `--drafts` to publish drafts");
                return Err(Box::new(match governing.first_error {
                    Some(at) => has_errors_note(governing.id, at, from.file, link.bytes.clone()),
                    None => d,
                }));
            }
            return Ok(ResolvedLink {
                href: Some(record.url.clone()),
                external: false,
                label: want_label.then(|| format!("{} {}", record.id(), record.entry.title)),
                document: Some(record.doc),
            });
        }
        if let Some(&index) = self.by_id.get(&id.to_ascii_lowercase())
            && self.docs[index].record
        {
            return self.to_document(from, index, None, link, want_label);
        }
        let record_docs = self.docs.iter().filter(|d| d.record).map(|d| d.id);
        let suggestion = closest_id(id, self.records.iter().map(|r| r.id()).chain(record_docs))
            .map(|c| format!("did you mean `[[record:{c}]]`? "))
            .unwrap_or_default();
        let hint = if self.by_id.contains_key(&id.to_ascii_lowercase()) {
            format!("{suggestion}`{id}` is a document, not a record: link to it as `[[{id}]]`")
        } else {
            format!(
                "{suggestion}records are declared under `records:` in the front matter of the document that governs them; the records register lists them"
            )
        };
        Err(Box::new(
            Diagnostic::error("broken-link", format!("no record has the ID `{id}`"))
                .at_bytes(from.file, link.bytes.clone())
                .help(hint),
        ))
    }

    fn same_page(
        &self,
        from: &From<'_>,
        anchor: &str,
        link: &Link,
    ) -> Result<ResolvedLink, Box<Diagnostic>> {
        if anchor.is_empty()
            || from.analysis.has_anchor(anchor)
            || from.anchors.iter().any(|(a, _)| a == anchor)
        {
            return Ok(ResolvedLink {
                href: Some(format!("#{anchor}")),
                external: false,
                label: None,
                document: None,
            });
        }
        Err(Box::new(
            Diagnostic::error(
                "broken-anchor",
                format!("this page has no heading with the id `{anchor}`"),
            )
            .at_bytes(from.file, link.bytes.clone())
            .help(anchor_help(anchor, from.analysis, from.anchors)),
        ))
    }

    fn to_home(
        &self,
        anchor: Option<&str>,
        link: &Link,
        from: &From<'_>,
    ) -> Result<ResolvedLink, Box<Diagnostic>> {
        if let (Some(a), Some(home)) = (anchor, self.home)
            && !home.has_anchor(a)
        {
            return Err(Box::new(
                Diagnostic::error(
                    "broken-anchor",
                    format!("the home page has no heading with the id `{a}`"),
                )
                .at_bytes(from.file, link.bytes.clone())
                .help(anchor_help(a, home, &[])),
            ));
        }
        let href = match anchor {
            Some(a) => format!("index.html#{a}"),
            None => "index.html".to_string(),
        };
        Ok(ResolvedLink {
            href: Some(href),
            external: false,
            label: None,
            document: None,
        })
    }

    fn to_document(
        &self,
        from: &From<'_>,
        index: usize,
        anchor: Option<&str>,
        link: &Link,
        want_label: bool,
    ) -> Result<ResolvedLink, Box<Diagnostic>> {
        let target = &self.docs[index];
        let consequence = |d: Diagnostic| match target.first_error {
            Some(at) => Box::new(has_errors_note(
                target.id,
                at,
                from.file,
                link.bytes.clone(),
            )),
            None => Box::new(d),
        };
        if from.published && !target.published {
            return Err(consequence(
                Diagnostic::error(
                    "unpublished-link",
                    format!("`{}` is {} and is not published, so this link would lead nowhere", target.id, target.status),
                )
                .at_bytes(from.file, link.bytes.clone())
                .help("approve the target document, remove the link, or build with `--drafts` to publish drafts"),
            ));
        }
        let mut label = want_label.then(|| format!("{} {}", target.id, target.title));
        let mut href = target.url.to_string();
        if let Some(a) = anchor.filter(|a| !a.is_empty()) {
            let extra = target.anchors.iter().find(|(id, _)| id == a);
            let heading = target.analysis.heading(a).map(|h| h.text.as_str());
            let Some(heading) = heading.or(extra.map(|(_, label)| label.as_str())) else {
                return Err(consequence(
                    Diagnostic::error(
                        "broken-anchor",
                        format!("`{}` has no heading with the id `{a}`", target.id),
                    )
                    .at_bytes(from.file, link.bytes.clone())
                    .help(anchor_help(a, target.analysis, target.anchors)),
                ));
            };
            if let Some(label) = label.as_mut() {
                label.push_str(" § ");
                label.push_str(heading);
            }
            href.push('#');
            href.push_str(a);
        }
        Ok(ResolvedLink {
            href: Some(href),
            external: false,
            label,
            document: Some(index),
        })
    }
}

fn anchor_help(anchor: &str, analysis: &Analysis, extra: &[(String, String)]) -> String {
    let ids = analysis
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .chain(extra.iter().map(|(a, _)| a.as_str()));
    match closest(anchor, ids) {
        Some(c) => format!("did you mean `#{c}`?"),
        None if analysis.headings.is_empty() && extra.is_empty() => {
            "the target has no headings; link to the page without `#…`".to_string()
        }
        None => {
            let ids: Vec<_> = analysis
                .headings
                .iter()
                .take(8)
                .map(|h| format!("`{}`", h.id))
                .collect();
            format!("heading ids there: {}", ids.join(", "))
        }
    }
}

/// Splits `target#anchor`.
pub fn split_anchor(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((t, a)) => (t, Some(a)),
        None => (s, None),
    }
}

/// The URL scheme of `s`, if it has one (`https` of `https://…`).
pub fn scheme(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let candidate = &s[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(candidate)
}

/// Decodes `%XX` escapes; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes the characters of a path that are not safe in a URL.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Joins a relative link to the folder of `from` (a content-relative file path)
/// and normalises `.` and `..`. `None` when the result would leave the content folder.
pub fn join_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in link.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises_paths() {
        assert_eq!(
            join_relative("procedures/a.md", "../policies/b.md").as_deref(),
            Some("policies/b.md")
        );
        assert_eq!(join_relative("a.md", "./x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(join_relative("a.md", "../../../../etc/passwd"), None);
        assert_eq!(join_relative("p/a.md", "..\\q.md").as_deref(), Some("q.md"));
    }

    #[test]
    fn schemes_and_decoding() {
        assert_eq!(scheme("https://x"), Some("https"));
        assert_eq!(scheme("JavaScript:alert(1)"), Some("JavaScript"));
        assert_eq!(scheme("../a.md"), None);
        assert_eq!(scheme("7.5:x"), None);
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(encode_path("a b/é.png"), "a%20b/%C3%A9.png");
    }
}
