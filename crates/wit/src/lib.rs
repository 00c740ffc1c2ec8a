//! weld-wit: everything weld does with WIT text and wasm-encoded WIT.
//!
//! This crate is the only place in weld that turns paths into a
//! [`wit_parser::Resolve`]. It loads a `.wit` file, a folder with an optional
//! `deps/` folder (both `deps/<pkg>/*.wit` and `deps/<pkg>.wit`), a
//! wasm-encoded WIT package, or a component, and resolves `wasi:*` packages
//! that the user did not vendor from the copies weld carries (see
//! [`builtin`]). Errors in WIT text are rendered with `file:line:col` and a
//! caret under the offending text.
//!
//! ```no_run
//! use weld_wit::{Input, LoadOptions};
//! let wit = weld_wit::load(&[Input::path("wit")], &LoadOptions::default())?;
//! let text = weld_wit::print::package(&wit, &weld_wit::print::PrintOptions::default())?;
//! print!("{text}");
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod builtin;
mod comments;
pub mod diff;
mod diff_async;
pub mod json;
mod load;
mod location;
pub mod names;
pub mod print;
pub mod types;
mod validate;

use std::path::PathBuf;

pub use load::load;

/// `select_world` with no name, for a package with several worlds: the
/// caller has to name one (the CLI's `--world`).
#[derive(Debug)]
pub struct SeveralWorlds {
    pub package: String,
    /// The worlds' names, in definition order.
    pub worlds: Vec<String>,
}

impl SeveralWorlds {
    /// `worlds in package `p`: `a`, `b``, for messages.
    pub fn listing(&self) -> String {
        let names: Vec<String> = self.worlds.iter().map(|w| format!("`{w}`")).collect();
        format!("worlds in package `{}`: {}", self.package, names.join(", "))
    }
}

impl std::fmt::Display for SeveralWorlds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "package `{}` defines several worlds; name one ({})", self.package, self.listing())
    }
}

impl std::error::Error for SeveralWorlds {}
pub use location::{Location, WitError, location_of};
pub use wit_parser;
pub use wit_parser::{PackageId, Resolve, WorldId};

/// One thing to read WIT from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A `.wit` file, a folder, or a `.wasm`/`.wat` file on disk.
    Path(PathBuf),
    /// Bytes already read (for example from stdin), with a name for messages.
    Bytes { name: String, bytes: Vec<u8> },
}

impl Input {
    pub fn path(p: impl Into<PathBuf>) -> Input {
        Input::Path(p.into())
    }

    /// The name used for this input in messages.
    pub fn display(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }
}

/// How to load WIT.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// `@unstable(feature = ...)` features to enable.
    pub features: Vec<String>,
    /// Enable every `@unstable` feature.
    pub all_features: bool,
    /// Resolve packages that are not found locally from weld's built-in copies.
    pub builtin: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { features: Vec::new(), all_features: false, builtin: true }
    }
}

/// What the main input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// WIT text: a file or a folder.
    Text,
    /// A wasm-encoded WIT package.
    WasmPackage,
    /// A component; [`Wit::world`] is its world.
    Component,
}

/// A resolved WIT package and everything it depends on.
#[derive(Debug, Clone)]
pub struct Wit {
    pub resolve: Resolve,
    /// The main package: the one the user pointed at.
    pub package: PackageId,
    /// Packages written inline (`package x:y { ... }`) in the main package's
    /// files, printed after it.
    pub nested: Vec<PackageId>,
    /// What the main input was.
    pub kind: InputKind,
    /// For a component input, the component's world.
    pub world: Option<WorldId>,
}

impl Wit {
    /// Picks a world: `name` may be plain (`app`), qualified
    /// (`ns:pkg/app`) or versioned (`ns:pkg/app@1.0.0`). With no name the
    /// main package must hold exactly one world (or the input is a component).
    pub fn select_world(&self, name: Option<&str>) -> anyhow::Result<WorldId> {
        if name.is_none()
            && let Some(w) = self.world
        {
            return Ok(w);
        }
        let pkg = &self.resolve.packages[self.package];
        let available = || {
            let names: Vec<String> = pkg.worlds.keys().map(|w| format!("`{w}`")).collect();
            if names.is_empty() {
                format!("package `{}` defines no worlds", pkg.name)
            } else {
                format!("worlds in package `{}`: {}", pkg.name, names.join(", "))
            }
        };
        match name {
            None => match pkg.worlds.len() {
                1 => Ok(pkg.worlds[0]),
                0 => anyhow::bail!("package `{}` defines no worlds", pkg.name),
                _ => Err(SeveralWorlds { package: pkg.name.to_string(), worlds: pkg.worlds.keys().cloned().collect() }
                    .into()),
            },
            Some(name) => {
                if (name.contains(':') || !name.contains('/'))
                    && let Ok(w) = self.resolve.select_world(&[self.package], Some(name))
                {
                    return Ok(w);
                }
                anyhow::bail!("world `{name}` not found ({})", available())
            }
        }
    }
}

/// The file name used for a package in `--out-dir` output and in messages:
/// `ns-name@version.wit` style without characters that are awkward in paths.
pub fn package_file_stem(name: &wit_parser::PackageName) -> String {
    let mut s = format!("{}-{}", name.namespace, name.name);
    if let Some(v) = &name.version {
        s.push('@');
        s.push_str(&v.to_string());
    }
    s
}

/// WebAssembly text as binary, with the file name and position in errors.
pub fn parse_wat(name: &str, text: &[u8]) -> anyhow::Result<Vec<u8>> {
    let bytes = wat::parse_bytes(text).map_err(|mut e| {
        e.set_path(name);
        anyhow::anyhow!("failed to parse `{name}` as WebAssembly text\n{e}")
    })?;
    Ok(bytes.into_owned())
}
