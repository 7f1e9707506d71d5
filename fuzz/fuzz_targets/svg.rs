//! Any text through the SVG sanitizer: it never panics or hangs, and what it
//! publishes is a fixed point (sanitizing it again changes nothing), parses
//! as XML, and has no script element, embedded HTML or event handler.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmsbook::parse::svg::sanitize;
use quick_xml::events::Event;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(clean) = sanitize(text) else {
        return;
    };
    assert_eq!(sanitize(&clean).as_ref(), Ok(&clean), "not a fixed point");
    let mut reader = quick_xml::Reader::from_str(&clean);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                assert!(!["script", "foreignobject", "iframe", "set"].contains(&name.as_str()), "{clean}");
                for attr in e.attributes() {
                    let attr = attr.expect("the output's attributes parse");
                    let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_ascii_lowercase();
                    assert!(!key.starts_with("on"), "{clean}");
                }
            }
            Ok(Event::PI(_) | Event::DocType(_)) => panic!("{clean}"),
            Ok(_) => {}
            Err(e) => panic!("the output does not parse: {e}\n{clean}"),
        }
    }
});
