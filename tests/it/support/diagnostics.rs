//! Diagnostics read back from the human text on stderr
//! (`error[code]: message`, ` --> file:line:column`, `help: …`).

/// One diagnostic.
#[derive(Debug, Clone, Default)]
pub struct Diag {
    /// `error`, `warning` or `note`.
    pub level: String,
    /// The code, e.g. `broken-link`.
    pub code: String,
    /// The message.
    pub message: String,
    /// `file:line:column`, just the file, or nothing.
    pub location: Option<String>,
    /// The help text.
    pub help: Option<String>,
}

impl Diag {
    /// The help line, or "" when there is none.
    pub fn help(&self) -> &str {
        self.help.as_deref().unwrap_or("")
    }
}

/// Every diagnostic in human (rustc-style) text, in order.
pub fn human_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    for line in stderr.lines() {
        if let Some(d) = parse_header(line) {
            out.push(d);
            continue;
        }
        let Some(last) = out.last_mut() else { continue };
        let trimmed = line.trim_start();
        if let Some(loc) = trimmed.strip_prefix("--> ") {
            last.location.get_or_insert_with(|| loc.trim().to_string());
        } else if let Some(help) = line.strip_prefix("help: ") {
            last.help.get_or_insert_with(|| help.to_string());
        }
    }
    out
}

/// `error[code]: message` (or `warning[…]`, `note[…]`).
fn parse_header(line: &str) -> Option<Diag> {
    let (level, rest) = line.split_once('[')?;
    if level != "error" && level != "warning" && level != "note" {
        return None;
    }
    let (code, message) = rest.split_once("]: ")?;
    Some(Diag {
        level: level.to_string(),
        code: code.to_string(),
        message: message.to_string(),
        ..Diag::default()
    })
}
