//! Functions: import wrappers, the export wrappers of `_Exports` and the
//! `exportWorld` function that exports them.

use wit_parser::{Function, FunctionKind, Handle, Type, TypeDefKind};

use super::body::{Body, Mode, core, flat_variant};
use super::types::{extern_decl, owner};
use super::{ExportItem, Gen, camel, title, unquote};
use crate::abi::{PARAMS_BASE, Plan, RESULT_BASE};
use crate::source::Source;
use crate::world::Scope;

impl Gen<'_, '_> {
    /// A `pub fn` calling an imported function.
    pub(super) fn import_func(&mut self, scope: &Scope<'_>, path: &[String], func: &Function, src: &mut Source) {
        let abi = self.abi.func(func, false);
        let names: Vec<String> = func.params.iter().map(|p| self.param(&p.name)).collect();
        let params: Vec<String> =
            func.params.iter().zip(&names).map(|(p, n)| format!("{n}: {}", self.zty(&p.ty, path, false))).collect();
        let ret = match &func.result {
            Some(t) => self.zty(t, path, false),
            None => "void".into(),
        };
        src.push("\n");
        self.docs(src, &func.docs);
        let mut owned = Vec::new();
        for (p, n) in func.params.iter().zip(&names) {
            if self.is_own(&p.ty) {
                owned.push(format!("`{n}`"));
            } else if self.holds_own(&p.ty) {
                owned.push(format!("the handles in `{n}`"));
            }
        }
        if !owned.is_empty() {
            if func.docs.contents.is_some() {
                src.push("///");
            }
            src.push(&format!("/// Takes ownership of {}.", owned.join(", ")));
        }
        src.push(&format!("pub fn {}({}) {ret} {{", self.func_name(func, path), params.join(", ")));
        let core_params: Vec<&str> = abi.params.iter().map(|c| core(*c)).collect();
        let core_ret = abi.results.first().map(|c| core(*c)).unwrap_or("void");
        src.push(&extern_decl(&scope.import_module(), &func.name, &core_params.join(", "), core_ret));
        let mut body = Body::new(self, path, false);
        let mut args = Vec::new();
        if abi.indirect {
            let (size, align) = abi.params_layout;
            body.src.push(&format!("var _params: [{size}]u8 align({align}) = undefined;"));
            body.src.push(&format!("const _base{PARAMS_BASE}: [*]u8 = &_params;"));
            args.push(format!("_rt.addr(_base{PARAMS_BASE})"));
        } else {
            body.direct = !abi.param_plans.iter().any(flat_variant);
            for (i, c) in abi.params.iter().enumerate().take(abi.params.len() - abi.retptr as usize) {
                if !body.direct {
                    body.src.push(&format!("var _f{i}: {} = 0;", core(*c)));
                }
                args.push(format!("_f{i}"));
            }
        }
        if abi.param_plans.iter().any(Plan::lends_memory) {
            body.src.push("var _cleanup: _rt.Cleanup = .{};");
            body.src.push("defer _cleanup.run();");
        }
        for (plan, name) in abi.param_plans.iter().zip(&names) {
            body.lower(plan, name, Mode::Borrowed);
        }
        if abi.retptr {
            let (size, align) = abi.result_layout;
            body.src.push(&format!("var _ret_area: [{size}]u8 align({align}) = undefined;"));
            body.src.push(&format!("const _base{RESULT_BASE}: [*]u8 = &_ret_area;"));
            args.push(format!("_rt.addr(_base{RESULT_BASE})"));
        }
        let call = format!("_import({})", args.join(", "));
        if abi.results.is_empty() {
            body.src.push(&format!("{call};"));
        } else {
            body.src.push(&format!("const _ret = {call};"));
        }
        body.flat = vec!["_ret".into()];
        if let Some(plan) = &abi.result_plan {
            let e = body.lift(plan);
            body.src.push(&format!("return {e};"));
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
    }

    /// Whether `ty` is an `own` handle.
    fn is_own(&self, ty: &Type) -> bool {
        let Type::Id(id) = self.abi.unalias(ty) else { return false };
        matches!(self.resolve().types[id].kind, TypeDefKind::Handle(Handle::Own(_)))
    }

    /// Whether a value of `ty` holds `own` handles.
    fn holds_own(&self, ty: &Type) -> bool {
        let Type::Id(id) = ty else { return false };
        match &self.resolve().types[*id].kind {
            TypeDefKind::Handle(h) => matches!(h, Handle::Own(_)),
            TypeDefKind::Record(r) => r.fields.iter().any(|f| self.holds_own(&f.ty)),
            TypeDefKind::Tuple(t) => t.types.iter().any(|t| self.holds_own(t)),
            TypeDefKind::Variant(v) => v.cases.iter().any(|c| c.ty.is_some_and(|t| self.holds_own(&t))),
            TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => self.holds_own(t),
            TypeDefKind::Result(r) => r.ok.iter().chain(&r.err).any(|t| self.holds_own(t)),
            _ => false,
        }
    }

    /// `_Exports(_Impl)`: the core functions of an exported scope, calling
    /// the implementation `_Impl` given to `exportWorld`.
    pub(super) fn export_scope(&mut self, scope: &Scope<'_>, path: &[String], src: &mut Source) {
        let resources = self.exported_resources(scope);
        if scope.funcs.is_empty() && resources.is_empty() {
            return;
        }
        src.push("\n");
        src.push("fn _Exports(comptime _Impl: type) type {");
        src.push("return struct {");
        for func in &scope.funcs {
            self.export_func(scope, path, func, src);
        }
        for name in resources {
            self.export_dtor(scope, path, name, src);
        }
        src.push("};");
        src.push("}");
    }

    /// The resources an exported scope defines (each has a destructor).
    fn exported_resources<'s>(&self, scope: &Scope<'s>) -> Vec<&'s str> {
        scope
            .types
            .iter()
            .filter(|(_, id)| self.is_resource(*id) && crate::is_exported_resource(self.world, *id))
            .map(|(n, _)| *n)
            .collect()
    }

    fn export_func(&mut self, scope: &Scope<'_>, path: &[String], func: &Function, src: &mut Source) {
        let abi = self.abi.func(func, true);
        let k = self.exports.len();
        let wrapper = format!("_export{k}");
        let core_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("_a{i}: {}", core(*c))).collect();
        let core_ret = abi.results.first().map(|c| core(*c)).unwrap_or("void");
        let callee = match owner(func) {
            Some(r) => format!("{}.{}", self.impl_resource(r, "_Impl"), self.impl_func_name(func)),
            None => format!("{}.{}", self.impl_path(scope, "_Impl"), self.impl_func_name(func)),
        };
        src.push("\n");
        src.push(&format!("// `{}`", scope.export_name(func)));
        if abi.retptr {
            let (size, align) = abi.result_layout;
            src.push(&format!("var _ret_area{k}: [{size}]u8 align({align}) = undefined;"));
        }
        src.push(&format!("fn {wrapper}({}) callconv(.c) {core_ret} {{", core_params.join(", ")));
        let mut body = Body::new(self, path, true);
        body.flat = (0..abi.params.len()).map(|i| format!("_a{i}")).collect();
        if abi.indirect {
            body.src.push(&format!("const _base{PARAMS_BASE} = _rt.ptr(_a0);"));
        }
        let mut args = Vec::new();
        // Borrowed handles to imported resources, at any depth, are lent for
        // the call: `_lent` drops them once it returns.
        let lends = abi.param_plans.iter().any(|p| lends(self.world, p));
        if lends {
            body.src.push("var _lent: _rt.Lent = .{};");
        }
        for (i, (plan, p)) in abi.param_plans.iter().zip(&func.params).enumerate() {
            let (ty, e) = body.lift_param(plan, &p.ty);
            body.src.push(&format!("const _p{i}: {ty} = {e};"));
            args.push(format!("_p{i}"));
        }
        if abi.indirect {
            let (size, align) = abi.params_layout;
            body.src.push(&format!("_rt.dealloc(_a0, {size}, {align});"));
        }
        let call = format!("{callee}({})", args.join(", "));
        let value = match func.kind {
            FunctionKind::Constructor(r) => {
                let handle = self.type_ref(r, path, true);
                format!("{handle}.init(@as({}, {call}))", self.impl_resource(r, "_Impl"))
            }
            _ => call,
        };
        if abi.result_plan.is_some() {
            body.src.push(&format!("const _result = {value};"));
        } else {
            body.src.push(&format!("{value};"));
        }
        if lends {
            // The borrows lent to this call end before it returns.
            body.src.push("_lent.run();");
        }
        if let Some(plan) = &abi.result_plan {
            if abi.retptr {
                body.src.push(&format!("const _base{RESULT_BASE}: [*]u8 = &_ret_area{k};"));
                body.lower(plan, "_result", Mode::Owned);
                body.src.push(&format!("return _rt.addr(_base{RESULT_BASE});"));
            } else {
                body.direct = !flat_variant(plan);
                if !body.direct {
                    body.src.push(&format!("var _f0: {core_ret} = 0;"));
                }
                body.lower(plan, "_result", Mode::Owned);
                body.src.push("return _f0;");
            }
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
        self.exports.push(ExportItem { path: path.to_vec(), wrapper, name: scope.export_name(func) });

        if abi.retptr && abi.result_plan.as_ref().is_some_and(Plan::owns_memory) {
            let post = format!("_post{k}");
            src.push("\n");
            src.push(&format!("fn {post}(_a0: i32) callconv(.c) void {{"));
            let mut body = Body::new(self, path, true);
            body.src.push(&format!("const _base{RESULT_BASE} = _rt.ptr(_a0);"));
            body.free(abi.result_plan.as_ref().unwrap());
            let text = body.src.finish();
            src.push(&text);
            src.push("}");
            let name = format!("cabi_post_{}", scope.export_name(func));
            self.exports.push(ExportItem { path: path.to_vec(), wrapper: post, name });
        }
    }

    /// The destructor of an exported resource: runs the value's `deinit`
    /// (when it has one) and frees it.
    fn export_dtor(&mut self, scope: &Scope<'_>, path: &[String], name: &str, src: &mut Source) {
        let k = self.exports.len();
        let wrapper = format!("_dtor{k}");
        let imp = match scope.iface.and_then(|i| self.impl_names.get(&i)) {
            Some(n) => format!("_Impl.{n}.{}", title(name)),
            None => format!("_Impl.{}", title(name)),
        };
        src.push("\n");
        src.push(&format!("// `{}`", scope.dtor_name(name)));
        src.push(&format!("fn {wrapper}(_rep: i32) callconv(.c) void {{"));
        src.push(&format!("const _p: *{imp} = @ptrCast(@alignCast(_rt.ptr(_rep)));"));
        src.push(&format!("if (@hasDecl({imp}, \"deinit\")) _p.deinit();"));
        src.push("_root.allocator.destroy(_p);");
        src.push("}");
        self.exports.push(ExportItem { path: path.to_vec(), wrapper, name: scope.dtor_name(name) });
    }

    /// `exportWorld`, which checks the implementation and exports every
    /// wrapper of every `_Exports`.
    pub(super) fn export_world(&mut self, out: &mut Source) {
        let imp = self.fixed_param("Impl");
        out.push(&format!("/// Exports the world `{}`, implemented by `{imp}`: call it once, at", self.world.name));
        out.push(&format!("/// comptime (`comptime {{ bindings.exportWorld(@This()); }}`). `{imp}` declares:"));
        let mut checks = Vec::new();
        let scopes = self.world.scopes.iter().filter(|s| s.export);
        for scope in scopes.filter(|s| !s.funcs.is_empty() || !self.exported_resources(s).is_empty()) {
            match scope.iface.and_then(|i| self.impl_names.get(&i)) {
                Some(name) => {
                    let key = scope.key.clone().unwrap_or_default();
                    let path = self.scope_path(scope).join(".");
                    out.push(&format!("/// - `{name}`: a struct implementing the exported interface `{key}`:"));
                    checks.push((unquote(name), format!("the exported interface `{key}`")));
                    for line in self.impl_docs(scope) {
                        out.push(&format!("///   {line}"));
                    }
                    out.push(&format!("///   (types from `{path}`)."));
                }
                None => {
                    for func in &scope.funcs {
                        let sig = self.impl_sig(&[], func);
                        out.push(&format!("/// - `{sig}`"));
                        checks.push((unquote(&camel(&func.name)), format!("the function `{}`", func.name)));
                    }
                }
            }
        }
        out.push(&format!("pub fn exportWorld(comptime {imp}: type) void {{"));
        for (decl, what) in &checks {
            out.push(&format!(
                "if (!@hasDecl({imp}, \"{decl}\")) @compileError(\"exportWorld: `{imp}` must declare `{decl}`, implementing {}\");",
                what.replace('"', "\\\"")
            ));
        }
        let mut last: Option<&[String]> = None;
        let mut n = 0;
        for item in &self.exports {
            if last != Some(&item.path) {
                n += 1;
                out.push(&format!("const _e{n} = _root.{}._Exports({imp});", item.path.join(".")));
                last = Some(&item.path);
            }
            out.push(&format!("@export(&_e{n}.{}, .{{ .name = \"{}\" }});", item.wrapper, item.name.escape_default()));
        }
        out.push("}");
    }

    /// The functions (and resource types) an exported interface's
    /// implementation declares, for docs.
    fn impl_docs(&self, scope: &Scope<'_>) -> Vec<String> {
        let path = self.scope_path(scope);
        let mut lines = Vec::new();
        for func in scope.funcs.iter().filter(|f| owner(f).is_none()) {
            lines.push(format!("`{}`", self.impl_sig(&path, func)));
        }
        for (name, id) in &scope.types {
            if !self.is_resource(*id) {
                continue;
            }
            lines.push(format!("`pub const {}`: the struct behind resource `{name}`, declaring", title(name)));
            for func in scope.funcs.iter().filter(|f| owner(f) == Some(*id)) {
                lines.push(format!("  `{}`", self.impl_sig(&path, func)));
            }
            lines.push("  `pub fn deinit(self: *@This()) void` (optional: the destructor)".into());
        }
        lines
    }

    /// The signature the implementation of exported `func` has, with types
    /// named from `from`.
    fn impl_sig(&self, from: &[String], func: &Function) -> String {
        let mut params = Vec::new();
        for (i, p) in func.params.iter().enumerate() {
            let ty = match &self.abi.unalias(&p.ty) {
                Type::Id(id) => match &self.resolve().types[*id].kind {
                    TypeDefKind::Handle(Handle::Borrow(r)) if self.world.handle_exported(*id, true) => {
                        let r = self.abi.resource(*r);
                        if i == 0 && matches!(func.kind, FunctionKind::Method(_)) {
                            "*@This()".to_string()
                        } else {
                            format!("*{}", self.impl_resource(r, "Impl"))
                        }
                    }
                    _ => self.zty(&p.ty, from, true),
                },
                _ => self.zty(&p.ty, from, true),
            };
            params.push(format!("{}: {ty}", super::snake(&p.name)));
        }
        let ret = match (&func.kind, &func.result) {
            (FunctionKind::Constructor(_), _) => "@This()".to_string(),
            (_, Some(t)) => self.zty(t, from, true),
            (_, None) => "void".into(),
        };
        format!("pub fn {}({}) {ret}", self.impl_func_name(func), params.join(", "))
    }
}

/// Whether lifting `plan` for an export receives a borrowed handle to an
/// imported resource.
fn lends(world: &crate::world::World<'_>, plan: &Plan) -> bool {
    match plan {
        Plan::Handle { ty, own: false, .. } => !world.handle_exported(*ty, true),
        Plan::Record { fields: items, .. } | Plan::Tuple { items, .. } => items.iter().any(|p| lends(world, p)),
        Plan::Variant { cases, .. } => cases.iter().flatten().any(|p| lends(world, p)),
        Plan::List { elem, .. } => lends(world, elem),
        _ => false,
    }
}
