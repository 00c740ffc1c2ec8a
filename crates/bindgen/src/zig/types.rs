//! Zig types of WIT types, type definitions and resource handle structs.

use wit_parser::{FunctionKind, Handle, Type, TypeDefKind, TypeId};

use super::{Gen, field, title};
use crate::abi::{flags_size, tag_size};
use crate::source::Source;
use crate::world::Scope;

impl Gen<'_, '_> {
    /// The Zig type of a WIT type, named from namespace `from` on the export
    /// side or not.
    pub(super) fn zty(&self, ty: &Type, from: &[String], export: bool) -> String {
        match ty {
            Type::Bool => "bool".into(),
            Type::U8 => "u8".into(),
            Type::S8 => "i8".into(),
            Type::U16 => "u16".into(),
            Type::S16 => "i16".into(),
            Type::U32 => "u32".into(),
            Type::S32 => "i32".into(),
            Type::U64 => "u64".into(),
            Type::S64 => "i64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::Char => "u21".into(),
            Type::String => "[]const u8".into(),
            Type::ErrorContext => "u32".into(),
            Type::Id(id) => {
                let def = &self.resolve().types[*id];
                if def.name.is_some() && !matches!(def.kind, TypeDefKind::Handle(_)) {
                    return self.type_ref(*id, from, export);
                }
                if let TypeDefKind::Handle(h) = &def.kind {
                    // A borrow of the module's own resource, on the export
                    // side, is its value's address (`.Borrow`); an own handle
                    // or an imported resource's borrow is a handle. A `use`d
                    // resource is named by its alias where it is used.
                    let exported = self.world.handle_exported(*id, export);
                    return match h {
                        Handle::Borrow(r) if exported => format!("{}.Borrow", self.type_ref(*r, from, exported)),
                        Handle::Own(r) | Handle::Borrow(r) => self.type_ref(*r, from, exported),
                    };
                }
                self.zty_kind(&def.kind, from, export)
            }
        }
    }

    /// The Zig type of a type's structure (what an anonymous type is).
    fn zty_kind(&self, kind: &TypeDefKind, from: &[String], export: bool) -> String {
        match kind {
            TypeDefKind::List(t) => format!("[]const {}", self.zty(t, from, export)),
            TypeDefKind::Option(t) => format!("?{}", self.zty(t, from, export)),
            TypeDefKind::Result(r) => {
                let part = |t: &Option<Type>| t.map(|t| self.zty(&t, from, export)).unwrap_or("void".into());
                format!("{}({}, {})", self.refer(from, &[], "Result"), part(&r.ok), part(&r.err))
            }
            TypeDefKind::Tuple(t) => {
                let items: Vec<String> = t.types.iter().map(|t| self.zty(t, from, export)).collect();
                format!("struct {{ {} }}", items.join(", "))
            }
            // A `use`d resource is named by its alias where it is used.
            // A borrow of an exported resource, on the export side, is its
            // value's address (`.Borrow`); an own handle or an imported
            // resource's borrow is a handle.
            TypeDefKind::Handle(Handle::Borrow(r))
                if export && crate::is_exported_resource(self.world, self.abi.resource(*r)) =>
            {
                format!("{}.Borrow", self.type_ref(*r, from, export))
            }
            TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => self.type_ref(*r, from, export),
            TypeDefKind::Type(t) => self.zty(t, from, export),
            _ => "void".into(),
        }
    }

    pub(super) fn typedef(&mut self, scope: &Scope<'_>, path: &[String], name: &str, id: TypeId, src: &mut Source) {
        let def = &self.resolve().types[id];
        let zname = super::decl_name(path, title(name));
        let export = scope.export;
        src.push("\n");
        self.docs(src, &def.docs);
        match &def.kind {
            TypeDefKind::Record(r) => {
                src.push(&format!("pub const {zname} = struct {{"));
                for f in &r.fields {
                    self.docs(src, &f.docs);
                    src.push(&format!("{}: {},", field(&f.name), self.zty(&f.ty, path, export)));
                }
                src.push("};");
            }
            TypeDefKind::Variant(v) => {
                src.push(&format!("pub const {zname} = union(enum) {{"));
                for c in &v.cases {
                    self.docs(src, &c.docs);
                    match &c.ty {
                        Some(t) => src.push(&format!("{}: {},", field(&c.name), self.zty(t, path, export))),
                        None => src.push(&format!("{},", field(&c.name))),
                    }
                }
                src.push("};");
            }
            TypeDefKind::Enum(e) => {
                src.push(&format!("pub const {zname} = enum(u{}) {{", tag_size(e.tag()) * 8));
                for c in &e.cases {
                    self.docs(src, &c.docs);
                    src.push(&format!("{},", field(&c.name)));
                }
                src.push("};");
            }
            TypeDefKind::Flags(f) => {
                let bits = flags_size(f) * 8;
                if bits == 0 {
                    src.push(&format!("pub const {zname} = struct {{}};"));
                    return;
                }
                src.push(&format!("pub const {zname} = packed struct(u{bits}) {{"));
                for flag in &f.flags {
                    self.docs(src, &flag.docs);
                    src.push(&format!("{}: bool = false,", field(&flag.name)));
                }
                let pad = bits as usize - f.flags.len();
                if pad > 0 {
                    src.push(&format!("_padding: u{pad} = 0,"));
                }
                src.push("};");
            }
            TypeDefKind::Resource => {
                if export && crate::is_exported_resource(self.world, id) {
                    self.export_resource(scope, path, name, &zname, src);
                } else {
                    self.import_resource(scope, path, name, id, &zname, src);
                }
            }
            kind => {
                // Aliases and named lists, options, results, tuples, handles.
                src.push(&format!("pub const {zname} = {};", self.zty_kind(kind, path, export)));
            }
        }
    }

    /// The handle struct of an imported resource, with its functions.
    fn import_resource(
        &mut self,
        scope: &Scope<'_>,
        path: &[String],
        name: &str,
        id: TypeId,
        zname: &str,
        src: &mut Source,
    ) {
        let module = scope.import_module();
        src.push(&format!("pub const {zname} = struct {{"));
        src.push("/// The handle: owned, or borrowed for the length of a call.");
        src.push("handle: i32,");
        for func in scope.funcs.iter().filter(|f| owner(f) == Some(id)) {
            self.import_func(scope, path, func, src);
        }
        let this = self.fixed_param("self");
        let me = self.refer(path, path, zname);
        src.push("\n");
        src.push(&format!("/// Drops the handle (`[resource-drop]{name}`)."));
        src.push(&format!("pub fn deinit({this}: {me}) void {{"));
        src.push(&extern_decl(&module, &format!("[resource-drop]{name}"), "i32", "void"));
        src.push(&format!("_import({this}.handle);"));
        src.push("}");
        src.push("};");
    }

    /// The handle struct of an exported resource; the value behind it is the
    /// implementation's, allocated by `init`.
    fn export_resource(&mut self, scope: &Scope<'_>, path: &[String], name: &str, zname: &str, src: &mut Source) {
        let module = scope.export_intrinsics_module();
        let imp = self.impl_path(scope, "Impl");
        let (this, value, rep) = (self.fixed_param("self"), self.fixed_param("value"), self.fixed_param("T"));
        let me = self.refer(path, path, zname);
        src.push(&format!("/// A handle to resource `{name}`, whose values are of type `{imp}.{zname}`."));
        src.push(&format!("pub const {zname} = struct {{"));
        src.push("handle: i32,");
        src.push("\n");
        src.push(&format!("/// Makes a new resource owning `{value}` (of type `{imp}.{zname}`), which is"));
        src.push("/// moved into memory from `allocator`.");
        src.push(&format!("pub fn init({value}: anytype) {me} {{"));
        src.push(&extern_decl(&module, &format!("[resource-new]{name}"), "i32", "i32"));
        src.push(&format!("const _p = _root.allocator.create(@TypeOf({value})) catch _rt.oom();"));
        src.push(&format!("_p.* = {value};"));
        src.push("return .{ .handle = _import(_rt.addr(_p)) };");
        src.push("}");
        src.push("\n");
        src.push(&format!("/// The value behind the handle (`{rep}` is `{imp}.{zname}`)."));
        src.push(&format!("pub fn rep({this}: {me}, comptime {rep}: type) *{rep} {{"));
        src.push(&extern_decl(&module, &format!("[resource-rep]{name}"), "i32", "i32"));
        src.push(&format!("return @ptrCast(@alignCast(_rt.ptr(_import({this}.handle))));"));
        src.push("}");
        src.push("\n");
        src.push("/// Drops the handle; dropping the last one destroys the value.");
        src.push(&format!("pub fn deinit({this}: {me}) void {{"));
        src.push(&extern_decl(&module, &format!("[resource-drop]{name}"), "i32", "void"));
        src.push(&format!("_import({this}.handle);"));
        src.push("}");
        src.push("\n");
        src.push(&format!("/// A borrowed `{zname}` inside a value an export receives: the address of"));
        src.push("/// the value, which stays with its owner.");
        src.push("pub const Borrow = struct {");
        src.push("rep: i32,");
        src.push("\n");
        src.push(&format!("/// The value (`{rep}` is `{imp}.{zname}`)."));
        src.push(&format!("pub fn get({this}: Borrow, comptime {rep}: type) *{rep} {{"));
        src.push(&format!("return @ptrCast(@alignCast(_rt.ptr({this}.rep)));"));
        src.push("}");
        src.push("};");
        src.push("};");
    }
}

/// The resource a method, static function or constructor belongs to.
pub(super) fn owner(func: &wit_parser::Function) -> Option<TypeId> {
    match func.kind {
        FunctionKind::Method(r) | FunctionKind::Static(r) | FunctionKind::Constructor(r) => Some(r),
        _ => None,
    }
}

/// A local `_import` naming core function `field` of `module`.
pub(super) fn extern_decl(module: &str, field: &str, params: &str, ret: &str) -> String {
    format!(
        "const _import = @extern(*const fn ({params}) callconv(.c) {ret}, .{{ .name = \"{}\", .library_name = \"{}\" }});",
        field.escape_default(),
        module.escape_default()
    )
}
