//! `weld inspect`: what is inside a component or core module.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::common::read_wasm;
use crate::output::Output;

/// Show what a component (or core module) holds.
///
/// Prints its world's imports and exports with their types, the languages
/// and tools named in the `producers` metadata of every part (so a composed
/// app shows every language in it), the tree of nested components and core
/// modules with byte sizes, custom sections, and the world as WIT.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld inspect app.wasm
    $ weld inspect app.wasm --print-wit  # only the world, as WIT
    $ weld inspect app.wasm --summary    # languages, tools, import and export names
    $ weld inspect app.wasm --json       # everything, for scripts")]
pub struct Opts {
    /// The component or core module (`.wasm` or `.wat`; `-` for stdin).
    #[arg(value_name = "COMPONENT")]
    input: Option<PathBuf>,

    /// Print only the world as WIT.
    #[arg(long, conflicts_with_all = ["json", "summary"])]
    print_wit: bool,

    /// Old spelling of `--print-wit` (warns; elsewhere `--wit <WIT>` names
    /// WIT to read).
    #[arg(long, hide = true, conflicts_with_all = ["json", "summary"])]
    wit: bool,

    /// Print only the languages, tools, and import and export names.
    #[arg(long, conflicts_with = "json")]
    summary: bool,

    /// Print the whole report as JSON.
    #[arg(long)]
    json: bool,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        if self.wit {
            eprintln!(
                "warning: `weld inspect --wit` is deprecated; use `--print-wit` (`--wit <WIT>` names WIT to read in other commands)"
            );
        }
        let (name, wasm) = read_wasm(self.input.as_deref())?;
        let report = weld_component::inspect::inspect(&wasm).with_context(|| format!("failed to inspect `{name}`"))?;
        let text = if self.print_wit || self.wit {
            report.wit.clone().with_context(|| match &report.no_wit {
                Some(why) => format!("`{name}`'s world has no WIT text: {why}"),
                None => format!("`{name}` is a core module with no embedded world"),
            })?
        } else if self.summary {
            weld_component::inspect::summary(&report, &name)
        } else if self.json {
            let mut s = serde_json::to_string_pretty(&report)?;
            s.push('\n');
            s
        } else {
            weld_component::inspect::render(&report, &name)
        };
        Output::Stdout.text(&text)?;
        Ok(ExitCode::SUCCESS)
    }
}
