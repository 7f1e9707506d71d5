//! Any bytes through decoding, the front-matter splitter and the schema, the
//! way a file from the content folder goes (`source::from_bytes`), with and
//! without declared extra fields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmsbook::config::{ExtraFields, ExtraType};
use qmsbook::parse::front_matter::parse_front_matter;
use qmsbook::parse::source::from_bytes;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = from_bytes("content/a.md", "a.md", data.to_vec()) else {
        return;
    };
    let declared = ExtraFields(
        [
            ("department".to_string(), ExtraType::String),
            ("next_audit".to_string(), ExtraType::Date),
            ("sites".to_string(), ExtraType::List),
        ]
        .into_iter()
        .collect(),
    );
    for extra in [ExtraFields::default(), declared] {
        let mut diagnostics = Vec::new();
        let budget = qmsbook::parse::yaml::Budget::per_build();
        let _ = parse_front_matter(&file, &budget, &extra, &mut diagnostics);
        for d in &diagnostics {
            let _ = qmsbook::diagnostics::render_human(std::slice::from_ref(d), false);
        }
    }
});
