//! The WIT packages weld carries.
//!
//! The repository's `wit/wasi/` folder holds the WASI packages that weld's
//! runner supports: 0.2.0 (what most guest toolchains target), 0.2.12 (what
//! wasmtime-wasi 48 provides) and 0.3.0 (wasmtime-wasi 48's `p3` host, with
//! async functions, streams and futures). `build.rs` embeds them, so a
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
    fn every_wasi_line_is_carried() {
        for pkg in ["cli", "io", "clocks", "filesystem", "random", "sockets", "http"] {
            let versions = versions_of(&format!("wasi:{pkg}"));
            let versions: Vec<String> = versions.iter().map(|v| v.to_string()).collect();
            // WASI 0.3 has no `wasi:io`: streams and futures are component
            // model types.
            let expected: &[&str] = if pkg == "io" { &["0.2.0", "0.2.12"] } else { &["0.2.0", "0.2.12", "0.3.0"] };
            assert_eq!(versions, expected, "wasi:{pkg}");
        }
    }

    #[test]
    fn wasi_0_3_worlds_resolve_from_the_builtin_copies() {
        let text = "package demo:app;\n\
                    world app { include wasi:cli/imports@0.3.0; export wasi:cli/run@0.3.0; }\n\
                    world svc { include wasi:http/service@0.3.0; }\n";
        let wit = crate::load(
            &[crate::Input::Bytes { name: "app.wit".into(), bytes: text.as_bytes().to_vec() }],
            &crate::LoadOptions { features: Vec::new(), all_features: false, builtin: true },
        )
        .unwrap();
        let app = wit.select_world(Some("app")).unwrap();
        let imports: Vec<String> =
            wit.resolve.worlds[app].imports.keys().map(|k| wit.resolve.name_world_key(k)).collect();
        assert!(imports.contains(&"wasi:cli/stdout@0.3.0".to_string()), "{imports:?}");
        assert!(imports.contains(&"wasi:filesystem/types@0.3.0".to_string()), "{imports:?}");
        let svc = wit.select_world(Some("svc")).unwrap();
        let exports: Vec<String> =
            wit.resolve.worlds[svc].exports.keys().map(|k| wit.resolve.name_world_key(k)).collect();
        assert_eq!(exports, ["wasi:http/handler@0.3.0"]);
    }
}
