//! The search's term index: text normalised into index terms exactly as the
//! theme's script normalises a query (`fold`, `WORD_RE`, `termsOf`, `stem`,
//! `idKey` in `qmsbook.js`), so that postings computed here match the terms
//! the browser looks up.
//!
//! A word is a run of letters and digits with `-`, `.` or `_` inside; it is
//! lower-cased and, when that keeps its length, stripped of the accents of
//! Latin letters (U+00C0–U+024F, as by the first character of their NFD
//! form). A clause number (`7.5.3`) is a term as it is, a word with digits
//! and letters (an ID: `SOP-004`) is its key (`sop4`: letters and digits,
//! leading zeros dropped), other words are split at `-`, `.` and `_` and each
//! part lightly stemmed (plural, `-ing`, `-ed`, a final `e`, a doubled
//! final consonant).

/// First characters of the canonical decompositions of U+00C0..=U+024F
/// (what `c.normalize("NFD").charAt(0)` gives in the browser).
const FOLD: &str = "AAAAAAÆCEEEEIIIIÐNOOOOO×ØUUUUYÞßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþyAaAaAaCcCcCcCcDdĐđEeEeEeEeEeGgGgGgGgHhĦħIiIiIiIiIıĲĳJjKkĸLlLlLlĿŀŁłNnNnNnŉŊŋOoOoOoŒœRrRrRrSsSsSsSsTtTtŦŧUuUuUuUuUuUuWwYyYZzZzZzſƀƁƂƃƄƅƆƇƈƉƊƋƌƍƎƏƐƑƒƓƔƕƖƗƘƙƚƛƜƝƞƟOoƢƣƤƥƦƧƨƩƪƫƬƭƮUuƱƲƳƴƵƶƷƸƹƺƻƼƽƾƿǀǁǂǃǄǅǆǇǈǉǊǋǌAaIiOoUuUuUuUuUuǝAaAaÆæǤǥGgKkOoOoƷʒjǱǲǳGgǶǷNnAaÆæØøAaAaEeEeIiIiOoOoRrRrUuUuSsTtȜȝHhȠȡȢȣȤȥAaEeOoOoOoOoYyȴȵȶȷȸȹȺȻȼȽȾȿɀɁɂɃɄɅɆɇɈɉɊɋɌɍɎɏ";

/// Lower case without the accents of Latin letters, when lower-casing keeps
/// the length (in UTF-16 units, as the browser counts it).
pub fn fold(s: &str) -> String {
    let lower = s.to_lowercase();
    if lower.encode_utf16().count() != s.encode_utf16().count() {
        return lower;
    }
    if lower.is_ascii() {
        return lower;
    }
    lower
        .chars()
        .map(|c| {
            let n = c as u32;
            if (0xC0..=0x24F).contains(&n) {
                FOLD.chars().nth((n - 0xC0) as usize).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `f` with each word of (folded) `text`: runs of letters and digits
/// joined by runs of `-`, `.` and `_`.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let b: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < b.len() {
        if !is_word_char(b[i].1) {
            i += 1;
            continue;
        }
        let start = b[i].0;
        let mut end;
        loop {
            while i < b.len() && is_word_char(b[i].1) {
                i += 1;
            }
            end = if i < b.len() { b[i].0 } else { text.len() };
            // Joiners followed by a word character continue the word.
            let mut j = i;
            while j < b.len() && matches!(b[j].1, '.' | '_' | '-') {
                j += 1;
            }
            if j > i && j < b.len() && is_word_char(b[j].1) {
                i = j;
                continue;
            }
            break;
        }
        f(&text[start..end]);
    }
}

fn is_clause(w: &str) -> bool {
    // ^\d+(?:\.\d+)*(?:\.[a-z])?$
    let mut parts = w.split('.').peekable();
    let mut first = true;
    while let Some(p) = parts.next() {
        let last = parts.peek().is_none();
        if !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) {
            first = false;
            continue;
        }
        return !first && last && p.len() == 1 && p.bytes().all(|c| c.is_ascii_lowercase());
    }
    !first
}

/// An ID's key: letters and digits only, leading zeros of numbers dropped.
pub fn id_key(w: &str) -> String {
    let kept: Vec<char> = w.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut out = String::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        if !kept[i].is_ascii_digit() {
            out.push(kept[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < kept.len() && kept[i].is_ascii_digit() {
            i += 1;
        }
        let mut from = start;
        while from + 1 < i && kept[from] == '0' {
            from += 1;
        }
        out.extend(&kept[from..i]);
    }
    out
}

/// `[b-df-hj-np-rt-z]`: what may be doubled at the end of a stem.
fn doubles(c: u8) -> bool {
    matches!(c, b'b'..=b'd' | b'f'..=b'h' | b'j'..=b'n' | b'p'..=b'r' | b't'..=b'z')
}

/// The light stem of a lower-case word of ASCII letters (others unchanged).
pub fn stem(w: &str) -> String {
    if w.len() < 4 || !w.bytes().all(|c| c.is_ascii_lowercase()) {
        return w.to_string();
    }
    let mut s = w.to_string();
    if s.ends_with("ies") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.ends_with("sses") {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s') && !(s.ends_with("ss") || s.ends_with("us") || s.ends_with("is")) {
        s.truncate(s.len() - 1);
    }
    if s.ends_with("ied") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.ends_with("ing") && s.len() >= 6 {
        s.truncate(s.len() - 3);
    } else if s.ends_with("ed") && s.len() >= 5 {
        s.truncate(s.len() - 2);
    }
    let b = s.as_bytes();
    if b.len() >= 4 && b[b.len() - 1] == b'e' && b[b.len() - 2] != b'e' {
        s.truncate(s.len() - 1);
    }
    let b = s.as_bytes();
    if b.len() >= 4 && doubles(b[b.len() - 1]) && b[b.len() - 1] == b[b.len() - 2] {
        s.truncate(s.len() - 1);
    }
    s
}

/// The index terms of one folded word (`termsOf`).
fn terms_of(w: &str, out: &mut Vec<String>) {
    if is_clause(w) {
        out.push(w.to_string());
        return;
    }
    if w.bytes().any(|c| c.is_ascii_digit()) {
        out.push(if w.chars().any(char::is_alphabetic) {
            id_key(w)
        } else {
            w.to_string()
        });
        return;
    }
    for part in w.split(['.', '_', '-']) {
        if !part.is_empty() {
            out.push(stem(part));
        }
    }
}

/// The index terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let f = fold(text);
    let mut out = Vec::new();
    for_each_word(&f, |w| terms_of(w, &mut out));
    out
}

/// The characters of a term that name its term shard: ASCII letters and
/// digits as they are, anything else `_`.
pub fn shard_chars(term: &str) -> impl Iterator<Item = char> + '_ {
    term.chars().map(|c| {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '_'
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_as_the_browser_makes_them() {
        assert_eq!(
            terms("See SOP-004, clause 7.5.3. Calibrated gauges; e-mail records_kept 8.4.1.a"),
            [
                "see", "sop4", "claus", "7.5.3", "calibrat", "gaug", "e", "mail", "record", "kept",
                "8.4.1.a"
            ]
        );
        assert_eq!(terms("Éléments RÉVISÉS über"), ["element", "revis", "uber"]);
        assert_eq!(terms("WI-010 2026 a10b"), ["wi10", "2026", "a10b"]);
        assert_eq!(
            terms("rec-000 f-100 x--y a..b 7.5 7.a"),
            ["rec0", "f100", "x", "y", "a", "b", "7.5", "7.a"]
        );
        assert_eq!(
            terms("studies process running stopped"),
            ["study", "process", "run", "stop"]
        );
    }

    #[test]
    fn id_keys_drop_leading_zeros() {
        assert_eq!(id_key("sop-004"), "sop4");
        assert_eq!(id_key("rec-000"), "rec0");
        assert_eq!(id_key("f-100"), "f100");
    }
}
