//! "Did you mean" suggestions.

/// The candidate closest to `input` (case-insensitive Jaro-Winkler), if it is close enough.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_matches_only() {
        assert_eq!(closest("SOP-04", ["SOP-004", "POL-001"]), Some("SOP-004"));
        assert_eq!(closest("zzz", ["SOP-004"]), None);
    }
}
