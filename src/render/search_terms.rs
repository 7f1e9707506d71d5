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

/// [`FOLD`] by position.
static FOLDED: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| FOLD.chars().collect());

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
                FOLDED.get((n - 0xC0) as usize).copied().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Calls `f` with each word of (folded) `text`: runs of letters and digits
/// joined by runs of `-`, `.` and `_`. Scans bytes; only non-ASCII
/// characters are decoded.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let b = text.as_bytes();
    // Whether the character at byte `i` is a letter or digit, and its length.
    let at = |i: usize| -> (bool, usize) {
        match b.get(i) {
            Some(&c) if c < 0x80 => (WORD_BYTE[c as usize], 1),
            Some(_) => text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
            None => (false, 1),
        }
    };
    let mut i = 0;
    while i < b.len() {
        // Skip to the next ASCII letter or digit, or non-ASCII character.
        while i < b.len() && b[i] < 0x80 && !WORD_BYTE[b[i] as usize] {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let (word, n) = at(i);
        if !word {
            i += n;
            continue;
        }
        let start = i;
        loop {
            while i < b.len() {
                if b[i] < 0x80 {
                    if !WORD_BYTE[b[i] as usize] {
                        break;
                    }
                    i += 1;
                    continue;
                }
                let (word, n) = at(i);
                if !word {
                    break;
                }
                i += n;
            }
            // Joiners followed by a word character continue the word.
            let mut j = i;
            while j < b.len() && matches!(b[j], b'.' | b'_' | b'-') {
                j += 1;
            }
            if j > i && j < b.len() && at(j).0 {
                i = j;
                continue;
            }
            break;
        }
        if let Some(w) = text.get(start..i) {
            f(w);
        }
    }
}

/// ASCII letters and digits, by byte.
static WORD_BYTE: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

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
    let mut out = String::with_capacity(w.len());
    id_key_into(w, &mut out);
    out
}

/// [`id_key`] written into `out` (cleared first).
fn id_key_into(w: &str, out: &mut String) {
    out.clear();
    // In a run of digits that so far has only zeros, of which there were some.
    let (mut in_run, mut leading, mut zero) = (false, false, false);
    for c in w.chars().filter(|c| c.is_alphanumeric()) {
        if c.is_ascii_digit() {
            if !in_run {
                (in_run, leading, zero) = (true, true, false);
            }
            if leading && c == '0' {
                zero = true;
                continue;
            }
            leading = false;
            out.push(c);
            continue;
        }
        if in_run && leading && zero {
            out.push('0');
        }
        in_run = false;
        out.push(c);
    }
    if in_run && leading && zero {
        out.push('0');
    }
}

/// `[b-df-hj-np-rt-z]`: what may be doubled at the end of a stem.
fn doubles(c: u8) -> bool {
    matches!(c, b'b'..=b'd' | b'f'..=b'h' | b'j'..=b'n' | b'p'..=b'r' | b't'..=b'z')
}

/// The light stem of a lower-case word of ASCII letters (others unchanged).
pub fn stem(w: &str) -> String {
    let mut s = String::new();
    stem_into(w, &mut s);
    s
}

/// [`stem`] written into `s` (cleared first).
fn stem_into(w: &str, s: &mut String) {
    s.clear();
    let (keep, y) = stem_cut(w);
    s.push_str(w.get(..keep).unwrap_or(w));
    if y {
        s.push('y');
    }
}

/// The stem of `w` as the length of `w` it keeps and whether a `y` follows.
fn stem_cut(w: &str) -> (usize, bool) {
    let b = w.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return (b.len(), false);
    }
    // The stem so far: b[..n], then a `y` when `y`.
    let (mut n, mut y) = (b.len(), false);
    let ends = |n: usize, y: bool, suffix: &[u8]| !y && b[..n].ends_with(suffix);
    if ends(n, y, b"ies") && n > 4 {
        (n, y) = (n - 3, true);
    } else if ends(n, y, b"sses") {
        n -= 2;
    } else if ends(n, y, b"s") && !(ends(n, y, b"ss") || ends(n, y, b"us") || ends(n, y, b"is")) {
        n -= 1;
    }
    // Length of the stem with its `y`.
    let len = |n: usize, y: bool| n + usize::from(y);
    if ends(n, y, b"ied") && len(n, y) > 4 {
        (n, y) = (n - 3, true);
    } else if ends(n, y, b"ing") && len(n, y) >= 6 {
        n -= 3;
    } else if ends(n, y, b"ed") && len(n, y) >= 5 {
        n -= 2;
    }
    // The last two characters of the stem.
    let last = |n: usize, y: bool| if y { b'y' } else { b[n - 1] };
    let before = |n: usize, y: bool| if y { b[n - 1] } else { b[n - 2] };
    if len(n, y) >= 4 && last(n, y) == b'e' && before(n, y) != b'e' {
        n -= 1;
    }
    if len(n, y) >= 4 && doubles(last(n, y)) && last(n, y) == before(n, y) {
        if y {
            y = false;
        } else {
            n -= 1;
        }
    }
    (n, y)
}

/// Calls `f` with the index terms of one folded word (`termsOf`), using
/// `scratch` for terms that are not part of the word as it is.
fn terms_of(w: &str, scratch: &mut String, f: &mut impl FnMut(&str)) {
    // Most words: lower-case ASCII letters only.
    if w.bytes().all(|c| c.is_ascii_lowercase()) {
        let (keep, y) = stem_cut(w);
        if !y {
            return f(w.get(..keep).unwrap_or(w));
        }
        stem_into(w, scratch);
        return f(scratch);
    }
    if is_clause(w) {
        return f(w);
    }
    if w.bytes().any(|c| c.is_ascii_digit()) {
        if w.chars().any(char::is_alphabetic) {
            id_key_into(w, scratch);
            return f(scratch);
        }
        return f(w);
    }
    for part in w.split(['.', '_', '-']) {
        if !part.is_empty() {
            stem_into(part, scratch);
            f(scratch);
        }
    }
}

/// Whether folding `text` word by word gives what [`fold`] of the whole
/// text gives, with the same words: true unless a character's lower case
/// has another length (then `fold` keeps the accents of the whole text, and
/// the words may split differently) or is a capital sigma (whose lower case
/// depends on the characters around it). Only non-ASCII characters can be
/// either.
fn folds_by_word(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(k) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c >= 0x80))
    {
        i += k;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if c == 'Σ' || c.to_lowercase().map(char::len_utf16).sum::<usize>() != c.len_utf16() {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// [`fold`] of one word of a text for which [`folds_by_word`] holds,
/// written into `out` (cleared first).
fn fold_word_into(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.push_str(w);
        out.make_ascii_lowercase();
        return;
    }
    for c in w.chars().flat_map(char::to_lowercase) {
        let n = c as u32;
        out.push(if (0xC0..=0x24F).contains(&n) {
            FOLDED.get((n - 0xC0) as usize).copied().unwrap_or(c)
        } else {
            c
        });
    }
}

/// Calls `f` with each index term of `text`, in order, with no allocation
/// per term. Words are folded one at a time (the text is not copied), or,
/// in the rare text where that could differ, the whole text first.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut scratch = String::new();
    if !folds_by_word(text) {
        let text = fold(text);
        for_each_word(&text, |w| terms_of(w, &mut scratch, &mut f));
        return;
    }
    let mut word = String::new();
    for_each_word(text, |w| {
        if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            terms_of(w, &mut scratch, &mut f)
        } else {
            fold_word_into(w, &mut word);
            terms_of(&word, &mut scratch, &mut f)
        }
    });
}

/// The index terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.to_string()));
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

    /// The stemming rules as first written, on a copied string.
    fn stem_by_copy(w: &str) -> String {
        if w.len() < 4 || !w.bytes().all(|c| c.is_ascii_lowercase()) {
            return w.to_string();
        }
        let mut s = w.to_string();
        if s.ends_with("ies") && s.len() > 4 {
            s.truncate(s.len() - 3);
            s.push('y');
        } else if s.ends_with("sses") {
            s.truncate(s.len() - 2);
        } else if s.ends_with('s') && !(s.ends_with("ss") || s.ends_with("us") || s.ends_with("is"))
        {
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

    #[test]
    fn stems_cut_in_place_equal_the_copying_rules() {
        let stems = [
            "", "a", "ab", "abc", "yy", "ey", "tt", "ee", "ss", "u", "i", "bu", "x",
        ];
        let ends = [
            "", "s", "es", "ies", "sses", "ss", "us", "is", "ied", "ing", "ed", "e", "y", "ying",
            "ies", "yies", "ttes", "ssing", "ees", "ied", "ying", "tted",
        ];
        let mut checked = 0;
        for a in stems {
            for b in ends {
                for c in ["", "e", "s", "ed", "ing", "ies"] {
                    let w = format!("{a}{b}{c}");
                    assert_eq!(stem(&w), stem_by_copy(&w), "{w:?}");
                    checked += 1;
                }
            }
        }
        for w in [
            "Calibrations",
            "straße",
            "flies",
            "studies",
            "running",
            "stopped",
            "agree",
        ] {
            assert_eq!(stem(w), stem_by_copy(w), "{w:?}");
        }
        assert!(checked > 1000);
    }

    /// The terms as first computed: the whole text folded, then split.
    fn terms_of_whole_text(text: &str) -> Vec<String> {
        let text = fold(text);
        let mut scratch = String::new();
        let mut out = Vec::new();
        for_each_word(&text, |w| {
            terms_of(w, &mut scratch, &mut |t| out.push(t.to_string()))
        });
        out
    }

    #[test]
    fn words_folded_one_at_a_time_give_the_terms_of_the_folded_text() {
        let pieces = [
            "Calibration",
            "RECORDS",
            "sop-004",
            "Éléments",
            "ÜBER",
            "straße",
            "ẞ",
            "İstanbul",
            "ΣΟΦΟΣ",
            "σοφός",
            "ΑΣ'Β",
            "Ǆemal",
            "ǅ",
            "Ⅻ",
            "Ⓐb",
            "×",
            "÷",
            "7.5.3",
            "A.8.2",
            "x_y",
            "É-Ü",
            "naïve",
            "Ångström",
            "日本語",
            "Ωmega",
            "ﬁne",
            "K",
            "Å",
            "e\u{301}",
            "—",
            "’s",
            "-",
            ".",
            " ",
            "\n",
            "ÀÖ",
            "ǅx",
            "Ǳ",
            "a10B",
            "WI-010",
            "ΐ",
        ];
        let mut seed = 7u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        for len in 1..12 {
            for _ in 0..400 {
                let mut text = String::new();
                for _ in 0..len {
                    text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                    if next() % 3 == 0 {
                        text.push(' ');
                    }
                }
                assert_eq!(terms(&text), terms_of_whole_text(&text), "{text:?}");
                checked += 1;
            }
        }
        for p in pieces {
            assert_eq!(terms(p), terms_of_whole_text(p), "{p:?}");
        }
        assert!(checked > 4000);
        // Both paths were taken.
        assert!(folds_by_word("Éléments RÉVISÉS"));
        assert!(!folds_by_word("İstanbul") && !folds_by_word("ΣΟΦΟΣ"));
    }

    #[test]
    fn id_keys_drop_leading_zeros() {
        assert_eq!(id_key("sop-004"), "sop4");
        assert_eq!(id_key("rec-000"), "rec0");
        assert_eq!(id_key("f-100"), "f100");
        assert_eq!(id_key("a000b"), "a0b");
        assert_eq!(id_key("x-007y-0"), "x7y0");
        assert_eq!(id_key("10-01"), "1001");
    }
}
