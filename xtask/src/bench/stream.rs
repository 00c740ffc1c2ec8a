//! Bytes per second streamed through a two-component pipeline (WASI 0.3):
//! a producer exporting `produce: async func(total, chunk) -> stream<u8>`
//! and a consumer importing it, whose `run(total, chunk)` reads the whole
//! stream in reads of `chunk` bytes and returns (bytes read, their sum)
//! (`stream/stream.wit`). Each pair is built by `weld build --release`,
//! plugged with `weld plug` and run with `weld run --invoke`, as a user
//! would; its answer is checked against the bytes it must have seen.
//!
//! * the physical limit: `stream/c/copier.c`, one component doing the
//!   consumer's work on the same bytes, each chunk memcpy'd between two
//!   buffers of its own memory;
//! * weld's C async bindings (`stream/c/`), weld's Rust async bindings
//!   (`stream/rust/weld-*`, wasm32-wasip3), and the same Rust code on the
//!   `wit-bindgen` crate from crates.io (`stream/rust/wit-bindgen-*`,
//!   built with cargo as `weld build` builds Rust guests).
//!
//! Throughput is `total / (t(total) - t(0))`: the median wall time of a
//! `weld run --invoke` streaming `total` bytes, less the median of the same
//! run streaming none (start-up, instantiation and the call), so start-up
//! is not counted. Ratios are against the memcpy. Targets are printed, not
//! enforced.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::Env;
use crate::util;

const WIT: &str = include_str!("stream/stream.wit");
/// Bytes per run: large enough that start-up (about 10 ms) is noise.
const TOTAL: u64 = 256 << 20;
const CHUNKS: &[u32] = &[64, 4 << 10, 64 << 10];
/// Timed runs per case (fewer if `--runs` says so): a 64-byte-chunk run
/// streams 4 million chunks and takes seconds.
const MAX_RUNS: usize = 5;
/// The C guests' flags: SIMD for the byte-summing loop, bulk memory so
/// memcpy is `memory.copy` (what the runtime does between memories).
const C_FLAGS: &str = r#"["-msimd128", "-mbulk-memory"]"#;

/// One way of running the work: a name and the component to `--invoke`.
struct Case {
    name: &'static str,
    app: Result<PathBuf, String>,
}

pub fn run(env: &Env) -> Result<(), String> {
    let dir = env.work.join("stream");
    let wit = dir.join("wit");
    std::fs::create_dir_all(&wit).map_err(|e| e.to_string())?;
    std::fs::write(wit.join("stream.wit"), WIT).map_err(|e| e.to_string())?;
    let src = env.root.join("xtask/src/bench/stream");

    eprintln!("xtask: building the stream guests");
    let copier = weld_build(env, &dir, "copier", "c", &src.join("c/copier.c"));
    let c = pair(env, &dir, "c", |world| weld_build(env, &dir, world, "c", &src.join(format!("c/{world}.c"))));
    let rust = pair(env, &dir, "rust", |world| {
        let krate = rust_crate(&src, &dir, &format!("weld-{world}"), false)?;
        weld_build(env, &dir, world, "rust", &krate)
    });
    let wit_bindgen = pair(env, &dir, "wit-bindgen", |world| {
        let krate = rust_crate(&src, &dir, &format!("wit-bindgen-{world}"), true)?;
        cargo_wasip3(env, &krate)
    });
    let cases = [
        Case { name: "memcpy (1 comp.)", app: copier },
        Case { name: "weld C", app: c },
        Case { name: "weld Rust", app: rust },
        Case { name: "wit-bindgen Rust", app: wit_bindgen },
    ];
    for case in &cases {
        if let Err(e) = &case.app {
            println!("{}: not built: {}", case.name, e.trim().lines().last().unwrap_or_default());
        }
    }
    let runs = env.runs.clamp(1, MAX_RUNS);
    println!(
        "stream<u8> through two components (weld plug, weld run --invoke), {} MiB per run, {runs} runs",
        TOTAL >> 20
    );
    println!("MiB/s = bytes / (median time - median time of a 0-byte run); ratio against memcpy in one component");
    print!("{:<8}", "chunk");
    for case in cases.iter().filter(|c| c.app.is_ok()) {
        print!(" {:>22}", case.name);
    }
    println!();
    let mut last = Vec::new();
    for &chunk in CHUNKS {
        print!("{:<8}", size(chunk));
        let mut base = None;
        last.clear();
        for case in &cases {
            let Ok(app) = &case.app else { continue };
            let rate = throughput(env, app, chunk, runs)?;
            let b = *base.get_or_insert(rate);
            print!(" {:>22}", format!("{rate:.0} ({:.2})", rate / b));
            last.push((case.name, rate));
        }
        println!();
    }
    let rate_of = |name: &str| last.iter().find(|(n, _)| *n == name).map(|(_, r)| *r);
    if let (Some(m), Some(c)) = (rate_of("memcpy (1 comp.)"), rate_of("weld C")) {
        println!("at {}: weld C / memcpy {:.2} (target >= 0.25)", size(CHUNKS[CHUNKS.len() - 1]), c / m);
    }
    if let (Some(r), Some(w)) = (rate_of("weld Rust"), rate_of("wit-bindgen Rust")) {
        println!("at {}: weld Rust / wit-bindgen Rust {:.2} (target >= 1)", size(CHUNKS[CHUNKS.len() - 1]), r / w);
    }
    println!();
    Ok(())
}

fn size(bytes: u32) -> String {
    if bytes >= 1 << 10 { format!("{} KiB", bytes >> 10) } else { format!("{bytes} B") }
}

/// The answer `run(total, chunk)` must give: (total, sum of i % 251).
fn expected(total: u64) -> String {
    let (q, r) = (total / 251, total % 251);
    let sum = q * (250 * 251 / 2) + r * r.saturating_sub(1) / 2;
    format!("({total}, {sum})")
}

/// MiB per second through `app` in chunks of `chunk` bytes.
fn throughput(env: &Env, app: &Path, chunk: u32, runs: usize) -> Result<f64, String> {
    let call = |total: u64| {
        let mut cmd = Command::new(&env.weld);
        cmd.arg("run").arg(app).arg("--invoke").arg(format!("run({total}, {chunk})"));
        cmd.env("WELD_CACHE_DIR", env.work.join("weld-cache"));
        cmd
    };
    // The work is checked (and the compiled code cached) before it is timed.
    for total in [0, TOTAL] {
        let got = util::output(&mut call(total))?;
        if got.trim() != expected(total) {
            return Err(format!(
                "{} streamed wrongly: `run({total}, {chunk})` answered {:?}, expected {}",
                app.display(),
                got.trim(),
                expected(total)
            ));
        }
    }
    let (mut full, mut zero) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        zero.push(super::time_one(&mut call(0))?);
        full.push(super::time_one(&mut call(TOTAL))?);
    }
    let streaming = median(full).saturating_sub(median(zero)).max(Duration::from_micros(1));
    Ok(TOTAL as f64 / (1 << 20) as f64 / streaming.as_secs_f64())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Builds the producer and the consumer with `build` and plugs them.
fn pair(env: &Env, dir: &Path, name: &str, build: impl Fn(&str) -> Result<PathBuf, String>) -> Result<PathBuf, String> {
    let producer = build("producer")?;
    let consumer = build("consumer")?;
    let app = dir.join(format!("{name}-app.wasm"));
    util::output(Command::new(&env.weld).arg("plug").arg(&consumer).arg("--plug").arg(&producer).arg("-o").arg(&app))?;
    Ok(app)
}

/// Builds world `world` from `source` with a one-component `weld.toml`.
fn weld_build(env: &Env, dir: &Path, world: &str, lang: &str, source: &Path) -> Result<PathBuf, String> {
    let project = dir.join(format!("{lang}-{world}"));
    std::fs::create_dir_all(&project).map_err(|e| e.to_string())?;
    let flags = if lang == "c" { format!("flags = {C_FLAGS}\n") } else { String::new() };
    let manifest = format!(
        "[project]\nname = \"stream-{lang}-{world}\"\nwit = \"../wit\"\noutput = \"{world}.wasm\"\n\n\
         [[component]]\nname = \"{world}\"\nlanguage = \"{lang}\"\nworld = \"{world}\"\nsources = [{:?}]\n{flags}",
        source.display().to_string()
    );
    let toml = project.join("weld.toml");
    std::fs::write(&toml, manifest).map_err(|e| e.to_string())?;
    util::output(Command::new(&env.weld).args(["build", "--release", "-p"]).arg(&toml))?;
    Ok(project.join(format!("{world}.wasm")))
}

/// A copy of crate `stream/rust/<name>` with the shared `pipe.rs` in its
/// `src/` (and the WIT in `wit/`, for wit-bindgen's `generate!`).
fn rust_crate(src: &Path, dir: &Path, name: &str, with_wit: bool) -> Result<PathBuf, String> {
    let to = dir.join("crates").join(name);
    let from = src.join("rust").join(name);
    let copy = |a: &Path, b: &Path| std::fs::copy(a, b).map(|_| ()).map_err(|e| format!("{}: {e}", a.display()));
    std::fs::create_dir_all(to.join("src")).map_err(|e| e.to_string())?;
    copy(&from.join("Cargo.toml"), &to.join("Cargo.toml"))?;
    copy(&from.join("src/lib.rs"), &to.join("src/lib.rs"))?;
    copy(&src.join("rust/pipe.rs"), &to.join("src/pipe.rs"))?;
    if with_wit {
        std::fs::create_dir_all(to.join("wit")).map_err(|e| e.to_string())?;
        std::fs::write(to.join("wit/stream.wit"), WIT).map_err(|e| e.to_string())?;
    }
    Ok(to)
}

/// Builds a crate that makes its own bindings (wit-bindgen's `generate!`)
/// for wasm32-wasip3 as `weld build` builds Rust guests: Debian's rustc
/// with -Zbuild-std, linked into a component by wasm-component-ld.
fn cargo_wasip3(env: &Env, krate: &Path) -> Result<PathBuf, String> {
    // The standard library is built once and kept between bench runs.
    let target = env.root.join("target/bench-guests");
    util::output(
        Command::new("cargo")
            .args(["build", "--quiet", "--release", "--target", "wasm32-wasip3", "-Zbuild-std=std,panic_abort"])
            .current_dir(krate)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTC", "/usr/bin/rustc")
            .env("RUSTDOC", "/usr/bin/rustdoc")
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTFLAGS", "-L native=/usr/lib/wasm32-wasi")
            .env("RUSTC_WRAPPER", "")
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("CARGO_ENCODED_RUSTFLAGS"),
    )?;
    let name = krate.file_name().unwrap_or_default().to_string_lossy().replace('-', "_");
    Ok(target.join(format!("wasm32-wasip3/release/stream_{name}.wasm")))
}
