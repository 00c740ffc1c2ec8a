//! The cost of `weld run --trace` on the flagship example (examples/polyglot,
//! six languages): the same `--invoke` untraced (the composed binary as it
//! is) and with `--trace=FILE.json` (split into its members and linked at
//! load time with traced forwarders). Reports both medians and the extra
//! time per traced call (the calls counted in the JSON).

use std::process::Command;

use super::{Env, ms, time_pair};
use crate::util;

const CALL: &str = "main(\"the quick brown fox jumps | WebAssembly components compose across languages\")";

pub fn run(env: &Env) -> Result<(), String> {
    let out = env.work.join("polyglot");
    eprintln!("xtask: building examples/polyglot");
    util::output(
        Command::new("sh").arg("examples/polyglot/build.sh").arg(&out).current_dir(&env.root).env("WELD", &env.weld),
    )?;
    let app = out.join("app.wasm");
    let json = env.work.join("trace.json");
    let cache = env.work.join("weld-cache");
    let mut plain = Command::new(&env.weld);
    plain.arg("run").arg(&app).args(["--invoke", CALL]).env("WELD_CACHE_DIR", &cache);
    let mut traced = Command::new(&env.weld);
    traced.arg("run").arg(&app).args(["--invoke", CALL]).arg(format!("--trace={}", json.display()));
    traced.env("WELD_CACHE_DIR", &cache);
    let (a, b) = time_pair(&mut plain, &mut traced, env.runs)?;
    let text = std::fs::read_to_string(&json).map_err(|e| format!("no trace written: {e}"))?;
    let calls = text.matches("\"ph\":\"X\"").count().max(1);
    println!("weld run --trace on examples/polyglot ({calls} traced calls, warm cache)");
    println!("  untraced (composed binary)     {:>9.1} ms", ms(a));
    println!("  --trace=FILE.json (linked)     {:>9.1} ms", ms(b));
    let extra = b.saturating_sub(a);
    println!("  extra per traced call          {:>9.1} µs\n", extra.as_secs_f64() * 1e6 / calls as f64);
    Ok(())
}
