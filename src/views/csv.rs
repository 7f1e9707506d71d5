//! CSV for the exports: one writer, every cell safe to open in a spreadsheet.
//!
//! This module knows nothing about what is exported; the coverage and
//! register views call it.

/// Neutralises a CSV cell that a spreadsheet would run as a formula.
pub fn csv_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A CSV file with `header` and `rows`, every cell made [`csv_safe`].
pub fn csv_string(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| csv_safe(c)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("-1"), "'-1");
        assert_eq!(csv_safe("Quality"), "Quality");
    }
}
