//! Printing a handbook larger than the print page cap (`[output.html]
//! print-page-kb`): `print.html` lists the print pages, one per document
//! type (split further when a type alone is over the cap), each stamped and
//! with its own contents; links between printed documents resolve across pages.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{BOOK_TOML, Site, attrs, count, doc, texts};

/// About 600 bytes of body text.
fn filler(n: usize) -> String {
    format!("Paragraph {n} of the procedure. ").repeat(18)
}

/// Five procedures and a form, with a cap (6 KB) that fits two procedures a page.
fn big_handbook() -> Site {
    let mut files = String::new();
    for n in 1..=5 {
        let links = match n {
            1 => "See [[SOP-002]], [[SOP-005#scope]] and [[FRM-001]].\n\n",
            _ => "",
        };
        files.push_str(&format!(
            "-- content/sop-{n}.md --\n{}",
            doc(
                &format!("SOP-00{n}"),
                &format!("Procedure {n}"),
                "procedure",
                &format!("{links}## Scope\n\n{}\n", filler(n))
            )
        ));
    }
    files.push_str(&format!(
        "-- content/frm-1.md --\n{}",
        doc(
            "FRM-001",
            "Form one",
            "form",
            "Back to [[SOP-001#scope]].\n"
        )
    ));
    let site = Site::new(&files);
    site.write(
        "book.toml",
        &format!("{BOOK_TOML}[output.html]\nprint-page-kb = 6\n"),
    );
    site
}

#[test]
fn a_handbook_over_the_cap_is_printed_by_type() {
    let site = big_handbook();
    site.build(&["--today", "2026-11-22"]).assert_code(0);

    // print.html is the index of the print pages, in type order.
    let index = site.html("print.html");
    assert_eq!(count(&index, "article.print-doc"), 0);
    let pages = attrs(&index, ".print-parts a", "href");
    assert_eq!(
        pages,
        [
            "print/procedure.html",
            "print/procedure-2.html",
            "print/procedure-3.html",
            "print/form.html"
        ]
    );
    assert!(
        texts(&index, ".print-parts li")[0].starts_with("Procedures (1 of 3) · 2 documents"),
        "{:?}",
        texts(&index, ".print-parts li")
    );

    // Each page: its documents, its own contents, the stamps and its footers.
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut printed = Vec::new();
    for page in &pages {
        let html = site.html(page);
        let docs = attrs(&html, "article.print-doc", "id");
        assert_eq!(
            attrs(&html, ".print-toc a", "href"),
            docs.iter().map(|d| format!("#{d}")).collect::<Vec<_>>(),
            "{page}: the contents list its documents"
        );
        for status in texts(&html, ".control-block tr:last-child td") {
            assert!(
                status.ends_with("uncontrolled when printed"),
                "{page}: {status}"
            );
        }
        assert!(
            texts(&html, ".print-cover p")
                .iter()
                .any(|p| p.contains("2026-11-22"))
        );
        let css_href = attrs(&html, "link[rel=stylesheet]", "href");
        let css_file = page.replace(".html", ".css");
        assert!(css_href.contains(&format!("../{css_file}")), "{css_href:?}");
        let css = std::fs::read_to_string(site.out(&css_file)).expect("page css");
        for (n, d) in docs.iter().enumerate() {
            assert!(
                css.contains(&format!("[id=\"{d}\"] {{ page: d{n}; }}")),
                "{css}"
            );
            assert!(
                css.contains(&format!(
                    "content: \"Uncontrolled when printed · {d} · printed \""
                )),
                "{css}"
            );
        }
        ids.insert(
            page.clone(),
            attrs(&html, "[id]", "id").into_iter().collect(),
        );
        printed.extend(docs);
    }
    assert_eq!(
        printed,
        [
            "SOP-001", "SOP-002", "SOP-003", "SOP-004", "SOP-005", "FRM-001"
        ]
    );
    assert!(!site.out("print-pages.css").exists());

    // Links between documents: in-page on the same page, else to the anchor on the other page.
    let first = site.html("print/procedure.html");
    assert_eq!(
        attrs(&first, "#SOP-001 .prose p a", "href"),
        [
            "#SOP-002",
            "../print/procedure-3.html#SOP-005--scope",
            "../print/form.html#FRM-001"
        ]
    );
    let form = site.html("print/form.html");
    assert_eq!(
        attrs(&form, "#FRM-001 .prose p a", "href"),
        ["../print/procedure.html#SOP-001--scope"]
    );
    // Every link to a print page anchor resolves.
    let mut checked = 0;
    for page in &pages {
        let html = site.html(page);
        for href in attrs(&html, "a[href]", "href") {
            let (target, anchor) = match href.split_once('#') {
                Some(("", a)) => (page.clone(), a.to_string()),
                Some((p, a)) if p.starts_with("../print/") => {
                    (p.trim_start_matches("../").to_string(), a.to_string())
                }
                _ => continue,
            };
            assert!(
                ids.get(&target).is_some_and(|s| s.contains(&anchor)),
                "{page}: {href} resolves nowhere"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked}");
    // The neighbours are linked.
    assert_eq!(
        attrs(
            &site.html("print/procedure-2.html"),
            ".print-part-nav a",
            "href"
        ),
        ["../print/procedure.html", "../print/procedure-3.html"]
    );
}

#[test]
fn a_handbook_under_the_cap_stays_on_one_page() {
    let site = big_handbook();
    site.write("book.toml", BOOK_TOML);
    site.build(&["--today", "2026-11-22"]).assert_code(0);
    let print = site.html("print.html");
    assert_eq!(count(&print, "article.print-doc"), 6);
    assert_eq!(
        attrs(&print, "#SOP-001 .prose p a", "href"),
        ["#SOP-002", "#SOP-005--scope", "#FRM-001"]
    );
    assert!(site.out("print-pages.css").exists());
    assert!(!site.out("print").exists());
}
