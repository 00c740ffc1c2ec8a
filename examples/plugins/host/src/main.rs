//! `plugins-host`: loads every plugin in a folder and transforms text with
//! each; `--watch` keeps reloading plugins whose files change; `--bench`
//! prints the cross-boundary cost table.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use weld_plugins_host::{Plugins, bench, runner};

const USAGE: &str = "usage: plugins-host [--input TEXT]... [--watch [--interval MS]] [--cache DIR] [--bench] FOLDER

Loads every `.wasm` plugin in FOLDER (world `plugin` of examples/plugins/wit)
and transforms each input with each plugin (default inputs: \"Hello, plugins!\"
and \"\").

  --input TEXT     an input (repeat for several)
  --watch          keep running: reload plugins whose files change, are added
                   or removed, and transform the inputs with them again
  --interval MS    how often --watch looks at the folder (default 500)
  --cache DIR      keep compiled plugins in DIR
  --bench          time small and large calls natively, into the C plugin
                   and into the Python plugin (the README's cost table;
                   each cell the median of three rounds of about 1 s)";

struct Args {
    dir: PathBuf,
    inputs: Vec<String>,
    watch: bool,
    interval: Duration,
    cache: Option<PathBuf>,
    bench: bool,
}

fn parse(mut words: impl Iterator<Item = String>) -> Result<Args> {
    let mut dir = None;
    let mut args = Args {
        dir: PathBuf::new(),
        inputs: Vec::new(),
        watch: false,
        interval: Duration::from_millis(500),
        cache: None,
        bench: false,
    };
    while let Some(w) = words.next() {
        let mut value = |flag: &str| words.next().with_context(|| format!("`{flag}` needs a value\n{USAGE}"));
        match w.as_str() {
            "--input" => args.inputs.push(value("--input")?),
            "--watch" => args.watch = true,
            "--interval" => {
                let v = value("--interval")?;
                let ms: u64 = v.parse().with_context(|| format!("`--interval`: expected milliseconds, found `{v}`"))?;
                args.interval = Duration::from_millis(ms.max(1));
            }
            "--cache" => args.cache = Some(PathBuf::from(value("--cache")?)),
            "--bench" => args.bench = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            flag if flag.starts_with("--") => bail!("unknown option `{flag}`\n{USAGE}"),
            _ if dir.is_some() => bail!("expected one FOLDER, found `{w}` too\n{USAGE}"),
            _ => dir = Some(PathBuf::from(w)),
        }
    }
    args.dir = dir.with_context(|| format!("expected a FOLDER of plugins\n{USAGE}"))?;
    if args.inputs.is_empty() {
        args.inputs = vec![bench::SMALL.to_string(), String::new()];
    }
    Ok(args)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args = parse(std::env::args().skip(1))?;
    let runner = runner(args.cache.clone())?;
    if args.bench {
        let rounds =
            (0..3).map(|_| bench::measure(&runner, &args.dir, Duration::from_secs(1))).collect::<Result<_>>()?;
        print!("{}", bench::table(&bench::median(rounds)));
        return Ok(());
    }
    let mut plugins = Plugins::open(&args.dir, runner)?;
    let mut out = std::io::stdout();
    for line in plugins.summary() {
        writeln!(out, "{line}")?;
    }
    for input in &args.inputs {
        for line in plugins.transform_all(input) {
            writeln!(out, "{line}")?;
        }
    }
    if !args.watch {
        return Ok(());
    }
    writeln!(out, "watching {} every {} ms", args.dir.display(), args.interval.as_millis())?;
    out.flush()?;
    loop {
        std::thread::sleep(args.interval);
        for change in plugins.refresh()? {
            writeln!(out, "{}", plugins.describe_change(&change))?;
            let file = match &change {
                weld_plugins_host::Change::Added(f) | weld_plugins_host::Change::Changed(f) => f.clone(),
                weld_plugins_host::Change::Removed(_) => continue,
            };
            for input in &args.inputs {
                for line in plugins.transform(&file, input) {
                    writeln!(out, "{line}")?;
                }
            }
        }
        out.flush()?;
    }
}
