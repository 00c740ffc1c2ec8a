//! wit-parser's own test corpus (`tests/ui`), run through `weld wit`.
//!
//! The corpus ships in the wit-parser crate weld builds against (found by
//! `locate.rs`). Each case is loaded as wit-parser's runner (`tests/all.rs`)
//! loads it: a file or a folder (with its `deps/`) under `tests/ui/`, with
//! the feature `active` turned on (`--features active`); files count when
//! they end in `.wit`, `.wat`, `.wasm` or `.md`. weld runs in the crate's
//! folder with the same relative paths, so locations compare as text.
//!
//! * A valid case must print (`weld wit`), and `weld wit --json`'s
//!   `resolve` must equal the runner's `<case>.wit.json` expectation
//!   exactly; then the round trips of `roundtrip.rs` (print → parse → print,
//!   `--out-dir` twice, `--all-packages`, `--wasm`) must hold.
//! * A `parse-fail/` case must be refused with exit 1 and nothing on
//!   stdout; the `file:line:col` locations in weld's error must be exactly
//!   those of the expected `<case>.wit.result` (none when it has none), and
//!   the error must carry the message (the last `: `-separated part of the
//!   expectation's first line; the rest is wit-parser's context chain).
//!
//! weld's deliberate differences (README, "How weld reads WIT differently
//! from wasm-tools, on purpose") are the two tables below; each entry is
//! checked to still differ, so the tables cannot go stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use libtest_mimic::{Failed, Trial};
use serde_json::Value;

use crate::corpus::{file_name, weld_in};

/// Valid cases weld refuses on purpose: they declare types the binary format
/// forbids (README: "Types the binary format forbids are rejected at load
/// time"). Each row: the case, where weld's error points, its message, and
/// the forbidden types the case holds. The trial checks the refusal, then
/// gives every forbidden type a member (`record r { a: u32 }`, `flags f { a
/// }`, `tuple<u32>`) in a copy that weld must then accept and round-trip.
pub const FORBIDDEN_TYPES: &[(&str, &str, &str, &str)] = &[
    ("multi-file", "tests/ui/multi-file/bar.wit:4:10", "a record must have at least one field", "`record a-name {}`"),
    (
        "types.wit",
        "tests/ui/types.wit:24:10",
        "a record must have at least one field",
        "`record t20 {}`, `record %record {}`, `tuple<>`, `flags t30 {}`",
    ),
    ("union-fuzz-2.wit", "tests/ui/union-fuzz-2.wit:11:12", "a record must have at least one field", "`record foo {}`"),
    ("use-chain.wit", "tests/ui/use-chain.wit:4:10", "a record must have at least one field", "`record foo {}`"),
];

/// Valid cases whose `//` comments wit-parser turns into docs and weld does
/// not (README: "Plain comments are not docs"). Their JSON is compared with
/// the expectation's `docs` left out where weld has none (docs weld has must
/// still agree), and must differ without that.
pub const PLAIN_COMMENTS: &[&str] = &["comments.wit", "maps.wit", "multi-package-gated-include.wit"];

/// Valid cases whose main package declares no interface and no world. A
/// wasm-encoded WIT package is a component exporting the package's
/// interfaces and worlds, so an empty one encodes as an empty component and
/// decodes as `package root:component` with an empty world: the package's
/// name has nowhere to go. `wasm-tools component wit` does the same. These
/// cases get every text round trip, and the trial checks that `--wasm` still
/// loses them (and that no other case's main package is empty).
pub const EMPTY_MAIN_PACKAGE: &[&str] = &[
    "empty.wit",
    "multi-file-multi-package",
    "multi-package-transitive-deps",
    "package-syntax1.wit",
    "package-syntax3.wit",
    "package-syntax4.wit",
    "packages-nested-colliding-decl-names.wit",
    "packages-nested-internal-references.wit",
    "packages-nested-with-semver.wit",
    "packages-single-nested.wit",
    "version-syntax.wit",
];

pub fn trials() -> Vec<Trial> {
    let dir = match crate::locate::dependency_dir("weld-wit", "wit-parser", "tests/ui") {
        Ok(dir) => dir,
        Err(e) => return vec![Trial::test("corpus::wit-parser", move || Err(Failed::from(e.clone())))],
    };
    let mut trials = Vec::new();
    for case in cases(&dir.join("tests/ui")) {
        let name = format!("corpus::wit-parser::ui::{}", file_name(&case));
        let dir = dir.clone();
        trials.push(Trial::test(name, move || valid_case(&dir, &case).map_err(Failed::from)));
    }
    for case in cases(&dir.join("tests/ui/parse-fail")) {
        let name = format!("corpus::wit-parser::parse-fail::{}", file_name(&case));
        let dir = dir.clone();
        trials.push(Trial::test(name, move || parse_fail_case(&dir, &case).map_err(Failed::from)));
    }
    trials
}

/// The cases in `dir` as the upstream runner finds them: folders (but not
/// `parse-fail`) and `.md`, `.wit`, `.wat`, `.wasm` files, sorted.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| {
        if p.is_dir() {
            return file_name(p) != "parse-fail";
        }
        matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "wit" | "wat" | "wasm"))
    });
    out.sort();
    out
}

/// The case's path relative to the crate folder, as the upstream runner
/// names it (`tests/ui/...`).
fn relative(crate_dir: &Path, case: &Path) -> Result<String, String> {
    let rel = case.strip_prefix(crate_dir).map_err(|_| format!("{} is outside the crate", case.display()))?;
    rel.to_str().map(|s| s.replace('\\', "/")).ok_or_else(|| "non-UTF-8 path".to_string())
}

/// `foo.wit` → `foo.wit.<ext>`, `folder` → `folder.wit.<ext>`, `x.wat` →
/// `x.wit.<ext>`, `x.wit.md` → `x.wit.md.<ext>`: the runner's naming.
fn expectation(case: &Path, ext: &str) -> PathBuf {
    let name = file_name(case);
    if name.ends_with(".wit.md") {
        return case.with_file_name(format!("{name}.{ext}"));
    }
    case.with_extension(format!("wit.{ext}"))
}

fn valid_case(crate_dir: &Path, case: &Path) -> Result<(), String> {
    let rel = relative(crate_dir, case)?;
    let name = file_name(case);
    if let Some(row) = FORBIDDEN_TYPES.iter().find(|row| row.0 == name) {
        return forbidden_types(crate_dir, case, &rel, row);
    }
    let out = weld_in(Some(crate_dir), &["wit", &rel, "--features", "active", "--json"])?;
    if !out.status.success() {
        return Err(format!(
            "wit-parser accepts this case, but `weld wit` failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let printed: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("`weld wit --json` printed no JSON: {e}"))?;
    let path = expectation(case, "json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("failed to read {}: {e}", path.display()))?;
    let mut expected: Value = serde_json::from_str(&text).map_err(|e| format!("{} is no JSON: {e}", path.display()))?;
    let actual = printed["resolve"].clone();
    let plain_comments = PLAIN_COMMENTS.contains(&name.as_str());
    if plain_comments {
        if actual == expected {
            return Err("listed in `PLAIN_COMMENTS`, but weld's JSON equals wit-parser's: remove it".into());
        }
        drop_docs_weld_lacks(&mut expected, &actual);
    }
    if actual != expected {
        return Err(format!(
            "`weld wit --json` differs from {} at `{}`",
            path.display(),
            first_difference(&expected, &actual, String::new())
        ));
    }
    let main = &printed["resolve"]["packages"][printed["package"].as_u64().unwrap_or(u64::MAX) as usize];
    let is_empty = |key: &str| main[key].as_object().is_some_and(|m| m.is_empty());
    let empty = is_empty("interfaces") && is_empty("worlds");
    let listed = EMPTY_MAIN_PACKAGE.contains(&name.as_str());
    if empty != listed {
        return Err(format!("the main package is empty: {empty}, but listed in `EMPTY_MAIN_PACKAGE`: {listed}"));
    }
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = path_str(case)?;
    if !listed {
        return crate::roundtrip::round_trip(&input, &active(), tmp.path());
    }
    crate::roundtrip::round_trip_text(&input, &active(), tmp.path())?;
    let from_wasm = crate::roundtrip::through_wasm(&input, &active(), tmp.path())?;
    if !from_wasm.starts_with(b"package root:component;") {
        return Err("listed in `EMPTY_MAIN_PACKAGE`, but `--wasm` keeps the package now: remove it".into());
    }
    Ok(())
}

fn active() -> Vec<String> {
    vec!["--features".into(), "active".into()]
}

fn path_str(path: &Path) -> Result<String, String> {
    path.to_str().map(String::from).ok_or_else(|| "non-UTF-8 path".to_string())
}

fn forbidden_types(crate_dir: &Path, case: &Path, rel: &str, row: &(&str, &str, &str, &str)) -> Result<(), String> {
    let (_, location, message, _) = *row;
    let out = weld_in(Some(crate_dir), &["wit", rel, "--features", "active"])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return Err("listed in `FORBIDDEN_TYPES`, but weld accepts it: remove it".into());
    }
    let found = locations(&stderr);
    if !stderr.contains(message) || found.first().map(String::as_str) != Some(location) {
        return Err(format!("weld should refuse at `{location}` with `{message}`, but said:\n{stderr}"));
    }
    // With every forbidden type given a member, the rest must be accepted.
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let copy = tmp.path().join("case").join(file_name(case));
    copy_tree(case, &copy)?;
    let repaired = repair_tree(&copy)?;
    if repaired == 0 {
        return Err("listed in `FORBIDDEN_TYPES`, but no forbidden type was found to repair".into());
    }
    let copy = path_str(&copy)?;
    let out = weld_in(None, &["wit", &copy, "--features", "active"])?;
    if !out.status.success() {
        return Err(format!(
            "with its forbidden types repaired, weld still refuses the case:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let roundtrip = tmp.path().join("roundtrip");
    std::fs::create_dir(&roundtrip).map_err(|e| e.to_string())?;
    crate::roundtrip::round_trip(&copy, &active(), &roundtrip)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
        for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::copy(from, to).map(drop).map_err(|e| format!("failed to copy {}: {e}", from.display()))
}

/// Gives every empty record and flags and every `tuple<>` in the `.wit`
/// files under `path` a member, in place; returns how many it changed.
fn repair_tree(path: &Path) -> Result<usize, String> {
    if path.is_dir() {
        let mut n = 0;
        for entry in std::fs::read_dir(path).map_err(|e| e.to_string())? {
            n += repair_tree(&entry.map_err(|e| e.to_string())?.path())?;
        }
        return Ok(n);
    }
    if path.extension().and_then(|e| e.to_str()) != Some("wit") {
        return Ok(0);
    }
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut n = 0;
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (fixed, count) = repair_line(line);
        n += count;
        out.push_str(&fixed);
    }
    std::fs::write(path, out).map_err(|e| e.to_string())?;
    Ok(n)
}

fn repair_line(line: &str) -> (String, usize) {
    let mut n = line.matches("tuple<>").count();
    let mut fixed = line.replace("tuple<>", "tuple<u32>");
    let head = fixed.trim_start();
    let member = if head.starts_with("record ") {
        "{ a: u32 }"
    } else if head.starts_with("flags ") {
        "{ a }"
    } else {
        return (fixed, n);
    };
    if let Some(i) = fixed.find("{}") {
        fixed.replace_range(i..i + 2, member);
        n += 1;
    }
    (fixed, n)
}

/// Removes from `expected` each `docs` that the same object in `actual`
/// does not have; docs that both have must still agree.
fn drop_docs_weld_lacks(expected: &mut Value, actual: &Value) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            if !a.contains_key("docs") {
                e.remove("docs");
            }
            for (k, v) in e.iter_mut() {
                if let Some(w) = a.get(k) {
                    drop_docs_weld_lacks(v, w);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => e.iter_mut().zip(a).for_each(|(v, w)| drop_docs_weld_lacks(v, w)),
        _ => {}
    }
}

/// The JSON path of the first place `a` and `b` differ.
fn first_difference(a: &Value, b: &Value, at: String) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if v != w => return first_difference(v, w, format!("{at}.{k}")),
                    None => return format!("{at}.{k} (missing in weld's)"),
                    _ => {}
                }
            }
            match y.keys().find(|k| !x.contains_key(*k)) {
                Some(k) => format!("{at}.{k} (only in weld's)"),
                None => at,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, format!("{at}[{i}]"));
                }
            }
            format!("{at} (lengths {} and {})", x.len(), y.len())
        }
        _ => format!("{at}: expected {a}, weld has {b}"),
    }
}

/// Every `tests/...:LINE:COL` in `text` (with or without surrounding
/// brackets or a trailing colon), in order of first appearance.
pub fn locations(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c| c == '[' || c == ']').trim_end_matches(':');
        let mut parts = word.rsplitn(3, ':');
        let (Some(col), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let location = format!("{file}:{line}:{col}");
        if number(col) && number(line) && file.starts_with("tests/") && !out.contains(&location) {
            out.push(location);
        }
    }
    out
}

fn parse_fail_case(crate_dir: &Path, case: &Path) -> Result<(), String> {
    let rel = relative(crate_dir, case)?;
    let path = expectation(case, "result");
    let expected = std::fs::read_to_string(&path).map_err(|e| format!("failed to read {}: {e}", path.display()))?;
    let expected = expected.replace("\r\n", "\n");
    let out = weld_in(Some(crate_dir), &["wit", &rel, "--features", "active"])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return Err(format!("wit-parser refuses this case with\n{}\nbut `weld wit` accepted it", expected.trim()));
    }
    if !out.stdout.is_empty() {
        return Err("`weld wit` failed but printed on stdout".into());
    }
    let first_line = expected.lines().next().unwrap_or_default();
    let message = first_line.rsplit(": ").next().unwrap_or_default().trim();
    if !stderr.contains(message) {
        return Err(format!("weld's error does not carry wit-parser's `{message}`:\n{stderr}"));
    }
    let want: BTreeSet<String> = locations(&expected).into_iter().collect();
    let got: BTreeSet<String> = locations(&stderr).into_iter().collect();
    if want != got {
        return Err(format!(
            "weld's error points at {got:?}, wit-parser's at {want:?}\n--- wit-parser\n{}\n--- weld\n{stderr}",
            expected.trim()
        ));
    }
    Ok(())
}
