//! Round-trip checks for WIT printing.
//!
//! For an input that prints successfully:
//! 1. `weld wit IN --out-dir A` then `weld wit A` prints the same text as
//!    `weld wit IN` (print → parse → print is identical);
//! 2. `weld wit A --out-dir B` writes the same files as A;
//! 3. `weld wit IN --all-packages` is one self-contained text that prints
//!    back identically;
//! 4. `weld wit IN --wasm -o P` then `weld wit P` prints the same main package.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::directive::{Directive, Fixture};

/// A round-trip input: the arguments of a plain `wit` directive.
#[derive(Clone, Debug)]
pub struct Candidate {
    input: String,
    flags: Vec<String>,
}

/// Flags that do not change what package is printed; a `wit` RUN with only
/// these gets a round-trip trial.
const NEUTRAL: &[&str] = &["--all-features", "--no-docs"];

pub fn candidate(d: &Directive) -> Option<Candidate> {
    if d.expect_fail || d.stages.len() != 1 || !d.stages[0].env.is_empty() {
        return None;
    }
    let args = &d.stages[0].args;
    if args.first().map(String::as_str) != Some("wit") || args.len() < 2 {
        return None;
    }
    let mut input = None;
    let mut flags = Vec::new();
    let mut iter = args[1..].iter();
    while let Some(a) = iter.next() {
        if NEUTRAL.contains(&a.as_str()) {
            flags.push(a.clone());
        } else if a == "--features" {
            flags.push(a.clone());
            flags.push(iter.next()?.clone());
        } else if a.starts_with('-') || input.is_some() {
            return None;
        } else {
            input = Some(a.clone());
        }
    }
    Some(Candidate { input: input?, flags })
}

fn weld<S: AsRef<std::ffi::OsStr> + AsRef<str>>(args: &[S]) -> Result<Vec<u8>, String> {
    let out = Command::new(crate::weld())
        .args(args)
        .current_dir(crate::root())
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        let line: Vec<&str> = args.iter().map(|a| a.as_ref()).collect();
        return Err(format!("`weld {}` failed:\n{}", line.join(" "), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(out.stdout)
}

pub fn check(fixture: &Fixture, c: &Candidate) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = crate::directive::substitute(&c.input, fixture, tmp.path());
    round_trip(&input, &c.flags, tmp.path())
}

/// The packages under `wit/wasi/`, as `(name, path)`.
pub fn builtin_packages(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let wasi = root.join("wit/wasi");
    let mut versions: Vec<PathBuf> = std::fs::read_dir(&wasi).unwrap().map(|e| e.unwrap().path()).collect();
    versions.sort();
    for v in versions {
        let mut pkgs: Vec<PathBuf> = std::fs::read_dir(&v).unwrap().map(|e| e.unwrap().path()).collect();
        pkgs.sort();
        for p in pkgs {
            let name = p.strip_prefix(&wasi).unwrap().to_string_lossy().replace('\\', "/");
            out.push((name, p));
        }
    }
    out
}

pub fn check_builtin(path: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    round_trip(&path.display().to_string(), &[], tmp.path())
}

pub fn round_trip(input: &str, flags: &[String], tmp: &Path) -> Result<(), String> {
    let first = round_trip_text(input, flags, tmp)?;
    let from_wasm = through_wasm(input, flags, tmp)?;
    // The binary format has no notion of nested packages: they come back as
    // ordinary dependencies, so only the main package is compared.
    same("--wasm then wit", main_package(&first), main_package(&from_wasm))
}

/// Checks 1 to 3 (the text round trips); returns what `weld wit IN` printed.
pub fn round_trip_text(input: &str, flags: &[String], tmp: &Path) -> Result<Vec<u8>, String> {
    let with =
        |extra: &[&str]| -> Vec<String> { extra.iter().map(|s| s.to_string()).chain(flags.iter().cloned()).collect() };
    let a = tmp.join("a").display().to_string();
    let b = tmp.join("b").display().to_string();
    let first = weld(&with(&["wit", input]))?;
    weld(&with(&["wit", input, "--out-dir", &a]))?;
    let second = weld(&with(&["wit", &a]))?;
    same("print → parse → print", &first, &second)?;
    weld(&with(&["wit", &a, "--out-dir", &b]))?;
    let (fa, fb) = (files(Path::new(&a)), files(Path::new(&b)));
    if fa != fb {
        return Err(format!("--out-dir twice gave different files: {:?} vs {:?}", fa.keys(), fb.keys()));
    }
    // `--all-packages` text is self-contained and prints back identically.
    let all = weld(&with(&["wit", input, "--all-packages"]))?;
    let single = tmp.join("all.wit");
    std::fs::write(&single, &all).map_err(|e| e.to_string())?;
    let single = single.display().to_string();
    same("--all-packages then wit --all-packages", &all, &weld(&with(&["wit", &single, "--all-packages"]))?)?;
    Ok(first)
}

/// `weld wit IN --wasm -o P` then `weld wit P`: what it prints.
pub fn through_wasm(input: &str, flags: &[String], tmp: &Path) -> Result<Vec<u8>, String> {
    let p = tmp.join("p.wasm").display().to_string();
    let mut args: Vec<String> = ["wit", input, "--wasm", "-o", &p].iter().map(|s| s.to_string()).collect();
    args.extend(flags.iter().cloned());
    weld(&args)?;
    let mut args = vec!["wit".to_string(), p];
    args.extend(flags.iter().cloned());
    weld(&args)
}

/// The text up to the first nested `package x:y {` block (and its docs).
pub fn main_package(text: &[u8]) -> &[u8] {
    let s = std::str::from_utf8(text).unwrap_or_default();
    let mut offset = 0;
    let mut block_start = None;
    for line in s.split_inclusive('\n') {
        if line.starts_with("///") || line.starts_with('@') {
            block_start.get_or_insert(offset);
        } else if line.starts_with("package ") && line.trim_end().ends_with('{') {
            return s[..block_start.unwrap_or(offset)].trim_end().as_bytes();
        } else {
            block_start = None;
        }
        offset += line.len();
    }
    s.trim_end().as_bytes()
}

fn same(what: &str, a: &[u8], b: &[u8]) -> Result<(), String> {
    if a == b {
        return Ok(());
    }
    Err(format!(
        "{what} changed the text\n--- first\n+++ second\n{}",
        crate::diff::unified(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b))
    ))
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}
