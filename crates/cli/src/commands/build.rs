//! `weld build`: a polyglot project from `weld.toml`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::Args;
use weld_project::{Event, State};

/// Build every component of a `weld.toml` project with its real toolchain,
/// then compose the app.
///
/// Bindings are generated where weld owns them (C, Rust, Go, Zig); C goes
/// through clang (or `zig cc`), Rust through cargo, Go through `go build`
/// (wasip1), Zig through `zig build-exe`, Python through componentize-py
/// and JavaScript through componentize-js. Components build in parallel and
/// only when their inputs changed. `weld toolchain list` shows what weld
/// finds.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld build                       # ./weld.toml
    $ weld build -p examples/polyglot/weld.toml --release")]
pub struct Opts {
    /// The manifest.
    #[arg(long, short = 'p', value_name = "FILE", default_value = "weld.toml")]
    manifest: PathBuf,

    /// Optimize (C -O2, cargo --release, Go without symbols, Zig
    /// ReleaseSmall).
    #[arg(long)]
    release: bool,

    /// Write the app and the build folder here instead of beside the
    /// manifest's `output`.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,

    /// Keep every copy of core modules that members share byte for byte
    /// (as `[compose] dedupe = false` does; by default each is defined once).
    #[arg(long)]
    no_dedupe: bool,

    /// Print each step's time even when stderr is not a terminal.
    #[arg(long)]
    timings: bool,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let loaded = weld_project::manifest::load(&self.manifest)?;
        super::registry::fetch_missing(&self.manifest)?;
        let name = loaded.project()?.name.clone();
        let start = Instant::now();
        // Times only on a terminal: plain output stays the same run to run.
        let tty = std::io::stderr().is_terminal() || self.timings;
        let show = |e: Event<'_>| match e {
            Event::Started { name, lang } => eprintln!("{:>12} {name} ({lang})", "Building"),
            Event::Finished { name, state: State::Fresh } => eprintln!("{:>12} {name}", "Fresh"),
            Event::Finished { name, state: State::Built(d) } => {
                if tty {
                    eprintln!("{:>12} {name} in {:.2}s", "Built", d.as_secs_f64())
                }
            }
            Event::Composing => eprintln!("{:>12} {}", "Composing", name),
        };
        let opts = weld_project::Options {
            release: self.release,
            out_dir: self.out_dir.clone(),
            folders: crate::folders::toolchains(),
            no_dedupe: self.no_dedupe,
        };
        let built = weld_project::build(&loaded, &opts, &show)?;
        let open = if built.imports.is_empty() {
            String::new()
        } else {
            format!(" (imports left for the host: {})", built.imports.len())
        };
        if let (true, Some(d)) = (tty, built.compose) {
            eprintln!("{:>12} {} in {:.2}s", "Composed", name, d.as_secs_f64());
        }
        let time = if tty { format!(" in {:.2}s", start.elapsed().as_secs_f64()) } else { String::new() };
        eprintln!("{:>12} {}{time}: {}{open}", "Finished", name, built.output.display());
        Ok(ExitCode::SUCCESS)
    }
}
