//! `cargo xtask dist`: the weld binary to ship, built with profile-guided
//! optimization (PGO), as rustc and CPython are.
//!
//! 1. an instrumented release build (`-Cprofile-generate`);
//! 2. training: that weld builds the polyglot example (bindgen, `weld new`,
//!    composition), compiles each of its components with cranelift, and runs
//!    the WIT, bindgen and `--invoke` paths on the test fixtures;
//! 3. `llvm-profdata merge` (the LLVM of the rustc in use);
//! 4. the release build again, with `-Cprofile-use`, copied to
//!    `target/dist/weld`.
//!
//! The training compiles no componentize-py component: `cargo xtask bench`
//! measures cold start on one, so that figure shows what PGO does for code
//! it was not trained on. Both builds pass `--target` so that `RUSTFLAGS`
//! reach weld's own code and dependencies but not build scripts and
//! proc-macros. With fat LTO each build takes about 8 minutes here.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{install, util};

/// The binary `cargo xtask dist` makes.
pub fn binary() -> PathBuf {
    util::root().join("target/dist/weld")
}

/// Builds [`binary`]; with `pgo` false, a plain release build copied there.
pub fn run(args: &[String]) -> Result<(), String> {
    let pgo = match args {
        [] => true,
        [a] if a == "--no-pgo" => false,
        _ => return Err("usage: cargo xtask dist [--no-pgo]".into()),
    };
    build(pgo, source_stamp()?)
}

/// Builds the dist binary unless the one there was built from this source.
pub fn ensure() -> Result<PathBuf, String> {
    let stamp = source_stamp()?;
    let path = binary();
    let recorded = std::fs::read_to_string(stamp_path()).unwrap_or_default();
    if path.exists() && recorded == stamp {
        eprintln!("xtask: {} is up to date", path.display());
        return Ok(path);
    }
    build(true, stamp)?;
    Ok(path)
}

/// Builds [`binary`] from the source whose [`source_stamp`] is `stamp`.
fn build(pgo: bool, stamp: String) -> Result<(), String> {
    let root = util::root();
    let rustc = Rustc::read()?;
    let host = &rustc.host;
    let work = root.join("target/pgo");
    let built = if pgo {
        let profdata = find_profdata(&rustc)?;
        let raw = work.join("raw");
        eprintln!("xtask: dist 1/4: instrumented build");
        let instrumented =
            cargo_build(&work.join("instrument"), host, &format!("-Cprofile-generate={}", raw.display()))?;
        let _ = std::fs::remove_dir_all(&raw);
        eprintln!("xtask: dist 2/4: training");
        train(&instrumented, &work.join("train"))?;
        eprintln!("xtask: dist 3/4: merging the profile");
        let merged = work.join("merged.profdata.tmp");
        util::run(Command::new(&profdata).arg("merge").arg("-o").arg(&merged).arg(&raw))?;
        // Cargo sees RUSTFLAGS, not the file they name: a profile whose
        // content changed must change the flags, or the build is skipped.
        let bytes = std::fs::read(&merged).map_err(|e| format!("{}: {e}", merged.display()))?;
        let named = work.join(format!("weld-{:016x}.profdata", hash_of(&bytes)));
        for old in std::fs::read_dir(&work).map_err(|e| e.to_string())?.flatten() {
            if old.file_name().to_string_lossy().ends_with(".profdata") {
                let _ = std::fs::remove_file(old.path());
            }
        }
        std::fs::rename(&merged, &named).map_err(|e| e.to_string())?;
        eprintln!("xtask: dist 4/4: optimized build");
        cargo_build(&work.join("use"), host, &format!("-Cprofile-use={}", named.display()))?
    } else {
        cargo_build(&work.join("plain"), host, "")?
    };
    let out = binary();
    std::fs::create_dir_all(out.parent().unwrap()).map_err(|e| e.to_string())?;
    let tmp = out.with_extension("tmp");
    std::fs::copy(&built, &tmp).map_err(|e| format!("copying {}: {e}", built.display()))?;
    std::fs::rename(&tmp, &out).map_err(|e| e.to_string())?;
    let stamp = if pgo { stamp } else { format!("{stamp} no-pgo") };
    std::fs::write(stamp_path(), stamp).map_err(|e| e.to_string())?;
    eprintln!("xtask: built {}{}", out.display(), if pgo { " (PGO)" } else { "" });
    Ok(())
}

/// `cargo build --release` of weld into `target_dir` with `rustflags`;
/// returns the binary.
fn cargo_build(target_dir: &Path, host: &str, rustflags: &str) -> Result<PathBuf, String> {
    let mut cmd = util::cargo();
    cmd.args(["build", "--release", "--locked", "-p", "weld-cli", "--target", host])
        .arg("--target-dir")
        .arg(target_dir)
        .env("RUSTFLAGS", rustflags)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .current_dir(util::root());
    util::run(&mut cmd)?;
    Ok(target_dir.join(host).join("release/weld"))
}

/// The training workload: what weld is used for, minus componentize-py
/// components (see the module docs).
fn train(weld: &Path, dir: &Path) -> Result<(), String> {
    install::ensure(install::Purpose::Test)?;
    let root = util::root();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let tools = install::tools_dir().join("node_modules/.bin");
    let path = format!("{}:{}", tools.display(), std::env::var("PATH").unwrap_or_default());
    let weld_cmd = |args: &[&str]| {
        let mut c = Command::new(weld);
        c.args(args).env("PATH", &path).env("WELD_CACHE_DIR", dir.join("cache"));
        c
    };
    let s = |p: &Path| p.to_str().unwrap().to_string();

    let example = root.join("examples/polyglot");
    let out = dir.join("polyglot");
    util::output(&mut weld_cmd(&["build", "--release", "-p", &s(&example.join("weld.toml")), "--out-dir", &s(&out)]))?;
    for name in components_except_python(&example.join("weld.toml"))? {
        let component = out.join(format!(".weld/release/{name}/{name}.wasm"));
        let cwasm = dir.join(format!("{name}.cwasm"));
        util::output(&mut weld_cmd(&["compile", &s(&component), "-o", &s(&cwasm)]))?;
        util::output(&mut weld_cmd(&["run", &s(&cwasm), "--list"]))?;
    }

    let coverage = root.join("tests/bindgen/coverage");
    util::output(&mut weld_cmd(&["wit", &s(&coverage)]))?;
    util::output(&mut weld_cmd(&["wit", &s(&coverage), "--json"]))?;
    for lang in ["c", "rust", "go", "zig"] {
        let to = dir.join(format!("bindgen-{lang}"));
        util::output(&mut weld_cmd(&["bindgen", lang, &s(&coverage), "-w", "everything", "--out-dir", &s(&to)]))?;
    }
    let (limits, wasm) = (root.join("tests/run/limits.wat"), dir.join("limits.wasm"));
    let wit = root.join("tests/run/limits.wit");
    util::output(&mut weld_cmd(&["new", &s(&limits), "--wit", &s(&wit), "--world", "limits", "-o", &s(&wasm)]))?;
    util::output(&mut weld_cmd(&["run", &s(&wasm), "--invoke", "add(40, 2)", "--invoke", "grow(2)"]))?;
    Ok(())
}

/// The names of the `[[component]]`s of a manifest whose language is not
/// python (a line scan: the manifest is ours and simple).
fn components_except_python(manifest: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let value = |line: &str, key: &str| {
        let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
        Some(rest.trim().trim_matches('"').to_string())
    };
    let mut out = Vec::new();
    let mut name = None;
    for line in text.lines().map(str::trim) {
        if line == "[[component]]" {
            name = None;
        } else if let Some(n) = value(line, "name") {
            name = Some(n);
        } else if let Some(lang) = value(line, "language")
            && lang != "python"
            && let Some(n) = name.take()
        {
            out.push(n);
        }
    }
    Ok(out)
}

/// What `rustc -vV` says of the rustc in use (`$RUSTC`, else `rustc`).
struct Rustc {
    path: String,
    host: String,
    /// The major version of its LLVM.
    llvm: String,
}

impl Rustc {
    fn read() -> Result<Rustc, String> {
        let path = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
        let info = util::output(Command::new(&path).arg("-vV"))?;
        let field = |key: &str| info.lines().find_map(|l| l.strip_prefix(key)).map(str::to_string);
        let host = field("host: ").ok_or("`rustc -vV` names no host")?;
        let llvm = field("LLVM version: ")
            .and_then(|v| v.split('.').next().map(str::to_string))
            .ok_or("`rustc -vV` names no LLVM version")?;
        Ok(Rustc { path, host, llvm })
    }
}

/// `llvm-profdata` of the LLVM inside the rustc in use: profiles are read
/// only by the same major version.
fn find_profdata(rustc: &Rustc) -> Result<PathBuf, String> {
    let Rustc { path, host, llvm: major } = rustc;
    let sysroot = util::output(Command::new(path).args(["--print", "sysroot"]))?;
    let candidates = [
        Path::new(sysroot.trim()).join(format!("lib/rustlib/{host}/bin/llvm-profdata")),
        PathBuf::from(format!("/usr/lib/llvm-{major}/bin/llvm-profdata")),
    ];
    let matches = |p: &Path| {
        util::output(Command::new(p).arg("--version")).is_ok_and(|v| v.contains(&format!("LLVM version {major}.")))
    };
    if let Some(p) = candidates.iter().find(|p| matches(p)) {
        return Ok(p.clone());
    }
    eprintln!("xtask: installing llvm-{major} with apt-get (for llvm-profdata)");
    let _ = util::output(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends", &format!("llvm-{major}")])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    );
    candidates.into_iter().find(|p| matches(p)).ok_or(format!(
        "PGO needs llvm-profdata from LLVM {major} (the LLVM of `{path}`)\n\
         help: `apt-get install llvm-{major}` or `rustup component add llvm-tools`, \
         or build without PGO: `cargo xtask dist --no-pgo`"
    ))
}

fn stamp_path() -> PathBuf {
    util::root().join("target/dist/weld.source")
}

/// What the dist binary was built from: a hash of weld's source (every
/// file under `crates/` but their tests, `Cargo.toml` and `Cargo.lock`, by
/// path and content), so that commits and edits elsewhere do not call for a
/// rebuild.
fn source_stamp() -> Result<String, String> {
    let root = util::root();
    let mut files = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    let mut dirs = vec![root.join("crates")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                files.push(path);
            } else if entry.file_name() != "tests" {
                dirs.push(path);
            }
        }
    }
    files.sort();
    let mut all = Vec::new();
    for f in &files {
        all.extend_from_slice(f.strip_prefix(&root).unwrap_or(f).to_string_lossy().as_bytes());
        all.push(0);
        all.extend(std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?);
        all.push(0);
    }
    Ok(format!("{:016x} over {} files", hash_of(&all), files.len()))
}

/// FNV-1a: a stable hash (std's `DefaultHasher` may change between Rust
/// releases, and these hashes are stored).
fn hash_of(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}
