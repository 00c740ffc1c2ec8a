//! The WIT packages weld carries.
//!
//! The repository's `wit/wasi/` folder holds the WASI 0.2 packages that
//! weld's runner supports, at 0.2.0 (what most guest toolchains target) and
//! at 0.2.12 (what wasmtime-wasi 48 provides). `build.rs` embeds them, so a
//! user's WIT that says `use wasi:cli/...@0.2.0` resolves with no `deps/`
//! folder. A package found locally (in `deps/` or given as an input) always
//! wins over the built-in copy; built-in packages are parsed only when used.

use anyhow::Result;
use wit_parser::{SourceMap, UnresolvedPackageGroup};

/// One package weld carries.
#[derive(Debug)]
pub struct BuiltinPackage {
    /// `ns:name@version`.
    pub name: &'static str,
    /// Where it lives under the repository's `wit/wasi/`.
    pub location: &'static str,
    /// `(path under wit/wasi/, contents)` of each file.
    pub files: &'static [(&'static str, &'static str)],
}

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// Every package weld carries, by version and then by name.
pub fn packages() -> &'static [BuiltinPackage] {
    BUILTIN
}

/// The built-in package called exactly `name` (`ns:name@version`).
pub fn find(name: &str) -> Option<&'static BuiltinPackage> {
    BUILTIN.iter().find(|p| p.name == name)
}

/// Versions weld carries of `ns:name`, oldest first, for hints when a
/// version is missing and for host worlds.
pub fn versions_of(ns_name: &str) -> Vec<semver::Version> {
    let mut out: Vec<semver::Version> = BUILTIN
        .iter()
        .filter_map(|p| crate::names::Name::parse(p.name))
        .filter(|n| n.package_name() == ns_name)
        .filter_map(|n| n.version)
        .collect();
    out.sort();
    out
}

impl BuiltinPackage {
    /// Parses this package. Built-in files are tested to parse, so an error
    /// here means the binary was built from a broken `wit/` folder.
    pub fn parse(&self) -> Result<UnresolvedPackageGroup> {
        let mut map = SourceMap::new();
        for (path, text) in self.files {
            map.push_str(&format!("<weld>/wit/wasi/{path}"), crate::comments::blank_plain_comments(text));
        }
        map.parse().map_err(|(map, e)| anyhow::anyhow!("{}", e.render(&map)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_package_parses_with_its_name() {
        assert!(packages().len() >= 14);
        for p in packages() {
            let group = p.parse().unwrap();
            assert_eq!(group.main.name.to_string(), p.name);
        }
    }

    #[test]
    fn both_wasi_lines_are_carried() {
        for pkg in ["cli", "io", "clocks", "filesystem", "random", "sockets", "http"] {
            let versions = versions_of(&format!("wasi:{pkg}"));
            let versions: Vec<String> = versions.iter().map(|v| v.to_string()).collect();
            assert_eq!(versions, ["0.2.0", "0.2.12"], "wasi:{pkg}");
        }
    }
}
