//! C functions: declarations, import wrappers, export wrappers and the
//! flat-value lifting and lowering spelled from the shared plans.

use heck::ToSnakeCase;
use wit_parser::{Function, FunctionKind, Type, TypeDefKind};

use super::body::Body;
use super::{Gen, ident};
use crate::abi::{Core, FuncAbi, PARAMS_BASE};
use crate::world::Scope;

/// How a function hands back its result in C (wit-bindgen's conventions).
enum Ret {
    None,
    /// Returned by value.
    Value(String),
    /// `bool f(..., T *ret)` for `option<T>`.
    Option(String),
    /// `bool f(..., T *ret, E *err)` for `result<T, E>` (either may be absent).
    Result(Option<String>, Option<String>),
    /// `void f(..., T *ret)`.
    Pointer(String),
}

impl Gen<'_, '_> {
    pub(super) fn scope_funcs(&mut self, scope: &Scope<'_>) {
        let prefix = self.prefix(scope);
        self.funcs_h.push("");
        match (&scope.key, scope.export) {
            (Some(k), false) => self.funcs_h.push(&format!("// Imported functions from `{k}`")),
            (Some(k), true) => self.funcs_h.push(&format!("// Exported functions from `{k}` (implement these)")),
            (None, false) => self.funcs_h.push(&format!("// Imported functions of the world `{}`", self.world.name)),
            (None, true) => self
                .funcs_h
                .push(&format!("// Exported functions of the world `{}` (implement these)", self.world.name)),
        }
        for (name, id) in &scope.types {
            if matches!(self.resolve().types[*id].kind, TypeDefKind::Resource) {
                self.resource_helpers(scope, &prefix, name);
            }
        }
        for func in &scope.funcs {
            let async_ = self.sync.is_async(scope.key.as_deref(), func, !scope.export);
            match (scope.export, async_) {
                (true, true) => self.export_async(scope, &prefix, func),
                (false, true) => self.import_async(scope, &prefix, func),
                (true, false) => {
                    self.export_func(scope, &prefix, func);
                    self.ends_of(scope, &prefix, func, true);
                }
                (false, false) => {
                    self.import_func(scope, &prefix, func);
                    self.ends_of(scope, &prefix, func, false);
                }
            }
        }
    }

    /// A function's C name (the same whether it is bound sync or async).
    pub(super) fn func_name(&self, prefix: &str, func: &Function) -> String {
        let r = |id: &wit_parser::TypeId| self.resolve().types[*id].name.clone().unwrap_or_default().to_snake_case();
        match &func.kind {
            FunctionKind::Method(id) | FunctionKind::AsyncMethod(id) => {
                format!("{prefix}_method_{}_{}", r(id), func.item_name().to_snake_case())
            }
            FunctionKind::Static(id) | FunctionKind::AsyncStatic(id) => {
                format!("{prefix}_static_{}_{}", r(id), func.item_name().to_snake_case())
            }
            FunctionKind::Constructor(id) => format!("{prefix}_constructor_{}", r(id)),
            _ => format!("{prefix}_{}", func.name.to_snake_case()),
        }
    }

    /// Compound values travel by pointer; scalars, enums, flags and handles
    /// by value.
    fn by_pointer(&self, ty: &Type) -> bool {
        match self.abi.unalias(ty) {
            Type::String => true,
            Type::Id(id) => matches!(
                self.resolve().types[id].kind,
                TypeDefKind::Record(_)
                    | TypeDefKind::Tuple(_)
                    | TypeDefKind::List(_)
                    | TypeDefKind::Variant(_)
                    | TypeDefKind::Option(_)
                    | TypeDefKind::Result(_)
            ),
            _ => false,
        }
    }

    /// The payload of a parameter typed `option<T>` (anonymous), which C
    /// passes as `T *maybe_<name>`, NULL for none (as wit-bindgen does).
    fn option_param(&self, ty: &Type) -> Option<Type> {
        let Type::Id(id) = ty else { return None };
        let def = &self.resolve().types[*id];
        match (&def.name, &def.kind) {
            (None, TypeDefKind::Option(t)) => Some(*t),
            _ => None,
        }
    }

    /// The C names of a function's parameters: `self` for a method's
    /// receiver, `maybe_<name>` for an `option` passed by pointer, and a
    /// trailing `_` on any that would clash with the out-parameters (`ret`,
    /// `err`), with a local of the import wrapper (`result`, `params_area`,
    /// `ret_area`, `f<n>`, `option<n>`) or with another parameter.
    /// The parameter names of a function whose parameters all pass by
    /// value (no `maybe_` for options).
    pub(super) fn param_names_by_value(&self, func: &Function) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for (i, p) in func.params.iter().enumerate() {
            let mut name = if i == 0 && matches!(func.kind, FunctionKind::AsyncMethod(_)) {
                "self".to_string()
            } else {
                ident(&p.name)
            };
            let numbered = |stem: &str| {
                name.strip_prefix(stem).is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            };
            if ["result", "params_area", "status"].contains(&name.as_str()) || numbered("f") {
                name.push('_');
            }
            while names.contains(&name) {
                name.push('_');
            }
            names.push(name);
        }
        names
    }

    pub(super) fn param_names(&self, func: &Function) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for (i, p) in func.params.iter().enumerate() {
            let mut name = if i == 0 && matches!(func.kind, FunctionKind::Method(_) | FunctionKind::AsyncMethod(_)) {
                "self".to_string()
            } else if self.option_param(&p.ty).is_some() {
                format!("maybe_{}", p.name.to_snake_case())
            } else {
                ident(&p.name)
            };
            let numbered = |stem: &str| {
                name.strip_prefix(stem).is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            };
            if ["ret", "err", "result", "params_area", "ret_area"].contains(&name.as_str())
                || numbered("f")
                || numbered("option")
            {
                name.push('_');
            }
            while names.contains(&name) {
                name.push('_');
            }
            names.push(name);
        }
        names
    }

    fn ret_style(&mut self, func: &Function, prefix: &str, export: bool) -> Ret {
        let Some(ty) = func.result else { return Ret::None };
        let unaliased = self.abi.unalias(&ty);
        if let Type::Id(id) = unaliased
            && self.resolve().types[id].name.is_none()
        {
            match self.resolve().types[id].kind.clone() {
                TypeDefKind::Option(t) => return Ret::Option(self.cty(&t, prefix, export)),
                TypeDefKind::Result(r) => {
                    let ok = r.ok.map(|t| self.cty(&t, prefix, export));
                    let err = r.err.map(|t| self.cty(&t, prefix, export));
                    return Ret::Result(ok, err);
                }
                _ => {}
            }
        }
        let c = self.cty(&ty, prefix, export);
        if self.by_pointer(&ty) { Ret::Pointer(c) } else { Ret::Value(c) }
    }

    /// The C parameters of a function (without its out-parameters).
    pub(super) fn sig_params(&mut self, func: &Function, prefix: &str, export: bool) -> Vec<String> {
        let mut params = Vec::new();
        let names = self.param_names(func);
        for (p, name) in func.params.iter().zip(names) {
            if let Some(inner) = self.option_param(&p.ty) {
                let t = self.cty(&inner, prefix, export);
                params.push(format!("{t} *{name}"));
                continue;
            }
            let t = self.cty(&p.ty, prefix, export);
            if self.by_pointer(&p.ty) {
                params.push(format!("{t} *{name}"));
            } else {
                params.push(format!("{t} {name}"));
            }
        }
        params
    }

    /// The C prototype of a function (without `;`).
    fn prototype(&mut self, func: &Function, prefix: &str, export: bool) -> (String, Ret) {
        let mut params = self.sig_params(func, prefix, export);
        let style = self.ret_style(func, prefix, export);
        let ret = match &style {
            Ret::None | Ret::Pointer(_) => "void".to_string(),
            Ret::Value(t) => t.clone(),
            Ret::Option(_) | Ret::Result(..) => "bool".to_string(),
        };
        match &style {
            Ret::Option(t) | Ret::Pointer(t) => params.push(format!("{t} *ret")),
            Ret::Result(ok, err) => {
                if let Some(t) = ok {
                    params.push(format!("{t} *ret"));
                }
                if let Some(t) = err {
                    params.push(format!("{t} *err"));
                }
            }
            _ => {}
        }
        if params.is_empty() {
            params.push("void".into());
        }
        (format!("{ret} {}({})", self.func_name(prefix, func), params.join(", ")), style)
    }

    fn import_func(&mut self, scope: &Scope<'_>, prefix: &str, func: &Function) {
        let abi = self.abi.func(func, false);
        let (proto, style) = self.prototype(func, prefix, false);
        self.funcs_h.docs("// ", func.docs.contents.as_deref());
        self.funcs_h.push(&format!("{proto};"));
        let cname = self.func_name(prefix, func);
        let core_params: Vec<&str> = abi.params.iter().map(|c| core(*c)).collect();
        let core_ret = abi.results.first().map(|c| core(*c)).unwrap_or("void");
        let mut body = Body::new(self, prefix, false, Vec::new());
        body.out.push(format!(
            "__attribute__((__import_module__(\"{}\"), __import_name__(\"{}\")))\nextern {core_ret} __wasm_import_{cname}({});",
            scope.import_module(),
            func.name,
            if core_params.is_empty() { "void".to_string() } else { core_params.join(", ") }
        ));
        body.out.push(String::new());
        body.out.push(format!("{proto} {{"));
        let mut args = Vec::new();
        let names = body.g.param_names(func);
        let values = body.param_values(func, prefix, &names);
        if abi.indirect {
            let tys: Vec<Type> = func.params.iter().map(|p| p.ty).collect();
            let offsets = body.g.abi.offsets(&tys);
            body.out.push(format!("uint8_t params_area[{}] __attribute__((__aligned__(8)));", abi.params_layout.0));
            for ((ty, off), v) in tys.iter().zip(offsets).zip(&values) {
                let t = body.g.cty(ty, prefix, false);
                body.out.push(format!("*(({t} *) (params_area + {off})) = {v};"));
            }
            args.push("(int32_t) (intptr_t) params_area".to_string());
        } else {
            let n = abi.params.len() - abi.retptr as usize;
            for (i, c) in abi.params.iter().enumerate().take(n) {
                body.out.push(format!("{} f{i} = 0;", core(*c)));
                args.push(format!("f{i}"));
            }
            for (plan, v) in abi.param_plans.iter().zip(&values) {
                body.lower(plan, v);
            }
        }
        if abi.retptr {
            body.out.push(format!("uint8_t ret_area[{}] __attribute__((__aligned__(8)));", abi.result_layout.0));
            args.push("(int32_t) (intptr_t) ret_area".to_string());
        }
        let call = format!("__wasm_import_{cname}({})", args.join(", "));
        if abi.results.is_empty() {
            body.out.push(format!("{call};"));
        } else {
            // `_ret`, not `ret`: that is the out-parameter of functions that
            // return through a pointer (found by weld-fuzz, seed 2079).
            body.out.push(format!("{core_ret} _ret = {call};"));
        }
        if let (Some(ty), Some(plan)) = (func.result, &abi.result_plan) {
            let t = body.g.cty(&ty, prefix, false);
            if abi.retptr {
                body.out.push(format!("{t} result = *(({t} *) ret_area);"));
            } else {
                body.out.push(format!("{t} result;"));
                body.flat = vec!["_ret".into()];
                body.lift(plan, "result");
            }
            match &style {
                Ret::Value(_) => body.out.push("return result;".into()),
                Ret::Pointer(_) => body.out.push("*ret = result;".into()),
                Ret::Option(_) => {
                    body.out.push("if (result.is_some) {\n*ret = result.val;\n}\nreturn result.is_some;".into())
                }
                Ret::Result(ok, err) => {
                    if ok.is_some() {
                        body.out.push("if (!result.is_err) {\n*ret = result.val.ok;\n}".into());
                    }
                    if err.is_some() {
                        body.out.push("if (result.is_err) {\n*err = result.val.err;\n}".into());
                    }
                    body.out.push("return !result.is_err;".into());
                }
                Ret::None => {}
            }
        }
        body.out.push("}".into());
        body.out.push(String::new());
        let lines = std::mem::take(&mut body.out);
        for l in lines {
            self.c.push(&l);
        }
    }

    fn export_func(&mut self, scope: &Scope<'_>, prefix: &str, func: &Function) {
        let abi = self.abi.func(func, true);
        let (proto, style) = self.prototype(func, prefix, true);
        self.funcs_h.docs("// ", func.docs.contents.as_deref());
        self.funcs_h.push(&format!("{proto};"));
        let cname = self.func_name(prefix, func);
        let export_name = scope.export_name(func);
        let core_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("{} arg{i}", core(*c))).collect();
        let core_ret = abi.results.first().map(|c| core(*c)).unwrap_or("void");
        let flat = (0..abi.params.len()).map(|i| format!("arg{i}")).collect();
        let mut body = Body::new(self, prefix, true, flat);
        if abi.retptr {
            body.out.push(format!(
                "static uint8_t __weld_ret_{cname}[{}] __attribute__((__aligned__(8)));",
                abi.result_layout.0
            ));
            body.out.push(String::new());
        }
        body.out.push(format!("__attribute__((__export_name__(\"{export_name}\")))"));
        body.out.push(format!(
            "{core_ret} __wasm_export_{cname}({}) {{",
            if core_params.is_empty() { "void".to_string() } else { core_params.join(", ") }
        ));
        let mut args = body.export_args(func, prefix, &abi);
        let result_ty = func.result.map(|t| body.g.cty(&t, prefix, true));
        match &style {
            Ret::None => {}
            Ret::Value(_) => {}
            Ret::Pointer(_) => {
                body.out.push(format!("{} result;", result_ty.clone().unwrap()));
                args.push("&result".into());
            }
            Ret::Option(t) => {
                body.out.push(format!("{} result;", result_ty.clone().unwrap()));
                body.out.push(format!("{t} value;"));
                args.push("&value".into());
            }
            Ret::Result(ok, err) => {
                body.out.push(format!("{} result;", result_ty.clone().unwrap()));
                if let Some(t) = ok {
                    body.out.push(format!("{t} ok;"));
                    args.push("&ok".into());
                }
                if let Some(t) = err {
                    body.out.push(format!("{t} err;"));
                    args.push("&err".into());
                }
            }
        }
        let call = format!("{cname}({})", args.join(", "));
        match &style {
            Ret::None | Ret::Pointer(_) => body.out.push(format!("{call};")),
            Ret::Value(t) => body.out.push(format!("{t} result = {call};")),
            Ret::Option(_) => {
                body.out.push(format!("result.is_some = {call};"));
                body.out.push("if (result.is_some) {\nresult.val = value;\n}".into());
            }
            Ret::Result(ok, err) => {
                body.out.push(format!("result.is_err = !{call};"));
                if ok.is_some() {
                    body.out.push("if (!result.is_err) {\nresult.val.ok = ok;\n}".into());
                }
                if err.is_some() {
                    body.out.push("if (result.is_err) {\nresult.val.err = err;\n}".into());
                }
            }
        }
        if let (Some(t), Some(plan)) = (&result_ty, &abi.result_plan) {
            if abi.retptr {
                body.out.push(format!("*(({t} *) __weld_ret_{cname}) = result;"));
                body.out.push(format!("return (int32_t) (intptr_t) __weld_ret_{cname};"));
            } else {
                body.out.push(format!("{core_ret} f0 = 0;"));
                body.lower(plan, "result");
                body.out.push("return f0;".into());
            }
        }
        body.out.push("}".into());
        body.out.push(String::new());
        let post = abi.result_plan.as_ref().filter(|p| abi.retptr && p.owns_memory());
        if let (Some(plan), Some(t)) = (post, &result_ty) {
            body.out.push(format!("__attribute__((__export_name__(\"cabi_post_{export_name}\")))"));
            body.out.push(format!("void __wasm_export_{cname}_post_return(int32_t arg0) {{"));
            body.out.push(format!("{t} *result = ({t} *) (intptr_t) arg0;"));
            body.free(plan, "(*result)");
            body.out.push("}".into());
            body.out.push(String::new());
        }
        let lines = std::mem::take(&mut body.out);
        for l in lines {
            self.c.push(&l);
        }
    }

    /// Statements rebuilding the C values of an import's parameters from
    /// the C arguments (an option from its pointer, a compound through
    /// its pointer); the expressions of the values.
    pub(super) fn param_values_of(
        body: &mut Body<'_, '_, '_>,
        func: &Function,
        prefix: &str,
        names: &[String],
    ) -> Vec<String> {
        let mut values = Vec::new();
        for (i, (p, name)) in func.params.iter().zip(names).enumerate() {
            if body.g.option_param(&p.ty).is_some() {
                let t = body.g.cty(&p.ty, prefix, false);
                body.out.push(format!("{t} option{i};"));
                body.out.push(format!("option{i}.is_some = {name} != NULL;"));
                body.out.push(format!("if ({name}) {{\noption{i}.val = *{name};\n}}"));
                values.push(format!("option{i}"));
            } else if body.g.by_pointer(&p.ty) {
                values.push(format!("(*{name})"));
            } else {
                values.push(name.clone());
            }
        }
        values
    }

    /// Statements lifting an export's parameters into locals `p<i>`; the
    /// arguments of the user's function.
    pub(super) fn export_args_of(
        body: &mut Body<'_, '_, '_>,
        func: &Function,
        prefix: &str,
        abi: &FuncAbi,
    ) -> Vec<String> {
        let tys: Vec<Type> = func.params.iter().map(|p| p.ty).collect();
        let mut args = Vec::new();
        if abi.indirect {
            let offsets = body.g.abi.offsets(&tys);
            body.out.push(format!("uint8_t *base{PARAMS_BASE} = (uint8_t *) (intptr_t) arg0;"));
            for (i, (ty, off)) in tys.iter().zip(offsets).enumerate() {
                let t = body.g.cty(ty, prefix, true);
                body.out.push(format!("{t} p{i} = *(({t} *) (base{PARAMS_BASE} + {off}));"));
            }
            body.out.push(format!("free(base{PARAMS_BASE});"));
        } else {
            for (i, (ty, plan)) in tys.iter().zip(&abi.param_plans).enumerate() {
                let t = body.g.cty(ty, prefix, true);
                body.out.push(format!("{t} p{i};"));
                body.lift(plan, &format!("p{i}"));
            }
        }
        for (i, ty) in tys.iter().enumerate() {
            args.push(if body.g.option_param(ty).is_some() {
                format!("p{i}.is_some ? &p{i}.val : NULL")
            } else if body.g.by_pointer(ty) {
                format!("&p{i}")
            } else {
                format!("p{i}")
            });
        }
        args
    }

    fn resource_helpers(&mut self, scope: &Scope<'_>, prefix: &str, name: &str) {
        let r = name.to_snake_case();
        let own = format!("{prefix}_own_{r}_t");
        let borrow = format!("{prefix}_borrow_{r}_t");
        let rep = format!("{prefix}_{r}_t");
        let base = format!("{prefix}_{r}");
        if scope.export {
            let module = scope.export_intrinsics_module();
            self.helpers.push("");
            self.helpers.push(&format!("// Resource `{name}`: make, look into and drop handles."));
            self.helpers.push(&format!("{own} {base}_new({rep} *rep);"));
            self.helpers.push(&format!("{rep}* {base}_rep({own} handle);"));
            self.helpers.push(&format!("void {base}_drop_own({own} handle);"));
            self.helpers.push("// Implement this: called when the last handle is dropped.");
            self.helpers.push(&format!("void {base}_destructor({rep} *rep);"));
            let import = |field: &str, decl: &str| {
                format!(
                    "__attribute__((__import_module__(\"{module}\"), __import_name__(\"{field}\")))\nextern {decl};"
                )
            };
            self.c
                .push(&import(&format!("[resource-new]{name}"), &format!("int32_t __wasm_import_{base}_new(int32_t)")));
            self.c
                .push(&import(&format!("[resource-rep]{name}"), &format!("int32_t __wasm_import_{base}_rep(int32_t)")));
            self.c
                .push(&import(&format!("[resource-drop]{name}"), &format!("void __wasm_import_{base}_drop(int32_t)")));
            self.c.push("");
            self.c.push(&format!(
                "{own} {base}_new({rep} *rep) {{\nreturn ({own}) {{ __wasm_import_{base}_new((int32_t) (intptr_t) rep) }};\n}}\n\n\
                 {rep}* {base}_rep({own} handle) {{\nreturn ({rep} *) (intptr_t) __wasm_import_{base}_rep(handle.__handle);\n}}\n\n\
                 void {base}_drop_own({own} handle) {{\n__wasm_import_{base}_drop(handle.__handle);\n}}\n\n\
                 __attribute__((__export_name__(\"{}\")))\nvoid __wasm_export_{base}_dtor(int32_t rep) {{\n{base}_destructor(({rep} *) (intptr_t) rep);\n}}\n",
                scope.dtor_name(name)
            ));
        } else {
            let module = scope.import_module();
            self.helpers.push("");
            self.helpers.push(&format!("// Resource `{name}`: drop an owned handle, or borrow it. An exported"));
            self.helpers.push("// function must drop each borrow it receives before it returns.");
            self.helpers.push(&format!("void {base}_drop_own({own} handle);"));
            self.helpers.push(&format!("void {base}_drop_borrow({borrow} handle);"));
            self.helpers.push(&format!("{borrow} {prefix}_borrow_{r}({own} handle);"));
            self.c.push(&format!(
                "__attribute__((__import_module__(\"{module}\"), __import_name__(\"[resource-drop]{name}\")))\nextern void __wasm_import_{base}_drop(int32_t);\n\n\
                 void {base}_drop_own({own} handle) {{\n__wasm_import_{base}_drop(handle.__handle);\n}}\n\n\
                 void {base}_drop_borrow({borrow} handle) {{\n__wasm_import_{base}_drop(handle.__handle);\n}}\n\n\
                 {borrow} {prefix}_borrow_{r}({own} handle) {{\nreturn ({borrow}) {{ handle.__handle }};\n}}\n"
            ));
        }
    }
}

pub(super) fn core(c: Core) -> &'static str {
    match c {
        Core::I32 => "int32_t",
        Core::I64 => "int64_t",
        Core::F32 => "float",
        Core::F64 => "double",
    }
}

impl Body<'_, '_, '_> {
    pub(super) fn param_values(&mut self, func: &Function, prefix: &str, names: &[String]) -> Vec<String> {
        Gen::param_values_of(self, func, prefix, names)
    }

    pub(super) fn export_args(&mut self, func: &Function, prefix: &str, abi: &FuncAbi) -> Vec<String> {
        Gen::export_args_of(self, func, prefix, abi)
    }
}
