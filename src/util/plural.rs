//! Counts in words: "1 error", "2 errors", "1 document page". Every message
//! that states a count goes through here, so none says "1 errors".

/// `n` and `word`, with an `s` unless `n` is 1: `count(1, "gap")` is `1 gap`.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `n` and `singular` or `plural`, for words that do not take an `s`.
pub fn count_as(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(1, "error"), "1 error");
        assert_eq!(count(2, "document page"), "2 document pages");
        assert_eq!(count_as(1, "document is", "documents are"), "1 document is");
        assert_eq!(
            count_as(3, "document is", "documents are"),
            "3 documents are"
        );
    }
}
