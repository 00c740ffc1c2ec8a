//! Type definitions: records, variants, enums, flags, aliases, resources.

use wit_parser::{FunctionKind, TypeDefKind, TypeId};

use super::{Gen, camel, const_name, field_name};
use crate::source::Source;
use crate::world::Scope;

impl Gen<'_, '_> {
    pub(super) fn typedef(&mut self, scope: &Scope<'_>, path: &[String], name: &str, id: TypeId, src: &mut Source) {
        let resolve = self.resolve();
        let def = &resolve.types[id];
        let rname = self.type_ident(id);
        src.push("");
        self.docs(src, &def.docs);
        let this = wit_parser::Type::Id(id);
        // A type holding a borrowed handle has a lifetime.
        let generics = if self.has_borrow(&this) { "<'a>" } else { "" };
        self.in_typedef.set(!matches!(def.kind, TypeDefKind::Resource));
        self.typedef_body(scope, path, name, id, &rname, generics, src);
        self.in_typedef.set(false);
    }

    #[allow(clippy::too_many_arguments)]
    fn typedef_body(
        &mut self,
        scope: &Scope<'_>,
        path: &[String],
        name: &str,
        id: TypeId,
        rname: &str,
        generics: &str,
        src: &mut Source,
    ) {
        let resolve = self.resolve();
        let def = &resolve.types[id];
        let export = scope.export;
        let derive = |g: &Self, ty: &wit_parser::Type| {
            if g.has_handle(ty) { "#[derive(Debug)]" } else { "#[derive(Clone, Debug, PartialEq)]" }
        };
        let this = wit_parser::Type::Id(id);
        match &def.kind {
            TypeDefKind::Record(r) => {
                src.push(derive(self, &this));
                src.push(&format!("pub struct {rname}{generics} {{"));
                for f in &r.fields {
                    self.docs(src, &f.docs);
                    src.push(&format!("pub {}: {},", field_name(&f.name), self.ty(&f.ty, path, false, export)));
                }
                src.push("}");
            }
            TypeDefKind::Variant(v) => {
                src.push(derive(self, &this));
                src.push(&format!("pub enum {rname}{generics} {{"));
                for c in &v.cases {
                    self.docs(src, &c.docs);
                    match &c.ty {
                        Some(t) => src.push(&format!("{}({}),", camel(&c.name), self.ty(t, path, false, export))),
                        None => src.push(&format!("{},", camel(&c.name))),
                    }
                }
                src.push("}");
            }
            TypeDefKind::Enum(e) => {
                let repr = match crate::abi::tag_size(e.tag()) {
                    1 => "u8",
                    2 => "u16",
                    _ => "u32",
                };
                src.push(&format!("#[repr({repr})]"));
                src.push("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]");
                src.push(&format!("pub enum {rname} {{"));
                for c in &e.cases {
                    self.docs(src, &c.docs);
                    src.push(&format!("{},", camel(&c.name)));
                }
                src.push("}");
                src.push(&format!("impl {rname} {{"));
                src.push("#[doc(hidden)]");
                src.push("pub fn _lift(d: u32) -> Self {");
                src.push("match d {");
                for (i, c) in e.cases.iter().enumerate() {
                    src.push(&format!("{i} => {rname}::{},", camel(&c.name)));
                }
                src.push(&format!("_ => panic!(\"invalid discriminant {{d}} for enum `{name}`\"),"));
                src.push("}");
                src.push("}");
                src.push("}");
            }
            TypeDefKind::Flags(f) => {
                let bits = match f.flags.len() {
                    0..=8 => "u8",
                    9..=16 => "u16",
                    _ => "u32",
                };
                src.push("#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]");
                src.push(&format!("pub struct {rname} {{ bits: {bits} }}"));
                src.push(&format!("impl {rname} {{"));
                for (i, flag) in f.flags.iter().enumerate() {
                    self.docs(src, &flag.docs);
                    src.push(&format!("pub const {}: Self = Self {{ bits: 1 << {i} }};", const_name(&flag.name)));
                }
                let all =
                    if f.flags.len() == 32 { "u32::MAX".to_string() } else { format!("(1 << {}) - 1", f.flags.len()) };
                src.push("pub const fn empty() -> Self { Self { bits: 0 } }");
                src.push(&format!("pub const fn all() -> Self {{ Self {{ bits: ({all}) as {bits} }} }}"));
                src.push(&format!("pub const fn bits(self) -> {bits} {{ self.bits }}"));
                src.push(&format!("pub const fn from_bits_retain(bits: {bits}) -> Self {{ Self {{ bits }} }}"));
                src.push("pub const fn is_empty(self) -> bool { self.bits == 0 }");
                src.push("pub const fn contains(self, other: Self) -> bool { self.bits & other.bits == other.bits }");
                src.push("pub fn insert(&mut self, other: Self) { self.bits |= other.bits; }");
                src.push("pub fn remove(&mut self, other: Self) { self.bits &= !other.bits; }");
                src.push("pub fn toggle(&mut self, other: Self) { self.bits ^= other.bits; }");
                src.push("}");
                for (tr, op, m) in [("BitOr", "|", "bitor"), ("BitAnd", "&", "bitand"), ("BitXor", "^", "bitxor")] {
                    src.push(&format!("impl core::ops::{tr} for {rname} {{"));
                    src.push("type Output = Self;");
                    src.push(&format!(
                        "fn {m}(self, rhs: Self) -> Self {{ Self {{ bits: self.bits {op} rhs.bits }} }}"
                    ));
                    src.push("}");
                    src.push(&format!("impl core::ops::{tr}Assign for {rname} {{"));
                    src.push(&format!("fn {m}_assign(&mut self, rhs: Self) {{ self.bits {op}= rhs.bits; }}"));
                    src.push("}");
                }
                src.push(&format!("impl core::ops::Not for {rname} {{"));
                src.push("type Output = Self;");
                src.push("fn not(self) -> Self { Self { bits: !self.bits & Self::all().bits } }");
                src.push("}");
                src.push(&format!("impl core::fmt::Debug for {rname} {{"));
                src.push("fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {");
                src.push(&format!("let mut s = f.debug_tuple(\"{rname}\");"));
                for flag in &f.flags {
                    let c = const_name(&flag.name);
                    src.push(&format!("if self.contains(Self::{c}) {{ s.field(&\"{c}\"); }}"));
                }
                src.push("s.finish()");
                src.push("}");
                src.push("}");
            }
            TypeDefKind::Resource => {
                let exported = crate::is_exported_resource(self.world, id) && export;
                self.resource_struct(scope, path, name, id, exported, src);
            }
            TypeDefKind::Type(t) => {
                src.push(&format!("pub type {rname}{generics} = {};", self.ty(t, path, false, export)));
            }
            TypeDefKind::Handle(_) => {
                src.push(&format!("pub type {rname} = {};", self.ty_anon(&this, path, export)));
            }
            _ => {
                // option, result, list, tuple
                src.push(&format!("pub type {rname}{generics} = {};", self.ty_anon(&this, path, export)));
            }
        }
    }

    /// The type of an anonymous-kind named type (`type x = list<u8>`); a
    /// handle alias names the resource's type.
    fn ty_anon(&self, ty: &wit_parser::Type, path: &[String], export: bool) -> String {
        let wit_parser::Type::Id(id) = ty else { return self.ty(ty, path, false, export) };
        match &self.resolve().types[*id].kind {
            TypeDefKind::Handle(wit_parser::Handle::Own(r) | wit_parser::Handle::Borrow(r)) => {
                let r = self.abi.resource(*r);
                let exported = self.world.handle_exported(*id, export);
                self.type_path(r, path, exported)
            }
            _ if self.maps.contains_key(id) => self.map_ty(*id, path, false, export).unwrap_or_default(),
            kind => self.ty_kind(kind, path, false, export),
        }
    }

    fn resource_struct(
        &mut self,
        scope: &Scope<'_>,
        path: &[String],
        name: &str,
        id: TypeId,
        exported: bool,
        src: &mut Source,
    ) {
        let rname = camel(name);
        let module = if exported { scope.export_intrinsics_module() } else { scope.import_module() };
        src.push("#[derive(Debug)]");
        src.push("#[repr(transparent)]");
        src.push(&format!("pub struct {rname} {{ handle: core::sync::atomic::AtomicU32 }}"));
        src.push(&format!("impl {rname} {{"));
        src.push("/// Wraps a handle this code owns.");
        src.push("pub unsafe fn from_handle(handle: u32) -> Self {");
        src.push("Self { handle: core::sync::atomic::AtomicU32::new(handle) }");
        src.push("}");
        src.push("/// Gives up ownership of the handle (it is not dropped).");
        src.push("pub fn take_handle(&self) -> u32 {");
        src.push("self.handle.swap(u32::MAX, core::sync::atomic::Ordering::Relaxed)");
        src.push("}");
        src.push("pub fn handle(&self) -> u32 {");
        src.push("self.handle.load(core::sync::atomic::Ordering::Relaxed)");
        src.push("}");
        if exported {
            let tr = format!("Guest{rname}");
            src.push(&format!("/// Makes a new resource from the value that implements `{tr}`."));
            src.push(&format!("pub fn new<T: {tr}>(value: T) -> Self {{"));
            src.push("let rep = Box::into_raw(Box::new(value)) as usize as i32;");
            src.push(&import_block(&module, &format!("[resource-new]{name}"), "fn new(rep: i32) -> i32;"));
            src.push("unsafe { Self::from_handle(new(rep) as u32) }");
            src.push("}");
            src.push("/// The value behind this handle.");
            src.push(&format!("pub fn get<T: {tr}>(&self) -> &T {{"));
            src.push(&import_block(&module, &format!("[resource-rep]{name}"), "fn rep(handle: i32) -> i32;"));
            src.push("unsafe { &*(rep(self.handle() as i32) as usize as *const T) }");
            src.push("}");
        } else {
            for func in scope.funcs.iter().filter(|f| owner(f) == Some(id)) {
                if func.kind.is_async() {
                    self.async_import_func(scope, path, func, src);
                } else {
                    self.import_func(scope, path, func, src);
                }
            }
        }
        src.push("}");
        src.push(&format!("impl Drop for {rname} {{"));
        src.push("fn drop(&mut self) {");
        src.push("let handle = self.take_handle();");
        src.push("if handle != u32::MAX {");
        src.push(&import_block(&module, &format!("[resource-drop]{name}"), "fn drop(handle: i32);"));
        src.push("unsafe { drop(handle as i32) }");
        src.push("}");
        src.push("}");
        src.push("}");
        if exported {
            let tr = format!("Guest{rname}");
            src.push(&format!("/// A borrowed `{rname}`: the value it refers to stays with its owner."));
            src.push("#[derive(Debug)]");
            src.push(&format!(
                "pub struct {rname}Borrow<'a> {{ rep: *mut u8, _marker: core::marker::PhantomData<&'a {rname}> }}"
            ));
            src.push(&format!("impl {rname}Borrow<'_> {{"));
            src.push("#[doc(hidden)]");
            src.push("pub unsafe fn lift(rep: usize) -> Self {");
            src.push("Self { rep: rep as *mut u8, _marker: core::marker::PhantomData }");
            src.push("}");
            src.push(&format!("pub fn get<T: {tr}>(&self) -> &T {{"));
            src.push("unsafe { &*(self.rep as *const T) }");
            src.push("}");
            src.push("}");
            // The trait the user implements.
            self.docs(src, &self.resolve().types[id].docs);
            src.push(&format!("pub trait {tr}: 'static {{"));
            for func in scope.funcs.iter().filter(|f| owner(f) == Some(id)) {
                self.docs(src, &func.docs);
                src.push(&format!("{};", self.trait_sig(path, func)));
            }
            src.push("}");
            self.export_dtor(scope, path, name, src);
        }
    }

    /// The `Guest` trait of an exported scope.
    pub(super) fn guest_trait(&mut self, scope: &Scope<'_>, path: &[String], src: &mut Source) {
        src.push("");
        src.push("/// Implement this for the type given to `export!`.");
        if scope.funcs.iter().any(|f| f.kind.is_async()) {
            src.push("#[allow(async_fn_in_trait)]");
        }
        src.push("pub trait Guest {");
        for (name, id) in &scope.types {
            if matches!(self.resolve().types[*id].kind, TypeDefKind::Resource) {
                src.push(&format!("type {}: Guest{};", camel(name), camel(name)));
            }
        }
        for func in scope
            .funcs
            .iter()
            .filter(|f| matches!(f.kind, FunctionKind::Freestanding | FunctionKind::AsyncFreestanding))
        {
            self.docs(src, &func.docs);
            src.push(&format!("{};", self.trait_sig(path, func)));
        }
        src.push("}");
    }
}

/// The resource a method, static function or constructor belongs to.
pub(super) fn owner(func: &wit_parser::Function) -> Option<TypeId> {
    match func.kind {
        FunctionKind::Method(r)
        | FunctionKind::Static(r)
        | FunctionKind::Constructor(r)
        | FunctionKind::AsyncMethod(r)
        | FunctionKind::AsyncStatic(r) => Some(r),
        _ => None,
    }
}

/// An `unsafe extern` block importing one core function as `decl`'s name.
pub(super) fn import_block(module: &str, field: &str, decl: &str) -> String {
    format!(
        "#[link(wasm_import_module = \"{module}\")]\nunsafe extern \"C\" {{\n#[link_name = \"{field}\"]\n{decl}\n}}"
    )
}
