//! Raw HTML in Markdown: cleaned (default), escaped, or passed through, as
//! `[output.html] raw-html` says.
//!
//! Sanitizing keeps what a handbook needs (formatting, tables, links, images,
//! heading ids, classes, task-list checkboxes) and removes what could run code
//! or leak data: scripts, event handlers, `javascript:` URLs, iframes, forms,
//! and inline styles (which could load remote images).

use std::collections::HashSet;

/// Re-exported for the renderers; the setting type lives in [`crate::config`].
pub use crate::config::RawHtml;

/// Pulldown-cmark writes table alignment as inline styles, which the pages'
/// Content-Security-Policy forbids; classes carry it instead.
/// One pass; the string is returned as it is when it has no alignment.
pub fn alignment_to_classes(html: String) -> String {
    const STYLE: &str = " style=\"text-align: ";
    let finder = memchr::memmem::Finder::new(STYLE);
    if finder.find(html.as_bytes()).is_none() {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = finder.find(rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let after = &rest[at + STYLE.len()..];
        let class = ["left", "center", "right"]
            .into_iter()
            .find(|a| after.starts_with(a) && after[a.len()..].starts_with('"'));
        match class {
            Some(a) => {
                out.push_str(" class=\"align-");
                out.push_str(a);
                out.push('"');
                rest = &after[a.len() + 1..];
            }
            None => {
                out.push_str(STYLE);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Cleans rendered HTML that contains authors' raw HTML.
pub fn clean(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes([
            "id",
            "class",
            "title",
            "lang",
            "dir",
            "role",
            "aria-label",
            "aria-hidden",
            "aria-describedby",
        ])
        .add_tags([
            "input",
            "details",
            "summary",
            "figure",
            "figcaption",
            "mark",
            "kbd",
            "abbr",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("img", ["src", "alt", "title", "width", "height"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            // Only disabled checkboxes (task lists) may be inputs.
            if element == "input" && attribute == "type" && value != "checkbox" {
                return None;
            }
            Some(value.into())
        });
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_handlers_and_javascript_urls_keeps_ids_and_classes() {
        let dirty = r##"<h2 id="scope" class="x">Scope<a class="anchor" href="#scope">#</a></h2>
<script>alert(1)</script><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">j</a>
<iframe src="https://evil.example"></iframe><p style="background:url(https://evil.example/t)">s</p>
<input type="text" value="x"><input type="checkbox" checked disabled>"##;
        let clean = clean(dirty);
        assert!(clean.contains(r#"<h2 id="scope" class="x">"#), "{clean}");
        assert!(
            clean.contains(r##"<a class="anchor" href="#scope""##),
            "{clean}"
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "style=",
            "type=\"text\"",
        ] {
            assert!(!clean.contains(bad), "{bad} in {clean}");
        }
        assert!(clean.contains("checkbox"), "{clean}");
    }

    #[test]
    fn alignment_becomes_classes() {
        assert_eq!(
            alignment_to_classes(r#"<th style="text-align: center">a</th>"#.to_string()),
            r#"<th class="align-center">a</th>"#
        );
        let mixed = r#"<td style="text-align: left">l</td><td style="text-align: right">r</td><td style="text-align: justify">j</td>"#;
        assert_eq!(
            alignment_to_classes(mixed.to_string()),
            r#"<td class="align-left">l</td><td class="align-right">r</td><td style="text-align: justify">j</td>"#
        );
        let plain = "<p>no tables</p>".to_string();
        assert_eq!(alignment_to_classes(plain.clone()), plain);
    }
}
