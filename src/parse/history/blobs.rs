//! Reads blobs through one `git cat-file --batch` process, and the two
//! front-matter values history needs (`revision`, `status`) from a blob's
//! text without a full YAML parse.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Reads the blobs `ids` with one `git cat-file --batch`, calling
/// `each(bytes)` once per id, in order: `None` for an id git does not have
/// as a blob.
pub fn read_each(
    dir: &Path,
    ids: &[&str],
    mut each: impl FnMut(Option<&[u8]>),
) -> Result<(), String> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("git could not be run ({e})"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    let request: String = ids.iter().flat_map(|id| [*id, "\n"]).collect();
    // Written from a thread so that a full output pipe cannot block the input.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(request.as_bytes());
    });
    let stdout = child.stdout.take().ok_or("git cat-file has no output")?;
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut header = String::new();
    let mut body = Vec::new();
    let mut answered = 0;
    let result = (|| {
        while answered < ids.len() {
            header.clear();
            if reader
                .read_line(&mut header)
                .map_err(|e| format!("reading git cat-file: {e}"))?
                == 0
            {
                return Err("git cat-file ended early".to_string());
            }
            answered += 1;
            let mut parts = header.split_whitespace();
            let (Some(_id), Some(kind)) = (parts.next(), parts.next()) else {
                each(None);
                continue;
            };
            let Some(size) = parts.next().and_then(|s| s.parse::<usize>().ok()) else {
                // `<id> missing`, `<id> ambiguous`: no content follows.
                each(None);
                continue;
            };
            body.clear();
            (&mut reader)
                .take(size as u64 + 1) // the content and its newline
                .read_to_end(&mut body)
                .map_err(|e| format!("reading git cat-file: {e}"))?;
            if body.len() != size + 1 {
                return Err("git cat-file ended early".to_string());
            }
            each((kind == "blob").then(|| &body[..size]));
        }
        Ok(())
    })();
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    result
}

/// `revision` and `status` as a document's front matter gives them, read
/// line by line: top-level `key: value` lines between the opening `---` and
/// the closing `---` (or `...`), quotes and trailing comments removed.
/// Enough for values written on one line, which is how both are written.
pub fn revision_and_status(text: &[u8]) -> (Option<String>, Option<String>) {
    let text = String::from_utf8_lossy(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return (None, None);
    }
    let (mut revision, mut status) = (None, None);
    for line in lines {
        let end = line.trim_end();
        if end == "---" || end == "..." {
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let slot = match key {
            "revision" => &mut revision,
            "status" => &mut status,
            _ => continue,
        };
        let value = scalar(value);
        if !value.is_empty() {
            *slot = Some(value);
        }
    }
    (revision, status)
}

/// A one-line YAML scalar: trimmed, a ` #` comment removed, outer quotes removed.
fn scalar(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote)
            && let Some(end) = rest.find(quote)
        {
            return rest[..end].trim().to_string();
        }
    }
    let value = match value.find(" #") {
        Some(i) => &value[..i],
        None => value,
    };
    value.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_revision_and_status_as_written() {
        let text = "---\nid: SOP-1\nrevision: \"C\" # third\nstatus: approved\n---\nrevision: Z\n";
        assert_eq!(
            revision_and_status(text.as_bytes()),
            (Some("C".into()), Some("approved".into()))
        );
        let text = "\u{feff}---\r\nrevision: 3   # number\r\nstatus: 'in-review'\r\n...\r\n";
        assert_eq!(
            revision_and_status(text.as_bytes()),
            (Some("3".into()), Some("in-review".into()))
        );
    }

    #[test]
    fn no_front_matter_or_nested_keys_give_nothing() {
        assert_eq!(revision_and_status(b"# Title\nrevision: C\n"), (None, None));
        let text = "---\nchanges:\n  - revision: B\n    status: x\n---\n";
        assert_eq!(revision_and_status(text.as_bytes()), (None, None));
        assert_eq!(revision_and_status(b"---\nrevision:\n---\n"), (None, None));
    }
}
