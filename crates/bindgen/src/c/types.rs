//! C type definitions, anonymous type names and `_free` helpers.

use std::collections::HashSet;

use heck::{ToShoutySnakeCase, ToSnakeCase};
use wit_parser::{Handle, Type, TypeDefKind, TypeId};

use super::{Gen, ident};
use crate::abi::tag_size;
use crate::world::Scope;

impl Gen<'_, '_> {
    /// The C names of every named type, taken before anonymous types are
    /// named.
    pub(super) fn collect_named_names(&mut self) {
        let mut names = HashSet::new();
        for scope in &self.world.scopes {
            for (_, id) in &scope.types {
                let export = self.exported_owner(*id, scope.export);
                names.insert(self.named_name(*id, export));
            }
        }
        self.named_names = names;
    }

    pub(super) fn scope_types(&mut self, scope: &Scope<'_>) {
        let prefix = self.prefix(scope);
        for (_, id) in &scope.types {
            self.named(*id, scope.export, &prefix);
        }
    }

    /// The C name (with `_t`) of a named type.
    fn named_name(&self, id: TypeId, export: bool) -> String {
        let name = self.resolve().types[id].name.clone().unwrap_or_default();
        format!("{}_{}_t", self.owner_prefix(id, export), name.to_snake_case())
    }

    /// Whether type `id` belongs to an exported interface (and is seen from
    /// the export side).
    fn exported_owner(&self, id: TypeId, export: bool) -> bool {
        match self.resolve().types[id].owner {
            wit_parser::TypeOwner::Interface(i) => export && self.world.exports_interface(i),
            _ => false,
        }
    }

    /// Defines a named type (and what it uses) once.
    fn named(&mut self, id: TypeId, export: bool, prefix: &str) {
        let export = self.exported_owner(id, export);
        let def = &self.resolve().types[id];
        let name = self.named_name(id, export);
        if !self.defined.insert(name.clone()) {
            return;
        }
        let base = name.strip_suffix("_t").unwrap_or(&name).to_string();
        let upper = base.to_shouty_snake_case();
        let docs = def.docs.contents.clone();
        let mut body = String::new();
        match &def.kind {
            TypeDefKind::Record(r) => {
                let mut fields = Vec::new();
                for f in &r.fields {
                    let t = self.cty(&f.ty, prefix, export);
                    fields.push(format!("{t} {};", ident(&f.name)));
                }
                body = format!("typedef struct {name} {{\n{}\n}} {name};", fields.join("\n"));
            }
            TypeDefKind::Tuple(_)
            | TypeDefKind::Option(_)
            | TypeDefKind::Result(_)
            | TypeDefKind::List(_)
            | TypeDefKind::Future(_)
            | TypeDefKind::Stream(_)
            | TypeDefKind::Handle(_) => {
                let inner = self.anon_def(id, prefix, export);
                body = format!("typedef {inner} {name};");
            }
            TypeDefKind::Variant(v) => {
                let tag = tag_type(v.tag());
                let mut members = Vec::new();
                for c in &v.cases {
                    if let Some(t) = &c.ty {
                        let t = self.cty(t, prefix, export);
                        members.push(format!("{t} {};", ident(&c.name)));
                    }
                }
                let union = if members.is_empty() {
                    String::new()
                } else {
                    format!("\nunion {{\n{}\n}} val;", members.join("\n"))
                };
                body = format!("typedef struct {name} {{\n{tag} tag;{union}\n}} {name};");
                for (i, c) in v.cases.iter().enumerate() {
                    body.push_str(&format!("\n\n#define {upper}_{} {i}", c.name.to_shouty_snake_case()));
                }
            }
            TypeDefKind::Enum(e) => {
                body = format!("typedef {} {name};", tag_type(e.tag()));
                for (i, c) in e.cases.iter().enumerate() {
                    body.push_str(&format!("\n\n#define {upper}_{} {i}", c.name.to_shouty_snake_case()));
                }
            }
            TypeDefKind::Flags(f) => {
                let t = match crate::abi::flags_size(f) {
                    0 | 1 => "uint8_t",
                    2 => "uint16_t",
                    _ => "uint32_t",
                };
                body = format!("typedef {t} {name};");
                for (i, flag) in f.flags.iter().enumerate() {
                    body.push_str(&format!("\n\n#define {upper}_{} (1U << {i})", flag.name.to_shouty_snake_case()));
                }
            }
            TypeDefKind::Type(t) => {
                let target = self.abi.unalias(t);
                let resource = match target {
                    Type::Id(r) if matches!(self.resolve().types[r].kind, TypeDefKind::Resource) => Some(r),
                    _ => None,
                };
                if let Some(r) = resource {
                    // A `use`d resource: alias its handle types.
                    self.named(r, export, prefix);
                    let exported = self.exported_owner(r, export);
                    let from = self.owner_prefix(r, exported);
                    let to = self.owner_prefix(id, export);
                    let rname = self.resolve().types[r].name.clone().unwrap_or_default().to_snake_case();
                    let alias = self.resolve().types[id].name.clone().unwrap_or_default().to_snake_case();
                    body = format!(
                        "typedef {from}_own_{rname}_t {to}_own_{alias}_t;\n\ntypedef {from}_borrow_{rname}_t {to}_borrow_{alias}_t;"
                    );
                } else {
                    let t = self.cty(t, prefix, export);
                    body = format!("typedef {t} {name};");
                }
            }
            TypeDefKind::Resource => {
                let owner = self.owner_prefix(id, export);
                let rname = def.name.clone().unwrap_or_default().to_snake_case();
                let own = format!("{owner}_own_{rname}_t");
                let borrow = format!("{owner}_borrow_{rname}_t");
                self.defined.insert(own.clone());
                self.defined.insert(borrow.clone());
                if export {
                    body = format!(
                        "// Define `struct {name}` with your data; weld passes `{name} *` for borrows.\n\
                         typedef struct {name} {name};\n\n\
                         typedef struct {own} {{\nint32_t __handle;\n}} {own};\n\n\
                         typedef {name}* {borrow};"
                    );
                } else {
                    body = format!(
                        "typedef struct {own} {{\nint32_t __handle;\n}} {own};\n\n\
                         typedef struct {borrow} {{\nint32_t __handle;\n}} {borrow};"
                    );
                }
            }
            _ => {}
        }
        self.types.push("");
        self.types.docs("// ", docs.as_deref());
        self.types.push(&body);
        self.define_free(&Type::Id(id), &base, prefix, export);
    }

    /// The C type of a WIT type; anonymous types get `prefix` and are
    /// defined on first use.
    pub(super) fn cty(&mut self, ty: &Type, prefix: &str, export: bool) -> String {
        match ty {
            Type::Bool => "bool".into(),
            Type::U8 => "uint8_t".into(),
            Type::S8 => "int8_t".into(),
            Type::U16 => "uint16_t".into(),
            Type::S16 => "int16_t".into(),
            Type::U32 | Type::Char => "uint32_t".into(),
            Type::S32 => "int32_t".into(),
            Type::U64 => "uint64_t".into(),
            Type::S64 => "int64_t".into(),
            Type::F32 => "float".into(),
            Type::F64 => "double".into(),
            Type::String => format!("{}_string_t", self.wname),
            Type::ErrorContext => format!("{}_error_context_t", self.wname),
            Type::Id(id) => {
                let def = &self.resolve().types[*id];
                if def.name.is_some() {
                    self.named(*id, export, prefix);
                    let export = self.exported_owner(*id, export);
                    return self.named_name(*id, export);
                }
                if let TypeDefKind::Type(t) = &def.kind {
                    return self.cty(t, prefix, export);
                }
                if let TypeDefKind::Handle(h) = &def.kind {
                    let (r, own) = match h {
                        Handle::Own(r) => (self.abi.resource(*r), true),
                        Handle::Borrow(r) => (self.abi.resource(*r), false),
                    };
                    let exported = self.world.handle_exported(*id, export);
                    self.named(r, exported, prefix);
                    let owner = self.owner_prefix(r, exported);
                    let rname = self.resolve().types[r].name.clone().unwrap_or_default().to_snake_case();
                    return format!("{owner}_{}_{rname}_t", if own { "own" } else { "borrow" });
                }
                // Like wit-bindgen: lists, options and tuples of built-in
                // types belong to the world; anything else to the interface
                // that uses it.
                // (An interface renamed after the world keeps its prefix.)
                let world_export = prefix == format!("exports_{}", self.wname)
                    && !self.world.scopes.iter().any(|sc| sc.key.is_some() && self.prefix(sc) == prefix);
                let prefix =
                    if self.world_scoped(ty) || world_export { self.wname.clone() } else { prefix.to_string() };
                // Named by structure, so the same structure shares a name;
                // a name already taken by a named type (a variant called
                // `option-u32`) or by another structure (`list<option-u32>`
                // and `list<option<u32>>`) gets a number.
                let base = format!("{prefix}_{}", self.structural(ty));
                let inner = self.anon_def(*id, &prefix, export);
                let mut n = 1;
                let name = loop {
                    let name = if n == 1 { format!("{base}_t") } else { format!("{base}_{n}_t") };
                    match self.anon_bodies.get(&name) {
                        Some(body) if *body == inner => return name,
                        None if !self.named_names.contains(&name) => break name,
                        _ => n += 1,
                    }
                };
                self.anon_bodies.insert(name.clone(), inner.clone());
                if self.defined.insert(name.clone()) {
                    self.types.push("");
                    self.types.push(&format!("typedef {inner} {name};"));
                    let base = name.strip_suffix("_t").unwrap_or(&name).to_string();
                    self.define_free(ty, &base, &prefix, export);
                }
                name
            }
        }
    }

    /// The struct body of an anonymous type.
    fn anon_def(&mut self, id: TypeId, prefix: &str, export: bool) -> String {
        let kind = self.resolve().types[id].kind.clone();
        match kind {
            TypeDefKind::List(t) => format!("struct {{\n{} *ptr;\nsize_t len;\n}}", self.cty(&t, prefix, export)),
            TypeDefKind::Option(t) => format!("struct {{\nbool is_some;\n{} val;\n}}", self.cty(&t, prefix, export)),
            TypeDefKind::Result(r) => {
                let mut members = Vec::new();
                if let Some(t) = &r.ok {
                    members.push(format!("{} ok;", self.cty(t, prefix, export)));
                }
                if let Some(t) = &r.err {
                    members.push(format!("{} err;", self.cty(t, prefix, export)));
                }
                let union = if members.is_empty() {
                    String::new()
                } else {
                    format!("\nunion {{\n{}\n}} val;", members.join("\n"))
                };
                format!("struct {{\nbool is_err;{union}\n}}")
            }
            TypeDefKind::Tuple(t) => {
                let fields: Vec<String> =
                    t.types.iter().enumerate().map(|(i, t)| format!("{} f{i};", self.cty(t, prefix, export))).collect();
                format!("struct {{\n{}\n}}", fields.join("\n"))
            }
            TypeDefKind::Handle(_) => self.cty(&Type::Id(id), prefix, export),
            // The readable end of a future or stream: a handle.
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => "uint32_t".into(),
            _ => "void".into(),
        }
    }

    /// The part of an anonymous type's name that describes its structure.
    fn structural(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "bool".into(),
            Type::U8 => "u8".into(),
            Type::S8 => "s8".into(),
            Type::U16 => "u16".into(),
            Type::S16 => "s16".into(),
            Type::U32 => "u32".into(),
            Type::S32 => "s32".into(),
            Type::U64 => "u64".into(),
            Type::S64 => "s64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::Char => "char32".into(),
            Type::String => "string".into(),
            Type::ErrorContext => "error_context".into(),
            Type::Id(id) => {
                let def = &self.resolve().types[*id];
                if let Some(n) = &def.name {
                    return n.to_snake_case();
                }
                let s = |t: &Option<Type>| t.as_ref().map(|t| self.structural(t)).unwrap_or("void".into());
                match &def.kind {
                    TypeDefKind::List(t) => format!("list_{}", self.structural(t)),
                    TypeDefKind::Option(t) => format!("option_{}", self.structural(t)),
                    TypeDefKind::Result(r) => format!("result_{}_{}", s(&r.ok), s(&r.err)),
                    TypeDefKind::Tuple(t) => {
                        let parts: Vec<String> = t.types.iter().map(|t| self.structural(t)).collect();
                        format!("tuple{}_{}", t.types.len(), parts.join("_"))
                    }
                    TypeDefKind::Handle(Handle::Own(r)) => format!("own_{}", self.structural(&Type::Id(*r))),
                    TypeDefKind::Handle(Handle::Borrow(r)) => {
                        format!("borrow_{}", self.structural(&Type::Id(*r)))
                    }
                    TypeDefKind::Type(t) => self.structural(t),
                    TypeDefKind::Future(t) => format!("future_{}", s(t)),
                    TypeDefKind::Stream(t) => format!("stream_{}", s(t)),
                    _ => "unknown".into(),
                }
            }
        }
    }

    /// Whether `ty` is built only from built-in types through lists,
    /// options and tuples.
    fn world_scoped(&self, ty: &Type) -> bool {
        let Type::Id(id) = ty else { return true };
        let def = &self.resolve().types[*id];
        if def.name.is_some() {
            return false;
        }
        match &def.kind {
            TypeDefKind::List(t) | TypeDefKind::Option(t) => self.world_scoped(t),
            TypeDefKind::Tuple(t) => t.types.iter().all(|t| self.world_scoped(t)),
            TypeDefKind::Type(t) => self.world_scoped(t),
            _ => false,
        }
    }

    /// Whether values of `ty` own memory that `_free` must release.
    pub(super) fn needs_free(&self, ty: &Type) -> bool {
        let Type::Id(id) = ty else { return matches!(ty, Type::String) };
        match &self.resolve().types[*id].kind {
            TypeDefKind::List(_) => true,
            TypeDefKind::Record(r) => r.fields.iter().any(|f| self.needs_free(&f.ty)),
            TypeDefKind::Tuple(t) => t.types.iter().any(|t| self.needs_free(t)),
            TypeDefKind::Variant(v) => v.cases.iter().any(|c| c.ty.is_some_and(|t| self.needs_free(&t))),
            TypeDefKind::Type(t) => self.needs_free(t),
            // wit-bindgen gives every option and result a `_free`, even one
            // with nothing to release.
            TypeDefKind::Option(_) | TypeDefKind::Result(_) => true,
            _ => false,
        }
    }

    /// The `_free` function of a type that needs one.
    pub(super) fn free_fn(&mut self, ty: &Type, prefix: &str, export: bool) -> String {
        if matches!(ty, Type::String) {
            return format!("{}_string_free", self.wname);
        }
        let name = self.cty(ty, prefix, export);
        format!("{}_free", name.strip_suffix("_t").unwrap_or(&name))
    }

    fn define_free(&mut self, ty: &Type, base: &str, prefix: &str, export: bool) {
        if !self.needs_free(ty) {
            return;
        }
        let Type::Id(id) = ty else { return };
        let kind = self.resolve().types[*id].kind.clone();
        let mut body = Vec::new();
        let mut free = |g: &mut Self, t: &Type, place: &str| {
            if g.needs_free(t) {
                let f = g.free_fn(t, prefix, export);
                body.push(format!("{f}(&{place});"));
            }
        };
        match &kind {
            TypeDefKind::Record(r) => {
                for f in &r.fields {
                    free(self, &f.ty, &format!("ptr->{}", ident(&f.name)));
                }
            }
            TypeDefKind::Tuple(t) => {
                for (i, t) in t.types.iter().enumerate() {
                    free(self, t, &format!("ptr->f{i}"));
                }
            }
            TypeDefKind::List(t) => {
                if self.needs_free(t) {
                    let f = self.free_fn(t, prefix, export);
                    body.push(format!("for (size_t i = 0; i < ptr->len; i++) {{\n{f}(&ptr->ptr[i]);\n}}"));
                }
                body.push("if (ptr->len > 0) {\nfree(ptr->ptr);\n}\nptr->ptr = NULL;\nptr->len = 0;".into());
            }
            TypeDefKind::Option(t) => {
                if self.needs_free(t) {
                    let f = self.free_fn(t, prefix, export);
                    body.push(format!("if (ptr->is_some) {{\n{f}(&ptr->val);\n}}"));
                } else {
                    body.push("(void) ptr;".into());
                }
            }
            TypeDefKind::Result(r) => {
                let mut arms = String::new();
                if let Some(t) = r.ok.filter(|t| self.needs_free(t)) {
                    let f = self.free_fn(&t, prefix, export);
                    arms.push_str(&format!("if (!ptr->is_err) {{\n{f}(&ptr->val.ok);\n}}\n"));
                }
                if let Some(t) = r.err.filter(|t| self.needs_free(t)) {
                    let f = self.free_fn(&t, prefix, export);
                    arms.push_str(&format!("if (ptr->is_err) {{\n{f}(&ptr->val.err);\n}}"));
                }
                body.push(arms);
            }
            TypeDefKind::Variant(v) => {
                let mut s = "switch ((int32_t) ptr->tag) {\n".to_string();
                for (i, c) in v.cases.iter().enumerate() {
                    if let Some(t) = c.ty.filter(|t| self.needs_free(t)) {
                        let f = self.free_fn(&t, prefix, export);
                        s.push_str(&format!("case {i}: {{\n{f}(&ptr->val.{});\nbreak;\n}}\n", ident(&c.name)));
                    }
                }
                s.push('}');
                body.push(s);
            }
            TypeDefKind::Type(t) => {
                let f = self.free_fn(t, prefix, export);
                body.push(format!("{f}(ptr);"));
            }
            _ => {}
        }
        let mut body = body.join("\n");
        if body.trim().is_empty() {
            body = "(void) ptr;".into();
        }
        self.frees.push((base.to_string(), body));
    }
}

pub(super) fn tag_type(tag: wit_parser::Int) -> &'static str {
    match tag_size(tag) {
        1 => "uint8_t",
        2 => "uint16_t",
        _ => "uint32_t",
    }
}
