//! Checks wit-parser does not make.
//!
//! wit-parser 0.254 accepts `record r {}`, `flags f {}`, flags with more
//! than 32 members and `tuple<>` in text, but the component model's binary
//! format (as wasmparser validates it) forbids them, so such a
//! package only fails later, when it is encoded or used to make a component,
//! with a message about a byte offset. weld reports them at load time, at the
//! line that declares them.
//!
//! A wasm-encoded package may also carry `@since(version = V)` gates that
//! WIT text cannot: in a package with no version, or with a version older
//! than V. wit-parser decodes them, but the text printed from them does not
//! parse again; weld refuses such a package when it loads it.

use crate::location::WitError;
use anyhow::{Result, anyhow};
use wit_parser::{ParseError, Resolve, Stability, TypeDefKind, WorldItem};

/// The most members a `flags` type may have (wasmparser's limit).
const MAX_FLAGS: usize = 32;

/// Fails on the first type the component model cannot encode, or the first
/// `@since` gate WIT text could not express.
pub fn check(resolve: &Resolve) -> Result<()> {
    gates(resolve)?;
    for (_, ty) in resolve.types.iter() {
        let problem = match &ty.kind {
            TypeDefKind::Record(r) if r.fields.is_empty() => "a record must have at least one field".to_string(),
            TypeDefKind::Flags(f) if f.flags.is_empty() => "flags must have at least one flag".to_string(),
            TypeDefKind::Flags(f) if f.flags.len() > MAX_FLAGS => {
                format!("flags may have at most {MAX_FLAGS} members in the component model, found {}", f.flags.len())
            }
            TypeDefKind::Tuple(t) if t.types.is_empty() => {
                "a tuple must have at least one type (`tuple<>` is not allowed)".to_string()
            }
            _ => continue,
        };
        let what = match &ty.name {
            Some(name) => format!("`{name}`: {problem}"),
            None => problem,
        };
        let err = WitError::from_parser(&resolve.source_map, ParseError::new_syntax(ty.span, what.clone()).into());
        return Err(if err.rendered.is_empty() { anyhow!("{what}") } else { err.into() });
    }
    Ok(())
}

/// Every `@since(version = V)` must be in a package with a version of at
/// least V, as wit-parser requires of WIT text.
fn gates(resolve: &Resolve) -> Result<()> {
    for (_, pkg) in resolve.packages.iter() {
        let check = |what: String, stability: &Stability| -> Result<()> {
            let Stability::Stable { since, .. } = stability else { return Ok(()) };
            match &pkg.name.version {
                None => Err(anyhow!(
                    "package `{}` has no version, but {what} is gated with `@since(version = {since})`, \
                     which WIT text allows only in a versioned package",
                    pkg.name
                )),
                Some(v) if since > v => Err(anyhow!(
                    "{what} in package `{}` is gated with `@since(version = {since})`, a version after the \
                     package's own ({v})",
                    pkg.name
                )),
                Some(_) => Ok(()),
            }
        };
        for (name, &id) in &pkg.interfaces {
            let iface = &resolve.interfaces[id];
            check(format!("interface `{name}`"), &iface.stability)?;
            for (t, &ty) in &iface.types {
                check(format!("type `{t}` in interface `{name}`"), &resolve.types[ty].stability)?;
            }
            for (f, func) in &iface.functions {
                check(format!("function `{f}` in interface `{name}`"), &func.stability)?;
            }
        }
        for (name, &id) in &pkg.worlds {
            let world = &resolve.worlds[id];
            check(format!("world `{name}`"), &world.stability)?;
            for (key, item) in world.imports.iter().chain(&world.exports) {
                let item_name = resolve.name_world_key(key);
                let stability = match item {
                    WorldItem::Interface { stability, .. } => stability,
                    WorldItem::Function(f) => &f.stability,
                    WorldItem::Type { id: ty, .. } => &resolve.types[*ty].stability,
                };
                check(format!("`{item_name}` in world `{name}`"), stability)?;
            }
        }
    }
    Ok(())
}
