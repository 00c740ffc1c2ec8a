//! `weld run`: run a component, or call its exports.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;
use weld_run::{Capabilities, Ending, Host, Limits, Options, Refusal, Runner, Wasi, bytes};

/// Run a WASI command component, or call any export with typed values.
///
/// Nothing is granted unless asked for: no folders, no environment
/// variables, no network. stdio is connected. Arguments after the component
/// go to the guest, as with `wasmtime run`. A WASI preview1 core module runs
/// on the preview1 host, as under wasmtime. Imports the host cannot provide
/// (weld's runner provides WASI 0.2 and 0.3) are listed before anything runs.
///
/// Exit codes: the guest's `exit(n)` (or `proc_exit(n)`) passes through; `run` returning an
/// error exits 1; a trap (including running out of fuel, memory or stack,
/// and a deadlock of async tasks) exits 134 with the trap and a wasm
/// backtrace; `--timeout` exits 124.
/// Compiled code is cached on disk (`--no-cache` to turn off).
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld run hello.wasm world --verbose     # the guest gets `hello.wasm world --verbose`
    $ weld run hello.wasm -- --name world
    $ weld run app.wasm --dir ./data::/data --env LANG=C
    $ weld run calc.wasm --invoke 'add(1, 2)' --invoke 'demo:calc/ops.greet(\"you\")'
    $ weld run calc.wasm --list
    $ weld run untrusted.wasm --max-memory 64MiB --timeout 2s --fuel 1000000000")]
pub struct Opts {
    /// The component (`.wasm`, `.wat`, a preview1 command module, or `.cwasm` from `weld compile`).
    #[arg(value_name = "COMPONENT")]
    input: PathBuf,

    /// Arguments for the program: every word after COMPONENT from the first
    /// one that is not a weld option (as wasmtime passes them), or
    /// everything after `--`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    args: Vec<String>,

    /// Call an export instead of `wasi:cli/run`: `NAME(ARGS)` with WAVE
    /// arguments. NAME is `func`, `iface.func` or `ns:pkg/iface@v.func`.
    /// Repeat to make several calls, in order, on one instance.
    #[arg(long, value_name = "CALL")]
    invoke: Vec<String>,

    /// After each `--invoke`, print the fuel it consumed (about one unit
    /// per wasm instruction; deterministic) to stderr. Meters fuel without
    /// a limit unless `--fuel` sets one.
    #[arg(long, requires = "invoke")]
    report_fuel: bool,

    /// List every callable export with its signature and exit.
    #[arg(long, conflicts_with = "invoke")]
    list: bool,

    #[command(flatten)]
    caps: CapabilityArgs,

    /// Which WASI versions the host serves: `all` (0.2 and 0.3, side by
    /// side), `0.2` or `0.3`. A component importing the other version is
    /// refused before it runs.
    #[arg(long, value_name = "VERSION", default_value = "all", value_parser = parse_wasi)]
    wasi: Wasi,

    #[command(flatten)]
    limits: LimitArgs,

    /// Do not read or write the compilation cache (see `weld cache`).
    #[arg(long)]
    no_cache: bool,

    /// Link a component that satisfies imports of COMPONENT at load time,
    /// without composing first (repeatable; the wiring rules and errors of
    /// `weld plug`).
    #[arg(long = "plug", value_name = "PLUG")]
    plugs: Vec<PathBuf>,

    /// Trace every call across a component boundary (caller, callee, WIT
    /// function, arguments and results in WAVE, time): as a tree on stderr,
    /// or with `--trace=FILE.json` as a Chrome trace-event file (Perfetto,
    /// chrome://tracing). A composed COMPONENT is split into its members
    /// and linked at load time so that calls between them are seen.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true, default_missing_value = "-")]
    trace: Option<PathBuf>,
}

#[derive(Args)]
pub struct CapabilityArgs {
    /// Give the guest a host folder, read-write, at GUEST (default: the same path).
    #[arg(long, value_name = "HOST[::GUEST]")]
    dir: Vec<String>,

    /// Give the guest a host folder, read-only.
    #[arg(long, value_name = "HOST[::GUEST]")]
    dir_ro: Vec<String>,

    /// Set an environment variable for the guest (NAME alone copies the host's value).
    #[arg(long, value_name = "NAME[=VALUE]")]
    env: Vec<String>,

    /// Give the guest every host environment variable.
    #[arg(long)]
    inherit_env: bool,

    /// Allow TCP and UDP sockets and name lookup.
    #[arg(long)]
    net: bool,
}

#[derive(Args)]
pub struct LimitArgs {
    /// Most memory one linear memory may grow to (`64MiB`, `512K`, bytes).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_memory: Option<usize>,

    /// Stop the guest after this long (`2s`, `500ms`, `1m 30s`; a plain number is seconds).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<Duration>,

    /// Stop the guest after about N wasm instructions.
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,

    /// Most native stack wasm may use (`1MiB`; default 512KiB).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_stack: Option<usize>,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits { max_memory: self.max_memory, timeout: self.timeout, fuel: self.fuel, max_stack: self.max_stack }
    }
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        // The CLI decides where compiled code is kept; weld-run is told.
        let cache = if self.no_cache { None } else { Some(super::cache::from_env()?) };
        let mut limits = self.limits.limits();
        if self.report_fuel && limits.fuel.is_none() {
            limits.fuel = Some(u64::MAX);
        }
        let runner = Runner::new(Options { limits, cache })?;
        let loaded = if self.plugs.is_empty() && self.trace.is_none() {
            runner.load_file(&self.input)?
        } else {
            super::linking::load(&runner, &self.input, &self.plugs, self.trace.is_some())?
        };
        let trace = self.trace.as_ref().map(|path| {
            let tree = path.as_os_str() == "-";
            let t = weld_run::Trace::new(tree);
            // Goldens: the tree without durations.
            std::sync::Arc::new(if std::env::var_os("WELD_TRACE_UNTIMED").is_some() { t.untimed() } else { t })
        });

        if self.list {
            let mut out = std::io::stdout().lock();
            for e in loaded.exports(&runner) {
                writeln!(out, "{}: {}", e.full_name(), e.signature)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        let name = loaded.name().to_string();
        let program = self.input.file_name().map_or(name, |n| n.to_string_lossy().into_owned());
        let mut host = Host::from(self.caps.capabilities(program, &self.args)?).inherit_stdio().wasi(self.wasi);
        if let Some(t) = &trace {
            host = host.trace(t.clone());
        }
        let mut crossings = Vec::new();
        let ending = if self.invoke.is_empty() {
            match loaded.instantiate_command(&runner, &host).map_err(explain)? {
                Err(ending) => Some(ending),
                Ok(mut instance) => {
                    let ending = instance.run()?.err();
                    crossings = instance.crossings();
                    ending
                }
            }
        } else {
            // Every call is read and its export found before anything runs.
            let calls = loaded.prepare_calls(&runner, &self.invoke)?;
            match loaded.instantiate(&runner, &host).map_err(explain)? {
                Err(ending) => Some(ending),
                Ok(mut instance) => {
                    let mut out = std::io::stdout();
                    let mut ending = None;
                    for call in &calls {
                        let result = instance.call_prepared(call)?;
                        if let (true, Some(used)) = (self.report_fuel, instance.fuel_used()) {
                            eprintln!("fuel: {used} for {}", call.text);
                        }
                        match result {
                            Ok(Some(line)) => writeln!(out, "{line}")?,
                            Ok(None) => {}
                            Err(e) => {
                                ending = Some(e);
                                break;
                            }
                        }
                    }
                    crossings = instance.crossings();
                    ending
                }
            }
        };
        std::io::stdout().flush()?;
        if let (Some(t), Some(path)) = (&trace, &self.trace)
            && path.as_os_str() != "-"
        {
            crate::output::write_atomic(path, t.chrome_json().as_bytes())?;
        }
        let Some(ending) = ending else { return Ok(ExitCode::SUCCESS) };
        if let Some(message) = describe(&ending, runner.limits()) {
            let path = super::linking::crossings(&crossings);
            let untold = ending.backtrace().is_some_and(|b| b.frames.iter().any(|f| f.component.is_none()));
            let hint = if untold && self.plugs.is_empty() && self.trace.is_none() {
                super::linking::member_hint(&self.input)
            } else {
                String::new()
            };
            crate::print_message(&format!("{message}{path}{hint}"));
        }
        Ok(ExitCode::from((ending.exit_code() & 0xff) as u8))
    }
}

/// weld-run's refusals in the CLI's words: the flags and commands that help.
pub fn explain(err: anyhow::Error) -> anyhow::Error {
    let Some(refusal) = err.downcast_ref::<Refusal>() else { return err };
    match refusal {
        Refusal::NotACommand { .. } => anyhow::anyhow!("{refusal}\nhelp: call an export with `--invoke 'NAME(ARGS)'`"),
        Refusal::NoStart { .. } => anyhow::anyhow!(
            "{refusal}; call a function with `--invoke 'NAME(ARGS)'`, or make it a component with `weld new`"
        ),
        Refusal::WasiVersion { .. } => {
            anyhow::anyhow!("{refusal} (`--wasi`)\nhelp: serve both with `--wasi all` (the default)")
        }
        Refusal::Unsatisfied(missing) => {
            let list: Vec<String> = missing.iter().map(|m| format!("  - {m}")).collect();
            anyhow::anyhow!(
                "the component has {} import{} that weld's runner cannot provide (it provides WASI 0.2: cli, io, clocks, filesystem, random, sockets; and WASI 0.3: cli, clocks, filesystem, random, sockets):\n{}\nhelp: compose or plug components that export them first (`weld compose`, `weld plug`)",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                list.join("\n")
            )
        }
    }
}

/// What to print for an ending: weld-run's message with the flag that set
/// the limit, and the backtrace. A guest's own exit says nothing.
fn describe(ending: &Ending, limits: &Limits) -> Option<String> {
    let bt = ending.backtrace().map(|b| b.to_string()).filter(|b| !b.is_empty()).map(|b| format!("\n{b}"));
    let bt = bt.unwrap_or_default();
    let text = match ending {
        Ending::Exit(_) => return None,
        Ending::MemoryLimit { requested, limit, .. } => format!(
            "memory limit reached: the guest tried to grow a memory to {} with `--max-memory {}`",
            bytes(*requested as u64),
            bytes(*limit as u64)
        ),
        Ending::OutOfFuel { limit, .. } => format!("out of fuel: the guest used all {limit} units of `--fuel`"),
        Ending::Timeout { limit, .. } => {
            format!("timeout: the guest ran longer than `--timeout {limit:?}` and was stopped")
        }
        Ending::StackOverflow { .. } => {
            let limit = limits
                .max_stack
                .map(|s| format!("`--max-stack {}`", bytes(s as u64)))
                .unwrap_or("the default 512 KiB".into());
            format!("stack overflow: the guest used all of its wasm stack ({limit})")
        }
        other => other.to_string(),
    };
    Some(format!("{text}{bt}"))
}

impl CapabilityArgs {
    pub fn capabilities(&self, program: String, args: &[String]) -> Result<Capabilities> {
        let mut caps = Capabilities { network: self.net, ..Default::default() };
        caps.args.push(program);
        caps.args.extend(args.iter().cloned());
        if self.inherit_env {
            caps.env.extend(std::env::vars());
        }
        for spec in &self.env {
            match spec.split_once('=') {
                Some((k, v)) => caps.env.push((k.to_string(), v.to_string())),
                None => match std::env::var(spec) {
                    Ok(v) => caps.env.push((spec.clone(), v)),
                    Err(_) => bail!(
                        "`--env {spec}`: the host has no variable `{spec}`; give a value with `--env {spec}=VALUE`"
                    ),
                },
            }
        }
        for (specs, read_only) in [(&self.dir, false), (&self.dir_ro, true)] {
            for spec in specs {
                let (host, guest) = match spec.split_once("::") {
                    Some((h, g)) => (h.to_string(), g.to_string()),
                    None => (spec.clone(), spec.clone()),
                };
                if !std::path::Path::new(&host).is_dir() {
                    bail!("`--dir {spec}`: `{host}` is not a folder");
                }
                caps.dirs.push((PathBuf::from(host), guest, read_only));
            }
        }
        Ok(caps)
    }
}

/// `0.2`, `0.3` or `all`.
pub fn parse_wasi(s: &str) -> Result<Wasi, String> {
    match s.trim() {
        "0.2" => Ok(Wasi::P2),
        "0.3" => Ok(Wasi::P3),
        "all" => Ok(Wasi::All),
        other => Err(format!("expected `0.2`, `0.3` or `all`, found `{other}`")),
    }
}

/// `64MiB`, `64M`, `512K`, `1.5G`, `4096` (bytes). Units are binary: `K`
/// and `KiB` are both 1024 bytes, as in the rest of weld's flags.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let bytes = parse_size::Config::new()
        .with_binary()
        .parse_size(s.trim())
        .map_err(|e| format!("expected a size like `64MiB`, found `{s}` ({e})"))?;
    usize::try_from(bytes).map_err(|_| format!("size `{s}` is too large for this machine"))
}

/// `2s`, `500ms`, `1m`, `1h 30m` (humantime's syntax, as wasmtime's
/// `-W timeout=`), or a plain number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t
            .parse::<u64>()
            .map(Duration::from_secs)
            .map_err(|_| format!("duration `{s}` is too large: expected at most {} seconds", u64::MAX));
    }
    humantime::parse_duration(t).map_err(|e| format!("expected a duration like `2s` or `500ms`, found `{s}` ({e})"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_and_durations_parse() {
        assert_eq!(super::parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(super::parse_size("512K"), Ok(512 << 10));
        assert_eq!(super::parse_size("100"), Ok(100));
        assert!(super::parse_size("12 parsecs").is_err());
        assert_eq!(super::parse_duration("500ms"), Ok(std::time::Duration::from_millis(500)));
        assert_eq!(super::parse_duration("2"), Ok(std::time::Duration::from_secs(2)));
        assert!(super::parse_duration("soon").is_err());
        assert_eq!(super::parse_duration("1m 30s"), Ok(std::time::Duration::from_secs(90)));
        // Values too large for a `Duration` or a `usize` are errors, not panics.
        assert!(super::parse_duration("99999999999999999999s").is_err());
        assert!(super::parse_duration("99999999999999999999").is_err());
        assert!(super::parse_size("99999999999999999999G").is_err());
        assert_eq!(super::parse_size("1.5K"), Ok(1536));
    }
}
