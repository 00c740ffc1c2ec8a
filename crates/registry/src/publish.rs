//! A WIT package as an OCI artifact: encoded as wasm (as wkg publishes it),
//! its interfaces and worlds listed as the config's exports and the
//! packages it uses as imports.

use anyhow::{Result, bail};

use crate::artifact::{self, Artifact};

/// A package ready to publish.
pub struct Package {
    /// `ns:name`.
    pub id: String,
    pub namespace: String,
    pub name: String,
    pub version: String,
    pub artifact: Artifact,
}

/// The main package of `wit`, which must have a version.
pub fn package(wit: &weld_wit::Wit, epoch: Option<i64>) -> Result<Package> {
    if wit.kind == weld_wit::InputKind::Component {
        bail!("the input is a component, not a WIT package: push components with `weld push`");
    }
    let resolve = &wit.resolve;
    let pkg = &resolve.packages[wit.package];
    let Some(version) = &pkg.name.version else {
        bail!(
            "the package `{}` has no version: a published package needs one (`package {}@1.0.0;`)",
            pkg.name,
            pkg.name
        );
    };
    let wasm = weld_wit::print::wasm(wit)?;
    let mut exports: Vec<String> = pkg.interfaces.values().filter_map(|id| resolve.id_of(*id)).collect();
    exports.extend(pkg.worlds.keys().map(|w| format!("{}:{}/{w}@{version}", pkg.name.namespace, pkg.name.name)));
    let mut imports: Vec<String> = resolve
        .packages
        .iter()
        .filter(|(id, _)| *id != wit.package && !wit.nested.contains(id))
        .map(|(_, p)| p.name.to_string())
        .collect();
    imports.sort();
    Ok(Package {
        id: format!("{}:{}", pkg.name.namespace, pkg.name.name),
        namespace: pkg.name.namespace.clone(),
        name: pkg.name.name.clone(),
        version: version.to_string(),
        artifact: artifact::wit_package(wasm, exports, imports, epoch),
    })
}
