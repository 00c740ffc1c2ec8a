//! `weld new`: core module → component.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use weld_component::Wasm;
use weld_component::adapter::Kind;
use weld_component::new::NewOptions;
use wit_component::StringEncoding;

use super::common::{WitArgs, read_adapters, read_wasm_unvalidated};
use crate::output::Output;

/// Turn a core module into a component.
///
/// The module's world comes from its `component-type` section (see `weld
/// embed` and the bindings generators), or from `--wit`/`--world`. A module
/// that imports WASI preview1 (`wasi_snapshot_preview1`) is adapted with no
/// flags: weld carries the preview1 adapters and picks the command adapter
/// when the module exports `_start` and the reactor adapter otherwise. The
/// adapted component imports WASI 0.2.12, what `weld run` provides.
#[derive(Args)]
#[command(after_help = "Examples:

    # A C program built with clang --target=wasm32-wasi
    $ weld new hello.wasm -o hello.component.wasm

    # A library module and its world, in one step
    $ weld new calc.core.wasm --wit wit/ --world calc -o calc.wasm

    # Your own adapter for an import module
    $ weld new app.wasm --adapt wasi_snapshot_preview1=my-adapter.wasm -o app.component.wasm")]
pub struct Opts {
    /// The core module (`.wasm` or `.wat`; `-` for stdin).
    #[arg(value_name = "CORE")]
    input: Option<PathBuf>,

    #[command(flatten)]
    wit: WitArgs,

    /// An adapter module for imports from NAME (default: the adapter's file
    /// stem). Replaces weld's own adapter when NAME is `wasi_snapshot_preview1`.
    #[arg(long, value_name = "[NAME=]PATH")]
    adapt: Vec<String>,

    /// Which built-in preview1 adapter to use.
    #[arg(long, value_enum)]
    adapter_kind: Option<AdapterKind>,

    /// Skip validating the output.
    #[arg(long)]
    no_validate: bool,

    /// Write the component to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print the WebAssembly text format instead of binary.
    #[arg(long, short = 't')]
    wat: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum AdapterKind {
    Command,
    Reactor,
    Proxy,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        // The output is validated, which covers the module inside it; the
        // input itself is validated only to explain a failure.
        let (name, wasm) = read_wasm_unvalidated(self.input.as_deref())?;
        let mut module = match wasm {
            Wasm::Module(m) => m,
            Wasm::Component(c) => {
                weld_component::validate(&name, &c)?;
                bail!("`{name}` is already a component; `weld new` takes a core module")
            }
        };
        if let Some((wit, world)) = self.wit.load()? {
            module = weld_component::embed::embed(&module, &wit, world, StringEncoding::UTF8)
                .with_context(|| format!("failed to embed the world into `{name}`"))?;
        }
        let adapters = read_adapters(&self.adapt)?;
        let opts = NewOptions {
            adapters,
            adapter_kind: self.adapter_kind.map(|k| match k {
                AdapterKind::Command => Kind::Command,
                AdapterKind::Reactor => Kind::Reactor,
                AdapterKind::Proxy => Kind::Proxy,
            }),
            validate: !self.no_validate,
        };
        let report = match weld_component::new::new(&module, &opts) {
            Ok(report) => report,
            Err(e) => {
                weld_component::validate(&name, &module)?;
                return Err(e.context(format!("failed to make a component from `{name}`")));
            }
        };
        Output::new(self.output).wasm(&report.component, self.wat)?;
        Ok(ExitCode::SUCCESS)
    }
}
