//! Small process helpers.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The cargo that runs us (the `CARGO` variable), as cargo-xtask advises.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cmd` with inherited stdio; fails on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("failed to start {cmd:?}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{cmd:?} failed with {status}")) }
}

/// Runs `cmd` quietly; returns its stdout, or its output as the error.
pub fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("failed to start {cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut hint = String::new();
    if text.contains("ENOSPC") || text.contains("No space left on device") {
        let dir = cmd.get_current_dir().map_or_else(root, PathBuf::from);
        let free = free_bytes(&dir).map_or_else(|| "unknown".to_string(), gib);
        hint = format!("{DISK_FULL} ({free} free at {})\n", dir.display());
    }
    Err(format!("{cmd:?} failed with {}\n{text}{hint}", out.status))
}

/// Like `output`, for installs from a registry: a failure is tried again
/// twice, five seconds apart, since a download can fail once and not
/// again; a full disk is reported at once.
pub fn output_retrying(cmd: &mut Command) -> Result<String, String> {
    const ATTEMPTS: u32 = 3;
    let mut attempt = 1;
    loop {
        match output(cmd) {
            Err(e) if attempt < ATTEMPTS && !e.contains(DISK_FULL) => {
                let first = e.lines().next().unwrap_or_default();
                eprintln!("xtask: {first}; trying again ({} of {ATTEMPTS})", attempt + 1);
                std::thread::sleep(std::time::Duration::from_secs(5));
                attempt += 1;
            }
            result => return result,
        }
    }
}

const DISK_FULL: &str = "help: the disk is full";

/// Bytes free on the file system that holds `path` (`df -Pk`).
pub fn free_bytes(path: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(path).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: u64 = text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()?;
    Some(kib * 1024)
}

/// `12.3 GiB`.
pub fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

/// Whether `program` can be started (found on PATH or as a path).
pub fn has(program: &str, version_arg: &str) -> bool {
    Command::new(program).arg(version_arg).output().is_ok_and(|o| o.status.success())
}
