//! `weld`: one toolkit for WebAssembly components.
//!
//! This binary is the only part of weld that prints to the terminal or
//! exits. Each command lives in its own module under `commands/` with an
//! `Opts` struct (clap) and a `run` method; `output` holds the conventions
//! they share (stdin input, stdout or `-o` output, atomic writes).

mod commands;
mod folders;
mod output;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// weld: read WIT, make, inspect, compose and run WebAssembly components.
#[derive(Parser)]
#[command(name = "weld", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Run `weld <COMMAND> --help` for a command's options and examples.")]
struct Cli {
    /// When to color error output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
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
    Compile(commands::compile::Opts),
    Cache(commands::cache::Opts),
    Compose(commands::compose::Opts),
    Plug(commands::plug::Opts),
    Graph(commands::graph::Opts),
    Check(commands::check::Opts),
    Build(commands::build::Opts),
    Toolchain(commands::toolchain::Opts),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Wit(opts) => opts.run(),
        Command::Bindgen(opts) => opts.run(),
        Command::Embed(opts) => opts.run(),
        Command::New(opts) => opts.run(),
        Command::Link(opts) => opts.run(),
        Command::Inspect(opts) => opts.run(),
        Command::Targets(opts) => opts.run(),
        Command::Run(opts) => opts.run(),
        Command::Compile(opts) => opts.run(),
        Command::Cache(opts) => opts.run(),
        Command::Compose(opts) => opts.run(),
        Command::Plug(opts) => opts.run(),
        Command::Graph(opts) => opts.run(),
        Command::Check(opts) => opts.run(),
        Command::Build(opts) => opts.run(),
        Command::Toolchain(opts) => opts.run(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::FAILURE;
            }
            print_error(&err, cli.color);
            ExitCode::FAILURE
        }
    }
}

/// A message about how a guest run ended, styled like an error.
pub fn print_message(message: &str) {
    let colored = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let prefix = if colored { "\x1b[1;31merror\x1b[0m\x1b[1m:\x1b[0m" } else { "error:" };
    eprintln!("{prefix} {message}");
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// `error: <message>` and then each cause, like cargo and wasm-tools.
fn print_error(err: &anyhow::Error, color: Color) {
    let stderr = std::io::stderr();
    let colored = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = stderr.lock();
    let prefix = if colored { "\x1b[1;31merror\x1b[0m\x1b[1m:\x1b[0m" } else { "error:" };
    let _ = writeln!(out, "{prefix} {err}");
    // A cause already shown in full by the layer above (wit-parser's typed
    // error under weld's rendering of it, with the source line) is not
    // repeated.
    let mut causes: Vec<String> = Vec::new();
    let mut above = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
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
