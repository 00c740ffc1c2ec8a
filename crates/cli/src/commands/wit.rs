//! `weld wit`: validate, print and convert WIT.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use weld_wit::print::PrintOptions;
use weld_wit::{Input, LoadOptions};

use crate::output::{self, Output};

/// Validate and print WIT, or convert it to JSON, wasm or a folder of files.
///
/// INPUT is a `.wit` file, a folder (its `*.wit` files plus `deps/`, laid out
/// as `deps/<pkg>/*.wit` or `deps/<pkg>.wit`), a wasm-encoded WIT package, or
/// a component (its world is printed). The first INPUT is the main package;
/// more INPUTs add packages it may use. With no INPUT (or `-`), stdin is read.
///
/// `wasi:*` packages at 0.2.0, 0.2.12 and 0.3.0 resolve from copies built into weld
/// when no local copy exists (`--list-builtin` shows them); a local `deps/`
/// always wins.
#[derive(Args)]
#[command(after_help = "Examples:

    # Validate a folder with deps/ and print its package canonically
    $ weld wit wit/

    # Print one world, by plain or fully qualified name
    $ weld wit wit/ --world demo:app/app@0.1.0

    # Encode the package as wasm, then print it back
    $ weld wit wit/ --wasm -o app.wasm && weld wit app.wasm

    # The world of a component
    $ weld wit app.component.wasm

    # The resolved model as JSON, and a self-contained copy with deps/
    $ weld wit wit/ --json
    $ weld wit wit/ --out-dir vendored/

    # API changes since the last release, classified for semver
    $ weld wit diff git:v1.2.0 wit/")]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Opts {
    #[command(subcommand)]
    sub: Option<Sub>,

    /// WIT file, folder, wasm-encoded package or component (`-` for stdin).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Print only this world (`name`, `ns:pkg/name` or `ns:pkg/name@1.2.3`).
    #[arg(long, short = 'w', value_name = "WORLD")]
    world: Option<String>,

    /// Print the resolved model as JSON.
    #[arg(long, group = "format")]
    json: bool,

    /// Encode the main package as a wasm WIT package.
    #[arg(long, group = "format")]
    wasm: bool,

    /// With `--wasm`, print the WebAssembly text format instead of binary.
    #[arg(long, short = 't', requires = "wasm")]
    wat: bool,

    /// Print every package the main one depends on too, as nested
    /// `package x:y { ... }` blocks, so the text parses on its own.
    #[arg(long, conflicts_with = "world")]
    all_packages: bool,

    /// Write the output to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "out_dir")]
    output: Option<PathBuf>,

    /// Write the main package and each dependency as WIT files into DIR
    /// (`DIR/<pkg>.wit` and `DIR/deps/<dep>.wit`).
    #[arg(long, value_name = "DIR", group = "format")]
    out_dir: Option<PathBuf>,

    /// Enable `@unstable(feature = F)` items (comma-separated or repeated).
    #[arg(long, value_name = "F", value_delimiter = ',')]
    features: Vec<String>,

    /// Enable every `@unstable` item.
    #[arg(long)]
    all_features: bool,

    /// Leave doc comments out of the printed WIT.
    #[arg(long)]
    no_docs: bool,

    /// Do not resolve packages from the copies built into weld.
    #[arg(long)]
    no_builtin: bool,

    /// List the WIT packages built into weld and exit.
    #[arg(long, alias = "deps-of-weld", exclusive = true)]
    list_builtin: bool,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        if let Some(Sub::Diff(opts)) = self.sub {
            return opts.run();
        }
        let out = Output::new(self.output.clone());
        if self.list_builtin {
            out.text(&list_builtin())?;
            return Ok(ExitCode::SUCCESS);
        }
        if self.world.is_some() && self.wasm {
            crate::usage_bail!(
                "`--world` cannot be combined with `--wasm`: a wasm WIT package holds the whole package"
            );
        }
        if self.world.is_some() && self.out_dir.is_some() {
            crate::usage_bail!("`--world` cannot be combined with `--out-dir`");
        }
        let inputs = self.inputs()?;
        let opts =
            LoadOptions { features: self.features.clone(), all_features: self.all_features, builtin: !self.no_builtin };
        let wit = weld_wit::load(&inputs, &opts)?;
        let print = PrintOptions { docs: !self.no_docs };

        if self.json {
            return done(out.text(&weld_wit::json::to_json(&wit)?));
        }
        if self.wasm {
            let bytes = weld_wit::print::wasm(&wit)?;
            return done(out.wasm(&bytes, self.wat));
        }
        if let Some(dir) = &self.out_dir {
            for (rel, text) in weld_wit::print::out_dir_files(&wit, &print)? {
                output::write_atomic(&dir.join(rel), text.as_bytes())?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        let text = match &self.world {
            Some(name) => {
                let world = wit.select_world(Some(name))?;
                weld_wit::print::world(&wit, world, &print)?
            }
            None if self.all_packages => weld_wit::print::all_packages(&wit, &print)?,
            None => weld_wit::print::package(&wit, &print)?,
        };
        done(out.text(&text))
    }

    fn inputs(&self) -> Result<Vec<Input>> {
        if self.inputs.is_empty() {
            return Ok(vec![Input::Bytes { name: "<stdin>".into(), bytes: output::read_stdin()? }]);
        }
        let mut inputs = Vec::new();
        let mut stdin_used = false;
        for p in &self.inputs {
            if p.as_os_str() == "-" {
                if stdin_used {
                    crate::usage_bail!("stdin (`-`) can be given only once");
                }
                stdin_used = true;
                inputs.push(Input::Bytes { name: "<stdin>".into(), bytes: output::read_stdin()? });
            } else {
                inputs.push(Input::Path(p.clone()));
            }
        }
        Ok(inputs)
    }
}

#[derive(clap::Subcommand)]
enum Sub {
    Diff(super::wit_diff::Opts),
}

fn done(r: Result<()>) -> Result<ExitCode> {
    r.map(|()| ExitCode::SUCCESS)
}

fn list_builtin() -> String {
    let mut text = String::from("WIT packages built into weld (a local `deps/` copy always wins):\n");
    for p in weld_wit::builtin::packages() {
        text.push_str(&format!("  {:<24} wit/wasi/{}\n", p.name, p.location));
    }
    text
}
