//! `weld wit diff` must agree with `wasm-tools component semver-check` on
//! whether a change is breaking, for every before/after pair under
//! `tests/wit/diff/` that wasm-tools can judge: pairs whose package holds only
//! the world `w` (semver-check compares two worlds of one package, so the
//! pair's two world bodies become `world prev` and `world new` of one
//! package). Pairs about named interfaces or gates are judged by weld alone;
//! see the README for why.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The pair folders wasm-tools can judge.
pub fn pairs(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("tests/wit/diff");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("old.wit").exists() && p.join("new.wit").exists())
        .filter(|p| world_body(&p.join("old.wit")).is_some() && world_body(&p.join("new.wit")).is_some())
        .collect();
    out.sort();
    out
}

/// The body of `world w { ... }` when it is the package's only item.
fn world_body(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let start = text.find("\nworld w {")?;
    let before = &text[..start];
    if before.lines().any(|l| !l.trim().is_empty() && !l.starts_with("package ")) {
        return None;
    }
    let body = &text[start + "\nworld w {".len()..];
    let end = body.rfind('}')?;
    Some(body[..end].to_string())
}

pub fn check(dir: &Path) -> Result<(), String> {
    let (old, new) = (dir.join("old.wit"), dir.join("new.wit"));
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let combined = tmp.path().join("pair.wit");
    let text = format!(
        "package t:pair;\n\nworld prev {{{}}}\n\nworld new {{{}}}\n",
        world_body(&old).ok_or("no world body")?,
        world_body(&new).ok_or("no world body")?
    );
    std::fs::write(&combined, &text).map_err(|e| e.to_string())?;
    let reference = Command::new("wasm-tools")
        .args(["component", "semver-check"])
        .arg(&combined)
        .args(["--prev", "prev", "--new", "new"])
        .output()
        .map_err(|e| format!("failed to run wasm-tools: {e}"))?;
    let ours = Command::new(crate::weld())
        .args(["wit", "diff"])
        .arg(&old)
        .arg(&new)
        .output()
        .map_err(|e| format!("failed to run weld: {e}"))?;
    if !matches!(ours.status.code(), Some(0 | 1)) {
        return Err(format!("weld wit diff failed: {}", String::from_utf8_lossy(&ours.stderr)));
    }
    let (theirs_breaking, ours_breaking) = (!reference.status.success(), ours.status.code() == Some(1));
    if theirs_breaking != ours_breaking {
        return Err(format!(
            "disagreement: wasm-tools says {}, weld says {}\nwasm-tools: {}\nweld: {}",
            if theirs_breaking { "breaking" } else { "compatible" },
            if ours_breaking { "breaking" } else { "compatible" },
            String::from_utf8_lossy(&reference.stderr).trim(),
            String::from_utf8_lossy(&ours.stdout).trim()
        ));
    }
    Ok(())
}

/// The SARIF that `weld wit diff --format sarif` writes for every pair
/// passes `sarif-multitool validate` with no errors.
pub fn sarif_valid(root: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = root.join("tests/wit/diff");
    let mut logs = Vec::new();
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(&dir).map_err(|e| e.to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for (i, pair) in entries.iter().filter(|p| p.join("new.wit").exists()).enumerate() {
        let log = tmp.path().join(format!("pair{i}.sarif"));
        let out = Command::new(crate::weld())
            .args(["wit", "diff"])
            .arg(pair.join("old.wit"))
            .arg(pair.join("new.wit"))
            .args(["--format", "sarif", "-o"])
            .arg(&log)
            .output()
            .map_err(|e| e.to_string())?;
        if !matches!(out.status.code(), Some(0 | 1)) {
            return Err(format!(
                "weld wit diff failed on {}: {}",
                pair.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        logs.push(log);
    }
    let tool = crate::requires::tools_dir().join("node_modules/.bin/sarif-multitool");
    let out = Command::new(&tool).arg("validate").args(&logs).output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || text.contains(": error ") {
        return Err(format!("sarif-multitool validate failed:\n{text}"));
    }
    Ok(())
}
