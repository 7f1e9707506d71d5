//! Case-insensitive search for a list of phrases (the vague-wording lint),
//! all phrases in one pass over the text.
//!
//! The matcher is built once per handbook and shared by every document.
//! When every phrase is ASCII the text is searched as it is, ASCII
//! case-insensitively, without a lower-cased copy; otherwise the text is
//! lower-cased first (and skipped when that changes its byte length, since
//! offsets would no longer line up).

use std::ops::Range;

use aho_corasick::AhoCorasick;

/// A set of phrases to find, whole words only, ignoring case.
#[derive(Debug, Clone)]
pub struct Phrases {
    phrases: Vec<String>,
    matcher: Option<AhoCorasick>,
    ascii: bool,
}

impl Phrases {
    /// A matcher for `phrases` (empty phrases are ignored).
    pub fn new(phrases: &[String]) -> Phrases {
        let phrases: Vec<String> = phrases
            .iter()
            .map(|p| p.to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        let ascii = phrases.iter().all(|p| p.is_ascii());
        let matcher = if phrases.is_empty() {
            None
        } else {
            // A DFA: one table lookup per byte; a handful of phrases keep it small.
            AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .ascii_case_insensitive(ascii)
                .build(&phrases)
                .ok()
        };
        Phrases {
            phrases,
            matcher,
            ascii,
        }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Every occurrence in `text` that lies within one of the sorted,
    /// non-overlapping byte ranges `prose`, as (byte range, phrase), sorted
    /// by position (then by the phrase's place in the list).
    pub fn find(&self, text: &str, prose: &[Range<usize>]) -> Vec<(Range<usize>, String)> {
        let (Some(matcher), Some(first), Some(last)) = (&self.matcher, prose.first(), prose.last())
        else {
            return Vec::new();
        };
        let span = first.start..last.end;
        let Some(raw) = text.get(span.clone()) else {
            return Vec::new();
        };
        let lowered;
        let haystack = if self.ascii {
            raw
        } else {
            lowered = raw.to_lowercase();
            if lowered.len() != raw.len() {
                return Vec::new(); // case folding changed byte lengths: offsets would not line up
            }
            lowered.as_str()
        };
        let inside = |start: usize, end: usize| {
            let i = prose.partition_point(|r| r.end < end);
            prose
                .get(i)
                .is_some_and(|r| r.start <= start && end <= r.end)
        };
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        // Occurrences of one phrase do not overlap each other (as `str::match_indices`).
        let mut last_end = vec![0usize; self.phrases.len()];
        for m in matcher.find_overlapping_iter(haystack) {
            let (at, end, p) = (m.start(), m.end(), m.pattern().as_usize());
            let (Some(phrase), Some(prev_end)) = (self.phrases.get(p), last_end.get_mut(p)) else {
                continue;
            };
            if at < *prev_end {
                continue;
            }
            *prev_end = end;
            let before = haystack[..at].chars().next_back();
            let after = haystack[end..].chars().next();
            // A phrase ending in punctuation ("etc.") needs no boundary after it.
            let end_ok = phrase.ends_with(|c: char| !c.is_alphanumeric()) || boundary(after);
            let (abs_start, abs_end) = (span.start + at, span.start + end);
            if boundary(before) && end_ok && inside(abs_start, abs_end) {
                found.push((abs_start, p, abs_end));
            }
        }
        found.sort_unstable();
        found
            .into_iter()
            .map(|(start, p, end)| (start..end, self.phrases[p].clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(phrases: &[&str], text: &str) -> Vec<String> {
        let p = Phrases::new(&phrases.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        p.find(text, std::slice::from_ref(&(0..text.len())))
            .into_iter()
            .map(|(r, phrase)| format!("{}={phrase}", &text[r]))
            .collect()
    }

    #[test]
    fn whole_words_any_case() {
        assert_eq!(
            find(
                &["as appropriate", "etc."],
                "As Appropriate, etc. and inappropriate etc.x"
            ),
            ["As Appropriate=as appropriate", "etc.=etc.", "etc.=etc."]
        );
        assert!(find(&["tbd"], "tbdx xtbd").is_empty());
    }

    #[test]
    fn overlapping_phrases_are_all_found_in_order() {
        assert_eq!(
            find(&["if necessary", "necessary"], "only if necessary."),
            ["if necessary=if necessary", "necessary=necessary"]
        );
    }

    #[test]
    fn non_ascii_phrases_fold_case() {
        assert_eq!(find(&["ähnlich"], "Ähnlich wie"), ["Ähnlich=ähnlich"]);
        assert!(find(&["ähnlich"], "KELVIN \u{212A} ähnlich").is_empty());
    }

    #[test]
    fn only_inside_prose() {
        let text = "etc. `etc.` etc.";
        let p = Phrases::new(&["etc.".to_string()]);
        let found = p.find(text, &[0..5, 12..16]);
        let at: Vec<usize> = found.iter().map(|(r, _)| r.start).collect();
        assert_eq!(at, [0, 12]);
    }
}
