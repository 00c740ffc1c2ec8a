//! Arguments and helpers that several commands share.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
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
