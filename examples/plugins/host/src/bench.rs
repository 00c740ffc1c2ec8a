//! The cross-boundary cost table: the same small and large `transform`
//! calls made natively (Rust, the work the C plugin does), into the C
//! plugin `upper` and into the Python plugin `py-upper`.
//!
//! Bytes copied are what crosses the component boundary: the input string
//! lowered into the plugin's memory and the output lifted out of it (the
//! canonical ABI copies both; a native call borrows the input).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use weld_run::{Host, Instance, Runner, Val};

/// The small input (15 bytes) and the size of the large one (1 MiB).
pub const SMALL: &str = "Hello, plugins!";
pub const LARGE_BYTES: usize = 1 << 20;

/// What the C plugin does, natively.
pub fn upper_native(input: &str) -> Result<String, String> {
    if input.is_empty() {
        return Err("nothing to upper-case".to_string());
    }
    Ok(input.to_ascii_uppercase())
}

/// One measured case.
pub struct Row {
    pub what: String,
    /// Mean time per call for native, C and Python.
    pub times: [Duration; 3],
    /// Bytes across the boundary per plugin call: as many in as out.
    pub copied: usize,
}

/// Measures both inputs on the plugins `upper.wasm` and `py-upper.wasm` in
/// `dir`, each call for about `budget` (at least a few calls).
pub fn measure(runner: &Runner, dir: &Path, budget: Duration) -> Result<Vec<Row>> {
    let mut c = start(runner, &dir.join("upper.wasm"))?;
    let mut py = start(runner, &dir.join("py-upper.wasm"))?;
    let large: String = "lorem ipsum dolor sit amet, ".chars().cycle().take(LARGE_BYTES).collect();
    let mut rows = Vec::new();
    for (what, input) in [(format!("small ({} B)", SMALL.len()), SMALL.to_string()), ("large (1 MiB)".into(), large)] {
        let expected = upper_native(&input).map_err(anyhow::Error::msg)?;
        let native = time(budget, || {
            black_box(upper_native(black_box(&input))).ok();
            Ok(())
        })?;
        let through = |instance: &mut Instance| {
            time(budget, || {
                let out = call(instance, &input)?;
                if out.len() != expected.len() {
                    bail!("`transform` returned {} bytes, expected {}", out.len(), expected.len());
                }
                Ok(())
            })
        };
        let c_time = through(&mut c)?;
        let py_time = through(&mut py)?;
        rows.push(Row { what, times: [native, c_time, py_time], copied: input.len() + expected.len() });
    }
    Ok(rows)
}

fn start(runner: &Runner, path: &Path) -> Result<Instance> {
    let loaded = runner.load_file(path)?;
    loaded
        .instantiate(runner, &Host::new().func("log", |_, _| Ok(())))?
        .map_err(|e| anyhow::anyhow!("`{}` failed to start: {e}", path.display()))
}

fn call(instance: &mut Instance, input: &str) -> Result<String> {
    let results = instance
        .call("transform", &[Val::String(input.to_string())])?
        .map_err(|e| anyhow::anyhow!("`transform` failed: {e}"))?;
    match results.as_slice() {
        [Val::Result(Ok(Some(v)))] => match &**v {
            Val::String(s) => Ok(s.clone()),
            other => bail!("`transform` returned {other:?}"),
        },
        other => bail!("`transform` returned {other:?}"),
    }
}

/// The mean time of `f` over calls made for about `budget`, after three
/// warm-up calls.
fn time(budget: Duration, mut f: impl FnMut() -> Result<()>) -> Result<Duration> {
    for _ in 0..3 {
        f().context("warm-up call failed")?;
    }
    let start = Instant::now();
    let mut calls = 0u32;
    while calls < 5 || start.elapsed() < budget {
        f()?;
        calls += 1;
    }
    Ok(start.elapsed() / calls)
}

/// The median of each cell over `rounds` measurements, which keeps one
/// noisy round on a shared machine out of the table.
pub fn median(rounds: Vec<Vec<Row>>) -> Vec<Row> {
    let Some(first) = rounds.first() else { return Vec::new() };
    (0..first.len())
        .map(|i| {
            let times = std::array::from_fn(|t| {
                let mut all: Vec<Duration> = rounds.iter().map(|r| r[i].times[t]).collect();
                all.sort();
                all[all.len() / 2]
            });
            Row { what: first[i].what.clone(), times, copied: first[i].copied }
        })
        .collect()
}

/// The table as Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::from(
        "| call | native Rust | C plugin (`upper`) | Python plugin (`py-upper`) | bytes copied per plugin call |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} in, {} out (none natively) |\n",
            r.what,
            show(r.times[0]),
            show(r.times[1]),
            show(r.times[2]),
            weld_run::bytes((r.copied / 2) as u64),
            weld_run::bytes((r.copied / 2) as u64),
        ));
    }
    s
}

/// `85 ns`, `1.20 µs`, `3.41 ms`.
fn show(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns < 1_000 {
        format!("{ns} ns")
    } else if ns < 1_000_000 {
        format!("{:.2} µs", ns as f64 / 1e3)
    } else {
        format!("{:.2} ms", ns as f64 / 1e6)
    }
}
