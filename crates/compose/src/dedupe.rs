//! Shared runtimes: byte-identical core modules defined once.
//!
//! Two components built by the same toolchain carry the same core modules
//! (componentize-py's libpython and libc, the WASI adapter...), and a
//! composition encoded by wac-graph defines each component whole, so those
//! modules are shipped once per component. This pass takes an encoded
//! composition and:
//!
//! 1. finds core modules inside nested components (at any depth) whose bytes
//!    are identical (grouped by length and hash, then compared byte for
//!    byte);
//! 2. defines each module that appears more than once in the outer
//!    component, before its first nested component;
//! 3. replaces each copy, at the same place in its component's section
//!    order, by an alias section `(alias outer D K (core module))` (D: how
//!    many components up the outer one is; K: the module's index there).
//!
//! A module section and an alias section of one core module each add one
//! entry to the component's core-module index space, in section order, so
//! no index inside a nested component changes and nothing but the sections
//! replaced is rewritten. The outer component's own core-module index space
//! must be empty for the new definitions to take indices `0..K` without
//! moving anything (wac-graph and wasm-compose never put core modules
//! there); when it is not, the pass leaves the composition as it is and says
//! why (see [`Deduped::skipped`]).
//!
//! The result is validated (structure only: function bodies are the very
//! bytes of modules already validated); should it fail, the input is kept.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use anyhow::{Result, bail};
use wasm_encoder::{Alias, ComponentAliasSection, ComponentOuterAliasKind, Encode};
use wasmparser::{Chunk, ComponentAlias, ComponentExternalKind, ComponentOuterAliasKind as OuterKind, Parser, Payload};

/// Section ids in a component's binary (component model, `Binary.md`).
const CORE_MODULE_SECTION: u8 = 1;
const COMPONENT_SECTION: u8 = 4;

/// An upper bound on the bytes one outer alias section takes (id, size,
/// count, sort, tag, and two LEB128 numbers), with the definition's header.
const ALIAS_COST: usize = 16;

/// The outcome of [`dedupe`].
#[derive(Debug, Clone)]
pub struct Deduped {
    /// The composition, rewritten (or the input, when nothing was shared or
    /// the shape was skipped).
    pub bytes: Vec<u8>,
    /// The modules now defined once, in the order of their definitions
    /// (core module `index` of the outer component).
    pub shared: Vec<SharedModule>,
    /// Why nothing was rewritten although modules repeat.
    pub skipped: Option<String>,
    /// The input's size.
    pub before: usize,
    /// The output's size.
    pub after: usize,
}

/// A core module defined once in the outer component.
#[derive(Debug, Clone)]
pub struct SharedModule {
    /// Its index in the outer component's core-module index space.
    pub index: u32,
    pub size: usize,
    /// How many copies it replaced.
    pub copies: usize,
}

impl Deduped {
    /// Bytes saved against the input.
    pub fn saved(&self) -> usize {
        self.before.saturating_sub(self.after)
    }
}

/// One section of a component, as found in its binary.
struct Section<'a> {
    /// The whole section: id, size and contents.
    raw: &'a [u8],
    /// For a core module or nested component section, its bytes.
    nested: Option<(u8, &'a [u8])>,
    /// Whether it adds to the component's core-module index space
    /// (a module definition, import, export or alias).
    core_module_entry: bool,
}

/// Splits a component's binary (header included) into its sections.
fn sections(bytes: &[u8]) -> Result<Vec<Section<'_>>> {
    let mut out = Vec::new();
    let mut parser = Parser::new(0);
    let mut pos = 0;
    loop {
        let (consumed, payload) = match parser.parse(&bytes[pos..], true)? {
            Chunk::Parsed { consumed, payload } => (consumed, payload),
            Chunk::NeedMoreData(_) => bail!("unexpected end of the component"),
        };
        let start = pos;
        pos += consumed;
        let mut nested = None;
        let mut core_module_entry = false;
        match payload {
            Payload::Version { encoding, .. } => {
                if encoding != wasmparser::Encoding::Component {
                    bail!("expected a component, found a core module");
                }
                continue;
            }
            Payload::End(_) => break,
            Payload::ModuleSection { unchecked_range, .. } => {
                // The nested bytes follow the header; the parser is left
                // at the next section once they are skipped.
                pos += unchecked_range.len();
                nested = Some((CORE_MODULE_SECTION, &bytes[start + consumed..pos]));
                core_module_entry = true;
            }
            Payload::ComponentSection { unchecked_range, .. } => {
                pos += unchecked_range.len();
                nested = Some((COMPONENT_SECTION, &bytes[start + consumed..pos]));
            }
            Payload::ComponentImportSection(r) => {
                for i in r {
                    core_module_entry |= matches!(i?.ty, wasmparser::ComponentTypeRef::Module(_));
                }
            }
            Payload::ComponentExportSection(r) => {
                for e in r {
                    core_module_entry |= e?.kind == ComponentExternalKind::Module;
                }
            }
            Payload::ComponentAliasSection(r) => {
                for a in r {
                    core_module_entry |= match a? {
                        ComponentAlias::InstanceExport { kind, .. } => kind == ComponentExternalKind::Module,
                        ComponentAlias::Outer { kind, .. } => kind == OuterKind::CoreModule,
                        ComponentAlias::CoreInstanceExport { .. } => false,
                    };
                }
            }
            _ => {}
        }
        out.push(Section { raw: &bytes[start..pos], nested, core_module_entry });
    }
    Ok(out)
}

/// Identical modules, found in order of first appearance.
#[derive(Default)]
struct Groups<'a> {
    /// (length, hash) → groups with that key.
    by_key: HashMap<(usize, u64), Vec<usize>>,
    /// Each group's bytes and how many times it appears.
    groups: Vec<(&'a [u8], usize)>,
}

impl<'a> Groups<'a> {
    /// The group of `module`, adding it (or one more copy of it).
    fn add(&mut self, module: &'a [u8]) -> usize {
        let key = (module.len(), hash(module));
        let candidates = self.by_key.entry(key).or_default();
        for &g in candidates.iter() {
            if self.groups[g].0 == module {
                self.groups[g].1 += 1;
                return g;
            }
        }
        self.groups.push((module, 1));
        candidates.push(self.groups.len() - 1);
        self.groups.len() - 1
    }

    fn find(&self, module: &[u8]) -> Option<usize> {
        let key = (module.len(), hash(module));
        self.by_key.get(&key)?.iter().copied().find(|&g| self.groups[g].0 == module)
    }
}

/// A fixed-key hash (the same on every run); equality is decided by
/// comparing bytes, so collisions only cost a comparison.
fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Every core module inside nested components, at any depth.
fn collect<'a>(parts: &[Section<'a>], depth: u32, groups: &mut Groups<'a>) -> Result<()> {
    for s in parts {
        match s.nested {
            Some((CORE_MODULE_SECTION, module)) if depth > 0 => {
                groups.add(module);
            }
            Some((COMPONENT_SECTION, component)) => collect(&sections(component)?, depth + 1, groups)?,
            _ => {}
        }
    }
    Ok(())
}

/// Defines repeated core modules once in the outer component of `bytes` (an
/// encoded composition) and makes every copy an outer alias of it.
pub fn dedupe(bytes: &[u8]) -> Result<Deduped> {
    let unchanged = |skipped: Option<String>| Deduped {
        bytes: bytes.to_vec(),
        shared: Vec::new(),
        skipped,
        before: bytes.len(),
        after: bytes.len(),
    };
    let root = sections(bytes)?;
    let mut groups = Groups::default();
    collect(&root, 0, &mut groups)?;
    // Shared modules get outer indices in order of first appearance.
    let mut index_of: HashMap<usize, u32> = HashMap::new();
    let mut shared = Vec::new();
    for (g, (module, copies)) in groups.groups.iter().enumerate() {
        // Each copy becomes an alias section of a few bytes (at most
        // `ALIAS_COST`); a module too small to pay for them stays copied.
        if *copies > 1 && (copies - 1) * module.len() > copies * ALIAS_COST {
            index_of.insert(g, shared.len() as u32);
            shared.push(SharedModule { index: shared.len() as u32, size: module.len(), copies: *copies });
        }
    }
    if shared.is_empty() {
        return Ok(unchanged(None));
    }
    // New definitions at indices 0..K would move the outer component's own
    // core modules (and every reference to them, in instantiations, exports
    // and names); that rewrite is not done, so such a shape is skipped.
    if root.iter().any(|s| s.core_module_entry) {
        return Ok(unchanged(Some(
            "the outer component has core modules of its own, whose indices sharing would move".into(),
        )));
    }
    let mut out = bytes[..8].to_vec();
    let mut defined = false;
    for s in &root {
        if let Some((COMPONENT_SECTION, component)) = s.nested {
            if !defined {
                // Before the first nested component: an outer alias can
                // only name what is defined before the component holding it.
                for (g, (module, _)) in groups.groups.iter().enumerate() {
                    if index_of.contains_key(&g) {
                        push_section(&mut out, CORE_MODULE_SECTION, module);
                    }
                }
                defined = true;
            }
            let rewritten = rewrite(component, 1, &groups, &index_of)?;
            push_section(&mut out, COMPONENT_SECTION, &rewritten);
        } else {
            out.extend_from_slice(s.raw);
        }
    }
    if let Err(e) = weld_component::validate_structure("the composition with shared modules", &out) {
        // Not expected: every shape rewritten above is sound. The input is
        // still a valid composition, so it is kept rather than refused.
        return Ok(unchanged(Some(format!("sharing gave an invalid component ({e:#}); kept as it was"))));
    }
    Ok(Deduped { after: out.len(), bytes: out, shared, skipped: None, before: bytes.len() })
}

/// `component` (at `depth` below the outer one) with each shared module
/// replaced by an outer alias of its one definition.
fn rewrite(component: &[u8], depth: u32, groups: &Groups<'_>, index_of: &HashMap<usize, u32>) -> Result<Vec<u8>> {
    let mut out = component[..8].to_vec();
    for s in sections(component)? {
        match s.nested {
            Some((CORE_MODULE_SECTION, module)) => match groups.find(module).and_then(|g| index_of.get(&g)) {
                Some(&index) => {
                    let mut aliases = ComponentAliasSection::new();
                    aliases.alias(Alias::Outer { kind: ComponentOuterAliasKind::CoreModule, count: depth, index });
                    let mut body = Vec::new();
                    aliases.encode(&mut body);
                    // `encode` writes the size before the contents.
                    out.push(wasm_encoder::ComponentSectionId::Alias as u8);
                    out.extend_from_slice(&body);
                }
                None => out.extend_from_slice(s.raw),
            },
            Some((COMPONENT_SECTION, nested)) => {
                let rewritten = rewrite(nested, depth + 1, groups, index_of)?;
                push_section(&mut out, COMPONENT_SECTION, &rewritten);
            }
            _ => out.extend_from_slice(s.raw),
        }
    }
    Ok(out)
}

/// Appends a section: its id, its size (LEB128) and its contents.
fn push_section(out: &mut Vec<u8>, id: u8, contents: &[u8]) {
    out.push(id);
    contents.len().encode(out);
    out.extend_from_slice(contents);
}

#[cfg(test)]
mod tests;
