//! wit-component's `tests/interfaces` corpus, run through `weld wit`.
//!
//! The corpus ships in the wit-component crate weld builds against (found by
//! `locate.rs`). Each case (a `.wit` file, or a folder with its `deps/`) is
//! read as wit-component's runner (`tests/interfaces.rs`) reads it:
//!
//! * `weld wit <case>` must print the main package as `<case>.wit.print`
//!   (for a folder, `<folder>/<package name>.wit.print`); the runner prints
//!   the main package only, so weld's nested `package x:y { ... }` blocks
//!   after it are cut off;
//! * `weld wit <case> --wasm -t` must be `<case>.wat`, byte for byte once
//!   wit-component's version is written `$CARGO_PKG_VERSION` (as the runner
//!   writes it);
//! * `weld wit` of that wasm must print the same main package; encoded
//!   again (`--wasm`), it must give the same module text (but for the order
//!   of the entries in its `package-docs` section, which wit-component's
//!   decoder does not keep; wasm-tools does the same) and print the same.
//!
//! The cases in `PLAIN_COMMENTS` hold `//` comments that wit-parser makes
//! docs of and weld does not (README: "Plain comments are not docs"): for
//! them the expected text is compared without those doc lines, and the
//! `package-docs` custom section, which carries them, is left out of the
//! text comparison. Each entry is checked to still differ.

use std::path::{Path, PathBuf};

use libtest_mimic::{Failed, Trial};

use crate::corpus::{file_name, weld_in};

/// Cases with plain comments wit-parser makes docs of, and those docs.
pub const PLAIN_COMMENTS: &[(&str, &[&str])] = &[
    ("doc-comments", &["non-doc in the middle"]),
    ("maps.wit", &["Test all primitive key types", "Test all value types", "Nested structures", "Functions"]),
];

pub fn trials() -> Vec<Trial> {
    let dir = match crate::locate::dependency_dir("weld-component", "wit-component", "tests/interfaces") {
        Ok(dir) => dir,
        Err(e) => return vec![Trial::test("corpus::interfaces", move || Err(Failed::from(e.clone())))],
    };
    let version = match crate_version(&dir) {
        Ok(v) => v,
        Err(e) => return vec![Trial::test("corpus::interfaces", move || Err(Failed::from(e.clone())))],
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir.join("tests/interfaces"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    cases.retain(|p| p.is_dir() || p.extension().and_then(|e| e.to_str()) == Some("wit"));
    cases.sort();
    cases
        .into_iter()
        .map(|case| {
            let version = version.clone();
            Trial::test(format!("corpus::interfaces::{}", file_name(&case)), move || {
                interface_case(&case, &version).map_err(Failed::from)
            })
        })
        .collect()
}

/// The `version` of the crate in `dir`, from its `Cargo.toml`.
fn crate_version(dir: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .map(String::from)
        .ok_or_else(|| format!("{} names no version", dir.join("Cargo.toml").display()))
}

fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str().ok_or_else(|| "non-UTF-8 path".to_string())
}

fn weld_ok(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = weld_in(None, args)?;
    if !out.status.success() {
        return Err(format!("`weld {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(out.stdout)
}

fn interface_case(case: &Path, version: &str) -> Result<(), String> {
    let input = path_str(case)?;
    let printed = String::from_utf8_lossy(&weld_ok(&["wit", input])?).into_owned();
    let main = main_package(&printed);
    let expected_print = if case.is_dir() {
        let name = main
            .lines()
            .find_map(|l| l.strip_prefix("package "))
            .and_then(|l| l.split(':').nth(1))
            .map(|n| n.split(['@', ';', ' ']).next().unwrap_or(n).to_string())
            .ok_or("`weld wit` printed no package line")?;
        case.join(format!("{name}.wit.print"))
    } else {
        case.with_extension("wit.print")
    };
    let mut expected = read(&expected_print)?;
    let plain = PLAIN_COMMENTS.iter().find(|(name, _)| *name == file_name(case)).map(|(_, docs)| *docs);
    if let Some(docs) = plain {
        if expected.trim() == main {
            return Err("listed in `PLAIN_COMMENTS`, but weld prints wit-component's text: remove it".into());
        }
        expected = without_doc_lines(&expected, docs);
    }
    same("`weld wit`", &expected_print, expected.trim(), main)?;

    let raw_wat = String::from_utf8_lossy(&weld_ok(&["wit", input, "--wasm", "-t"])?).into_owned();
    let mut wat = raw_wat.replace(&format!("\"{version}\""), "\"$CARGO_PKG_VERSION\"");
    let expected_wat_path = case.with_extension("wat");
    let mut expected_wat = read(&expected_wat_path)?;
    if plain.is_some() {
        expected_wat = without_package_docs(&expected_wat);
        wat = without_package_docs(&wat);
    }
    same("`weld wit --wasm -t`", &expected_wat_path, expected_wat.trim(), wat.trim())?;

    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (first, second) = (tmp.path().join("first.wasm"), tmp.path().join("second.wasm"));
    weld_ok(&["wit", input, "--wasm", "-o", path_str(&first)?])?;
    let decoded = String::from_utf8_lossy(&weld_ok(&["wit", path_str(&first)?])?).into_owned();
    same("`weld wit` of the wasm", &expected_print, expected.trim(), main_package(&decoded))?;
    // Encoded again, the package is the same but for the order of the
    // entries of its `package-docs` section (wit-component's decoder keeps
    // docs in another order; `wasm-tools component wit --wasm` does the same).
    weld_ok(&["wit", path_str(&first)?, "--wasm", "-o", path_str(&second)?])?;
    let again = String::from_utf8_lossy(&weld_ok(&["wit", path_str(&first)?, "--wasm", "-t"])?).into_owned();
    same(
        "`weld wit --wasm` of the decoded package",
        &first,
        &without_package_docs(&raw_wat),
        &without_package_docs(&again),
    )?;
    let printed_again = String::from_utf8_lossy(&weld_ok(&["wit", path_str(&second)?])?).into_owned();
    same("`weld wit` of the wasm encoded again", &expected_print, expected.trim(), main_package(&printed_again))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map(|s| s.replace("\r\n", "\n"))
        .map_err(|e| format!("failed to read {}: {e}", path.display()))
}

fn same(what: &str, expected_path: &Path, expected: &str, actual: &str) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{what} differs from {}\n--- expected\n+++ weld\n{}",
        expected_path.display(),
        crate::diff::unified(expected, actual)
    ))
}

/// The printed text up to the first nested package (and its docs).
fn main_package(text: &str) -> &str {
    std::str::from_utf8(crate::roundtrip::main_package(text.as_bytes())).unwrap_or_default().trim()
}

/// `text` without the `/// DOC` lines for each of `docs`.
fn without_doc_lines(text: &str, docs: &[&str]) -> String {
    text.lines().filter(|l| !docs.iter().any(|d| l.trim() == format!("/// {d}"))).map(|l| format!("{l}\n")).collect()
}

/// A package's text format without its `package-docs` custom section.
fn without_package_docs(wat: &str) -> String {
    wat.lines().filter(|l| !l.trim_start().starts_with("(@custom \"package-docs\"")).map(|l| format!("{l}\n")).collect()
}
