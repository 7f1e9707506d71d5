//! Appending one acknowledgement to the ledger (`qmsbook ack`): the only
//! place qmsbook writes into the handbook's own sources.
//!
//! The file is opened for appending and never rewritten or truncated; a
//! file that does not exist yet is created with the header. Which line to
//! write is decided (and checked) in [`crate::check::awareness`].

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::parse::awareness::{LEDGER_HEADER, csv_field};

/// Appends `fields` (`date,person,document,revision`) as one line to
/// `<root>/<ledger>/<year>.csv`, creating the folder and the file (with its
/// header) when needed. Returns the file written and the line, or why not.
pub fn append(
    root: &Path,
    ledger: &Path,
    year: i16,
    fields: &[String; 4],
) -> Result<(PathBuf, String), String> {
    let dir = root.join(ledger);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create the folder `{}`: {e}", dir.display()))?;
    let inside = match (root.canonicalize(), dir.canonicalize()) {
        (Ok(r), Ok(d)) => d.starts_with(r),
        _ => false,
    };
    if !inside {
        return Err(format!(
            "the acknowledgement folder `{}` resolves outside the handbook folder (a symbolic link?)",
            ledger.display()
        ));
    }
    let path = dir.join(format!("{year}.csv"));
    let line = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    let existing = match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
    };
    let mut text = String::new();
    match &existing {
        None => {
            text.push_str(LEDGER_HEADER);
            text.push('\n');
        }
        Some(bytes) if !bytes.is_empty() && !bytes.ends_with(b"\n") => text.push('\n'),
        Some(_) => {}
    }
    text.push_str(&line);
    text.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(existing.is_none())
        .open(&path)
        .map_err(|e| format!("cannot open `{}` for appending: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot append to `{}`: {e}", path.display()))?;
    Ok((path, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_with_a_header_then_appends() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fields = |d: &str| {
            [
                d.to_string(),
                "Lee, Bo".to_string(),
                "POL-001".to_string(),
                "C".to_string(),
            ]
        };
        let (path, line) =
            append(dir.path(), Path::new("acks"), 2026, &fields("2026-03-02")).expect("written");
        assert_eq!(line, "2026-03-02,\"Lee, Bo\",POL-001,C");
        std::fs::write(&path, format!("{LEDGER_HEADER}\n{line}")).expect("no final newline");
        append(dir.path(), Path::new("acks"), 2026, &fields("2026-03-03")).expect("appended");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text,
            "date,person,document,revision\n2026-03-02,\"Lee, Bo\",POL-001,C\n2026-03-03,\"Lee, Bo\",POL-001,C\n"
        );
    }
}
