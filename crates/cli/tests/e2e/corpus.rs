//! wit-component's own test corpus, run through `weld`: inputs others wrote.
//!
//! The corpus ships in the wit-component crate weld builds against; its
//! folder is found with `cargo metadata` (see `locate.rs`). Each case is read as
//! wit-component's own runner (`tests/components.rs`) reads it:
//!
//! * the folder is one WIT package (`--wit <case>`, with its `deps/`);
//! * `module.wat` is embedded with the world named `module`, and each
//!   `adapt-NAME.wat` with the world `adapt-NAME`, adapting the import
//!   module NAME (or the name on a first line `;; module name: NAME`);
//! * a case named `error-*` must be refused: `weld new` exits 1, writes no
//!   component, and its error carries wit-component's message
//!   (`error.txt`, whose `{:#}` form joins the causes with `: `; compared
//!   line by line, since weld indents a cause's further lines);
//! * any other case must succeed, and `weld wit <component>` must print the
//!   world in `component.wit.print`. weld prints the packages the world uses
//!   after it, as nested `package ns:name { ... }` blocks; the corpus
//!   printed only the `root:component` package, so the comparison stops at
//!   the first nested package. That is the only normalisation (besides
//!   surrounding whitespace, which the upstream runner also trims).
//!
//! Cases without a `module.wat` are linked from libraries by `weld link`
//! (wit-component's `Linker`), as the upstream runner links them: each
//! `lib-NAME.wat` embedded with world `lib-NAME` and each
//! `dlopen-lib-NAME.wat` with world `dlopen-lib-NAME` (`--dl-openable`),
//! named NAME (or by their `;; module name:` line), in file-name order
//! (which puts the `dlopen`-able ones first); a `stub-missing-functions` or
//! `use-built-in-libdl` file turns on the flag of that name. The one case
//! with no library at all (`multi-package`) is an ignored trial: `weld link`
//! needs at least one library (see the README).
//!
//! `tests/targets/*` (`test.wat` against world `foobar` of `test.wit`) go
//! through `weld targets`: `error-*` cases must fail, the others pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Failed, Trial};

/// The trials for both corpora, or one failing trial saying why the corpus
/// could not be found.
pub fn trials() -> Vec<Trial> {
    let crate_dir = match crate::locate::dependency_dir("weld-component", "wit-component", "tests/components") {
        Ok(dir) => dir,
        Err(e) => return vec![Trial::test("corpus::wit-component", move || Err(Failed::from(e.clone())))],
    };
    let mut trials = Vec::new();
    for case in folders(&crate_dir.join("tests/components")) {
        let name = format!("corpus::components::{}", file_name(&case));
        let nothing = !case.join("module.wat").is_file() && libraries(&case).is_empty();
        trials.push(Trial::test(name, move || component_case(&case).map_err(Failed::from)).with_ignored_flag(nothing));
    }
    for case in folders(&crate_dir.join("tests/targets")) {
        let name = format!("corpus::targets::{}", file_name(&case));
        trials.push(Trial::test(name, move || targets_case(&case).map_err(Failed::from)));
    }
    trials
}

pub fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

pub fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn weld(args: &[&str]) -> Result<Output, String> {
    weld_in(None, args)
}

/// Runs `weld args` (in `dir`, when given) and requires exit code 0 or 1:
/// anything else, a panic above all, is a bug.
pub fn weld_in(dir: Option<&Path>, args: &[&str]) -> Result<Output, String> {
    let mut cmd = Command::new(crate::weld());
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd
        .args(args)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .map_err(|e| format!("failed to run weld: {e}"))?;
    match out.status.code() {
        Some(0 | 1) => Ok(out),
        code => Err(format!(
            "`weld {}` exited with {code:?} (a panic is a bug):\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

/// Runs `weld args` and requires success.
fn weld_ok(args: &[&str]) -> Result<Output, String> {
    let out = weld(args)?;
    if !out.status.success() {
        return Err(format!("`weld {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(out)
}

/// The name of an adapter (the import module it adapts) or a library, as
/// wit-component's runner names it: a first line `;; module name: NAME`, or
/// the file stem without `prefix`.
fn module_name(path: &Path, prefix: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("failed to read {}: {e}", path.display()))?;
    if let Some(name) = text.lines().next().and_then(|l| l.strip_prefix(";; module name: ")) {
        return Ok(name.trim().to_string());
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(stem.strip_prefix(prefix).unwrap_or(&stem).to_string())
}

/// The case's `*.wat` files whose names start with `prefix`, sorted.
fn wat_files(case: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(case)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let n = file_name(p);
                    n.starts_with(prefix) && n.ends_with(".wat")
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The libraries of a linked case, in the order the upstream runner links
/// them (by file name), each with its name prefix and whether it is
/// `dlopen`-able.
fn libraries(case: &Path) -> Vec<(PathBuf, &'static str, bool)> {
    let mut libs: Vec<(PathBuf, &'static str, bool)> = wat_files(case, "lib-")
        .into_iter()
        .map(|p| (p, "lib-", false))
        .chain(wat_files(case, "dlopen-lib-").into_iter().map(|p| (p, "dlopen-lib-", true)))
        .collect();
    libs.sort_by(|a, b| a.0.cmp(&b.0));
    libs
}

fn component_case(case: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let wit = case.to_str().ok_or("non-UTF-8 path")?;
    let path = |p: &Path| p.to_str().map(String::from).ok_or("non-UTF-8 path".to_string());
    // Each module is embedded with the world named after its file stem.
    let embed = |wat: &Path| -> Result<String, String> {
        let stem = wat.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let out = path(&tmp.path().join(format!("{stem}.wasm")))?;
        weld_ok(&["embed", &path(wat)?, "--wit", wit, "--world", &stem, "-o", &out])?;
        Ok(out)
    };
    let mut new_args = Vec::new();
    if case.join("module.wat").is_file() {
        new_args.extend(["new".to_string(), embed(&case.join("module.wat"))?]);
    } else {
        new_args.push("link".to_string());
        for (lib, prefix, dl_openable) in libraries(case) {
            let spec = format!("{}={}", module_name(&lib, prefix)?, embed(&lib)?);
            if dl_openable {
                new_args.push("--dl-openable".into());
            }
            new_args.push(spec);
        }
        for flag in ["stub-missing-functions", "use-built-in-libdl"] {
            if case.join(flag).is_file() {
                new_args.push(format!("--{flag}"));
            }
        }
    }
    for adapter in wat_files(case, "adapt-") {
        new_args.push("--adapt".into());
        new_args.push(format!("{}={}", module_name(&adapter, "adapt-")?, embed(&adapter)?));
    }
    let component = tmp.path().join("component.wasm");
    new_args.extend(["-o".to_string(), path(&component)?]);
    let args: Vec<&str> = new_args.iter().map(String::as_str).collect();
    let out = weld(&args)?;
    let stderr = String::from_utf8_lossy(&out.stderr);

    let refused = file_name(case).starts_with("error-");
    if refused != case.join("error.txt").is_file() {
        return Err("the case's name and its `error.txt` disagree on whether it must fail".into());
    }
    if refused {
        if out.status.success() {
            return Err(format!("wit-component refuses this case, but `weld {}` succeeded", args.join(" ")));
        }
        if component.exists() {
            return Err(format!("`weld {}` failed but wrote its output file", args[0]));
        }
        let expected = std::fs::read_to_string(case.join("error.txt")).map_err(|e| e.to_string())?;
        // `{:#}` joins the causes with `: `; weld prints one per line, and
        // indents the lines of a cause that has several.
        for part in expected.trim().split(": ").flat_map(str::lines).map(str::trim) {
            if !stderr.contains(part) {
                return Err(format!("weld's error does not carry wit-component's `{part}`:\n{stderr}"));
            }
        }
        return Ok(());
    }
    if !out.status.success() {
        return Err(format!("wit-component accepts this case, but `weld {}` failed:\n{stderr}", args.join(" ")));
    }
    let printed = weld_ok(&["wit", &path(&component)?])?;
    let printed = String::from_utf8_lossy(&printed.stdout);
    let root_package = match printed.find("\npackage ") {
        Some(i) => &printed[..i],
        None => &printed[..],
    };
    let expected = std::fs::read_to_string(case.join("component.wit.print")).map_err(|e| e.to_string())?;
    if root_package.trim() != expected.trim() {
        return Err(format!(
            "`weld wit` prints another world than `component.wit.print`\n--- expected\n+++ weld\n{}",
            crate::diff::unified(expected.trim(), root_package.trim())
        ));
    }
    Ok(())
}

fn targets_case(case: &Path) -> Result<(), String> {
    let component = case.join("test.wat");
    let wit = case.join("test.wit");
    let args = ["targets", component.to_str().ok_or("non-UTF-8 path")?, "--wit", wit.to_str().ok_or("non-UTF-8 path")?];
    let out = weld(&[&args[..], &["--world", "foobar"]].concat())?;
    let should_fail = file_name(case).starts_with("error-");
    match (should_fail, out.status.success()) {
        (false, true) | (true, false) => Ok(()),
        (false, false) => Err(format!(
            "wit-component says the component targets `foobar`, but `weld targets` failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )),
        (true, true) => {
            Err("wit-component says the component does not target `foobar`, but `weld targets` passed".into())
        }
    }
}
