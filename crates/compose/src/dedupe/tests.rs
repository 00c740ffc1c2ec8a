use super::*;

const MODULE: &str = r#"(core module (func (export "f") (result i32) i32.const 42))"#;

/// A component holding `MODULE` (and one module of its own), lifting `f`.
fn member(own: i32) -> String {
    format!(
        r#"(component
            (core module $own (func (export "g") (result i32) i32.const {own}))
            {MODULE}
            (core instance $i (instantiate 1))
            (core instance $j (instantiate $own))
            (func (export "f") (result u32) (canon lift (core func $i "f")))
            (func (export "g") (result u32) (canon lift (core func $j "g")))
        )"#
    )
}

fn composition(members: &[String], outer_module: bool) -> Vec<u8> {
    let mut text = String::from("(component\n");
    if outer_module {
        text.push_str("(core module $outer)\n");
    }
    for (i, m) in members.iter().enumerate() {
        text.push_str(&m.replacen("(component", &format!("(component $c{i}"), 1));
        text.push_str(&format!("\n(instance $i{i} (instantiate $c{i}))\n"));
        text.push_str(&format!("(export \"f{i}\" (func $i{i} \"f\"))\n(export \"g{i}\" (func $i{i} \"g\"))\n"));
    }
    text.push(')');
    wat::parse_str(&text).unwrap()
}

fn print(bytes: &[u8]) -> String {
    wasmprinter::print_bytes(bytes).unwrap()
}

#[test]
fn identical_modules_are_defined_once() {
    let input = composition(&[member(1), member(2)], false);
    let d = dedupe(&input).unwrap();
    assert_eq!(d.skipped, None);
    assert_eq!(d.shared.len(), 1, "only the common module is shared");
    assert_eq!(d.shared[0].copies, 2);
    assert_eq!(d.shared[0].index, 0);
    assert!(d.bytes.len() < input.len(), "{} >= {}", d.bytes.len(), input.len());
    assert_eq!(d.saved(), input.len() - d.bytes.len());
    weld_component::validate("deduped", &d.bytes).unwrap();
    let text = print(&d.bytes);
    // The copies became outer aliases at the module's place (index 1 in
    // each member), and the modules of their own stayed.
    assert_eq!(text.matches("(alias outer 1 0 (core module (;1;)))").count(), 2, "{text}");
    assert_eq!(text.matches("i32.const 42").count(), 1, "{text}");
    assert!(text.contains("i32.const 1") && text.contains("i32.const 2"), "{text}");
    // Deterministic.
    assert_eq!(dedupe(&input).unwrap().bytes, d.bytes);
    // A second pass finds nothing more to share.
    let again = dedupe(&d.bytes).unwrap();
    assert!(again.shared.is_empty());
    assert_eq!(again.bytes, d.bytes);
}

#[test]
fn nothing_repeated_leaves_the_bytes_alone() {
    let input = composition(&[member(1)], false);
    let d = dedupe(&input).unwrap();
    assert!(d.shared.is_empty() && d.skipped.is_none());
    assert_eq!(d.bytes, input);
}

#[test]
fn modules_repeated_deeper_alias_further_out() {
    // The second member nests its copy one component deeper.
    let deep = format!(
        r#"(component
            (component $inner {MODULE} (core instance $i (instantiate 0))
              (func (export "f") (result u32) (canon lift (core func $i "f"))))
            (instance $x (instantiate $inner))
            (export "f" (func $x "f"))
            (core module $own (func (export "g") (result i32) i32.const 7))
            (core instance $j (instantiate $own))
            (func (export "g") (result u32) (canon lift (core func $j "g")))
        )"#
    );
    let input = composition(&[member(1), deep], false);
    let d = dedupe(&input).unwrap();
    assert_eq!(d.shared.len(), 1);
    weld_component::validate("deduped", &d.bytes).unwrap();
    let text = print(&d.bytes);
    assert!(text.contains("(alias outer 2 0 (core module"), "{text}");
    assert!(text.contains("(alias outer 1 0 (core module"), "{text}");
}

#[test]
fn an_outer_component_with_core_modules_is_skipped() {
    let input = composition(&[member(1), member(2)], true);
    let d = dedupe(&input).unwrap();
    assert!(d.shared.is_empty());
    assert!(d.skipped.as_deref().unwrap().contains("core modules of its own"), "{:?}", d.skipped);
    assert_eq!(d.bytes, input);
}

#[test]
fn a_core_module_is_refused() {
    let module = wat::parse_str(MODULE.replace("core module", "module")).unwrap();
    let err = dedupe(&module).unwrap_err();
    assert!(err.to_string().contains("expected a component, found a core module"), "{err}");
}

#[test]
fn a_module_smaller_than_its_aliases_stays_copied() {
    let tiny = "(component (core module) (core module (func (export \"f\"))))".to_string();
    let input = composition(&[tiny.clone(), tiny], false);
    let d = dedupe(&input).unwrap();
    assert!(d.shared.is_empty(), "{:?}", d.shared);
    assert_eq!(d.bytes, input);
}
