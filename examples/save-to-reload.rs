//! Measures `qmsbook serve`'s incremental engine end to end: edits one
//! document again and again and times each save until the browser's
//! reload message arrives on the live-reload WebSocket (the 50 ms debounce
//! included). The edits take turns: its body, its title (shown on every
//! page that links to it and in the sidebar), its owner (front matter), a
//! link to another document added, a clause tag added (the coverage views). Before each edit it waits until the server has refreshed the
//! pages that gather every document (print page, search index, manifest),
//! as it is when an author saves again after reading the page. Also collects
//! the server's own "Updated … in N ms" lines (re-render and swap the page)
//! and "Refreshed … in N ms" lines (that catch-up, done once edits pause).
//!
//! ```sh
//! cargo run --release --example save-to-reload -- target/release/qmsbook CORPUS [EDITS]
//! ```
//!
//! Prints the median per kind of edit, then one line for all:
//! `save-to-reload median M ms (min A, max B, n N); update median U ms;
//! catch-up median C ms`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [qmsbook, corpus, rest @ ..] = args.as_slice() else {
        return Err("usage: save-to-reload QMSBOOK CORPUS [EDITS]".into());
    };
    let edits: usize = rest.first().map_or(Ok(15), |s| s.parse())?;
    let corpus = PathBuf::from(corpus);
    let doc = pick_document(&corpus.join("content"))?;
    let original = std::fs::read_to_string(&doc)?;
    let other = other_id(&corpus.join("content"), &doc)?;

    let mut child = Command::new(qmsbook)
        .args(["serve", ".", "-p", "0", "--today", "2026-11-22"])
        .current_dir(&corpus)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (tx, updates) = mpsc::channel::<u64>();
    let (refresh_tx, refreshes) = mpsc::channel::<u64>();
    std::thread::spawn(move || {
        let ms_of = |line: &str, prefix: &str| -> Option<u64> {
            line.strip_prefix(prefix)
                .and_then(|l| l.rsplit_once(" in "))
                .and_then(|(_, t)| t.strip_suffix(" ms"))
                .and_then(|t| t.parse().ok())
        };
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            // "Updated FRM-00238 in 3 ms", "Refreshed the print page, … in 240 ms"
            if let Some(ms) = ms_of(&line, "Updated ") {
                let _ = tx.send(ms);
            } else if let Some(ms) = ms_of(&line, "Refreshed ") {
                let _ = refresh_tx.send(ms);
            }
        }
    });
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("no URL in {line:?}"))?;
    let (mut socket, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__qmsbook/ws"))?;
    if let tungstenite::stream::MaybeTlsStream::Plain(s) = socket.get_ref() {
        s.set_read_timeout(Some(Duration::from_secs(60)))?;
    }

    let result = (|| -> Result<(Vec<f64>, Vec<u64>), Box<dyn std::error::Error>> {
        let mut times = Vec::new();
        let mut engine = Vec::new();
        for n in 0..edits {
            // Let the previous edit's print page, search index and manifest catch up.
            std::thread::sleep(Duration::from_millis(100));
            wait_until_idle(port)?;
            while updates.try_recv().is_ok() {}
            // A body edit adds to the text as it is (the earlier edits
            // stay); the others start from the original.
            let text = if n % KINDS.len() == 0 {
                format!(
                    "{}\nEdit number {n} of the benchmark.\n",
                    std::fs::read_to_string(&doc)?
                )
            } else {
                edited(&original, n, &other)
            };
            let started = Instant::now();
            std::fs::write(&doc, text)?;
            wait_for_reload(&mut socket)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            if let Ok(ms) = updates.recv_timeout(Duration::from_secs(5)) {
                engine.push(ms);
            }
        }
        Ok((times, engine))
    })();
    std::fs::write(&doc, original)?;
    let _ = child.kill();
    let _ = child.wait();
    let (times, mut engine) = result?;
    // Per kind of edit (turn n is kind n % 5), then all together.
    let mut by_kind: Vec<Vec<f64>> = vec![Vec::new(); KINDS.len()];
    for (n, t) in times.iter().enumerate() {
        by_kind[n % KINDS.len()].push(*t);
    }
    for (kind, mut t) in KINDS.iter().zip(by_kind) {
        t.sort_by(f64::total_cmp);
        if let Some(m) = t.get(t.len() / 2) {
            println!("{kind}: save-to-reload median {m:.0} ms (n {})", t.len());
        }
    }
    let mut times = times;
    let mut catch_up: Vec<u64> = refreshes.try_iter().collect();
    catch_up.sort_unstable();
    if engine.len() < times.len() {
        eprintln!(
            "note: {} of {} edits were not incremental (full builds)",
            times.len() - engine.len(),
            times.len()
        );
    }
    times.sort_by(f64::total_cmp);
    engine.sort_unstable();
    let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
    let median_of = |v: &[u64]| {
        v.get(v.len() / 2)
            .map_or("?".to_string(), |m| m.to_string())
    };
    println!(
        "save-to-reload median {median:.0} ms (min {:.0}, max {:.0}, n {}); update median {} ms; catch-up median {} ms",
        times.first().copied().unwrap_or(f64::NAN),
        times.last().copied().unwrap_or(f64::NAN),
        times.len(),
        median_of(&engine),
        median_of(&catch_up),
    );
    Ok(())
}

/// The kinds of edit, in turn.
const KINDS: [&str; 5] = ["body", "title", "owner", "link added", "clause tag added"];

/// The edit of turn `n` of the document whose text was `original`; `other`
/// is another document's ID to link to.
fn edited(original: &str, n: usize, other: &str) -> String {
    let in_front_matter = |key: &str, value: &str| -> String {
        let mut done = false;
        original
            .split_inclusive('\n')
            .map(|line| {
                if !done && line.starts_with(&format!("{key}: ")) {
                    done = true;
                    format!("{key}: {value}\n")
                } else {
                    line.to_string()
                }
            })
            .collect()
    };
    match n % 5 {
        1 => in_front_matter("title", &format!("\"Benchmark title {n}\"")),
        2 => in_front_matter("owner", &format!("Benchmark owner {n}")),
        3 => format!("{original}\nSee [[{other}]] (edit {n}).\n"),
        4 => {
            let clauses = original
                .lines()
                .find_map(|l| l.strip_prefix("clauses: ["))
                .and_then(|l| l.strip_suffix(']'))
                .unwrap_or("");
            let tag = ["\"7.5.3\"", "\"8.7\"", "\"10.2\""][n % 3];
            let tags = if clauses.is_empty() {
                tag.to_string()
            } else {
                format!("{clauses}, {tag}")
            };
            in_front_matter("clauses", &format!("[{tags}]"))
        }
        _ => format!("{original}\nEdit number {n} of the benchmark.\n"),
    }
}

/// The ID of another approved document than `doc`, to link to.
fn other_id(content: &Path, doc: &Path) -> Result<String, Box<dyn std::error::Error>> {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p != doc && p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|t| t.contains("\nstatus: approved"))
        .find_map(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("id: "))
                .map(|id| id.trim().to_string())
        })
        .ok_or_else(|| "no other approved document in the corpus".into())
}

/// An approved procedure's file (the corpus generator's layout), else any document.
fn pick_document(content: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "index.md"))
        .collect();
    files.sort_by_key(|p| !p.to_string_lossy().contains("procedures"));
    files
        .into_iter()
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("\nstatus: approved")))
        .ok_or_else(|| "no approved document in the corpus".into())
}

/// Polls the server's status until no catch-up is pending (30 s at most).
fn wait_until_idle(port: u16) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    loop {
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        write!(
            stream,
            "GET /__qmsbook/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )?;
        let mut response = String::new();
        std::io::Read::read_to_string(&mut stream, &mut response)?;
        let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let status: serde_json::Value = serde_json::from_str(body)?;
        if status["aggregates_pending"] != true {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err("the server stayed busy for 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_for_reload(socket: &mut Socket) -> Result<(), Box<dyn std::error::Error>> {
    loop {
        if let tungstenite::Message::Text(text) = socket.read()? {
            let v: serde_json::Value = serde_json::from_str(text.as_str())?;
            if v["type"] == "reload" {
                return Ok(());
            }
        }
    }
}
