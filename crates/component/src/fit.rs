//! Does a core module fit a world? Every problem, with core signatures.
//!
//! wit-component decides whether a module becomes a component; it stops at
//! the first problem and names core types in its own terms. When it refuses,
//! weld computes what the world requires of the module under the canonical
//! ABI (the export and import names and their core signatures, and whether
//! `memory` and `cabi_realloc` are needed) and compares it with what the
//! module has, so one run shows everything to fix:
//!
//! ```text
//! export `demo:calc/ops#add`: the world requires (param i32 i32) (result i32), the module has (param i32) (result i32)
//! ```
//!
//! The analysis only speaks about names it understands: imports that an
//! adapter provides, canonical built-ins (`[resource-drop]r`,
//! `[task-return]f`, `[waitable-set-new]`, `[context-get-0]`,
//! `[thread-yield]`, stream, future and error-context intrinsics, ...) are
//! left alone, and so are modules that use the newer `cm32p2|...` names. An
//! imported memory counts as the module's memory. Exports lifted and imports
//! lowered with the async ABI (`[async-lift]`, `[async-lift-stackful]`,
//! `[async-lower]`) are checked in `fit_async`: against the async
//! signatures, for a callback, and against a world that declares the
//! function sync.

use std::collections::BTreeMap;

use anyhow::Result;
use wit_parser::abi::{AbiVariant, WasmType};
use wit_parser::{
    Function, LiftLowerAbi, ManglingAndAbi, Resolve, Type, TypeDefKind, WasmExport, WasmExportKind, WasmImport,
    WorldId, WorldItem, WorldKey,
};

use crate::adapter::PREVIEW1;

const MANGLING: ManglingAndAbi = ManglingAndAbi::Legacy(LiftLowerAbi::Sync);

/// A core function type as `(param i32 i32) (result i32)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreSig {
    pub params: Vec<String>,
    pub results: Vec<String>,
}

impl std::fmt::Display for CoreSig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if !self.params.is_empty() {
            parts.push(format!("(param {})", self.params.join(" ")));
        }
        if !self.results.is_empty() {
            parts.push(format!("(result {})", self.results.join(" ")));
        }
        if parts.is_empty() { f.write_str("(no params, no results)") } else { f.write_str(&parts.join(" ")) }
    }
}

/// What a core module has: function imports and exports with signatures, and
/// the names of other exports (memories, globals, tables).
#[derive(Debug, Default)]
pub struct CoreShape {
    pub imports: BTreeMap<(String, String), CoreSig>,
    pub func_exports: BTreeMap<String, CoreSig>,
    pub other_exports: BTreeMap<String, &'static str>,
    /// Whether the module imports its linear memory.
    pub imports_memory: bool,
    /// Byte ranges of `component-type*` custom sections' contents.
    pub component_types: Vec<std::ops::Range<usize>>,
}

impl CoreShape {
    pub fn read(module: &[u8]) -> Result<CoreShape> {
        use wasmparser::{ExternalKind, Payload, TypeRef};
        let mut shape = CoreShape::default();
        let mut types: Vec<CoreSig> = Vec::new();
        let mut funcs: Vec<u32> = Vec::new();
        for payload in payloads_without_code(module) {
            match payload? {
                Payload::CustomSection(c) if c.name().starts_with("component-type") => {
                    shape.component_types.push(c.data_offset()..c.data_offset() + c.data().len());
                }
                Payload::TypeSection(r) => {
                    for ty in r.into_iter_err_on_gc_types() {
                        let f = ty?;
                        types.push(CoreSig {
                            params: f.params().iter().map(|t| t.to_string()).collect(),
                            results: f.results().iter().map(|t| t.to_string()).collect(),
                        });
                    }
                }
                Payload::ImportSection(r) => {
                    for imp in r.into_imports() {
                        let imp = imp?;
                        match imp.ty {
                            TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                                funcs.push(t);
                                let sig = types
                                    .get(t as usize)
                                    .cloned()
                                    .unwrap_or(CoreSig { params: vec![], results: vec![] });
                                shape.imports.insert((imp.module.to_string(), imp.name.to_string()), sig);
                            }
                            TypeRef::Memory(_) => shape.imports_memory = true,
                            _ => {}
                        }
                    }
                }
                Payload::FunctionSection(r) => {
                    for t in r {
                        funcs.push(t?);
                    }
                }
                Payload::ExportSection(r) => {
                    for e in r {
                        let e = e?;
                        match e.kind {
                            ExternalKind::Func | ExternalKind::FuncExact => {
                                let sig = funcs
                                    .get(e.index as usize)
                                    .and_then(|t| types.get(*t as usize))
                                    .cloned()
                                    .unwrap_or(CoreSig { params: vec![], results: vec![] });
                                shape.func_exports.insert(e.name.to_string(), sig);
                            }
                            ExternalKind::Memory => {
                                shape.other_exports.insert(e.name.to_string(), "memory");
                            }
                            ExternalKind::Global => {
                                shape.other_exports.insert(e.name.to_string(), "global");
                            }
                            ExternalKind::Table => {
                                shape.other_exports.insert(e.name.to_string(), "table");
                            }
                            ExternalKind::Tag => {
                                shape.other_exports.insert(e.name.to_string(), "tag");
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(shape)
    }

    /// The world in the first `component-type` section, with its own names.
    pub fn embedded_world(&self, module: &[u8]) -> Result<Option<(Resolve, WorldId)>> {
        match self.component_types.first() {
            Some(range) => match wit_parser::decoding::decode_world(&module[range.clone()]) {
                Ok(found) => Ok(Some(found)),
                Err(_) => crate::embed::embedded_world(module),
            },
            None => Ok(None),
        }
    }

    /// Whether the module uses the newer `cm32p2` name mangling.
    fn uses_new_names(&self) -> bool {
        self.func_exports.keys().any(|n| n.starts_with("cm32p2"))
            || self.imports.keys().any(|(m, _)| m.starts_with("cm32p2"))
    }
}

/// The payloads of a core module, with function bodies skipped (they are
/// the bulk of a large module and say nothing about its shape).
fn payloads_without_code(module: &[u8]) -> impl Iterator<Item = wasmparser::Result<wasmparser::Payload<'_>>> {
    let mut parser = wasmparser::Parser::new(0);
    let mut data = module;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let chunk = match parser.parse(data, true) {
            Ok(c) => c,
            Err(e) => {
                done = true;
                return Some(Err(e));
            }
        };
        let wasmparser::Chunk::Parsed { consumed, payload } = chunk else { unreachable!("all data is given at once") };
        data = &data[consumed..];
        match payload {
            wasmparser::Payload::CodeSectionStart { size, .. } => {
                parser.skip_section();
                data = &data[size as usize..];
                Some(Ok(wasmparser::Payload::CodeSectionStart { count: 0, range: 0..0, size: 0 }))
            }
            wasmparser::Payload::End(_) => {
                done = true;
                Some(Ok(payload))
            }
            p => Some(Ok(p)),
        }
    })
}

fn sig(ty: &[WasmType]) -> Vec<String> {
    ty.iter()
        .map(|t| match t {
            WasmType::I32 | WasmType::Pointer | WasmType::Length => "i32",
            WasmType::I64 | WasmType::PointerOrI64 => "i64",
            WasmType::F32 => "f32",
            WasmType::F64 => "f64",
        })
        .map(String::from)
        .collect()
}

pub(crate) fn core_sig(resolve: &Resolve, variant: AbiVariant, f: &Function) -> CoreSig {
    let s = resolve.wasm_signature(variant, f);
    CoreSig { params: sig(&s.params), results: sig(&s.results) }
}

/// Whether values of `ty` live in linear memory (strings and lists).
fn uses_memory(resolve: &Resolve, ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::List(_) | TypeDefKind::Map(..) => true,
            TypeDefKind::Type(t) | TypeDefKind::Option(t) | TypeDefKind::FixedLengthList(t, _) => {
                uses_memory(resolve, t)
            }
            TypeDefKind::Record(r) => r.fields.iter().any(|f| uses_memory(resolve, &f.ty)),
            TypeDefKind::Tuple(t) => t.types.iter().any(|t| uses_memory(resolve, t)),
            TypeDefKind::Variant(v) => v.cases.iter().any(|c| c.ty.as_ref().is_some_and(|t| uses_memory(resolve, t))),
            TypeDefKind::Result(r) => {
                [&r.ok, &r.err].iter().any(|t| t.as_ref().is_some_and(|t| uses_memory(resolve, t)))
            }
            _ => false,
        },
        _ => false,
    }
}

/// One reason a module does not fit its world.
pub type Problem = String;

/// Every problem with `module` against `world`; empty when it fits (as far
/// as names and core signatures go: wit-component checks the rest).
/// Imports from `wasi_snapshot_preview1` and from the modules named in
/// `adapted` are left to their adapters.
pub fn check(module: &CoreShape, resolve: &Resolve, world: WorldId, adapted: &[String]) -> Vec<Problem> {
    if module.uses_new_names() {
        return Vec::new();
    }
    let w = &resolve.worlds[world];
    let mut problems = Vec::new();
    let mut needs_memory: Option<String> = None;
    // Functions that need an allocator: (exports, imports).
    let mut needs_realloc: Option<String> = None;
    let mut needs_import_realloc: Option<String> = None;

    // Exports the world requires.
    let mut each_export = |key: Option<&WorldKey>, f: &Function| {
        let name = resolve
            .wasm_export_name(MANGLING, WasmExport::Func { interface: key, func: f, kind: WasmExportKind::Normal });
        let wit_name = qualified(resolve, key, f);
        if let Some(lift) = crate::fit_async::async_lift(module, &name) {
            // Lifted with the async ABI: signatures of its own, a callback,
            // and only for functions the world declares `async`.
            problems.extend(crate::fit_async::check_lift(resolve, module, f, &name, &wit_name, lift));
            return;
        }
        if f.kind.is_async() && !module.func_exports.contains_key(&name) {
            problems.push(format!(
                "missing export `[async-lift]{name}` (or `[async-lift-stackful]{name}`, or `{name}`) for `{wit_name}`"
            ));
            return;
        }
        // A sync function, or an `async func` lifted with the sync ABI
        // (which the component model allows): the sync signature.
        let want = core_sig(resolve, AbiVariant::GuestExport, f);
        match module.func_exports.get(&name) {
            None if name == wit_name => {
                problems.push(format!("missing export `{name}`: the world requires a function {want}"))
            }
            None => {
                problems.push(format!("missing export `{name}` for `{wit_name}`: the world requires a function {want}"))
            }
            Some(have) if *have != want => problems.push(format!(
                "export `{name}` (`{wit_name}`): the world requires {want}{}, the module has {have}",
                crate::fit_async::sync_way_note(resolve, f, &name, true)
            )),
            Some(_) => {}
        }
        let mem_params = f.params.iter().any(|p| uses_memory(resolve, &p.ty));
        let mem_result = f.result.as_ref().is_some_and(|t| uses_memory(resolve, t));
        if mem_params || mem_result || want.params.len() != f.params.len() {
            needs_memory.get_or_insert_with(|| wit_name.clone());
        }
        if mem_params {
            needs_realloc.get_or_insert_with(|| wit_name.clone());
        }
    };
    for (key, f) in world_functions(resolve, &w.exports) {
        each_export(key, f);
    }

    // Imports the world allows, by (module, name).
    let mut allowed: BTreeMap<(String, String), (&Function, String)> = BTreeMap::new();
    for (k, f) in world_functions(resolve, &w.imports) {
        let (m, n) = resolve.wasm_import_name(MANGLING, WasmImport::Func { interface: k, func: f });
        allowed.insert((m, n), (f, qualified(resolve, k, f)));
    }
    for ((m, n), have) in &module.imports {
        let allowed_here = allowed.get(&(m.clone(), n.clone()));
        if allowed_here.is_none()
            && let Some(plain) = n.strip_prefix("[async-lower]")
            && let Some((f, wit_name)) = allowed.get(&(m.clone(), plain.to_string()))
        {
            problems.extend(crate::fit_async::check_lower(resolve, f, m, plain, wit_name, have));
            continue;
        }
        if allowed_here.is_none()
            && (m == PREVIEW1 || adapted.iter().any(|a| a == m) || m.starts_with('[') || n.starts_with('['))
        {
            // Preview1 and adapted modules go to their adapters; bracketed
            // names (`[resource-drop]r`, `[task-return]f`, `[async-lower]f`,
            // `[waitable-set-new]`, `[thread-yield]`, `[export]...`) are
            // canonical built-ins, not world items.
            continue;
        }
        match allowed_here {
            None => {
                problems.push(format!("import `{m}` `{n}` is not in the world (the module imports a function {have})"))
            }
            // An `async func` lowered with the sync ABI (which the
            // component model allows) has the sync signature.
            Some((f, wit_name)) => {
                let want = core_sig(resolve, AbiVariant::GuestImport, f);
                if want != *have {
                    problems.push(format!(
                        "import `{m}` `{n}` (`{wit_name}`): the world requires {want}{}, the module has {have}",
                        crate::fit_async::sync_way_note(resolve, f, n, false)
                    ));
                    continue;
                }
                let in_memory = f.result.as_ref().is_some_and(|t| uses_memory(resolve, t));
                if in_memory || want.params.len() > 16 {
                    needs_memory.get_or_insert_with(|| wit_name.clone());
                }
                if in_memory {
                    needs_import_realloc.get_or_insert_with(|| wit_name.clone());
                }
            }
        }
    }

    let has_memory = module.imports_memory || module.other_exports.values().any(|k| *k == "memory");
    if let Some(why) = needs_memory
        && !has_memory
    {
        problems.push(format!(
            "the module exports no `memory`, but `{why}` passes strings, lists or many values through linear memory"
        ));
    }
    // `cabi_realloc` serves both directions; `cabi_export_realloc` and
    // `cabi_import_realloc` one each.
    for (why, special) in [(needs_realloc, "cabi_export_realloc"), (needs_import_realloc, "cabi_import_realloc")] {
        if let Some(why) = why
            && !module.func_exports.contains_key("cabi_realloc")
            && !module.func_exports.contains_key(special)
        {
            problems.push(format!(
                "the module exports no `cabi_realloc` (param i32 i32 i32 i32) (result i32), needed to pass strings or lists into it for `{why}`"
            ));
        }
    }
    problems
}

/// Every function of a world's imports or exports: world-level ones (with no
/// interface key) and those of each interface.
fn world_functions<'a>(
    resolve: &'a Resolve,
    items: &'a indexmap::IndexMap<WorldKey, WorldItem>,
) -> impl Iterator<Item = (Option<&'a WorldKey>, &'a Function)> {
    items.iter().flat_map(move |(key, item)| -> Box<dyn Iterator<Item = (Option<&'a WorldKey>, &'a Function)> + 'a> {
        match item {
            WorldItem::Function(f) => Box::new(std::iter::once((None, f))),
            WorldItem::Interface { id, .. } => {
                Box::new(resolve.interfaces[*id].functions.values().map(move |f| (Some(key), f)))
            }
            WorldItem::Type { .. } => Box::new(std::iter::empty()),
        }
    })
}

fn qualified(resolve: &Resolve, key: Option<&WorldKey>, f: &Function) -> String {
    match key {
        Some(k) => format!("{}.{}", resolve.name_world_key(k), f.name),
        None => f.name.clone(),
    }
}
