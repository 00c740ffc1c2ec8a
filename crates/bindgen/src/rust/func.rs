//! Imported and exported functions: signatures, the core imports and
//! exports, and the wrappers around the lifting and lowering of `body.rs`.

use heck::ToSnakeCase;
use wit_parser::{Function, FunctionKind};

use super::body::{Body, Mode};
use super::types::{import_block, owner};
use super::{Gen, camel, field_name};
use crate::abi::{At, Core, FuncAbi, PARAMS_BASE, Plan, RESULT_BASE};
use crate::source::Source;
use crate::world::Scope;

/// An import wrapper's parameter name, with a trailing `_` when it is also
/// the name of one of the wrapper's own locals (`ret`, `cleanup`, `i`, or a
/// numbered `f0`, `e1`, `list2`..., or the declared import `wit_import3`).
pub(super) fn import_param_name(name: &str) -> String {
    const STEMS: &[&str] =
        &["f", "e", "s", "v", "r", "t", "h", "p", "list", "len", "area", "base", "arg", "wit_import"];
    let numbered = STEMS
        .iter()
        .any(|stem| name.strip_prefix(stem).is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())));
    if numbered || ["ret", "cleanup", "i"].contains(&name) { format!("{name}_") } else { name.to_string() }
}

/// Whether lifting `plan` for an export lends a borrowed handle to an
/// imported resource below the parameter's top level.
fn lends_nested(world: &crate::world::World<'_>, plan: &Plan, top: bool) -> bool {
    match plan {
        Plan::Handle { ty, own: false, .. } => !top && !world.handle_exported(*ty, true),
        Plan::Record { fields: items, .. } | Plan::Tuple { items, .. } => {
            items.iter().any(|p| lends_nested(world, p, false))
        }
        Plan::Variant { cases, .. } => cases.iter().flatten().any(|p| lends_nested(world, p, false)),
        Plan::List { elem, .. } => lends_nested(world, elem, false),
        _ => false,
    }
}

impl Gen<'_, '_> {
    fn param_name(&self, name: &str) -> String {
        field_name(name)
    }

    /// The user-facing name of a function (method name for resources).
    fn func_name(&self, func: &Function) -> String {
        match func.kind {
            FunctionKind::Constructor(_) => "new".into(),
            _ => field_name(func.item_name()),
        }
    }

    /// A function's signature in the `Guest`/`Guest<R>` trait.
    pub(super) fn trait_sig(&self, path: &[String], func: &Function) -> String {
        let mut params = Vec::new();
        for (i, p) in func.params.iter().enumerate() {
            if i == 0 && matches!(func.kind, FunctionKind::Method(_)) {
                params.push("&self".to_string());
                continue;
            }
            params.push(format!("{}: {}", self.param_name(&p.name), self.ty(&p.ty, path, false, true)));
        }
        let ret = match (&func.kind, &func.result) {
            (FunctionKind::Constructor(_), _) => " -> Self".to_string(),
            (_, Some(t)) => format!(" -> {}", self.ty(t, path, false, true)),
            (_, None) => String::new(),
        };
        let asyncness = if func.kind.is_async() { "async " } else { "" };
        format!("{asyncness}fn {}({}){ret}", self.func_name(func), params.join(", "))
    }

    pub(super) fn import_func(&mut self, scope: &Scope<'_>, path: &[String], func: &Function, src: &mut Source) {
        let abi = self.abi.func(func, false);
        let rt = "super::".repeat(path.len());
        let mut params = Vec::new();
        let mut exprs = Vec::new();
        for (i, p) in func.params.iter().enumerate() {
            let name = import_param_name(&self.param_name(&p.name));
            if i == 0 && matches!(func.kind, FunctionKind::Method(_)) {
                params.push("&self".to_string());
                exprs.push("self".to_string());
                continue;
            }
            let ty = self.ty(&p.ty, path, true, false);
            exprs.push(if ty.starts_with('&') { name.clone() } else { format!("&{name}") });
            params.push(format!("{name}: {ty}"));
        }
        let ret = match (&func.kind, &func.result) {
            (FunctionKind::Constructor(_), _) => " -> Self".to_string(),
            (_, Some(t)) => format!(" -> {}", self.ty(t, path, false, false)),
            (_, None) => String::new(),
        };
        src.push("");
        self.docs(src, &func.docs);
        src.push("#[allow(unused_mut, unused_assignments, unused_unsafe, clippy::all)]");
        src.push(&format!("pub fn {}({}){ret} {{", self.func_name(func), params.join(", ")));
        src.push("unsafe {");
        let decl_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("p{i}: {}", core(*c))).collect();
        let decl_ret = match abi.results.first() {
            Some(c) => format!(" -> {}", core(*c)),
            None => String::new(),
        };
        // Each import gets its own Rust name: two interfaces may import
        // functions of the same name with different signatures.
        let import = format!("wit_import{}", self.imports);
        self.imports += 1;
        src.push(&import_block(
            &scope.import_module(),
            &func.name,
            &format!("fn {import}({}){decl_ret};", decl_params.join(", ")),
        ));
        let mut body = Body::new(self, path, false, rt.clone());
        let cleanup = abi.param_plans.iter().any(Plan::lends_memory);
        if cleanup {
            body.src.push("let mut cleanup: Vec<(*mut u8, usize, usize)> = Vec::new();");
        }
        let mut args = Vec::new();
        if abi.indirect {
            let (size, _) = abi.params_layout;
            body.src.push(&format!("let mut area0 = {rt}__WeldArea::<{size}>::new();"));
            body.src.push(&format!("let base{PARAMS_BASE} = area0.0.as_mut_ptr().cast::<u8>();"));
            args.push(format!("base{PARAMS_BASE} as i32"));
        } else {
            for (i, c) in abi.params.iter().enumerate().take(abi.params.len() - abi.retptr as usize) {
                body.src.push(&format!("let mut f{i}: {} = {};", core(*c), zero(*c)));
                args.push(format!("f{i}"));
            }
        }
        for (plan, expr) in abi.param_plans.iter().zip(&exprs) {
            body.lower(plan, expr, Mode::Borrowed);
        }
        if abi.retptr {
            let (size, _) = abi.result_layout;
            body.src.push(&format!("let mut area1 = {rt}__WeldArea::<{size}>::new();"));
            body.src.push(&format!("let base{RESULT_BASE} = area1.0.as_mut_ptr().cast::<u8>();"));
            args.push(format!("base{RESULT_BASE} as i32"));
        }
        let call = format!("{import}({})", args.join(", "));
        if abi.results.is_empty() {
            body.src.push(&format!("{call};"));
        } else {
            body.src.push(&format!("let ret = {call};"));
        }
        if cleanup {
            body.src.push(&format!("for (ptr, size, align) in cleanup {{ {rt}__weld_dealloc(ptr, size, align); }}"));
        }
        body.flat = vec!["ret".into()];
        if let Some(plan) = &abi.result_plan {
            let e = body.lift(plan);
            body.src.push(&e);
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
        src.push("}");
    }

    pub(super) fn export_func(&mut self, scope: &Scope<'_>, path: &[String], func: &Function, src: &mut Source) {
        let abi = self.abi.func(func, true);
        let rt = "super::".repeat(path.len());
        let wrapper = sanitize(&func.name);
        let core_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("arg{i}: {}", core(*c))).collect();
        let core_ret = match abi.results.first() {
            Some(c) => format!(" -> {}", core(*c)),
            None => String::new(),
        };
        let callee = match owner(func) {
            Some(r) => {
                let name = self.resolve().types[r].name.clone().unwrap_or_default();
                format!("<T::{} as Guest{}>::{}", camel(&name), camel(&name), self.func_name(func))
            }
            None => format!("T::{}", self.func_name(func)),
        };
        src.push("");
        if abi.retptr {
            let (size, _) = abi.result_layout;
            src.push("#[doc(hidden)]");
            src.push(&format!(
                "static mut _RET_{}: {rt}__WeldArea<{size}> = {rt}__WeldArea::new();",
                wrapper.to_uppercase()
            ));
        }
        src.push("#[doc(hidden)]");
        src.push("#[allow(unused_mut, unused_assignments, unused_unsafe, non_snake_case, clippy::all)]");
        src.push(&format!("pub unsafe fn _export_{wrapper}<T: Guest>({}){core_ret} {{", core_params.join(", ")));
        src.push("unsafe {");
        let mut body = Body::new(self, path, true, rt.clone());
        body.flat = (0..abi.params.len()).map(|i| format!("arg{i}")).collect();
        if abi.indirect {
            body.src.push(&format!("let base{PARAMS_BASE} = arg0 as usize as *mut u8;"));
        }
        // Borrowed handles to imported resources inside a parameter (a
        // `list<borrow<r>>`, a record field...) are lent for the call: they
        // are kept in `lent`, lent to the implementation by reference and
        // dropped once it returns.
        let lends = abi.param_plans.iter().any(|p| lends_nested(self.world, p, true));
        if lends {
            body.src.push("let mut lent: Vec<Box<dyn core::any::Any>> = Vec::new();");
        }
        let mut args = Vec::new();
        for (i, plan) in abi.param_plans.iter().enumerate() {
            let e = if i == 0 && matches!(func.kind, FunctionKind::Method(_)) {
                let At::Flat { index, .. } = handle_at(plan) else { unreachable!("methods take flat params") };
                format!("&*(arg{index} as usize as *const T::{})", camel(&body.resource_name(plan)))
            } else {
                body.lift_param(plan, i)
            };
            body.src.push(&format!("let p{i} = {e};"));
            args.push(format!("p{i}"));
        }
        if abi.indirect {
            let (size, align) = abi.params_layout;
            body.src.push(&format!("{rt}__weld_dealloc(base{PARAMS_BASE}, {size}, {align});"));
        }
        let call = format!("{callee}({})", args.join(", "));
        let call = if lends { format!("{{ let r = {call}; drop(lent); r }}") } else { call };
        match &abi.result_plan {
            None => body.src.push(&format!("{call};")),
            Some(plan) => {
                let value = if let FunctionKind::Constructor(r) = func.kind {
                    let name = self.resolve().types[r].name.clone().unwrap_or_default();
                    format!("{}::new({call})", camel(&name))
                } else {
                    call
                };
                body.src.push(&format!("let result = {value};"));
                if abi.retptr {
                    body.src.push(&format!(
                        "let base{RESULT_BASE} = (&raw mut _RET_{}).cast::<u8>();",
                        wrapper.to_uppercase()
                    ));
                    body.lower(plan, "result", Mode::Owned);
                    body.src.push(&format!("base{RESULT_BASE} as i32"));
                } else {
                    body.src.push(&format!("let mut f0: {} = {};", core(abi.results[0]), zero(abi.results[0])));
                    body.lower(plan, "result", Mode::Owned);
                    body.src.push("f0");
                }
            }
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
        src.push("}");

        let post = abi.retptr && abi.result_plan.as_ref().is_some_and(Plan::owns_memory);
        if post {
            src.push("#[doc(hidden)]");
            src.push("#[allow(unused_mut, unused_unsafe, non_snake_case, clippy::all)]");
            src.push(&format!("pub unsafe fn _post_return_{wrapper}<T: Guest>(arg0: i32) {{"));
            src.push("unsafe {");
            let mut body = Body::new(self, path, true, rt.clone());
            body.src.push(&format!("let base{RESULT_BASE} = arg0 as usize as *mut u8;"));
            body.free(abi.result_plan.as_ref().unwrap());
            let text = body.src.finish();
            src.push(&text);
            src.push("}");
            src.push("}");
        }
        self.export_items(scope, path, &wrapper, &abi, post, &scope.export_name(func));
    }

    /// The exported core functions, defined by the `export!` macro.
    fn export_items(
        &mut self,
        _scope: &Scope<'_>,
        path: &[String],
        wrapper: &str,
        abi: &FuncAbi,
        post: bool,
        name: &str,
    ) {
        let n = self.macro_items.len();
        let module: String = path.iter().map(|p| format!("::{p}")).collect();
        let params: Vec<String> = abi.params.iter().enumerate().map(|(i, c)| format!("arg{i}: {}", core(*c))).collect();
        let args: Vec<String> = (0..abi.params.len()).map(|i| format!("arg{i}")).collect();
        let ret = match abi.results.first() {
            Some(c) => format!(" -> {}", core(*c)),
            None => String::new(),
        };
        let mut item = format!(
            "#[unsafe(export_name = \"{name}\")]\nunsafe extern \"C\" fn _weld_export_{n}({}){ret} {{\n$($path)*::__weld_ctors();\nunsafe {{ $($path)*{module}::_export_{wrapper}::<$ty>({}) }}\n}}",
            params.join(", "),
            args.join(", ")
        );
        if post {
            item.push_str(&format!(
                "\n#[unsafe(export_name = \"cabi_post_{name}\")]\nunsafe extern \"C\" fn _weld_post_{n}(arg0: i32) {{\nunsafe {{ $($path)*{module}::_post_return_{wrapper}::<$ty>(arg0) }}\n}}"
            ));
        }
        self.macro_items.push(item);
    }

    /// The destructor of an exported resource.
    pub(super) fn export_dtor(&mut self, scope: &Scope<'_>, path: &[String], name: &str, src: &mut Source) {
        let wrapper = format!("dtor_{}", name.to_snake_case());
        src.push("#[doc(hidden)]");
        src.push(&format!("pub unsafe fn _export_{wrapper}<T: Guest>(rep: i32) {{"));
        src.push(&format!("unsafe {{ drop(Box::from_raw(rep as usize as *mut T::{})) }}", camel(name)));
        src.push("}");
        let n = self.macro_items.len();
        let module: String = path.iter().map(|p| format!("::{p}")).collect();
        self.macro_items.push(format!(
            "#[unsafe(export_name = \"{}\")]\nunsafe extern \"C\" fn _weld_dtor_{n}(rep: i32) {{\nunsafe {{ $($path)*{module}::_export_{wrapper}::<$ty>(rep) }}\n}}",
            scope.dtor_name(name)
        ));
    }
}

fn handle_at(plan: &Plan) -> At {
    match plan {
        Plan::Handle { at, .. } => *at,
        _ => At::Mem { base: 0, offset: 0 },
    }
}

pub(super) fn sanitize(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    s.trim_matches('_').to_snake_case()
}

pub(super) fn core(c: Core) -> &'static str {
    match c {
        Core::I32 => "i32",
        Core::I64 => "i64",
        Core::F32 => "f32",
        Core::F64 => "f64",
    }
}

pub(super) fn zero(c: Core) -> &'static str {
    match c {
        Core::I32 => "0i32",
        Core::I64 => "0i64",
        Core::F32 => "0f32",
        Core::F64 => "0f64",
    }
}
