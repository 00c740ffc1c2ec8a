//! The plugins example (`examples/plugins`): its plugins are built once per
//! run with `weld build` into `target/tmp/plugins-example` (so a later run
//! rebuilds only what changed), its host with cargo; then
//!
//! * `examples/plugins::run`: the host on the folder prints exactly
//!   `examples/plugins/expected-output.txt`, every misbehaving plugin's
//!   report included;
//! * `examples/plugins::reload`: the host in `--watch` mode reloads a
//!   plugin whose file changed, loads an added one and forgets a removed
//!   one, as `examples/plugins/expected-reload.txt` says.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use libtest_mimic::Trial;

const TOOLS: [&str; 4] = ["clang", "rust-wasm", "componentize-py", "componentize-js"];

pub fn trials() -> Vec<Trial> {
    let tools: Vec<String> = TOOLS.map(String::from).to_vec();
    let what = "examples/plugins".to_string();
    vec![
        crate::requires::trial("examples/plugins::run".into(), what.clone(), tools.clone(), run),
        crate::requires::trial("examples/plugins::reload".into(), what, tools, reload),
    ]
}

fn tmp() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).to_path_buf()
}

/// The plugins folder and the host binary, built once.
fn built() -> Result<&'static (PathBuf, PathBuf), String> {
    static BUILT: OnceLock<Result<(PathBuf, PathBuf), String>> = OnceLock::new();
    BUILT.get_or_init(build).as_ref().map_err(Clone::clone)
}

fn build() -> Result<(PathBuf, PathBuf), String> {
    let root = crate::root();
    let out = tmp().join("plugins-example");
    let script = Command::new("sh")
        .arg("examples/plugins/build.sh")
        .arg(&out)
        .current_dir(&root)
        .env("WELD", crate::weld())
        .env("WELD_CACHE_DIR", tmp().join("weld-cache"))
        .output()
        .map_err(|e| format!("failed to start sh: {e}"))?;
    if !script.status.success() {
        return Err(format!("examples/plugins/build.sh failed:\n{}", String::from_utf8_lossy(&script.stderr)));
    }
    // The host is a workspace member outside the default members; cargo
    // builds it into this build's target folder.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let host = Command::new(cargo)
        .args(["build", "--quiet", "-p", "weld-plugins-host"])
        .current_dir(&root)
        .output()
        .map_err(|e| format!("failed to start cargo: {e}"))?;
    if !host.status.success() {
        return Err(format!("building the plugins host failed:\n{}", String::from_utf8_lossy(&host.stderr)));
    }
    let target = tmp().parent().map(Path::to_path_buf).ok_or("no target folder")?;
    Ok((out.join("plugins"), target.join("debug/plugins-host")))
}

fn run() -> Result<(), String> {
    let (plugins, host) = built()?;
    let out = Command::new(host)
        .arg("--cache")
        .arg(tmp().join("weld-cache"))
        .arg(plugins)
        .output()
        .map_err(|e| format!("failed to start the host: {e}"))?;
    if !out.status.success() || !out.stderr.is_empty() {
        return Err(format!("the host exited with {:?}:\n{}", out.status.code(), String::from_utf8_lossy(&out.stderr)));
    }
    crate::compare(&crate::root().join("examples/plugins/expected-output.txt"), &out.stdout)
}

fn reload() -> Result<(), String> {
    let (plugins, host) = built()?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let d = dir.path();
    for p in ["upper", "crash", "legacy"] {
        std::fs::copy(plugins.join(format!("{p}.wasm")), d.join(format!("{p}.wasm"))).map_err(|e| e.to_string())?;
    }
    let mut child = Command::new(host)
        .args(["--watch", "--interval", "50", "--input", "Hello, plugins!", "--cache"])
        .arg(tmp().join("weld-cache"))
        .arg(d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("failed to start the host: {e}"))?;
    let lines = {
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        rx
    };
    let result = (|| {
        let mut transcript = Vec::new();
        // Files are written beside and renamed in, as a build would.
        let put = |from: &str, to: &str| {
            let part = d.join(format!("{to}.part"));
            std::fs::copy(plugins.join(from), &part).map_err(|e| e.to_string())?;
            std::fs::rename(&part, d.join(to)).map_err(|e| e.to_string())
        };
        wait(&lines, &mut transcript, "watching ")?;
        put("reverse.wasm", "crash.wasm")?;
        wait(&lines, &mut transcript, "reverse(")?;
        put("upper.wasm", "upper-2.wasm")?;
        wait(&lines, &mut transcript, "upper(")?;
        std::fs::remove_file(d.join("legacy.wasm")).map_err(|e| e.to_string())?;
        wait(&lines, &mut transcript, "removed ")?;
        Ok::<_, String>(transcript)
    })();
    let _ = child.kill();
    let stderr = child.wait_with_output().map(|o| o.stderr).unwrap_or_default();
    let transcript = result.map_err(|e| format!("{e}\nhost stderr:\n{}", String::from_utf8_lossy(&stderr)))?;
    let text = transcript.join("\n").replace(&d.display().to_string(), "%tmpdir") + "\n";
    crate::compare(&crate::root().join("examples/plugins/expected-reload.txt"), text.as_bytes())
}

/// Takes the host's lines until one starts with `prefix`.
fn wait(lines: &Receiver<String>, transcript: &mut Vec<String>, prefix: &str) -> Result<(), String> {
    let end = Instant::now() + Duration::from_secs(120);
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let done = line.starts_with(prefix);
                transcript.push(line);
                if done {
                    return Ok(());
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                return Err(format!("no line starting with `{prefix}` in time; so far:\n{}", transcript.join("\n")));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(format!("the host stopped before `{prefix}`; so far:\n{}", transcript.join("\n")));
            }
        }
    }
}
