//! Async functions, streams and futures: `async fn` imports (`[async-lower]`
//! calls awaited as subtasks), `async fn` exports (`[async-lift]` with the
//! callback ABI, results through `[task-return]`), and one payload table per
//! `stream<T>` and `future<T>` of the world with the core imports
//! wit-component expects (`[stream-new-N]func`, ...: N indexes the
//! function's futures and streams in `Function::find_futures_and_streams`
//! order). The executor itself is the text of `executor.rs`.

use std::collections::BTreeSet;

use wit_parser::{Function, Type, TypeDefKind};

use super::Gen;
use super::body::{Body, Mode};
use super::func::{core, import_param_name, sanitize, zero};
use super::types::import_block;
use crate::abi::{PARAMS_BASE, Plan, RESULT_BASE};
use crate::source::Source;
use crate::world::{Scope, World};

/// Whether the world needs the async support: an async function, or a
/// future, stream or error-context anywhere.
pub fn uses_async(world: &World<'_>) -> bool {
    let resolve = world.resolve;
    world
        .functions()
        .any(|f| f.func.kind.is_async() || f.func.parameter_and_result_types().any(|t| crate::holds_async(resolve, &t)))
        || world.all_types().any(|id| crate::holds_async(resolve, &Type::Id(id)))
}

impl Gen<'_, '_> {
    /// An `async fn` import: the call is `[async-lower]`ed, awaited as a
    /// subtask; the arguments live in the call's future until it returned.
    pub(super) fn async_import_func(&mut self, scope: &Scope<'_>, path: &[String], func: &Function, src: &mut Source) {
        let abi = self.abi.func_variant(func, wit_parser::abi::AbiVariant::GuestImportAsync);
        let rt = "super::".repeat(path.len());
        let mut params = Vec::new();
        let mut exprs = Vec::new();
        for (i, p) in func.params.iter().enumerate() {
            // An async method of an imported resource takes `&self`.
            if i == 0 && matches!(func.kind, wit_parser::FunctionKind::AsyncMethod(_)) {
                params.push("&self".to_string());
                exprs.push("self".to_string());
                continue;
            }
            let name = import_param_name(&super::field_name(&p.name));
            let ty = self.ty(&p.ty, path, true, false);
            exprs.push(if ty.starts_with('&') { name.clone() } else { format!("&{name}") });
            params.push(format!("{name}: {ty}"));
        }
        let ret = match &func.result {
            Some(t) => format!(" -> {}", self.ty(t, path, false, false)),
            None => String::new(),
        };
        src.push("");
        self.docs(src, &func.docs);
        src.push("#[allow(unused_mut, unused_assignments, unused_unsafe, clippy::all)]");
        src.push(&format!("pub async fn {}({}){ret} {{", super::field_name(func.item_name()), params.join(", ")));
        src.push("unsafe {");
        let decl_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("p{i}: {}", core(*c))).collect();
        let import = format!("wit_import{}", self.imports);
        self.imports += 1;
        src.push(&import_block(
            &scope.import_module(),
            &format!("[async-lower]{}", func.name),
            &format!("fn {import}({}) -> i32;", decl_params.join(", ")),
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
        // The arguments and the return area stay in this future (pinned)
        // until the callee returned.
        body.src.push(&format!("let status = {import}({});", args.join(", ")));
        body.src.push(&format!("{rt}async_support::subtask(status).await;"));
        if cleanup {
            body.src.push(&format!("for (ptr, size, align) in cleanup {{ {rt}__weld_dealloc(ptr, size, align); }}"));
        }
        if let Some(plan) = &abi.result_plan {
            let e = body.lift(plan);
            body.src.push(&e);
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
        src.push("}");
    }

    /// An `async fn` export: `[async-lift]` starts a task running the
    /// trait's future, which ends with `[task-return]`; the shared
    /// `[callback]` drives it.
    pub(super) fn async_export_func(&mut self, scope: &Scope<'_>, path: &[String], func: &Function, src: &mut Source) {
        let abi = self.abi.func_variant(func, wit_parser::abi::AbiVariant::GuestExportAsync);
        let rt = "super::".repeat(path.len());
        let wrapper = sanitize(&func.name);
        let core_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("arg{i}: {}", core(*c))).collect();
        src.push("");
        src.push("#[doc(hidden)]");
        src.push("#[allow(unused_mut, unused_assignments, unused_unsafe, non_snake_case, clippy::all)]");
        src.push(&format!("pub unsafe fn _export_{wrapper}<T: Guest + 'static>({}) -> i32 {{", core_params.join(", ")));
        src.push("unsafe {");
        let mut body = Body::new(self, path, true, rt.clone());
        body.flat = (0..abi.params.len()).map(|i| format!("arg{i}")).collect();
        if abi.indirect {
            body.src.push(&format!("let base{PARAMS_BASE} = arg0 as usize as *mut u8;"));
        }
        let mut args = Vec::new();
        for (i, plan) in abi.param_plans.iter().enumerate() {
            let e = body.lift(plan);
            body.src.push(&format!("let p{i} = {e};"));
            args.push(format!("p{i}"));
        }
        if abi.indirect {
            let (size, align) = abi.params_layout;
            body.src.push(&format!("{rt}__weld_dealloc(base{PARAMS_BASE}, {size}, {align});"));
        }
        let call = format!("T::{}({}).await", super::field_name(func.item_name()), args.join(", "));
        let text = body.src.finish();
        src.push(&text);
        src.push("let future = async move {");
        src.push("unsafe {");
        // `[task-return]` takes the result as its parameters.
        let ret = self.abi.task_return(func.result);
        let decl: Vec<String> = ret.params.iter().enumerate().map(|(i, c)| format!("p{i}: {}", core(*c))).collect();
        src.push(&import_block(
            &scope.export_intrinsics_module(),
            &format!("[task-return]{}", func.name),
            &format!("fn task_return({});", decl.join(", ")),
        ));
        let mut body = Body::new(self, path, true, rt.clone());
        match ret.param_plans.first() {
            None => {
                body.src.push(&format!("{call};"));
                body.src.push("task_return();");
            }
            Some(plan) => {
                body.src.push(&format!("let result = {call};"));
                let mut targs = Vec::new();
                if ret.indirect {
                    let (size, _) = ret.params_layout;
                    body.src.push(&format!("let mut area0 = {rt}__WeldArea::<{size}>::new();"));
                    body.src.push(&format!("let base{PARAMS_BASE} = area0.0.as_mut_ptr().cast::<u8>();"));
                    targs.push(format!("base{PARAMS_BASE} as i32"));
                } else {
                    for (i, c) in ret.params.iter().enumerate() {
                        body.src.push(&format!("let mut f{i}: {} = {};", core(*c), zero(*c)));
                        targs.push(format!("f{i}"));
                    }
                }
                body.lower(plan, "result", Mode::Owned);
                body.src.push(&format!("task_return({});", targs.join(", ")));
                // The caller has its copy: free what the result held.
                if plan.owns_memory() {
                    body.flat = (0..ret.params.len()).map(|i| format!("f{i}")).collect();
                    body.free(plan);
                }
            }
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
        src.push("};");
        src.push(&format!("{rt}async_support::start_task(Box::pin(future))"));
        src.push("}");
        src.push("}");

        let n = self.macro_items.len();
        let module: String = path.iter().map(|p| format!("::{p}")).collect();
        let name = scope.export_name(func);
        let params: Vec<String> = abi.params.iter().enumerate().map(|(i, c)| format!("arg{i}: {}", core(*c))).collect();
        let args: Vec<String> = (0..abi.params.len()).map(|i| format!("arg{i}")).collect();
        self.macro_items.push(format!(
            "#[unsafe(export_name = \"[async-lift]{name}\")]\nunsafe extern \"C\" fn _weld_export_{n}({}) -> i32 {{\n$($path)*::__weld_ctors();\nunsafe {{ $($path)*{module}::_export_{wrapper}::<$ty>({}) }}\n}}\n#[unsafe(export_name = \"[callback][async-lift]{name}\")]\nunsafe extern \"C\" fn _weld_callback_{n}(event: i32, waitable: i32, code: i32) -> i32 {{\nunsafe {{ $($path)*::async_support::callback(event, waitable, code) }}\n}}",
            params.join(", "),
            args.join(", ")
        ));
    }

    /// The payload tables: for each distinct `stream<T>` and `future<T>`
    /// (by type, aliases resolved: Rust sees one type through every `use`), the core imports of the first function that uses
    /// it, and the lifting, lowering and freeing of one `T` in memory.
    pub(super) fn payloads(&mut self) -> String {
        let world = self.world;
        let resolve = self.resolve();
        let root: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut out = Source::new("    ");
        for f in world.functions() {
            let scope = f.scope;
            let module = if scope.export { scope.export_intrinsics_module() } else { scope.import_module() };
            for (index, id) in f.func.find_futures_and_streams(resolve).into_iter().enumerate() {
                let (stream, payload) = match &resolve.types[id].kind {
                    TypeDefKind::Stream(t) => (true, *t),
                    TypeDefKind::Future(t) => (false, *t),
                    _ => continue,
                };
                let rust = payload.map(|t| self.ty(&t, &root, false, scope.export)).unwrap_or("()".into());
                let key = payload.map(|t| self.abi.type_key(&t));
                if !seen.insert((stream, key)) {
                    continue;
                }
                self.payload_table(&mut out, scope.export, stream, payload, &rust, &module, index, &f.func.name);
            }
        }
        out.finish()
    }

    #[allow(clippy::too_many_arguments)]
    fn payload_table(
        &mut self,
        out: &mut Source,
        export: bool,
        stream: bool,
        payload: Option<Type>,
        rust: &str,
        module: &str,
        index: usize,
        func: &str,
    ) {
        let kind = if stream { "stream" } else { "future" };
        let len = if stream { ", len: u32" } else { "" };
        out.push(&format!("// `{kind}<{rust}>`, through the intrinsics of `{func}` in `{module}`."));
        out.push("#[allow(unused_mut, unused_assignments, unused_unsafe, unused_variables, clippy::all)]");
        out.push("const _: () = {");
        out.push(&format!("#[link(wasm_import_module = \"{module}\")]"));
        out.push("unsafe extern \"C\" {");
        let import = |out: &mut Source, field: &str, decl: &str| {
            out.push(&format!("#[link_name = \"[{field}-{index}]{func}\"]"));
            out.push(decl);
        };
        import(out, &format!("{kind}-new"), "fn new() -> i64;");
        import(out, &format!("async-lower][{kind}-read"), &format!("fn read(handle: u32, ptr: *mut u8{len}) -> u32;"));
        import(
            out,
            &format!("async-lower][{kind}-write"),
            &format!("fn write(handle: u32, ptr: *mut u8{len}) -> u32;"),
        );
        import(out, &format!("{kind}-cancel-read"), "fn cancel_read(handle: u32) -> u32;");
        import(out, &format!("{kind}-cancel-write"), "fn cancel_write(handle: u32) -> u32;");
        import(out, &format!("{kind}-drop-readable"), "fn drop_readable(handle: u32);");
        import(out, &format!("{kind}-drop-writable"), "fn drop_writable(handle: u32);");
        out.push("}");
        let (size, align) = match &payload {
            Some(t) => self.abi.layout(t),
            None => (0, 1),
        };
        let root: Vec<String> = Vec::new();
        let base = RESULT_BASE + 1;
        match payload {
            Some(t) => {
                let plan = self.abi.payload(&t, base);
                let mut body = Body::new(self, &root, export, String::new());
                let e = body.lift(&plan);
                body.src.push(&e);
                out.push(&format!("unsafe fn lift(base{base}: *mut u8) -> {rust} {{ unsafe {{"));
                out.push(&body.src.finish());
                out.push("} }");
                let mut body = Body::new(self, &root, export, String::new());
                body.lower(&plan, "value", Mode::Owned);
                out.push(&format!("unsafe fn lower(value: {rust}, base{base}: *mut u8) {{ unsafe {{"));
                out.push(&body.src.finish());
                out.push("} }");
                let mut body = Body::new(self, &root, export, String::new());
                body.free(&plan);
                out.push(&format!("unsafe fn free(base{base}: *mut u8) {{ unsafe {{"));
                out.push(&body.src.finish());
                out.push("} }");
            }
            None => {
                out.push("unsafe fn lift(_: *mut u8) {}");
                out.push("unsafe fn lower(_: (), _: *mut u8) {}");
                out.push("unsafe fn free(_: *mut u8) {}");
            }
        }
        let (cap, trait_) = if stream { ("Stream", "StreamPayload") } else { ("Future", "FuturePayload") };
        out.push(&format!("impl async_support::{trait_} for {rust} {{"));
        out.push(&format!(
            "const VTABLE: &'static async_support::{cap}Vtable<{rust}> = &async_support::{cap}Vtable {{"
        ));
        // Integers move in bulk (their Rust layout is the canonical one).
        let plain = stream
            && matches!(
                payload,
                Some(Type::U8 | Type::S8 | Type::U16 | Type::S16 | Type::U32 | Type::S32 | Type::U64 | Type::S64)
            );
        let plain = if stream { format!("plain: {plain}, ") } else { String::new() };
        out.push(&format!("size: {size}, align: {align}, {plain}lift, lower, free, new, read, write, cancel_read, cancel_write, drop_readable, drop_writable,"));
        out.push("};");
        out.push("}");
        out.push("};");
    }
}
