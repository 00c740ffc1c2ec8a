//! `weld-fuzz`: weld's generative conformance harness (`cargo xtask fuzz`).
//!
//! Three kinds of input, each bounded by a count and by `--time`:
//!
//! * **WIT seeds** ([`wit`]): wit-smith packages go through `weld wit`'s
//!   round trips and `weld bindgen` in all four languages (no panic; a
//!   refusal only for what the README lists); a sample of the bindings is
//!   compiled with the real compilers ([`compile`]).
//! * **Echo seeds** ([`echo`]): a random function type, a C component that
//!   returns its argument, called through `weld run --invoke` with random
//!   WAVE values; the result must print as the value given.
//! * **wasm seeds** ([`wasm`]): wasm-smith modules and components through
//!   the library entry points of `inspect`, `new`, `targets`, `plug`,
//!   `compose` and `run --list` under `catch_unwind`, and a sample through
//!   the real `weld` binary (exit 0 or 1, no output file on failure).
//!
//! A seed reproduces exactly: `weld-fuzz --seed 1234 --wit-seeds 1`.
//! Failures are written with their input under `--out` and the exit code
//! is 1.

mod compile;
mod echo;
mod report;
mod rng;
mod wasm;
mod wit;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use compile::Sample;
use report::Report;

const USAGE: &str = "\
usage: weld-fuzz [OPTIONS]

  --seed START        first seed (default 0); seed N is the same input on every machine
  --wit-seeds N       wit-smith packages: round trips + bindings in C, Rust, Go, Zig (default 100)
  --echo-seeds N      random function types echoed by a C component through weld run (default 20)
  --wasm-seeds N      wasm-smith modules and components through weld's entry points (default 1000)
  --time SECS         stop starting new seeds after this long (shared: 45% WIT, 10% echo, 45% wasm)
  --c-every N         compile the C bindings of every Nth WIT seed (default 1; 0: never)
  --rust-every N      ... the Rust bindings (default 10)
  --go-every N        ... the Go bindings (default 10)
  --zig-every N       ... the Zig bindings (default 25)
  --run-every N       load every Nth wasm component on wasmtime for `run --list` (default 5)
  --cli-every N       every Nth wasm input also through the weld binary (default 50; 0: never)
  --echo-calls N      values per echo component (default 5)
  --weld PATH         the weld binary (default: `weld` beside this program)
  --out DIR           where failing inputs are written (default target/fuzz)
";

struct Opts {
    seed: u64,
    wit_seeds: u64,
    echo_seeds: u64,
    wasm_seeds: u64,
    time: Option<Duration>,
    sample: Sample,
    run_every: u64,
    cli_every: u64,
    echo_calls: usize,
    weld: PathBuf,
    out: PathBuf,
}

fn parse() -> Result<Opts, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut o = Opts {
        seed: 0,
        wit_seeds: 100,
        echo_seeds: 20,
        wasm_seeds: 1000,
        time: None,
        sample: Sample { c: 1, rust: 10, go: 10, zig: 25 },
        run_every: 5,
        cli_every: 50,
        echo_calls: 5,
        weld: exe.with_file_name("weld"),
        out: compile::repo_root().join("target/fuzz"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            print!("{USAGE}");
            std::process::exit(0);
        }
        let value = args.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
        let num = || value.parse::<u64>().map_err(|_| format!("`{flag} {value}`: expected a number"));
        match flag.as_str() {
            "--seed" => o.seed = num()?,
            "--wit-seeds" => o.wit_seeds = num()?,
            "--echo-seeds" => o.echo_seeds = num()?,
            "--wasm-seeds" => o.wasm_seeds = num()?,
            "--time" => o.time = Some(Duration::from_secs(num()?)),
            "--c-every" => o.sample.c = num()?,
            "--rust-every" => o.sample.rust = num()?,
            "--go-every" => o.sample.go = num()?,
            "--zig-every" => o.sample.zig = num()?,
            "--run-every" => o.run_every = num()?,
            "--cli-every" => o.cli_every = num()?,
            "--echo-calls" => o.echo_calls = num()? as usize,
            "--weld" => o.weld = PathBuf::from(value),
            "--out" => o.out = PathBuf::from(value),
            _ => return Err(format!("unknown option `{flag}`\n\n{USAGE}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let opts = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("weld-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    report::quiet_panics();
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("weld-fuzz: no temporary folder: {e}");
            return ExitCode::from(2);
        }
    };
    let mut report = Report::new(opts.out.clone());
    report.verbose = std::env::var_os("WELD_FUZZ_VERBOSE").is_some();
    let start = Instant::now();
    let deadline = |share: f64| opts.time.map(|t| start + t.mul_f64(share));
    let past = |d: Option<Instant>| d.is_some_and(|d| Instant::now() >= d);
    let has_weld = opts.weld.exists();
    if !has_weld {
        eprintln!("weld-fuzz: note: no weld binary at {}; echo and CLI checks are skipped", opts.weld.display());
    }

    // WIT seeds, compiled in chunks so the compilers see large batches.
    let wit_end = deadline(0.45);
    let mut generated = Vec::new();
    let mut ran = 0;
    for seed in opts.seed..opts.seed + opts.wit_seeds {
        if past(wit_end) {
            break;
        }
        generated.extend(wit::run_seed(seed, &mut report, tmp.path()));
        ran += 1;
        if generated.len() >= 400 || seed + 1 == opts.seed + opts.wit_seeds || past(wit_end) {
            compile::compile(&generated, opts.sample, &mut report, &tmp.path().join("compile"));
            generated.clear();
        }
    }
    compile::compile(&generated, opts.sample, &mut report, &tmp.path().join("compile"));
    eprintln!("weld-fuzz: WIT seeds {}..{} done in {:.0?}", opts.seed, opts.seed + ran, start.elapsed());

    let echo_end = deadline(0.55);
    let mut echoed = 0;
    if has_weld && compile::has("clang", &["--version"]) {
        for seed in opts.seed..opts.seed + opts.echo_seeds {
            if past(echo_end) {
                break;
            }
            echo::run_seed(seed, opts.echo_calls, &opts.weld, &mut report, tmp.path());
            echoed += 1;
        }
    }
    eprintln!("weld-fuzz: echo seeds {}..{} done in {:.0?}", opts.seed, opts.seed + echoed, start.elapsed());

    let wasm_end = deadline(1.0);
    let pool = wasm::pool(24);
    report.add("wasm: pool worlds (wit-smith)", pool.len() as u64);
    let runner = weld_run::Runner::new(weld_run::Options::default()).ok();
    let cli_wit = tmp.path().join("cli.wit");
    let _ = std::fs::write(
        &cli_wit,
        "package fuzz:cli;\n\nworld w {\n  import f: func(x: u32) -> string;\n  export g: func(s: string) -> list<u8>;\n}\n",
    );
    let mut seeds = 0;
    for seed in opts.seed..opts.seed + opts.wasm_seeds {
        if past(wasm_end) {
            break;
        }
        seeds += 1;
        let Some(bytes) = report::catch(|| wasm::smith(seed, &pool)).ok().flatten() else {
            report.count("wasm: seeds wasm-smith declined");
            continue;
        };
        report.count("wasm: inputs");
        let run = runner.as_ref().filter(|_| opts.run_every > 0 && seed % opts.run_every == 0);
        wasm::run_seed(seed, &bytes, &pool, run, &mut report, tmp.path());
        if has_weld && opts.cli_every > 0 && seed % opts.cli_every == 0 {
            wasm::cli(seed, &bytes, &opts.weld, &cli_wit, &mut report, tmp.path());
        }
    }
    eprintln!("weld-fuzz: wasm seeds {}..{} done in {:.0?}", opts.seed, opts.seed + seeds, start.elapsed());
    print!("{}", report.summary());
    if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
