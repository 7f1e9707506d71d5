//! Property tests: slugs, natural clause order, link parsing and the
//! front-matter splitter hold their promises on any input, and never panic.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use qmsbook::diagnostics::SourceText;
use qmsbook::model::links::{join_relative, percent_decode, scheme, split_anchor};
use qmsbook::parse::catalog::natural_cmp;
use qmsbook::parse::source::{Split, decode, split_front_matter};
use qmsbook::util::slug::{UniqueIds, slugify};

proptest! {
    // Failing cases are kept in `properties.proptest-regressions` beside this
    // file and replayed first. Proptest's default looks for a folder with a
    // `main.rs` above the source and would use `tests/proptest-regressions/`.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn slugs_are_url_safe_and_stable(text in "\\PC{0,80}") {
        let s = slugify(&text);
        prop_assert!(!s.is_empty());
        prop_assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
        prop_assert_eq!(slugify(&s), s.clone(), "a slug is its own slug");
    }

    #[test]
    fn unique_ids_never_repeat(bases in proptest::collection::vec("[a-c]{1,2}(-[1-3])?", 1..60)) {
        let mut ids = UniqueIds::default();
        let mut seen = std::collections::HashSet::new();
        for b in &bases {
            prop_assert!(seen.insert(ids.unique(b)));
        }
    }

    #[test]
    fn natural_order_is_a_total_order(a in "[0-9]{1,2}(\\.[0-9a-c]{1,2}){0,3}", b in "[0-9]{1,2}(\\.[0-9a-c]{1,2}){0,3}", c in "[0-9]{1,2}(\\.[0-9a-c]{1,2}){0,3}") {
        use std::cmp::Ordering::*;
        prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
        if natural_cmp(&a, &b) != Greater && natural_cmp(&b, &c) != Greater {
            prop_assert_ne!(natural_cmp(&a, &c), Greater);
        }
        prop_assert_eq!(natural_cmp(&a, &b) == Equal, a == b);
    }

    #[test]
    fn parents_sort_before_children(id in "[0-9]{1,2}(\\.[0-9]{1,2}){0,3}", child in "[0-9a-c]{1,2}") {
        prop_assert_eq!(natural_cmp(&id, &format!("{id}.{child}")), std::cmp::Ordering::Less);
    }

    #[test]
    fn relative_links_never_leave_the_content_folder(from in "([a-z]{1,3}/){0,3}[a-z]{1,3}\\.md", link in "(\\.\\./|[a-z]{1,3}/|\\./){0,6}[a-z]{0,3}(\\.md)?") {
        if let Some(joined) = join_relative(&from, &link) {
            prop_assert!(!joined.split('/').any(|s| s == ".." || s == "."));
            prop_assert!(!joined.starts_with('/'));
        }
    }

    #[test]
    fn link_parsing_never_panics(s in "\\PC{0,60}") {
        let (target, anchor) = split_anchor(&s);
        prop_assert_eq!(anchor.map_or(target.len(), |a| target.len() + 1 + a.len()), s.len());
        let _ = scheme(&s);
        let _ = percent_decode(&s);
    }

    #[test]
    fn the_splitter_finds_front_matter_exactly(yaml in "([a-z]{1,5}: [a-z0-9 ]{0,10}\n){0,6}", body in "[^\\r\\x00]{0,100}", crlf in any::<bool>()) {
        let text = format!("---\n{yaml}---\n{body}");
        let bytes = if crlf { text.replace('\n', "\r\n") } else { text.clone() };
        let decoded = decode("a.md", bytes.as_bytes()).map_err(|d| TestCaseError::fail(d.message))?;
        match split_front_matter(&decoded) {
            Split::Found(block, body_start) => {
                prop_assert_eq!(&decoded[block.yaml], yaml.as_str());
                prop_assert_eq!(&decoded[body_start..], body.as_str());
            }
            other => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn any_text_is_split_and_analysed_without_panicking(text in "\\PC{0,300}") {
        if let Ok(decoded) = decode("a.md", text.as_bytes()) {
            let _ = split_front_matter(&decoded);
            let source = SourceText::new("a.md", decoded.as_str());
            let mut diagnostics = Vec::new();
            let analysis = qmsbook::markdown::analyse(&source, 0, &qmsbook::util::phrases::Phrases::new(&["etc.".to_string()]), &mut diagnostics);
            for (range, _) in &analysis.vague {
                prop_assert!(decoded.get(range.clone()).is_some());
            }
            let _ = qmsbook::parse::yaml::parse(&decoded, 0);
        }
    }
}

/// Found by `natural_order_is_a_total_order`: equal numbers spelled
/// differently compared equal, so sorting was not a total order.
#[test]
fn equal_numbers_spelled_differently_are_ordered() {
    use std::cmp::Ordering::*;
    assert_eq!(natural_cmp("4", "04"), Less);
    assert_eq!(natural_cmp("7.04", "7.4"), Greater);
    assert_eq!(natural_cmp("7.04", "7.5"), Less);
    assert_eq!(natural_cmp("0", "04"), Less);
}
