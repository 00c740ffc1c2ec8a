//! A composed component split back into its members (`weld run --trace`
//! links them at load time).
//!
//! A composition as `weld compose`, `weld plug` and wac-graph write it is a
//! component of nested components, instantiations whose arguments are
//! either the host's imports or exports of other instances (through
//! aliases), and exports aliased from one instance. This reads that shape
//! back: each instantiation becomes a member (its component's bytes), each
//! argument taken from another instance a wire. Anything else (core code
//! of its own at the top, an argument that is a whole instance or a bag of
//! exports, exports from several instances or renamed) cannot be split,
//! and the error says which.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::{Result, bail};

/// One member: the component's name for people and its bytes.
#[derive(Debug, Clone)]
pub struct Piece {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One wire, by member index: `consumer` imports `import`, satisfied by
/// `provider`'s export `export`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitWire {
    pub consumer: usize,
    pub import: String,
    pub provider: usize,
    pub export: String,
}

/// A composition split: member 0 exports everything the composition does.
#[derive(Debug, Clone)]
pub struct Split {
    pub members: Vec<Piece>,
    pub wires: Vec<SplitWire>,
}

#[derive(Clone, Debug)]
enum Origin {
    /// An import of the composition (the host's).
    Import,
    /// Instantiation number `n` as a whole.
    Instance(usize),
    /// Export `name` of instantiation `n`.
    Export(usize, String),
    Other,
}

/// Splits `bytes`; `None` when it is not a composition (no nested
/// component is instantiated).
pub fn split(name: &str, bytes: &[u8]) -> Result<Option<Split>> {
    use wasmparser::{ComponentAlias, ComponentExternalKind, ComponentInstance, ComponentTypeRef, Parser, Payload};
    let mut components: Vec<Option<Range<usize>>> = Vec::new();
    let mut instances: Vec<Origin> = Vec::new();
    let mut funcs: Vec<Origin> = Vec::new();
    // (component index, arguments (name, origin))
    let mut made: Vec<(usize, Vec<(String, Origin)>)> = Vec::new();
    let mut exports: Vec<(String, Origin)> = Vec::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut own_code = None;
    let mut depth = 0usize;
    let cannot =
        |why: String| anyhow::anyhow!("`{name}` cannot be split into its components to link them at load time: {why}");
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        match &payload {
            Payload::ComponentSection { unchecked_range, .. } => {
                if depth == 0 {
                    components.push(Some(unchecked_range.clone()));
                }
                depth += 1;
            }
            Payload::ModuleSection { .. } => {
                if depth == 0 {
                    own_code = Some("a core module");
                }
                depth += 1;
            }
            Payload::End(_) => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            Payload::InstanceSection(_) | Payload::CoreTypeSection(_) => own_code = Some("core instances"),
            Payload::ComponentCanonicalSection(_) => own_code = Some("functions lifted or lowered at the top"),
            Payload::ComponentImportSection(r) => {
                for imp in r.clone() {
                    match imp?.ty {
                        ComponentTypeRef::Instance(_) => instances.push(Origin::Import),
                        ComponentTypeRef::Component(_) => components.push(None),
                        ComponentTypeRef::Func(_) => funcs.push(Origin::Import),
                        _ => {}
                    }
                }
            }
            Payload::ComponentAliasSection(r) => {
                for alias in r.clone() {
                    let alias = alias?;
                    if let ComponentAlias::InstanceExport { kind, instance_index, name } = alias {
                        let origin = match instances.get(instance_index as usize) {
                            Some(Origin::Instance(n)) => Origin::Export(*n, name.to_string()),
                            Some(Origin::Import) => Origin::Import,
                            _ => Origin::Other,
                        };
                        match kind {
                            ComponentExternalKind::Instance => instances.push(origin),
                            ComponentExternalKind::Func => funcs.push(origin),
                            ComponentExternalKind::Component => components.push(None),
                            _ => {}
                        }
                    } else if let ComponentAlias::Outer {
                        kind: wasmparser::ComponentOuterAliasKind::Component, ..
                    } = alias
                    {
                        components.push(None);
                    }
                }
            }
            Payload::ComponentInstanceSection(r) => {
                for inst in r.clone() {
                    match inst? {
                        ComponentInstance::Instantiate { component_index, args } => {
                            let mut list = Vec::new();
                            for arg in args.iter() {
                                let origin = match arg.kind {
                                    ComponentExternalKind::Instance => instances.get(arg.index as usize),
                                    ComponentExternalKind::Func => funcs.get(arg.index as usize),
                                    ComponentExternalKind::Type => continue,
                                    other => bail!(cannot(format!("argument `{}` is a {other:?}", arg.name))),
                                };
                                list.push((arg.name.to_string(), origin.cloned().unwrap_or(Origin::Other)));
                            }
                            instances.push(Origin::Instance(made.len()));
                            made.push((component_index as usize, list));
                        }
                        ComponentInstance::FromExports(_) => instances.push(Origin::Other),
                    }
                }
            }
            Payload::ComponentExportSection(r) => {
                for e in r.clone() {
                    let e = e?;
                    let origin = match e.kind {
                        ComponentExternalKind::Instance => instances.get(e.index as usize).cloned(),
                        ComponentExternalKind::Func => funcs.get(e.index as usize).cloned(),
                        _ => continue,
                    };
                    exports.push((e.name.name.to_string(), origin.unwrap_or(Origin::Other)));
                }
            }
            Payload::CustomSection(c) => {
                if let wasmparser::KnownCustom::ComponentName(sections) = c.as_known() {
                    for sub in sections.into_iter().flatten() {
                        if let wasmparser::ComponentName::Components(map) = sub {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if made.is_empty() {
        return Ok(None);
    }
    if let Some(what) = own_code {
        bail!(cannot(format!("it has {what} of its own besides the nested components")));
    }
    // The root: the one instance every export comes from, by its own name.
    let mut root = None;
    for (export, origin) in &exports {
        match origin {
            Origin::Export(n, inner) if inner == export => {
                if root.is_some_and(|r| r != *n) {
                    bail!(cannot(format!("its exports come from more than one component (`{export}`)")));
                }
                root = Some(*n);
            }
            Origin::Export(_, inner) => {
                bail!(cannot(format!("export `{export}` is a renamed export `{inner}` of a member")))
            }
            _ => bail!(cannot(format!("export `{export}` is not an export of one of its components"))),
        }
    }
    let Some(root) = root else { bail!(cannot("it exports nothing".to_string())) };
    // Member indices: the root first, then the others in order.
    let order: Vec<usize> = std::iter::once(root).chain((0..made.len()).filter(|n| *n != root)).collect();
    let index = |n: usize| order.iter().position(|o| *o == n).unwrap_or(0);
    let mut members = Vec::new();
    for &n in &order {
        let (component, _) = &made[n];
        let Some(Some(range)) = components.get(*component) else {
            bail!(cannot(format!("instance #{n} is of a component that is not defined inside it")));
        };
        let name = names.get(&(*component as u32)).cloned().unwrap_or_else(|| {
            let provides = crate::component_exports(&bytes[range.clone()]).unwrap_or_default();
            match provides.first() {
                Some(first) => short(first),
                None => format!("component #{component}"),
            }
        });
        members.push(Piece { name, bytes: bytes[range.clone()].to_vec() });
    }
    disambiguate(&mut members);
    let mut wires = Vec::new();
    for (n, (_, args)) in made.iter().enumerate() {
        for (import, origin) in args {
            match origin {
                Origin::Import => {}
                Origin::Export(p, export) => wires.push(SplitWire {
                    consumer: index(n),
                    import: import.clone(),
                    provider: index(*p),
                    export: export.clone(),
                }),
                Origin::Instance(_) => bail!(cannot(format!("argument `{import}` is a whole instance"))),
                Origin::Other => {
                    bail!(cannot(format!("argument `{import}` is neither an import nor a member's export")))
                }
            }
        }
    }
    Ok(Some(Split { members, wires }))
}

/// `hash` from `demo:hasher/hash@0.1.0`: a member's name from its first export.
fn short(export: &str) -> String {
    let item = export.rsplit('/').next().unwrap_or(export);
    item.split('@').next().unwrap_or(item).to_string()
}

/// Members with the same name get `#2`, `#3`.
fn disambiguate(members: &mut [Piece]) {
    for i in 1..members.len() {
        let count = members[..i]
            .iter()
            .filter(|m| m.name == members[i].name || m.name.starts_with(&format!("{}#", members[i].name)))
            .count();
        if count > 0 {
            members[i].name = format!("{}#{}", members[i].name, count + 1);
        }
    }
}
