//! `weld new` against `wasm-tools component new`, on the same inputs.
//!
//! * small: the hand-written `calc` module of the component fixtures, with
//!   its world embedded;
//! * preview1: the `hello` preview1 command (weld picks its own adapter;
//!   wasm-tools is given the same adapter file with `--adapt`);
//! * large: a generated module of about 18 MB (the size of a componentize-py
//!   core) exporting the `calc` world, with its world embedded.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Env, ms, time_pair};
use crate::util;

pub fn run(env: &Env) -> Result<(), String> {
    let dir = env.work.join("new");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let calc_wit = env.root.join("tests/component/calc.wit");
    let embed = |core: &Path, out: &Path| -> Result<(), String> {
        util::output(
            Command::new(&env.weld)
                .arg("embed")
                .arg(core)
                .arg("--wit")
                .arg(&calc_wit)
                .args(["--world", "calc", "-o"])
                .arg(out),
        )
        .map(|_| ())
    };
    let small = dir.join("small.wasm");
    embed(&env.root.join("tests/component/calc.wat"), &small)?;
    let hello = dir.join("hello.wasm");
    util::output(
        Command::new(&env.wasm_tools)
            .arg("parse")
            .arg(env.root.join("tests/component/hello-preview1.wat"))
            .arg("-o")
            .arg(&hello),
    )?;
    let large_wat = dir.join("large.wat");
    std::fs::write(&large_wat, large_module(18 << 20)).map_err(|e| e.to_string())?;
    let large_core = dir.join("large.core.wasm");
    util::output(Command::new(&env.wasm_tools).arg("parse").arg(&large_wat).arg("-o").arg(&large_core))?;
    let large = dir.join("large.wasm");
    embed(&large_core, &large)?;
    let adapter = command_adapter(&env.root)?;

    println!("weld new IN -o A  vs  wasm-tools component new IN -o B");
    println!(
        "{:<10} {:>12} {:>10} {:>12} {:>7} {:>12} {:>12} {:>7}",
        "input", "input size", "weld", "wasm-tools", "ratio", "weld bytes", "wt bytes", "size"
    );
    let mut worst: (f64, f64) = (0.0, 0.0);
    for (name, input, adapt) in [("small", &small, None), ("preview1", &hello, Some(&adapter)), ("large", &large, None)]
    {
        let (ours, theirs) = (dir.join(format!("{name}.weld.wasm")), dir.join(format!("{name}.wt.wasm")));
        let mut weld_cmd = Command::new(&env.weld);
        weld_cmd.arg("new").arg(input).arg("-o").arg(&ours);
        let mut ref_cmd = Command::new(&env.wasm_tools);
        ref_cmd.args(["component", "new"]).arg(input).arg("-o").arg(&theirs);
        if let Some(a) = adapt {
            ref_cmd.arg("--adapt").arg(format!("wasi_snapshot_preview1={}", a.display()));
        }
        let (a, b) = time_pair(&mut weld_cmd, &mut ref_cmd, env.runs)?;
        let size = |p: &PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let (sa, sb, si) = (size(&ours), size(&theirs), size(input));
        let ratio = a.as_secs_f64() / b.as_secs_f64();
        let size_ratio = sa as f64 / sb as f64;
        worst = (worst.0.max(ratio), worst.1.max(size_ratio));
        println!(
            "{name:<10} {si:>12} {:>8.2}ms {:>10.2}ms {ratio:>7.3} {sa:>12} {sb:>12} {size_ratio:>7.3}",
            ms(a),
            ms(b)
        );
    }
    println!("target: time ratio <= 1.0 and size ratio <= 1.0; worst {:.3} and {:.3}\n", worst.0, worst.1);
    Ok(())
}

/// The preview1 command adapter weld embeds, from cargo's registry copy of
/// `wasi-preview1-component-adapter-provider`.
fn command_adapter(root: &Path) -> Result<PathBuf, String> {
    let meta = util::output(util::cargo().args(["metadata", "--format-version", "1", "--locked"]).current_dir(root))?;
    let key = "wasi-preview1-component-adapter-provider-";
    let manifest = meta
        .split('"')
        .find(|s| s.contains(key) && s.ends_with("Cargo.toml"))
        .ok_or("adapter provider not found in cargo metadata")?;
    let dir = Path::new(manifest).parent().unwrap();
    Ok(dir.join("artefacts/wasi_snapshot_preview1.command.wasm"))
}

/// WAT for a module of roughly `bytes` bytes that fits world `calc`: many
/// internal functions with arithmetic bodies, plus the `calc` exports.
fn large_module(bytes: usize) -> String {
    let mut wat = String::from("(module\n  (import \"demo:calc/host\" \"log\" (func $log (param i32 i32)))\n");
    wat.push_str("  (memory (export \"memory\") 1)\n");
    wat.push_str("  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) i32.const 1024)\n");
    wat.push_str(
        "  (func (export \"demo:calc/ops#add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)\n",
    );
    wat.push_str("  (func (export \"demo:calc/ops#greet\") (param i32 i32) (result i32) i32.const 16)\n");
    // Each function body is about 200 bytes of code.
    let count = bytes / 200;
    for i in 0..count {
        let _ = write!(wat, "  (func $f{i} (param i32) (result i32) local.get 0");
        for k in 0..40 {
            let _ = write!(wat, " i32.const {} i32.add", (i * 31 + k) % 100_000);
        }
        wat.push_str(")\n");
    }
    wat.push_str(")\n");
    wat
}
