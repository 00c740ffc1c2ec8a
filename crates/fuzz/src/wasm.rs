//! wasm-smith inputs through weld's library entry points (`inspect`,
//! `new`, `targets`, `plug`, `compose` and `run --list`), each under
//! `catch_unwind`, and a sample through the real `weld` binary.
//!
//! Inputs are core modules and components from wasm-smith; one module in
//! four carries a world from a pool of wit-smith worlds (so `new` runs its
//! fit analysis against a real world), and `targets`, `plug` and `compose`
//! pair the input with components made from that pool's worlds.

use std::path::{Path, PathBuf};
use std::process::Command;

use arbitrary::Unstructured;
use weld_compose::packages::PackageSource;
use weld_compose::plug::Part;
use weld_wit::{Input, LoadOptions, Wit, WorldId};

use crate::report::{Report, catch};
use crate::rng::Rng;

/// A world from wit-smith, and a component made from its dummy module.
pub struct PoolWorld {
    pub wit: Wit,
    pub world: WorldId,
    pub component: Option<Vec<u8>>,
    /// Worlds of one wit-smith package share a group: their components
    /// import and export each other's interfaces.
    pub group: u64,
}

/// Worlds for the pool: wit-smith packages (stream 3, so not the WIT
/// seeds), each world with the component `weld embed --dummy` + `weld new`
/// would make of it.
pub fn pool(size: usize) -> Vec<PoolWorld> {
    let mut out = Vec::new();
    let mut seed = 0;
    while out.len() < size && seed < size as u64 * 20 {
        seed += 1;
        let mut rng = Rng::new(seed, 3);
        let cfg = wit_smith::Config { max_packages: 2, max_type_size: 20, world_include: true, ..Default::default() };
        let len = 256 + rng.below(1024) as usize;
        let bytes = rng.bytes(len);
        let Ok(Some(wasm)) = catch(|| wit_smith::smith(&cfg, &mut Unstructured::new(&bytes)).ok()) else { continue };
        let opts = LoadOptions { all_features: true, ..LoadOptions::default() };
        let Ok(wit) = weld_wit::load(&[Input::Bytes { name: "pool.wasm".into(), bytes: wasm }], &opts) else {
            continue;
        };
        let worlds: Vec<WorldId> = wit.resolve.packages[wit.package].worlds.values().copied().collect();
        for world in worlds {
            let component = catch(|| {
                let module = weld_component::embed::dummy(&wit, world, wit_component::StringEncoding::UTF8).ok()?;
                let opts = weld_component::new::NewOptions { validate: true, ..Default::default() };
                weld_component::new::new(&module, &opts).ok().map(|r| r.component)
            })
            .ok()
            .flatten();
            out.push(PoolWorld { wit: wit.clone(), world, component, group: seed });
        }
    }
    out
}

/// One wasm-smith input: a core module (possibly with a world embedded) or
/// a component; `None` when wasm-smith declines the bytes.
pub fn smith(seed: u64, pool: &[PoolWorld]) -> Option<Vec<u8>> {
    let mut rng = Rng::new(seed, 2);
    let component = rng.one_in(3);
    let embed = !component && !pool.is_empty() && rng.one_in(4);
    let pick = rng.below(pool.len().max(1) as u64) as usize;
    let len = 64 + rng.below(4096) as usize;
    let bytes = rng.bytes(len);
    let mut u = Unstructured::new(&bytes);
    let config: wasm_smith::Config = u.arbitrary().ok()?;
    let wasm = if component {
        wasm_smith::Component::new(config, &mut u).ok()?.to_bytes()
    } else {
        wasm_smith::Module::new(config, &mut u).ok()?.to_bytes()
    };
    if embed {
        let p = &pool[pick];
        return weld_component::embed::embed(&wasm, &p.wit, p.world, wit_component::StringEncoding::UTF8).ok();
    }
    Some(wasm)
}

/// Runs the library entry points on one input.
pub fn run_seed(
    seed: u64,
    wasm: &[u8],
    pool: &[PoolWorld],
    runner: Option<&weld_run::Runner>,
    report: &mut Report,
    tmp: &Path,
) {
    let is_component = wasmparser::Parser::is_component(wasm);
    report.count(if is_component { "wasm: components" } else { "wasm: core modules" });
    let mut rng = Rng::new(seed, 4);
    let pick = |rng: &mut Rng| (!pool.is_empty()).then(|| &pool[rng.below(pool.len() as u64) as usize]);
    let check = |report: &mut Report, what: &'static str, f: &dyn Fn() -> anyhow::Result<()>| match catch(f) {
        Ok(Ok(())) => report.count(ok_counter(what)),
        Ok(Err(e)) => {
            if report.verbose {
                eprintln!("weld-fuzz: seed {seed}: {what}: {}", format!("{e:#}").lines().next().unwrap_or_default());
            }
            report.count(err_counter(what))
        }
        Err(panic) => report.fail(what, seed, panic, &[("input.wasm", wasm)]),
    };
    let name = format!("seed-{seed}.wasm");
    check(report, "inspect", &|| {
        weld_component::read(&name, wasm.to_vec()).and_then(|w| weld_component::inspect::inspect(&w)).map(drop)
    });
    if !is_component {
        check(report, "new", &|| {
            let opts = weld_component::new::NewOptions { validate: true, ..Default::default() };
            weld_component::new::new(wasm, &opts).map(drop)
        });
        return;
    }
    if let Some(p) = pick(&mut rng) {
        check(report, "targets", &|| weld_component::targets::targets(wasm, &p.wit.resolve, p.world).map(drop));
    }
    // plug: the input as socket and as plug, with a pool component; and
    // two components of one wit-smith package, which do wire together.
    let part = |n: &str, bytes: &[u8]| Part { path: PathBuf::from(n), bytes: bytes.to_vec() };
    if let Some(other) = pick(&mut rng).and_then(|p| p.component.clone()) {
        check(report, "plug", &|| {
            let a = weld_compose::plug::plug(part("input.wasm", wasm), vec![part("pool.wasm", &other)], true, true);
            let b = weld_compose::plug::plug(part("pool.wasm", &other), vec![part("input.wasm", wasm)], true, false);
            a.and(b).map(drop)
        });
    }
    if let Some(a) = pick(&mut rng) {
        let names = |p: &PoolWorld, f: fn(&[u8]) -> anyhow::Result<Vec<String>>| {
            p.component.as_deref().and_then(|c| f(c).ok()).unwrap_or_default()
        };
        let wanted = names(a, weld_compose::component_imports);
        let mates: Vec<&PoolWorld> = pool
            .iter()
            .filter(|p| {
                p.group == a.group && names(p, weld_compose::component_exports).iter().any(|e| wanted.contains(e))
            })
            .collect();
        let b = mates.get(rng.below(mates.len().max(1) as u64) as usize);
        if let (Some(x), Some(y)) = (a.component.as_ref(), b.and_then(|b| b.component.as_ref())) {
            check(report, "plug (pool pair)", &|| {
                weld_compose::plug::plug(part("a.wasm", x), vec![part("b.wasm", y)], true, true).map(drop)
            });
        }
    }
    // compose: a WAC document instantiating the input with its imports
    // left open, and exporting everything it exports.
    let path = tmp.join("input.wasm");
    if std::fs::write(&path, wasm).is_ok() {
        let packages = PackageSource { deps: vec![("fuzz:input".into(), path.clone())], dir: None };
        let exports = weld_compose::component_exports(wasm).map(|e| !e.is_empty()).unwrap_or(true);
        check(report, "compose", &|| {
            let export = if exports { "export i...;\n" } else { "" };
            let wac = format!("package fuzz:app;\nlet i = new fuzz:input {{ ... }};\n{export}");
            weld_compose::wac::compose("fuzz.wac", &wac, &packages, true).map(drop)
        });
    }
    if let Some(runner) = runner {
        check(report, "run --list", &|| runner.load(&name, wasm.to_vec()).map(|l| drop(l.exports(runner))));
    }
}

fn ok_counter(what: &str) -> &'static str {
    Box::leak(format!("wasm {what}: ok").into_boxed_str())
}

fn err_counter(what: &str) -> &'static str {
    Box::leak(format!("wasm {what}: refused (error)").into_boxed_str())
}

/// The same input through the real binary: every command exits 0 or 1
/// (never 101, a panic), and a failing `new` leaves no output file.
pub fn cli(seed: u64, wasm: &[u8], weld: &Path, wit: &Path, report: &mut Report, tmp: &Path) {
    let input = tmp.join("cli-input.wasm");
    let out = tmp.join("cli-out.wasm");
    let _ = std::fs::remove_file(&out);
    if std::fs::write(&input, wasm).is_err() {
        return;
    }
    let (i, o, w) = (input.to_string_lossy(), out.to_string_lossy(), wit.to_string_lossy());
    let runs: [&[&str]; 5] = [
        &["inspect", &i],
        &["inspect", &i, "--json"],
        &["new", &i, "-o", &o],
        &["targets", &i, "--wit", &w],
        &["run", &i, "--list", "--no-cache"],
    ];
    for args in runs {
        let status = Command::new(weld).args(args).env("RUST_BACKTRACE", "0").output();
        let Ok(output) = status else { continue };
        let code = output.status.code();
        report.count("cli: weld commands run");
        if !matches!(code, Some(0 | 1)) {
            let message = format!(
                "`weld {}` exited with {code:?} (expected 0 or 1)\n{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
            report.fail("cli-exit", seed, message, &[("input.wasm", wasm)]);
        } else if args[0] == "new" && code == Some(1) && out.exists() {
            report.fail(
                "cli-output-on-failure",
                seed,
                "`weld new` failed but wrote its -o file".into(),
                &[("input.wasm", wasm)],
            );
        }
    }
}
