//! Reading parsed HTML.

use scraper::{Html, Selector};

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector))
        .map(|e| collapse(&e.text().collect::<String>()))
        .collect()
}

/// The attribute `attr` of every element matching `selector` that has it.
pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    html.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// How many elements match `selector`.
pub fn count(html: &Html, selector: &str) -> usize {
    html.select(&sel(selector)).count()
}

/// A parsed CSS selector; panics on a typo.
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector `{selector}`: {e:?}"))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
