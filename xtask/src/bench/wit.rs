//! `weld wit` against `wasm-tools component wit` on the WASI HTTP trees.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Env, copy_package, ms, time_pair};
use crate::util;

pub fn run(env: &Env) -> Result<(), String> {
    let cases = [
        ("wasi:http@0.2.12 tree", http_tree(&env.root, "0.2.12", &env.work.join("http-0.2.12"))?),
        ("wasi:http@0.2.0 tree", http_tree(&env.root, "0.2.0", &env.work.join("http-0.2.0"))?),
    ];
    println!("weld wit --all-packages DIR  vs  wasm-tools component wit DIR");
    println!("{:<24} {:>10} {:>12} {:>7}  output", "input", "weld", "wasm-tools", "ratio");
    let mut worst: f64 = 0.0;
    for (name, dir) in &cases {
        let dir = dir.to_str().unwrap();
        let mut weld_cmd = Command::new(&env.weld);
        // `--all-packages` prints the dependencies too, as wasm-tools does.
        weld_cmd.args(["wit", "--all-packages", dir]);
        let mut ref_cmd = Command::new(&env.wasm_tools);
        ref_cmd.args(["component", "wit", dir]);
        let (ours, theirs) = (util::output(&mut weld_cmd)?, util::output(&mut ref_cmd)?);
        let same = if ours == theirs {
            "identical"
        } else if without_blank_lines(&ours) == without_blank_lines(&theirs) {
            "same but for blank lines"
        } else {
            "differs"
        };
        let (a, b) = time_pair(&mut weld_cmd, &mut ref_cmd, env.runs)?;
        let ratio = a.as_secs_f64() / b.as_secs_f64();
        worst = worst.max(ratio);
        println!("{name:<24} {:>8.2}ms {:>10.2}ms {ratio:>7.3}  {same}", ms(a), ms(b));
    }
    println!("target: time ratio <= 1.0; worst {worst:.3}\n");
    Ok(())
}

fn without_blank_lines(s: &str) -> Vec<&str> {
    s.lines().filter(|l| !l.trim().is_empty()).collect()
}

/// A folder whose main package is wasi:http at `version`, with every other
/// WASI package of that version in `deps/` (as weld's `wit/` holds them).
fn http_tree(root: &Path, version: &str, dest: &Path) -> Result<PathBuf, String> {
    let src = root.join("wit/wasi").join(version);
    let deps = dest.join("deps");
    std::fs::create_dir_all(&deps).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(&src).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let target = if stem == "http" { dest.to_path_buf() } else { deps.join(&stem) };
        copy_package(&path, &target)?;
    }
    Ok(dest.to_path_buf())
}
