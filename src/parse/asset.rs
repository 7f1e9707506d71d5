//! Content files other than Markdown, and how each is published.
//!
//! Most are copied as they are (images, PDFs, spreadsheets). Files a
//! browser would run, *active content*, are not published unless the
//! handbook enables it (`[output.html] publish-active-files = true`): web
//! pages, scripts and XML can run script in the site's origin, read its
//! pages and rewrite what readers see. SVG images are the exception that is
//! too useful to refuse: they are published rewritten to a safe subset
//! ([`crate::parse::svg`]).

use std::fmt;
use std::sync::Arc;

/// Kinds of active content, recognised by the file's extension (in any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Active {
    /// `.html`, `.htm`, `.xhtml`, `.xht`, `.shtml`.
    Page,
    /// `.svg`: published sanitized unless active files are published as they are.
    Svg,
    /// `.svgz`: compressed SVG, which cannot be checked.
    CompressedSvg,
    /// `.xml`, `.xsl`, `.xslt`: XML can carry XHTML and script, XSLT can transform it.
    Xml,
    /// `.js`, `.mjs`, `.cjs`.
    Script,
}

impl Active {
    /// The kind of active content a content path holds, if any.
    pub fn of(path: &str) -> Option<Active> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let (_, extension) = name.rsplit_once('.')?;
        let extension = extension.to_ascii_lowercase();
        Some(match extension.as_str() {
            "html" | "htm" | "xhtml" | "xht" | "shtml" => Active::Page,
            "svg" => Active::Svg,
            "svgz" => Active::CompressedSvg,
            "xml" | "xsl" | "xslt" => Active::Xml,
            "js" | "mjs" | "cjs" => Active::Script,
            _ => return None,
        })
    }
}

impl fmt::Display for Active {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Active::Page => "a web page",
            Active::Svg => "an SVG image",
            Active::CompressedSvg => "a compressed SVG image",
            Active::Xml => "an XML file",
            Active::Script => "a script",
        })
    }
}

/// How one content file other than Markdown is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publish {
    /// Copied unchanged.
    Copy,
    /// Written unchanged from the bytes read when the handbook was loaded: a
    /// data file, published exactly as its checks saw it (and not read twice).
    Read(Arc<[u8]>),
    /// Written with these contents instead (a sanitized SVG).
    Rewritten(Arc<[u8]>),
    /// Not published: active content the handbook does not publish, or an
    /// SVG that could not be made safe (reported at the file).
    Withheld(Active),
}

/// A content file other than Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to the content folder, `/`-separated.
    pub rel: String,
    /// How it is published.
    pub publish: Publish,
}

impl Asset {
    /// Whether the file is part of the site.
    pub fn is_published(&self) -> bool {
        !matches!(self.publish, Publish::Withheld(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_content_is_known_by_extension_in_any_case() {
        assert_eq!(Active::of("forms/a.HTML"), Some(Active::Page));
        assert_eq!(Active::of("a.htm"), Some(Active::Page));
        assert_eq!(Active::of("x/y.Svg"), Some(Active::Svg));
        assert_eq!(Active::of("y.svgz"), Some(Active::CompressedSvg));
        assert_eq!(Active::of("feed.xml"), Some(Active::Xml));
        assert_eq!(Active::of("app.mjs"), Some(Active::Script));
        assert_eq!(Active::of("app.js"), Some(Active::Script));
        assert_eq!(Active::of("logo.png"), None);
        assert_eq!(Active::of("report.pdf"), None);
        assert_eq!(Active::of("html"), None);
        assert_eq!(Active::of("svg.d/readme.txt"), None);
    }
}
