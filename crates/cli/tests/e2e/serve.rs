//! `weld serve` with real guests (`tests/serve/`): each guest is built once
//! per run by `tests/serve/<lang>/build.sh OUT.wasm`, then served by `weld
//! serve --addr 127.0.0.1:0` in the background (the harness waits for its
//! `listening on http://ADDR/` line on stderr) and asked with curl:
//!
//! The guests are Rust (weld's bindings), JavaScript (componentize-js) and
//! Python (componentize-py) on WASI 0.2, and Rust on WASI 0.3 (`rust-p3`,
//! an async `wasi:http/handler` built for wasm32-wasip3).
//!
//! * `serve::<lang>::routes`: status codes, headers and bodies both ways,
//!   a streamed response of 5 MB and a 6 MB request body echoed back;
//! * `serve::<lang>::failures`: a trap answers 500 (logged with its
//!   backtrace), a guest past `--timeout` 504, a memory bomb past
//!   `--max-memory` 500, and the server answers the next request;
//! * `serve::<lang>::shutdown`: SIGTERM while a request is in flight: that
//!   request finishes, new connections are refused, the server exits 0;
//! * `serve::rust::busy` (503 past `--max-concurrent`) and
//!   `serve::rust::outgoing` (outgoing HTTP denied unless allowed);
//! * `examples/notes::serve`: the notes example built by its `build.sh`
//!   and its README's walkthrough: start, post, get, search, a malformed
//!   body, 12 writes at once, restart, get again.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use libtest_mimic::Trial;

/// The guests: language, the tools its build needs.
/// `rust-p3` is the WASI 0.3 guest (`wasi:http/service@0.3.0`); the others
/// are `wasi:http/proxy` 0.2 components.
const GUESTS: [(&str, &[&str]); 4] = [
    ("rust", &["rust-wasm"]),
    ("rust-p3", &["rust-wasm"]),
    ("js", &["componentize-js"]),
    ("python", &["componentize-py"]),
];

type Check = fn(&Path) -> Result<(), String>;

pub fn trials() -> Vec<Trial> {
    let mut trials = Vec::new();
    for (lang, tools) in GUESTS {
        let mut checks: Vec<(&str, Check)> = vec![("routes", routes), ("failures", failures), ("shutdown", shutdown)];
        if lang == "rust" {
            checks.push(("busy", busy));
            checks.push(("outgoing", outgoing));
        }
        let mut tools: Vec<String> = tools.iter().map(|t| t.to_string()).collect();
        tools.push("curl".into());
        for (name, check) in checks {
            let what = format!("tests/serve/{lang}");
            trials.push(crate::requires::trial(format!("serve::{lang}::{name}"), what, tools.clone(), move || {
                check(&guest(lang)?)
            }));
        }
    }
    let tools = ["clang", "rust-wasm", "componentize-py", "curl"].map(String::from).to_vec();
    trials.push(crate::requires::trial("examples/notes::serve".into(), "examples/notes".into(), tools, notes));
    trials
}

fn tmp() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).to_path_buf()
}

/// The guest of `lang`, built once per run.
fn guest(lang: &'static str) -> Result<PathBuf, String> {
    static BUILT: OnceLock<Mutex<HashMap<&'static str, Result<PathBuf, String>>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    built.entry(lang).or_insert_with(|| build(lang)).clone()
}

fn build(lang: &str) -> Result<PathBuf, String> {
    let out = tmp().join("serve-guests");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let wasm = out.join(format!("{lang}.wasm"));
    let script = format!("tests/serve/{lang}/build.sh");
    let built = Command::new("sh")
        .arg(&script)
        .arg(&wasm)
        .current_dir(crate::root())
        .env("WELD", crate::weld())
        .output()
        .map_err(|e| format!("failed to start sh: {e}"))?;
    if !built.status.success() {
        return Err(format!("{script} failed:\n{}", String::from_utf8_lossy(&built.stderr)));
    }
    Ok(wasm)
}

/// A `weld serve` in the background, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    /// Every stderr line so far.
    lines: Arc<Mutex<Vec<String>>>,
    rx: Receiver<String>,
}

impl Server {
    fn start(wasm: &Path, flags: &[&str]) -> Result<Server, String> {
        Server::start_with(wasm, flags, &[])
    }

    fn start_with(wasm: &Path, flags: &[&str], more: &[std::ffi::OsString]) -> Result<Server, String> {
        let mut child = Command::new(crate::weld())
            .arg("serve")
            .arg(wasm)
            .args(["--addr", "127.0.0.1:0"])
            .args(flags)
            .args(more)
            .env("WELD_CACHE_DIR", tmp().join("weld-cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("failed to start weld serve: {e}"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line.clone());
                let _ = tx.send(line);
            }
        });
        let mut server = Server { child, addr: String::new(), lines, rx };
        let line = server.wait_for("listening on http://", Duration::from_secs(180))?;
        let addr = line.trim_start_matches("listening on http://").trim_end_matches('/');
        server.addr = addr.to_string();
        Ok(server)
    }

    /// Waits for a stderr line containing `text`.
    fn wait_for(&self, text: &str, limit: Duration) -> Result<String, String> {
        let end = Instant::now() + limit;
        if let Some(line) = self.lines.lock().unwrap().iter().find(|l| l.contains(text)) {
            return Ok(line.clone());
        }
        loop {
            match self.rx.recv_timeout(end.saturating_duration_since(Instant::now())) {
                Ok(line) if line.contains(text) => return Ok(line),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return Err(format!("weld serve never printed `{text}`; its stderr:\n{}", self.stderr()));
                }
            }
        }
    }

    fn stderr(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn signal(&self, name: &str) -> Result<(), String> {
        let ok = Command::new("kill").arg(format!("-{name}")).arg(self.child.id().to_string()).status();
        ok.map_err(|e| e.to_string())?.success().then_some(()).ok_or_else(|| format!("kill -{name} failed"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (names in lower case), body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// curl with `args` (the URL among them); its `-i` output read back.
fn curl(args: &[&str]) -> Result<Response, String> {
    let out = Command::new("curl")
        .args(["-s", "-i", "--max-time", "60"])
        .args(args)
        .output()
        .map_err(|e| format!("failed to start curl: {e}"))?;
    if !out.status.success() {
        return Err(format!("curl {args:?} exited with {:?}", out.status.code()));
    }
    let raw = out.stdout;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("curl printed no header block")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok());
    let status = status.ok_or_else(|| format!("no status line in {head:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Response { status, headers, body: raw[split + 4..].to_vec() })
}

fn expect(what: &str, ok: bool, server: &Server) -> Result<(), String> {
    if ok { Ok(()) } else { Err(format!("{what}; weld serve's stderr:\n{}", server.stderr())) }
}

/// `0123456789abcdef` repeated to `n` bytes, as `/big` sends.
fn pattern(n: usize) -> Vec<u8> {
    b"0123456789abcdef".iter().copied().cycle().take(n).collect()
}

fn lang_of(wasm: &Path) -> String {
    wasm.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn routes(wasm: &Path) -> Result<(), String> {
    let lang = lang_of(wasm);
    let s = Server::start(wasm, &[])?;
    let r = curl(&[&s.url("/hello")])?;
    expect(&format!("GET /hello: {} {:?}", r.status, r.text()), r.status == 200, &s)?;
    expect("GET /hello: the body", r.text() == format!("hello from {lang}\n"), &s)?;
    expect("GET /hello: x-guest", r.header("x-guest") == Some(lang.as_str()), &s)?;

    let r = curl(&[
        "-X",
        "POST",
        "-H",
        "content-type: text/x-note",
        "-H",
        "x-echo: 42",
        "--data-binary",
        "ping",
        &s.url("/echo"),
    ])?;
    expect(&format!("POST /echo: {} {:?}", r.status, r.text()), r.status == 200 && r.text() == "ping", &s)?;
    expect("POST /echo: content-type copied", r.header("content-type") == Some("text/x-note"), &s)?;
    expect("POST /echo: x-echo copied", r.header("x-echo") == Some("42"), &s)?;

    let r = curl(&[&s.url("/status/418")])?;
    expect(&format!("GET /status/418: {}", r.status), r.status == 418 && r.text() == "status 418\n", &s)?;
    let r = curl(&[&s.url("/nowhere")])?;
    expect(&format!("GET /nowhere: {}", r.status), r.status == 404, &s)?;

    // A streamed body of 5 MB out, and 6 MB in and back.
    let n = 5_000_000;
    let r = curl(&[&s.url(&format!("/big?bytes={n}"))])?;
    expect(
        &format!("GET /big: {} with {} bytes", r.status, r.body.len()),
        r.status == 200 && r.body == pattern(n),
        &s,
    )?;
    let input = tmp().join(format!("serve-{lang}-upload.bin"));
    let sent: Vec<u8> = (0..6_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    std::fs::write(&input, &sent).map_err(|e| e.to_string())?;
    let data = format!("@{}", input.display());
    let r = curl(&[
        "-X",
        "POST",
        "-H",
        "Expect:",
        "-H",
        "content-type: application/octet-stream",
        "--data-binary",
        &data,
        &s.url("/echo"),
    ])?;
    expect(
        &format!("POST /echo of 6 MB: {} with {} bytes back", r.status, r.body.len()),
        r.status == 200 && r.body == sent,
        &s,
    )?;

    // One access line per request: method, path, status, bytes, duration.
    s.wait_for(&format!("GET /big?bytes={n} 200 {n}B "), Duration::from_secs(10))?;
    s.wait_for("POST /echo 200 6000000B ", Duration::from_secs(10))?;
    s.wait_for("GET /hello 200 ", Duration::from_secs(10))?;
    Ok(())
}

fn failures(wasm: &Path) -> Result<(), String> {
    let s = Server::start(wasm, &["--timeout", "2s", "--max-memory", "64MiB"])?;
    let r = curl(&[&s.url("/trap")])?;
    expect(&format!("GET /trap: {}", r.status), r.status == 500, &s)?;
    // A JavaScript exception is not a trap: componentize-js answers 500 itself.
    if lang_of(wasm) != "js" {
        let line = s.wait_for("error: GET /trap: ", Duration::from_secs(10))?;
        expect(&format!("the trap's message: {line}"), line.contains("trapped"), &s)?;
        s.wait_for("wasm backtrace", Duration::from_secs(10))?;
    }
    let r = curl(&[&s.url("/hello")])?;
    expect(&format!("GET /hello after a trap: {}", r.status), r.status == 200, &s)?;

    let started = Instant::now();
    let r = curl(&[&s.url("/spin")])?;
    let took = started.elapsed();
    expect(&format!("GET /spin: {} after {took:?}", r.status), r.status == 504 && took < Duration::from_secs(10), &s)?;
    s.wait_for("error: GET /spin: timeout", Duration::from_secs(10))?;

    let r = curl(&[&s.url("/bomb")])?;
    expect(&format!("GET /bomb: {}", r.status), r.status == 500, &s)?;
    let line = s.wait_for("error: GET /bomb: ", Duration::from_secs(10))?;
    expect(&format!("the bomb's message: {line}"), line.contains("memory"), &s)?;
    let r = curl(&[&s.url("/hello")])?;
    expect(&format!("GET /hello after the failures: {}", r.status), r.status == 200, &s)?;
    Ok(())
}

fn shutdown(wasm: &Path) -> Result<(), String> {
    let mut s = Server::start(wasm, &["--grace", "20s"])?;
    let slow = s.url("/sleep?ms=1500");
    let in_flight = std::thread::spawn(move || curl(&[&slow]));
    // The request is in flight once the guest runs; then the signal.
    std::thread::sleep(Duration::from_millis(500));
    s.signal("TERM")?;
    s.wait_for("shutting down", Duration::from_secs(10))?;
    let refused = Command::new("curl").args(["-s", "--max-time", "5", &s.url("/hello")]).status();
    expect("a new connection while shutting down is refused", refused.is_ok_and(|st| !st.success()), &s)?;
    let r = in_flight.join().map_err(|_| "the client thread panicked")??;
    expect(
        &format!("the request in flight: {} {:?}", r.status, r.text()),
        r.status == 200 && r.text() == "slept 1500 ms\n",
        &s,
    )?;
    let end = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = s.child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if Instant::now() > end {
            return Err(format!("weld serve did not stop; its stderr:\n{}", s.stderr()));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    s.wait_for("stopped", Duration::from_secs(5))?;
    expect(&format!("weld serve exited with {status}"), status.success(), &s)
}

fn busy(wasm: &Path) -> Result<(), String> {
    let s = Server::start(wasm, &["--max-concurrent", "1"])?;
    let slow = s.url("/sleep?ms=1500");
    let first = std::thread::spawn(move || curl(&[&slow]));
    std::thread::sleep(Duration::from_millis(500));
    let r = curl(&[&s.url("/hello")])?;
    expect(
        &format!("a second request at once: {}", r.status),
        r.status == 503 && r.header("retry-after") == Some("1"),
        &s,
    )?;
    let r = first.join().map_err(|_| "the client thread panicked")??;
    expect(&format!("the first request: {}", r.status), r.status == 200, &s)?;
    let r = curl(&[&s.url("/hello")])?;
    expect(&format!("a request afterwards: {}", r.status), r.status == 200, &s)
}

fn outgoing(wasm: &Path) -> Result<(), String> {
    // The upstream is another weld serve of the same guest.
    let upstream = Server::start(wasm, &[])?;
    let denied = Server::start(wasm, &[])?;
    let r = curl(&[&denied.url(&format!("/fetch?authority={}", upstream.addr))])?;
    expect(
        &format!("a denied fetch: {} {:?}", r.status, r.text()),
        r.status == 502 && r.text().contains("HttpRequestDenied"),
        &denied,
    )?;
    denied.wait_for("warning: denied an outgoing request", Duration::from_secs(10))?;
    let allowed = Server::start(wasm, &["--allow-http", &upstream.addr])?;
    let r = curl(&[&allowed.url(&format!("/fetch?authority={}", upstream.addr))])?;
    expect(
        &format!("an allowed fetch: {} {:?}", r.status, r.text()),
        r.status == 200 && r.text() == "upstream answered 404\n",
        &allowed,
    )
}

fn notes() -> Result<(), String> {
    let out = tmp().join("notes-example");
    let built = Command::new("sh")
        .arg("examples/notes/build.sh")
        .arg(&out)
        .current_dir(crate::root())
        .env("WELD", crate::weld())
        .env("WELD_CACHE_DIR", tmp().join("weld-cache"))
        .output()
        .map_err(|e| format!("failed to start sh: {e}"))?;
    if !built.status.success() {
        return Err(format!("examples/notes/build.sh failed:\n{}", String::from_utf8_lossy(&built.stderr)));
    }
    let wasm = out.join("notes.wasm");
    let data = tmp().join("notes-data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let mut grant = std::ffi::OsString::from(&data);
    grant.push("::/data");
    let dir = [std::ffi::OsString::from("--dir"), grant];
    let s = Server::start_with(&wasm, &[], &dir)?;
    let post = |s: &Server, json: &str| {
        curl(&["-X", "POST", "-H", "content-type: application/json", "--data", json, &s.url("/notes")])
    };
    let r = post(&s, r#"{"title": "Shopping", "body": "milk and eggs"}"#)?;
    expect(&format!("POST /notes: {} {:?}", r.status, r.text()), r.status == 201 && r.text() == "{\"id\": 1}\n", &s)?;
    let r = post(&s, r#"{"title": "Ideas", "body": "a notes app on SQLite"}"#)?;
    expect(&format!("POST /notes: {} {:?}", r.status, r.text()), r.status == 201 && r.text() == "{\"id\": 2}\n", &s)?;
    let r = curl(&[&s.url("/notes/1")])?;
    let shopping = "{\"id\": 1, \"title\": \"Shopping\", \"body\": \"milk and eggs\"}\n";
    expect(&format!("GET /notes/1: {} {:?}", r.status, r.text()), r.status == 200 && r.text() == shopping, &s)?;
    expect("GET /notes/1: content-type", r.header("content-type") == Some("application/json"), &s)?;
    let r = curl(&[&s.url("/notes/9")])?;
    expect(&format!("GET /notes/9: {}", r.status), r.status == 404, &s)?;
    let r = curl(&[&s.url("/notes?q=sqlite")])?;
    let ideas = "[{\"id\": 2, \"title\": \"Ideas\", \"body\": \"a notes app on SQLite\"}]\n";
    expect(&format!("GET /notes?q=sqlite: {} {:?}", r.status, r.text()), r.status == 200 && r.text() == ideas, &s)?;
    let r = curl(&[&s.url("/notes?q=nothing")])?;
    expect(&format!("GET /notes?q=nothing: {} {:?}", r.status, r.text()), r.status == 200 && r.text() == "[]\n", &s)?;
    for bad in [
        r#"{"title":"#,
        "[1, 2]",
        r#"{"title": "", "body": "x"}"#,
        r#"{"title": "t", "body": 3}"#,
        r#"{"title": "t", "body": "b", "x": 1}"#,
    ] {
        let r = post(&s, bad)?;
        expect(
            &format!("POST /notes {bad:?}: {} {:?}", r.status, r.text()),
            r.status == 400 && r.text().starts_with("{\"error\": "),
            &s,
        )?;
    }
    // Writes at once take turns on the database: every one is stored.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let url = s.url("/notes");
            std::thread::spawn(move || {
                (0..3)
                    .map(|i| {
                        let json = format!(r#"{{"title": "w{w}", "body": "write {i}"}}"#);
                        curl(&["-X", "POST", "--data", &json, &url]).map(|r| (r.status, r.text()))
                    })
                    .collect::<Result<Vec<_>, String>>()
            })
        })
        .collect();
    let mut ids = Vec::new();
    for writer in writers {
        for (status, text) in writer.join().map_err(|_| "a writer thread panicked")?? {
            expect(&format!("a concurrent POST: {status} {text:?}"), status == 201, &s)?;
            ids.push(text);
        }
    }
    ids.sort();
    ids.dedup();
    expect(&format!("12 concurrent writes gave {} distinct ids", ids.len()), ids.len() == 12, &s)?;
    drop(s);
    // A new server on the same folder reads what the first one wrote.
    let s = Server::start_with(&wasm, &[], &dir)?;
    let r = curl(&[&s.url("/notes/1")])?;
    expect(
        &format!("GET /notes/1 after a restart: {} {:?}", r.status, r.text()),
        r.status == 200 && r.text() == shopping,
        &s,
    )?;
    let r = post(&s, r#"{"title": "Later", "body": "after the restart"}"#)?;
    expect(
        &format!("POST /notes after a restart: {} {:?}", r.status, r.text()),
        r.status == 201 && r.text() == "{\"id\": 15}\n",
        &s,
    )
}
