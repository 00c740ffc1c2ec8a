//! OCI references and the namespace-to-registry mapping.
//!
//! A reference is `HOST[:PORT]/REPOSITORY[:TAG][@DIGEST]`, as container
//! tools write it. A WIT package `ns:name@version` lives at
//! `REGISTRY/PREFIX/ns/name:version`, where `REGISTRY/PREFIX` comes from the
//! `[registries]` table (as wkg's namespace registries and `namespacePrefix`
//! do): the package's own entry (`"ns:name"`), else its namespace's (`ns`),
//! else `default`; `WELD_REGISTRY` replaces all of them.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow, bail};
pub use oci_client::Reference;

/// The environment variable that sends every package to one registry.
pub const REGISTRY_ENV: &str = "WELD_REGISTRY";

/// Where WASI packages are published: what the `wasi.dev` registry's
/// metadata names (`ghcr.io`, namespace prefix `webassembly/`).
pub const WASI_REGISTRY: &str = "ghcr.io/webassembly";

/// Parses `text` as a reference with an explicit registry host and a tag or
/// digest: `localhost:5000/app:1.0`, `ghcr.io/org/app@sha256:...`.
pub fn parse(text: &str) -> Result<Reference> {
    let first = text.split('/').next().unwrap_or("");
    let has_host = text.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    if !has_host {
        bail!(
            "`{text}` is not a registry reference: expected `HOST[:PORT]/REPOSITORY:TAG` \
             (for example `localhost:5000/app:1.0.0` or `ghcr.io/org/app:1.0.0`)"
        );
    }
    let r: Reference = text.parse().map_err(|e| anyhow!("`{text}` is not a valid registry reference: {e}"))?;
    let last = text.rsplit('/').next().unwrap_or("");
    if !last.contains(':') && !last.contains('@') {
        bail!("`{text}` names no tag or digest: expected `{text}:TAG` (for example `{text}:1.0.0`)");
    }
    Ok(r)
}

/// Whether the registry `host[:port]` is on this machine, where plain HTTP
/// is used (as docker, podman and oras do for loopback registries).
pub fn is_loopback(registry: &str) -> bool {
    let host = if let Some(rest) = registry.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        registry.rsplit_once(':').map_or(registry, |(h, _)| h)
    };
    host == "localhost" || host == "::1" || host.parse::<std::net::Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// The `[registries]` table: `namespace`, `"ns:name"` or `default` to
/// `HOST[:PORT][/PREFIX]`.
#[derive(Debug, Clone, Default)]
pub struct Registries {
    entries: BTreeMap<String, String>,
    /// `WELD_REGISTRY`, when set: replaces every entry.
    pub override_all: Option<String>,
}

impl Registries {
    /// The table as written, and `WELD_REGISTRY` when set.
    pub fn new(entries: BTreeMap<String, String>, override_all: Option<String>) -> Registries {
        Registries { entries, override_all: override_all.filter(|v| !v.trim().is_empty()) }
    }

    /// Where `ns:name` lives, and which setting said so (for messages).
    pub fn location(&self, package: &str) -> Result<(String, String)> {
        if let Some(r) = &self.override_all {
            return Ok((r.trim_end_matches('/').to_string(), REGISTRY_ENV.to_string()));
        }
        let ns = package.split(':').next().unwrap_or(package);
        for (key, what) in [(package, format!("[registries] \"{package}\"")), (ns, format!("[registries] {ns}"))] {
            if let Some(r) = self.entries.get(key) {
                return Ok((r.trim_end_matches('/').to_string(), what));
            }
        }
        if let Some(r) = self.entries.get("default") {
            return Ok((r.trim_end_matches('/').to_string(), "[registries] default".into()));
        }
        if ns == "wasi" {
            return Ok((WASI_REGISTRY.to_string(), "weld's default for `wasi`".into()));
        }
        bail!(
            "no registry for `{package}`: add `{ns} = \"HOST[/PREFIX]\"` (or `default = ...`) to `[registries]` in \
             weld.toml, or set {REGISTRY_ENV}"
        )
    }

    /// The reference of `ns:name@version`: `REGISTRY/PREFIX/ns/name:version`.
    pub fn reference(&self, package: &str, version: &str) -> Result<Reference> {
        let (location, _) = self.location(package)?;
        let Some((ns, name)) = package.split_once(':') else {
            bail!("`{package}` is not a package name: expected `namespace:name`");
        };
        parse(&format!("{location}/{ns}/{name}:{version}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, &str)]) -> Registries {
        let entries = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Registries { entries, override_all: None }
    }

    #[test]
    fn loopback_hosts() {
        for h in ["localhost:5000", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000", "localhost"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["ghcr.io", "10.0.0.1:5000", "example.com:443", "localhost.example.com"] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn package_references() {
        let r = table(&[("demo", "127.0.0.1:5000/weld"), ("demo:special", "localhost:6000"), ("default", "ghcr.io/x")]);
        assert_eq!(r.reference("demo:greet", "1.0.0").unwrap().whole(), "127.0.0.1:5000/weld/demo/greet:1.0.0");
        assert_eq!(r.reference("demo:special", "2.0.0").unwrap().whole(), "localhost:6000/demo/special:2.0.0");
        assert_eq!(r.reference("other:pkg", "0.1.0").unwrap().whole(), "ghcr.io/x/other/pkg:0.1.0");
        let wasi = table(&[]).reference("wasi:http", "0.2.12").unwrap();
        assert_eq!(wasi.whole(), "ghcr.io/webassembly/wasi/http:0.2.12");
        let e = table(&[]).reference("acme:x", "1.0.0").unwrap_err().to_string();
        assert!(e.contains("no registry for `acme:x`") && e.contains("acme = "), "{e}");
        let mut o = table(&[("demo", "ghcr.io/a")]);
        o.override_all = Some("localhost:7000/mirror/".into());
        assert_eq!(o.reference("demo:greet", "1.0.0").unwrap().whole(), "localhost:7000/mirror/demo/greet:1.0.0");
    }

    #[test]
    fn references_need_host_and_tag() {
        assert!(parse("localhost:5000/app:1.0").is_ok());
        assert!(
            parse("ghcr.io/org/app@sha256:0000000000000000000000000000000000000000000000000000000000000000").is_ok()
        );
        let e = parse("app:1.0").unwrap_err().to_string();
        assert!(e.contains("expected `HOST[:PORT]/REPOSITORY:TAG`"), "{e}");
        let e = parse("localhost:5000/app").unwrap_err().to_string();
        assert!(e.contains("names no tag"), "{e}");
    }
}
