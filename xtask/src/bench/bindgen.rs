//! `weld bindgen` against `wit-bindgen` (crates.io `wit-bindgen-cli`).
//!
//! * generation time: both tools write C and Rust bindings for
//!   `wasi:http/proxy` from the same vendored WIT folder;
//! * the same guest (`bindgen/guest.c`, written for wit-bindgen's C API)
//!   compiled with each tool's bindings: component size, and the fuel
//!   `weld run --report-fuel` measures for a string echo, a list of 100
//!   records and a loop over 1000 resources (fuel is deterministic).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Env, ms, time_pair};
use crate::util;

const GUEST_WIT: &str = include_str!("bindgen/guest.wit");
const GUEST_C: &str = include_str!("bindgen/guest.c");
const PROXY_WIT: &str = "package bench:http;\nworld proxy { include wasi:http/proxy@0.2.12; }\n";
pub const CALLS: &[&str] = &["echo(\"hello, bindings\")", "items(100)", "churn(1000)"];

pub fn run(env: &Env) -> Result<(), String> {
    let Some(wb) = wit_bindgen(&env.root) else {
        println!(
            "wit-bindgen is not installed: `cargo install wit-bindgen-cli --locked --root target/bench-tools` adds it\n"
        );
        return Ok(());
    };
    let version = util::output(Command::new(&wb).arg("--version"))?;
    let dir = env.work.join("bindgen");
    let write = |p: &Path, s: &str| std::fs::write(p, s).map_err(|e| format!("{}: {e}", p.display()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    println!("weld bindgen  vs  {}", version.trim());
    println!("{:<34} {:>11} {:>11} {:>7}", "case", "weld", "wit-bindgen", "ratio");
    // Generation time on wasi:http, from one vendored folder.
    write(&dir.join("proxy.wit"), PROXY_WIT)?;
    let vendored = dir.join("proxy");
    util::output(Command::new(&env.weld).arg("wit").arg(dir.join("proxy.wit")).arg("--out-dir").arg(&vendored))?;
    let mut worst: f64 = 0.0;
    for lang in ["c", "rust"] {
        let (a, b) = (dir.join(format!("weld-{lang}")), dir.join(format!("wb-{lang}")));
        let mut weld = Command::new(&env.weld);
        weld.args(["bindgen", lang]).arg(&vendored).args(["--world", "proxy", "--out-dir"]).arg(&a);
        let mut reference = Command::new(&wb);
        reference.arg(lang).arg(&vendored).args(["--world", "proxy", "--out-dir"]).arg(&b);
        if lang == "rust" {
            // weld generates every interface; ask wit-bindgen for the same.
            reference.arg("--generate-all");
        }
        let (ta, tb) = time_pair(&mut weld, &mut reference, env.runs)?;
        let ratio = ta.as_secs_f64() / tb.as_secs_f64();
        worst = worst.max(ratio);
        println!("{:<34} {:>9.1}ms {:>9.1}ms {ratio:>7.3}", format!("{lang} for wasi:http/proxy"), ms(ta), ms(tb));
    }

    // The same guest with each tool's bindings.
    if !util::has("clang", "--version") {
        println!("(clang is missing: the guest cases need it; `cargo xtask install` adds it)\n");
        return Ok(());
    }
    write(&dir.join("guest.wit"), GUEST_WIT)?;
    write(&dir.join("guest.c"), GUEST_C)?;
    let weld_c = build_guest(env, &dir, "weld", &mut |out| {
        util::output(
            Command::new(&env.weld).args(["bindgen", "c"]).arg(dir.join("guest.wit")).arg("--out-dir").arg(out),
        )
        .map(|_| Vec::new())
    })?;
    let wb_c = build_guest(env, &dir, "wit-bindgen", &mut |out| {
        util::output(Command::new(&wb).arg("c").arg(dir.join("guest.wit")).arg("--out-dir").arg(out))?;
        Ok(vec![out.join("guest_component_type.o")])
    })?;
    let (sa, sb) = (size(&weld_c)?, size(&wb_c)?);
    let size_ratio = sa as f64 / sb as f64;
    println!("{:<34} {:>9} B {:>9} B {size_ratio:>7.3}", "C guest component size", sa, sb);
    let (fa, fb) = (fuel(env, &weld_c)?, fuel(env, &wb_c)?);
    let mut worst_fuel: f64 = 0.0;
    for ((call, a), b) in CALLS.iter().zip(&fa).zip(&fb) {
        let ratio = *a as f64 / *b as f64;
        worst_fuel = worst_fuel.max(ratio);
        println!("{:<34} {:>11} {:>11} {ratio:>7.3}", format!("fuel: {call}"), a, b);
    }
    println!(
        "targets: fuel ratio <= 1.0 (worst {worst_fuel:.3}), size ratio <= 1.0 ({size_ratio:.3}), time ratio <= 1.0 (worst {worst:.3})\n"
    );
    Ok(())
}

/// Generates bindings into `dir/<name>/` with `generate` (which returns extra
/// objects to link), compiles the guest and makes it a component.
fn build_guest(
    env: &Env,
    dir: &Path,
    name: &str,
    generate: &mut dyn FnMut(&Path) -> Result<Vec<PathBuf>, String>,
) -> Result<PathBuf, String> {
    let out = dir.join(name);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let extra = generate(&out)?;
    let core = dir.join(format!("{name}.core.wasm"));
    util::output(
        Command::new("clang")
            .args(["--target=wasm32-wasi", "-mexec-model=reactor", "-O2", "-Wall", "-Wextra", "-Werror"])
            .arg("-I")
            .arg(&out)
            .arg(out.join("guest.c"))
            .arg(dir.join("guest.c"))
            .args(&extra)
            .arg("-o")
            .arg(&core),
    )?;
    let component = dir.join(format!("{name}.wasm"));
    util::output(Command::new(&env.weld).arg("new").arg(&core).arg("-o").arg(&component))?;
    Ok(component)
}

pub fn size(p: &Path) -> Result<u64, String> {
    std::fs::metadata(p).map(|m| m.len()).map_err(|e| format!("{}: {e}", p.display()))
}

/// Fuel of each call in [`CALLS`], from `weld run --report-fuel`.
pub fn fuel(env: &Env, component: &Path) -> Result<Vec<u64>, String> {
    let mut cmd = Command::new(&env.weld);
    cmd.arg("run").arg(component).arg("--report-fuel").arg("--no-cache");
    for c in CALLS {
        cmd.args(["--invoke", c]);
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fuel: Vec<u64> =
        stderr.lines().filter_map(|l| l.strip_prefix("fuel: ")?.split_whitespace().next()?.parse().ok()).collect();
    if fuel.len() != CALLS.len() {
        return Err(format!("expected {} fuel lines from {cmd:?}, got: {stderr}", CALLS.len()));
    }
    Ok(fuel)
}

/// `wit-bindgen` from `target/bench-tools` or PATH.
fn wit_bindgen(root: &Path) -> Option<PathBuf> {
    let local = root.join("target/bench-tools/bin/wit-bindgen");
    if local.exists() {
        return Some(local);
    }
    util::has("wit-bindgen", "--version").then(|| PathBuf::from("wit-bindgen"))
}
