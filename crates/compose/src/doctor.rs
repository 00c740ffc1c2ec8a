//! The link doctor: why an import was not satisfied.
//!
//! For each import left open, every export of every other component that
//! could have been meant is examined (the same interface, the same interface
//! at another version, or an interface of the same name in another package)
//! and the reason it does not fit is spelled out: another version, a missing
//! function, or the path to the first type difference, such as
//! `function area: parameter s: record point, field x: expected u32, found s32`.
//! Async mismatches (a sync `func` against an `async func`, a stream's or
//! future's payload) and a WASI 0.2 interface offered at 0.3 (or back) also
//! say how to fix them (`doctor_fix`).
//! Imports with no candidate at all are left open on purpose: they become
//! imports of the composition.

use anyhow::{Context, Result};
use wit_parser::decoding::{DecodedWasm, decode};
use wit_parser::{Resolve, WorldId, WorldItem};

use weld_wit::types::{compare_functions, signature};

/// A component in the composition. Members are told apart by their place
/// in the list (one per path), never by name: two plugs may both be called
/// `impl.wasm`.
pub struct Member<'a> {
    /// How messages name it: its file name, or its path when another member
    /// has the same file name.
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// An import that some component could have satisfied, but did not.
#[derive(Debug, Clone)]
pub struct Problem {
    pub consumer: String,
    pub import: String,
    /// `(provider, export, why it does not fit)`.
    pub candidates: Vec<(String, String, String)>,
}

struct Decoded {
    resolve: Resolve,
    world: WorldId,
}

fn decode_member(m: &Member<'_>) -> Result<Decoded> {
    match decode(m.bytes).with_context(|| format!("failed to read the world of `{}`", m.name))? {
        DecodedWasm::Component(resolve, world) => Ok(Decoded { resolve, world }),
        DecodedWasm::WitPackage(..) => anyhow::bail!("`{}` is a WIT package, not a component", m.name),
    }
}

fn base(name: &str) -> String {
    weld_wit::names::unversioned(name)
}

/// Problems for the imports in `open` (`(index of the component in
/// members, import)`).
pub fn diagnose(members: &[Member<'_>], open: &[(usize, String)]) -> Result<Vec<Problem>> {
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let decoded: Vec<Decoded> = members.iter().map(decode_member).collect::<Result<_>>()?;
    let mut problems = Vec::new();
    for (consumer, import) in open {
        let c = &decoded[*consumer];
        let Some(want) = find(&c.resolve, &c.resolve.worlds[c.world].imports, import) else { continue };
        let mut candidates = Vec::new();
        for (i, m) in members.iter().enumerate() {
            if i == *consumer {
                continue;
            }
            let p = &decoded[i];
            for (key, have) in &p.resolve.worlds[p.world].exports {
                let export = p.resolve.name_world_key(key);
                let why = if export == *import {
                    mismatch(&c.resolve, want, &p.resolve, have)
                } else if base(&export) == base(import) {
                    let version = weld_wit::names::version_of;
                    match (version(import), version(&export)) {
                        (Some(w), Some(h)) if weld_wit::names::satisfies(&w, &h) => {
                            mismatch(&c.resolve, want, &p.resolve, have)
                        }
                        (Some(w), Some(h)) if crate::doctor_fix::wasi_line(import, &w, &h).is_some() => {
                            crate::doctor_fix::wasi_line(import, &w, &h)
                        }
                        (Some(w), Some(h)) => Some(format!(
                            "it is another version: {h} does not satisfy {w} (the component model accepts the same {} and a newer patch)",
                            if w.major == 0 { "0.minor" } else { "major" }
                        )),
                        _ => Some("one side is versioned and the other is not".to_string()),
                    }
                } else if short(&export) == short(import) && export.contains(':') && import.contains(':') {
                    Some(format!(
                        "it is an interface of another package (`{}` is not `{}`)",
                        base(&export),
                        base(import)
                    ))
                } else {
                    continue;
                };
                if let Some(why) = why {
                    candidates.push((m.name.to_string(), export, why));
                }
            }
        }
        if !candidates.is_empty() {
            problems.push(Problem {
                consumer: members[*consumer].name.to_string(),
                import: import.clone(),
                candidates,
            });
        }
    }
    Ok(problems)
}

/// `iface` from `ns:pkg/iface@1.0.0`.
fn short(name: &str) -> String {
    weld_wit::names::Name::parse(name).and_then(|n| n.item).unwrap_or_else(|| name.to_string())
}

fn find<'a>(
    r: &Resolve,
    items: &'a indexmap::IndexMap<wit_parser::WorldKey, WorldItem>,
    name: &str,
) -> Option<&'a WorldItem> {
    items.iter().find(|(k, _)| r.name_world_key(k) == name).map(|(_, v)| v)
}

/// Why `have` (an export, in `rh`) does not fit `want` (an import, in `rw`).
fn mismatch(rw: &Resolve, want: &WorldItem, rh: &Resolve, have: &WorldItem) -> Option<String> {
    match (want, have) {
        (WorldItem::Function(fw), WorldItem::Function(fh)) => compare_functions(rw, fw, rh, fh)
            .map(|m| format!("the function differs: {m}{}", crate::doctor_fix::for_function(&fw.name, &m))),
        (WorldItem::Interface { id: iw, .. }, WorldItem::Interface { id: ih, .. }) => {
            let (fw, fh) = (&rw.interfaces[*iw].functions, &rh.interfaces[*ih].functions);
            for (name, f) in fw {
                match fh.get(name) {
                    None => {
                        return Some(format!(
                            "function `{name}` is absent (the importer needs `{name}: {}`)",
                            signature(rw, f)
                        ));
                    }
                    Some(g) => {
                        if let Some(m) = compare_functions(rw, f, rh, g) {
                            return Some(format!("function {name}: {m}{}", crate::doctor_fix::for_function(name, &m)));
                        }
                    }
                }
            }
            let resources = |r: &Resolve, i| {
                r.interfaces[i]
                    .types
                    .iter()
                    .filter(|(_, t)| matches!(r.types[**t].kind, wit_parser::TypeDefKind::Resource))
                    .map(|(n, _)| n.clone())
                    .collect::<Vec<_>>()
            };
            let (rw_res, rh_res) = (resources(rw, *iw), resources(rh, *ih));
            if let Some(missing) = rw_res.iter().find(|r| !rh_res.contains(r)) {
                return Some(format!("resource `{missing}` is absent"));
            }
            Some("the interface's types differ".to_string())
        }
        (w, h) => Some(format!("expected {}, found {}", kind(w), kind(h))),
    }
}

fn kind(item: &WorldItem) -> &'static str {
    match item {
        WorldItem::Function(_) => "a function",
        WorldItem::Interface { .. } => "an interface",
        WorldItem::Type { .. } => "a type",
    }
}

/// The problems as a message.
pub fn report(problems: &[Problem]) -> String {
    let mut s = format!(
        "{} import{} cannot be satisfied by the components given:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        s.push_str(&format!("\n  - `{}` imports `{}`", p.consumer, p.import));
        for (file, export, why) in &p.candidates {
            s.push_str(&format!("\n      `{file}` exports `{export}`, but {why}"));
        }
    }
    s
}

/// `it exports: a, b` for member `index`.
pub fn exports_of(members: &[Member<'_>], index: usize) -> String {
    let Some(m) = members.get(index) else { return String::new() };
    let file = m.name;
    let names: Vec<String> = match decode_member(m) {
        Ok(d) => {
            d.resolve.worlds[d.world].exports.keys().map(|k| format!("`{}`", d.resolve.name_world_key(k))).collect()
        }
        Err(_) => Vec::new(),
    };
    if names.is_empty() {
        format!("`{file}` exports nothing")
    } else {
        format!("`{file}` exports {}", names.join(", "))
    }
}
