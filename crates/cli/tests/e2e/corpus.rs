//! wit-component's own test corpus, run through `weld`: inputs others wrote.
//!
//! The corpus ships in the wit-component crate weld builds against; its
//! folder is found with `cargo metadata` (the package's `manifest_path`), so
//! nothing here names this machine's registry. Each case is read as
//! wit-component's own runner (`tests/components.rs`) reads it:
//!
//! * the folder is one WIT package (`--wit <case>`, with its `deps/`);
//! * `module.wat` is embedded with the world named `module`, and each
//!   `adapt-NAME.wat` with the world `adapt-NAME`, adapting the import
//!   module NAME (or the name on a first line `;; module name: NAME`);
//! * a case named `error-*` must be refused: `weld new` exits 1, writes no
//!   component, and its error carries wit-component's message
//!   (`error.txt`, whose `{:#}` form joins the causes with `: `);
//! * any other case must succeed, and `weld wit <component>` must print the
//!   world in `component.wit.print`. weld prints the packages the world uses
//!   after it, as nested `package ns:name { ... }` blocks; the corpus
//!   printed only the `root:component` package, so the comparison stops at
//!   the first nested package. That is the only normalisation (besides
//!   surrounding whitespace, which the upstream runner also trims).
//!
//! Cases without a `module.wat` are linked from `lib-*.wat` libraries by
//! wit-component's `Linker` (shared-everything dynamic linking); weld has no
//! linking command, so they are listed as ignored trials (see the README).
//!
//! `tests/targets/*` (`test.wat` against world `foobar` of `test.wit`) go
//! through `weld targets`: `error-*` cases must fail, the others pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Failed, Trial};

/// The trials for both corpora, or one failing trial saying why the corpus
/// could not be found.
pub fn trials() -> Vec<Trial> {
    let crate_dir = match wit_component_dir() {
        Ok(dir) => dir,
        Err(e) => return vec![Trial::test("corpus::wit-component", move || Err(Failed::from(e.clone())))],
    };
    let mut trials = Vec::new();
    for case in folders(&crate_dir.join("tests/components")) {
        let name = format!("corpus::components::{}", file_name(&case));
        let linked = !case.join("module.wat").is_file();
        trials.push(Trial::test(name, move || component_case(&case).map_err(Failed::from)).with_ignored_flag(linked));
    }
    for case in folders(&crate_dir.join("tests/targets")) {
        let name = format!("corpus::targets::{}", file_name(&case));
        trials.push(Trial::test(name, move || targets_case(&case).map_err(Failed::from)));
    }
    trials
}

/// The source folder of the wit-component package in this workspace's
/// dependency graph.
fn wit_component_dir() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(crate::root().join("Cargo.toml"))
        .output()
        .map_err(|e| format!("failed to run `cargo metadata`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`cargo metadata` failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("`cargo metadata` printed no JSON: {e}"))?;
    let packages = meta["packages"].as_array().ok_or("`cargo metadata` lists no packages")?;
    let manifest = packages
        .iter()
        .find(|p| p["name"] == "wit-component")
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or("`cargo metadata` lists no `wit-component` package")?;
    let dir = Path::new(manifest).parent().ok_or("`wit-component`'s manifest path has no folder")?;
    if !dir.join("tests/components").is_dir() {
        return Err(format!("`{}` has no `tests/components` folder", dir.display()));
    }
    Ok(dir.to_path_buf())
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn weld(args: &[&str]) -> Result<Output, String> {
    let out = Command::new(crate::weld())
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

/// The import module an adapter adapts, as wit-component's runner names it.
fn adapter_name(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("failed to read {}: {e}", path.display()))?;
    if let Some(name) = text.lines().next().and_then(|l| l.strip_prefix(";; module name: ")) {
        return Ok(name.trim().to_string());
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(stem.trim_start_matches("adapt-").to_string())
}

fn component_case(case: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let wit = case.to_str().ok_or("non-UTF-8 path")?;
    let path = |p: &Path| p.to_str().map(String::from).ok_or("non-UTF-8 path".to_string());
    let module = path(&tmp.path().join("module.wasm"))?;
    weld_ok(&["embed", &path(&case.join("module.wat"))?, "--wit", wit, "--world", "module", "-o", &module])?;

    let mut adapters: Vec<PathBuf> = std::fs::read_dir(case)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = file_name(p);
            n.starts_with("adapt-") && n.ends_with(".wat")
        })
        .collect();
    adapters.sort();
    let mut new_args = vec!["new".to_string(), module];
    for adapter in &adapters {
        let stem = adapter.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let embedded = path(&tmp.path().join(format!("{stem}.wasm")))?;
        weld_ok(&["embed", &path(adapter)?, "--wit", wit, "--world", &stem, "-o", &embedded])?;
        new_args.push("--adapt".into());
        new_args.push(format!("{}={embedded}", adapter_name(adapter)?));
    }
    let component = tmp.path().join("component.wasm");
    new_args.extend(["-o".to_string(), path(&component)?]);
    let args: Vec<&str> = new_args.iter().map(String::as_str).collect();
    let out = weld(&args)?;
    let stderr = String::from_utf8_lossy(&out.stderr);

    if file_name(case).starts_with("error-") {
        if out.status.success() {
            return Err("wit-component refuses this case, but `weld new` succeeded".into());
        }
        if component.exists() {
            return Err("`weld new` failed but wrote its output file".into());
        }
        let expected = std::fs::read_to_string(case.join("error.txt")).map_err(|e| e.to_string())?;
        // `{:#}` joins the causes with `: `; weld prints one per line.
        for part in expected.trim().split(": ") {
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
            "`weld wit` prints another world than `component.wit.print`\n--- expected\n{}\n--- weld\n{}",
            expected.trim(),
            root_package.trim()
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
