//! Diagnostics read back from a run: from the human text on stderr
//! (`error[code]: message`, ` --> file:line:column`, `help: …`) or from the
//! JSON array of `qmsbook check --format json`.

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

/// Every diagnostic of the JSON array printed by `qmsbook check --format json`
/// (the schema in the README's "Checking in CI"), in order.
pub fn json_diagnostics(stdout: &str) -> Vec<Diag> {
    let items: serde_json::Value = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("not one JSON array on stdout ({e}):\n{stdout}"));
    let items = items.as_array().expect("a JSON array of diagnostics");
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    items
        .iter()
        .map(|item| {
            let location = match (text(&item["file"]), item["line"].as_u64()) {
                (Some(file), Some(line)) => {
                    let column = item["column"].as_u64().expect("a column with the line");
                    Some(format!("{file}:{line}:{column}"))
                }
                (file, _) => file,
            };
            Diag {
                level: text(&item["severity"]).expect("a severity"),
                code: text(&item["code"]).expect("a code"),
                message: text(&item["message"]).expect("a message"),
                location,
                help: text(&item["help"]),
            }
        })
        .collect()
}
