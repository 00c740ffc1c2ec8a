//! `weld build` on the flagship example (examples/polyglot): a full build
//! with each step's time, a no-op rebuild, and the same steps run by hand as
//! separate tool invocations, one after the other.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::{Env, ms};
use crate::{install, util};

pub fn run(env: &Env) -> Result<(), String> {
    let example = env.root.join("examples/polyglot");
    let dir = env.work.join("build");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let tools = install::tools_dir().join("node_modules/.bin");
    let path = format!("{}:{}", std::env::var("PATH").unwrap_or_default(), tools.display());
    let weld_project = |out: &Path| {
        let mut c = Command::new(&env.weld);
        c.args(["build", "--timings", "-p"])
            .arg(example.join("weld.toml"))
            .arg("--out-dir")
            .arg(out)
            .env("PATH", &path);
        c
    };

    println!("weld build on examples/polyglot (C, Rust, Go, Zig, Python, JavaScript)");
    // A first build warms the shared cargo folder (the standard library) and
    // the toolchains' own caches, as a second project on the machine would.
    util::output(&mut weld_project(&dir.join("warm")))?;

    let full = dir.join("full");
    let start = Instant::now();
    let out = weld_project(&full).output().map_err(|e| e.to_string())?;
    let total = start.elapsed();
    if !out.status.success() {
        return Err(format!("weld build failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    println!("{:<34} {:>9.1}ms", "full build (components in parallel)", ms(total));
    for line in String::from_utf8_lossy(&out.stderr).lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("Built ").or_else(|| l.strip_prefix("Composed ")) {
            println!("  {rest}");
        }
    }

    let mut noop = Vec::new();
    for _ in 0..env.runs.min(11) {
        let start = Instant::now();
        util::output(&mut weld_project(&full))?;
        noop.push(start.elapsed());
    }
    noop.sort();
    println!("{:<34} {:>9.1}ms   (target: under 200 ms)", "no-op rebuild (median)", ms(noop[noop.len() / 2]));

    let by_hand = by_hand(env, &example, &dir.join("hand"), &path)?;
    println!("{:<34} {:>9.1}ms", "the same steps by hand, in order", ms(by_hand));
    println!(
        "{:<34} {:>11.3}   (target: at most 1.0)\n",
        "ratio weld build / by hand",
        total.as_secs_f64() / by_hand.as_secs_f64()
    );
    Ok(())
}

/// The build as separate tool invocations: bindings, clang, cargo, go, zig,
/// componentize-py, componentize-js, `weld new` and `weld compose`.
fn by_hand(env: &Env, example: &Path, out: &Path, path: &str) -> Result<Duration, String> {
    let deps = out.join("deps/demo");
    std::fs::create_dir_all(&deps).map_err(|e| e.to_string())?;
    let wit = example.join("wit");
    let cache = std::env::var("HOME").map(|h| Path::new(&h).join(".cache/weld/cargo-target")).unwrap_or_default();
    let run = |cmd: &mut Command| util::output(cmd.env("PATH", path)).map(|_| ());
    let weld = |args: &[&str]| {
        let mut c = Command::new(&env.weld);
        c.args(args);
        c
    };
    let s = |p: &Path| p.display().to_string();
    let start = Instant::now();
    // C
    run(&mut weld(&["bindgen", "c", &s(&wit), "--world", "counter", "--out-dir", &s(&out.join("c"))]))?;
    run(Command::new("clang")
        .args(["--target=wasm32-wasi", "-mexec-model=reactor", "-O1", "-I"])
        .arg(out.join("c"))
        .arg(out.join("c/counter.c"))
        .arg(example.join("c/words.c"))
        .arg("-o")
        .arg(out.join("counter.core.wasm")))?;
    run(&mut weld(&["new", &s(&out.join("counter.core.wasm")), "-o", &s(&deps.join("counter.wasm"))]))?;
    // Rust
    let krate = out.join("rust");
    util::output(Command::new("cp").arg("-r").arg(example.join("rust")).arg(&krate))?;
    run(&mut weld(&["bindgen", "rust", &s(&wit), "--world", "calculator", "--out-dir", &s(&krate.join("src"))]))?;
    run(Command::new("cargo")
        .args(["build", "--quiet", "--target", "wasm32-wasip1", "-Zbuild-std=std,panic_abort"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &cache)
        .env("RUSTC", "/usr/bin/rustc")
        .env("RUSTDOC", "/usr/bin/rustdoc")
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTFLAGS", "-L native=/usr/lib/wasm32-wasi")
        .env("RUSTC_WRAPPER", "")
        .env_remove("RUSTUP_TOOLCHAIN"))?;
    run(&mut weld(&[
        "new",
        &s(&cache.join("wasm32-wasip1/debug/calculator.wasm")),
        "-o",
        &s(&deps.join("calculator.wasm")),
    ]))?;
    // Go: the module copied, its bindings as the package `lettering`.
    let module = out.join("go");
    util::output(Command::new("cp").arg("-r").arg(example.join("go")).arg(&module))?;
    run(&mut weld(&["bindgen", "go", &s(&wit), "--world", "lettering", "--out-dir", &s(&module.join("lettering"))]))?;
    run(Command::new("go")
        .args(["build", "-buildmode=c-shared", "-trimpath", "-o"])
        .arg(out.join("lettering.core.wasm"))
        .arg(".")
        .current_dir(&module)
        .env("GOOS", "wasip1")
        .env("GOARCH", "wasm")
        .env("GOTOOLCHAIN", "local"))?;
    run(&mut weld(&[
        "new",
        &s(&out.join("lettering.core.wasm")),
        "--wit",
        &s(&wit),
        "--world",
        "lettering",
        "-o",
        &s(&deps.join("lettering.wasm")),
    ]))?;
    // Zig: the bindings beside the root file.
    let zig = out.join("zig");
    util::output(Command::new("cp").arg("-r").arg(example.join("zig")).arg(&zig))?;
    run(&mut weld(&["bindgen", "zig", &s(&wit), "--world", "hasher", "--out-dir", &s(&zig)]))?;
    run(Command::new("python3")
        .args(["-m", "ziglang", "build-exe", "main.zig", "-target", "wasm32-wasi", "-fno-entry"])
        .args(["-mexec-model=reactor", "-rdynamic", "-O", "ReleaseSafe"])
        .arg(format!("-femit-bin={}", out.join("hasher.core.wasm").display()))
        .current_dir(&zig))?;
    run(&mut weld(&["new", &s(&out.join("hasher.core.wasm")), "-o", &s(&deps.join("hasher.wasm"))]))?;
    // Python and JavaScript
    run(Command::new("componentize-py")
        .arg("-d")
        .arg(&wit)
        .args(["-w", "formatter", "componentize", "app", "-p"])
        .arg(example.join("py"))
        .arg("-o")
        .arg(deps.join("formatter.wasm")))?;
    run(Command::new("componentize-js")
        .arg("--wit")
        .arg(&wit)
        .args(["-n", "app", "-d", "http", "fetch-event", "-o"])
        .arg(deps.join("app.wasm"))
        .arg(example.join("js/app.js")))?;
    // Composition
    run(&mut weld(&[
        "compose",
        &s(&example.join("app.wac")),
        "--deps-dir",
        &s(&out.join("deps")),
        "-o",
        &s(&out.join("app.wasm")),
    ]))?;
    Ok(start.elapsed())
}
