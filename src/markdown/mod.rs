//! Markdown: the analysis pass (headings, anchors, links, section clause tags)
//! and the render pass (HTML with resolved links, heading anchors and ids).
//!
//! Both passes run pulldown-cmark with the same options over the same text, so
//! the n-th heading and the n-th link of the render pass are the n-th of the
//! analysis; the render pass takes their ids and resolved targets by position.

pub mod blocks;
pub mod sanitize;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::RawHtml;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::parse::front_matter::ClauseTag;
use crate::util::html::escape;
use crate::util::phrases::Phrases;
use crate::util::slug::{UniqueIds, slugify};

/// The Markdown extensions qmsbook enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// A heading of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    /// Unique anchor id within the page.
    pub id: String,
    /// Byte range of the heading in the file.
    pub bytes: Range<usize>,
    /// Clause tags from the heading's `clauses=` attribute.
    pub clauses: Vec<ClauseTag>,
}

/// A link or image as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// `[[…]]` or an ordinary link / image.
    pub kind: LinkKind,
    /// The destination as written (wiki-link target or URL).
    pub dest: String,
    /// Byte range of the whole link in the file.
    pub bytes: Range<usize>,
}

/// What kind of link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[[ID]]`, `[[ID#anchor]]`: text comes from the target.
    Wiki,
    /// `[[ID|text]]`: the author's text.
    WikiWithText,
    /// `[text](url)` and autolinks.
    Url,
    /// `![alt](src)`.
    Image,
}

/// The deepest nesting of raw HTML elements a document may have. Deeper
/// nesting is an error: no handbook needs it, and the sanitizer's time grows
/// with the square of the depth.
pub const MAX_HTML_DEPTH: usize = 256;

/// Tracks how deeply raw HTML elements nest across a document's HTML
/// events: `<tag` opens (unless void or self-closing), `</tag` closes.
#[derive(Debug, Default)]
struct HtmlDepth {
    depth: usize,
    max: usize,
}

impl HtmlDepth {
    const VOID: [&'static str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];

    fn see(&mut self, raw: &str) {
        let bytes = raw.as_bytes();
        let mut at = 0;
        while let Some(i) = memchr::memchr(b'<', &bytes[at..]) {
            let start = at + i + 1;
            at = start;
            match bytes.get(start) {
                Some(b'/') => self.depth = self.depth.saturating_sub(1),
                Some(c) if c.is_ascii_alphabetic() => {
                    let name_end = bytes[start..]
                        .iter()
                        .position(|c| !c.is_ascii_alphanumeric())
                        .map_or(bytes.len(), |n| start + n);
                    let name = raw[start..name_end].to_ascii_lowercase();
                    let close = memchr::memchr(b'>', &bytes[name_end..]).map(|n| name_end + n);
                    let self_closing = close.is_some_and(|c| c > 0 && bytes[c - 1] == b'/');
                    if !self_closing && !Self::VOID.contains(&name.as_str()) {
                        self.depth += 1;
                        self.max = self.max.max(self.depth);
                    }
                    at = close.map_or(name_end, |c| c + 1);
                }
                _ => {}
            }
        }
    }
}

/// What the analysis pass found in a body.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<Link>,
    /// Whether the body has any text at all.
    pub is_empty: bool,
    /// Indexes into `headings` of sections with neither content nor sub-sections.
    pub empty_sections: Vec<usize>,
    /// Phrases of the vague-wording list found in prose: byte range and phrase.
    pub vague: Vec<(Range<usize>, String)>,
    /// Whether the body contains raw HTML.
    pub has_raw_html: bool,
    /// How deeply the body's raw HTML elements nest (see [`MAX_HTML_DEPTH`]).
    pub html_depth: usize,
    /// Heading id → index into `headings`, for constant-time anchor checks.
    pub anchors: std::collections::HashMap<String, usize>,
}

impl Analysis {
    /// Whether the page has an anchor with this id.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.anchors.contains_key(id)
    }

    /// The heading with this id.
    pub fn heading(&self, id: &str) -> Option<&Heading> {
        self.anchors.get(id).map(|&i| &self.headings[i])
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The clause tags of a heading's `{…}` attributes. `clauses=` is split at
/// commas; a space after a comma (`clauses=9.2.1, 4.1`, which the Markdown
/// parser reads as a second attribute `4.1`) is accepted. Any other
/// attribute is a `heading-attribute` error, with the attribute meant when
/// it is a near miss (`clause=` → `clauses=`).
fn heading_clauses(
    file: &SourceText,
    heading: Range<usize>,
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ClauseTag> {
    let heading_src = &file.text[heading.clone()];
    // Attributes are in the last `{…}` of the heading line.
    let attr_start = heading_src.rfind('{').unwrap_or(0);
    let mut search_from = attr_start;
    let mut find = |needle: &str| -> Option<usize> {
        let at = heading_src[search_from..].find(needle)? + search_from;
        search_from = at + needle.len();
        Some(heading.start + at)
    };
    let mut clauses = Vec::new();
    let mut continues = false;
    for (key, value) in attrs {
        let key = key.as_ref();
        if key == "clauses" {
            let value = value.as_deref().unwrap_or("");
            let base = find(value).unwrap_or(heading.start);
            push_clause_parts(value, base, &mut clauses);
            continues = value.trim_end().ends_with(',');
            continue;
        }
        let bare = key.trim_matches(',');
        if value.is_none()
            && (continues || key.starts_with(','))
            && bare.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            let base = find(key).unwrap_or(heading.start);
            push_clause_parts(key, base, &mut clauses);
            continues = key.ends_with(',');
            continue;
        }
        continues = false;
        let at = find(key).map_or(heading.clone(), |i| i..i + key.len());
        let value = value.as_deref().unwrap_or("value");
        let help = if key == "id" {
            format!("write the id as `#{value}`, e.g. `{{#{value}}}`")
        } else if key == "class" {
            format!("write a class as `.{value}`")
        } else if let Some(c) = crate::util::suggest::closest(key, ["clauses"]) {
            format!(
                "did you mean `{c}={value}`? a heading takes `{{#id}}`, `.class` and `clauses=…` only"
            )
        } else {
            "a heading takes `{#id}`, `.class` and `clauses=…` only; remove the attribute"
                .to_string()
        };
        diagnostics.push(
            Diagnostic::error(
                "heading-attribute",
                format!("the heading attribute `{key}` is not allowed"),
            )
            .at_bytes(file, at)
            .help(help),
        );
    }
    clauses
}

/// The comma-separated clause tags of `value`, which starts at byte `base`.
fn push_clause_parts(value: &str, base: usize, out: &mut Vec<ClauseTag>) {
    let mut offset = 0;
    for part in value.split(',') {
        let trimmed = part.trim();
        let start = base + offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        if trimmed.is_empty() {
            continue;
        }
        let (standard, clause) = match trimmed.split_once(':') {
            Some((s, c)) => (Some(s.to_string()), c.to_string()),
            None => (None, trimmed.to_string()),
        };
        out.push(ClauseTag {
            standard,
            clause,
            bytes: start..start + trimmed.len(),
        });
    }
}

/// Reads headings and links from the body of `file` starting at byte `body_start`.
/// `vague_words` are looked for in prose, outside code.
pub fn analyse(
    file: &SourceText,
    body_start: usize,
    vague_words: &Phrases,
    diagnostics: &mut Vec<Diagnostic>,
) -> Analysis {
    let body = &file.text[body_start..];
    let mut analysis = Analysis {
        is_empty: body.trim().is_empty(),
        ..Analysis::default()
    };
    struct Open {
        level: u8,
        explicit: Option<String>,
        text: String,
        start: usize,
        clauses: Vec<ClauseTag>,
    }
    let mut open: Option<Open> = None;
    let mut pending: Vec<(Open, Range<usize>)> = Vec::new();
    // The last heading (level, index) with nothing after it yet.
    let mut bare: Option<(u8, usize)> = None;
    let mut in_code = false;
    // Byte ranges of prose (text outside headings and code), for the vague-wording search.
    let mut prose: Vec<Range<usize>> = Vec::new();
    let mut html_depth = HtmlDepth::default();
    let mut too_deep: Option<Range<usize>> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let abs = range.start + body_start..range.end + body_start;
        let is_heading_event = matches!(
            event,
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_))
        );
        if open.is_none() && !is_heading_event {
            bare = None;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Html(ref raw) | Event::InlineHtml(ref raw) => {
                analysis.has_raw_html = true;
                html_depth.see(raw);
                if html_depth.max > MAX_HTML_DEPTH && too_deep.is_none() {
                    too_deep = Some(abs.clone());
                }
            }
            _ => {}
        }
        if let Event::Text(_) = &event
            && open.is_none()
            && !in_code
            && !vague_words.is_empty()
        {
            prose.push(abs.clone());
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => {
                if let Some((bare_level, index)) = bare
                    && level_number(level) <= bare_level
                {
                    analysis.empty_sections.push(index);
                }
                bare = None;
                let clauses = heading_clauses(file, abs.clone(), &attrs, diagnostics);
                open = Some(Open {
                    level: level_number(level),
                    explicit: id.map(|i| i.to_string()),
                    text: String::new(),
                    start: abs.start,
                    clauses,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = open.take() {
                    bare = Some((h.level, pending.len()));
                    pending.push((h, abs));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = open.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = match link_type {
                    LinkType::WikiLink { has_pothole: true } => LinkKind::WikiWithText,
                    LinkType::WikiLink { has_pothole: false } => LinkKind::Wiki,
                    _ => LinkKind::Url,
                };
                analysis.links.push(Link {
                    kind,
                    dest: dest_url.to_string(),
                    bytes: abs,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                analysis.links.push(Link {
                    kind: LinkKind::Image,
                    dest: dest_url.to_string(),
                    bytes: abs,
                });
            }
            _ => {}
        }
    }
    if let Some((_, index)) = bare {
        analysis.empty_sections.push(index);
    }
    if !prose.is_empty() {
        analysis.vague = vague_words.find(&file.text, &prose);
    }
    analysis.html_depth = html_depth.max;
    if let Some(at) = too_deep {
        diagnostics.push(
            Diagnostic::error(
                "raw-html-depth",
                format!(
                    "raw HTML here nests more than {MAX_HTML_DEPTH} elements deep ({} in all)",
                    html_depth.max
                ),
            )
            .at_bytes(file, at)
            .help("close the elements you open, or write the content in Markdown"),
        );
    }
    // Explicit ids first, so generated ids never take them.
    let mut ids = UniqueIds::default();
    for (h, range) in &pending {
        if let Some(explicit) = &h.explicit
            && !ids.reserve(explicit)
        {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-anchor",
                    format!("the heading id `{explicit}` is used twice in this document"),
                )
                .at_bytes(file, range.clone())
                .help("give each heading a different `{#id}`"),
            );
        }
    }
    for (h, range) in pending {
        let id = match h.explicit {
            Some(explicit) => explicit,
            None => ids.unique(&slugify(&h.text)),
        };
        analysis.headings.push(Heading {
            level: h.level,
            text: h.text.trim().to_string(),
            id,
            bytes: h.start..range.end,
            clauses: h.clauses,
        });
    }
    analysis.anchors = analysis
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| (h.id.clone(), i))
        .collect();
    analysis
}

/// The plain text of a body's heading sections, collected from its events
/// (the search index's text): entry 0 is the text before the first heading,
/// entry k the text after heading k. Heading text, markup and HTML are left
/// out; block ends and line breaks separate words; whitespace is collapsed
/// to single spaces and trimmed.
#[derive(Debug)]
pub struct SectionTexts {
    texts: Vec<String>,
    in_heading: bool,
    /// Whitespace seen since the last word of the current section.
    space: bool,
}

impl Default for SectionTexts {
    fn default() -> Self {
        SectionTexts {
            texts: vec![String::new()],
            in_heading: false,
            space: false,
        }
    }
}

impl SectionTexts {
    /// Takes in the next event of the body.
    pub fn see(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.in_heading = true;
                self.space = false;
                self.texts.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Text(t) | Event::Code(t) if !self.in_heading => {
                if let Some(last) = self.texts.last_mut() {
                    push_collapsed(last, &mut self.space, t);
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) if !self.in_heading => self.space = true,
            _ => {}
        }
    }

    /// The texts, one per section, as collected (whitespace not collapsed).
    pub fn finish(self) -> Vec<String> {
        self.texts
    }

    /// Parses `body` for its section texts alone.
    pub fn of(body: &str) -> Vec<String> {
        let mut texts = SectionTexts::default();
        for event in Parser::new_ext(body, options()) {
            texts.see(&event);
        }
        texts.finish()
    }
}

/// Appends the words of `t` to `out`, one space between words; `space` says
/// whether whitespace came since the last word (and is updated).
fn push_collapsed(out: &mut String, space: &mut bool, t: &str) {
    let mut word = |w: &str, space: &mut bool| {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        *space = false;
    };
    if t.is_ascii() {
        // char::is_whitespace on ASCII. Words already one space apart are
        // copied as one run.
        let white = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        let bytes = t.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if white(bytes[i]) {
                *space = true;
                i += 1;
                continue;
            }
            let run = i;
            loop {
                while i < bytes.len() && !white(bytes[i]) {
                    i += 1;
                }
                if i + 1 < bytes.len() && bytes[i] == b' ' && !white(bytes[i + 1]) {
                    i += 1;
                } else {
                    break;
                }
            }
            word(&t[run..i], space);
        }
        return;
    }
    let mut start = None;
    for (i, c) in t.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                word(&t[s..i], space);
            }
            *space = true;
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        word(&t[s..], space);
    }
}

/// A link's target after resolution, as the renderer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// The URL relative to the site root (without the page's path-to-root), or an
    /// external URL when `external` is set. `None` for a broken link.
    pub href: Option<String>,
    /// Whether `href` is an external URL to leave as it is.
    pub external: bool,
    /// For `[[ID]]` without text: the text to show (ID and title).
    pub label: Option<String>,
    /// The document linked to (index into the handbook's documents), if any.
    pub document: Option<usize>,
}

/// What the renderer needs besides the Markdown.
pub struct RenderContext<'a> {
    /// Heading ids and links from the analysis pass.
    pub analysis: &'a Analysis,
    /// One resolved target per link of the analysis, in order.
    pub links: &'a [ResolvedLink],
    /// Relative path from the page to the site root (`""` or `"../"`).
    pub root: &'a str,
    /// URL of the page itself, relative to the site root (for same-page anchors).
    pub page_url: &'a str,
    /// Renders a heading's clause tags (HTML), e.g. as links to clause pages.
    pub clause_badges: &'a dyn Fn(&[ClauseTag]) -> String,
    /// Set when the body is part of the single print page.
    pub print: Option<PrintTarget<'a>>,
    /// What to do with authors' raw HTML.
    pub raw_html: RawHtml,
    /// Links and images that resolve nowhere are shown as their text (in a
    /// `span.gone-link`) rather than as links: for earlier revisions, whose
    /// links may point to what no longer exists.
    pub unresolved_as_text: bool,
}

/// How a body is rendered into a print page: heading ids are prefixed with
/// the document ID, links to documents on the same print page become
/// in-page links and links to documents on another print page point to
/// their anchor there.
#[derive(Clone, Copy)]
pub struct PrintTarget<'a> {
    /// The document's ID, used as the prefix of its heading ids (`SOP-004--scope`).
    pub prefix: &'a str,
    /// The print page the body is on, relative to the site root.
    pub page: &'a str,
    /// The printed documents: each one's page URL (relative to the site
    /// root, as in [`ResolvedLink::href`]) → its print page (relative to the
    /// site root) and the id of its anchor there, which also prefixes its
    /// heading ids. The caller computes it; this module does not know the
    /// site's URL scheme.
    pub targets: &'a std::collections::HashMap<&'a str, PrintPlace<'a>>,
}

/// Where a document is printed: its print page and anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrintPlace<'a> {
    /// The print page, relative to the site root (`print.html`, `print/procedure.html`).
    pub page: &'a str,
    /// The id of the document's anchor on that page.
    pub id: &'a str,
}

/// The id of a heading of document `prefix` on the print page.
pub fn print_anchor(prefix: &str, id: &str) -> String {
    format!("{prefix}--{id}")
}

/// Renders a body to HTML.
pub fn render(body: &str, cx: &RenderContext<'_>) -> String {
    render_collecting(body, cx, None)
}

/// [`render`], also collecting the body's section texts into `texts` from
/// the same parse.
pub fn render_collecting(
    body: &str,
    cx: &RenderContext<'_>,
    mut texts: Option<&mut SectionTexts>,
) -> String {
    let mut out = String::with_capacity(body.len() * 3 / 2);
    let mut heading_index = 0usize;
    let mut link_index = 0usize;
    // When set, events are skipped until the matching link end (wiki-link label replaced).
    let mut skipping_link = false;
    // When set, the current link or image is shown as text (see `unresolved_as_text`).
    let mut gone_link = false;
    let mut gone_image = false;
    const GONE: &str = "<span class=\"gone-link\" title=\"No longer in the handbook\">";
    let mut current_heading: Option<&Heading> = None;
    let parser = Parser::new_ext(body, options());
    let events = parser.filter_map(|event| {
        if let Some(t) = texts.as_deref_mut() {
            t.see(&event);
        }
        match event {
        Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) => {
            let heading = cx.analysis.headings.get(heading_index);
            heading_index += 1;
            current_heading = heading;
            // Only `id` and classes reach the page: `clauses=` is qmsbook's,
            // anything else is an error in the analysis pass (and would be a
            // way around sanitizing: `{onclick=…}`).
            drop(attrs);
            let attrs = Vec::new();
            Some(Event::Start(Tag::Heading {
                level,
                id: heading.map(|h| {
                    CowStr::from(match cx.print {
                        Some(p) => print_anchor(p.prefix, &h.id),
                        None => h.id.clone(),
                    })
                }),
                classes,
                attrs,
            }))
        }
        Event::End(TagEnd::Heading(level)) => {
            let html = match current_heading.take() {
                Some(h) => format!(
                    "{}<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a>",
                    (cx.clause_badges)(&h.clauses),
                    escape(&match cx.print {
                        Some(p) => print_anchor(p.prefix, &h.id),
                        None => h.id.clone(),
                    })
                ),
                None => String::new(),
            };
            // The anchor goes inside the heading, so the closing tag is written here
            // and the End event is dropped.
            Some(Event::InlineHtml(CowStr::from(format!(
                "{html}</h{}>\n",
                level as usize
            ))))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let resolved = cx.links.get(link_index);
            link_index += 1;
            if cx.unresolved_as_text && resolved.is_some_and(|r| r.href.is_none()) {
                gone_link = true;
                let label = resolved.and_then(|r| r.label.as_ref());
                if let (LinkType::WikiLink { has_pothole: false }, Some(label)) = (link_type, label) {
                    skipping_link = true;
                    return Some(Event::InlineHtml(CowStr::from(format!("{GONE}{}", label_html(label)))));
                }
                return Some(Event::InlineHtml(CowStr::Borrowed(GONE)));
            }
            let href = resolved.map_or_else(|| dest_url.to_string(), |r| href_for(r, cx));
            if let (LinkType::WikiLink { has_pothole: false }, Some(label)) =
                (link_type, resolved.and_then(|r| r.label.as_ref()))
            {
                skipping_link = true;
                let class = if resolved.is_some_and(|r| r.href.is_none()) {
                    " broken"
                } else {
                    ""
                };
                return Some(Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"doc-ref{class}\" href=\"{}\">{}",
                    escape(&href),
                    label_html(label)
                ))));
            }
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(href),
                title,
                id,
            }))
        }
        Event::Html(raw) | Event::InlineHtml(raw) if cx.raw_html == RawHtml::Escape => {
            Some(Event::Text(raw))
        }
        Event::End(TagEnd::Link) if gone_link => {
            gone_link = false;
            skipping_link = false;
            Some(Event::InlineHtml(CowStr::Borrowed("</span>")))
        }
        Event::End(TagEnd::Image) if gone_image => {
            gone_image = false;
            Some(Event::InlineHtml(CowStr::Borrowed("]</span>")))
        }
        Event::End(TagEnd::Link) if skipping_link => {
            skipping_link = false;
            Some(Event::InlineHtml(CowStr::Borrowed("</a>")))
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let resolved = cx.links.get(link_index);
            link_index += 1;
            if cx.unresolved_as_text && resolved.is_some_and(|r| r.href.is_none()) {
                gone_image = true;
                return Some(Event::InlineHtml(CowStr::from(format!("{GONE}[image: "))));
            }
            let href = resolved.map_or_else(|| dest_url.to_string(), |r| href_for(r, cx));
            Some(Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(href),
                title,
                id,
            }))
        }
        // A task-list checkbox gets a name (axe: form elements must have labels);
        // its state is announced as checked or not.
        Event::TaskListMarker(done) if !skipping_link => Some(Event::InlineHtml(CowStr::Borrowed(
            if done {
                "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Task\">\n"
            } else {
                "<input type=\"checkbox\" disabled=\"\" aria-label=\"Task\">\n"
            },
        ))),
        _ if skipping_link => None,
        other => Some(other),
        }
    });
    pulldown_cmark::html::push_html(&mut out, wrap_tables(events));
    let out = crate::markdown::sanitize::alignment_to_classes(out);
    if cx.raw_html == RawHtml::Sanitize && cx.analysis.has_raw_html {
        if cx.analysis.html_depth > MAX_HTML_DEPTH {
            // Reported as an error by the analysis pass; never spend
            // quadratic time on it (a live preview may get here).
            return escape(&out);
        }
        crate::markdown::sanitize::clean(&out)
    } else {
        out
    }
}

/// Puts every table in a `<div class="table-wrap">`, so that a table wider
/// than the page scrolls inside its own box instead of widening the page.
/// An adapter rather than a `flat_map`, which cost a chain of iterators for
/// every event of every body.
struct WrapTables<'a, I> {
    events: I,
    /// The event to give next, before reading on.
    pending: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for WrapTables<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.take() {
            return Some(e);
        }
        let event = self.events.next()?;
        match event {
            Event::Start(Tag::Table(_)) => {
                self.pending = Some(event);
                Some(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\">\n",
                )))
            }
            Event::End(TagEnd::Table) => {
                self.pending = Some(Event::Html(CowStr::Borrowed("</div>\n")));
                Some(event)
            }
            other => Some(other),
        }
    }
}

fn wrap_tables<'a, I: Iterator<Item = Event<'a>>>(events: I) -> WrapTables<'a, I> {
    WrapTables {
        events,
        pending: None,
    }
}

/// `"SOP-004 Title"` → `<span class="doc-id">SOP-004</span> Title` when the label starts with an ID.
fn label_html(label: &str) -> String {
    match label.split_once(' ') {
        Some((id, rest)) => format!(
            "<span class=\"doc-id\">{}</span> {}",
            escape(id),
            escape(rest)
        ),
        None => format!("<span class=\"doc-id\">{}</span>", escape(label)),
    }
}

fn href_for(r: &ResolvedLink, cx: &RenderContext<'_>) -> String {
    match &r.href {
        None => "#".to_string(),
        Some(h) if r.external => h.clone(),
        Some(h) => {
            if let Some(p) = cx.print {
                let (url, anchor) = h
                    .split_once('#')
                    .map_or((h.as_str(), None), |(u, a)| (u, Some(a)));
                if url.is_empty() || url == cx.page_url {
                    return match anchor {
                        Some(a) if !a.is_empty() => format!("#{}", print_anchor(p.prefix, a)),
                        _ => format!("#{}", p.prefix),
                    };
                }
                if let Some(place) = p.targets.get(url) {
                    let fragment = match anchor {
                        Some(a) if !a.is_empty() => print_anchor(place.id, a),
                        _ => place.id.to_string(),
                    };
                    return if place.page == p.page {
                        format!("#{fragment}")
                    } else {
                        format!("{}{}#{fragment}", cx.root, place.page)
                    };
                }
                return format!("{}{}", cx.root, h);
            }
            if let Some(anchor) = h.strip_prefix('#') {
                return format!("#{anchor}");
            }
            // Links to the page itself keep only the anchor.
            if let Some(rest) = h.strip_prefix(cx.page_url)
                && (rest.is_empty() || rest.starts_with('#'))
            {
                return if rest.is_empty() {
                    "#".to_string()
                } else {
                    rest.to_string()
                };
            }
            format!("{}{}", cx.root, h)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse_str(s: &str) -> (Analysis, Vec<Diagnostic>) {
        let f = SourceText::new("a.md", s.to_string());
        let mut d = Vec::new();
        (
            analyse(
                &f,
                0,
                &Phrases::new(&["as appropriate".to_string(), "etc.".to_string()]),
                &mut d,
            ),
            d,
        )
    }

    #[test]
    fn empty_sections_and_vague_words() {
        let src = "# Title\n\n## Empty\n\n## Full\n\nText as appropriate, etc.\n\n```\nas appropriate\n```\n\n### Last\n";
        let (a, _) = analyse_str(src);
        let empty: Vec<&str> = a
            .empty_sections
            .iter()
            .map(|&i| a.headings[i].text.as_str())
            .collect();
        assert_eq!(empty, ["Empty", "Last"]);
        let found: Vec<&str> = a.vague.iter().map(|(r, _)| &src[r.clone()]).collect();
        assert_eq!(found, ["as appropriate", "etc."]);
    }

    #[test]
    fn collapsed_text_is_the_words_one_space_apart() {
        // Whatever the chunks, the result is their concatenation's words
        // joined by single spaces (a word split across chunks stays whole).
        let alphabet = [
            " ", "  ", "\t", "\n", "a", "bc", "D-1", ".", "é", "\r\n", "x y",
        ];
        let mut seed = 7u32;
        for _ in 0..2000 {
            let mut chunks = Vec::new();
            for _ in 0..(seed % 4 + 1) {
                let mut chunk = String::new();
                for _ in 0..(seed % 9) {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    chunk.push_str(alphabet[(seed >> 16) as usize % alphabet.len()]);
                }
                chunks.push(chunk);
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            }
            let (mut out, mut space) = (String::new(), false);
            for c in &chunks {
                push_collapsed(&mut out, &mut space, c);
            }
            let expected = chunks
                .concat()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(out, expected, "{chunks:?}");
        }
    }

    #[test]
    fn section_texts_from_rendering_equal_a_parse_of_their_own() {
        let src = "Intro *text*.\u{a0} and\u{2003}more\n\n## One {clauses=7.5}\n\n- a\n- `b`\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n### Two\n\n> quote\nline\n";
        let (a, _) = analyse_str(src);
        let mut texts = SectionTexts::default();
        let cx = RenderContext {
            analysis: &a,
            links: &[],
            root: "",
            page_url: "a.html",
            clause_badges: &|_| String::new(),
            print: None,
            raw_html: RawHtml::Sanitize,
            unresolved_as_text: false,
        };
        render_collecting(src, &cx, Some(&mut texts));
        let collected = texts.finish();
        assert_eq!(collected, SectionTexts::of(src));
        assert_eq!(collected.len(), 3);
        for text in &collected {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(*text, words.join(" "), "collapsed and trimmed");
        }
        assert!(collected[0].starts_with("Intro text."), "{collected:?}");
        assert!(
            collected[1].contains('b') && collected[1].contains('2'),
            "{collected:?}"
        );
    }

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_win() {
        let (a, d) = analyse_str("# Scope\n\n## Scope\n\n## Records {#scope-1}\n\n## Records\n");
        assert!(d.is_empty());
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["scope", "scope-2", "scope-1", "records"]);
    }

    #[test]
    fn finds_links_of_every_kind_with_offsets() {
        let src =
            "See [[SOP-004]], [[SOP-004#records|records]] and [a](../b.md#x).\n\n![img](p.png)\n";
        let (a, _) = analyse_str(src);
        let kinds: Vec<_> = a.links.iter().map(|l| (l.kind, l.dest.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (LinkKind::Wiki, "SOP-004"),
                (LinkKind::WikiWithText, "SOP-004#records"),
                (LinkKind::Url, "../b.md#x"),
                (LinkKind::Image, "p.png"),
            ]
        );
        assert_eq!(&src[a.links[0].bytes.clone()], "[[SOP-004]]");
    }

    #[test]
    fn section_clause_tags_have_spans() {
        let src = "## Retention {#retention clauses=7.5.3.2,iso14001-2015:7.5.3}\n";
        let (a, _) = analyse_str(src);
        let h = &a.headings[0];
        assert_eq!(h.id, "retention");
        assert_eq!(h.text, "Retention");
        assert_eq!(h.clauses.len(), 2);
        assert_eq!(&src[h.clauses[0].bytes.clone()], "7.5.3.2");
        assert_eq!(h.clauses[1].standard.as_deref(), Some("iso14001-2015"));
        assert_eq!(&src[h.clauses[1].bytes.clone()], "iso14001-2015:7.5.3");
    }

    #[test]
    fn print_mode_prefixes_ids_and_turns_document_links_into_anchors() {
        let src = "## Scope\n\n[[A]] [[B#x|b]] [here](#scope) [[C#y|c]]\n";
        let (a, _) = analyse_str(src);
        let link = |href: &str| ResolvedLink {
            href: Some(href.into()),
            external: false,
            label: Some("A Alpha".into()),
            document: None,
        };
        let links = vec![
            link("pages/A.html"),
            link("pages/B.html#x"),
            link("#scope"),
            link("pages/C.html#y"),
        ];
        let at = |page, id| PrintPlace { page, id };
        let targets: std::collections::HashMap<&str, PrintPlace<'_>> = [
            ("pages/B.html", at("print.html", "B")),
            ("pages/C.html", at("print/other.html", "C")),
        ]
        .into_iter()
        .collect();
        let badges = |_: &[ClauseTag]| String::new();
        let html = render(
            src,
            &RenderContext {
                analysis: &a,
                links: &links,
                root: "",
                page_url: "pages/X.html",
                clause_badges: &badges,
                print: Some(PrintTarget {
                    prefix: "X",
                    page: "print.html",
                    targets: &targets,
                }),
                raw_html: RawHtml::Sanitize,
                unresolved_as_text: false,
            },
        );
        assert!(html.contains("<h2 id=\"X--scope\">"), "{html}");
        assert!(
            html.contains("href=\"pages/A.html\""),
            "not on the print page: {html}"
        );
        assert!(html.contains("href=\"#B--x\""), "{html}");
        assert!(html.contains("href=\"#X--scope\""), "{html}");
        assert!(
            html.contains("href=\"print/other.html#C--y\""),
            "on another print page: {html}"
        );
    }

    #[test]
    fn every_table_is_wrapped_in_its_own_scrolling_box() {
        let src = "| a | b |\n|---|--:|\n| 1 | 2 |\n\nText\n\n| c |\n|---|\n| 3 |\n";
        let (a, _) = analyse_str(src);
        let badges = |_: &[ClauseTag]| String::new();
        let html = render(
            src,
            &RenderContext {
                analysis: &a,
                links: &[],
                root: "",
                page_url: "x.html",
                clause_badges: &badges,
                print: None,
                raw_html: RawHtml::Sanitize,
                unresolved_as_text: false,
            },
        );
        assert_eq!(
            html.matches("<div class=\"table-wrap\">\n<table>").count(),
            2,
            "{html}"
        );
        assert_eq!(html.matches("</table>\n</div>\n").count(), 2, "{html}");
        assert!(html.contains("</div>\n<p>Text</p>"), "{html}");
        // Alignment still reaches the cells.
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
    }

    #[test]
    fn renders_ids_anchors_and_resolved_links() {
        let src = "## Scope {clauses=7.5}\n\nSee [[SOP-004]] and [[SOP-004|this]].\n";
        let (a, _) = analyse_str(src);
        let links = vec![
            ResolvedLink {
                href: Some("pages/SOP-004.html".into()),
                external: false,
                label: Some("SOP-004 Control <docs>".into()),
                document: Some(0),
            },
            ResolvedLink {
                href: Some("pages/SOP-004.html".into()),
                external: false,
                label: None,
                document: Some(0),
            },
        ];
        let badges = |c: &[ClauseTag]| format!("<span>{}</span>", c.len());
        let html = render(
            src,
            &RenderContext {
                analysis: &a,
                links: &links,
                root: "../",
                page_url: "pages/X.html",
                clause_badges: &badges,
                print: None,
                raw_html: RawHtml::Sanitize,
                unresolved_as_text: false,
            },
        );
        assert!(
            html.contains(
                "<h2 id=\"scope\">Scope<span>1</span><a class=\"anchor\" href=\"#scope\""
            ),
            "{html}"
        );
        assert!(html.contains("<a class=\"doc-ref\" href=\"../pages/SOP-004.html\"><span class=\"doc-id\">SOP-004</span> Control &lt;docs&gt;</a>"), "{html}");
        assert!(
            html.contains("<a href=\"../pages/SOP-004.html\">this</a>"),
            "{html}"
        );
        assert!(!html.contains("clauses="), "{html}");
    }
}
