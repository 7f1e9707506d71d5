//! The search index (`search-index.js` and its text shards), `sitemap.xml`,
//! `robots.txt` and the 404 page, from whole handbooks built by the binary.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{BOOK_TOML, Site, attrs, count, read_tree};

/// A current procedure with sections and clause tags, an obsolete one and a
/// draft, each with a word found nowhere else; `extra_toml` is added to
/// `book.toml`.
fn search_handbook(extra_toml: &str) -> Site {
    let site = Site::new(
        r#"
        -- content/procedures/calibration.md --
        ---
        id: SOP-012
        title: Calibration of gauges
        type: procedure
        status: approved
        effective: 2026-01-01
        clauses: ["7.1.5.2"]
        ---
        Every gauge is calibrated before use.

        ## Who approves supplier changes {#supplier-changes clauses=8.4.1}

        The Quality Manager approves changes to approved suppliers.

        ## Records

        Certificates are kept for ten years.
        -- content/procedures/old.md --
        ---
        id: SOP-001
        title: Withdrawn procedure
        type: procedure
        status: obsolete
        superseded_by: SOP-012
        ---
        Obsoletewordzz appears only here.
        -- content/procedures/draft.md --
        ---
        id: SOP-020
        title: Draft procedure
        type: procedure
        status: draft
        ---
        Draftwordzz appears only here.
        "#,
    );
    site.write(
        "book.toml",
        &format!("{BOOK_TOML}link-to-obsolete = \"allow\"\n{extra_toml}"),
    );
    site
}

/// Reads `window.NAME = {json};` back as JSON.
fn script_json(site: &Site, file: &str) -> Value {
    let text = std::fs::read_to_string(site.out(file)).expect("read the script");
    let json = text
        .split_once(" = ")
        .map(|(_, j)| j.trim_end().trim_end_matches(';'))
        .expect("an assignment");
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

fn doc_ids(index: &Value) -> Vec<String> {
    index["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| d[0].as_str().expect("id").to_string())
        .collect()
}

/// All text of every shard, in section order.
/// The JSON a shard script `file` assigns into `window.<global>[key]`.
fn shard_json(site: &Site, file: &str, global: &str) -> String {
    let text = std::fs::read_to_string(site.out(file)).expect("read shard");
    assert!(text.starts_with(&format!("(window.{global} = window.{global} || {{}})[")));
    text.split_once("] = ")
        .expect("assignment")
        .1
        .trim_end()
        .trim_end_matches(';')
        .to_string()
}

fn all_text(site: &Site, index: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for shard in index["text"].as_array().expect("text shards") {
        let file = shard[0].as_str().expect("file");
        let json = shard_json(site, file, "QMSBOOK_SEARCH_TEXT");
        let entries: Vec<Value> = serde_json::from_str(&json).expect("shard JSON");
        assert_eq!(entries.len() as u64, shard[2].as_u64().expect("count"));
        for e in entries {
            out.push(match e {
                Value::String(s) => s,
                Value::Array(a) => format!(
                    "{} {}",
                    a[0].as_str().unwrap_or(""),
                    a[1].as_str().unwrap_or("")
                ),
                other => panic!("unexpected entry {other}"),
            });
        }
    }
    out
}

#[test]
fn index_has_current_documents_sections_and_clauses() {
    let site = search_handbook("");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let index = script_json(&site, "search-index.js");
    assert_eq!(index["v"], 3);
    assert_eq!(
        doc_ids(&index),
        ["SOP-012"],
        "obsolete and draft documents are not indexed"
    );
    assert_eq!(index["docs"][0][1], "Calibration of gauges");
    assert_eq!(
        index["types"][index["docs"][0][2].as_u64().expect("type") as usize],
        "Procedure"
    );
    assert_eq!(index["docs"][0][3], serde_json::json!(["7.1.5.2"]));

    let heads = index["heads"].as_array().expect("heads");
    let sections: Vec<(String, String)> = index["docs"][0][4]
        .as_array()
        .expect("the document's sections")
        .iter()
        .map(|h| {
            let h = &heads[h.as_u64().expect("a head") as usize];
            (
                h[0].as_str().unwrap_or("").to_string(),
                h[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("".to_string(), "".to_string()),
            (
                "supplier-changes".to_string(),
                "Who approves supplier changes".to_string()
            ),
            ("records".to_string(), "Records".to_string()),
        ]
    );
    let changes = heads
        .iter()
        .find(|h| h[0] == "supplier-changes")
        .expect("the section");
    assert_eq!(
        changes[2],
        serde_json::json!(["8.4.1"]),
        "section clause tags"
    );
    // Every anchor is a heading id on the page, so a result opens at its heading.
    let page = site.html("doc/SOP-012.html");
    for (anchor, _) in sections.iter().filter(|(a, _)| !a.is_empty()) {
        assert_eq!(
            count(&page, &format!("[id=\"{anchor}\"]")),
            1,
            "#{anchor} on the page"
        );
    }

    let text = all_text(&site, &index);
    assert_eq!(text.len(), 3, "one text per section");
    assert!(text[1].contains("The Quality Manager approves changes"));
    assert!(
        !text
            .iter()
            .any(|t| t.contains("Obsoletewordzz") || t.contains("Draftwordzz"))
    );

    let standards = index["standards"].as_array().expect("standards");
    assert_eq!(standards.len(), 1, "the standards in scope");
    assert_eq!(standards[0][0], "iso9001-2015");
    assert_eq!(standards[0][1], "ISO 9001:2015");
    let clause = standards[0][2]
        .as_array()
        .expect("clauses")
        .iter()
        .find(|c| c[0] == "7.5.3")
        .expect("clause 7.5.3 is indexed");
    assert_eq!(clause[1], "Control of documented information");
    // The script opens clauses/<key>/<id>.html.
    assert!(site.out("clauses/iso9001-2015/7.5.3.html").is_file());

    let pages: Vec<&str> = index["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p[1].as_str())
        .collect();
    assert!(pages.contains(&"register.html"));
}

#[test]
fn drafts_are_indexed_only_with_drafts() {
    let site = search_handbook("");
    site.build(&["--drafts", "--today", "2026-11-22"])
        .assert_code(0);
    let index = script_json(&site, "search-index.js");
    assert_eq!(doc_ids(&index), ["SOP-012", "SOP-020"]);
    assert!(
        all_text(&site, &index)
            .iter()
            .any(|t| t.contains("Draftwordzz"))
    );
    assert!(
        !all_text(&site, &index)
            .iter()
            .any(|t| t.contains("Obsoletewordzz"))
    );
}

#[test]
fn long_sections_keep_every_word_findable() {
    let site = search_handbook("");
    let long = "Filler words about torque settings. ".repeat(60);
    site.write(
        "content/procedures/long.md",
        &format!("---\nid: SOP-030\ntitle: Long\ntype: procedure\nstatus: approved\n---\n## Steps\n\n{long}\n\nFinally check the zyxwidget.\n"),
    );
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let index = script_json(&site, "search-index.js");
    let text = all_text(&site, &index);
    let steps = text
        .iter()
        .find(|t| t.starts_with("Filler"))
        .expect("the long section");
    assert!(
        steps.len() < 1000,
        "the snippet text is truncated: {} bytes",
        steps.len()
    );
    assert!(!steps.contains("zyxwidget"));
    // Words after the cut stay findable: the term index has them.
    let postings = term_postings(&site, &index);
    let steps_section = text.iter().position(|t| t.starts_with("Filler"));
    assert_eq!(
        postings
            .get("zyxwidget")
            .map(|p| p.iter().map(|x| x.0).collect::<Vec<_>>()),
        steps_section.map(|s| vec![s as u64]),
        "words after the cut stay findable"
    );
}

/// Every term shard listed in the index, decoded: term → [(section, count)].
fn term_postings(site: &Site, index: &Value) -> BTreeMap<String, Vec<(u64, u64)>> {
    let mut out = BTreeMap::new();
    for key in index["tk"].as_array().expect("term shard keys") {
        let key = key.as_str().expect("key");
        let file = if key.is_empty() {
            "search-terms.js".to_string()
        } else {
            format!("search-terms-{key}.js")
        };
        let json = shard_json(site, &file, "QMSBOOK_SEARCH_TERMS");
        let terms: BTreeMap<String, Vec<u64>> = serde_json::from_str(&json).expect("shard JSON");
        for (term, flat) in terms {
            assert!(
                term.starts_with(key),
                "{term} is in the shard of its first characters ({key})"
            );
            let mut section = 0;
            let pairs = flat
                .chunks(2)
                .map(|p| {
                    section += p[0];
                    (section, p[1])
                })
                .collect();
            out.insert(term, pairs);
        }
    }
    out
}

/// The term index holds, for each term, every section it occurs in with
/// its exact count (words past the snippet included), and the index every
/// document's body length: what the browser's ranking needs, recounted here.
#[test]
fn term_postings_count_every_word() {
    let site = search_handbook("");
    let long = "Torque wrench settings checked. ".repeat(40);
    site.write(
        "content/procedures/long.md",
        &format!("---\nid: SOP-030\ntitle: Long\ntype: procedure\nstatus: approved\n---\n## Steps\n\n{long} Once more the zyxwidget, SOP-012 and clause 7.5.3.\n"),
    );
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let index = script_json(&site, "search-index.js");
    assert_eq!(doc_ids(&index), ["SOP-012", "SOP-030"]);
    let postings = term_postings(&site, &index);
    let text = all_text(&site, &index);
    let steps = text
        .iter()
        .position(|t| t.starts_with("Torque"))
        .expect("the long section") as u64;
    let in_steps = |term: &str| {
        postings
            .get(term)
            .and_then(|p| p.iter().find(|x| x.0 == steps))
            .map(|x| x.1)
    };
    // Stemmed as the browser stems: "torque" → "torqu", "settings" → "set", "checked" → "check".
    assert_eq!(in_steps("torqu"), Some(40));
    assert_eq!(in_steps("wrench"), Some(40));
    assert_eq!(in_steps("set"), Some(40));
    assert_eq!(in_steps("check"), Some(40));
    assert_eq!(in_steps("zyxwidget"), Some(1));
    assert_eq!(in_steps("sop12"), Some(1), "IDs as their key");
    assert_eq!(in_steps("7.5.3"), Some(1), "clause numbers as they are");
    // "calibrated" in SOP-012's first section, nowhere else.
    let calibrat: Vec<u64> = postings["calibrat"].iter().map(|x| x.0).collect();
    assert_eq!(calibrat, [0]);
    // Body lengths: every word of SOP-030's body (40 × 4 + 8).
    assert_eq!(index["blen"][1], 40 * 4 + 8);
    // The words a misspelling may stand for.
    let words: Vec<&str> = index["w"].as_str().expect("w").split(' ').collect();
    assert!(words.contains(&"zyxwidget") && words.contains(&"torqu"));
    assert!(!words.contains(&"sop12"));
}

#[test]
fn the_results_page_is_written_and_left_out_of_the_sitemap() {
    let site = search_handbook("[output.html]\nsite-url = \"https://qms.example.com/\"\n");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let html = site.html("search.html");
    assert_eq!(
        count(&html, "ol[data-search-results]#search-page-results"),
        1
    );
    assert_eq!(count(&html, "form#search-page-form input[name=q]"), 1);
    assert_eq!(
        count(&html, "#search-page-status[role=status]"),
        1,
        "the result count is announced"
    );
    let xml = std::fs::read_to_string(site.out("sitemap.xml")).expect("sitemap.xml");
    assert!(!xml.contains("search.html"));
}

#[test]
fn the_index_is_deterministic() {
    let site = search_handbook("");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let first = read_tree(&site.out(""));
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let second = read_tree(&site.out(""));
    let search: Vec<&String> = first.keys().filter(|k| k.starts_with("search-")).collect();
    assert_eq!(
        search,
        ["search-index.js", "search-terms.js", "search-text-1.js"]
    );
    for k in search {
        assert_eq!(first[k], second[k], "{k} is byte-identical across builds");
    }
}

#[test]
fn every_page_has_the_search_box_and_loads_nothing_from_the_network() {
    let site = search_handbook("");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    for (path, bytes) in read_tree(&site.out("")) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        let html = scraper::Html::parse_document(&text);
        for (selector, attr) in [
            ("script[src]", "src"),
            ("link[href]", "href"),
            ("img[src]", "src"),
        ] {
            for url in attrs(&html, selector, attr) {
                assert!(!url.contains("//"), "{path} loads {url} from the network");
            }
        }
        if path != "print.html" {
            assert_eq!(
                count(&html, "input#search-input[role=combobox]"),
                1,
                "{path} has the search box"
            );
            assert_eq!(
                count(&html, "a.skip-link[href=\"#main\"]"),
                1,
                "{path} has the skip link"
            );
        }
    }
}

#[test]
fn sitemap_and_robots_only_with_site_url() {
    let site = search_handbook("");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    assert!(!site.out("sitemap.xml").exists());
    assert!(!site.out("robots.txt").exists());

    let site = search_handbook("[output.html]\nsite-url = \"https://qms.example.com/handbook\"\n");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let xml = std::fs::read_to_string(site.out("sitemap.xml")).expect("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(locs[0], "https://qms.example.com/handbook/");
    assert!(locs.contains(&"https://qms.example.com/handbook/doc/SOP-012.html"));
    assert!(locs.contains(&"https://qms.example.com/handbook/clauses/iso9001-2015/7.5.3.html"));
    assert!(
        !locs.iter().any(|l| l.ends_with("SOP-001.html")),
        "obsolete documents are left out"
    );
    assert!(!locs.iter().any(|l| l.ends_with("404.html")));
    let mut sorted = locs[1..].to_vec();
    sorted.sort();
    assert_eq!(locs[1..], sorted[..], "sorted");
    let robots = std::fs::read_to_string(site.out("robots.txt")).expect("robots.txt");
    assert!(robots.contains("Sitemap: https://qms.example.com/handbook/sitemap.xml"));
}

#[test]
fn the_404_page_finds_the_root_itself_without_site_url() {
    let site = search_handbook("");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let text = std::fs::read_to_string(site.out("404.html")).expect("404.html");
    assert!(
        text.contains("document.createElement(\"base\")"),
        "computes the root from the address"
    );
    let html = site.html("404.html");
    assert_eq!(attrs(&html, "main a", "href")[0], "index.html");
    assert_eq!(
        count(&html, "head > link[rel=stylesheet]"),
        0,
        "the stylesheet is loaded from the computed root"
    );

    let site = search_handbook("[output.html]\nsite-url = \"https://qms.example.com/\"\n");
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let html = site.html("404.html");
    assert_eq!(
        attrs(&html, "main a", "href")[0],
        "https://qms.example.com/index.html"
    );
    assert_eq!(
        attrs(&html, "link[rel=stylesheet]", "href"),
        ["https://qms.example.com/static/qmsbook.css"]
    );
    assert_eq!(count(&html, "base"), 0);
}
