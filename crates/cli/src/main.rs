//! `weld`: one toolkit for WebAssembly components.
//!
//! This binary is the only part of weld that prints to the terminal or
//! exits. Each command lives in its own module under `commands/` with an
//! `Opts` struct (clap) and a `run` method; `output` holds the conventions
//! they share (stdin input, stdout or `-o` output, atomic writes).

mod color;
mod commands;
mod folders;
mod hints;
mod output;
mod usage;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use color::Color;

/// weld: read WIT, make, inspect, compose and run WebAssembly components.
#[derive(Parser)]
#[command(name = "weld", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Run `weld <COMMAND> --help` for a command's options and examples.")]
struct Cli {
    /// When to color output: errors, help and usage messages (`auto`: on a
    /// terminal, unless `NO_COLOR` is set).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Wit(commands::wit::Opts),
    Bindgen(commands::bindgen::Opts),
    Embed(commands::embed::Opts),
    New(commands::new::Opts),
    Link(commands::link::Opts),
    Inspect(commands::inspect::Opts),
    Targets(commands::targets::Opts),
    Run(commands::run::Opts),
    Serve(commands::serve::Opts),
    Compile(commands::compile::Opts),
    Cache(commands::cache::Opts),
    Compose(commands::compose::Opts),
    Plug(commands::plug::Opts),
    Graph(commands::graph::Opts),
    Check(commands::check::Opts),
    Build(commands::build::Opts),
    Toolchain(commands::toolchain::Opts),
    Push(commands::registry::PushOpts),
    Pull(commands::registry::PullOpts),
    Publish(commands::registry::PublishOpts),
    Fetch(commands::registry::FetchOpts),
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // clap's own messages (help, parse errors) follow `--color` too.
    let matches = Cli::command().color(color::clap_choice(color::from_args(&args))).get_matches_from(&args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    color::set(cli.color);
    let mut path = Vec::new();
    let mut m = &matches;
    while let Some((name, sub)) = m.subcommand() {
        path.push(name.to_string());
        m = sub;
    }
    let result = match cli.command {
        Command::Wit(opts) => opts.run(),
        Command::Bindgen(opts) => opts.run(),
        Command::Embed(opts) => opts.run(),
        Command::New(opts) => opts.run(),
        Command::Link(opts) => opts.run(),
        Command::Inspect(opts) => opts.run(),
        Command::Targets(opts) => opts.run(),
        Command::Run(opts) => opts.run(),
        Command::Serve(opts) => opts.run(),
        Command::Compile(opts) => opts.run(),
        Command::Cache(opts) => opts.run(),
        Command::Compose(opts) => opts.run(),
        Command::Plug(opts) => opts.run(),
        Command::Graph(opts) => opts.run(),
        Command::Check(opts) => opts.run(),
        Command::Build(opts) => opts.run(),
        Command::Toolchain(opts) => opts.run(),
        Command::Push(opts) => opts.run(),
        Command::Pull(opts) => opts.run(),
        Command::Publish(opts) => opts.run(),
        Command::Fetch(opts) => opts.run(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::FAILURE;
            }
            if let Some(usage) = usage::find(&err) {
                print_usage_error(&usage, &path);
                return ExitCode::from(2);
            }
            print_error(&err);
            ExitCode::FAILURE
        }
    }
}

/// A message about how a guest run ended, styled like an error.
pub fn print_message(message: &str) {
    eprintln!("{} {message}", error_prefix());
}

/// `error:`, in bold red when stderr is coloured.
fn error_prefix() -> &'static str {
    if color::stderr() { "\x1b[1;31merror\x1b[0m\x1b[1m:\x1b[0m" } else { "error:" }
}

/// A usage error as clap prints its own: the message, the usage line of the
/// command given (`path`: `["wit", "diff"]`) and a pointer to `--help`.
fn print_usage_error(message: &str, path: &[String]) {
    let mut cmd = Cli::command().color(color::clap_choice(color::choice()));
    cmd.build();
    let mut target = cmd;
    for name in path {
        let Some(sub) = target.find_subcommand(name).cloned() else { break };
        target = sub;
    }
    let _ = target.error(clap::error::ErrorKind::InvalidValue, message).print();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// `error: <message>` and then each cause, like cargo and wasm-tools.
fn print_error(err: &anyhow::Error) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    let mut chain = err.chain();
    let top = chain.next().map(hints::text).unwrap_or_default();
    let _ = writeln!(out, "{} {top}", error_prefix());
    // A cause already shown in full by the layer above (wit-parser's typed
    // error under weld's rendering of it, with the source line) is not
    // repeated.
    let mut causes: Vec<String> = Vec::new();
    let mut above = top;
    for cause in chain {
        let text = hints::text(cause);
        if !above.contains(&text) {
            causes.push(text.clone());
        }
        above = text;
    }
    if !causes.is_empty() {
        let _ = writeln!(out, "\nCaused by:");
        for (i, cause) in causes.iter().enumerate() {
            let mut lines = cause.lines();
            let first = lines.next().unwrap_or_default();
            let indent = if causes.len() == 1 {
                let _ = writeln!(out, "    {first}");
                "    ".to_string()
            } else {
                let number = format!("{i}: ");
                let _ = writeln!(out, "    {number}{first}");
                " ".repeat(4 + number.len())
            };
            for line in lines {
                let _ = writeln!(out, "{indent}{line}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
