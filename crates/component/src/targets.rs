//! Does a component fit a world? Every problem, with the path to it.
//!
//! The component's own world (decoded from its binary) is compared with the
//! target world item by item: every export the target requires must be
//! exported with the same type, and every import the component has must be
//! allowed by the target with the same type. Each difference is reported,
//! e.g. `export demo:calc/ops.add: parameter b: expected u32, found s32`.
//! When this finds nothing, wit-component's subtype check (the one
//! `wasm-tools component targets` runs) is applied as well, so weld never
//! passes a component that check rejects.

use anyhow::{Result, bail};
use wit_parser::decoding::{DecodedWasm, decode};
use wit_parser::{Function, InterfaceId, Resolve, WorldId, WorldItem, WorldKey};

use weld_wit::types::{compare_functions, signature};

/// Every way `component` does not fit `world` (in `resolve`); empty if it fits.
pub fn targets(component: &[u8], resolve: &Resolve, world: WorldId) -> Result<Vec<String>> {
    let (rc, wc) = match decode(component)? {
        DecodedWasm::Component(r, w) => (r, w),
        DecodedWasm::WitPackage(..) => {
            bail!("expected a component, found a wasm-encoded WIT package")
        }
    };
    let side = Sides { rw: resolve, rc: &rc };
    let (target, comp) = (&resolve.worlds[world], &rc.worlds[wc]);
    let mut problems = Vec::new();

    for (key, want) in &target.exports {
        let name = resolve.name_world_key(key);
        match find(&rc, &comp.exports, &name) {
            None => problems.push(format!("missing export `{name}`{}", other_versions(&rc, &comp.exports, &name))),
            Some(have) => side.items("export", &name, want, have, true, &mut problems),
        }
    }
    for (key, have) in &comp.imports {
        let name = rc.name_world_key(key);
        match find(resolve, &target.imports, &name) {
            None => problems.push(format!(
                "import `{name}` is not allowed by world `{}`{}",
                target.name,
                other_versions(resolve, &target.imports, &name)
            )),
            Some(want) => side.items("import", &name, want, have, false, &mut problems),
        }
    }
    if problems.is_empty()
        && let Err(e) = wit_component::targets(resolve, world, component)
    {
        problems.push(format!("the component is not a subtype of world `{}`: {e:#}", target.name));
    }
    Ok(problems)
}

fn find<'a>(r: &Resolve, items: &'a indexmap::IndexMap<WorldKey, WorldItem>, name: &str) -> Option<&'a WorldItem> {
    items.iter().find(|(k, _)| r.name_world_key(k) == name).map(|(_, v)| v)
}

/// ` (found `x@0.3.0`)` when the same interface exists at other versions.
fn other_versions(r: &Resolve, items: &indexmap::IndexMap<WorldKey, WorldItem>, name: &str) -> String {
    let base = weld_wit::names::unversioned(name);
    let others: Vec<String> = items
        .keys()
        .map(|k| r.name_world_key(k))
        .filter(|n| n != name && weld_wit::names::unversioned(n) == base)
        .map(|n| format!("`{n}`"))
        .collect();
    if others.is_empty() { String::new() } else { format!(" (found {})", others.join(", ")) }
}

struct Sides<'a> {
    rw: &'a Resolve,
    rc: &'a Resolve,
}

impl Sides<'_> {
    /// Compares one world item. For exports every function the world wants
    /// must exist; for imports every function the component uses must.
    fn items(&self, what: &str, name: &str, want: &WorldItem, have: &WorldItem, export: bool, out: &mut Vec<String>) {
        match (want, have) {
            (WorldItem::Function(fw), WorldItem::Function(fc)) => self.func(what, name, fw, fc, out),
            (WorldItem::Interface { id: iw, .. }, WorldItem::Interface { id: ic, .. }) => {
                self.interface(what, name, *iw, *ic, export, out)
            }
            (WorldItem::Type { .. }, WorldItem::Type { .. }) => {}
            (w, c) => out.push(format!("{what} `{name}`: expected {}, found {}", kind(w), kind(c))),
        }
    }

    fn interface(&self, what: &str, name: &str, iw: InterfaceId, ic: InterfaceId, export: bool, out: &mut Vec<String>) {
        let (fw, fc) = (&self.rw.interfaces[iw].functions, &self.rc.interfaces[ic].functions);
        if export {
            for (fname, f) in fw {
                match fc.get(fname) {
                    None => out.push(format!("export `{name}`: missing function `{fname}`: {}", signature(self.rw, f))),
                    Some(g) => self.func(what, &format!("{name}.{fname}"), f, g, out),
                }
            }
        } else {
            for (fname, g) in fc {
                match fw.get(fname) {
                    None => out.push(format!(
                        "import `{name}`: the component uses function `{fname}`, which the world's interface does not have"
                    )),
                    Some(f) => self.func(what, &format!("{name}.{fname}"), f, g, out),
                }
            }
        }
    }

    fn func(&self, what: &str, name: &str, want: &Function, have: &Function, out: &mut Vec<String>) {
        if let Some(m) = compare_functions(self.rw, want, self.rc, have) {
            out.push(format!("{what} {name}: {m}"));
        }
    }
}

fn kind(item: &WorldItem) -> &'static str {
    match item {
        WorldItem::Function(_) => "a function",
        WorldItem::Interface { .. } => "an interface",
        WorldItem::Type { .. } => "a type",
    }
}
