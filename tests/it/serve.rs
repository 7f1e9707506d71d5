//! `qmsbook serve` over real HTTP and WebSocket on a free loopback port:
//! reload after edits (also rename-style saves), the error overlay while the
//! last good pages stay served, path traversal, bursts of changes, ports.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::Site;

const HANDBOOK: &str = r#"
-- book.toml --
[book]
title = "Served"
[check]
missing-documented-information = "allow"
-- content/a.md --
---
id: SOP-001
title: Alpha
type: procedure
owner: Q
approved_by: M
status: approved
effective: 2025-01-01
---
Original text.
-- content/index.md --
Home [[SOP-001]].
"#;

/// A running `qmsbook serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &Site) -> Server {
        let mut child = site
            .command(&["serve", ".", "-p", "0", "--today", "2026-06-01"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start qmsbook serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server { child, port }
    }

    /// A GET of `target`; see [`get`].
    fn get(&self, target: &str) -> (u16, String) {
        get(self.port, target).unwrap_or_else(|e| panic!("GET {target}: {e}"))
    }

    fn builds(&self) -> (u64, bool) {
        let (_, body) = self.get("/__qmsbook/status");
        let v: serde_json::Value = serde_json::from_str(&body).expect("status json");
        (
            v["builds"].as_u64().unwrap_or(0),
            v["ok"].as_bool().unwrap_or(false),
        )
    }

    fn socket(&self) -> tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>> {
        let (socket, _) =
            tungstenite::connect(format!("ws://127.0.0.1:{}/__qmsbook/ws", self.port))
                .expect("websocket");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(60)))
                .expect("timeout");
        }
        socket
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw GET on 127.0.0.1: the request target is sent exactly as given.
/// Returns the status code (0 if unreadable) and the body.
fn get(port: u16, target: &str) -> std::io::Result<(u16, String)> {
    request(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
    )
}

/// Sends `head` (request line and headers, each ending in CRLF) and reads
/// the whole response: status code (0 if unreadable) and body.
fn request(port: u16, head: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(stream, "{head}Connection: close\r\n\r\n")?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// The next message of a given type (skipping others), within the socket's timeout.
fn next_message(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    kind: &str,
) -> serde_json::Value {
    loop {
        let message = socket
            .read()
            .unwrap_or_else(|e| panic!("waiting for `{kind}`: {e}"));
        if let tungstenite::Message::Text(text) = message {
            let v: serde_json::Value = serde_json::from_str(text.as_str()).expect("json message");
            if v["type"] == kind {
                return v;
            }
        }
    }
}

/// Polls until `f` holds, failing after a generous limit.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn edits_reload_the_page_with_new_content() {
    let site = Site::new(HANDBOOK);
    let server = Server::start(&site);
    let (status, body) = server.get("/doc/SOP-001.html");
    assert_eq!(status, 200);
    assert!(body.contains("Original text.") && body.contains("/__qmsbook/live.js"));
    let built = std::fs::read_to_string(site.out("doc/SOP-001.html")).expect("built page");
    assert!(
        !built.contains("__qmsbook"),
        "the reload script is never written into the site"
    );

    let mut socket = server.socket();
    site.write(
        "content/a.md",
        &std::fs::read_to_string(site.path("content/a.md"))
            .expect("read")
            .replace("Original", "Edited"),
    );
    next_message(&mut socket, "reload");
    let (_, body) = server.get("/doc/SOP-001.html");
    assert!(body.contains("Edited text."), "{body}");

    // A save by rename (write a temporary file, then move it over the document).
    let text = std::fs::read_to_string(site.path("content/a.md"))
        .expect("read")
        .replace("Edited", "Renamed");
    site.write("content/.a.md.tmp", &text);
    std::fs::rename(site.path("content/.a.md.tmp"), site.path("content/a.md")).expect("rename");
    next_message(&mut socket, "reload");
    let (_, body) = server.get("/doc/SOP-001.html");
    assert!(body.contains("Renamed text."), "{body}");
}

#[test]
fn broken_yaml_shows_the_overlay_and_keeps_serving_the_last_good_page() {
    let site = Site::new(HANDBOOK);
    let server = Server::start(&site);
    let mut socket = server.socket();
    let good = std::fs::read_to_string(site.path("content/a.md")).expect("read");
    site.write(
        "content/a.md",
        &good.replace("title: Alpha", "title: \"Alpha"),
    );
    let errors = next_message(&mut socket, "errors");
    let text = errors["text"].as_str().unwrap_or("");
    assert!(
        text.contains("content/a.md:3:8") && text.contains("invalid-yaml"),
        "{text}"
    );
    let (status, body) = server.get("/doc/SOP-001.html");
    assert_eq!(status, 200);
    assert!(
        body.contains("Original text."),
        "the last good page is still served"
    );
    // A page opened now is told about the errors at once.
    let mut late = server.socket();
    assert!(
        next_message(&mut late, "errors")["text"]
            .as_str()
            .unwrap_or("")
            .contains("invalid-yaml")
    );
    assert!(!server.builds().1);

    site.write("content/a.md", &good.replace("Original", "Fixed"));
    next_message(&mut socket, "reload");
    assert!(server.builds().1, "the error state is cleared");
    let (_, body) = server.get("/doc/SOP-001.html");
    assert!(body.contains("Fixed text."));
}

#[test]
fn only_files_inside_the_site_are_served() {
    let site = Site::new(HANDBOOK);
    site.write("secret.txt", "secret");
    let server = Server::start(&site);
    for target in [
        "/../secret.txt",
        "/../book.toml",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/doc/..%2f..%2fsecret.txt",
        "/%5c..%5csecret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/doc/",
        "/no-such-page.html",
    ] {
        let (status, body) = server.get(target);
        assert_eq!(status, 404, "{target}");
        assert!(!body.contains("secret"), "{target}");
    }
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("<title>"));
    let (_, css) = server.get("/static/qmsbook.css");
    assert!(css.contains("--accent"));
}

#[test]
fn a_burst_of_changes_gives_a_bounded_number_of_rebuilds() {
    let site = Site::new(HANDBOOK);
    let server = Server::start(&site);
    let (before, _) = server.builds();
    for i in 0..200 {
        site.write(
            &format!("content/burst/d{i:03}.md"),
            &format!(
                "---\nid: B-{i:03}\ntitle: Burst {i}\ntype: procedure\nstatus: draft\n---\nText.\n"
            ),
        );
    }
    // Wait until the rebuilds have settled.
    let mut last = (0, Instant::now());
    eventually("rebuilds to settle", || {
        let (n, _) = server.builds();
        if n != last.0 {
            last = (n, Instant::now());
        }
        n > before && last.1.elapsed() > Duration::from_secs(2)
    });
    let rebuilds = server.builds().0 - before;
    assert!(
        (1..=6).contains(&rebuilds),
        "{rebuilds} rebuilds for one burst"
    );
}

#[test]
fn a_taken_port_is_reported_with_a_suggestion() {
    let site = Site::new(HANDBOOK);
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = holder.local_addr().expect("addr").port().to_string();
    let out = site.run(&["serve", ".", "-p", &port]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("-p 0"), "{}", out.stderr);
}

#[test]
fn a_deleted_output_folder_is_rebuilt() {
    let site = Site::new(HANDBOOK);
    let server = Server::start(&site);
    std::fs::remove_dir_all(site.root().join("book")).expect("remove output");
    eventually("the site to come back", || {
        server.get("/doc/SOP-001.html").0 == 200
    });
}

#[test]
fn edits_render_only_what_depends_on_them_and_new_files_take_a_full_build() {
    let site = Site::new(&format!(
        "{HANDBOOK}\n-- content/b.md --\n---\nid: SOP-002\ntitle: Beta\ntype: procedure\nowner: Q\napproved_by: M\nstatus: approved\neffective: 2025-01-01\n---\nSee [[SOP-001]].\n"
    ));
    let server = Server::start(&site);
    let mut socket = server.socket();
    let status = |server: &Server| -> serde_json::Value {
        serde_json::from_str(&server.get("/__qmsbook/status").1).expect("status")
    };
    // A body edit: only that page is rendered again.
    let a = std::fs::read_to_string(site.path("content/a.md")).expect("read");
    site.write("content/a.md", &a.replace("Original text.", "Body only."));
    next_message(&mut socket, "reload");
    assert_eq!(status(&server)["incremental"], true);
    assert!(server.get("/doc/SOP-001.html").1.contains("Body only."));
    // Once edits pause, the pages that gather every document catch up.
    eventually(
        "the print page, search index and manifest to catch up",
        || {
            status(&server)["aggregates_pending"] == false
                && server.get("/print.html").1.contains("Body only.")
                && server.get("/search-text-1.js").1.contains("Body only.")
        },
    );
    let page = std::fs::read(site.out("doc/SOP-001.html")).expect("page");
    let manifest = site.json("manifest.json");
    let listed = manifest["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["path"] == "doc/SOP-001.html"))
        .and_then(|f| f["bytes"].as_u64());
    assert_eq!(
        listed,
        Some(page.len() as u64),
        "the manifest lists the new page"
    );
    // A title edit changes the link text on SOP-002: both pages are
    // rendered again, still incrementally, and the sidebar follows.
    site.write(
        "content/a.md",
        &a.replace("title: Alpha", "title: Alpha renamed"),
    );
    next_message(&mut socket, "reload");
    assert_eq!(status(&server)["incremental"], true);
    assert!(server.get("/doc/SOP-002.html").1.contains("Alpha renamed"));
    assert!(server.get("/nav.js").1.contains("Alpha renamed"));
    // A new document changes the site's files: a full build.
    site.write(
        "content/c.md",
        "---\nid: SOP-003\ntitle: Gamma\ntype: procedure\nowner: Q\napproved_by: M\nstatus: approved\neffective: 2025-01-01\n---\nText.\n",
    );
    next_message(&mut socket, "reload");
    assert_eq!(status(&server)["incremental"], false);
    assert_eq!(server.get("/doc/SOP-003.html").0, 200);
}

/// Resident memory (KiB) and thread count of a process, from /proc.
#[cfg(target_os = "linux")]
fn memory_and_threads(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("Threads:"))
}

#[cfg(target_os = "linux")]
#[test]
fn under_load_while_files_change_no_request_fails_and_resources_settle() {
    let site = Site::new(HANDBOOK);
    let server = Server::start(&site);
    let pid = server.child.id();
    // Warm up, then take the baseline.
    for _ in 0..50 {
        server.get("/doc/SOP-001.html");
    }
    let (rss_before, threads_before) = memory_and_threads(pid);

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let stop = stop.clone();
        let path = site.path("content/a.md");
        std::thread::spawn(move || {
            let original = std::fs::read_to_string(&path).expect("read");
            let mut i = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Body edits (incremental) and, every fifth time, a title edit (full rebuild).
                let text = if i % 5 == 4 {
                    original.replace("title: Alpha", &format!("title: Alpha {i}"))
                } else {
                    original.replace("Original text.", &format!("Edit {i}."))
                };
                let _ = std::fs::write(&path, text);
                i += 1;
                std::thread::sleep(Duration::from_millis(60));
            }
        })
    };
    let port = server.port;
    let clients: Vec<_> = (0..50)
        .map(|c| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for r in 0..40 {
                    let target = [
                        "/",
                        "/doc/SOP-001.html",
                        "/static/qmsbook.css",
                        "/nav.js",
                        "/coverage/iso9001-2015.html",
                    ][(c + r) % 5];
                    let result = get(port, target).map(|(status, _)| status);
                    match result {
                        Ok(200) => {}
                        other => failures.push(format!("{target}: {other:?}")),
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap_or_else(|_| vec!["client panicked".into()]))
        .collect();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = editor.join();
    assert!(
        failures.is_empty(),
        "{} of 2000 requests failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );

    // Let the last rebuild finish, then compare with the baseline.
    let mut settled = (0, Instant::now());
    eventually("rebuilds to settle", || {
        let (n, _) = server.builds();
        if n != settled.0 {
            settled = (n, Instant::now());
        }
        settled.1.elapsed() > Duration::from_secs(2)
    });
    let (rss_after, threads_after) = memory_and_threads(pid);
    assert!(
        threads_after <= threads_before + 2,
        "threads grew from {threads_before} to {threads_after}"
    );
    assert!(
        rss_after < rss_before * 2 + 30_000,
        "memory grew from {rss_before} KiB to {rss_after} KiB"
    );
}

#[test]
fn requests_must_be_addressed_to_the_server_and_websockets_same_origin() {
    let site = Site::new(HANDBOOK);
    let server = Server::start(&site);
    let port = server.port;
    let host = |h: &str| {
        request(port, &format!("GET / HTTP/1.1\r\nHost: {h}\r\n"))
            .unwrap()
            .0
    };
    assert_eq!(host(&format!("127.0.0.1:{port}")), 200);
    assert_eq!(host(&format!("localhost:{port}")), 200);
    // DNS rebinding: another site's name pointing at 127.0.0.1.
    assert_eq!(host("attacker.example"), 403);
    assert_eq!(host(&format!("attacker.example:{port}")), 403);
    let upgrade = |origin: Option<String>| {
        use tungstenite::client::IntoClientRequest;
        let mut req = format!("ws://127.0.0.1:{port}/__qmsbook/ws")
            .into_client_request()
            .unwrap();
        if let Some(o) = origin {
            req.headers_mut().insert("Origin", o.parse().unwrap());
        }
        match tungstenite::connect(req) {
            Ok(_) => 101,
            Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(upgrade(Some("http://attacker.example".into())), 403);
    assert_eq!(upgrade(Some(format!("http://127.0.0.1:{port}"))), 101);
    assert_eq!(upgrade(None), 101);
}

#[test]
fn a_failed_first_build_does_not_rebuild_on_every_request() {
    let site = Site::new(HANDBOOK);
    site.write(
        "content/a.md",
        "---\nid: SOP-001\ntitle: [unclosed\n---\nx\n",
    );
    let server = Server::start(&site);
    let (before, ok) = server.builds();
    assert!(!ok);
    for _ in 0..20 {
        server.get("/");
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        server.builds(),
        (before, false),
        "requests alone must not rebuild"
    );
}

#[test]
fn a_connection_that_never_finishes_its_headers_is_closed() {
    let site = Site::new(HANDBOOK);
    let server = Server::start(&site);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    // Half a request, then silence (a slow-headers attack, or an idle client).
    write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").expect("write");
    let started = Instant::now();
    let mut rest = Vec::new();
    let closed = stream.read_to_end(&mut rest).is_ok();
    assert!(closed, "the server closed the connection");
    assert!(
        started.elapsed() < Duration::from_secs(45),
        "closed after {:?}",
        started.elapsed()
    );
    // The server still answers others.
    assert_eq!(server.get("/").0, 200);
}
