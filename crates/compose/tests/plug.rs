//! `weld_compose::plug` over components written inline in WAT: no binary,
//! no files.

use weld_compose::plug::{Part, plug};

/// A provider exporting `a:b/c@VERSION` with `f: func() -> u32` (42).
fn provider(version: &str) -> Part {
    let text = format!(
        r#"(component
             (core module $m (func (export "f") (result i32) i32.const 42))
             (core instance $i (instantiate $m))
             (func $f (result u32) (canon lift (core func $i "f")))
             (instance $inst (export "f" (func $f)))
             (export "a:b/c@{version}" (instance $inst)))"#
    );
    Part { path: format!("provider-{version}.wasm").into(), bytes: wat::parse_str(&text).unwrap() }
}

/// A consumer importing `a:b/c@1.0.0` and exporting `run: func() -> u32`.
fn consumer() -> Part {
    let text = r#"(component
         (import "a:b/c@1.0.0" (instance $c (export "f" (func (result u32)))))
         (alias export $c "f" (func $f))
         (core func $lf (canon lower (func $f)))
         (core module $m
           (import "c" "f" (func $g (result i32)))
           (func (export "run") (result i32) call $g))
         (core instance $ci (instantiate $m (with "c" (instance (export "f" (func $lf))))))
         (func $run (result u32) (canon lift (core func $ci "run")))
         (export "run" (func $run)))"#;
    Part { path: "app.wasm".into(), bytes: wat::parse_str(text).unwrap() }
}

#[test]
fn a_newer_compatible_provider_is_wired_and_closes_every_import() {
    let (plan, composed) = plug(consumer(), vec![provider("1.2.0")], true, false).unwrap();
    assert_eq!(plan.wires.len(), 1);
    let w = &plan.wires[0];
    assert_eq!((w.consumer.as_str(), w.import.as_str()), ("app.wasm", "a:b/c@1.0.0"));
    assert_eq!((w.provider.as_str(), w.export.as_str()), ("provider-1.2.0.wasm", "a:b/c@1.2.0"));
    assert!(plan.open.is_empty() && plan.unused.is_empty() && plan.problems.is_empty());
    assert!(plan.wac.contains("a:b/c@1.0.0"), "{}", plan.wac);
    let composed = composed.expect("encode was asked for");
    assert!(composed.imports.is_empty(), "{:?}", composed.imports);
    assert_eq!(weld_compose::component_exports(&composed.bytes).unwrap(), ["run"]);
    // The same inputs give the same bytes.
    let (_, again) = plug(consumer(), vec![provider("1.2.0")], true, false).unwrap();
    assert_eq!(again.unwrap().bytes, composed.bytes);
}

#[test]
fn an_incompatible_version_is_left_open_and_explained() {
    let (plan, composed) = plug(consumer(), vec![provider("2.0.0")], false, false).unwrap();
    assert!(composed.is_none());
    assert!(plan.wires.is_empty());
    assert_eq!(plan.open, [("app.wasm".to_string(), "a:b/c@1.0.0".to_string())]);
    assert_eq!(plan.unused, ["provider-2.0.0.wasm"]);
    let problem = &plan.problems[0];
    assert_eq!(problem.import, "a:b/c@1.0.0");
    let (who, export, why) = &problem.candidates[0];
    assert_eq!((who.as_str(), export.as_str()), ("provider-2.0.0.wasm", "a:b/c@2.0.0"));
    assert!(why.contains("2.0.0 does not satisfy 1.0.0"), "{why}");
    // Asked to encode, the plug refuses with the same explanation.
    let Err(err) = plug(consumer(), vec![provider("2.0.0")], true, false) else { panic!("the plug was encoded") };
    let err = err.to_string();
    assert!(err.contains("`app.wasm` imports `a:b/c@1.0.0`") && err.contains("another version"), "{err}");
}

#[test]
fn an_older_provider_does_not_satisfy_a_newer_import() {
    let (plan, _) = plug(consumer(), vec![provider("0.9.0")], false, false).unwrap();
    assert!(plan.wires.is_empty());
    assert_eq!(plan.open.len(), 1);
}
