//! `[dependencies]` resolved into the project's `deps/` folder with
//! `weld.lock`.
//!
//! Each dependency is, in this order:
//!
//! 1. **built in**: `ns:name = "VERSION"` naming a package weld carries
//!    (the WASI packages); nothing is fetched or written;
//! 2. **locked**: its file `deps/<ns>-<name>-<version>.wasm` is there and
//!    its sha256 is the lockfile's digest; no network either;
//! 3. **local**: a package of that name and version is already in `deps/`
//!    (a folder, a `.wit` file or a `.wasm` package put there by hand);
//! 4. otherwise **fetched** from its registry. A locked dependency whose
//!    registry now serves other bytes is refused, with both digests.
//!
//! Nothing is written until every dependency is resolved: a registry that
//! is down, refuses the credentials or serves a tampered blob leaves `deps/`
//! and `weld.lock` as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::artifact::sha256;
use crate::lock::{self, Locked};
use crate::oci;
use crate::reference::{self, Registries};

/// One `[dependencies]` entry: `"ns:name" = "VERSION"` or `= "REFERENCE"`.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub name: String,
    pub spec: String,
}

/// What `fetch` works on.
pub struct Plan {
    /// The `deps/` folder next to the project's WIT.
    pub deps_dir: PathBuf,
    /// `weld.lock`, next to `weld.toml`.
    pub lock_path: PathBuf,
    pub dependencies: Vec<Dependency>,
    pub registries: Registries,
    pub settings: crate::Settings,
}

/// How one dependency was satisfied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    Locked,
    Local(PathBuf),
    Fetched { reference: String, digest: String },
}

/// One line of the report.
#[derive(Debug)]
pub struct Resolved {
    pub name: String,
    pub version: String,
    pub source: Source,
}

/// A dependency's version and where it lives.
struct Target {
    version: String,
    /// `None` for a package weld carries.
    place: Option<Place>,
}

enum Place {
    /// A full reference in `[dependencies]`.
    Reference(reference::Reference),
    /// Through `[registries]`, looked up only when fetching.
    Registry,
}

fn target(dep: &Dependency) -> Result<Target> {
    let Some((ns, name)) = dep.name.split_once(':') else {
        bail!("[dependencies] `{}`: expected a package name `namespace:name`", dep.name);
    };
    if ns.is_empty() || name.is_empty() || name.contains(['/', '@']) {
        bail!("[dependencies] `{}`: expected a package name `namespace:name` (no interface, no version)", dep.name);
    }
    if dep.spec.contains('/') {
        let r = reference::parse(&dep.spec).with_context(|| format!("[dependencies] `{}`", dep.name))?;
        let Some(tag) = r.tag() else {
            bail!("[dependencies] `{}`: `{}` must name the version as its tag", dep.name, dep.spec);
        };
        semver::Version::parse(tag).map_err(|e| {
            anyhow!("[dependencies] `{}`: the tag `{tag}` of `{}` is not a version: {e}", dep.name, dep.spec)
        })?;
        return Ok(Target { version: tag.to_string(), place: Some(Place::Reference(r)) });
    }
    semver::Version::parse(&dep.spec).map_err(|e| {
        anyhow!(
            "[dependencies] `{}` = \"{}\": expected an exact version (`1.2.3`) or a registry reference \
             (`HOST/REPOSITORY:1.2.3`): {e}",
            dep.name,
            dep.spec
        )
    })?;
    let builtin = format!("{}@{}", dep.name, dep.spec);
    if weld_wit::builtin::find(&builtin).is_some() {
        return Ok(Target { version: dep.spec.clone(), place: None });
    }
    Ok(Target { version: dep.spec.clone(), place: Some(Place::Registry) })
}

/// The file a fetched package is kept in.
pub fn file_name(name: &str, version: &str) -> String {
    format!("{}-{version}.wasm", name.replace(':', "-"))
}

/// Resolves every dependency, then writes what was fetched and the lock.
pub fn fetch(plan: &Plan) -> Result<Vec<Resolved>> {
    let locked = lock::read(&plan.lock_path)?;
    let by_name: BTreeMap<&str, &Locked> = locked.iter().map(|l| (l.name.as_str(), l)).collect();
    let mut deps = plan.dependencies.clone();
    deps.sort_by(|a, b| a.name.cmp(&b.name));
    let mut local: Option<BTreeMap<String, PathBuf>> = None;
    let mut out = Vec::new();
    let mut new_lock = Vec::new();
    let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for dep in &deps {
        let t = target(dep)?;
        let Some(place) = t.place else {
            out.push(Resolved { name: dep.name.clone(), version: t.version, source: Source::BuiltIn });
            continue;
        };
        let file = plan.deps_dir.join(file_name(&dep.name, &t.version));
        // A full reference must be the locked one; through `[registries]`,
        // the name and version are enough (a mirror serves the same bytes).
        let entry = by_name.get(dep.name.as_str()).filter(|l| {
            l.version == t.version
                && match &place {
                    Place::Reference(r) => l.reference == r.whole(),
                    Place::Registry => true,
                }
        });
        if let Some(l) = entry
            && file.exists()
        {
            let bytes = std::fs::read(&file).map_err(|e| anyhow!("failed to read `{}`: {e}", file.display()))?;
            let digest = sha256(&bytes);
            if digest != l.digest {
                bail!(
                    "`{}` does not match {}: the lockfile says {}, the file is {digest}; delete the file and run \
                     `weld fetch` to get the locked package again",
                    file.display(),
                    lock::FILE_NAME,
                    l.digest
                );
            }
            new_lock.push((*l).clone());
            out.push(Resolved { name: dep.name.clone(), version: t.version, source: Source::Locked });
            continue;
        }
        let local = match &mut local {
            Some(l) => l,
            None => local.insert(local_packages(&plan.deps_dir)?),
        };
        if let Some(path) = local.get(&format!("{}@{}", dep.name, t.version)) {
            out.push(Resolved { name: dep.name.clone(), version: t.version, source: Source::Local(path.clone()) });
            continue;
        }
        let reference = match place {
            Place::Reference(r) => r,
            Place::Registry => plan.registries.reference(&dep.name, &t.version)?,
        };
        let whole = reference.whole();
        let pulled = oci::pull(&reference, &plan.settings)
            .with_context(|| format!("failed to fetch `{}@{}`", dep.name, t.version))?;
        if let Some(l) = entry
            && l.digest != pulled.layer_digest
        {
            bail!(
                "`{}@{}` changed in the registry: {} locks {}, but `{whole}` now has {}; if the new package is \
                 intended, delete its entry from {} and fetch again",
                dep.name,
                t.version,
                lock::FILE_NAME,
                l.digest,
                pulled.layer_digest,
                lock::FILE_NAME
            );
        }
        check_package(&pulled.wasm, &dep.name, &t.version, &whole)?;
        new_lock.push(Locked {
            name: dep.name.clone(),
            version: t.version.clone(),
            registry: reference.resolve_registry().to_string(),
            reference: whole.clone(),
            digest: pulled.layer_digest.clone(),
        });
        out.push(Resolved {
            name: dep.name.clone(),
            version: t.version,
            source: Source::Fetched { reference: whole, digest: pulled.layer_digest },
        });
        writes.push((file, pulled.wasm));
    }
    if !writes.is_empty() {
        std::fs::create_dir_all(&plan.deps_dir)
            .map_err(|e| anyhow!("failed to create `{}`: {e}", plan.deps_dir.display()))?;
        for (path, bytes) in &writes {
            write_atomic(path, bytes)?;
        }
    }
    let text = lock::render(&new_lock);
    let same = std::fs::read_to_string(&plan.lock_path).is_ok_and(|t| t == text);
    if !same && (!new_lock.is_empty() || plan.lock_path.exists()) {
        write_atomic(&plan.lock_path, text.as_bytes())?;
    }
    Ok(out)
}

/// Writes through a temporary file in the same folder, then renames.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| anyhow!("failed to write in `{}`: {e}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| anyhow!("failed to write `{}`: {e}", path.display()))?;
    tmp.persist(path).map_err(|e| anyhow!("failed to write `{}`: {}", path.display(), e.error))?;
    Ok(())
}

/// The fetched bytes must be the WIT package asked for.
fn check_package(wasm: &[u8], name: &str, version: &str, whole: &str) -> Result<()> {
    let decoded = wit_parser::decoding::decode(wasm)
        .map_err(|e| anyhow!("`{whole}` is not a wasm-encoded WIT package: {e:#}"))?;
    let wit_parser::decoding::DecodedWasm::WitPackage(resolve, pkg) = decoded else {
        bail!("`{whole}` is a component, not a WIT package: `[dependencies]` takes WIT packages (`weld publish`)");
    };
    let got = resolve.packages[pkg].name.to_string();
    let want = format!("{name}@{version}");
    if got != want {
        bail!("`{whole}` holds the package `{got}`; expected `{want}`");
    }
    Ok(())
}

/// `ns:name@version` of every package in `deps/`, to its path.
fn local_packages(deps_dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(deps_dir) else {
        return Ok(out);
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let name = if path.is_dir() {
            wit_parser::UnresolvedPackageGroup::parse_dir(&path).ok().map(|g| g.main.name.to_string())
        } else if ext == "wit" {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            wit_parser::UnresolvedPackageGroup::parse(&path, &text).ok().map(|g| g.main.name.to_string())
        } else if ext == "wasm" {
            std::fs::read(&path).ok().and_then(|b| match wit_parser::decoding::decode(&b) {
                Ok(wit_parser::decoding::DecodedWasm::WitPackage(r, p)) => Some(r.packages[p].name.to_string()),
                _ => None,
            })
        } else {
            None
        };
        if let Some(n) = name {
            out.entry(n).or_insert(path);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(dir: &Path, deps: &[(&str, &str)]) -> Plan {
        Plan {
            deps_dir: dir.join("wit/deps"),
            lock_path: dir.join("weld.lock"),
            dependencies: deps.iter().map(|(n, s)| Dependency { name: n.to_string(), spec: s.to_string() }).collect(),
            registries: Registries::default(),
            settings: crate::Settings::default(),
        }
    }

    #[test]
    fn built_in_and_local_packages_need_no_registry() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("wit/deps/greet")).unwrap();
        std::fs::write(dir.path().join("wit/deps/greet/greet.wit"), "package demo:greet@1.0.0;\ninterface api {}\n")
            .unwrap();
        // No registry is configured for `demo`: a network request would fail.
        let p = plan(dir.path(), &[("wasi:http", "0.2.12"), ("demo:greet", "1.0.0")]);
        let got = fetch(&p).unwrap();
        assert_eq!(got[0].name, "demo:greet");
        assert!(matches!(got[0].source, Source::Local(_)), "{got:?}");
        assert_eq!(got[1].source, Source::BuiltIn);
        assert!(!p.lock_path.exists(), "nothing fetched, so no lockfile");
    }

    #[test]
    fn bad_specs_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let e = fetch(&plan(dir.path(), &[("demo:greet", "^1.0")])).unwrap_err().to_string();
        assert!(e.contains("expected an exact version"), "{e}");
        let e = fetch(&plan(dir.path(), &[("greet", "1.0.0")])).unwrap_err().to_string();
        assert!(e.contains("expected a package name `namespace:name`"), "{e}");
        let e = fetch(&plan(dir.path(), &[("demo:greet", "2.0.0")])).unwrap_err().to_string();
        assert!(e.contains("no registry for `demo:greet`"), "{e}");
        assert!(!dir.path().join("wit").exists());
    }
}
