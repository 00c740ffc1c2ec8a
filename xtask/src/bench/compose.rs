//! `weld compose` / `weld plug` against `wac compose` / `wac plug`
//! (crates.io `wac-cli`), on the same inputs.
//!
//! * the four-component chain of the compose fixtures, as a WAC document;
//! * one-level plugging (`wac plug` does not follow plugs' own imports);
//! * the polyglot example's WAC document (components of 17 MB and 11 MB), when
//!   its toolchains are installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Env, ms, time_pair};
use crate::util;

pub fn run(env: &Env) -> Result<(), String> {
    let Some(wac) = wac_cli(&env.root) else {
        println!(
            "wac-cli is not installed: `cargo install wac-cli --version 0.12.0 --root target/bench-tools` adds it\n"
        );
        return Ok(());
    };
    let dir = env.work.join("compose");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let chain = env.root.join("tests/compose/chain");
    util::output(Command::new("sh").arg(chain.join("build.sh")).arg(&dir).env("WELD", &env.weld))?;
    let deps = dir.join("deps");
    let mut cases: Vec<(&str, Vec<String>, Vec<String>)> = Vec::new();
    let spread = chain.join("spread.wac").display().to_string();
    let deps_s = deps.display().to_string();
    cases.push((
        "WAC, 4 components",
        vec!["compose".into(), spread.clone(), "--deps-dir".into(), deps_s.clone()],
        vec!["compose".into(), spread, "--deps-dir".into(), deps_s],
    ));
    let p = |n: &str| dir.join(n).display().to_string();
    cases.push((
        "plug, one level",
        vec!["plug".into(), p("doubler.wasm"), "--plug".into(), p("offsetter.wasm")],
        vec!["plug".into(), p("doubler.wasm"), "--plug".into(), p("offsetter.wasm")],
    ));
    let poly = env.work.join("polyglot");
    let built = Command::new("sh")
        .arg(env.root.join("examples/polyglot/build.sh"))
        .arg(&poly)
        .env("WELD", &env.weld)
        .env(
            "PATH",
            format!(
                "{}:{}",
                crate::install::tools_dir().join("node_modules/.bin").display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .is_ok_and(|o| o.status.success());
    if built {
        let doc = env.root.join("examples/polyglot/app.wac").display().to_string();
        let d = poly.join("deps").display().to_string();
        cases.push((
            "WAC, polyglot (29 MB)",
            vec!["compose".into(), doc.clone(), "--deps-dir".into(), d.clone()],
            vec!["compose".into(), doc, "--deps-dir".into(), d],
        ));
    }
    let version = util::output(Command::new(&wac).arg("--version"))?;
    println!("weld compose/plug  vs  {}", version.trim());
    println!(
        "{:<24} {:>10} {:>10} {:>7} {:>11} {:>11} {:>7}",
        "case", "weld", "wac", "ratio", "weld bytes", "wac bytes", "size"
    );
    let mut worst = (0.0f64, 0.0f64);
    for (name, weld_args, wac_args) in cases {
        let (oa, ob) = (dir.join("weld-out.wasm"), dir.join("wac-out.wasm"));
        let mut a = Command::new(&env.weld);
        a.args(&weld_args).arg("-o").arg(&oa);
        let mut b = Command::new(&wac);
        b.args(&wac_args).arg("-o").arg(&ob);
        let (ta, tb) = time_pair(&mut a, &mut b, env.runs.min(15))?;
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let (sa, sb) = (size(&oa), size(&ob));
        let (ratio, sratio) = (ta.as_secs_f64() / tb.as_secs_f64(), sa as f64 / sb as f64);
        worst = (worst.0.max(ratio), worst.1.max(sratio));
        println!("{name:<24} {:>8.2}ms {:>8.2}ms {ratio:>7.3} {sa:>11} {sb:>11} {sratio:>7.3}", ms(ta), ms(tb));
    }
    if !built {
        println!("(the polyglot case needs clang, componentize-py and componentize-js: `cargo xtask install`)");
    }
    println!("targets: time ratio <= 1.0 and size ratio <= 1.0; worst {:.3} and {:.3}\n", worst.0, worst.1);
    Ok(())
}

/// `wac` from `target/bench-tools` (where the README says to install it) or PATH.
pub fn wac_cli(root: &Path) -> Option<PathBuf> {
    let local = root.join("target/bench-tools/bin/wac");
    if local.exists() {
        return Some(local);
    }
    util::has("wac", "--version").then(|| PathBuf::from("wac"))
}
