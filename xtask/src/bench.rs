//! `cargo xtask bench`: weld against the reference tools, in one run.
//!
//! Every case runs both tools on the same input, alternating, after a few
//! warm-up runs, and reports the median whole-process wall time of each and
//! their ratio (weld / reference; below 1.0 means weld is faster). Timed
//! assertions do not belong in tests, so targets are printed, not enforced.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{install, util};

const WARMUP: usize = 3;

pub fn run(args: &[String]) -> Result<(), String> {
    let runs: usize = match args {
        [flag, n] if flag == "--runs" => n.parse().map_err(|_| format!("bad --runs value `{n}`"))?,
        [] => 31,
        _ => return Err("usage: cargo xtask bench [--runs N]".into()),
    };
    install::ensure(install::Purpose::Bench)?;
    let root = util::root();
    eprintln!("xtask: building weld (release)");
    util::run(util::cargo().args(["build", "--release", "--locked", "-p", "weld-cli"]).current_dir(&root))?;
    let weld = root.join("target/release/weld");
    let wasm_tools = install::pip_tool("wasm-tools").ok_or("wasm-tools not found after install")?;
    let version = util::output(Command::new(&wasm_tools).arg("--version"))?;

    let work = std::env::temp_dir().join(format!("weld-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let cases = [
        ("wasi:http@0.2.12 tree", http_tree(&root, "0.2.12", &work.join("http-0.2.12"))?),
        ("wasi:http@0.2.0 tree", http_tree(&root, "0.2.0", &work.join("http-0.2.0"))?),
    ];

    println!("weld wit vs {} (`component wit`), {runs} runs each, median wall time", version.trim());
    println!("{:<24} {:>12} {:>14} {:>8}  output", "input", "weld", "wasm-tools", "ratio");
    let mut worst: f64 = 0.0;
    for (name, dir) in &cases {
        let dir = dir.to_str().unwrap();
        let mut weld_cmd = Command::new(&weld);
        // `--all-packages` prints the dependencies too, as wasm-tools does.
        weld_cmd.args(["wit", "--all-packages", dir]);
        let mut ref_cmd = Command::new(&wasm_tools);
        ref_cmd.args(["component", "wit", dir]);
        let (ours, theirs) = (util::output(&mut weld_cmd)?, util::output(&mut ref_cmd)?);
        let same = if ours == theirs {
            "identical"
        } else if without_blank_lines(&ours) == without_blank_lines(&theirs) {
            "same but for blank lines"
        } else {
            "differs"
        };
        let (a, b) = time_pair(&mut weld_cmd, &mut ref_cmd, runs)?;
        let ratio = a.as_secs_f64() / b.as_secs_f64();
        worst = worst.max(ratio);
        println!("{name:<24} {:>10.2}ms {:>12.2}ms {ratio:>8.3}  {}", ms(a), ms(b), same);
    }
    println!("target: ratio <= 1.0 on every input; worst ratio {worst:.3}");
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

fn without_blank_lines(s: &str) -> Vec<&str> {
    s.lines().filter(|l| !l.trim().is_empty()).collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A folder whose main package is wasi:http at `version`, with every other
/// WASI package of that version in `deps/` (as weld's `wit/` holds them).
fn http_tree(root: &Path, version: &str, dest: &Path) -> Result<PathBuf, String> {
    let src = root.join("wit/wasi").join(version);
    let deps = dest.join("deps");
    std::fs::create_dir_all(&deps).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(&src).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let target = if stem == "http" { dest.to_path_buf() } else { deps.join(&stem) };
        copy_package(&path, &target)?;
    }
    Ok(dest.to_path_buf())
}

/// Copies a package (a `.wit` file or a folder of them) into folder `to`.
fn copy_package(from: &Path, to: &Path) -> Result<(), String> {
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

/// Median wall time of each command, run alternately.
fn time_pair(a: &mut Command, b: &mut Command, runs: usize) -> Result<(Duration, Duration), String> {
    let mut ta = Vec::new();
    let mut tb = Vec::new();
    for i in 0..WARMUP + runs {
        let da = time_one(a)?;
        let db = time_one(b)?;
        if i >= WARMUP {
            ta.push(da);
            tb.push(db);
        }
    }
    Ok((median(ta), median(tb)))
}

fn time_one(cmd: &mut Command) -> Result<Duration, String> {
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
