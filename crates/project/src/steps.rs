//! Building one component with its language's real toolchain.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};

use crate::manifest::{Component, Language};
use crate::toolchain::Found;

/// Everything a step needs.
pub struct Ctx<'a> {
    pub wit: &'a Path,
    pub work: &'a Path,
    pub release: bool,
    pub resolve: &'a weld_wit::Wit,
    pub folders: &'a crate::toolchain::Folders,
}

/// Runs `cmd`; on failure the error carries the tool's own output.
fn run(mut cmd: Command, what: &str) -> Result<()> {
    let out = cmd.output().with_context(|| format!("failed to start {what}"))?;
    if !out.status.success() {
        let mut text = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
        let stdout = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
        if !stdout.is_empty() {
            text = format!("{stdout}\n{text}");
        }
        bail!("{what} failed ({}):\n{text}", out.status);
    }
    Ok(())
}

/// Builds `c` and returns the component's bytes.
pub fn build(c: &Component, tool: &Found, ctx: &Ctx<'_>, sources: &[PathBuf]) -> Result<Vec<u8>> {
    std::fs::create_dir_all(ctx.work)?;
    let world = ctx.resolve.select_world(Some(&c.world))?;
    // A `target` key is checked for every language (it is Rust's only).
    crate::target::rust_target(c, &ctx.resolve.resolve, world)?;
    match c.language {
        Language::C => {
            let bindings_dir = ctx.work.join("bindings");
            write_bindings(weld_bindgen::Lang::C, ctx.resolve, world, &bindings_dir)?;
            let core = ctx.work.join("core.wasm");
            let mut cmd = tool.command();
            if tool.prefix.is_empty() {
                cmd.arg("--target=wasm32-wasi");
            } else {
                cmd.args(["-target", "wasm32-wasi"]);
            }
            cmd.args(["-mexec-model=reactor", if ctx.release { "-O2" } else { "-O1" }]);
            cmd.arg("-I").arg(&bindings_dir);
            for entry in std::fs::read_dir(&bindings_dir)? {
                let p = entry?.path();
                if p.extension().is_some_and(|e| e == "c") {
                    cmd.arg(p);
                }
            }
            cmd.args(sources).args(&c.flags).arg("-o").arg(&core);
            run(cmd, "the C compiler")?;
            make_component(&core)
        }
        Language::Rust => {
            let [krate] = sources else { bail!("a Rust component lists one source: its crate folder") };
            // Build a copy, so the user's tree only ever holds their own files.
            let copy = ctx.work.join("crate");
            copy_dir(krate, &copy)?;
            write_bindings(weld_bindgen::Lang::Rust, ctx.resolve, world, &copy.join("src"))?;
            // One cargo target folder for every project, so the standard
            // library (built with -Zbuild-std) is compiled once per machine.
            let target_dir = std::path::absolute(ctx.folders.cache.join("cargo-target"))?;
            let target = crate::target::rust_target(c, &ctx.resolve.resolve, world)?;
            // wasip2 and wasip3 have no prebuilt standard library here: it is
            // built from source, with Debian's rustc-web.
            let build_std = tool.how.contains("rustc-web") || target != "wasm32-wasip1";
            if build_std && !debian_rustc() {
                bail!(
                    "component `{}`: `{target}` needs Debian's rustc-web with the standard library's sources (`-Zbuild-std`): `sudo apt-get install rustc-web rust-web-src rust-web-llvm lld-22 wasi-libc`",
                    c.name
                );
            }
            let mut cmd = tool.command();
            cmd.arg("build").arg("--quiet").args(["--target", target]).current_dir(&copy);
            if ctx.release {
                cmd.arg("--release");
            }
            cmd.env("CARGO_TARGET_DIR", &target_dir);
            if build_std {
                cmd.arg("-Zbuild-std=std,panic_abort")
                    .env("RUSTC", "/usr/bin/rustc")
                    .env("RUSTDOC", "/usr/bin/rustdoc")
                    .env("RUSTC_BOOTSTRAP", "1")
                    .env("RUSTFLAGS", "-L native=/usr/lib/wasm32-wasi")
                    .env("RUSTC_WRAPPER", "")
                    .env_remove("RUSTUP_TOOLCHAIN")
                    .env_remove("CARGO_ENCODED_RUSTFLAGS");
            }
            run(cmd, "cargo")?;
            let lib = crate_lib_name(&copy)?;
            let profile = if ctx.release { "release" } else { "debug" };
            let out = target_dir.join(target).join(profile).join(format!("{lib}.wasm"));
            // wasip2 and wasip3 link with wasm-component-ld, which makes the
            // component (the bindings carry the world); wasip1 gives a module.
            if target == "wasm32-wasip1" {
                make_component(&out)
            } else {
                std::fs::read(&out).with_context(|| format!("cargo left no `{}`", out.display()))
            }
        }
        Language::Python => {
            let [dir] = sources else { bail!("a Python component lists one source: the folder of its `app` module") };
            let out = ctx.work.join("component.wasm");
            let wit = vendored_wit(ctx)?;
            let mut cmd = tool.command();
            cmd.arg("-d").arg(&wit).args(["-w", &c.world, "componentize", "app", "-p"]).arg(dir).arg("-o").arg(&out);
            run(cmd, "componentize-py")?;
            Ok(std::fs::read(&out)?)
        }
        Language::Javascript => {
            let [entry] = sources else { bail!("a JavaScript component lists one source: its entry file") };
            let out = ctx.work.join("component.wasm");
            let mut cmd = tool.command();
            cmd.arg("--wit")
                .arg(ctx.wit)
                .args(["-n", &c.world, "-d", "http", "fetch-event", "-o"])
                .arg(&out)
                .arg(entry);
            run(cmd, "componentize-js")?;
            Ok(std::fs::read(&out)?)
        }
        Language::Go => {
            let [module] = sources else { bail!("a Go component lists one source: its module folder (with go.mod)") };
            // Build a copy; the bindings become its package `<world>`.
            let copy = ctx.work.join("module");
            copy_dir(module, &copy)?;
            let files = weld_bindgen::generate(weld_bindgen::Lang::Go, &ctx.resolve.resolve, world)?;
            let pkg = files.iter().next().map(|(n, _)| n.trim_end_matches(".go").to_string()).unwrap_or_default();
            write_files(&files, &copy.join(&pkg))?;
            let core = std::path::absolute(ctx.work.join("core.wasm"))?;
            let mut cmd = tool.command();
            cmd.args(["build", "-buildmode=c-shared", "-trimpath"]);
            if ctx.release {
                cmd.arg("-ldflags=-s -w");
            }
            cmd.args(&c.flags).arg("-o").arg(&core).arg(".").current_dir(&copy);
            cmd.env("GOOS", "wasip1").env("GOARCH", "wasm").env("GOTOOLCHAIN", "local");
            run(cmd, "go build")?;
            // Go cannot put the world into the module: embed it here.
            let bytes = std::fs::read(&core).with_context(|| format!("go build left no `{}`", core.display()))?;
            let embedded =
                weld_component::embed::embed(&bytes, ctx.resolve, world, wit_component::StringEncoding::UTF8)?;
            // A separate file: go build keeps its own output when it is up
            // to date, which an embedded section would not change.
            let with_world = ctx.work.join("core.world.wasm");
            std::fs::write(&with_world, embedded)?;
            make_component(&with_world)
        }
        Language::Zig => {
            let [root] = sources else { bail!("a Zig component lists one source: its root file") };
            // Build a copy of the root file's folder with the bindings
            // (`<world>.zig`) beside the root file.
            let folder = root.parent().unwrap_or(Path::new("."));
            let copy = ctx.work.join("src");
            let file = root.file_name().context("the Zig root source has no file name")?;
            let files = weld_bindgen::generate(weld_bindgen::Lang::Zig, &ctx.resolve.resolve, world)?;
            if let Some((name, _)) = files.iter().find(|(n, _)| std::ffi::OsStr::new(n) == file) {
                bail!("the Zig root source is named like the bindings (`{name}`, after the world): rename it");
            }
            copy_dir(folder, &copy)?;
            write_files(&files, &copy)?;
            let core = std::path::absolute(ctx.work.join("core.wasm"))?;
            let mut cmd = tool.command();
            cmd.arg("build-exe").arg(file).args(["-target", "wasm32-wasi", "-fno-entry", "-mexec-model=reactor"]);
            cmd.args(["-rdynamic", "-O", if ctx.release { "ReleaseSmall" } else { "ReleaseSafe" }]);
            cmd.args(&c.flags).arg(format!("-femit-bin={}", core.display())).current_dir(&copy);
            run(cmd, "zig build-exe")?;
            make_component(&core)
        }
    }
}

/// The project's WIT as one folder with every package it uses in `deps/`,
/// weld's built-in WASI packages included (as `weld wit --out-dir` writes
/// it), for tools that read WIT themselves and know no built-in packages
/// (componentize-py): a world that includes `wasi:cli/imports@0.3.0` needs
/// no `deps/` in the project.
fn vendored_wit(ctx: &Ctx<'_>) -> Result<PathBuf> {
    let dir = ctx.work.join("wit");
    // A fresh folder: a package the WIT no longer uses must not linger.
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("failed to clear `{}`", dir.display()))?;
    }
    for (rel, text) in weld_wit::print::out_dir_files(ctx.resolve, &weld_wit::print::PrintOptions::default())? {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text).with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    Ok(dir)
}

fn write_bindings(lang: weld_bindgen::Lang, wit: &weld_wit::Wit, world: wit_parser::WorldId, dir: &Path) -> Result<()> {
    write_files(&weld_bindgen::generate(lang, &wit.resolve, world)?, dir)
}

/// Writes generated files into `dir`, leaving unchanged ones untouched.
fn write_files(files: &weld_bindgen::Files, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in files.iter() {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            std::fs::write(&path, text)?;
        }
    }
    Ok(())
}

/// `weld new` on a core module: the world is embedded by the bindings.
fn make_component(core: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(core).with_context(|| format!("the compiler left no `{}`", core.display()))?;
    // Not validated here: the app is, once, when it is composed (or, for a
    // lone component, before it is written).
    let opts = weld_component::new::NewOptions { validate: false, ..Default::default() };
    let report = weld_component::new::new(&bytes, &opts).map_err(|e| anyhow!("failed to make a component: {e:#}"))?;
    Ok(report.component)
}

/// Debian's rustc-web with the standard library's sources, for -Zbuild-std.
fn debian_rustc() -> bool {
    Path::new("/usr/bin/rustc").exists() && Path::new("/usr/lib/rustlib/src/rust/library/std").exists()
}

fn crate_lib_name(dir: &Path) -> Result<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).context("the Rust crate has no Cargo.toml")?;
    let v: toml::Value = toml::from_str(&text)?;
    let name = v
        .get("lib")
        .and_then(|l| l.get("name"))
        .or_else(|| v.get("package").and_then(|p| p.get("name")))
        .and_then(|n| n.as_str())
        .context("Cargo.toml has no package name")?;
    Ok(name.replace('-', "_"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("failed to read `{}`", from.display()))? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            // Build output (`target`, or weld's own work folder when the
            // sources sit beside the manifest) is not copied into itself.
            if entry.file_name() == "target" || within(to, &src) {
                continue;
            }
            copy_dir(&src, &dst)?;
        } else if std::fs::read(&dst).ok() != Some(std::fs::read(&src)?) {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// Whether `path` is `folder` or inside it.
fn within(path: &Path, folder: &Path) -> bool {
    match (std::path::absolute(path), std::path::absolute(folder)) {
        (Ok(p), Ok(f)) => p.starts_with(f),
        _ => false,
    }
}
