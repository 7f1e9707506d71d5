//! `qmsbook serve`: build, serve the site on 127.0.0.1, rebuild when sources
//! change, reload browsers over a WebSocket, and show errors in the page.
//!
//! A rebuild is an ordinary build (staging folder, swapped in only on
//! success), so a build with errors keeps the last good pages on the server
//! while every open page shows the diagnostics in an overlay.

mod files;
mod origin;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::DebounceEventResult;
use tokio::sync::broadcast;

use crate::diagnostics::{self, Diagnostic, Tally};
use crate::pipeline::build::{self, BuildOptions, Built};
use crate::pipeline::incremental;
use crate::util::plural;

pub use files::resolve;
pub use watch::is_temporary;

const LIVE_JS: &str = include_str!("live.js");

/// What `qmsbook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The handbook root.
    pub root: PathBuf,
    /// Output folder (default: `[build] build-dir`).
    pub dest: Option<PathBuf>,
    /// Address to bind.
    pub hostname: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open a browser.
    pub open: bool,
    /// Publish drafts.
    pub drafts: bool,
    /// Fixed build date.
    pub today: Option<jiff::civil::Date>,
    /// Replace an output folder that holds files qmsbook did not write.
    pub force: bool,
    /// Colour in the terminal.
    pub color: bool,
}

/// What the rebuild thread is told.
enum Trigger {
    /// A debounced batch of file events.
    Events(DebounceEventResult),
    /// Rebuild now (e.g. the output folder was deleted).
    Rebuild,
}

/// Shared server state (one struct, no globals).
struct ServerState {
    /// The site folder being served.
    site: PathBuf,
    /// The names requests may address the server by.
    allowed: origin::Allowed,
    /// Messages to every open page.
    reload: broadcast::Sender<String>,
    /// The last build's outcome.
    status: Mutex<Status>,
    /// To ask for a rebuild.
    rebuild: Mutex<Sender<Trigger>>,
}

#[derive(Default, Clone)]
struct Status {
    builds: u64,
    errors: Option<String>,
    last_ms: u128,
    incremental: bool,
    /// The print page, feed, search index and manifest still show the state
    /// before the last incremental update (they catch up when edits pause).
    aggregates_pending: bool,
}

/// How long the rebuild loop waits for more changes after the file
/// watcher's debounced batch, so one `git checkout` is one rebuild.
const COALESCE: Duration = Duration::from_millis(10);

/// How long edits must pause before the pages that gather every document
/// (print page, feed, search index, manifest) are refreshed after an
/// incremental update. A burst of saves is never queued behind a refresh.
const AGGREGATE_IDLE: Duration = Duration::from_millis(150);

fn message(kind: &str, text: Option<&str>) -> String {
    serde_json::json!({ "type": kind, "text": text }).to_string()
}

/// What a panic carried, as text.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string())
}

/// The overlay text for a build that crashed.
fn crash_text(payload: &(dyn std::any::Any + Send)) -> String {
    format!(
        "internal error: qmsbook crashed while building ({}). The last good site is still served; \
         save a file to try again, and please report this with the file you changed.",
        panic_text(payload)
    )
}

/// Runs one full build and reports it in the terminal; returns the error text
/// for the overlay, the time taken, and the model when the build succeeded.
/// A build that panics is reported like a failed one: the server goes on.
fn full_build(options: &BuildOptions, color: bool) -> (Option<String>, u128, Option<Built>) {
    let started = Instant::now();
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build::run_keeping(options)));
    let (report, built) = match outcome {
        Ok(done) => done,
        Err(payload) => {
            let text = crash_text(payload.as_ref());
            eprintln!("error: {text}");
            return (Some(text), started.elapsed().as_millis(), None);
        }
    };
    let ms = started.elapsed().as_millis();
    let shown: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity != diagnostics::Severity::Note)
        .cloned()
        .collect();
    if !shown.is_empty() {
        eprint!("{}", summed_up(&shown, color));
    }
    let tally = Tally::of(&report.diagnostics);
    if report.succeeded() {
        eprintln!(
            "{} in {ms} ms ({})",
            report.built_summary().unwrap_or_default(),
            plural::count(tally.warnings, "warning")
        );
        (None, ms, built)
    } else {
        eprintln!(
            "Build failed with {}; still serving the last good build",
            plural::count(tally.errors, "error")
        );
        let errors: Vec<Diagnostic> = report
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        (Some(summed_up(&errors, false)), ms, None)
    }
}

/// The rebuild loop: waits for changes, coalesces bursts, updates the site
/// incrementally when it can and fully otherwise, and tells the pages.
fn rebuild_loop(
    rx: Receiver<Trigger>,
    sources: watch::Sources,
    options: BuildOptions,
    state: Arc<ServerState>,
    mut built: Option<Built>,
    color: bool,
) {
    let mut aggregates_pending = false;
    loop {
        let first = if aggregates_pending {
            match rx.recv_timeout(AGGREGATE_IDLE) {
                Ok(t) => t,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    aggregates_pending = false;
                    if let Some(b) = &mut built
                        && refresh(b, &state, color) == incremental::Refreshed::Full
                    {
                        // Files of the last build went away: a full build removes them.
                        let _ = state_rebuild(&state);
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(t) => t,
                Err(_) => break,
            }
        };
        let mut changed: Vec<PathBuf> = Vec::new();
        let mut forced = false;
        let mut consider = |t: Trigger| match t {
            Trigger::Rebuild => forced = true,
            Trigger::Events(Ok(events)) => {
                for path in events
                    .iter()
                    .filter(|e| watch::changes_content(&e.kind))
                    .flat_map(|e| e.paths.iter())
                {
                    if sources.is_relevant(path) && !changed.contains(path) {
                        changed.push(path.clone());
                    }
                }
            }
            Trigger::Events(Err(errors)) => {
                for e in errors {
                    eprintln!("warning: file watching: {e}");
                }
            }
        };
        consider(first);
        // Coalesce whatever else is already queued (a `git checkout` of many files).
        while let Ok(more) = rx.recv_timeout(COALESCE) {
            consider(more);
        }
        if changed.is_empty() && !forced {
            continue;
        }
        let started = Instant::now();
        let incremental = match (&mut built, forced) {
            (Some(b), false) => {
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    incremental::update(b, &changed)
                })) {
                    Ok(outcome) => outcome,
                    // The model may be half updated: drop it, build afresh.
                    Err(_) => {
                        built = None;
                        incremental::Outcome::Full
                    }
                }
            }
            _ => incremental::Outcome::Full,
        };
        let was_incremental = matches!(incremental, incremental::Outcome::Updated(..));
        let (errors, ms) = match incremental {
            incremental::Outcome::Updated(pages, diagnostics) => {
                let ms = started.elapsed().as_millis();
                let shown: Vec<Diagnostic> = diagnostics
                    .into_iter()
                    .filter(|d| d.severity != diagnostics::Severity::Note)
                    .collect();
                if !shown.is_empty() {
                    eprint!("{}", summed_up(&shown, color));
                }
                eprintln!("Updated {} in {ms} ms", updated_pages(&pages));
                (None, ms)
            }
            incremental::Outcome::Full => {
                let (errors, ms, model) = full_build(&options, color);
                if errors.is_none() {
                    built = model;
                }
                (errors, ms)
            }
        };
        let text = match &errors {
            None => message("reload", None),
            Some(e) => message("errors", Some(e)),
        };
        // A full build wrote everything; after an incremental one the pages that
        // gather every document catch up once edits pause.
        aggregates_pending = was_incremental || (aggregates_pending && errors.is_some());
        if let Ok(mut s) = state.status.lock() {
            s.builds += 1;
            s.errors = errors;
            s.last_ms = ms;
            s.incremental = was_incremental;
            s.aggregates_pending = aggregates_pending;
        }
        let _ = state.reload.send(text);
    }
    // Stopping: leave no stale print page or manifest behind.
    if aggregates_pending && let Some(b) = &mut built {
        refresh(b, &state, color);
    }
}

/// The pages an incremental update rendered, as the terminal says it: at
/// most [`NAMED_PAGES`] IDs, then how many more.
fn updated_pages(ids: &[String]) -> String {
    match ids {
        [] => "nothing".to_string(),
        few if few.len() <= NAMED_PAGES => few.join(", "),
        many => format!(
            "{} and {} more",
            many[..NAMED_PAGES].join(", "),
            many.len() - NAMED_PAGES
        ),
    }
}

/// How many updated pages the terminal names.
const NAMED_PAGES: usize = 8;

/// Asks the rebuild loop for a full build.
fn state_rebuild(state: &ServerState) -> Option<()> {
    state.rebuild.lock().ok()?.send(Trigger::Rebuild).ok()
}

/// Brings the whole-site pages (coverage, register, print page, search
/// index, manifest, ...) up to date after incremental updates, and says how
/// long it took; [`incremental::Refreshed::Full`] when a full build must
/// follow (also after an error or a crash).
fn refresh(built: &mut Built, state: &ServerState, color: bool) -> incremental::Refreshed {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        incremental::refresh_aggregates(built)
    }));
    let refreshed = match outcome {
        Ok(Ok(r)) => {
            eprintln!(
                "Refreshed the whole-site pages, search index and manifest in {} ms",
                started.elapsed().as_millis()
            );
            r
        }
        Ok(Err(ds)) => {
            eprint!("{}", summed_up(&ds, color));
            incremental::Refreshed::Full
        }
        Err(payload) => {
            let text = crash_text(payload.as_ref());
            eprintln!("error: {text}");
            incremental::Refreshed::Full
        }
    };
    if let Ok(mut s) = state.status.lock() {
        s.aggregates_pending = false;
    }
    refreshed
}

/// Serves until Ctrl-C. Errors that stop the server are returned as diagnostics.
pub fn run(opts: ServeOptions) -> Result<(), Diagnostic> {
    let config = crate::config::load(&opts.root)?;
    let dest = build::dest_dir(&opts.root, &config.build.build_dir, opts.dest.as_deref());
    // Refuse a folder that is not ours before anything is served from it.
    let protected = crate::output::guard::Protected {
        root: opts.root.clone(),
        content: opts.root.join(&config.book.src),
    };
    let dest = crate::output::guard::check(&dest, &protected, opts.force)?.path;
    let build_options = BuildOptions {
        root: opts.root.clone(),
        dest: Some(dest.clone()),
        drafts: opts.drafts,
        today: opts.today,
        force: opts.force,
    };

    // Bind first, so a taken port is reported before any work.
    let ip: IpAddr = match opts.hostname.as_str() {
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        h => h.parse().map_err(|_| {
            Diagnostic::error("serve", format!("`{h}` is not an IP address to listen on"))
                .help("use 127.0.0.1 (this computer only) or 0.0.0.0 (every network interface)")
        })?,
    };
    let listener = std::net::TcpListener::bind(SocketAddr::new(ip, opts.port)).map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "another program uses port {}; try `-p {}`, or `-p 0` to pick a free port",
                opts.port,
                opts.port.saturating_add(1)
            )
        } else {
            "check the address and port".to_string()
        };
        Diagnostic::error(
            "serve",
            format!("cannot listen on {}:{}: {e}", opts.hostname, opts.port),
        )
        .help(help)
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Diagnostic::error("serve", format!("cannot use the socket: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::error("serve", format!("cannot read the socket address: {e}")))?;
    if !origin::is_loopback(ip) {
        eprintln!(
            "warning: listening on {ip}: the handbook is visible to other computers on the network"
        );
    }

    let (errors, ms, built) = full_build(&build_options, opts.color);
    let (reload, _) = broadcast::channel(16);
    let (tx, rx) = mpsc::channel::<Trigger>();
    let state = Arc::new(ServerState {
        site: dest.clone(),
        allowed: origin::Allowed {
            ip,
            port: addr.port(),
            name: opts
                .hostname
                .parse::<IpAddr>()
                .is_err()
                .then(|| opts.hostname.clone()),
        },
        reload,
        status: Mutex::new(Status {
            builds: 1,
            errors,
            last_ms: ms,
            incremental: false,
            aggregates_pending: false,
        }),
        rebuild: Mutex::new(tx.clone()),
    });

    let root_abs = std::path::absolute(&opts.root).unwrap_or(opts.root.clone());
    let sources = watch::Sources {
        folders: ["standards", "themes"]
            .iter()
            .map(|f| root_abs.join(f))
            .chain(std::iter::once(root_abs.join(&config.book.src)))
            .chain(std::iter::once(
                root_abs.join(config.awareness.ledger_path()),
            ))
            .collect(),
        files: vec![root_abs.join(config.awareness.people_path())],
        root: root_abs,
        output: dest.clone(),
    };
    let events = tx.clone();
    let _debouncer = watch::start(&sources, move_sender(events)).map_err(|e| {
        Diagnostic::error("serve", format!("cannot watch the handbook's files: {e}"))
    })?;
    let loop_state = state.clone();
    let loop_options = build_options.clone();
    let color = opts.color;
    std::thread::Builder::new()
        .name("qmsbook-rebuild".into())
        .spawn(move || rebuild_loop(rx, sources, loop_options, loop_state, built, color))
        .map_err(|e| Diagnostic::error("serve", format!("cannot start the rebuild thread: {e}")))?;

    let url = origin::display_url(ip, addr.port());
    println!("Serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if opts.open {
        open_browser(&url);
    }

    // A fixed, small number of threads: two workers, at most eight for file
    // reads, and idle ones go away, so a long session does not accumulate them.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(8)
        .thread_keep_alive(Duration::from_secs(1))
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error("serve", format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Diagnostic::error("serve", format!("cannot use the socket: {e}")))?;
        let app = Router::new()
            .route("/__qmsbook/ws", get(websocket))
            .route("/__qmsbook/live.js", get(live_js))
            .route("/__qmsbook/status", get(status))
            .fallback(get(file))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                addressed_to_us,
            ))
            .with_state(state);
        serve_connections(listener, app).await;
        Ok(())
    })
}

/// Answers 403 to a request that does not name this server in its `Host`,
/// or a WebSocket upgrade from another site's page (see [`origin`]).
async fn addressed_to_us(
    State(state): State<Arc<ServerState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let verdict = {
        let header_text = |name: header::HeaderName| {
            request
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap_or("\u{fffd}"))
        };
        let host = header_text(header::HOST);
        let mut verdict = state.allowed.host(host);
        if verdict.is_ok() && request.uri().path() == "/__qmsbook/ws" {
            verdict = state.allowed.origin(header_text(header::ORIGIN), host);
        }
        verdict
    };
    match verdict {
        Ok(()) => next.run(request).await,
        Err(why) => {
            eprintln!("Refused a request for {}: {why}", request.uri().path());
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "403 Forbidden: this preview server answers only requests addressed to it\n",
            )
                .into_response()
        }
    }
}

/// How long a connection may take to send a request's headers, counted
/// from when it is accepted or its previous response was sent: slow or idle
/// connections are closed instead of held open forever. WebSockets, once
/// upgraded, are not HTTP any more and stay open.
const HEADER_TIMEOUT: Duration = Duration::from_secs(20);

/// Accepts connections until Ctrl-C, each served by hyper with
/// [`HEADER_TIMEOUT`] and WebSocket upgrades.
async fn serve_connections(listener: tokio::net::TcpListener, app: Router) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait, then go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => {
                eprintln!("Stopping");
                return;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let _ = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Wraps the trigger channel as the debouncer's event handler.
fn move_sender(tx: Sender<Trigger>) -> impl FnMut(DebounceEventResult) + Send + 'static {
    move |result| {
        let _ = tx.send(Trigger::Events(result));
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("warning: could not open a browser; open {url} yourself");
    }
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

async fn status(State(state): State<Arc<ServerState>>) -> Response {
    let s = state.status.lock().map(|s| s.clone()).unwrap_or_default();
    let body = serde_json::json!({
        "builds": s.builds,
        "ok": s.errors.is_none(),
        "last_ms": s.last_ms as u64,
        "incremental": s.incremental,
        "aggregates_pending": s.aggregates_pending,
    })
    .to_string();
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn websocket(ws: WebSocketUpgrade, State(state): State<Arc<ServerState>>) -> Response {
    ws.on_upgrade(move |socket| client(socket, state))
}

/// One open page: tell it the current error state, then forward every message.
async fn client(mut socket: WebSocket, state: Arc<ServerState>) {
    let mut updates = state.reload.subscribe();
    let current = state.status.lock().ok().and_then(|s| s.errors.clone());
    if let Some(errors) = current
        && socket
            .send(Message::Text(message("errors", Some(&errors)).into()))
            .await
            .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            update = updates.recv() => match update {
                Ok(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }
}

/// A file of the site, with the live-reload script in HTML; the site's 404 page for misses.
async fn file(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let last_build_ok = state.status.lock().is_ok_and(|s| s.errors.is_none());
    if last_build_ok && !state.site.join("index.html").is_file() {
        // The output folder was deleted after a good build: rebuild it. (After a
        // failed build there is nothing to gain: the sources must change first.)
        if let Ok(tx) = state.rebuild.lock() {
            let _ = tx.send(Trigger::Rebuild);
        }
    }
    let path = uri.path().to_string();
    let mut found = None;
    // A full rebuild swaps the site folder by two renames; a request that
    // falls between them is retried instead of answered with a 404.
    for attempt in 0..3 {
        let site = state.site.clone();
        let path = path.clone();
        found = tokio::task::spawn_blocking(move || {
            let file = files::resolve(&site, &path)?;
            let bytes = std::fs::read(&file).ok()?;
            Some((file, bytes))
        })
        .await
        .ok()
        .flatten();
        if found.is_some() || (attempt > 0 && state.site.join("index.html").is_file()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    match found {
        Some((file, bytes)) => {
            let kind = files::content_type(&file);
            let body = if kind.starts_with("text/html") {
                files::inject(&bytes)
            } else {
                bytes
            };
            (
                [
                    (header::CONTENT_TYPE, kind),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                body,
            )
                .into_response()
        }
        None => {
            let page = std::fs::read(state.site.join("404.html")).unwrap_or_else(|_| {
                b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1></body>".to_vec()
            });
            (
                StatusCode::NOT_FOUND,
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                files::inject(&page),
            )
                .into_response()
        }
    }
}

/// The diagnostics as the terminal and the error overlay show them: the
/// first [`diagnostics::SHOWN_PER_CODE`] of each code, the rest summed up.
fn summed_up(ds: &[Diagnostic], color: bool) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = diagnostics::write_human(&mut out, ds, color, Some(diagnostics::SHOWN_PER_CODE));
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updated_pages_are_named_up_to_a_limit() {
        let ids = |n: usize| -> Vec<String> { (1..=n).map(|i| format!("SOP-{i:03}")).collect() };
        assert_eq!(updated_pages(&[]), "nothing");
        assert_eq!(updated_pages(&ids(2)), "SOP-001, SOP-002");
        assert_eq!(
            updated_pages(&ids(NAMED_PAGES)).matches(", ").count(),
            NAMED_PAGES - 1
        );
        assert_eq!(
            updated_pages(&ids(NAMED_PAGES + 3)),
            format!("{} and 3 more", ids(NAMED_PAGES).join(", "))
        );
    }
}
