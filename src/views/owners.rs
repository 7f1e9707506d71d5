//! Grouping by owner: the one rule for the owners page, the reviews page and
//! anything else that lists documents by the role that owns them.

use std::collections::BTreeMap;

/// What a document without an owner is listed under.
pub const NO_OWNER: &str = "(no owner)";

/// Groups `items` by owner (`None` as [`NO_OWNER`]), owners in name order,
/// items in the order given.
pub fn by_owner<'a, T>(
    items: impl IntoIterator<Item = (Option<&'a str>, T)>,
) -> Vec<(String, Vec<T>)> {
    let mut groups: BTreeMap<&str, Vec<T>> = BTreeMap::new();
    for (owner, item) in items {
        groups
            .entry(owner.unwrap_or(NO_OWNER))
            .or_default()
            .push(item);
    }
    groups
        .into_iter()
        .map(|(owner, items)| (owner.to_string(), items))
        .collect()
}

/// A file-name slug for each of `owners` (in the order given), distinct
/// even when two names slugify alike (the later one gets `-2`, `-3`, …).
pub fn owner_slugs<'a>(owners: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut used = std::collections::BTreeSet::new();
    owners
        .into_iter()
        .map(|o| {
            let base = crate::util::slug::slugify(o);
            let mut slug = base.clone();
            let mut n = 1;
            while !used.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            slug
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_slugs_are_distinct() {
        assert_eq!(
            owner_slugs(["(no owner)", "QA Manager", "QA-Manager"]),
            ["no-owner", "qa-manager", "qa-manager-2"]
        );
    }

    #[test]
    fn groups_keep_item_order_and_sort_owners() {
        let groups = by_owner([
            (Some("QM"), 1),
            (None, 2),
            (Some("CEO"), 3),
            (Some("QM"), 4),
        ]);
        assert_eq!(
            groups,
            [
                ("(no owner)".to_string(), vec![2]),
                ("CEO".to_string(), vec![3]),
                ("QM".to_string(), vec![1, 4]),
            ]
        );
    }
}
