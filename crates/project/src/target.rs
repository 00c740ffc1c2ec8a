//! Which wasm target a Rust component is compiled for.
//!
//! A component's world decides, unless its `target` key says otherwise: a
//! world that imports or exports WASI 0.3 interfaces, or any `async`
//! function, is built for `wasm32-wasip3` (whose standard library and
//! linker, `wasm-component-ld`, make the component directly); any other
//! world for `wasm32-wasip1`, a reactor module that weld makes a component
//! of with the preview1 adapter, as before.

use anyhow::{Result, bail};
use wit_parser::{Resolve, WorldId, WorldItem};

use crate::manifest::{Component, Language};

/// The targets `weld build` compiles Rust for.
pub const RUST_TARGETS: &[&str] = &["wasm32-wasip1", "wasm32-wasip2", "wasm32-wasip3"];

/// The target of `c`, a component of `language` with world `world`.
pub fn rust_target(c: &Component, resolve: &Resolve, world: WorldId) -> Result<&'static str> {
    if let Some(t) = &c.target {
        if c.language != Language::Rust {
            bail!(
                "component `{}`: `target` is for Rust components, found it on a {} component",
                c.name,
                c.language.name()
            );
        }
        return match RUST_TARGETS.iter().find(|k| **k == t.as_str()) {
            Some(k) => Ok(k),
            None => {
                bail!("component `{}`: expected `target` to be one of {}, found `{t}`", c.name, RUST_TARGETS.join(", "))
            }
        };
    }
    Ok(if uses_wasi_0_3_or_async(resolve, world) { "wasm32-wasip3" } else { "wasm32-wasip1" })
}

/// Whether the world names a WASI 0.3 interface or an async function.
pub fn uses_wasi_0_3_or_async(resolve: &Resolve, world: WorldId) -> bool {
    let w = &resolve.worlds[world];
    w.imports.values().chain(w.exports.values()).any(|item| match item {
        WorldItem::Function(f) => f.kind.is_async(),
        WorldItem::Interface { id, .. } => {
            let iface = &resolve.interfaces[*id];
            let wasi_0_3 = iface.package.map(|p| &resolve.packages[p].name).is_some_and(|n| {
                n.namespace == "wasi" && n.version.as_ref().is_some_and(|v| v.major == 0 && v.minor == 3)
            });
            wasi_0_3 || iface.functions.values().any(|f| f.kind.is_async())
        }
        WorldItem::Type { .. } => false,
    })
}
