//! Pages stay light at any size: past 1,000 documents the register and the
//! cross-reference grid are cut into numbered pages (the register's filter
//! reads every row from `register-data.js`), the matrix lists 12 documents a
//! clause and says how many more, and the owners and reviews pages list the
//! first entries of each owner and link the owner's full list. Nothing is
//! lost: the pages together, the data file and the exports hold every row.
//! A small handbook keeps one page with every row.

use std::collections::BTreeMap;

use scraper::Html;

use crate::support::{Site, attrs, count, doc, handbook, texts};

/// Rows on a page (`views::paging::ROWS_PER_PAGE`).
const PAGE: usize = 1000;
/// Documents in the large fixture: one page and a few rows more.
const DOCS: usize = PAGE + 5;

/// A handbook of [`DOCS`] small approved documents, all tagging ISO 9001
/// 7.5.3 and due for review; every hundredth is not yet effective (it tags
/// the clause without counting), every tenth records a periodic review.
fn large() -> Site {
    let site = handbook("");
    for i in 1..=DOCS {
        let owner = if i % 2 == 0 {
            "Quality Manager"
        } else {
            "Production Manager"
        };
        let effective = if i % 100 == 0 {
            "2027-01-01"
        } else {
            "2026-01-01"
        };
        let reviewed = if i % 10 == 0 {
            "reviewed: { date: 2026-02-01, by: Quality Manager, outcome: no-change }\n"
        } else {
            ""
        };
        site.write(
            &format!("content/p{i:04}.md"),
            &format!(
                "---\nid: SOP-{i:04}\ntitle: Procedure {i}\ntype: procedure\nstatus: approved\nowner: {owner}\nrevision: A\neffective: {effective}\nreview_by: 2026-06-01\n{reviewed}clauses: [\"7.5.3\"]\n---\nText.\n"
            ),
        );
    }
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    site
}

/// The rows of `register.csv`, each as field → value.
fn csv_rows(site: &Site) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(site.out("register.csv")).expect("register.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let heads: Vec<String> = reader
        .headers()
        .expect("CSV header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("CSV row");
            heads
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// `register-data.js`'s value of `window.QMSBOOK_REGISTER`.
fn register_data(site: &Site) -> serde_json::Value {
    let text = std::fs::read_to_string(site.out("register-data.js")).expect("register-data.js");
    let json = text
        .trim_end()
        .strip_prefix("window.QMSBOOK_REGISTER = ")
        .and_then(|t| t.strip_suffix(';'))
        .expect("a script assigning QMSBOOK_REGISTER");
    serde_json::from_str(json).expect("JSON")
}

/// The numbered page links of a page (the first pager), and the current one.
fn pager(html: &Html) -> (Vec<String>, Vec<String>) {
    (
        attrs(html, "nav.pager:first-of-type .pager-pages a", "href"),
        attrs(html, "nav.pager:first-of-type a[aria-current=page]", "href"),
    )
}

#[test]
fn a_large_handbook_is_cut_into_light_pages_and_loses_nothing() {
    let site = large();
    let csv = csv_rows(&site);
    assert_eq!(csv.len(), DOCS);
    let csv_ids: Vec<&str> = csv.iter().map(|r| r["id"].as_str()).collect();

    // The register: page 1 and page 2, linked both ways, every row once.
    let first = site.html("register.html");
    let second = site.html("register-2.html");
    assert!(!site.out("register-3.html").exists());
    assert_eq!(count(&first, "#register tbody tr"), PAGE);
    assert_eq!(count(&second, "#register tbody tr"), DOCS - PAGE);
    let links = vec!["register.html".to_string(), "register-2.html".to_string()];
    assert_eq!(pager(&first), (links.clone(), vec!["register.html".into()]));
    assert_eq!(pager(&second), (links, vec!["register-2.html".into()]));
    let mut paged = texts(&first, "#register tbody tr td:first-child");
    paged.extend(texts(&second, "#register tbody tr td:first-child"));
    assert_eq!(paged, csv_ids);
    // The filter reads the whole register from the data file.
    assert_eq!(
        attrs(&second, "#register", "data-register-data"),
        ["register-data.js"]
    );
    assert_eq!(
        attrs(&second, "#register", "data-total"),
        [DOCS.to_string()]
    );

    // The data file: the CSV's rows, field by field.
    let data = register_data(&site);
    let fields: Vec<&str> = data["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    let rows = data["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), csv.len());
    for (record, row) in rows.iter().zip(&csv) {
        let value = |name: &str| {
            let at = fields.iter().position(|f| *f == name).expect(name);
            record[at].as_str().expect("a string").to_string()
        };
        for name in [
            "id",
            "title",
            "type",
            "revision",
            "status",
            "owner",
            "approved_by",
            "effective",
            "review_by",
        ] {
            assert_eq!(value(name), row[name], "{name} of {}", row["id"]);
        }
        assert_eq!(value("url"), format!("doc/{}.html", row["id"]));
    }

    // The matrix: 12 documents on the clause's row, those that count first,
    // then "and N more" to the clause page, which lists them all; the row's
    // state and the export are the whole clause's.
    let matrix = site.html("coverage/iso9001-2015.html");
    let row = "#matrix-table tr[id='c-7.5.3']";
    let listed = texts(&matrix, &format!("{row} .doc-groups > li > a .doc-id"));
    let expected: Vec<String> = (1..=13)
        .filter(|i| i % 100 != 0)
        .take(12)
        .map(|i| format!("SOP-{i:04}"))
        .collect();
    assert_eq!(listed, expected);
    let not_counting = DOCS / 100;
    assert_eq!(
        texts(&matrix, &format!("{row} .docs-overflow a")),
        [format!("and {} more", DOCS - 12)]
    );
    assert_eq!(
        texts(&matrix, &format!("{row} .docs-overflow .muted")),
        [format!("({} of them count)", DOCS - 12 - not_counting)]
    );
    assert_eq!(
        attrs(&matrix, &format!("{row} .docs-overflow a"), "href"),
        ["../clauses/iso9001-2015/7.5.3.html"]
    );
    let clause = site.html("clauses/iso9001-2015/7.5.3.html");
    assert_eq!(count(&clause, ".doc-groups > li > a .doc-id"), DOCS);
    let json = site.json("coverage-iso9001-2015.json");
    let exported = json["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .find(|c| c["id"] == "7.5.3")
        .expect("7.5.3 in the export");
    assert_eq!(exported["documents"].as_array().map(Vec::len), Some(DOCS));
    let class = attrs(&matrix, row, "class").concat();
    assert!(
        class.contains(&format!(
            "row-{}",
            exported["status"].as_str().unwrap_or("?")
        )),
        "{class} vs {}",
        exported["status"]
    );

    // The grid: the documents in two pages, every one once.
    let grid = site.html("coverage/iso9001-2015-grid.html");
    let grid2 = site.html("coverage/iso9001-2015-grid-2.html");
    assert_eq!(count(&grid, ".xref tbody tr"), PAGE);
    assert_eq!(count(&grid2, ".xref tbody tr"), DOCS - PAGE);
    assert_eq!(
        pager(&grid2).0,
        ["iso9001-2015-grid.html", "iso9001-2015-grid-2.html"].map(|p| format!("../coverage/{p}"))
    );

    // Owners: 25 a role on the owners page, all on the role's own page.
    let owners = site.html("owners.html");
    assert_eq!(count(&owners, "ul.plain-list > li:not(.more)"), 2 * 25);
    assert_eq!(
        attrs(&owners, "li.more a", "href"),
        [
            "owners/production-manager.html",
            "owners/quality-manager.html"
        ]
    );
    assert_eq!(
        texts(&owners, "li.more a")[1],
        format!(
            "and {} more: all {} documents of Quality Manager",
            DOCS / 2 - 25,
            DOCS / 2
        )
    );
    let quality = site.html("owners/quality-manager.html");
    assert_eq!(count(&quality, "ul.plain-list > li"), DOCS / 2);

    // Reviews: 50 a role, the role's own list has them all; the latest 50
    // recorded reviews, all on their own page.
    let reviews = site.html("reviews.html");
    let links = attrs(&reviews, "p.more a", "href");
    assert_eq!(
        links,
        [
            "reviews/production-manager.html",
            "reviews/quality-manager.html",
            "reviews-recorded.html"
        ]
    );
    for (section, link) in links.iter().take(2).enumerate() {
        let shown = count(
            &reviews,
            &format!("h2[id='owner-{}'] + .table-wrap tbody tr", section + 1),
        );
        assert_eq!(shown, 50);
        let all = site.html(link);
        let total = count(&all, "tbody tr");
        assert!(total > 50, "{link}: {total}");
        assert_eq!(
            texts(&all, "h1 .count"),
            [format!("({total})")],
            "{link} counts what it lists"
        );
    }
    assert_eq!(count(&reviews, ".recorded-reviews tbody tr"), 50);
    let recorded = site.html("reviews-recorded.html");
    assert_eq!(count(&recorded, ".recorded-reviews tbody tr"), DOCS / 10);

    // Every added page is in the manifest like every other page.
    let manifest = std::fs::read_to_string(site.out("manifest.json")).expect("manifest");
    for page in [
        "register-2.html",
        "register-data.js",
        "coverage/iso9001-2015-grid-2.html",
        "owners/quality-manager.html",
        "reviews/quality-manager.html",
        "reviews-recorded.html",
    ] {
        assert!(
            manifest.contains(&format!("\"{page}\"")),
            "{page} in the manifest"
        );
    }
}

#[test]
fn a_small_handbook_keeps_one_page_with_every_row() {
    let site = handbook(&format!(
        "-- content/a.md --\n{}-- content/b.md --\n{}",
        doc("SOP-001", "One", "procedure", "Text.\n"),
        doc("SOP-002", "Two", "procedure", "Text.\n"),
    ));
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let register = site.html("register.html");
    assert_eq!(count(&register, "#register tbody tr"), 2);
    assert_eq!(count(&register, "nav.pager"), 0);
    assert!(attrs(&register, "#register", "data-register-data").is_empty());
    assert!(!site.out("register-data.js").exists());
    assert!(!site.out("register-2.html").exists());
    assert!(!site.out("owners").exists());
    assert_eq!(count(&site.html("owners.html"), "li.more"), 0);
}
