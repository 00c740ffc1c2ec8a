//! Finds the source folders of the crates whose test corpora the corpus
//! trials run (wit-component, wit-parser, wac-parser).
//!
//! `cargo metadata` names each package's `manifest_path`, so nothing here
//! names this machine's registry. It is asked for the host platform only
//! (`--filter-platform`), and offline first, so it needs no more than the
//! build already fetched; only when that fails is it asked online. The
//! package is the one a workspace member really depends on (through the
//! `resolve` graph), so a second copy of a crate at another version (wac
//! brings its own wasm-tools crates) is never picked by mistake.
//!
//! A corpus that cannot be found is a failing trial, never a skipped one:
//! the crates are in the build, so their sources are on this machine.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The metadata of this workspace, read once per test run.
fn metadata() -> Result<&'static serde_json::Value, String> {
    static METADATA: OnceLock<Result<serde_json::Value, String>> = OnceLock::new();
    METADATA.get_or_init(read_metadata).as_ref().map_err(Clone::clone)
}

fn host_triple() -> Result<String, String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(&rustc).arg("-vV").output().map_err(|e| format!("failed to run `{rustc} -vV`: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(|h| h.trim().to_string())
        .ok_or_else(|| format!("`{rustc} -vV` names no host triple"))
}

fn read_metadata() -> Result<serde_json::Value, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let host = host_triple()?;
    let mut errors = Vec::new();
    for offline in [true, false] {
        let mut cmd = Command::new(&cargo);
        cmd.args(["metadata", "--format-version", "1", "--filter-platform", &host, "--manifest-path"])
            .arg(crate::root().join("Cargo.toml"));
        if offline {
            cmd.arg("--offline");
        }
        let out = cmd.output().map_err(|e| format!("failed to run `cargo metadata`: {e}"))?;
        if out.status.success() {
            return serde_json::from_slice(&out.stdout).map_err(|e| format!("`cargo metadata` printed no JSON: {e}"));
        }
        let mode = if offline { "offline" } else { "online" };
        errors.push(format!(
            "`{cargo} metadata` ({mode}) failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    Err(errors.join("\n"))
}

/// The source folder of `dependency` as workspace member `member` depends on
/// it, which must hold `corpus` (a folder, relative to the crate).
pub fn dependency_dir(member: &str, dependency: &str, corpus: &str) -> Result<PathBuf, String> {
    let meta = metadata()?;
    let packages = meta["packages"].as_array().ok_or("`cargo metadata` lists no packages")?;
    let members = meta["workspace_members"].as_array().ok_or("`cargo metadata` lists no workspace members")?;
    let member_id = packages
        .iter()
        .find(|p| p["name"] == member && members.contains(&p["id"]))
        .map(|p| &p["id"])
        .ok_or_else(|| format!("`cargo metadata` lists no workspace member `{member}`"))?;
    let nodes = meta["resolve"]["nodes"].as_array().ok_or("`cargo metadata` has no `resolve` graph")?;
    let extern_name = dependency.replace('-', "_");
    let dep_id = nodes
        .iter()
        .find(|n| &n["id"] == member_id)
        .and_then(|n| n["deps"].as_array())
        .and_then(|deps| deps.iter().find(|d| d["name"] == extern_name.as_str()))
        .map(|d| &d["pkg"])
        .ok_or_else(|| format!("`{member}` does not depend on `{dependency}`"))?;
    let manifest = packages
        .iter()
        .find(|p| &p["id"] == dep_id)
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| format!("`cargo metadata` has no manifest path for `{dependency}`"))?;
    let dir = Path::new(manifest).parent().ok_or_else(|| format!("`{dependency}`'s manifest path has no folder"))?;
    if !dir.join(corpus).is_dir() {
        return Err(format!("`{}` has no `{corpus}` folder", dir.display()));
    }
    Ok(dir.to_path_buf())
}
