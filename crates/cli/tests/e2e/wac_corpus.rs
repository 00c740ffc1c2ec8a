//! wac-parser's own test corpora (`tests/encoding`, `tests/resolution`,
//! `tests/parser/fail`), run through `weld compose`.
//!
//! The corpora ship in the wac-parser crate weld builds against (found by
//! `locate.rs`). Each case is read as wac-parser's runners
//! (`tests/encoding.rs`, `tests/resolution.rs`, `tests/parser.rs`) read it:
//! `NAME.wac` is the document, the folder `NAME/` holds its packages as
//! `<ns>/<name>.wat` (wac's `FileSystemPackageResolver`, which weld's
//! `--deps-dir` reads the same way), and `NAME.wac.result` the expectation.
//! Cases under `fail/` must be refused. weld runs in the crate's folder
//! with the runners' relative paths, so locations compare as text.
//!
//! * An encoding case must compose (weld validates what it writes), and its
//!   text (`-t`) must be the expected WAT, item for item at the top level.
//!   The runner encodes with `define_components: false`, so its output
//!   imports each package (`(import "unlocked-dep=<ns:name>" (component
//!   ... (type N)))`, with component type N); weld defines them inside the
//!   result (`(component ...)`). Those imports with their types, and weld's
//!   definitions, are the one thing left out of the comparison, and there
//!   must be as many of each.
//!   `weld wit` of the result must then print its world, except for the
//!   cases in `NO_WIT`.
//! * A resolution case must compose too (its expectation is wac's graph in
//!   Rust's debug format, which is not compared).
//! * A failure case must exit 1 and write no file; weld's error must carry
//!   the runner's message (the `×` line) and its causes (`├─▶`/`╰─▶`
//!   lines), except for the cases in `OWN_MESSAGES`; and its first location
//!   must be the one miette names (`╭─[file:line:col]`), or none when it
//!   names none.
//!
//! `tests/parser/*.wac` (parses that succeed) are not run: their
//! expectation is wac-parser's syntax tree, which weld does not expose, and
//! the packages they name exist nowhere, so they cannot compose.

use std::path::{Path, PathBuf};

use libtest_mimic::{Failed, Trial};

use crate::corpus::{file_name, weld_in};
use crate::wit_ui::locations;

/// Failure cases where weld reads the package files itself (wac-parser's
/// runner uses wac-resolver), so its message is its own: which file, and
/// what is wrong with it. The location must still be wac's. Each row: the
/// case and what weld's error must say instead.
pub const OWN_MESSAGES: &[(&str, &str)] = &[
    (
        "resolution-fail::expected-result-named",
        "failed to load package `foo:bar`\n     --> tests/resolution/fail/expected-result-named.wac:7:13",
    ),
    (
        "resolution-fail::package-not-component",
        "`tests/resolution/fail/package-not-component/foo/bar.wasm` is a core module",
    ),
    ("resolution-fail::package-not-wasm", "`tests/resolution/fail/package-not-wasm/foo/bar.wasm` is not WebAssembly"),
];

/// Success cases whose composed component has no WIT form: `weld wit`
/// refuses them with exit 1, as `wasm-tools component wit` does (both
/// decode with wit-component). The trial checks that they still fail, so
/// the table cannot go stale.
pub const NO_WIT: &[(&str, &str)] = &[
    (
        "encoding::resources",
        "re-exports the imported instance `foo` (with resource `r`) under the same name: a type that appears twice",
    ),
    ("encoding::types", "exports bare types (`a` ... `async-world`), which a WIT world cannot hold"),
];

/// What a corpus folder's cases must do.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    Encode,
    Resolve,
    Fail,
}

const FOLDERS: &[(&str, &str, Expect)] = &[
    ("tests/encoding", "encoding", Expect::Encode),
    ("tests/encoding/fail", "encoding-fail", Expect::Fail),
    ("tests/resolution", "resolution", Expect::Resolve),
    ("tests/resolution/fail", "resolution-fail", Expect::Fail),
    ("tests/parser/fail", "parser-fail", Expect::Fail),
];

pub fn trials() -> Vec<Trial> {
    let dir = match crate::locate::dependency_dir("weld-compose", "wac-parser", "tests/encoding") {
        Ok(dir) => dir,
        Err(e) => return vec![Trial::test("corpus::wac-parser", move || Err(Failed::from(e.clone())))],
    };
    let mut trials = Vec::new();
    for &(folder, kind, expect) in FOLDERS {
        let cases = documents(&dir.join(folder));
        if cases.is_empty() {
            let msg = format!("`{}` holds no `.wac` case", dir.join(folder).display());
            trials.push(Trial::test(format!("corpus::wac-parser::{kind}"), move || Err(Failed::from(msg.clone()))));
        }
        for case in cases {
            let id = format!("{kind}::{}", file_name(&case).trim_end_matches(".wac"));
            let dir = dir.clone();
            trials.push(Trial::test(format!("corpus::wac-parser::{id}"), move || {
                wac_case(&dir, &case, &id, expect).map_err(Failed::from)
            }));
        }
    }
    trials
}

/// The `.wac` files in `dir`, sorted.
fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file() && p.extension().and_then(|e| e.to_str()) == Some("wac"));
    out.sort();
    out
}

fn wac_case(crate_dir: &Path, case: &Path, id: &str, expect: Expect) -> Result<(), String> {
    let rel = case.strip_prefix(crate_dir).map_err(|_| "case outside the crate".to_string())?;
    let rel = rel.to_str().ok_or("non-UTF-8 path")?.replace('\\', "/");
    let deps = rel.trim_end_matches(".wac").to_string();
    let result = case.with_extension("wac.result");
    let expected = std::fs::read_to_string(&result).map_err(|e| format!("failed to read {}: {e}", result.display()))?;
    let expected = expected.replace("\r\n", "\n");
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let wasm = tmp.path().join("out.wasm");
    let wasm = wasm.to_str().ok_or("non-UTF-8 path")?;
    let out = weld_in(Some(crate_dir), &["compose", &rel, "--deps-dir", &deps, "-o", wasm])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if expect == Expect::Fail {
        let own = OWN_MESSAGES.iter().find(|(name, _)| *name == id).map(|(_, message)| *message);
        return refused(&expected, out.status.success(), Path::new(wasm).exists(), &stderr, own);
    }
    if !out.status.success() {
        return Err(format!("wac resolves this case, but `weld compose` failed:\n{stderr}"));
    }
    if !Path::new(wasm).is_file() {
        return Err("`weld compose` succeeded but wrote no file".into());
    }
    if expect == Expect::Resolve {
        return Ok(());
    }
    let wat = tmp.path().join("out.wat");
    let wat_path = wat.to_str().ok_or("non-UTF-8 path")?;
    let out = weld_in(Some(crate_dir), &["compose", &rel, "--deps-dir", &deps, "-t", "-o", wat_path])?;
    if !out.status.success() {
        return Err(format!("`weld compose -t` failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let text = std::fs::read_to_string(&wat).map_err(|e| e.to_string())?;
    let (want, imported) = without_imported_packages(&expected);
    let (got, defined) = without_defined_components(&text);
    if imported != defined {
        return Err(format!("wac's output imports {imported} packages, weld's defines {defined} components"));
    }
    if let Some(i) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) {
        return Err(format!(
            "the composed component differs from wac's at its top-level item {i}\n--- wac\n{}\n--- weld\n{}",
            want.get(i).map_or("(nothing)", |s| s.as_str()),
            got.get(i).map_or("(nothing)", |s| s.as_str())
        ));
    }
    let printed = weld_in(None, &["wit", wasm])?;
    match (NO_WIT.iter().any(|(name, _)| *name == id), printed.status.success()) {
        (false, true) | (true, false) => Ok(()),
        (false, false) => Err(format!(
            "`weld wit` cannot print the composed component:\n{}",
            String::from_utf8_lossy(&printed.stderr)
        )),
        (true, true) => Err("listed in `NO_WIT`, but `weld wit` prints the composed component: remove it".into()),
    }
}

/// A component's text as its top-level items (each a line indented by two
/// spaces and the deeper lines after it).
fn top_level_items(wat: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    // Unindented lines are the outer `(component` and its `)`.
    for line in wat.lines().filter(|l| l.starts_with(' ')) {
        match items.last_mut() {
            Some(last) if !line.starts_with("  (") => {
                last.push('\n');
                last.push_str(line);
            }
            _ => items.push(line.to_string()),
        }
    }
    items
}

/// wac's expected text without its `unlocked-dep=<...>` imports and the
/// component types they use; and how many there were.
fn without_imported_packages(wat: &str) -> (Vec<String>, usize) {
    let items = top_level_items(wat);
    let imports: Vec<&String> = items.iter().filter(|i| i.starts_with("  (import \"unlocked-dep=<")).collect();
    let types: Vec<String> = imports
        .iter()
        .filter_map(|i| i.rsplit_once("(type ").map(|(_, t)| t.trim_end_matches(')').to_string()))
        .map(|t| format!("  (type (;{t};)"))
        .collect();
    let n = imports.len();
    let kept = items
        .iter()
        .filter(|i| !i.starts_with("  (import \"unlocked-dep=<") && !types.iter().any(|t| i.starts_with(t.as_str())))
        .cloned()
        .collect();
    (kept, n)
}

/// weld's text without the components it defines; and how many there were.
fn without_defined_components(wat: &str) -> (Vec<String>, usize) {
    let (defined, kept): (Vec<String>, Vec<String>) =
        top_level_items(wat).into_iter().partition(|i| i.starts_with("  (component"));
    (kept, defined.len())
}

fn refused(expected: &str, succeeded: bool, wrote: bool, stderr: &str, own: Option<&str>) -> Result<(), String> {
    if succeeded {
        return Err(format!("wac refuses this case with\n{}\nbut `weld compose` succeeded", expected.trim()));
    }
    if wrote {
        return Err("`weld compose` failed but wrote its output file".into());
    }
    let mut parts = Vec::new();
    for line in expected.lines().map(str::trim) {
        let part = ["× ", "├─▶ ", "╰─▶ "].iter().find_map(|p| line.strip_prefix(p));
        parts.extend(part.map(str::trim));
    }
    if parts.is_empty() {
        return Err("the expectation names no error (`×` line)".into());
    }
    if let Some(own) = own {
        if stderr.contains(parts[0]) {
            return Err(format!("listed in `OWN_MESSAGES`, but weld's error carries wac's `{}`: remove it", parts[0]));
        }
        parts = vec![own];
    }
    for part in parts {
        if !stderr.contains(part) {
            return Err(format!("weld's error does not carry wac's `{part}`:\n{stderr}"));
        }
    }
    let want = expected.lines().find_map(|l| l.trim().strip_prefix("╭─[")).and_then(|l| l.strip_suffix(']'));
    let got = locations(stderr);
    if got.first().map(String::as_str) != want {
        return Err(format!("weld's error points first at {:?}, wac's at {want:?}:\n{stderr}", got.first()));
    }
    Ok(())
}
