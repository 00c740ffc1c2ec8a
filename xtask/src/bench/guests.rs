//! The same guest in C, Rust, Go and Zig, each on weld's bindings and built
//! by `weld build --release` with the language's real toolchain: component
//! size and the fuel `weld run --report-fuel` measures for each call of
//! `bindgen/guest.wit` (a string echo, a list of 100 records, a loop over
//! 1000 resources). Fuel is deterministic; the ratios are against C.

use std::path::Path;
use std::process::Command;

use super::Env;
use super::bindgen::{CALLS, fuel, size};
use crate::util;

const GUEST_WIT: &str = include_str!("bindgen/guest.wit");

/// Language, source (relative to `xtask/src/bench`), and what it needs.
const GUESTS: &[(&str, &str)] =
    &[("c", "bindgen/guest.c"), ("rust", "guests/rust"), ("go", "guests/go"), ("zig", "guests/zig/main.zig")];

pub fn run(env: &Env) -> Result<(), String> {
    let dir = env.work.join("guests");
    let wit = dir.join("wit");
    std::fs::create_dir_all(&wit).map_err(|e| e.to_string())?;
    std::fs::write(wit.join("guest.wit"), GUEST_WIT).map_err(|e| e.to_string())?;
    let sources = env.root.join("xtask/src/bench");

    println!("the same guest in four languages, on weld's bindings (weld build --release)");
    print!("{:<6} {:>16}", "guest", "size");
    for call in CALLS {
        print!(" {:>24}", format!("fuel: {}", call.split('(').next().unwrap_or(call)));
    }
    println!();
    let mut base: Option<(u64, Vec<u64>)> = None;
    for (lang, source) in GUESTS {
        let component = match build(env, &dir, lang, &sources.join(source)) {
            Ok(c) => c,
            Err(e) => {
                println!("{lang:<6} not built: {}", e.lines().last().unwrap_or_default());
                continue;
            }
        };
        let s = size(&component)?;
        let f = fuel(env, &component)?;
        let (bs, bf) = base.get_or_insert_with(|| (s, f.clone())).clone();
        print!("{lang:<6} {:>16}", format!("{s} ({:.2})", s as f64 / bs as f64));
        for (a, b) in f.iter().zip(&bf) {
            print!(" {:>24}", format!("{a} ({:.2})", *a as f64 / *b as f64));
        }
        println!();
    }
    println!("(size in bytes, fuel in wasmtime fuel units; ratios against C)\n");
    Ok(())
}

/// Builds one guest with a one-component `weld.toml`.
fn build(env: &Env, dir: &Path, lang: &str, source: &Path) -> Result<std::path::PathBuf, String> {
    let project = dir.join(lang);
    std::fs::create_dir_all(&project).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[project]\nname = \"guest-{lang}\"\nwit = \"../wit\"\noutput = \"guest.wasm\"\n\n\
         [[component]]\nname = \"guest\"\nlanguage = \"{lang}\"\nworld = \"guest\"\nsources = [{:?}]\n",
        source.display().to_string()
    );
    let toml = project.join("weld.toml");
    std::fs::write(&toml, manifest).map_err(|e| e.to_string())?;
    // The npm tools the suite installed are found on PATH, as a user's are.
    let tools = crate::install::tools_dir().join("node_modules/.bin");
    let path = format!("{}:{}", tools.display(), std::env::var("PATH").unwrap_or_default());
    util::output(Command::new(&env.weld).args(["build", "--release", "-p"]).arg(&toml).env("PATH", path))?;
    Ok(project.join("guest.wasm"))
}
