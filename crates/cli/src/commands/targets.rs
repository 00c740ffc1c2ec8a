//! `weld targets`: does a component fit a world?

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use weld_component::Wasm;

use super::common::{WitArgs, read_wasm};
use crate::output::Output;

/// Check that a component fits a world, listing every problem.
///
/// Every export the world requires must be exported with the same type, and
/// every import of the component must be allowed by the world with the same
/// type. Each problem names the item and the path to the difference.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld targets calc.wasm --wit wit/ --world calc
    error: `calc.wasm` does not fit world `calc` (1 problem)
      - export demo:calc/ops.add: parameter b: expected u32, found s32")]
pub struct Opts {
    /// The component (`.wasm` or `.wat`; `-` for stdin).
    #[arg(value_name = "COMPONENT")]
    input: Option<PathBuf>,

    #[command(flatten)]
    wit: WitArgs,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let (name, wasm) = read_wasm(self.input.as_deref())?;
        let Wasm::Component(bytes) = wasm else {
            bail!("`{name}` is a core module; `weld targets` checks components (make one with `weld new`)");
        };
        let (wit, world) = self
            .wit
            .load()?
            .ok_or_else(|| crate::usage::error("`--wit <WIT>` is required: it names the world to check against"))?;
        let world_name = wit.resolve.worlds[world].name.clone();
        let problems = weld_component::targets::targets(&bytes, &wit.resolve, world)
            .with_context(|| format!("failed to read the world of `{name}`"))?;
        if problems.is_empty() {
            Output::Stdout.text(&format!("`{name}` fits world `{world_name}`\n"))?;
            return Ok(ExitCode::SUCCESS);
        }
        bail!(
            "`{name}` does not fit world `{world_name}` ({} problem{})\n  - {}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            problems.join("\n  - ")
        )
    }
}
