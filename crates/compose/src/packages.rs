//! Where packages named in a composition come from.
//!
//! In order: `--dep NAME=PATH`; then `DIR/<ns>/<name>@<version>.wasm` and
//! `DIR/<ns>/<name>.wasm` (or `.wat`) in the deps folder (default `deps/`);
//! then WIT packages, `DIR/<ns>/<name>.wit` or a folder `DIR/<ns>/<name>/`,
//! encoded as wasm (for documents that need only their types). Never a
//! network.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// How to find packages.
#[derive(Debug, Clone, Default)]
pub struct PackageSource {
    /// `(name, path)` from `--dep`; the name may carry `@version`.
    pub deps: Vec<(String, PathBuf)>,
    /// The deps folder.
    pub dir: Option<PathBuf>,
}

impl PackageSource {
    /// Where package `name` (`ns:name`) at `version` is; `None` when no
    /// source has it. Read it with [`read_package`].
    pub fn locate(&self, name: &str, version: Option<&semver::Version>) -> Option<PathBuf> {
        let versioned = version.map(|v| format!("{name}@{v}"));
        for (dep, path) in &self.deps {
            if dep == name || Some(dep) == versioned.as_ref() {
                return Some(path.clone());
            }
        }
        let dir = self.dir.as_ref()?;
        let (ns, pkg) = name.split_once(':')?;
        let base = dir.join(ns);
        let mut candidates = Vec::new();
        if let Some(v) = version {
            for ext in ["wasm", "wat", "wit"] {
                candidates.push(base.join(format!("{pkg}@{v}.{ext}")));
            }
        }
        for ext in ["wasm", "wat", "wit"] {
            candidates.push(base.join(format!("{pkg}.{ext}")));
        }
        candidates.push(base.join(pkg));
        candidates.into_iter().find(|c| c.exists())
    }

    /// The file in the deps folder `locate` looked for first, if any.
    pub fn searched(&self, name: &str) -> Option<PathBuf> {
        let (dir, (ns, pkg)) = (self.dir.as_ref()?, name.split_once(':')?);
        Some(dir.join(ns).join(format!("{pkg}.wasm")))
    }
}

/// A component or WIT package as binary wasm: `.wasm`, `.wat`, `.wit` or a
/// WIT folder.
pub fn read_package(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() || path.extension().is_some_and(|e| e == "wit") {
        let wit = weld_wit::load(&[weld_wit::Input::Path(path.to_path_buf())], &weld_wit::LoadOptions::default())
            .with_context(|| format!("failed to load the WIT package `{}`", path.display()))?;
        return weld_wit::print::wasm(&wit);
    }
    let bytes = std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    match weld_component::read(&path.display().to_string(), bytes)? {
        weld_component::Wasm::Component(c) => Ok(c),
        weld_component::Wasm::Module(_) => {
            bail!("`{}` is a core module; compose components (make one with `weld new`)", path.display())
        }
    }
}
