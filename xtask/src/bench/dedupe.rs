//! Shared runtimes: an app of two componentize-py components and one of two
//! componentize-js components (`tests/compose/dedupe/guests/`), plugged by
//! weld with sharing on (the default) and off (`--no-dedupe`, which is
//! wac-graph's encoding, byte for byte what `wac plug` writes), and by `wac
//! plug` when it is installed.
//!
//! * size: each output, and the ratio shared / unshared (target <= 0.85 for
//!   Python, where libpython and friends are 7 MB of each 18 MB component);
//! * cold start: `weld run --no-cache`, compilation included;
//! * warm start: `weld run` with a primed compilation cache.

use std::path::Path;
use std::process::Command;

use super::{Env, ms, time_all};
use crate::util;

pub fn run(env: &Env) -> Result<(), String> {
    let dir = env.work.join("dedupe");
    let cache = dir.join("weld-cache");
    let wac = super::compose::wac_cli(&env.root);
    println!(
        "shared runtimes: `weld plug` (sharing on) against `--no-dedupe`{}",
        if wac.is_some() { " and `wac plug`" } else { "" }
    );
    println!(
        "{:<12} {:>11} {:>11} {:>11} {:>6} {:>10} {:>10} {:>6} {:>9} {:>9} {:>6}",
        "app", "shared", "unshared", "wac", "size", "cold", "cold un.", "ratio", "warm", "warm un.", "ratio"
    );
    for (lang, name) in [("py", "2 x Python"), ("js", "2 x JS")] {
        let out = dir.join(lang);
        let path = format!(
            "{}:{}",
            crate::install::tools_dir().join("node_modules/.bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let built = Command::new("sh")
            .arg(env.root.join("tests/compose/dedupe/guests/build.sh"))
            .arg(lang)
            .arg(&out)
            .env("PATH", path)
            .output()
            .is_ok_and(|o| o.status.success());
        if !built {
            println!("{name:<12} (not built: needs componentize-py and componentize-js, `cargo xtask install`)");
            continue;
        }
        let (shared, full, by_wac) = (out.join("shared.wasm"), out.join("full.wasm"), out.join("wac.wasm"));
        let plug = |extra: &[&str], to: &Path| {
            let mut c = Command::new(&env.weld);
            c.arg("plug").arg(out.join("runner.wasm")).arg("--plug").arg(out.join("greeter.wasm")).args(extra);
            util::output(c.arg("-o").arg(to))
        };
        plug(&[], &shared)?;
        plug(&["--no-dedupe"], &full)?;
        let wac_size = match &wac {
            Some(wac) => {
                let mut c = Command::new(wac);
                c.arg("plug").arg(out.join("runner.wasm")).arg("--plug").arg(out.join("greeter.wasm"));
                util::output(c.arg("-o").arg(&by_wac))?;
                size(&by_wac).to_string()
            }
            None => "-".into(),
        };
        let start = |component: &Path, cached: bool| {
            let mut c = Command::new(&env.weld);
            c.arg("run").arg(component).arg("--invoke").arg("run()").env("WELD_CACHE_DIR", &cache);
            if !cached {
                c.arg("--no-cache");
            }
            c
        };
        let runs = env.runs.min(5);
        let (mut a, mut b) = (start(&shared, false), start(&full, false));
        let cold = time_all(&mut [&mut a, &mut b], runs)?;
        let (mut a, mut b) = (start(&shared, true), start(&full, true));
        let warm = time_all(&mut [&mut a, &mut b], runs)?;
        let (ss, sf) = (size(&shared), size(&full));
        println!(
            "{name:<12} {ss:>11} {sf:>11} {wac_size:>11} {:>6.3} {:>8.0}ms {:>8.0}ms {:>6.3} {:>7.1}ms {:>7.1}ms {:>6.3}",
            ss as f64 / sf as f64,
            ms(cold[0]),
            ms(cold[1]),
            cold[0].as_secs_f64() / cold[1].as_secs_f64(),
            ms(warm[0]),
            ms(warm[1]),
            warm[0].as_secs_f64() / warm[1].as_secs_f64(),
        );
    }
    println!("targets: Python size ratio <= 0.85; start ratios <= 1.0\n");
    Ok(())
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}
