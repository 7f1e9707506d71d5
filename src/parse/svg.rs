//! SVG images made safe to publish: a strict allow-list rewrite.
//!
//! An SVG file opened on its own is a document that can run script, load
//! other pages and submit forms. [`sanitize`] reads one with a streaming XML
//! parser (no recursion, so nesting depth costs no stack) and writes back
//! only what draws a picture: SVG shapes, text, paint servers, filters,
//! clipping and masking, and `<a>` links to web pages. Everything else is
//! left out: scripts, event-handler attributes, `<foreignObject>` (HTML
//! inside the picture), animation elements (they can rewrite links),
//! processing instructions such as `xml-stylesheet`, comments, the DOCTYPE,
//! elements and attributes of other namespaces (editor metadata), and
//! references that leave the file (`href`s other than `#fragment`, CSS
//! `url(…)`s other than `url(#…)`, `@import`). Entities declared in the
//! DOCTYPE are expanded when their value is plain text (old Illustrator
//! files declare their namespaces that way), within a budget, so an entity
//! cannot blow a small file up.
//!
//! The result is well-formed XML in UTF-8; text and attribute values are
//! re-escaped, never copied raw.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// The SVG namespace.
const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The XLink namespace (`xlink:href` in SVG 1.1).
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// Elements that are kept (with the attributes [`attribute_kept`] allows).
/// Every other element is left out with everything inside it.
const ELEMENTS: &[&str] = &[
    "a",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "view",
];

/// Why an SVG file could not be made safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgError {
    /// Byte offset in the text where the problem is.
    pub offset: usize,
    /// What is wrong, as a sentence fragment (`not well-formed XML: …`).
    pub message: String,
}

/// Rewrites the SVG `text` keeping only what draws a picture (see the
/// module documentation). Fails when the text is not well-formed XML or its
/// root element is not `<svg>`.
pub fn sanitize(text: &str) -> Result<String, SvgError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut out = String::with_capacity(text.len());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let mut entities = Entities::new(text.len());
    // Open elements that are kept, and how deep inside a left-out element we are.
    let mut open: Vec<String> = Vec::new();
    let mut skipping = 0usize;
    let mut seen_root = false;
    let mut in_style = false;
    let mut style_text = String::new();
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| SvgError {
            offset: usize::try_from(reader.error_position()).unwrap_or(start),
            message: format!("not well-formed XML: {e}"),
        })?;
        let at = |message: String| SvgError {
            offset: start,
            message,
        };
        match event {
            Event::Eof => break,
            Event::DocType(d) => {
                let decl = d.decode().map_err(|e| at(e.to_string()))?;
                entities.declare(&decl);
            }
            Event::Start(_) if skipping > 0 => skipping += 1,
            Event::Empty(_) if skipping > 0 => {}
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = std::str::from_utf8(e.name().as_ref())
                    .map_err(|_| at("an element name is not UTF-8".into()))?
                    .to_string();
                if !seen_root {
                    seen_root = true;
                    if name != "svg" {
                        return Err(at(format!(
                            "the root element is `<{name}>`, not `<svg>`, so this is not a plain SVG image"
                        )));
                    }
                }
                if !ELEMENTS.contains(&name.as_str()) || in_style {
                    if !empty {
                        skipping = 1;
                    }
                    continue;
                }
                out.push('<');
                out.push_str(&name);
                write_attributes(e, &name, open.is_empty(), &mut entities, &mut out).map_err(at)?;
                if empty {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    if name == "style" {
                        in_style = true;
                        style_text.clear();
                    }
                    open.push(name);
                }
            }
            Event::End(_) if skipping > 0 => skipping -= 1,
            Event::End(_) => {
                let Some(name) = open.pop() else {
                    return Err(at("an end tag has no start tag".into()));
                };
                if name == "style" {
                    in_style = false;
                    let css = without_controls(&style_text);
                    if css_is_safe(&css) {
                        escape_into(&css, &mut out);
                    }
                }
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
            _ if skipping > 0 => {}
            Event::Text(t) => {
                let raw = t.decode().map_err(|e| at(e.to_string()))?;
                if in_style {
                    style_text.push_str(&raw);
                } else if !open.is_empty() {
                    escape_into(&raw, &mut out);
                }
            }
            Event::CData(c) => {
                let raw = c.decode().map_err(|e| at(e.to_string()))?;
                if in_style {
                    style_text.push_str(&raw);
                } else if !open.is_empty() {
                    escape_into(&raw, &mut out);
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| at(e.to_string()))?;
                let value = entities.resolve(&name).map_err(at)?;
                if in_style {
                    style_text.push_str(&value);
                } else if !open.is_empty() {
                    escape_into(&value, &mut out);
                }
            }
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
        }
    }
    if !seen_root {
        return Err(SvgError {
            offset: 0,
            message: "there is no `<svg>` element in it".into(),
        });
    }
    if !open.is_empty() || skipping > 0 {
        return Err(SvgError {
            offset: text.len(),
            message: "not well-formed XML: the file ends inside an element".into(),
        });
    }
    out.push('\n');
    Ok(out)
}

/// Writes the attributes of element `name` that are safe, re-escaped.
fn write_attributes(
    e: &BytesStart<'_>,
    element: &str,
    root: bool,
    entities: &mut Entities,
    out: &mut String,
) -> Result<(), String> {
    let mut has_namespace = false;
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("not well-formed XML: {err}"))?;
        let key = std::str::from_utf8(attr.key.as_ref())
            .map_err(|_| "an attribute name is not UTF-8".to_string())?;
        let raw = std::str::from_utf8(&attr.value)
            .map_err(|_| "an attribute value is not UTF-8".to_string())?;
        // Control characters go before the checks, so what is checked is what is written.
        let value = without_controls(&entities.expand(raw)?);
        if !is_name(key) || !attribute_kept(element, key, &value) {
            continue;
        }
        if key == "xmlns" {
            has_namespace = true;
        }
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        escape_into(&value, out);
        out.push('"');
    }
    if root && !has_namespace {
        // Without it a browser shows the file as XML, not as a picture.
        out.push_str(" xmlns=\"");
        out.push_str(SVG_NS);
        out.push('"');
    }
    Ok(())
}

/// Whether attribute `key="value"` of element `element` is kept.
fn attribute_kept(element: &str, key: &str, value: &str) -> bool {
    let (prefix, local) = match key.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, key),
    };
    if local
        .as_bytes()
        .get(..2)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"on"))
    {
        return false;
    }
    let squeezed = squeeze(value);
    if ["javascript:", "vbscript:", "livescript:"]
        .iter()
        .any(|s| squeezed.starts_with(s))
    {
        return false;
    }
    match (prefix, local) {
        (None, "xmlns") => value == SVG_NS,
        (Some("xmlns"), "xlink") => value == XLINK_NS,
        (Some("xmlns"), _) => false,
        (Some("xml"), "space" | "lang") => true,
        (Some("xlink"), "href") | (None, "href") => href_kept(element, &squeezed),
        (Some("xlink"), "title") => true,
        (Some(_), _) => false,
        (None, "src" | "srcdoc" | "action" | "formaction" | "data" | "attributeName") => false,
        (None, _) if squeezed.starts_with("data:") => false,
        (None, "style") => css_is_safe(value),
        (None, _) => !squeezed.contains("url(") || css_is_safe(value),
    }
}

/// Whether an `href` (already [`squeeze`]d) may stay on `element`: a
/// `#fragment` anywhere; web and mail links on `<a>`; embedded raster
/// images on `<image>` and `<feImage>`.
fn href_kept(element: &str, href: &str) -> bool {
    if href.starts_with('#') {
        return true;
    }
    match element {
        "a" => ["https:", "http:", "mailto:"]
            .iter()
            .any(|s| href.starts_with(s)),
        "image" | "feImage" => [
            "data:image/png;",
            "data:image/jpeg;",
            "data:image/jpg;",
            "data:image/gif;",
            "data:image/webp;",
        ]
        .iter()
        .any(|s| href.starts_with(s)),
        _ => false,
    }
}

/// A value lowercased with the characters browsers skip inside URL schemes
/// (ASCII whitespace and controls) removed, for prefix checks.
fn squeeze(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether CSS (a `style` attribute, a `<style>` element, a presentation
/// attribute such as `fill`) loads nothing and runs nothing: no escapes (they
/// can spell anything), no `@import`, no legacy script hooks, and every
/// `url(` points inside the file (`url(#id)`).
fn css_is_safe(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    if lower.contains('\\')
        || lower.contains("@import")
        || lower.contains("expression")
        || lower.contains("javascript:")
        || lower.contains("-moz-binding")
        || lower.contains("behavior")
        || lower.contains("<")
    {
        return false;
    }
    lower.match_indices("url(").all(|(i, m)| {
        lower[i + m.len()..]
            .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'')
            .starts_with('#')
    })
}

/// Whether an attribute name is a plain XML name (letters, digits, `-`,
/// `_`, `.`, `:`, not starting with a digit, `-` or `.`); others are dropped.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || "-_.:".contains(c))
}

/// `text` without the control characters XML 1.0 does not allow (all but
/// tab and line ends), so what is checked is what is written.
fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Appends `text` escaped for XML text and double-quoted attribute values;
/// control characters XML 1.0 does not allow are left out.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// Entities: the five predefined ones, character references, and those a
/// DOCTYPE declares with a plain-text value; expansion is budgeted.
struct Entities {
    declared: HashMap<String, String>,
    /// Bytes that expansions of declared entities may still add.
    budget: usize,
}

impl Entities {
    /// A table whose expansions may add up to four times the file's size
    /// plus 64 KiB: ample for namespace declarations, never a bomb.
    fn new(input_len: usize) -> Self {
        Entities {
            declared: HashMap::new(),
            budget: input_len.saturating_mul(4).saturating_add(64 * 1024),
        }
    }

    /// Reads `<!ENTITY name "value">` declarations from a DOCTYPE's text.
    /// Values with markup or references of their own, parameter entities
    /// and external entities are ignored (a reference to one is an error).
    fn declare(&mut self, doctype: &str) {
        let mut rest = doctype;
        while let Some(i) = rest.find("<!ENTITY") {
            rest = &rest[i + "<!ENTITY".len()..];
            let decl = rest.trim_start();
            if decl.starts_with('%') {
                continue;
            }
            let name_end = decl.find(|c: char| c.is_whitespace()).unwrap_or(decl.len());
            let name = &decl[..name_end];
            let after = decl[name_end..].trim_start();
            let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(end) = after[1..].find(quote) else {
                continue;
            };
            let value = &after[1..1 + end];
            if !name.is_empty() && !value.contains(['&', '<', '%']) {
                self.declared
                    .entry(name.to_string())
                    .or_insert_with(|| value.to_string());
            }
        }
    }

    /// The text an entity reference (`name` without `&` and `;`) stands for.
    fn resolve(&mut self, name: &str) -> Result<String, String> {
        if let Some(number) = name.strip_prefix('#') {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse::<u32>().ok(),
            };
            return code
                .and_then(char::from_u32)
                .filter(|c| *c != '\0')
                .map(String::from)
                .ok_or_else(|| format!("`&{name};` is not a valid character reference"));
        }
        if let Some(p) = quick_xml::escape::resolve_predefined_entity(name) {
            return Ok(p.to_string());
        }
        let Some(value) = self.declared.get(name) else {
            return Err(format!(
                "the entity `&{name};` is not declared with a plain-text value in the file's DOCTYPE"
            ));
        };
        self.budget = self.budget.checked_sub(value.len()).ok_or_else(|| {
            "its DOCTYPE entities expand to far more text than the file holds".to_string()
        })?;
        Ok(value.clone())
    }

    /// An attribute value with every reference replaced.
    fn expand(&mut self, raw: &str) -> Result<String, String> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(end) = after.find(';') else {
                return Err("not well-formed XML: an `&` in an attribute value starts no reference (write `&amp;`)".into());
            };
            out.push_str(&self.resolve(&after[..end])?);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sanitized text, checked to be a fixed point: what is published
    /// passes through unchanged a second time.
    fn clean(svg: &str) -> String {
        let once = match sanitize(svg) {
            Ok(s) => s,
            Err(e) => panic!("{svg}: {e:?}"),
        };
        assert_eq!(sanitize(&once).as_ref(), Ok(&once), "not a fixed point");
        once
    }

    #[test]
    fn a_plain_drawing_is_kept() {
        let out = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" style="stroke:url(#g)"/><text x="1" y="5">A &amp; B &lt; C</text></svg>"##,
        );
        assert!(
            out.contains(
                r##"<rect width="10" height="10" fill="url(#g)" style="stroke:url(#g)"/>"##
            ),
            "{out}"
        );
        assert!(
            out.contains("<text x=\"1\" y=\"5\">A &amp; B &lt; C</text>"),
            "{out}"
        );
        assert!(
            out.contains(
                "<linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"red\"/></linearGradient>"
            ),
            "{out}"
        );
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns="));
    }

    #[test]
    fn scripts_handlers_and_foreign_content_are_left_out() {
        let hostile = [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script><![CDATA[alert(1)]]></script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="alert(1)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></body></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href=" jav&#x09;ascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)">x</a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onclick" to="alert(1)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><g xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert(1)"/></g></svg>"#,
            r#"<?xml-stylesheet href="evil.xsl" type="text/xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url(https://evil.example/track)}</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="background:u\72l(https://evil.example)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url( 'https://evil.example/t' )"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><handler type="application/ecmascript">alert(1)</handler></svg>"#,
        ];
        for svg in hostile {
            let out = clean(svg).to_ascii_lowercase();
            for bad in [
                "script",
                "alert",
                "onload",
                "onclick",
                "foreignobject",
                "iframe",
                "evil",
                "stylesheet",
                "svg+xml",
                "animate",
                "<set",
                "handler",
                "body",
            ] {
                assert!(!out.contains(bad), "{svg}\n→ {out}\n(contains {bad})");
            }
        }
    }

    #[test]
    fn safe_references_stay() {
        let out = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#s"/><a href="https://example.com/"><text>w</text></a><image href="data:image/png;base64,AAAA"/></svg>"##,
        );
        assert!(
            out.contains("xmlns:xlink=\"http://www.w3.org/1999/xlink\""),
            "{out}"
        );
        assert!(out.contains("<use xlink:href=\"#s\"/>"), "{out}");
        assert!(out.contains("<a href=\"https://example.com/\">"), "{out}");
        assert!(
            out.contains("<image href=\"data:image/png;base64,AAAA\"/>"),
            "{out}"
        );
    }

    #[test]
    fn editor_metadata_and_namespaces_are_dropped() {
        let out = clean(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.2"><sodipodi:namedview xmlns:sodipodi="x"><inkscape:grid/></sodipodi:namedview><metadata><rdf:RDF xmlns:rdf="y"/></metadata><g inkscape:label="Layer 1"><path d="M0 0L1 1"/></g><!-- a comment --></svg>"#,
        );
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><g><path d=\"M0 0L1 1\"/></g></svg>\n"
        );
    }

    #[test]
    fn doctype_entities_expand_when_plain_and_budgeted() {
        let illustrator = r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ENTITY ns_svg "http://www.w3.org/2000/svg">
  <!ENTITY ext SYSTEM "file:///etc/passwd">
]><svg xmlns="&ns_svg;"><text>&#169; 2026</text></svg>"#;
        let out = clean(illustrator);
        assert!(
            out.contains("<svg xmlns=\"http://www.w3.org/2000/svg\">"),
            "{out}"
        );
        assert!(out.contains("© 2026"), "{out}");
        assert!(!out.contains("DOCTYPE"), "{out}");

        let external = r#"<!DOCTYPE svg [<!ENTITY ext SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&ext;</text></svg>"#;
        let err = sanitize(external).unwrap_err();
        assert!(err.message.contains("`&ext;`"), "{err:?}");

        let nested = r#"<!DOCTYPE svg [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#;
        assert!(
            sanitize(nested).is_err(),
            "an entity made of entities is not expanded"
        );

        let value = "x".repeat(10_000);
        let mut bomb = format!(
            r#"<!DOCTYPE svg [<!ENTITY big "{value}">]><svg xmlns="http://www.w3.org/2000/svg"><text>"#
        );
        bomb.push_str(&"&big;".repeat(5_000));
        bomb.push_str("</text></svg>");
        let err = sanitize(&bomb).unwrap_err();
        assert!(err.message.contains("expand"), "{err:?}");
    }

    #[test]
    fn bad_files_are_errors_with_a_position() {
        let err =
            sanitize("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect></g></svg>").unwrap_err();
        assert!(err.message.starts_with("not well-formed XML"), "{err:?}");
        assert!(err.offset > 40, "{err:?}");
        let err = sanitize("<html><script>alert(1)</script></html>").unwrap_err();
        assert!(err.message.contains("`<html>`"), "{err:?}");
        assert!(sanitize("").is_err());
        assert!(sanitize("<svg xmlns=\"http://www.w3.org/2000/svg\">").is_err());
        // Found by fuzzing: a non-ASCII attribute name (it panicked) ...
        assert!(sanitize("<svg \u{feff}x=\"1\" é=\"2\"></svg>").is_ok());
        // ... names and text with control characters (the output did not parse again).
        let odd = clean("<svg \u{0}\u{0}=\"\u{f}&gt;\" x=\"1\"><text>a\u{8}b</text></svg>");
        assert!(
            !odd.contains('\u{0}') && !odd.contains('\u{8}') && !odd.contains('\u{f}'),
            "{odd}"
        );
        // ... and the end of the file inside a left-out element (it looped).
        assert!(sanitize("<svg xmlns=\"http://www.w3.org/2000/svg\"><defs><unknown>text").is_err());
        assert!(sanitize("<svg><a href=\"x&y\">t</a></svg>").is_err());
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let depth = 200_000;
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            "<g>".repeat(depth),
            "</g>".repeat(depth)
        );
        assert!(clean(&svg).len() > depth * 3);
        let skipped = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject>{}{}</foreignObject><rect/></svg>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert!(clean(&skipped).ends_with("<rect/></svg>\n"));
    }

    #[test]
    fn a_missing_namespace_is_added_and_the_bom_dropped() {
        assert_eq!(
            clean("\u{feff}<svg width=\"1\"></svg>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg width=\"1\" xmlns=\"http://www.w3.org/2000/svg\"></svg>\n"
        );
    }
}
