//! `weld check`'s policy through the library: a full `weld.toml` (project,
//! base, host, components and a composition), read, planned and run with
//! no binary.

use std::path::Path;

use weld_project::check;

const OLD: &str = "package demo:api@1.0.0;\n\ninterface calc {\n  add: func(a: u32, b: u32) -> u32;\n}\n\nworld plugin {\n  export calc;\n}\n";

/// 1.0.1 adds a function to an interface the world exports: every exporter
/// must now provide it, a major change, released as
/// a patch.
const NEW: &str = "package demo:api@1.0.1;\n\ninterface calc {\n  add: func(a: u32, b: u32) -> u32;\n  sub: func(a: u32, b: u32) -> u32;\n}\n\nworld plugin {\n  export calc;\n}\n";

/// A component exporting `demo:api/calc@1.0.1` with both functions.
const FITS: &str = r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "sub") (param i32 i32) (result i32) local.get 0 local.get 1 i32.sub))
  (core instance $i (instantiate $m))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func $sub (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "sub")))
  (instance $calc (export "add" (func $add)) (export "sub" (func $sub)))
  (export "demo:api/calc@1.0.1" (instance $calc)))"#;

/// A composition that still imports `wasi:cli/stdout@0.2.3` (the host's) and
/// `demo:store/kv@0.1.0` (nobody's).
const COMPOSED: &str = r#"(component
  (import "wasi:cli/stdout@0.2.3" (instance))
  (import "demo:store/kv@0.1.0" (instance)))"#;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_full_manifest_is_planned_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "wit/api.wit", NEW);
    write(dir, "released/api.wit", OLD);
    std::fs::write(dir.join("plugin.wasm"), wat::parse_str(FITS).unwrap()).unwrap();
    std::fs::write(dir.join("app.wasm"), wat::parse_str(COMPOSED).unwrap()).unwrap();
    write(
        dir,
        "weld.toml",
        "[project]\nname = \"demo\"\nwit = \"wit\"\noutput = \"app.wasm\"\n\n\
         [check]\nbase = \"released\"\nhost = [\"wasi:cli/command@0.2.x\"]\n\
         components = [{ path = \"plugin.wasm\", world = \"plugin\" }]\ncomposed = [\"app.wasm\"]\n",
    );
    let loaded = weld_project::manifest::read(&dir.join("weld.toml")).unwrap();
    let plan = check::plan(&loaded);
    assert!(plan.wit.as_ref().is_some_and(|w| w.ends_with("wit")), "wit defaults to the project's");
    let report = check::run(&plan).unwrap();

    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["version-bump/function-added", "composition-open-import"], "{:#?}", report.findings);
    let bump = &report.findings[0];
    assert!(
        bump.message.contains("breaks exporters; needs a major version, but 1.0.0 → 1.0.1 is a patch bump"),
        "{}",
        bump.message
    );
    let at = bump.location.as_ref().expect("a change has a location");
    assert!(at.path.ends_with("wit/api.wit") && at.line == Some(5) && at.column.is_some(), "{at}");
    let open = &report.findings[1];
    assert!(open.message.contains("`demo:store/kv@0.1.0`"), "{}", open.message);
    assert!(!report.findings.iter().any(|f| f.message.contains("wasi:cli/stdout")), "the host serves 0.2.x");
    assert!(report.passed.iter().any(|p| p.contains("`wit` parses") || p.contains("parses")), "{:?}", report.passed);
    assert!(report.passed.iter().any(|p| p.contains("fits world `plugin`")), "{:?}", report.passed);
}

#[test]
fn a_wit_error_is_a_finding_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "wit/api.wit", "package demo:api;\n\ninterface calc {\n  add: func(a: u33);\n}\n");
    write(dir, "weld.toml", "[check]\nwit = \"wit\"\n");
    let loaded = weld_project::manifest::read(&dir.join("weld.toml")).unwrap();
    let report = check::run(&check::plan(&loaded)).unwrap();
    let f = &report.findings[0];
    assert_eq!(f.rule, "wit-invalid");
    let at = f.location.as_ref().unwrap();
    assert!(at.path.ends_with("api.wit") && at.line == Some(4) && at.column == Some(16), "{at}");
}
