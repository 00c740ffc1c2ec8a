//! `weld.toml`: the project's WIT, its components and their composition.
//!
//! ```toml
//! [project]
//! name = "polyglot"
//! wit = "wit"                      # the WIT folder every component uses
//! output = "build/app.wasm"        # where the composed app goes
//!
//! [[component]]
//! name = "counter"                 # also its package, `demo:counter`, in the WAC
//! package = "demo:counter"
//! language = "c"                   # c | rust | python | javascript
//! world = "counter"
//! sources = ["c/words.c"]          # C: files; Rust: the crate folder; Python: the
//!                                  # module folder; JavaScript: the entry file
//! flags = ["-O2"]                  # extra compiler flags (C only)
//! target = "wasm32-wasip3"         # Rust only; default: wasm32-wasip3 for a world
//!                                  # using WASI 0.3 or async, else wasm32-wasip1
//!
//! [compose]
//! wac = "app.wac"                  # or: plug = { root = "app" } to plug the rest in
//! dedupe = false                   # keep every copy of shared core modules
//!                                  # (default: defined once; see weld_compose::dedupe)
//!
//! [dependencies]                   # WIT packages from registries (`weld fetch`)
//! "wasi:http" = "0.2.12"           # a version: found through [registries]
//! "demo:greet" = "localhost:5000/demo/greet:1.0.0"   # or a full reference
//!
//! [registries]                     # namespace (or "ns:name", or default) to
//! demo = "localhost:5000"          # HOST[:PORT][/PREFIX]
//!
//! [check]                          # what `weld check` checks (see [`crate::check`])
//! base = "git:v1.0.0"
//! host = ["wasi:cli/command@0.2.x"]
//! ```
//!
//! One schema for every command: `weld build` needs `[project]` and at least
//! one `[[component]]`; `weld check` reads the same file, and a manifest with
//! only a `[check]` table is fine for it. Unknown keys and wrong types are
//! errors at their `file:line:column`.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use serde::Deserialize;

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Required by `weld build` (see [`load`]); optional for `weld check`.
    pub project: Option<Project>,
    #[serde(default, rename = "component")]
    pub components: Vec<Component>,
    pub compose: Option<Compose>,
    /// `weld check` reads this table; `weld build` ignores it.
    pub check: Option<Check>,
    /// WIT packages from registries: `"ns:name" = "VERSION"` or a reference.
    #[serde(default)]
    pub dependencies: std::collections::BTreeMap<String, String>,
    /// Namespace (`wasi`), package (`"ns:name"`) or `default` to registry.
    #[serde(default)]
    pub registries: std::collections::BTreeMap<String, String>,
}

/// The `[check]` table: what `weld check` checks. Paths are relative to the
/// manifest's folder, as everywhere in it.
#[derive(Deserialize, Debug, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The WIT package (default: `[project] wit`).
    pub wit: Option<PathBuf>,
    /// The released version to compare with: `git:REF` or a path.
    pub base: Option<String>,
    /// Worlds whose imports the host provides (`wasi:cli/command@0.2.x`).
    #[serde(default)]
    pub host: Vec<String>,
    /// Built components and the worlds they must fit.
    #[serde(default)]
    pub components: Vec<CheckComponent>,
    /// Composed components whose open imports must all be host imports.
    #[serde(default)]
    pub composed: Vec<PathBuf>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct CheckComponent {
    pub path: PathBuf,
    pub world: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub name: String,
    pub wit: PathBuf,
    pub output: PathBuf,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    C,
    Rust,
    Python,
    #[serde(alias = "js")]
    Javascript,
    Go,
    Zig,
}

impl Language {
    pub fn name(self) -> &'static str {
        match self {
            Language::C => "c",
            Language::Rust => "rust",
            Language::Python => "python",
            Language::Javascript => "javascript",
            Language::Go => "go",
            Language::Zig => "zig",
        }
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub name: String,
    /// The package name compositions use (`ns:name`); default `weld:<name>`.
    pub package: Option<String>,
    pub language: Language,
    pub world: String,
    pub sources: Vec<PathBuf>,
    #[serde(default)]
    pub flags: Vec<String>,
    /// Rust only: `wasm32-wasip1`, `wasm32-wasip2` or `wasm32-wasip3`
    /// (default: the world decides, see [`crate::target`]).
    pub target: Option<String>,
}

impl Component {
    pub fn package(&self) -> String {
        self.package.clone().unwrap_or_else(|| format!("weld:{}", self.name))
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Compose {
    pub wac: Option<PathBuf>,
    pub plug: Option<Plug>,
    /// Define core modules that members share byte for byte once (default
    /// true; `false` keeps every copy).
    pub dedupe: Option<bool>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Plug {
    /// The component the others are plugged into.
    pub root: String,
}

/// A loaded manifest with its folder (paths in it are relative to that).
pub struct Loaded {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub manifest: Manifest,
}

impl Loaded {
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() { p.to_path_buf() } else { self.dir.join(p) }
    }

    /// Where `[dependencies]` go: the `deps/` folder of the project's WIT
    /// (`[project] wit`, else `[check] wit`), else `deps/` beside the
    /// manifest.
    pub fn deps_dir(&self) -> PathBuf {
        let wit = self.manifest.project.as_ref().map(|p| &p.wit).or(self
            .manifest
            .check
            .as_ref()
            .and_then(|c| c.wit.as_ref()));
        match wit.map(|w| self.resolve(w)) {
            Some(w) if w.extension().is_some_and(|e| e == "wit") => w.parent().unwrap_or(Path::new(".")).join("deps"),
            Some(w) => w.join("deps"),
            None => self.dir.join("deps"),
        }
    }

    /// The `[project]` table, which building needs ([`load`] checks it).
    pub fn project(&self) -> Result<&Project> {
        self.manifest.project.as_ref().ok_or_else(|| {
            anyhow!("{}: no `[project]` table: `weld build` needs its `name`, `wit` and `output`", self.path.display())
        })
    }
}

/// Reads and checks `path` for `weld build`: it needs `[project]` and at
/// least one `[[component]]`.
pub fn load(path: &Path) -> Result<Loaded> {
    let loaded = read(path)?;
    loaded.project()?;
    if loaded.manifest.components.is_empty() {
        bail!("{}: no `[[component]]` to build", path.display());
    }
    Ok(loaded)
}

/// Reads and checks `path` as any command may use it: every table is
/// optional, but what is there must be consistent.
pub fn read(path: &Path) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("failed to read `{}`: {e}", path.display()))?;
    let manifest: Manifest = toml::from_str(&text).map_err(|e| {
        let at = e.span().map(|s| line_col(&text, s.start)).map(|(l, c)| format!("{}:{l}:{c}: ", path.display()));
        anyhow!("{}{}", at.unwrap_or_else(|| format!("{}: ", path.display())), e.message().trim())
    })?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let mut names = std::collections::HashSet::new();
    for c in &manifest.components {
        if !names.insert(c.name.as_str()) {
            bail!("{}: two components are named `{}`", path.display(), c.name);
        }
        if c.sources.is_empty() {
            bail!("{}: component `{}` lists no `sources`", path.display(), c.name);
        }
    }
    if manifest.project.is_none() && (!manifest.components.is_empty() || manifest.compose.is_some()) {
        bail!("{}: `[[component]]` and `[compose]` need a `[project]` table (its `wit` and `output`)", path.display());
    }
    if let Some(compose) = &manifest.compose {
        match (&compose.wac, &compose.plug) {
            (Some(_), Some(_)) => bail!("{}: `[compose]` takes `wac` or `plug`, not both", path.display()),
            (None, None) => {
                bail!("{}: `[compose]` needs `wac = \"FILE\"` or `plug = {{ root = \"NAME\" }}`", path.display())
            }
            (None, Some(p)) if !names.contains(p.root.as_str()) => {
                bail!("{}: `[compose] plug.root` names `{}`, which is not a component", path.display(), p.root)
            }
            _ => {}
        }
    }
    Ok(Loaded { path: path.to_path_buf(), dir, manifest })
}

/// 1-based line and column of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_registries_and_their_deps_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weld.toml");
        let text = "[check]\nwit = \"api/app.wit\"\n\n[dependencies]\n\"demo:greet\" = \"1.0.0\"\n\n[registries]\ndemo = \"localhost:5000\"\n";
        std::fs::write(&path, text).unwrap();
        let loaded = read(&path).unwrap();
        assert_eq!(loaded.manifest.dependencies["demo:greet"], "1.0.0");
        assert_eq!(loaded.manifest.registries["demo"], "localhost:5000");
        // A `.wit` file's deps/ is beside it; a folder's is inside it.
        assert_eq!(loaded.deps_dir(), dir.path().join("api/deps"));
        std::fs::write(&path, "[check]\nwit = \"wit\"\n").unwrap();
        assert_eq!(read(&path).unwrap().deps_dir(), dir.path().join("wit/deps"));
        std::fs::write(&path, "[dependencies]\n\"demo:greet\" = 1\n").unwrap();
        let e = read(&path).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("weld.toml:2:"), "{e}");
    }
}
