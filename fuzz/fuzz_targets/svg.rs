//! Any text through the SVG sanitizer: it never panics, and what it
//! publishes is a fixed point (sanitizing it again changes nothing) with
//! no script element and no event-handler attribute.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmsbook::parse::svg::sanitize;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(clean) = sanitize(text) else {
        return;
    };
    assert_eq!(sanitize(&clean).as_ref(), Ok(&clean), "not a fixed point");
    let lower = clean.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{clean}");
    // Quotes are escaped in text and values, so `name="` is always an attribute.
    for (i, _) in lower.match_indices(" on") {
        let name_end = lower[i + 3..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(lower.len(), |n| i + 3 + n);
        assert!(!lower[name_end..].starts_with("=\""), "{clean}");
    }
});
