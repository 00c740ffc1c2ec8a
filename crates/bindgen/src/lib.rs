//! Guest bindings generated from WIT.
//!
//! [`generate`] turns a world into source files for one language. Every
//! language shares [`abi`] (the canonical ABI, taken from wit-parser's
//! `SizeAlign`, `push_flat` and `wasm_signature`: core signatures and a
//! [`abi::Plan`] per value), `walk` (the lift, lower and free traversals of
//! a plan) and [`world`] (what the world imports and exports, in order); a
//! language module only spells them in its own syntax. The world's `component-type` metadata is embedded by the
//! generated code itself, so `weld new` needs no `--wit` for the result.

pub mod abi;
mod c;
mod go;
mod maps;
mod rust;
mod source;
mod walk;
pub mod world;
mod zig;

use anyhow::{Result, bail};
use wit_parser::{Resolve, Type, TypeDefKind, TypeId, WorldId};

pub use source::Files;

/// A target language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Rust,
    C,
    Go,
    Zig,
}

impl Lang {
    pub fn name(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::C => "c",
            Lang::Go => "go",
            Lang::Zig => "zig",
        }
    }
}

/// Options of the C generator that change names and encodings, spelled as
/// wit-bindgen's C generator spells them (`--rename K=V`,
/// `--string-encoding utf16`).
#[derive(Clone, Debug, Default)]
pub struct COptions {
    /// Interfaces to rename: the name in the world (`ns:pkg/iface@1.0.0`, or
    /// the plain name of an inline interface) and the prefix its C names
    /// take instead of `ns_pkg_iface`.
    pub rename: Vec<(String, String)>,
    /// Strings are UTF-16 (`uint16_t` code units, lengths in code units),
    /// and the embedded world says so, so `weld new` makes a component whose
    /// functions pass UTF-16 strings.
    pub utf16: bool,
    /// `--sync FILTER` (wit-bindgen 0.63's option): async functions bound
    /// synchronously. Each filter is `all`, a function (`ns:pkg/iface#func`,
    /// or `func` for a function of the world), or one of those after
    /// `import:` or `export:` to match only that side.
    pub sync: Vec<String>,
}

/// Generates the bindings of `world` for `lang`.
pub fn generate(lang: Lang, resolve: &Resolve, world: WorldId) -> Result<Files> {
    let generate = match lang {
        Lang::C => return generate_c(resolve, world, &COptions::default()),
        // Rust spells a map as a `HashMap` over its entry list's plan, so it
        // also reads the user's world to know which lists were maps.
        Lang::Rust => |m: &world::World<'_>, meta: &[u8]| Ok(rust::generate(m, meta)),
        Lang::Go => |m: &world::World<'_>, meta: &[u8]| go::generate(m, meta),
        Lang::Zig => |m: &world::World<'_>, meta: &[u8]| Ok(zig::generate(m, meta)),
    };
    unsupported(lang, resolve, world)?;
    // The embedded world is the user's (maps stay maps); the code is
    // generated from a copy where a map is the list of entries it lowers to.
    let meta = component_type(resolve, world)?;
    let spelled = match lang {
        Lang::Go | Lang::Zig | Lang::Rust => maps::as_entry_lists(resolve),
        _ => resolve.clone(),
    };
    if lang == Lang::Rust {
        let model = world::World::new(&spelled, world);
        return Ok(rust::generate_with_maps(&model, &meta, resolve));
    }
    generate(&world::World::new(&spelled, world), &meta)
}

/// A rename in `COptions` that cannot be made.
#[derive(Debug)]
pub struct BadRename {
    pub from: String,
    pub to: String,
    /// Why, as a message.
    pub problem: String,
}

impl std::fmt::Display for BadRename {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot rename `{}` to `{}`: {}", self.from, self.to, self.problem)
    }
}

impl std::error::Error for BadRename {}

/// Generates C bindings of `world` with `opts`.
pub fn generate_c(resolve: &Resolve, world: WorldId, opts: &COptions) -> Result<Files> {
    unsupported(Lang::C, resolve, world)?;
    let encoding = if opts.utf16 { wit_component::StringEncoding::UTF16 } else { wit_component::StringEncoding::UTF8 };
    let meta = wit_component::metadata::encode(resolve, world, encoding, None)?;
    // A map is spelled as the list of entries the ABI passes (a list of
    // two-item tuple structs), as in Go and Zig; the embedded world keeps it
    // a map.
    let spelled = maps::as_entry_lists(resolve);
    let model = world::World::new(&spelled, world);
    let mut renames = std::collections::HashMap::new();
    for (from, to) in &opts.rename {
        if !model.scopes.iter().any(|s| s.key.as_deref() == Some(from.as_str())) {
            let mut names: Vec<&str> = model.scopes.iter().filter_map(|s| s.key.as_deref()).collect();
            names.sort_unstable();
            names.dedup();
            let problem = format!(
                "the world has no interface `{from}` (its interfaces: {})",
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            );
            return Err(BadRename { from: from.clone(), to: to.clone(), problem }.into());
        }
        if to.is_empty()
            || !to.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || to.starts_with(|c: char| c.is_ascii_digit())
        {
            let problem = format!("`{to}` is not a C identifier");
            return Err(BadRename { from: from.clone(), to: to.clone(), problem }.into());
        }
        renames.insert(from.clone(), to.clone());
    }
    let mut sync = c::SyncFilters::new(&opts.sync);
    let files = c::generate(&model, &meta, &renames, opts.utf16, &mut sync);
    sync.ensure_all_used()?;
    Ok(files)
}

/// The world's `component-type` custom section payload (UTF-8 strings).
pub fn component_type(resolve: &Resolve, world: WorldId) -> Result<Vec<u8>> {
    wit_component::metadata::encode(resolve, world, wit_component::StringEncoding::UTF8, None)
}

/// Whether `lang`'s bindings support async functions, `future`, `stream`
/// and `error-context`.
fn has_async(lang: Lang) -> bool {
    matches!(lang, Lang::C | Lang::Rust)
}

/// Fails, naming the first item weld cannot generate `lang` bindings for
/// yet, and why.
fn unsupported(lang: Lang, resolve: &Resolve, world: WorldId) -> Result<()> {
    let model = world::World::new(resolve, world);
    let why_async = match lang {
        Lang::Go => {
            "standard Go has no hook for the component model's event loop yet (golang/go#77141); \
             bind the async parts from C or Rust"
        }
        Lang::Zig => {
            "weld does not generate Zig bindings for the async ABI yet; \
             bind the async parts from C or Rust"
        }
        Lang::C | Lang::Rust => "weld does not generate bindings for it in this language yet",
    };
    for func in model.functions() {
        let f = func.func;
        let what = || format!("function `{}` in {}", f.name, func.owner_name(resolve));
        // The Rust bindings' limits (C binds both).
        let async_method =
            matches!(f.kind, wit_parser::FunctionKind::AsyncMethod(_) | wit_parser::FunctionKind::AsyncStatic(_));
        if async_method && lang == Lang::Rust && func.scope.export {
            bail!(
                "`weld bindgen --lang {}` cannot bind async {}: exported async methods and static functions of \
                 resources are not supported yet (imported ones are), declare it as a freestanding function or \
                 without `async`",
                lang.name(),
                what()
            );
        }
        if lang == Lang::Rust
            && func.scope.export
            && f.kind.is_async()
            && f.params.iter().any(|p| holds_borrow(resolve, &p.ty))
        {
            bail!(
                "`weld bindgen --lang {}` cannot bind async {}: a `borrow` handle in an async export's parameters \
                 is not supported yet (pass an `own` handle)",
                lang.name(),
                what()
            );
        }
        if !has_async(lang)
            && matches!(
                f.kind,
                wit_parser::FunctionKind::AsyncFreestanding
                    | wit_parser::FunctionKind::AsyncMethod(_)
                    | wit_parser::FunctionKind::AsyncStatic(_)
            )
        {
            bail!(
                "`weld bindgen --lang {}` cannot bind async {}: {why_async}, or declare it without `async`",
                lang.name(),
                what()
            );
        }
        for ty in f.parameter_and_result_types() {
            if let Some(item) = unsupported_type(lang, resolve, &ty) {
                bail!("`weld bindgen --lang {}` cannot bind {item}, used by {}: {why_async}", lang.name(), what());
            }
        }
    }
    for id in model.all_types() {
        if let Some(item) = unsupported_type(lang, resolve, &Type::Id(id)) {
            bail!("`weld bindgen --lang {}` cannot bind {item}: {why_async}", lang.name());
        }
    }
    Ok(())
}

/// Whether `ty` is, or holds somewhere inside (fields, cases, items,
/// elements, entries, ok and err payloads), a type `leaf` says yes to.
pub(crate) fn holds(resolve: &Resolve, ty: &Type, leaf: &dyn Fn(&Type) -> bool) -> bool {
    if leaf(ty) {
        return true;
    }
    let Type::Id(id) = ty else { return false };
    let inner = |t: &Type| holds(resolve, t, leaf);
    match &resolve.types[*id].kind {
        TypeDefKind::Record(r) => r.fields.iter().any(|f| inner(&f.ty)),
        TypeDefKind::Variant(v) => v.cases.iter().filter_map(|c| c.ty.as_ref()).any(inner),
        TypeDefKind::Tuple(t) => t.types.iter().any(inner),
        TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => inner(t),
        TypeDefKind::Result(r) => r.ok.iter().chain(&r.err).any(inner),
        TypeDefKind::Map(k, v) => inner(k) || inner(v),
        _ => false,
    }
}

/// Whether a value of `ty` holds a `borrow` handle.
fn holds_borrow(resolve: &Resolve, ty: &Type) -> bool {
    holds(
        resolve,
        ty,
        &|t| matches!(t, Type::Id(id) if matches!(resolve.types[*id].kind, TypeDefKind::Handle(wit_parser::Handle::Borrow(_)))),
    )
}

/// Whether `ty` holds a `stream`, a `future` or an `error-context` (outside
/// a stream's or future's payload).
pub(crate) fn holds_async(resolve: &Resolve, ty: &Type) -> bool {
    holds(resolve, ty, &|t| match t {
        Type::ErrorContext => true,
        Type::Id(id) => matches!(resolve.types[*id].kind, TypeDefKind::Future(_) | TypeDefKind::Stream(_)),
        _ => false,
    })
}

/// The first item of `ty` weld cannot generate `lang` bindings for (None
/// when it can).
pub fn unsupported_type(lang: Lang, resolve: &Resolve, ty: &Type) -> Option<String> {
    let id = match ty {
        Type::ErrorContext if has_async(lang) => return None,
        Type::ErrorContext => return Some("`error-context`".into()),
        Type::Id(id) => *id,
        _ => return None,
    };
    let def = &resolve.types[id];
    let named = |what: &str| match &def.name {
        Some(n) => format!("{what} (type `{n}`)"),
        None => what.to_string(),
    };
    let inner = |ty: &Type| unsupported_type(lang, resolve, ty);
    match &def.kind {
        TypeDefKind::Future(t) | TypeDefKind::Stream(t) if has_async(lang) => t.as_ref().and_then(inner),
        TypeDefKind::Future(_) => Some(named("`future`")),
        TypeDefKind::Stream(_) => Some(named("`stream`")),
        TypeDefKind::Map(k, v) => inner(k).or_else(|| inner(v)),
        TypeDefKind::FixedLengthList(..) => Some(named("a fixed-length list")),
        TypeDefKind::Flags(f) if f.flags.len() > 32 => {
            Some(named(&format!("flags with {} members (the component model allows 32)", f.flags.len())))
        }
        TypeDefKind::Record(r) => r.fields.iter().find_map(|f| inner(&f.ty)),
        TypeDefKind::Variant(v) => v.cases.iter().filter_map(|c| c.ty.as_ref()).find_map(inner),
        TypeDefKind::Tuple(t) => t.types.iter().find_map(inner),
        TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => inner(t),
        TypeDefKind::Result(r) => r.ok.iter().chain(&r.err).find_map(inner),
        TypeDefKind::Resource
        | TypeDefKind::Handle(_)
        | TypeDefKind::Flags(_)
        | TypeDefKind::Enum(_)
        | TypeDefKind::Unknown => None,
    }
}

/// True when `id` is a resource defined by an interface the world exports.
pub(crate) fn is_exported_resource(model: &world::World<'_>, id: TypeId) -> bool {
    match model.resolve.types[id].owner {
        wit_parser::TypeOwner::Interface(i) => model.exports_interface(i),
        _ => false,
    }
}
