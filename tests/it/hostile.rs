//! Hostile and broken input: each case alone and all together. The build must
//! never panic, never hang, never read or write outside the handbook and its
//! output folder, and report each problem clearly (or handle it safely).

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{
    BOOK_TOML, Site, attrs, count, doc, handbook, human_diagnostics, read_tree, staging_leftovers,
    texts,
};

/// An approved procedure `id` with this body, as file contents.
fn procedure(id: &str, body: &str) -> Vec<u8> {
    doc(id, &format!("Title of {id}"), "procedure", body).into_bytes()
}

/// One hostile file (or setup) and the diagnostic codes it must give (empty: builds cleanly).
struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    codes: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let case = |name, path: &str, bytes: Vec<u8>, codes| Case {
        name,
        files: vec![(path.to_string(), bytes)],
        codes,
    };
    let mut latin1 = b"---\nid: L-1\ntitle: Caf".to_vec();
    latin1.extend_from_slice(&[0xE9]);
    latin1.extend_from_slice(b"\ntype: procedure\n---\n");
    let big_body: String =
        "A sentence of a long procedure, with *emphasis* and a [[OK-1]] link.\n\n".repeat(300_000);
    vec![
        case("tab in YAML", "content/tab.md", b"---\nid: T-1\ntitle: T\n\ttype: procedure\n---\n".to_vec(), &["invalid-yaml"]),
        case("unclosed quote", "content/quote.md", b"---\nid: Q-1\ntitle: \"Q\ntype: procedure\n---\n".to_vec(), &["invalid-yaml"]),
        case("conflict in front matter", "content/c1.md", b"---\n<<<<<<< HEAD\nid: C-1\n=======\nid: C-2\n>>>>>>> other\ntitle: C\ntype: procedure\n---\n".to_vec(), &["merge-conflict"]),
        case("conflict in body", "content/c2.md", procedure("C-3", "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n"), &["merge-conflict"]),
        case("front matter is a list", "content/list.md", b"---\n- id\n- title\n---\n".to_vec(), &["invalid-front-matter"]),
        case("front matter is a scalar", "content/scalar.md", b"---\njust words\n---\n".to_vec(), &["invalid-front-matter"]),
        case("duplicate keys", "content/dup.md", b"---\nid: D-1\nid: D-2\ntitle: D\ntype: procedure\n---\n".to_vec(), &["invalid-yaml"]),
        case("unterminated front matter", "content/open.md", b"---\nid: U-1\ntitle: U\n".to_vec(), &["unterminated-front-matter"]),
        case("empty file", "content/empty.md", Vec::new(), &["missing-front-matter"]),
        case("only front matter", "content/only.md", b"---\nid: O-1\ntitle: O\ntype: procedure\nstatus: approved\n---\n".to_vec(), &[]),
        case("UTF-8 BOM", "content/bom.md", [b"\xEF\xBB\xBF".to_vec(), procedure("B-1", "Text.\n")].concat(), &[]),
        case("CRLF", "content/crlf.md", procedure("R-1", "Text.\n").iter().flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] }).collect(), &[]),
        case("lone CR", "content/cr.md", procedure("R-2", "Text.\n").iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect(), &[]),
        case("Latin-1 export", "content/latin1.md", latin1, &["invalid-utf8"]),
        case("NUL byte", "content/nul.md", [procedure("N-1", "a"), vec![0], b"b\n".to_vec()].concat(), &["invalid-utf8"]),
        case("20 MB document", "content/big.md", procedure("BIG-1", &big_body), &[]),
        case("10,000 nested blockquotes", "content/quotes.md", procedure("NQ-1", &format!("{} deep\n", ">".repeat(10_000))), &[]),
        case("10,000 nested lists", "content/lists.md", procedure("NL-1", &format!("{}item\n", "- ".repeat(10_000))), &[]),
        case("1 MB single line", "content/line.md", procedure("LINE-1", &"word ".repeat(200_000)), &[]),
        Case {
            name: "names with spaces, unicode and case",
            files: vec![
                ("content/Ünïcode folder/My File.md".to_string(), procedure("UNI-1", "[other](../my%20file.md) and [[UNI-2]]\n")),
                ("content/case.md".to_string(), procedure("UNI-2", "Lower case.\n")),
                ("content/Case.md".to_string(), procedure("UNI-3", "Upper case.\n")),
            ],
            codes: &[],
        },
        case("path-traversal link", "content/trav.md", procedure("TR-1", "[x](../../../../etc/passwd)\n"), &["broken-link"]),
        case("wiki link with a path", "content/trav2.md", procedure("TR-2", "[[../x]]\n"), &["broken-link"]),
        case("javascript: URL", "content/js.md", procedure("JS-1", "[click](javascript:alert(1))\n"), &["unsafe-link"]),
        case("ID with ..", "content/id1.md", b"---\nid: ../x\ntitle: I\ntype: procedure\n---\n".to_vec(), &["invalid-id"]),
        case("ID with /", "content/id2.md", b"---\nid: a/b\ntitle: I\ntype: procedure\n---\n".to_vec(), &["invalid-id"]),
        case("ID con", "content/id3.md", b"---\nid: con\ntitle: I\ntype: procedure\n---\n".to_vec(), &["invalid-id"]),
        case("impossible date", "content/date.md", b"---\nid: DT-1\ntitle: D\ntype: procedure\neffective: 2026-02-30\n---\n".to_vec(), &["invalid-date"]),
        case("clause with a trailing dot", "content/cl1.md", b"---\nid: CL-1\ntitle: C\ntype: procedure\nclauses: [\"7.5.\"]\n---\n".to_vec(), &["unknown-clause"]),
        case("heading attribute with an event handler", "content/ha1.md", procedure("HA-1", "## Hi {#x onclick=alert(1) style=color:red}\n"), &["heading-attribute"]),
        case("heading attribute autofocus", "content/ha2.md", procedure("HA-2", "## Hi {autofocus onfocus=alert(1)}\n"), &["heading-attribute"]),
        case("50,000 nested divs", "content/divs.md", procedure("DIV-1", &format!("<div>\n{}x{}\n</div>\n", "<div>".repeat(50_000), "</div>".repeat(50_000))), &["raw-html-depth"]),
        case("15,000 vague phrases on one line", "content/vague.md", procedure("VG-1", &format!("{}\n", "as appropriate etc. ".repeat(7_500))), &[]),
        case("100,000 broken links on one line", "content/links.md", procedure("BL-1", &format!("{}\n", "[[NOPE-1]] ".repeat(100_000))), &["broken-link"]),
        case("clause with spaces", "content/cl2.md", b"---\nid: CL-2\ntitle: C\ntype: procedure\nstatus: approved\nclauses: [\" 7.5.1 \"]\n---\n".to_vec(), &[]),
    ]
}

/// Runs `qmsbook build` with a time limit; returns (exit code, stderr).
fn build_within(site: &Site, limit: Duration) -> (i32, String) {
    let mut child = site
        .command(&["build", ".", "--today", "2026-06-01"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the build did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        status.code().unwrap_or(-1),
        reader.join().unwrap_or_default(),
    )
}

/// The test handbook (two documents, one with a space in its file name) with these files added.
fn with_files(files: &[(String, Vec<u8>)]) -> Site {
    let site = handbook("");
    site.write_bytes(
        "content/ok.md",
        &procedure("OK-1", "The control document.\n"),
    );
    site.write_bytes(
        "content/my file.md",
        &procedure("SP-1", "A file name with a space.\n"),
    );
    for (path, bytes) in files {
        site.write_bytes(path, bytes);
    }
    site
}

/// The codes of the errors and warnings on stderr, in order.
fn codes(stderr: &str) -> Vec<String> {
    human_diagnostics(stderr)
        .into_iter()
        .filter(|d| d.level != "note")
        .map(|d| d.code)
        .collect()
}

#[test]
fn each_case_alone_is_reported_clearly_or_handled_safely() {
    for case in cases() {
        let site = with_files(&case.files);
        let (code, stderr) = build_within(&site, Duration::from_secs(120));
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
        let found = codes(&stderr);
        if case.codes.is_empty() {
            assert_eq!(code, 0, "{}: {stderr}", case.name);
        } else {
            assert_eq!(code, 1, "{}: {stderr}", case.name);
            for c in case.codes {
                assert!(
                    found.iter().any(|f| f == c),
                    "{}: expected `{c}` in {found:?}\n{stderr}",
                    case.name
                );
            }
            // The errors name the file.
            assert!(
                stderr.contains("content/"),
                "{}: no file named\n{stderr}",
                case.name
            );
        }
    }
}

#[test]
fn all_cases_together_report_every_problem_in_one_run() {
    let all: Vec<(String, Vec<u8>)> = cases().into_iter().flat_map(|c| c.files).collect();
    let site = with_files(&all);
    let (code, stderr) = build_within(&site, Duration::from_secs(180));
    assert_eq!(code, 1);
    assert!(!stderr.contains("panicked"));
    let found = codes(&stderr);
    for case in cases() {
        for c in case.codes {
            assert!(found.iter().any(|f| f == c), "{}: `{c}` missing", case.name);
        }
    }
    assert!(
        !site.root().join("book").exists(),
        "a failed build writes nothing"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_never_lead_outside_the_handbook() {
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(
        outside.path().join("secret.md"),
        procedure("SECRET-1", "secret text\n"),
    )
    .expect("write");
    std::fs::write(outside.path().join("secret.png"), b"png").expect("write");
    let site = with_files(&[]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path("content/secret.md"),
    )
    .expect("link");
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        site.path("content/secret.png"),
    )
    .expect("link");
    std::fs::create_dir_all(site.path("content/loop")).expect("dir");
    std::os::unix::fs::symlink(site.path("content"), site.path("content/loop/again"))
        .expect("loop");
    let before: Vec<_> = std::fs::read_dir(outside.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        codes(&stderr).contains(&"link-outside-content".to_string()),
        "{stderr}"
    );
    assert!(
        codes(&stderr).contains(&"unreadable-file".to_string()),
        "the loop is reported: {stderr}"
    );
    assert!(!site.out("doc/SECRET-1.html").exists());
    assert!(!site.out("files/secret.png").exists());
    let after: Vec<_> = std::fs::read_dir(outside.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(before, after, "nothing written outside");
}

const HOSTILE_TITLE: &str = "<script>alert('t')</script> & \"quotes\"";
const HOSTILE_OWNER: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";

#[test]
fn hostile_values_are_escaped_in_every_sink() {
    let site = with_files(&[(
        "content/hostile.md".to_string(),
        format!(
            "---\nid: H-1\ntitle: '{}'\ntype: procedure\nowner: '{}'\nstatus: approved\neffective: 2025-01-01\nclauses: [\"7.5.1\"]\n---\nBody <script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:void(0)) text.\n",
            HOSTILE_TITLE.replace('\'', "''"),
            HOSTILE_OWNER
        )
        .replace("[a](javascript:void(0)) ", "")
        .into_bytes(),
    )]);
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 0, "{stderr}");
    // HTML: the title is text, not markup; the body's raw HTML is sanitized.
    let page = site.html("doc/H-1.html");
    assert_eq!(texts(&page, "h1").join(""), format!("H-1 {HOSTILE_TITLE}"));
    // The one inline script is the theme's (it sets the colour theme before the first paint).
    let inline = texts(&page, "script:not([src])");
    assert_eq!(inline.len(), 1, "{inline:?}");
    assert!(
        inline[0].starts_with("try{var t=localStorage"),
        "{inline:?}"
    );
    assert_eq!(count(&page, "[onerror]"), 0);
    let raw = std::fs::read_to_string(site.out("doc/H-1.html")).expect("page");
    assert!(!raw.contains("<script>alert"), "no live script");
    let csp = attrs(&page, "meta[http-equiv=Content-Security-Policy]", "content");
    assert!(
        csp[0].contains("script-src 'self'") && !csp[0].contains("unsafe-inline"),
        "{csp:?}"
    );
    // Attributes: the register keeps the owner inside its data attribute.
    let register = site.html("register.html");
    assert_eq!(
        attrs(&register, "tr[data-owner^='=HYPERLINK']", "data-owner"),
        [HOSTILE_OWNER]
    );
    // CSV: formulas neutralised.
    let csv = std::fs::read_to_string(site.out("register.csv")).expect("csv");
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        !csv.lines().any(|l| l
            .split(',')
            .any(|c| c.starts_with("=HYPERLINK") || c.starts_with("\"=HYPERLINK"))),
        "{csv}"
    );
    // JSON and the navigation script: valid, with the value intact.
    let cov: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.out("coverage-iso9001-2015.json")).expect("json"),
    )
    .expect("valid JSON");
    let titles: Vec<String> = cov["clauses"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["documents"].as_array().into_iter().flatten())
        .filter_map(|d| d["title"].as_str().map(str::to_string))
        .collect();
    assert!(titles.contains(&HOSTILE_TITLE.to_string()));
    let nav = std::fs::read_to_string(site.out("nav.js")).expect("nav");
    let json = nav
        .trim()
        .trim_start_matches("window.QMSBOOK_NAV = ")
        .trim_end_matches(';');
    let parsed: serde_json::Value = serde_json::from_str(json).expect("nav.js holds JSON");
    assert!(parsed.to_string().contains("alert('t')"));
    assert!(
        !nav.contains("</script>"),
        "no closing tag inside the script"
    );
    // Atom feed: well-formed XML with the title as text.
    let feed = std::fs::read_to_string(site.out("feed.xml")).expect("feed");
    let xml = roxmltree::Document::parse(&feed).expect("feed is XML");
    assert!(xml.descendants().any(|n| n.has_tag_name("title") && n.text().is_some_and(|t| t.contains(HOSTILE_TITLE))));
}

#[test]
fn raw_html_can_be_escaped_or_allowed() {
    for (mode, expect_script_text, expect_tag) in [("escape", true, false), ("allow", false, true)]
    {
        let site = with_files(&[(
            "content/raw.md".to_string(),
            procedure("RAW-1", "<b>bold</b> <script>x()</script>\n"),
        )]);
        site.write(
            "book.toml",
            &format!("{BOOK_TOML}[output.html]\nraw-html = \"{mode}\"\n"),
        );
        let (code, stderr) = build_within(&site, Duration::from_secs(60));
        assert_eq!(code, 0, "{stderr}");
        let page = site.html("doc/RAW-1.html");
        assert_eq!(
            texts(&page, ".prose p").join("").contains("<b>bold</b>"),
            expect_script_text,
            "{mode}"
        );
        assert_eq!(count(&page, ".prose b") == 1, expect_tag, "{mode}");
    }
}

#[test]
fn a_killed_build_leaves_the_previous_site_and_no_leftovers() {
    // Enough documents that the build takes a moment.
    let files: Vec<(String, Vec<u8>)> = (0..1500)
        .map(|i| {
            (
                format!("content/d{i:04}.md"),
                procedure(&format!("K-{i:04}"), &"Text of a document. ".repeat(400)),
            )
        })
        .collect();
    let site = with_files(&files);
    let (code, _) = build_within(&site, Duration::from_secs(120));
    assert_eq!(code, 0);
    let before = read_tree(&site.root().join("book"));
    for delay in [50, 150, 400] {
        let mut child = site
            .command(&["build", ".", "--today", "2026-06-01"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start");
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            before == read_tree(&site.root().join("book")),
            "the previous site is intact after a kill at {delay} ms"
        );
    }
    let (code, _) = build_within(&site, Duration::from_secs(120));
    assert_eq!(code, 0);
    assert_eq!(staging_leftovers(&site), Vec::<String>::new());
    assert!(Path::new(&site.out("index.html")).is_file());
}

/// Every output file's bytes, concatenated, for "was this text published?" checks.
fn all_output(site: &Site) -> String {
    read_tree(&site.root().join("book"))
        .into_values()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_folders_outside_are_never_followed() {
    // Outside the handbook root: a folder with a document and an image.
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(
        outside.path().join("leaked.md"),
        procedure("LEAK-1", "leaked outside text\n"),
    )
    .expect("write");
    std::fs::write(outside.path().join("leaked.pdf"), b"leaked pdf").expect("write");
    let site = with_files(&[]);
    std::os::unix::fs::symlink(outside.path(), site.path("content/leak")).expect("link");
    // A read-only check on a system folder: its files must not be read.
    std::os::unix::fs::symlink("/etc", site.path("content/etc")).expect("link");
    // Inside the handbook root but outside the content folder (book.toml).
    std::os::unix::fs::symlink(site.path("book.toml"), site.path("content/config.txt"))
        .expect("link");
    // A link inside the content folder is fine.
    std::fs::create_dir_all(site.path("content/img")).expect("dir");
    std::fs::write(site.path("content/img/logo.png"), b"png").expect("write");
    std::os::unix::fs::symlink(site.path("content/img"), site.path("content/pictures"))
        .expect("link");
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 0, "{stderr}");
    let warned: Vec<_> = human_diagnostics(&stderr)
        .into_iter()
        .filter(|d| d.code == "link-outside-content")
        .map(|d| d.message)
        .collect();
    for name in ["leak", "etc", "config.txt"] {
        assert!(
            warned.iter().any(|m| m.contains(&format!("`{name}`"))),
            "{name}: {stderr}"
        );
    }
    let out = all_output(&site);
    assert!(!out.contains("leaked outside text"));
    assert!(!out.contains("LEAK-1"));
    assert!(!out.contains("root:"), "/etc/passwd was published");
    assert!(!site.out("files/leak/leaked.pdf").exists());
    assert!(!site.out("files/etc").exists());
    assert!(!site.out("files/config.txt").exists());
    assert!(site.out("files/pictures/logo.png").exists());
}

#[test]
fn only_what_the_author_put_in_for_publishing_is_published() {
    let draft = procedure("DRAFT-1", "secret draft wording\n");
    let site = with_files(&[
        ("content/x.md~".into(), draft.clone()),
        ("content/#x.md#".into(), draft.clone()),
        ("content/.x.md.swp".into(), draft.clone()),
        ("content/.x.md.swo".into(), draft.clone()),
        ("content/.#x.md".into(), draft.clone()),
        ("content/x.md.orig".into(), draft.clone()),
        ("content/x.md.rej".into(), draft.clone()),
        ("content/x.bak".into(), draft.clone()),
        ("content/.hidden/y.pdf".into(), draft.clone()),
        ("content/drafts/z.md".into(), draft.clone()),
        ("content/notes.tmp.txt".into(), draft.clone()),
        (
            "content/.gitignore".into(),
            b"drafts/\n*.tmp.txt\n".to_vec(),
        ),
        (
            "content/UPPER.MD".into(),
            procedure("UP-1", "Upper-case extension.\n"),
        ),
        ("content/sub/.gitignore".into(), b"local.pdf\n".to_vec()),
        ("content/sub/local.pdf".into(), draft.clone()),
        ("content/sub/kept.pdf".into(), b"kept".to_vec()),
        (".gitignore".into(), b"content/private/\n".to_vec()),
        ("content/private/p.pdf".into(), draft.clone()),
    ]);
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("DRAFT-1"),
        "ignored files are not read as documents: {stderr}"
    );
    let out = all_output(&site);
    assert!(
        !out.contains("secret draft wording"),
        "a leftover was published"
    );
    assert!(!out.contains("DRAFT-1"));
    // `X.MD` is a document, not a file to copy.
    assert!(site.out("doc/UP-1.html").exists());
    assert!(!site.out("files/UPPER.MD").exists());
    assert!(site.out("files/sub/kept.pdf").exists());
    let manifest = std::fs::read_to_string(site.out("manifest.json")).expect("manifest");
    for leftover in ["x.md", "x.bak", "local.pdf", "p.pdf", "tmp.txt", "y.pdf"] {
        assert!(!manifest.contains(leftover), "{leftover} in the manifest");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_skipped_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let site = with_files(&[]);
    std::fs::create_dir_all(site.path("content/forms")).expect("dir");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.pdf");
    std::fs::write(site.path("content/forms").join(name), b"pdf").expect("write");
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 0, "the build goes on: {stderr}");
    let d = human_diagnostics(&stderr)
        .into_iter()
        .find(|d| d.code == "invalid-file-name")
        .unwrap_or_else(|| panic!("no warning: {stderr}"));
    assert_eq!(d.level, "warning");
    assert!(d.message.contains("`forms`"), "{}", d.message);
    assert!(d.message.contains("caf\u{fffd}.pdf"), "{}", d.message);
    assert!(site.out("doc/OK-1.html").exists());
}

#[cfg(unix)]
#[test]
fn a_catalog_linked_from_outside_is_never_read_nor_quoted() {
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(
        outside.path().join("shadow.yaml"),
        "root:$6$secret-hash:19000:0:99999:7:::\n",
    )
    .expect("write");
    let site = with_files(&[]);
    std::fs::create_dir_all(site.path("standards")).expect("dir");
    std::os::unix::fs::symlink(
        outside.path().join("shadow.yaml"),
        site.path("standards/shadow.yaml"),
    )
    .expect("link");
    // A read-only check: a system file must not be read.
    std::os::unix::fs::symlink("/etc/passwd", site.path("standards/passwd.yaml")).expect("link");
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("secret-hash"), "{stderr}");
    assert!(!stderr.contains("root:"), "{stderr}");
    let warned: Vec<_> = human_diagnostics(&stderr)
        .into_iter()
        .filter(|d| d.code == "link-outside-content")
        .map(|d| d.message)
        .collect();
    assert_eq!(warned.len(), 2, "{stderr}");
    assert!(warned[0].contains("standards/passwd.yaml"), "{warned:?}");
}

#[test]
fn src_and_theme_outside_the_handbook_are_config_errors() {
    for (toml, line) in [
        ("[book]\ntitle = \"T\"\nsrc = \"../\"\n", 3),
        ("[book]\nsrc = \"/etc\"\n", 2),
        ("[book]\ntitle = \"T\"\n[output.html]\ntheme = \"/\"\n", 4),
    ] {
        let site = with_files(&[("book.toml".into(), toml.as_bytes().to_vec())]);
        let (code, stderr) = build_within(&site, Duration::from_secs(60));
        assert_eq!(code, 2, "a configuration error: {toml}: {stderr}");
        let d = human_diagnostics(&stderr)
            .into_iter()
            .find(|d| d.code == "config")
            .unwrap_or_else(|| panic!("{toml}: {stderr}"));
        assert_eq!(
            d.location.as_deref(),
            Some(format!("book.toml:{line}:1").as_str()),
            "{toml}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_theme_folder_linked_outside_is_refused() {
    let site = with_files(&[(
        "book.toml".into(),
        b"[book]\ntitle = \"T\"\n[output.html]\ntheme = \"evil\"\n".to_vec(),
    )]);
    std::fs::create_dir_all(site.path("themes")).expect("dir");
    std::os::unix::fs::symlink("/", site.path("themes/evil")).expect("link");
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 2, "a configuration error: {stderr}");
    assert!(codes(&stderr).contains(&"config".to_string()), "{stderr}");
    assert!(stderr.contains("book.toml:4"), "{stderr}");
}

/// Front matter whose aliases expand to about 111,000 values: under the
/// parser's per-document limit, but a handful of them exhaust a build's.
fn alias_bomb(id: &str) -> Vec<u8> {
    let mut yaml = format!("id: {id}\ntitle: Laughs\ntype: procedure\n");
    yaml.push_str("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (p, n) in [('a', 'b'), ('b', 'c'), ('c', 'd')] {
        let list = vec![format!("*{p}"); 10].join(", ");
        yaml.push_str(&format!("{n}: &{n} [{list}]\n"));
    }
    let list = vec!["*d".to_string(); 10].join(", ");
    yaml.push_str(&format!("e: [{list}]\n"));
    format!("---\n{yaml}---\nBody.\n").into_bytes()
}

#[test]
fn the_yaml_alias_budget_is_shared_by_the_whole_build() {
    let files: Vec<(String, Vec<u8>)> = (0..12)
        .map(|i| {
            (
                format!("content/bomb{i:02}.md"),
                alias_bomb(&format!("BOMB-{i}")),
            )
        })
        .collect();
    let site = with_files(&files);
    let (code, stderr) = build_within(&site, Duration::from_secs(120));
    assert_eq!(code, 1, "{stderr}");
    let over: Vec<_> = human_diagnostics(&stderr)
        .into_iter()
        .filter(|d| d.code == "invalid-yaml")
        .collect();
    assert!(!over.is_empty() && over.len() < 12, "{stderr}");
    for d in &over {
        assert!(d.message.contains("aliases"), "{}", d.message);
        assert!(!d.message.contains("(used"), "cut off: {}", d.message);
        assert!(!d.message.contains(" line "), "{}", d.message);
        // Lines of the file, not of the YAML block: the aliases are on lines 6 to 9.
        let line: usize = d
            .location
            .as_deref()
            .and_then(|l| l.split(':').nth(1))
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        assert!((6..=9).contains(&line), "{:?}", d.location);
    }
}

/// A drawing with every way an SVG can run script or reach out.
const HOSTILE_SVG: &str = r#"<?xml version="1.0"?>
<?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert('svg-onload')" viewBox="0 0 10 10">
  <script>alert('svg-script')</script>
  <foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert(1)"></iframe></body></foreignObject>
  <a xlink:href="javascript:alert('svg-link')"><rect width="5" height="5" onclick="alert('svg-click')"/></a>
  <set attributeName="onmouseover" to="alert('svg-set')"/>
  <image href="https://evil.example/pixel.png"/>
  <style>@import url(https://evil.example/a.css);</style>
  <circle cx="5" cy="5" r="2" fill="green"/>
</svg>
"#;

#[test]
fn active_content_is_not_published_and_svg_images_are_made_safe() {
    let body = "![Flow](flow.svg)\n\nThe [form](form.html) and [app](tools/app.js) and [data](data.XML).\n";
    let site = with_files(&[
        ("content/proc.md".into(), procedure("ACT-1", body)),
        ("content/flow.svg".into(), HOSTILE_SVG.as_bytes().to_vec()),
        (
            "content/form.html".into(),
            b"<script>alert('page')</script>".to_vec(),
        ),
        ("content/tools/app.js".into(), b"alert('script')".to_vec()),
        (
            "content/data.XML".into(),
            b"<x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert(1)</x:script>".to_vec(),
        ),
        (
            "content/unlinked.htm".into(),
            b"<script>alert('unlinked')</script>".to_vec(),
        ),
        (
            "content/broken.svg".into(),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect></g>\n</svg>\n".to_vec(),
        ),
    ]);
    let out = site.build(&["--today", "2026-06-01"]);
    out.assert_code(1);
    // Each link to held-back active content is an error at the link, with the way out.
    for (location, name) in [
        ("content/proc.md:9:5", "form.html"),
        ("content/proc.md:9:27", "tools/app.js"),
        ("content/proc.md:9:51", "data.XML"),
    ] {
        let d = out.diag("active-content", location);
        assert!(d.message.contains(name), "{}", d.message);
        assert!(
            d.help().contains("publish-active-files = true"),
            "{}",
            d.help()
        );
    }
    // The SVG that is not well-formed is an error at the mismatched tag.
    let d = out.diag("unsafe-svg", "content/broken.svg:2:9");
    assert!(d.message.contains("not well-formed XML"), "{}", d.message);
    assert_eq!(out.errors().len(), 4, "{}", out.stderr);

    // Without the links (and the broken file) the build succeeds; nothing
    // active is published, and the SVG is there without anything active.
    site.write_bytes(
        "content/proc.md",
        &procedure("ACT-1", "![Flow](flow.svg)\n"),
    );
    std::fs::remove_file(site.path("content/broken.svg")).expect("remove");
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    for gone in [
        "files/form.html",
        "files/tools/app.js",
        "files/data.XML",
        "files/unlinked.htm",
        "files/broken.svg",
    ] {
        assert!(!site.out(gone).exists(), "{gone} was published");
    }
    let svg = std::fs::read_to_string(site.out("files/flow.svg")).expect("svg published");
    assert!(
        svg.contains("<circle cx=\"5\" cy=\"5\" r=\"2\" fill=\"green\"/>"),
        "{svg}"
    );
    let lower = svg.to_ascii_lowercase();
    for bad in [
        "alert",
        "script",
        "onload",
        "onclick",
        "javascript",
        "evil",
        "foreignobject",
        "iframe",
        "<set",
        "stylesheet",
    ] {
        assert!(!lower.contains(bad), "`{bad}` in the published SVG:\n{svg}");
    }
    let roxml = roxmltree::Document::parse(&svg).expect("the published SVG is well-formed XML");
    assert_eq!(roxml.root_element().tag_name().name(), "svg");
    let manifest = std::fs::read_to_string(site.out("manifest.json")).expect("manifest");
    for gone in ["form.html", "app.js", "data.XML", "unlinked.htm"] {
        assert!(!manifest.contains(gone), "{gone} in the manifest");
    }
    // The page shows the image from its published place.
    let page = site.html("doc/ACT-1.html");
    assert_eq!(attrs(&page, "main img", "src"), ["../files/flow.svg"]);

    // With the setting, the author's files are published as they are.
    site.write(
        "book.toml",
        &format!("{BOOK_TOML}\n[output.html]\npublish-active-files = true\n"),
    );
    site.write_bytes("content/proc.md", &procedure("ACT-1", body));
    site.build(&["--today", "2026-06-01"]).assert_code(0);
    assert_eq!(
        std::fs::read(site.out("files/flow.svg")).expect("svg"),
        HOSTILE_SVG.as_bytes()
    );
    assert!(site.out("files/form.html").exists());
    assert!(site.out("files/tools/app.js").exists());
    assert!(site.out("files/unlinked.htm").exists());
}
