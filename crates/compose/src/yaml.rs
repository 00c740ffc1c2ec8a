//! `wasm-tools compose` configuration files, through wasm-compose, so users
//! of the deprecated tool can move over unchanged.

use std::path::Path;

use anyhow::{Context, Result};

use crate::{Composed, picture};

/// Composes `root` (the component whose imports are satisfied) with the YAML
/// configuration at `config`.
pub fn compose(config: &Path, root: &Path, draw: bool) -> Result<Composed> {
    let cfg = wasm_compose::config::Config::from_file(config)
        .with_context(|| format!("failed to read the composition config `{}`", config.display()))?;
    let bytes = wasm_compose::composer::ComponentComposer::new(root, &cfg)
        .compose()
        .with_context(|| format!("failed to compose `{}` with `{}`", root.display(), config.display()))?;
    let imports = crate::component_imports(&bytes)?;
    let picture = if draw { Some(picture::from_binary(&bytes)?) } else { None };
    Ok(Composed { bytes, imports, picture })
}
