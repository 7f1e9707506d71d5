//! Theme overrides: a handbook's `themes/<name>/` replaces built-in files one by one.

use crate::support::{Site, texts};

const BASE: &str = r#"
-- book.toml --
[book]
title = "Themed"
[output.html]
theme = "corporate"
-- content/a.md --
---
id: SOP-001
title: Alpha
type: procedure
status: approved
---
Body text.
"#;

#[test]
fn a_theme_file_overrides_the_built_in_one_and_the_rest_stays() {
    let site = Site::new(&format!(
        "{BASE}\n-- themes/corporate/templates/page.html --\n{{% extends \"base.html\" %}}\n{{% block main %}}<h1 class=\"custom\">{{{{ page.id }}}}: {{{{ page.extra.colour }}}}</h1>{{{{ content | safe }}}}{{% endblock main %}}\n-- themes/corporate/static/qmsbook.css --\nbody {{ color: rebeccapurple; }}\n"
    ));
    site.write("content/a.md", "---\nid: SOP-001\ntitle: Alpha\ntype: procedure\nstatus: approved\ncolour: blue\n---\nBody text.\n");
    site.build(&[]).assert_code(0);
    let page = site.html("doc/SOP-001.html");
    assert_eq!(texts(&page, "h1.custom"), ["SOP-001: blue"]);
    // The built-in base template still frames the page.
    assert_eq!(texts(&page, "a.skip-link"), ["Skip to content"]);
    let css = std::fs::read_to_string(site.out("static/qmsbook.css")).expect("css");
    assert_eq!(css.trim(), "body { color: rebeccapurple; }");
    // Files the theme does not override are the built-in ones.
    assert!(site.out("static/qmsbook.js").is_file());
}

#[test]
fn a_broken_template_is_an_error_naming_the_file() {
    let site = Site::new(&format!(
        "{BASE}\n-- themes/corporate/templates/page.html --\n{{% extends \"base.html\" %}}\n{{% block main %}}{{{{ page.id }}{{% endblock main %}}\n"
    ));
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out
        .errors()
        .into_iter()
        .find(|d| d.code == "template")
        .expect("a template error");
    assert_eq!(
        d.location.as_deref(),
        Some("themes/corporate/templates/page.html:2:28"),
        "{}",
        out.stderr
    );
    assert!(!site.out("index.html").exists());
}

#[test]
fn a_missing_theme_folder_is_a_config_error() {
    let site = Site::new(BASE);
    let out = site.build(&[]);
    out.assert_code(1);
    assert!(
        out.stderr
            .contains("the theme folder `themes/corporate` does not exist"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_template_that_fails_to_render_points_at_the_variable() {
    let site = Site::new(&format!(
        "{BASE}\n-- themes/corporate/templates/page.html --\n{{% extends \"base.html\" %}}\n{{% block main %}}\n<p>{{{{ page.no_such_field }}}}</p>\n{{% endblock main %}}\n"
    ));
    let out = site.build(&[]);
    out.assert_code(1);
    let d = out
        .errors()
        .into_iter()
        .find(|d| d.code == "template")
        .expect("a template error");
    assert!(
        d.location
            .as_deref()
            .unwrap_or("")
            .starts_with("themes/corporate/templates/page.html:3:"),
        "{}",
        out.stderr
    );
}
