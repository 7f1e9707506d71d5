//! What an ID may be (documents, records, commitments, objectives): the one
//! rule, so that an ID is safe as a file name, in a URL and as an anchor.

/// Checks that an ID is safe as a file name and a URL: ASCII letters, digits,
/// `-`, `_` and `.`, starting with a letter or digit, at most 64 characters.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("is empty");
    }
    if id.len() > 64 {
        return Some("is longer than 64 characters");
    }
    if !id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
        return Some("must start with a letter or digit");
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Some("may only contain ASCII letters, digits, `-`, `_` and `.`");
    }
    let stem = id.split('.').next().unwrap_or(id).to_ascii_lowercase();
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if RESERVED.contains(&stem.as_str()) {
        return Some("is a reserved device name on Windows");
    }
    None
}
