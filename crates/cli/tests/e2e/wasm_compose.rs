//! wasm-compose's own test corpus (`tests/compositions`), run through
//! `weld compose <config.yml> <root>` (weld's `wasm-tools compose` mode).
//!
//! The corpus ships in the wasm-compose crate weld builds against (found by
//! `locate.rs`). Each case folder is read as wasm-compose's runner
//! (`tests/compose.rs`) reads it: `root.wat` is the root component,
//! `config.yml` the configuration (when there is none, the runner composes
//! with the default configuration searching the case's folder: weld gets a
//! copy of the folder with an empty `config.yml`, which means the same, and
//! the copy's path is written back as the corpus path in messages), the
//! other `.wat` files the dependencies. weld runs in the crate's folder on
//! the runner's relative paths, so messages compare as text.
//!
//! * With `composed.wat`: weld must compose, its text (`-t`) must be
//!   `composed.wat` exactly, `weld wit --json` must decode the result (the
//!   runner decodes it too) and `weld wit` print it, but for `NO_WIT_TEXT`.
//! * With `error.txt`: exit 1, no output file, and every line of
//!   `error.txt` in weld's error (causes without their `N: ` numbers; a
//!   `platform-specific error` line, which stands for the system's own
//!   message, is not compared).

use std::path::Path;

use libtest_mimic::{Failed, Trial};

use crate::corpus::{file_name, folders, weld_in};

/// Cases whose result decodes (`weld wit --json`) but has no WIT text, so
/// `weld wit` refuses it with exit 1 (wit-component's printer, which
/// `wasm-tools component wit` uses, panics on it).
pub const NO_WIT_TEXT: &[(&str, &str)] = &[(
    "resources-and-aliases",
    "the import `host-b` aliases resource `a` of the import `host-a`, an instance with no interface path to `use` it by",
)];

pub fn trials() -> Vec<Trial> {
    let dir = match crate::locate::dependency_dir("weld-compose", "wasm-compose", "tests/compositions") {
        Ok(dir) => dir,
        Err(e) => return vec![Trial::test("corpus::wasm-compose", move || Err(Failed::from(e.clone())))],
    };
    let cases = folders(&dir.join("tests/compositions"));
    if cases.is_empty() {
        return vec![Trial::test("corpus::wasm-compose", || Err(Failed::from("`tests/compositions` holds no case")))];
    }
    cases
        .into_iter()
        .map(|case| {
            let dir = dir.clone();
            Trial::test(format!("corpus::wasm-compose::{}", file_name(&case)), move || {
                composition(&dir, &case).map_err(Failed::from)
            })
        })
        .collect()
}

fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str().ok_or_else(|| "non-UTF-8 path".to_string())
}

fn composition(crate_dir: &Path, case: &Path) -> Result<(), String> {
    let rel = case.strip_prefix(crate_dir).map_err(|_| "case outside the crate".to_string())?;
    let rel = path_str(rel)?.replace('\\', "/");
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    // The folder weld reads: the corpus's own, or a copy with a config.
    let (folder, copy) = if case.join("config.yml").is_file() {
        (rel.clone(), None)
    } else {
        let copy = tmp.path().join("case");
        std::fs::create_dir(&copy).map_err(|e| e.to_string())?;
        for entry in std::fs::read_dir(case).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            if entry.path().is_file() {
                std::fs::copy(entry.path(), copy.join(entry.file_name())).map_err(|e| e.to_string())?;
            }
        }
        std::fs::write(copy.join("config.yml"), "{}\n").map_err(|e| e.to_string())?;
        let copy = path_str(&copy)?.to_string();
        (copy.clone(), Some(copy))
    };
    let (config, root) = (format!("{folder}/config.yml"), format!("{folder}/root.wat"));
    let out = tmp.path().join("out.wasm");
    let output = weld_in(Some(crate_dir), &["compose", &config, &root, "-o", path_str(&out)?])?;
    let mut stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if let Some(copy) = &copy {
        stderr = stderr.replace(copy.as_str(), &rel);
    }
    if case.join("error.txt").is_file() {
        let expected = std::fs::read_to_string(case.join("error.txt")).map_err(|e| e.to_string())?;
        if output.status.success() {
            return Err(format!(
                "wasm-compose refuses this case with\n{}\nbut `weld compose` succeeded",
                expected.trim()
            ));
        }
        if out.exists() {
            return Err("`weld compose` failed but wrote its output file".into());
        }
        for line in expected.lines().map(str::trim) {
            if line.is_empty() || line == "Caused by:" || line.ends_with("platform-specific error") {
                continue;
            }
            let line = strip_number(line);
            if !stderr.contains(line) {
                return Err(format!("weld's error does not carry wasm-compose's `{line}`:\n{stderr}"));
            }
        }
        return Ok(());
    }
    if !output.status.success() {
        return Err(format!("wasm-compose composes this case, but `weld compose` failed:\n{stderr}"));
    }
    let text = weld_in(Some(crate_dir), &["compose", &config, &root, "-t"])?;
    if !text.status.success() {
        return Err(format!("`weld compose -t` failed:\n{}", String::from_utf8_lossy(&text.stderr)));
    }
    let text = String::from_utf8_lossy(&text.stdout);
    let expected = std::fs::read_to_string(case.join("composed.wat")).map_err(|e| e.to_string())?;
    if text.trim() != expected.replace("\r\n", "\n").trim() {
        return Err(format!(
            "the composed component differs from `composed.wat`\n--- expected\n+++ weld\n{}",
            crate::diff::unified(expected.replace("\r\n", "\n").trim(), text.trim())
        ));
    }
    let json = weld_in(None, &["wit", path_str(&out)?, "--json"])?;
    if !json.status.success() {
        return Err(format!("`weld wit --json` cannot decode the result:\n{}", String::from_utf8_lossy(&json.stderr)));
    }
    let text = weld_in(None, &["wit", path_str(&out)?])?;
    match (NO_WIT_TEXT.iter().any(|(name, _)| *name == file_name(case)), text.status.success()) {
        (false, true) | (true, false) => Ok(()),
        (false, false) => {
            Err(format!("`weld wit` cannot print the result:\n{}", String::from_utf8_lossy(&text.stderr)))
        }
        (true, true) => Err("listed in `NO_WIT_TEXT`, but `weld wit` prints the result: remove it".into()),
    }
}

/// A cause line without its `N: ` number.
fn strip_number(line: &str) -> &str {
    match line.split_once(": ") {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => line,
    }
}
