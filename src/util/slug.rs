//! Slugs for heading ids and file names.

/// Turns heading text into an id: ASCII-folded, lower-case, letters and digits
/// kept, every other run of characters becomes one `-`, no leading or trailing `-`.
/// Empty text gives `"section"`.
///
/// ```
/// use qmsbook::util::slug::slugify;
/// assert_eq!(slugify("4. Roles & responsibilities"), "4-roles-responsibilities");
/// assert_eq!(slugify("Größe"), "grosse");
/// ```
pub fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out unique ids within one page: the second `intro` becomes `intro-1`.
#[derive(Debug, Default)]
pub struct UniqueIds {
    seen: std::collections::HashSet<String>,
    /// The next suffix to try for each base, so many equal headings stay linear.
    next: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    /// Reserves an id that must stay as it is (an explicit `{#id}`); returns false if taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.seen.insert(id.to_string())
    }

    /// Returns `base`, or `base-N` with the first free N.
    pub fn unique(&mut self, base: &str) -> String {
        if self.seen.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("4. Roles & responsibilities"),
            "4-roles-responsibilities"
        );
        assert_eq!(slugify("Größe — Ärger"), "grosse-arger");
        assert_eq!(slugify("  "), "section");
        assert_eq!(slugify("7.5.3 Control"), "7-5-3-control");
    }

    #[test]
    fn unique_ids() {
        let mut u = UniqueIds::default();
        assert!(u.reserve("scope"));
        assert_eq!(u.unique("scope"), "scope-1");
        assert_eq!(u.unique("scope"), "scope-2");
        assert_eq!(u.unique("intro"), "intro");
    }
}
