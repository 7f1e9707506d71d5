//! The records of a CSV text already in memory (objective results, the
//! roster, acknowledgement ledgers), each with the line and byte where it
//! starts so that problems can be reported there.
//!
//! It parses with `csv-core` (the parser under the `csv` crate: RFC 4180
//! quoting, `\n`, `\r\n` or `\r` line ends, a leading byte-order mark
//! skipped, blank lines skipped, rows of any length). Building that parser's
//! state machine costs more than reading a small file, so each thread
//! builds one and resets it for each text: a handbook with a thousand
//! objectives reads a thousand small data files. (`csv_core::Reader`'s
//! `Clone` does not copy the whole machine, so it is reset, never cloned.)

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::{ControlFlow, Range};

use csv_core::{ReadRecordResult, Reader};

/// One record: its fields as written (quotes removed, not trimmed), the line
/// it starts on (from 1) and the byte where it starts in the text. Handed to
/// [`each_record`]'s visitor it borrows the parser's buffers; [`records`]
/// gives owned ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// The line the record starts on, counting from 1.
    pub line: u64,
    /// The byte offset of its first character in the text.
    pub start: usize,
    /// The fields, one after the other.
    text: Cow<'a, str>,
    /// Where each field ends in `text`.
    ends: Cow<'a, [usize]>,
}

impl Record<'_> {
    /// Field `i`, if the record has that many.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// How many fields it has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it has no fields (never, for a record read from a text).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes of the record's first line in `text`, the text it was read
    /// from, without the line break: where a problem with the row is shown.
    pub fn first_line(&self, text: &str) -> Range<usize> {
        let start = self.start.min(text.len());
        let end = text
            .get(start..)
            .and_then(|rest| memchr::memchr2(b'\r', b'\n', rest.as_bytes()))
            .map_or(text.len(), |i| start + i);
        start..end
    }

    /// Its fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The record with its own copy of the fields.
    pub fn into_owned(self) -> Record<'static> {
        Record {
            line: self.line,
            start: self.start,
            text: Cow::Owned(self.text.into_owned()),
            ends: Cow::Owned(self.ends.into_owned()),
        }
    }
}

/// The records of `text`, in order, each with its own fields.
pub fn records(text: &str) -> Vec<Record<'static>> {
    let mut all = Vec::new();
    each_record(text, |record| {
        all.push(record.clone().into_owned());
        ControlFlow::Continue(())
    });
    all
}

/// Hands each record of `text` to `visit`, in order, until it breaks. The
/// record borrows the parser's buffers: a file of thousands of rows is read
/// without a string per row.
pub fn each_record(text: &str, visit: impl FnMut(&Record<'_>) -> ControlFlow<()>) {
    thread_local! {
        static PARSER: RefCell<Reader> = RefCell::new(Reader::new());
    }
    PARSER.with(|parser| match parser.try_borrow_mut() {
        Ok(mut reader) => {
            reader.reset();
            read_all(&mut reader, text.as_bytes(), visit);
        }
        Err(_) => read_all(&mut Reader::new(), text.as_bytes(), visit),
    });
}

/// Every record of `input` through `reader`, freshly reset, to `visit`.
fn read_all(
    reader: &mut Reader,
    input: &[u8],
    mut visit: impl FnMut(&Record<'_>) -> ControlFlow<()>,
) {
    let (mut out, mut ends) = (vec![0u8; 256], vec![0usize; 8]);
    let mut pos = 0;
    loop {
        // Where the record starts: past the line breaks (blank lines) the
        // parser skips, and past a byte-order mark at the very start.
        let rest = &input[pos..];
        let bom = if pos == 0 && rest.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        let blank = rest[bom..]
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        let newlines = rest[bom..bom + blank]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let start = (pos + bom + blank).min(input.len());
        let line = reader.line() + newlines;
        let (mut written, mut fields) = (0, 0);
        loop {
            let rest = &input[pos..];
            let (result, read, wrote, ended) =
                reader.read_record(rest, &mut out[written..], &mut ends[fields..]);
            pos += read;
            written += wrote;
            fields += ended;
            match result {
                ReadRecordResult::Record => break,
                ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                // All input handed over: the next call, with nothing left,
                // finishes the last record or ends.
                ReadRecordResult::InputEmpty if !rest.is_empty() => {}
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return,
            }
        }
        // The input is UTF-8 and the parser only drops quotes, so the fields
        // are too; the lossy copy is never taken.
        let text = match std::str::from_utf8(&out[..written]) {
            Ok(fields) => Cow::Borrowed(fields),
            Err(_) => String::from_utf8_lossy(&out[..written]),
        };
        let record = Record {
            line,
            start,
            text,
            ends: Cow::Borrowed(&ends[..fields]),
        };
        if visit(&record).is_break() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(u64, usize, Vec<String>)> {
        records(text)
            .into_iter()
            .map(|r| (r.line, r.start, r.iter().map(str::to_string).collect()))
            .collect()
    }

    fn fields(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn records_carry_their_line_and_start() {
        let text = "date,value\n2026-01-31,94\n\n2026-02-28,95.5,\"a, b\"\n";
        assert_eq!(
            all(text),
            vec![
                (1, 0, fields(&["date", "value"])),
                (2, 11, fields(&["2026-01-31", "94"])),
                (4, 26, fields(&["2026-02-28", "95.5", "a, b"])),
            ]
        );
    }

    #[test]
    fn crlf_bom_quotes_and_no_final_line_break() {
        let text = "\u{feff}a,b\r\n\"x \"\"y\"\"\",2\r\nlast,3";
        let got = all(text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (1, 3, fields(&["a", "b"])));
        assert_eq!(got[1], (2, 8, fields(&["x \"y\"", "2"])));
        assert_eq!(got[2].0, 3);
        assert_eq!(&text[got[2].1..], "last,3");
        let last = records(text).into_iter().nth(1).map(|r| r.first_line(text));
        assert_eq!(last.map(|r| &text[r]), Some("\"x \"\"y\"\"\",2"));
        assert_eq!(got[2].2, fields(&["last", "3"]));
    }

    #[test]
    fn long_records_and_many_fields_grow_the_buffers() {
        let long = "n".repeat(5000);
        let many = (0..40).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let text = format!("{long},1\n{many}\n");
        let got = all(&text);
        assert_eq!(got[0].2, fields(&[&long, "1"]));
        assert_eq!(got[1].2.len(), 40);
        assert_eq!(got[1].0, 2);
    }

    #[test]
    fn the_visitor_sees_the_same_records_and_can_stop() {
        let text = "a,b\n\"1,\"\"x\"\"\",2\n\n3,4\n5,6\n";
        let mut seen = Vec::new();
        each_record(text, |record| {
            seen.push(record.clone().into_owned());
            if record.get(0) == Some("3") {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        let all = records(text);
        assert_eq!(all.len(), 4);
        assert_eq!(seen, all[..3]);
        assert_eq!(seen[1].get(0), Some("1,\"x\""));
        assert_eq!((seen[2].line, seen[2].start), (4, 17));
    }

    #[test]
    fn empty_texts_have_no_records() {
        assert!(all("").is_empty());
        assert!(all("\n\r\n").is_empty());
        let r = records("a,,\n").into_iter().next();
        assert_eq!(
            r.map(|r| (r.len(), r.get(1).map(str::len))),
            Some((3, Some(0)))
        );
    }
}
