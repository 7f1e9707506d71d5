//! Files compiled into the binary: the default theme and the starter handbook.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Looks up an embedded theme file by its path under `themes/default/`.
pub fn theme_file(path: &str) -> Option<&'static [u8]> {
    THEME.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}
