//! The fit analysis against wit-component's own corpus (found with `cargo
//! metadata`, as the e2e harness finds it): silent on every module that
//! wit-component accepts (with its adapters), and naming a problem for the
//! refusals that are about names and signatures.

use std::path::{Path, PathBuf};
use std::process::Command;

use weld_component::fit::{self, CoreShape};
use wit_parser::Resolve;

fn corpus() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(root)
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let manifest = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "wit-component"))
        .and_then(|p| p["manifest_path"].as_str())
        .expect("wit-component is a dependency");
    Path::new(manifest).parent().unwrap().join("tests/components")
}

/// The problems fit finds with a case's `module.wat` against its world
/// `module`, given the import modules its `adapt-*.wat` files adapt.
fn problems(case: &Path) -> Vec<String> {
    let mut resolve = Resolve::default();
    let (pkg, _) = resolve.push_dir(case).expect("the case's WIT loads");
    let world = resolve.select_world(&[pkg], Some("module")).expect("world `module`");
    let module = wat::parse_file(case.join("module.wat")).expect("module.wat parses");
    let shape = CoreShape::read(&module).expect("the module reads");
    let mut adapted = Vec::new();
    for entry in std::fs::read_dir(case).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_prefix("adapt-").and_then(|n| n.strip_suffix(".wat")) {
            let text = std::fs::read_to_string(&path).unwrap();
            let first = text.lines().next().and_then(|l| l.strip_prefix(";; module name: "));
            adapted.push(first.map_or(stem.to_string(), |n| n.trim().to_string()));
        }
    }
    fit::check(&shape, &resolve, world, &adapted)
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("the corpus folder reads")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("module.wat").is_file())
        .collect();
    cases.sort();
    cases
}

#[test]
fn silent_where_wit_component_accepts() {
    let mut false_alarms = Vec::new();
    let mut checked = 0;
    for case in cases().iter().filter(|c| !c.file_name().unwrap().to_string_lossy().starts_with("error-")) {
        checked += 1;
        let found = problems(case);
        if !found.is_empty() {
            false_alarms.push(format!("{}: {}", case.display(), found.join("; ")));
        }
    }
    assert!(checked > 50, "only {checked} accepted cases found");
    assert!(false_alarms.is_empty(), "fit explains modules wit-component accepts:\n{}", false_alarms.join("\n"));
}

/// The refusals about names and core signatures, which fit explains; the
/// corpus's other refusals (a missing async callback, resource intrinsics,
/// an adapter without memory, module names wit-component cannot parse) are
/// left to wit-component's own message.
const EXPLAINED: &[&str] = &[
    "error-default-export-sig-mismatch",
    "error-empty-module-import",
    "error-export-sig-mismatch",
    "error-import-sig-mismatch",
    "error-missing-default-export",
    "error-missing-export",
    "error-missing-import",
    "error-missing-import-func",
    "error-missing-module-metadata",
];

#[test]
fn names_problems_where_wit_component_refuses() {
    let mut silent = Vec::new();
    for name in EXPLAINED {
        let case = corpus().join(name);
        assert!(case.is_dir(), "the corpus has no case `{name}`");
        if problems(&case).is_empty() {
            silent.push(*name);
        }
    }
    assert!(silent.is_empty(), "fit finds nothing wrong in: {}", silent.join(", "));
}
