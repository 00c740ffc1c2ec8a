//! WIT seeds: wit-smith packages through `weld wit`'s round trips and
//! `weld bindgen`'s four generators, in process.

use std::path::Path;

use arbitrary::Unstructured;
use weld_bindgen::{Files, Lang};
use weld_wit::print::{self, PrintOptions};
use weld_wit::{Input, LoadOptions, Wit};

use crate::report::{Report, catch};
use crate::rng::Rng;

pub const LANGS: [Lang; 4] = [Lang::C, Lang::Rust, Lang::Go, Lang::Zig];

/// Bindings that generated, kept for the compilers.
pub struct Generated {
    pub seed: u64,
    /// `w<seed>_<n>`: unique among all seeds, a valid name in every language.
    pub id: String,
    pub world: String,
    pub lang: Lang,
    pub files: Files,
    /// The whole input as one WIT text (for a failure's fixture).
    pub wit: String,
}

/// wit-smith's knobs: several packages with versions (wit-smith versions
/// some of them), resources, `include`, and once in eight seeds the items
/// weld's bindings refuse (async, streams, futures, error-context,
/// fixed-length lists), so that refusing is exercised too.
fn config(rng: &mut Rng) -> wit_smith::Config {
    let refused = rng.one_in(8);
    wit_smith::Config {
        max_packages: 1 + rng.below(5) as usize,
        max_type_size: 100,
        max_interface_items: 8,
        max_world_items: 8,
        max_pkg_items: 6,
        max_type_parts: 6,
        max_files_per_package: 3,
        max_resource_items: 5,
        async_: refused && rng.one_in(2),
        futures: refused && rng.one_in(2),
        streams: refused && rng.one_in(2),
        error_context: refused && rng.one_in(2),
        fixed_length_lists: refused && rng.one_in(2),
        world_include: true,
        implements: false,
    }
}

/// wit-smith's package for `seed` (a wasm-encoded WIT package), or `None`
/// when wit-smith declines the bytes.
pub fn smith(seed: u64) -> Result<Option<Vec<u8>>, String> {
    let mut rng = Rng::new(seed, 1);
    let cfg = config(&mut rng);
    let len = 512 + rng.below(8192) as usize;
    let bytes = rng.bytes(len);
    catch(|| wit_smith::smith(&cfg, &mut Unstructured::new(&bytes)).ok())
}

/// Runs one seed: round trips, then bindings for every world of every
/// package in all four languages. Returns the bindings that generated.
pub fn run_seed(seed: u64, report: &mut Report, tmp: &Path) -> Vec<Generated> {
    let wasm = match smith(seed) {
        Ok(Some(wasm)) => wasm,
        Ok(None) => {
            report.count("wit: seeds wit-smith declined");
            return Vec::new();
        }
        Err(e) => {
            report.count("wit: seeds wit-smith panicked on (not weld)");
            eprintln!("weld-fuzz: note: wit-smith panicked on seed {seed}: {e}");
            return Vec::new();
        }
    };
    report.count("wit: seeds");
    let name = format!("seed-{seed}.wasm");
    let wit = match catch(|| round_trip(&name, &wasm, tmp)) {
        Ok(Ok(wit)) => wit,
        Ok(Err(("wit-load", message, _))) if untextual_gate(&message) => {
            report.count("wit: seeds refused at load (@since gates WIT text cannot express)");
            return Vec::new();
        }
        Ok(Err((kind, message, text))) => {
            report.fail(kind, seed, message, &[("input.wasm", &wasm), ("input.wit", text.as_bytes())]);
            return Vec::new();
        }
        Err(panic) => {
            report.fail("wit-panic", seed, panic, &[("input.wasm", &wasm)]);
            return Vec::new();
        }
    };
    report.count("wit: round trips passed");
    let text = print::all_packages(&wit, &PrintOptions::default()).unwrap_or_default();
    let mut out = Vec::new();
    for (n, (world, w)) in wit.resolve.worlds.iter().enumerate() {
        report.count("wit: worlds");
        for lang in LANGS {
            match catch(|| weld_bindgen::generate(lang, &wit.resolve, world)) {
                Ok(Ok(files)) => {
                    report.count(counter(lang, "generated"));
                    out.push(Generated {
                        seed,
                        id: format!("w{seed}_{n}"),
                        world: w.name.clone(),
                        lang,
                        files,
                        wit: text.clone(),
                    });
                }
                Ok(Err(e)) => {
                    let message = format!("{e:#}");
                    if allowed_refusal(&message) {
                        report.count(counter(lang, "refused (allowed)"));
                    } else {
                        let what = format!("`weld bindgen {}` refused world `{}`: {message}", lang.name(), w.name);
                        report.fail("bindgen-refusal", seed, what, &[("input.wit", text.as_bytes())]);
                    }
                }
                Err(panic) => {
                    let what = format!("`weld bindgen {}` of world `{}` {panic}", lang.name(), w.name);
                    report.fail("bindgen-panic", seed, what, &[("input.wit", text.as_bytes())]);
                }
            }
        }
    }
    out
}

/// weld refuses wasm packages whose `@since` gates WIT text cannot carry
/// (see `tests/wit/errors/since-without-version.wat`).
fn untextual_gate(message: &str) -> bool {
    message.contains("which WIT text allows only in a versioned package")
        || message.contains("a version after the package's own")
}

/// The report's counter for a language.
pub fn counter(lang: Lang, what: &str) -> &'static str {
    let s = format!("bindgen {}: {what}", lang.name());
    // A handful of distinct strings for the whole run.
    Box::leak(s.into_boxed_str())
}

/// The refusals the README lists: async functions, `stream`, `future`,
/// `error-context`, `map`, fixed-length lists, a `borrow` inside another
/// type, flags over 32 members, and Go's clash of two names.
pub fn allowed_refusal(message: &str) -> bool {
    const ALLOWED: &[&str] = &[
        "cannot bind async function",
        "cannot bind `stream`",
        "cannot bind `future`",
        "cannot bind `error-context`",
        "cannot bind `map`",
        "a fixed-length list",
        "a `borrow` handle inside",
        "flags with",
        "the Go bindings would declare",
    ];
    ALLOWED.iter().any(|a| message.contains(a))
}

type Mismatch = (&'static str, String, String);

/// `weld wit`'s round trips, as the e2e harness checks them for fixtures:
/// the whole text (`--all-packages`) parses and prints back identically;
/// `--out-dir` loads back to the same package; `--wasm` loads back to the
/// same main package.
fn round_trip(name: &str, wasm: &[u8], tmp: &Path) -> Result<Wit, Mismatch> {
    let load = |name: &str, bytes: Vec<u8>| {
        let opts = LoadOptions { all_features: true, ..LoadOptions::default() };
        weld_wit::load(&[Input::Bytes { name: name.to_string(), bytes }], &opts)
    };
    let p = PrintOptions::default();
    let wit = load(name, wasm.to_vec()).map_err(|e| ("wit-load", format!("{e:#}"), String::new()))?;
    let all = print::all_packages(&wit, &p).map_err(|e| ("wit-print", format!("{e:#}"), String::new()))?;
    let fail = |kind, what: String| (kind, what, all.clone());
    let wit2 = load("all.wit", all.clone().into_bytes())
        .map_err(|e| fail("wit-reparse", format!("the printed text does not load again: {e:#}")))?;
    let all2 = print::all_packages(&wit2, &p).map_err(|e| fail("wit-print", format!("{e:#}")))?;
    if all != all2 {
        return Err(fail("wit-roundtrip", diff("print → parse → print (--all-packages)", &all, &all2)));
    }
    // --out-dir, then the folder, prints the same main package.
    let first = print::package(&wit, &p).map_err(|e| fail("wit-print", format!("{e:#}")))?;
    let dir = tmp.join("out-dir");
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, text) in print::out_dir_files(&wit, &p).map_err(|e| fail("wit-print", format!("{e:#}")))? {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).map_err(|e| fail("io", e.to_string()))?;
        std::fs::write(&path, text).map_err(|e| fail("io", e.to_string()))?;
    }
    let opts = LoadOptions { all_features: true, ..LoadOptions::default() };
    let from_dir = weld_wit::load(&[Input::Path(dir.clone())], &opts)
        .map_err(|e| fail("wit-out-dir", format!("--out-dir wrote a folder that does not load: {e:#}")))?;
    let second = print::package(&from_dir, &p).map_err(|e| fail("wit-print", format!("{e:#}")))?;
    if first != second {
        return Err(fail("wit-out-dir", diff("--out-dir then wit", &first, &second)));
    }
    // --wasm of the text, then back.
    let text_main = print::package(&wit2, &p).map_err(|e| fail("wit-print", format!("{e:#}")))?;
    let bytes = print::wasm(&wit2).map_err(|e| fail("wit-wasm", format!("--wasm failed: {e:#}")))?;
    let wit3 = load("p.wasm", bytes).map_err(|e| fail("wit-wasm", format!("--wasm output does not load: {e:#}")))?;
    let back = print::package(&wit3, &p).map_err(|e| fail("wit-print", format!("{e:#}")))?;
    if main_package(&text_main) != main_package(&back) {
        return Err(fail("wit-wasm", diff("--wasm then wit", main_package(&text_main), main_package(&back))));
    }
    Ok(wit)
}

/// The text up to the first nested `package x:y {` block (and its docs and
/// gates): the binary format has no nested packages, so after `--wasm`
/// they come back as dependencies and only the main package is compared.
pub fn main_package(s: &str) -> &str {
    let mut offset = 0;
    let mut block_start = None;
    for line in s.split_inclusive('\n') {
        if line.starts_with("///") || line.starts_with('@') {
            block_start.get_or_insert(offset);
        } else if line.starts_with("package ") && line.trim_end().ends_with('{') {
            return s[..block_start.unwrap_or(offset)].trim_end();
        } else {
            block_start = None;
        }
        offset += line.len();
    }
    s.trim_end()
}

/// The two texts, from the first line that differs.
fn diff(what: &str, a: &str, b: &str) -> String {
    let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(a.lines().count().min(b.lines().count()));
    let tail = |s: &str| s.lines().skip(line.saturating_sub(2)).take(12).collect::<Vec<_>>().join("\n");
    format!("{what} changed the text at line {}\n--- first\n{}\n--- second\n{}", line + 1, tail(a), tail(b))
}

#[cfg(test)]
mod tests {
    use super::{allowed_refusal, main_package};

    #[test]
    fn refusals_are_the_readme_list() {
        assert!(allowed_refusal("`weld bindgen --lang go` cannot bind async function `f` in world `w`: why"));
        assert!(allowed_refusal("`weld bindgen --lang zig` cannot bind `stream`, used by function `f`: why"));
        assert!(!allowed_refusal("failed to encode the world"));
    }

    #[test]
    fn main_package_stops_at_a_nested_block() {
        let text = "package a:b;\n\ninterface i {\n}\n\n/// docs\npackage c:d {\n  interface j {\n  }\n}\n";
        assert_eq!(main_package(text), "package a:b;\n\ninterface i {\n}");
        assert_eq!(main_package("package a:b;\n"), "package a:b;");
    }
}
