//! `weld embed`: put a world into a core module.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use weld_component::Wasm;
use wit_component::StringEncoding;

use super::common::{WitArgs, read_wasm_unvalidated};
use crate::output::Output;

/// Embed a world into a core module as its `component-type` custom section.
///
/// The module can then become a component with `weld new` and no `--wit`.
/// With `--dummy`, no module is read: weld synthesizes one with exactly the
/// imports and exports the world needs (every function traps), for tests and
/// stubs.
#[derive(Args)]
#[command(after_help = "Examples:

    # Embed the `calc` world into a module built by a compiler
    $ weld embed calc.core.wasm --wit wit/ --world calc -o calc.embed.wasm

    # A stub module for the world, printed as text
    $ weld embed --dummy --wit wit/ --world calc -t")]
pub struct Opts {
    /// The core module (`.wasm` or `.wat`; `-` for stdin).
    #[arg(value_name = "CORE", required_unless_present = "dummy", conflicts_with = "dummy")]
    input: Option<PathBuf>,

    #[command(flatten)]
    wit: WitArgs,

    /// Synthesize a module that fits the world instead of reading one.
    #[arg(long)]
    dummy: bool,

    /// How the module encodes strings (also spelled `--string-encoding`,
    /// as in `weld bindgen c`).
    #[arg(long, alias = "string-encoding", value_enum, default_value_t = Encoding::Utf8)]
    encoding: Encoding,

    /// Write the module to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print the WebAssembly text format instead of binary.
    #[arg(long, short = 't')]
    wat: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Encoding {
    #[value(name = "utf8")]
    Utf8,
    #[value(name = "utf16")]
    Utf16,
    #[value(name = "latin1+utf16")]
    CompactUtf16,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let (wit, world) = self
            .wit
            .load()?
            .ok_or_else(|| crate::usage::error("`--wit <WIT>` is required: it names the world to embed"))?;
        let encoding = match self.encoding {
            Encoding::Utf8 => StringEncoding::UTF8,
            Encoding::Utf16 => StringEncoding::UTF16,
            Encoding::CompactUtf16 => StringEncoding::CompactUTF16,
        };
        let bytes = if self.dummy {
            weld_component::embed::dummy(&wit, world, encoding)?
        } else {
            // Function bodies are validated when `weld new` validates the
            // component; wit-component may drop the ones nothing reaches.
            let (name, wasm) = read_wasm_unvalidated(self.input.as_deref())?;
            weld_component::validate_structure(&name, wasm.bytes())?;
            let Wasm::Module(module) = wasm else {
                bail!("`{name}` is a component; `weld embed` takes a core module");
            };
            weld_component::embed::embed(&module, &wit, world, encoding)
                .with_context(|| format!("failed to embed the world into `{name}`"))?
        };
        Output::new(self.output).wasm(&bytes, self.wat)?;
        Ok(ExitCode::SUCCESS)
    }
}
