//! `weld compose`: a WAC document or a wasm-tools YAML config into one component.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use weld_compose::packages::PackageSource;

use super::graph::GraphArgs;
use crate::output::Output;

/// Compose components written in any language into one, from a WAC document.
///
/// Packages named in the document come from `--dep NAME=PATH`, then from
/// `DIR/<ns>/<name>.wasm` (or `.wat`, or a WIT package as `.wit` or a folder)
/// in the deps folder (`--deps-dir`, default `deps/`), never a network.
/// A `wasm-tools compose` YAML configuration is accepted too, with the root
/// component as the second argument. Imports nobody satisfies become
/// imports of the result and are listed.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld compose app.wac --dep demo:greeter=greeter.wasm --dep demo:app=app.wasm -o composed.wasm
    $ weld compose app.wac --deps-dir deps/ -o composed.wasm --graph mermaid composed.mmd
    $ weld compose compose.yml app.wasm -o composed.wasm      # a wasm-tools compose config")]
pub struct Opts {
    /// A WAC document (`.wac`), or a `wasm-tools compose` config (`.yml`, `.yaml`).
    #[arg(value_name = "SPEC")]
    spec: PathBuf,

    /// With a YAML config: the root component, whose imports are satisfied.
    #[arg(value_name = "ROOT")]
    root: Option<PathBuf>,

    /// Where a package comes from (repeatable).
    #[arg(long, value_name = "PKG=PATH")]
    dep: Vec<String>,

    /// The folder with packages as `<ns>/<name>.wasm`.
    #[arg(long, value_name = "DIR", default_value = "deps")]
    deps_dir: PathBuf,

    /// Write the composed component to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print the WebAssembly text format instead of binary.
    #[arg(long, short = 't')]
    wat: bool,

    /// Only check that the composition can be made; write nothing.
    #[arg(long)]
    dry_run: bool,

    /// Old spelling of `--dry-run` (warns; `--check` means "the files are
    /// fresh" in `weld bindgen`).
    #[arg(long, hide = true)]
    check: bool,

    /// Keep every copy of core modules that members share byte for byte
    /// (by default each is defined once and instantiated from there).
    #[arg(long)]
    no_dedupe: bool,

    #[command(flatten)]
    graph: GraphArgs,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let name = self.spec.display().to_string();
        let dry_run = self.dry_run || super::deprecated_check("compose", self.check);
        self.graph.format()?;
        let is_yaml = self.spec.extension().is_some_and(|e| e == "yml" || e == "yaml");
        let mut composed = if is_yaml {
            let Some(root) = &self.root else {
                crate::usage_bail!(
                    "`{name}` is a wasm-tools compose config: give the root component too (`weld compose {name} ROOT.wasm`)"
                );
            };
            weld_compose::yaml::compose(&self.spec, root, self.graph.requested())?
        } else {
            if self.root.is_some() {
                crate::usage_bail!(
                    "a root component is only taken with a YAML config; a WAC document names its components itself"
                );
            }
            let source = std::fs::read_to_string(&self.spec).with_context(|| format!("failed to read `{name}`"))?;
            let mut packages = PackageSource { deps: Vec::new(), dir: Some(self.deps_dir.clone()) };
            for d in &self.dep {
                let Some((pkg, path)) = d.split_once('=') else {
                    crate::usage_bail!("`--dep {d}`: expected `PKG=PATH`, such as `demo:greeter=greeter.wasm`");
                };
                packages.deps.push((pkg.to_string(), PathBuf::from(path)));
            }
            weld_compose::wac::compose(&name, &source, &packages, self.graph.requested())?
        };
        super::plug::share(&mut composed, self.no_dedupe)?;
        super::plug::report_open(&composed.imports);
        if dry_run {
            eprintln!("`{name}` composes ({} bytes); nothing written (--dry-run)", composed.bytes.len());
            return Ok(ExitCode::SUCCESS);
        }
        self.graph.write(composed.picture.as_ref())?;
        Output::new(self.output).wasm(&composed.bytes, self.wat)?;
        Ok(ExitCode::SUCCESS)
    }
}
