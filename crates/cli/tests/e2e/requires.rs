//! `REQUIRES:` lines name guest toolchains a fixture needs. When one is
//! missing the trial is reported as ignored, with the reason (`ignored
//! (needs go ...)`), unless `WELD_REQUIRE_TOOLS` is set (`cargo xtask test`
//! sets it after installing everything), in which case it fails. `--list`
//! shows what each such trial requires as its kind (`[requires go]`).

use std::path::PathBuf;
use std::process::Command;

use libtest_mimic::{Completion, Failed, Trial};

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
        // Debian's `docker-registry` (the CNCF distribution server) and
        // `htpasswd` (apache2-utils), for the registry trials.
        "docker-registry" => runs("docker-registry", &["--version"]),
        "htpasswd" => std::path::Path::new("/usr/bin/htpasswd").exists(),
        "curl" => runs("curl", &["--version"]),
        // Debian's rustc-web with its std sources, for -Zbuild-std.
        "rust-wasm" => {
            Command::new("/usr/bin/rustc").arg("--version").output().is_ok_and(|o| o.status.success())
                && std::path::Path::new("/usr/lib/rustlib/src/rust/library/std").exists()
                && std::path::Path::new("/usr/lib/wasm32-wasi/libc.a").exists()
        }
        other => return Err(format!("unknown REQUIRES tool `{other}`")),
    })
}

/// `Ok(None)` to run, `Ok(Some(reason))` to ignore the trial, or an error
/// (an unknown tool; a missing one under `WELD_REQUIRE_TOOLS`).
pub fn check(fixture: &str, tools: &[String]) -> Result<Option<String>, String> {
    let mut missing = Vec::new();
    for t in tools {
        if !available(t)? {
            missing.push(t.as_str());
        }
    }
    if missing.is_empty() {
        return Ok(None);
    }
    let msg = format!("needs {}; `cargo xtask test` installs what is missing", missing.join(", "));
    if std::env::var_os("WELD_REQUIRE_TOOLS").is_some() {
        return Err(format!("{fixture}: {msg}"));
    }
    Ok(Some(msg))
}

/// A trial that needs `tools`: ignored with the reason when one is missing
/// (see [`check`]), and `[requires ...]` as its kind in `--list`.
pub fn trial(
    name: String,
    what: String,
    tools: Vec<String>,
    run: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    let kind = if tools.is_empty() { String::new() } else { format!("requires {}", tools.join(", ")) };
    Trial::ignorable_test(name, move || {
        if let Some(reason) = check(&what, &tools)? {
            return Ok(Completion::ignored_with(reason));
        }
        run().map(|()| Completion::Completed).map_err(Failed::from)
    })
    .with_kind(kind)
}

/// `PATH` with the suite's npm tools (`target/tools/node_modules/.bin`)
/// last, so a system tool of the same name wins.
pub fn path_with_tools() -> std::ffi::OsString {
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).collect();
    dirs.push(tools_dir().join("node_modules/.bin"));
    std::env::join_paths(dirs).unwrap_or_default()
}
