//! The GitHub Actions format: one workflow command per diagnostic, so each
//! appears on its line of a pull request.

use std::io::{self, Write};

use super::value::{Diagnostic, Severity};

/// Escapes the message part of a GitHub Actions workflow command.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub Actions workflow command.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`),
/// so they appear on the lines of a pull request.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_github(&mut out, diagnostics);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes one workflow command per diagnostic to `out`, each as it is reached.
pub fn write_github(out: &mut impl Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(f) = &d.file {
            props.push(format!("file={}", github_property(f)));
        }
        if let Some(s) = &d.span {
            props.push(format!("line={}", s.start.line));
            props.push(format!("col={}", s.start.column));
            props.push(format!("endLine={}", s.end.line));
            props.push(format!("endColumn={}", s.end.column));
        }
        props.push(format!("title={}", github_property(d.code)));
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            github_data(&message)
        )?;
    }
    Ok(())
}
