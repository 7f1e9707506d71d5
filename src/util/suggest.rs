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

/// The document ID closest to `input`, understanding IDs as a prefix and a
/// number: `SOP-0016` and `sop16` mean `SOP-016` (same prefix, same number),
/// not `SOP-001`. Falls back to [`closest`] when no candidate has the same
/// prefix and number.
pub fn closest_id<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some((prefix, number)) = prefix_and_number(input) {
        let mut same: Vec<&str> = candidates
            .clone()
            .into_iter()
            .filter(|c| prefix_and_number(c).is_some_and(|(p, n)| p == prefix && n == number))
            .collect();
        same.sort_unstable();
        if let Some(first) = same.first() {
            return Some(first);
        }
    }
    closest(input, candidates)
}

/// An ID's letters before its first digit (lower-cased, without separators)
/// and the value of its first run of digits: `SOP-0016` → (`sop`, 16).
fn prefix_and_number(id: &str) -> Option<(String, u64)> {
    let start = id.find(|c: char| c.is_ascii_digit())?;
    let prefix: String = id[..start]
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let digits: String = id[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = &id[start + digits.len()..];
    if !rest.is_empty() {
        return None;
    }
    Some((prefix, digits.trim_start_matches('0').parse().unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_matches_only() {
        assert_eq!(closest("SOP-04", ["SOP-004", "POL-001"]), Some("SOP-004"));
        assert_eq!(closest("zzz", ["SOP-004"]), None);
    }

    #[test]
    fn ids_are_compared_by_prefix_and_number() {
        let ids = ["SOP-001", "SOP-016", "SOP-010", "POL-016"];
        assert_eq!(closest_id("SOP-0016", ids), Some("SOP-016"));
        assert_eq!(closest_id("sop16", ids), Some("SOP-016"));
        assert_eq!(closest_id("SOP-16", ids), Some("SOP-016"));
        assert_eq!(closest_id("SOP-0001", ids), Some("SOP-001"));
        assert_eq!(
            closest_id("SOP-04", ["SOP-004", "POL-001"]),
            Some("SOP-004")
        );
    }
}
