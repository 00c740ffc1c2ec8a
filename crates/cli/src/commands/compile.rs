//! `weld compile`: compile a component ahead of time.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use weld_run::{Options, Runner};

use super::run::LimitArgs;
use crate::output::Output;

/// Compile a component ahead of time into a `.cwasm` that `weld run` loads
/// without compiling.
///
/// The result only runs on this kind of machine, with this version of weld,
/// and with the same kinds of limits: give the limit flags you will run with
/// (a fuel or timeout limit changes the generated code).
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld compile app.wasm -o app.cwasm && weld run app.cwasm
    $ weld compile plugin.wasm --fuel 1 -o plugin.cwasm && weld run plugin.cwasm --fuel 100000")]
pub struct Opts {
    /// The component (or WASI preview1 command module).
    #[arg(value_name = "COMPONENT")]
    input: PathBuf,

    /// Where to write the compiled code.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,

    #[command(flatten)]
    limits: LimitArgs,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let name = self.input.display().to_string();
        let bytes = std::fs::read(&self.input).with_context(|| format!("failed to read `{name}`"))?;
        let runner = Runner::new(Options { limits: self.limits.limits(), cache: None })?;
        let compiled = runner.precompile(&name, bytes).map_err(super::run::explain)?;
        Output::new(Some(self.output)).wasm(&compiled, false)?;
        Ok(ExitCode::SUCCESS)
    }
}
