//! `cargo xtask bench`: weld against the reference tools, in one run.
//!
//! Every case runs both tools on the same input, alternating, after a few
//! warm-up runs, and reports the median whole-process wall time of each and
//! their ratio (weld / reference; below 1.0 means weld is faster), plus
//! output sizes where the output is a file. Timed assertions do not belong in
//! tests, so targets are printed, not enforced. The weld measured is the
//! one users get, from `cargo xtask dist` (built with PGO; rebuilt only when
//! weld's source changed); `--no-pgo` measures a plain release build.
//!
//! * `wit.rs`: `weld wit` against `wasm-tools component wit`;
//! * `new.rs`: `weld new` against `wasm-tools component new`;
//! * `compose.rs`: `weld compose`/`plug` against `wac compose`/`plug`;
//! * `dedupe.rs`: shared runtimes, two-Python and two-JS apps with and without sharing: size, cold and warm start;
//! * `run.rs`: `weld run` against the `wasmtime` CLI;
//! * `bindgen.rs`: `weld bindgen` against `wit-bindgen`;
//! * `build.rs`: `weld build` on the flagship example against the same steps by hand;
//! * `guests.rs`: one guest in C, Rust, Go and Zig on weld's bindings: size and fuel;
//! * `serve.rs`: `weld serve` against `wasmtime serve`: requests/s, p50/p99 (with `hey`);
//! * `stream.rs`: bytes/s through a two-component WASI 0.3 `stream<u8>` against a memcpy in one component.

mod bindgen;
mod build;
mod compose;
mod dedupe;
mod guests;
mod new;
mod run;
mod serve;
mod stream;
mod trace;
mod wit;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{install, util};

const WARMUP: usize = 3;

/// What every case needs.
pub struct Env {
    pub root: PathBuf,
    pub weld: PathBuf,
    pub wasm_tools: PathBuf,
    pub work: PathBuf,
    pub runs: usize,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut runs = 31;
    let mut only: Option<String> = None;
    let mut pgo = true;
    let mut given: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-pgo" => pgo = false,
            "--weld" => given = Some(it.next().ok_or("--weld needs the path of a weld binary")?.into()),
            "--runs" => runs = it.next().and_then(|n| n.parse().ok()).ok_or("--runs needs a number")?,
            name if !name.starts_with('-') => only = Some(name.to_string()),
            _ => {
                return Err(
                    "usage: cargo xtask bench [wit|new|compose|dedupe|run|bindgen|guests|build|serve|trace|stream] [--runs N] [--no-pgo | --weld PATH]"
                        .into(),
                );
            }
        }
    }
    install::ensure(install::Purpose::Bench)?;
    let root = util::root();
    // The binary users get (`cargo xtask dist`), unless asked otherwise.
    let weld = if let Some(given) = &given {
        // A weld built elsewhere (another worktree, a downloaded release):
        // measured as it is, nothing rebuilt.
        std::path::absolute(given).map_err(|e| format!("--weld {}: {e}", given.display()))?
    } else if pgo {
        crate::dist::ensure()?
    } else {
        eprintln!("xtask: building weld (release)");
        util::run(util::cargo().args(["build", "--release", "--locked", "-p", "weld-cli"]).current_dir(&root))?;
        root.join("target/release/weld")
    };
    let wasm_tools = install::pip_tool("wasm-tools").ok_or("wasm-tools not found after install")?;
    let work = std::env::temp_dir().join(format!("weld-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let env = Env { weld, root, wasm_tools, work, runs };
    let version = util::output(Command::new(&env.wasm_tools).arg("--version"))?;
    let build = if given.is_some() {
        "given with --weld"
    } else if pgo {
        "`cargo xtask dist`: release build with PGO"
    } else {
        "release build, no PGO"
    };
    println!("weld: {} ({build})", env.weld.display());
    println!("reference: {} ({runs} runs per case, median wall time)\n", version.trim());
    let result = (|| {
        if only.as_deref().is_none_or(|o| o == "wit") {
            wit::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "new") {
            new::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "compose") {
            compose::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "dedupe") {
            dedupe::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "run") {
            run::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "bindgen") {
            bindgen::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "guests") {
            guests::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "build") {
            build::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "serve") {
            serve::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "trace") {
            trace::run(&env)?;
        }
        if only.as_deref().is_none_or(|o| o == "stream") {
            stream::run(&env)?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&env.work);
    result
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median wall time of each command, run alternately.
pub fn time_pair(a: &mut Command, b: &mut Command, runs: usize) -> Result<(Duration, Duration), String> {
    let t = time_all(&mut [a, b], runs)?;
    Ok((t[0], t[1]))
}

/// Median wall times of several commands, run interleaved so that drift in
/// the machine's speed affects them all alike.
pub fn time_all(cmds: &mut [&mut Command], runs: usize) -> Result<Vec<Duration>, String> {
    let mut times = vec![Vec::new(); cmds.len()];
    let n = cmds.len();
    for i in 0..WARMUP + runs {
        // Each round starts with a different command, so none always runs
        // right after another's exit (while the kernel reclaims its memory).
        for k in (0..n).map(|k| (i + k) % n) {
            let d = time_one(cmds[k])?;
            if i >= WARMUP {
                times[k].push(d);
            }
        }
    }
    Ok(times.into_iter().map(median).collect())
}

pub fn time_one(cmd: &mut Command) -> Result<Duration, String> {
    let start = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    if !status.success() {
        return Err(format!("{cmd:?} failed with {status}"));
    }
    Ok(elapsed)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Copies a package (a `.wit` file or a folder of them) into folder `to`.
pub fn copy_package(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    let files: Vec<PathBuf> = if from.is_dir() {
        std::fs::read_dir(from).map_err(|e| e.to_string())?.map(|e| e.unwrap().path()).collect()
    } else {
        vec![from.to_path_buf()]
    };
    for f in files {
        std::fs::copy(&f, to.join(f.file_name().unwrap())).map_err(|e| e.to_string())?;
    }
    Ok(())
}
