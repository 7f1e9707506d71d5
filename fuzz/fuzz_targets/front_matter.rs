//! Any bytes through decoding, the front-matter splitter and the schema.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmsbook::diagnostics::SourceText;
use qmsbook::parse::front_matter::parse_front_matter;
use qmsbook::parse::source::{SourceFile, Split, decode, split_front_matter};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode("a.md", data) else {
        return;
    };
    let (front_matter, body_start) = match split_front_matter(&text) {
        Split::Found(block, body) => (Some(block), body),
        Split::None => (None, 0),
        Split::Unterminated(_) => return,
    };
    let file = SourceFile {
        rel_path: "a.md".into(),
        text: SourceText::new("content/a.md", text.as_str()),
        front_matter,
        body_start,
    };
    let mut diagnostics = Vec::new();
    let budget = qmsbook::parse::yaml::Budget::per_build();
    let _ = parse_front_matter(&file, &budget, &mut diagnostics);
    for d in &diagnostics {
        let _ = qmsbook::diagnostics::render_human(std::slice::from_ref(d), false);
    }
});
