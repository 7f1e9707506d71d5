//! `qmsbook ack PERSON DOC [--revision R] [--date D]`: records an
//! acknowledgement by appending one checked line to the ledger, so nobody
//! edits the CSV by hand. The line is checked by
//! [`qmsbook::check::awareness::new_acknowledgement`] and written by
//! [`qmsbook::output::ledger::append`].

use std::path::Path;
use std::process::ExitCode;

use qmsbook::check::awareness::new_acknowledgement;
use qmsbook::diagnostics::Diagnostic;
use qmsbook::model::handbook::LoadOptions;
use qmsbook::output::ledger;
use qmsbook::pipeline::build::build_date;
use qmsbook::pipeline::load::{self, Checked};

/// What to record.
pub struct AckArgs<'a> {
    /// The handbook folder.
    pub root: &'a Path,
    /// The person.
    pub person: &'a str,
    /// The document ID.
    pub document: &'a str,
    /// The revision (default: the current one).
    pub revision: Option<&'a str>,
    /// The day (default: the build date).
    pub date: Option<jiff::civil::Date>,
}

/// Appends the line; exit code 1 when it is refused, 2 when the handbook
/// cannot be loaded.
pub fn run(args: &AckArgs<'_>, color: bool) -> ExitCode {
    let date = match build_date(args.date) {
        Ok(d) => d,
        Err(d) => {
            super::print_diagnostics(&[d], color);
            return ExitCode::from(2);
        }
    };
    let loaded = load::load(
        args.root,
        &LoadOptions {
            drafts: false,
            output_dir: None,
            today: Some(date),
        },
        load::WithHistory::Yes,
    );
    let Some(Checked {
        handbook: hb,
        history,
        ..
    }) = loaded.checked
    else {
        super::print_diagnostics(&loaded.diagnostics, color);
        return ExitCode::from(2);
    };
    let refuse = |why: String| {
        let d = Diagnostic::error("ack", why).help(
            "`qmsbook ack PERSON DOC [--revision R] [--date YYYY-MM-DD]`; nothing was written",
        );
        super::print_diagnostics(&[d], color);
        ExitCode::from(1)
    };
    let fields = match new_acknowledgement(
        &hb,
        &history,
        args.person,
        args.document,
        args.revision,
        date,
    ) {
        Ok(f) => f,
        Err(why) => return refuse(why),
    };
    match ledger::append(
        args.root,
        &hb.config.awareness.ledger_path(),
        date.year(),
        &fields,
    ) {
        Ok((path, line)) => {
            let shown = path.strip_prefix(args.root).unwrap_or(&path);
            println!("{}: {line}", shown.display());
            ExitCode::SUCCESS
        }
        Err(why) => refuse(why),
    }
}
