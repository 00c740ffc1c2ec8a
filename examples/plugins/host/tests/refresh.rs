//! The one-shot path behind `--watch`: `Plugins::refresh` sees added,
//! changed and removed plugin files. The plugins here are small WAT
//! components of the `plugin` world, so the test needs no guest toolchain.

use std::path::Path;

use weld_plugins_host::{Change, Plugins, runner};

/// A plugin called `name` whose `transform` returns its input unchanged.
fn echo(name: &str) -> String {
    format!(
        r#"(component
  (core module $m
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $p))
    (data (i32.const 0) "{name}")
    (func (export "name") (result i32)
      (i32.store (i32.const 16) (i32.const 0))
      (i32.store (i32.const 20) (i32.const {len}))
      (i32.const 16))
    (func (export "transform") (param i32 i32) (result i32)
      (i32.store8 (i32.const 32) (i32.const 0))
      (i32.store (i32.const 36) (local.get 0))
      (i32.store (i32.const 40) (local.get 1))
      (i32.const 32)))
  (core instance $i (instantiate $m))
  (func (export "name") (result string) (canon lift (core func $i "name") (memory $i "memory")))
  (func (export "transform") (param "input" string) (result (result string (error string)))
    (canon lift (core func $i "transform") (memory $i "memory") (realloc (func $i "realloc")))))"#,
        len = name.len()
    )
}

fn write(dir: &Path, file: &str, text: &str) {
    // Written beside and renamed, as a build would, so a look at the folder
    // never sees half a file.
    let tmp = dir.join(format!("{file}.part"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, dir.join(file)).unwrap();
}

#[test]
fn refresh_sees_added_changed_and_removed_plugins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "echo.wasm", &echo("echo"));
    write(d, "notes.txt", "not a plugin");
    let mut plugins = Plugins::open(d, runner(None).unwrap()).unwrap();
    assert_eq!(plugins.summary(), ["loaded echo.wasm as `echo`"]);
    assert_eq!(plugins.transform_all("hi"), [r#"echo("hi") = ok("hi")"#]);
    assert_eq!(plugins.refresh().unwrap(), []);

    // A new build of the same file (another size), a new file, and a file
    // that is not a plugin.
    write(d, "echo.wasm", &echo("echo-2"));
    write(d, "other.wasm", &echo("other"));
    write(d, "broken.wasm", "not wasm at all");
    let changes = plugins.refresh().unwrap();
    assert_eq!(
        changes,
        [Change::Added("broken.wasm".into()), Change::Changed("echo.wasm".into()), Change::Added("other.wasm".into())]
    );
    let described: Vec<String> = changes.iter().map(|c| plugins.describe_change(c)).collect();
    assert_eq!(
        described,
        [
            "added broken.wasm, not loaded: `broken.wasm` is not WebAssembly: expected the `\\0asm` header or WebAssembly text, found bytes `6e 6f 74 20` (\"not \")",
            "reloaded echo.wasm as `echo-2`",
            "added other.wasm as `other`",
        ]
        .map(|s| s.replace("broken.wasm`", &format!("{}`", d.join("broken.wasm").display())))
    );
    assert_eq!(plugins.names(), ["echo-2", "other"]);

    std::fs::remove_file(d.join("other.wasm")).unwrap();
    assert_eq!(plugins.refresh().unwrap(), [Change::Removed("other.wasm".into())]);
    assert_eq!(plugins.names(), ["echo-2"]);
}
