//! `REQUIRES:` lines name guest toolchains a fixture needs. When one is
//! missing the fixture is skipped with a printed note, unless
//! `WELD_REQUIRE_TOOLS` is set (`cargo xtask test` sets it after installing
//! everything), in which case it fails.

use std::path::PathBuf;
use std::process::Command;

/// Where `cargo xtask test` installs npm tools.
pub fn tools_dir() -> PathBuf {
    crate::root().join("target/tools")
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

fn npm_bin(name: &str) -> bool {
    tools_dir().join("node_modules/.bin").join(name).exists()
}

/// Whether `tool` is usable, or an error for a name the harness does not know.
pub fn available(tool: &str) -> Result<bool, String> {
    Ok(match tool {
        "clang" => runs("clang", &["--version"]) && std::path::Path::new("/usr/lib/wasm32-wasi/libc.a").exists(),
        "zig" => runs("python3", &["-m", "ziglang", "version"]),
        "go" => runs("go", &["version"]),
        "asc" => npm_bin("asc"),
        "componentize-py" => runs("componentize-py", &["--version"]),
        "componentize-js" => npm_bin("componentize-js"),
        "sarif-multitool" => npm_bin("sarif-multitool"),
        "wasm-tools" => runs("wasm-tools", &["--version"]),
        // Debian's rustc-web with its std sources, for -Zbuild-std.
        "rust-wasm" => {
            Command::new("/usr/bin/rustc").arg("--version").output().is_ok_and(|o| o.status.success())
                && std::path::Path::new("/usr/lib/rustlib/src/rust/library/std").exists()
                && std::path::Path::new("/usr/lib/wasm32-wasi/libc.a").exists()
        }
        other => return Err(format!("unknown REQUIRES tool `{other}`")),
    })
}

/// `Ok(true)` to run, `Ok(false)` to skip (after printing why), or an error.
pub fn check(fixture: &str, tools: &[String]) -> Result<bool, String> {
    let mut missing = Vec::new();
    for t in tools {
        if !available(t)? {
            missing.push(t.as_str());
        }
    }
    if missing.is_empty() {
        return Ok(true);
    }
    let msg = format!("{fixture}: needs {} (`cargo xtask test` installs it)", missing.join(", "));
    if std::env::var_os("WELD_REQUIRE_TOOLS").is_some() {
        return Err(msg);
    }
    eprintln!("skipped {msg}");
    Ok(false)
}

/// `PATH` with the suite's npm tools (`target/tools/node_modules/.bin`)
/// last, so a system tool of the same name wins.
pub fn path_with_tools() -> std::ffi::OsString {
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).collect();
    dirs.push(tools_dir().join("node_modules/.bin"));
    std::env::join_paths(dirs).unwrap_or_default()
}
