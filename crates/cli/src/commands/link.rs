//! `weld link`: dynamic-library modules → one component.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use weld_component::link::{Library, LinkOptions};

use super::common::{read_adapters, read_core_module};
use crate::output::Output;

/// Link dynamic-library modules into one component (shared-everything
/// linking).
///
/// Each LIB is a core module built as a shared library (with a `dylink.0`
/// section, e.g. `clang -shared` for wasm32-wasi) that carries its world in a
/// `component-type` section (see `weld embed`). The component's world is the
/// union of theirs; its single memory and table are shared by all of them.
/// A library's NAME is what the others' `needed` entries and `dlopen` use
/// (default: its file name, such as `libfoo.so`). Libraries that import
/// `wasi_snapshot_preview1` get weld's preview1 adapter unless `--adapt`
/// gives one.
#[derive(Args)]
#[command(after_help = "Examples:

    # An application and the shared libraries it needs
    $ weld link libc.so libpython3.12.so app.wasm -o app.component.wasm

    # A plugin that `dlopen` can find, with wit-component's own libdl
    $ weld link libc.so main.wasm --dl-openable plugin.so --use-built-in-libdl -o app.wasm")]
pub struct Opts {
    /// The libraries (`.wasm` or `.wat`), as `[NAME=]PATH`.
    #[arg(value_name = "[NAME=]LIB", required_unless_present = "dl_openable")]
    libraries: Vec<String>,

    /// A library that `dlopen`/`dlsym` can also find at run time.
    #[arg(long, value_name = "[NAME=]LIB")]
    dl_openable: Vec<String>,

    /// An adapter module for imports from NAME (default: the adapter's file
    /// stem).
    #[arg(long, value_name = "[NAME=]PATH")]
    adapt: Vec<String>,

    /// Make functions that no library defines trap when called, instead of
    /// failing.
    #[arg(long)]
    stub_missing_functions: bool,

    /// Add wit-component's built-in `libdl.so` (`dlopen`, `dlsym`).
    #[arg(long)]
    use_built_in_libdl: bool,

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

fn library(spec: &str, dl_openable: bool) -> Result<Library> {
    let (name, path) = match spec.split_once('=') {
        Some((n, p)) => (n.to_string(), PathBuf::from(p)),
        None => {
            let p = PathBuf::from(spec);
            let n = p.file_name().map_or_else(|| spec.to_string(), |n| n.to_string_lossy().into_owned());
            (n, p)
        }
    };
    Ok(Library { name, bytes: read_core_module(&path, "library")?, dl_openable })
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        // `dlopen`-able libraries first, then the others, each in the order
        // given: where two define a symbol, the first wins.
        let mut libraries = Vec::new();
        for spec in &self.dl_openable {
            libraries.push(library(spec, true)?);
        }
        for spec in &self.libraries {
            libraries.push(library(spec, false)?);
        }
        let opts = LinkOptions {
            adapters: read_adapters(&self.adapt)?,
            stub_missing_functions: self.stub_missing_functions,
            use_built_in_libdl: self.use_built_in_libdl,
            validate: !self.no_validate,
        };
        let report = weld_component::link::link(&libraries, &opts)?;
        Output::new(self.output).wasm(&report.component, self.wat)?;
        Ok(ExitCode::SUCCESS)
    }
}
