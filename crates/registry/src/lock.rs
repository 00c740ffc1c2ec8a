//! `weld.lock`: what `weld fetch` got from registries, so that the next
//! fetch gets the same bytes or says why not.
//!
//! ```toml
//! # weld.lock: written by `weld fetch`. Commit it; do not edit it.
//! version = 1
//!
//! [[package]]
//! name = "demo:greet"
//! version = "1.0.0"
//! registry = "localhost:5000"
//! reference = "localhost:5000/demo/greet:1.0.0"
//! digest = "sha256:..."
//! ```
//!
//! Packages are sorted by name and written with a fixed layout, so two
//! fetches of the same packages write the same bytes. `digest` is the
//! sha256 of the wasm-encoded WIT package (the artifact's layer), which is
//! also the file in `deps/`.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde::Deserialize;

pub const FILE_NAME: &str = "weld.lock";

#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Locked {
    pub name: String,
    pub version: String,
    pub registry: String,
    pub reference: String,
    pub digest: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LockFile {
    version: u32,
    #[serde(default)]
    package: Vec<Locked>,
}

/// Reads `path`; a missing file is an empty lock.
pub fn read(path: &Path) -> Result<Vec<Locked>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => bail!("failed to read `{}`: {e}", path.display()),
    };
    let file: LockFile =
        toml::from_str(&text).map_err(|e| anyhow!("`{}` is not a valid lockfile: {}", path.display(), e.message()))?;
    if file.version != 1 {
        bail!("`{}` has lockfile version {}; this weld reads version 1", path.display(), file.version);
    }
    Ok(file.package)
}

/// The lockfile's text for `packages`, sorted by name.
pub fn render(packages: &[Locked]) -> String {
    let mut sorted: Vec<&Locked> = packages.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = String::from("# weld.lock: written by `weld fetch`. Commit it; do not edit it.\nversion = 1\n");
    for p in sorted {
        out.push_str("\n[[package]]\n");
        for (key, value) in [
            ("name", &p.name),
            ("version", &p.version),
            ("registry", &p.registry),
            ("reference", &p.reference),
            ("digest", &p.digest),
        ] {
            out.push_str(&format!("{key} = {}\n", quote(value)));
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_then_read() {
        let p = |n: &str| Locked {
            name: n.into(),
            version: "1.0.0".into(),
            registry: "localhost:5000".into(),
            reference: format!("localhost:5000/{}:1.0.0", n.replace(':', "/")),
            digest: "sha256:00".into(),
        };
        let text = render(&[p("z:last"), p("a:first")]);
        assert!(text.find("a:first").unwrap() < text.find("z:last").unwrap());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, &text).unwrap();
        assert_eq!(read(&path).unwrap(), vec![p("a:first"), p("z:last")]);
        assert_eq!(render(&read(&path).unwrap()), text);
        std::fs::write(&path, "version = 2\n").unwrap();
        assert!(read(&path).unwrap_err().to_string().contains("lockfile version 2"));
        assert!(read(&dir.path().join("none")).unwrap().is_empty());
    }
}
