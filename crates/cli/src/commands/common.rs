//! Arguments and helpers that several commands share.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use weld_wit::{Input, LoadOptions, Wit, WorldId};

use crate::output;

/// `--wit <WIT> [--world W] [--features F] [--all-features]`.
#[derive(Args, Clone)]
pub struct WitArgs {
    /// WIT to use: a `.wit` file, a folder with `deps/`, or a wasm-encoded package.
    #[arg(long, value_name = "WIT")]
    pub wit: Option<PathBuf>,

    /// The world (`name`, `ns:pkg/name` or `ns:pkg/name@1.2.3`); needed when
    /// the package has several.
    #[arg(long, short = 'w', value_name = "WORLD", requires = "wit")]
    pub world: Option<String>,

    /// Enable `@unstable(feature = F)` items (comma-separated or repeated).
    #[arg(long, value_name = "F", value_delimiter = ',', requires = "wit")]
    pub features: Vec<String>,

    /// Enable every `@unstable` item.
    #[arg(long, requires = "wit")]
    pub all_features: bool,
}

impl WitArgs {
    /// Loads the WIT and selects the world, if `--wit` was given.
    pub fn load(&self) -> Result<Option<(Wit, WorldId)>> {
        let Some(path) = &self.wit else {
            return Ok(None);
        };
        let opts = LoadOptions { features: self.features.clone(), all_features: self.all_features, builtin: true };
        let wit = weld_wit::load(&[Input::Path(path.clone())], &opts)?;
        let world = wit.select_world(self.world.as_deref())?;
        Ok(Some((wit, world)))
    }
}

/// Reads and validates a wasm input (`-` or nothing for stdin), named for
/// messages.
pub fn read_wasm(path: Option<&Path>) -> Result<(String, weld_component::Wasm)> {
    let (name, wasm) = read_wasm_unvalidated(path)?;
    weld_component::validate(&name, wasm.bytes())?;
    Ok((name, wasm))
}

/// Reads a wasm input without validating it, for commands whose own work
/// validates (and that validate the input only to explain a failure).
pub fn read_wasm_unvalidated(path: Option<&Path>) -> Result<(String, weld_component::Wasm)> {
    let (name, bytes) = match path {
        Some(p) if p.as_os_str() != "-" => {
            (p.display().to_string(), std::fs::read(p).with_context(|| format!("failed to read `{}`", p.display()))?)
        }
        _ => ("<stdin>".to_string(), output::read_stdin()?),
    };
    let wasm = weld_component::read(&name, bytes)?;
    Ok((name, wasm))
}

/// Reads `--adapt [NAME=]PATH` adapters: NAME is the import module the
/// adapter provides (default: the file stem up to its first dot, so
/// `wasi_snapshot_preview1.command.wasm` adapts `wasi_snapshot_preview1`).
pub fn read_adapters(specs: &[String]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut adapters = Vec::new();
    for spec in specs {
        let (name, path) = match spec.split_once('=') {
            Some((n, p)) => (n.to_string(), PathBuf::from(p)),
            None => {
                let p = PathBuf::from(spec);
                let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
                let n = stem.split('.').next().unwrap_or(stem).to_string();
                (n, p)
            }
        };
        adapters.push((name, read_core_module(&path, "adapter")?));
    }
    Ok(adapters)
}

/// Reads a core module (`.wasm` or `.wat`) that `what` names in messages.
pub fn read_core_module(path: &Path, what: &str) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("failed to read {what} `{}`", path.display()))?;
    match weld_component::read(&path.display().to_string(), bytes)? {
        weld_component::Wasm::Module(b) => Ok(b),
        weld_component::Wasm::Component(_) => {
            bail!("{what} `{}` is a component; expected a core module", path.display())
        }
    }
}
