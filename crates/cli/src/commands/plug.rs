//! `weld plug`: wire components together by their imports and exports.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use weld_compose::plug::Part;

use super::graph::GraphArgs;
use crate::output::{self, Output};

/// Plug the exports of components into the imports of a socket component.
///
/// Imports are matched to exports by name, or by a semver-compatible version
/// of the same interface, when their types fit. The matching is transitive:
/// when a plug itself imports what another plug exports, that is wired too.
/// Imports nobody satisfies become imports of the result and are listed.
/// When an import could have been satisfied but is not (another version, a
/// type difference, a missing function), weld explains each candidate.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld plug app.wasm --plug greeter.wasm --plug logger.wasm -o composed.wasm
    $ weld plug app.wasm --plug greeter.wasm --emit-wac composed.wac -o composed.wasm
    $ weld plug app.wasm --plug greeter.wasm --dry-run    # only show the wiring and any problems")]
pub struct Opts {
    /// The component whose imports are satisfied; its exports are the result's.
    #[arg(value_name = "SOCKET")]
    socket: PathBuf,

    /// A component whose exports may satisfy imports (repeatable; earlier
    /// plugs win when several fit).
    #[arg(long = "plug", value_name = "PLUG", required = true)]
    plugs: Vec<PathBuf>,

    /// Write the composed component to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print the WebAssembly text format instead of binary.
    #[arg(long, short = 't')]
    wat: bool,

    /// Also write the wiring as a WAC document, for review.
    #[arg(long, value_name = "FILE")]
    emit_wac: Option<PathBuf>,

    /// Only show the wiring and any problems; write nothing.
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

fn part(path: &std::path::Path) -> Result<Part> {
    let bytes = weld_compose::packages::read_package(path)?;
    Ok(Part { path: path.to_path_buf(), bytes })
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let dry_run = self.dry_run || super::deprecated_check("plug", self.check);
        self.graph.format()?;
        let socket = part(&self.socket)?;
        let plugs = self.plugs.iter().map(|p| part(p)).collect::<Result<Vec<_>>>()?;
        let (plan, composed) = weld_compose::plug::plug(socket, plugs, !dry_run, self.graph.requested())?;
        if let Some(path) = &self.emit_wac {
            output::write_atomic(path, plan.wac.as_bytes())?;
        }
        if dry_run {
            let mut s = String::new();
            for w in &plan.wires {
                s.push_str(&format!("{}: `{}` <- {}\n", w.consumer, w.import, w.provider));
            }
            for (file, import) in &plan.open {
                s.push_str(&format!("{file}: `{import}` left open\n"));
            }
            Output::Stdout.text(&s)?;
            if !plan.problems.is_empty() {
                bail!("{}", weld_compose::doctor::report(&plan.problems));
            }
            if let Some(first) = plan.unused.first() {
                bail!("plug `{first}` satisfies no import of the socket or of the other plugs it brings in");
            }
            return Ok(ExitCode::SUCCESS);
        }
        let mut composed = composed.context("no composition was made")?;
        share(&mut composed, self.no_dedupe)?;
        report_open(&composed.imports);
        self.graph.write(composed.picture.as_ref())?;
        Output::new(self.output).wasm(&composed.bytes, self.wat)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Defines shared core modules once unless `off` (`--no-dedupe`); a
/// composition whose shape the pass leaves alone is noted on stderr.
pub fn share(composed: &mut weld_compose::Composed, off: bool) -> Result<()> {
    if off {
        return Ok(());
    }
    let d = composed.share_modules()?;
    if let Some(why) = d.skipped {
        eprintln!("note: repeated core modules are kept as they are: {why}");
    }
    Ok(())
}

/// Lists, on stderr, the imports a composition leaves for the host: WASI
/// ones summed up by package, others one by one.
pub fn report_open(imports: &[String]) {
    if imports.is_empty() {
        eprintln!("imports left open: none");
        return;
    }
    let (wasi, other): (Vec<&String>, Vec<&String>) = imports.iter().partition(|i| i.starts_with("wasi:"));
    let mut parts = Vec::new();
    if !other.is_empty() {
        parts.push(other.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "));
    }
    if !wasi.is_empty() {
        let mut packages: Vec<&str> = wasi.iter().map(|i| i.split('/').next().unwrap_or(i)).collect();
        packages.dedup();
        packages.sort();
        packages.dedup();
        parts.push(format!(
            "{} WASI interface{} ({})",
            wasi.len(),
            if wasi.len() == 1 { "" } else { "s" },
            packages.join(", ")
        ));
    }
    eprintln!("imports left open ({}): {}", imports.len(), parts.join("; "));
}
