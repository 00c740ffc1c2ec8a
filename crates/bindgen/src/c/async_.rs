//! C bindings of the component model's async ABI, spelled as wit-bindgen
//! 0.63's C generator spells them: async imports return a subtask status,
//! async exports use the callback ABI (the user's function and its
//! `_callback` return a callback code, `_return` calls `task.return`),
//! waitable sets, and per-type helpers for the ends of futures and streams.
//! Import names are the ones wit-component 0.254 expects.

use anyhow::{Result, bail};
use heck::ToShoutySnakeCase;
use wit_parser::abi::AbiVariant;
use wit_parser::{Function, FunctionKind, Param, Type, TypeDefKind};

use super::Gen;
use super::body::Body;
use super::func::core;
use crate::source::Source;
use crate::world::Scope;

/// One `--sync` filter.
#[derive(Clone, Debug)]
enum Filter {
    All,
    Func(String),
    Import(String),
    Export(String),
}

/// The `--sync` filters, and which of them matched a function.
#[derive(Clone, Debug, Default)]
pub struct SyncFilters {
    filters: Vec<(Filter, bool)>,
}

impl SyncFilters {
    /// Parses wit-bindgen's spellings: `all`, `import:NAME`, `export:NAME`
    /// or `NAME` (`ns:pkg/iface#func`, or `func` for the world's own).
    pub fn new(specs: &[String]) -> Self {
        let filters = specs
            .iter()
            .flat_map(|s| s.split(','))
            .filter(|s| !s.is_empty())
            .map(|s| {
                let f = if s == "all" {
                    Filter::All
                } else if let Some(n) = s.strip_prefix("import:") {
                    Filter::Import(n.to_string())
                } else if let Some(n) = s.strip_prefix("export:") {
                    Filter::Export(n.to_string())
                } else {
                    Filter::Func(s.to_string())
                };
                (f, false)
            })
            .collect();
        SyncFilters { filters }
    }

    /// Whether `func` of interface `key` (None: the world's own) is bound
    /// async: declared `async` in WIT and matched by no filter.
    pub fn is_async(&mut self, key: Option<&str>, func: &Function, import: bool) -> bool {
        let name = match key {
            Some(k) => format!("{k}#{}", func.name),
            None => func.name.clone(),
        };
        let mut sync = false;
        for (f, used) in &mut self.filters {
            let hit = match f {
                Filter::All => true,
                Filter::Func(n) => *n == name,
                Filter::Import(n) => import && *n == name,
                Filter::Export(n) => !import && *n == name,
            };
            if hit {
                *used = true;
                sync = true;
            }
        }
        !sync && is_async_kind(func)
    }

    /// Fails naming the first filter that matched no function (as
    /// wit-bindgen does; `all` may match nothing).
    pub fn ensure_all_used(&self) -> Result<()> {
        for (f, used) in &self.filters {
            let spelled = match f {
                Filter::All => continue,
                Filter::Func(n) => n.clone(),
                Filter::Import(n) => format!("import:{n}"),
                Filter::Export(n) => format!("export:{n}"),
            };
            if !used {
                bail!(
                    "unused sync option: `{spelled}` matches no function of the world \
                     (expected `ns:pkg/iface#func`, `func` for a function of the world, \
                     either after `import:` or `export:`, or `all`)"
                );
            }
        }
        Ok(())
    }
}

/// Whether `func` is declared `async` in WIT.
pub fn is_async_kind(func: &Function) -> bool {
    matches!(func.kind, FunctionKind::AsyncFreestanding | FunctionKind::AsyncMethod(_) | FunctionKind::AsyncStatic(_))
}

impl Gen<'_, '_> {
    /// Whether the world uses streams, futures, `error-context` or async
    /// functions anywhere.
    pub(super) fn uses_async(&self) -> bool {
        let resolve = self.resolve();
        let any_type = |ty: &Type| crate::holds_async(resolve, ty);
        self.world
            .functions()
            .any(|f| is_async_kind(f.func) || f.func.parameter_and_result_types().any(|t| any_type(&t)))
            || self.world.all_types().any(|id| any_type(&Type::Id(id)))
    }

    /// The helpers every async binding shares, in front of the per-type
    /// helpers already collected.
    pub(super) fn async_helpers(&mut self) {
        let w = self.wname.clone();
        let u = w.to_shouty_snake_case();
        let rest_h = std::mem::replace(&mut self.async_h, Source::new("  ")).finish();
        let rest_c = std::mem::replace(&mut self.async_c, Source::new("  ")).finish();
        let unit = if self.utf16 { "utf16" } else { "utf8" };
        self.async_h.push(&format!(
            "typedef uint32_t {w}_subtask_status_t;\ntypedef uint32_t {w}_subtask_t;\n\
             #define {u}_SUBTASK_STATE(status) (({w}_subtask_state_t) ((status) & 0xf))\n\
             #define {u}_SUBTASK_HANDLE(status) (({w}_subtask_t) ((status) >> 4))\n\n\
             typedef enum {w}_subtask_state {{\n{u}_SUBTASK_STARTING,\n{u}_SUBTASK_STARTED,\n{u}_SUBTASK_RETURNED,\n\
             {u}_SUBTASK_STARTED_CANCELLED,\n{u}_SUBTASK_RETURNED_CANCELLED,\n}} {w}_subtask_state_t;\n\n\
             // Requests cancellation of a started subtask; returns its new status.\n\
             {w}_subtask_status_t {w}_subtask_cancel({w}_subtask_t subtask);\n\
             // Drops a subtask that has returned.\n\
             void {w}_subtask_drop({w}_subtask_t subtask);\n\n\
             // What an async export (or its callback) returns: done, yield, or wait on a set.\n\
             typedef uint32_t {w}_callback_code_t;\n#define {u}_CALLBACK_CODE_EXIT 0\n#define {u}_CALLBACK_CODE_YIELD 1\n\
             #define {u}_CALLBACK_CODE_WAIT(set) (2 | ((set) << 4))\n#define {u}_CALLBACK_CODE_POLL(set) (3 | ((set) << 4))\n\n\
             typedef enum {w}_event_code {{\n{u}_EVENT_NONE,\n{u}_EVENT_SUBTASK,\n{u}_EVENT_STREAM_READ,\n{u}_EVENT_STREAM_WRITE,\n\
             {u}_EVENT_FUTURE_READ,\n{u}_EVENT_FUTURE_WRITE,\n{u}_EVENT_CANCEL,\n}} {w}_event_code_t;\n\n\
             typedef struct {w}_event {{\n{w}_event_code_t event;\nuint32_t waitable;\nuint32_t code;\n}} {w}_event_t;\n\n\
             typedef uint32_t {w}_waitable_set_t;\n\
             {w}_waitable_set_t {w}_waitable_set_new(void);\n\
             // Adds `waitable` to `set` (set 0: removes it from its set).\n\
             void {w}_waitable_join(uint32_t waitable, {w}_waitable_set_t set);\n\
             void {w}_waitable_set_drop({w}_waitable_set_t set);\n\
             void {w}_waitable_set_wait({w}_waitable_set_t set, {w}_event_t *event);\n\
             void {w}_waitable_set_poll({w}_waitable_set_t set, {w}_event_t *event);\n\n\
             // Acknowledges a cancellation request of the current task.\n\
             void {w}_task_cancel(void);\n\n\
             // What a read or write of a future or stream returns: blocked, or a state and a count.\n\
             typedef uint32_t {w}_waitable_status_t;\n\
             #define {u}_WAITABLE_STATE(status) (({w}_waitable_state_t) ((status) & 0xf))\n\
             #define {u}_WAITABLE_COUNT(status) ((uint32_t) ((status) >> 4))\n\
             #define {u}_WAITABLE_STATUS_BLOCKED (({w}_waitable_status_t) -1)\n\n\
             typedef enum {w}_waitable_state {{\n{u}_WAITABLE_COMPLETED,\n{u}_WAITABLE_DROPPED,\n{u}_WAITABLE_CANCELLED,\n}} {w}_waitable_state_t;\n\n\
             // Backpressure: `_set(true)` holds new calls back until `_set(false)`; `_inc`/`_dec` count.\n\
             void {w}_backpressure_set(bool enable);\nvoid {w}_backpressure_inc(void);\nvoid {w}_backpressure_dec(void);\n\
             // The current task's context slot 0 (`_get`/`_set` are the same slot).\n\
             void* {w}_context_get_0(void);\nvoid {w}_context_set_0(void*);\n\
             void* {w}_context_get(void);\nvoid {w}_context_set(void*);\n\
             // Lets other tasks run; `_cancellable` returns nonzero when the task was cancelled.\n\
             void {w}_yield(void);\nuint32_t {w}_yield_cancellable(void);\n\n\
             // `error-context`: make one with a debug message, read the message, drop it.\n\
             {w}_error_context_t {w}_error_context_new(const {w}_string_t *message);\n\
             void {w}_error_context_debug_message({w}_error_context_t ctx, {w}_string_t *ret);\n\
             void {w}_error_context_drop({w}_error_context_t ctx);\n"
        ));
        self.async_h.push(&rest_h);
        let import = |module: &str, name: &str, decl: &str| {
            format!("__attribute__((__import_module__(\"{module}\"), __import_name__(\"{name}\")))\nextern {decl};")
        };
        let mut c = Vec::new();
        c.push(import("$root", "[subtask-cancel]", "uint32_t __weld_subtask_cancel(uint32_t)"));
        c.push(format!(
            "{w}_subtask_status_t {w}_subtask_cancel({w}_subtask_t subtask) {{\nreturn __weld_subtask_cancel(subtask);\n}}\n"
        ));
        c.push(import("$root", "[subtask-drop]", "void __weld_subtask_drop(uint32_t)"));
        c.push(format!("void {w}_subtask_drop({w}_subtask_t subtask) {{\n__weld_subtask_drop(subtask);\n}}\n"));
        c.push(import("$root", "[waitable-set-new]", "uint32_t __weld_waitable_set_new(void)"));
        c.push(format!("{w}_waitable_set_t {w}_waitable_set_new(void) {{\nreturn __weld_waitable_set_new();\n}}\n"));
        c.push(import("$root", "[waitable-join]", "void __weld_waitable_join(uint32_t, uint32_t)"));
        c.push(format!(
            "void {w}_waitable_join(uint32_t waitable, {w}_waitable_set_t set) {{\n__weld_waitable_join(waitable, set);\n}}\n"
        ));
        c.push(import("$root", "[waitable-set-drop]", "void __weld_waitable_set_drop(uint32_t)"));
        c.push(format!("void {w}_waitable_set_drop({w}_waitable_set_t set) {{\n__weld_waitable_set_drop(set);\n}}\n"));
        c.push(import("$root", "[waitable-set-wait]", "uint32_t __weld_waitable_set_wait(uint32_t, uint32_t *)"));
        c.push(import("$root", "[waitable-set-poll]", "uint32_t __weld_waitable_set_poll(uint32_t, uint32_t *)"));
        for op in ["wait", "poll"] {
            c.push(format!(
                "void {w}_waitable_set_{op}({w}_waitable_set_t set, {w}_event_t *event) {{\n\
                 event->event = ({w}_event_code_t) __weld_waitable_set_{op}(set, &event->waitable);\n}}\n"
            ));
        }
        c.push(import("[export]$root", "[task-cancel]", "void __weld_task_cancel(void)"));
        c.push(format!("void {w}_task_cancel(void) {{\n__weld_task_cancel();\n}}\n"));
        c.push(import("$root", "[backpressure-inc]", "void __weld_backpressure_inc(void)"));
        c.push(import("$root", "[backpressure-dec]", "void __weld_backpressure_dec(void)"));
        c.push(format!(
            "void {w}_backpressure_inc(void) {{\n__weld_backpressure_inc();\n}}\n\n\
             void {w}_backpressure_dec(void) {{\n__weld_backpressure_dec();\n}}\n\n\
             // wit-component 0.254 has no `backpressure.set`: a flag over the counter.\n\
             static bool __weld_backpressure_on = false;\n\n\
             void {w}_backpressure_set(bool enable) {{\nif (enable && !__weld_backpressure_on) {{\n__weld_backpressure_inc();\n}} \
             else if (!enable && __weld_backpressure_on) {{\n__weld_backpressure_dec();\n}}\n__weld_backpressure_on = enable;\n}}\n"
        ));
        c.push(import("$root", "[context-get-0]", "void *__weld_context_get(void)"));
        c.push(import("$root", "[context-set-0]", "void __weld_context_set(void *)"));
        c.push(format!(
            "void* {w}_context_get_0(void) {{\nreturn __weld_context_get();\n}}\n\n\
             void {w}_context_set_0(void *value) {{\n__weld_context_set(value);\n}}\n\n\
             void* {w}_context_get(void) {{\nreturn __weld_context_get();\n}}\n\n\
             void {w}_context_set(void *value) {{\n__weld_context_set(value);\n}}\n"
        ));
        c.push(import("$root", "[thread-yield]", "uint32_t __weld_thread_yield(void)"));
        c.push(import("$root", "[cancellable][thread-yield]", "uint32_t __weld_thread_yield_cancellable(void)"));
        c.push(format!(
            "void {w}_yield(void) {{\n__weld_thread_yield();\n}}\n\n\
             uint32_t {w}_yield_cancellable(void) {{\nreturn __weld_thread_yield_cancellable();\n}}\n"
        ));
        c.push(import(
            "$root",
            &format!("[error-context-new-{unit}]"),
            "uint32_t __weld_error_context_new(uint8_t *, size_t)",
        ));
        c.push(import(
            "$root",
            &format!("[error-context-debug-message-{unit}]"),
            "void __weld_error_context_debug_message(uint32_t, uint8_t *)",
        ));
        c.push(import("$root", "[error-context-drop]", "void __weld_error_context_drop(uint32_t)"));
        c.push(format!(
            "{w}_error_context_t {w}_error_context_new(const {w}_string_t *message) {{\n\
             return __weld_error_context_new((uint8_t *) message->ptr, message->len);\n}}\n\n\
             void {w}_error_context_debug_message({w}_error_context_t ctx, {w}_string_t *ret) {{\n\
             __weld_error_context_debug_message(ctx, (uint8_t *) ret);\n}}\n\n\
             void {w}_error_context_drop({w}_error_context_t ctx) {{\n__weld_error_context_drop(ctx);\n}}\n"
        ));
        self.async_c.push(&c.join("\n"));
        self.async_c.push(&rest_c);
    }

    /// An import bound async: lowers the parameters (at most 4 flat values,
    /// else through memory), passes `result` as the return area, and
    /// returns the subtask status.
    pub(super) fn import_async(&mut self, scope: &Scope<'_>, prefix: &str, func: &Function) {
        self.needs_async = true;
        let w = self.wname.clone();
        let abi = self.abi.func_variant(func, AbiVariant::GuestImportAsync);
        let cname = self.func_name(prefix, func);
        let names = self.param_names_by_value(func);
        let mut params = Vec::new();
        for (p, name) in func.params.iter().zip(&names) {
            let t = self.cty(&p.ty, prefix, false);
            params.push(format!("{t} {name}"));
        }
        let result_ty = func.result.map(|t| self.cty(&t, prefix, false));
        if let Some(t) = &result_ty {
            params.push(format!("{t} *result"));
        }
        if params.is_empty() {
            params.push("void".into());
        }
        let proto = format!("{w}_subtask_status_t {cname}({})", params.join(", "));
        self.funcs_h.docs("// ", func.docs.contents.as_deref());
        if result_ty.is_some() {
            self.funcs_h.push("// `*result` is written when the subtask returns: keep it alive until then.");
        }
        self.funcs_h.push(&format!("{proto};"));
        let core_params: Vec<&str> = abi.params.iter().map(|c| core(*c)).collect();
        let mut body = Body::new(self, prefix, false, Vec::new());
        body.out.push(format!(
            "__attribute__((__import_module__(\"{}\"), __import_name__(\"[async-lower]{}\")))\nextern int32_t __wasm_import_{cname}({});",
            scope.import_module(),
            func.name,
            if core_params.is_empty() { "void".to_string() } else { core_params.join(", ") }
        ));
        body.out.push(String::new());
        body.out.push(format!("{proto} {{"));
        // Every parameter is passed by value (as in wit-bindgen's C).
        let values = names.clone();
        let mut args = Vec::new();
        if abi.indirect {
            let tys: Vec<Type> = func.params.iter().map(|p| p.ty).collect();
            let offsets = body.g.abi.offsets(&tys);
            // The callee may read the parameters after this returns (while
            // the subtask is starting), so they live on the heap until then.
            body.out.push(format!(
                "uint8_t *params_area = (uint8_t *) cabi_realloc(NULL, 0, {}, {});",
                abi.params_layout.1, abi.params_layout.0
            ));
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
            args.push("(int32_t) (intptr_t) result".to_string());
        }
        body.out.push(format!("uint32_t status = (uint32_t) __wasm_import_{cname}({});", args.join(", ")));
        if abi.indirect {
            let u = w.to_shouty_snake_case();
            body.out.push(format!(
                "// A subtask still starting may read them later; keep them then.\n\
                 if ({u}_SUBTASK_STATE(status) != {u}_SUBTASK_STARTING) {{\nfree(params_area);\n}}"
            ));
        }
        body.out.push("return status;".into());
        body.out.push("}".into());
        body.out.push(String::new());
        let lines = std::mem::take(&mut body.out);
        for l in lines {
            self.c.push(&l);
        }
        self.ends_of(scope, prefix, func, false);
    }

    /// An export bound async with the callback ABI: `[async-lift]` calls
    /// the user's function, `[callback][async-lift]` its `_callback`, and
    /// `_return` hands the result to `[task-return]`.
    pub(super) fn export_async(&mut self, scope: &Scope<'_>, prefix: &str, func: &Function) {
        self.needs_async = true;
        let w = self.wname.clone();
        let abi = self.abi.func_variant(func, AbiVariant::GuestExportAsync);
        let cname = self.func_name(prefix, func);
        let export_name = scope.export_name(func);
        let mut params = self.sig_params(func, prefix, true);
        if params.is_empty() {
            params.push("void".into());
        }
        self.funcs_h.docs("// ", func.docs.contents.as_deref());
        self.funcs_h.push(&format!("{w}_callback_code_t {cname}({});", params.join(", ")));
        self.funcs_h.push(&format!("{w}_callback_code_t {cname}_callback({w}_event_t *event);"));
        let result_ty = func.result.map(|t| self.cty(&t, prefix, true));
        let ret_param = match &result_ty {
            Some(t) => format!("{t} ret"),
            None => "void".into(),
        };
        self.funcs_h.push("// Call once to return the result (the strings and lists it owns are freed).");
        self.funcs_h.push(&format!("void {cname}_return({ret_param});"));

        let core_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("{} arg{i}", core(*c))).collect();
        let flat = (0..abi.params.len()).map(|i| format!("arg{i}")).collect();
        let mut body = Body::new(self, prefix, true, flat);
        body.out.push(format!("__attribute__((__export_name__(\"[async-lift]{export_name}\")))"));
        body.out.push(format!(
            "int32_t __wasm_export_{cname}({}) {{",
            if core_params.is_empty() { "void".to_string() } else { core_params.join(", ") }
        ));
        let args = body.export_args(func, prefix, &abi);
        body.out.push(format!("return (int32_t) {cname}({});", args.join(", ")));
        body.out.push("}".into());
        body.out.push(String::new());
        body.out.push(format!("__attribute__((__export_name__(\"[callback][async-lift]{export_name}\")))"));
        body.out.push(format!(
            "int32_t __wasm_export_{cname}_callback(int32_t event_raw, int32_t waitable, int32_t code) {{\n\
             {w}_event_t event;\nevent.event = ({w}_event_code_t) event_raw;\nevent.waitable = (uint32_t) waitable;\n\
             event.code = (uint32_t) code;\nreturn (int32_t) {cname}_callback(&event);\n}}"
        ));
        body.out.push(String::new());
        // `task.return` takes the result as an import takes one parameter.
        let mut ret_func = func.clone();
        ret_func.params =
            func.result.map(|ty| Param { name: "ret".into(), ty, span: Default::default() }).into_iter().collect();
        ret_func.result = None;
        ret_func.kind = FunctionKind::Freestanding;
        let ret_abi = body.g.abi.func_variant(&ret_func, AbiVariant::GuestImport);
        let core_ret: Vec<&str> = ret_abi.params.iter().map(|c| core(*c)).collect();
        let module = match &scope.key {
            Some(k) => format!("[export]{k}"),
            None => "[export]$root".into(),
        };
        body.out.push(format!(
            "__attribute__((__import_module__(\"{module}\"), __import_name__(\"[task-return]{}\")))\n\
             extern void __wasm_import_{cname}_task_return({});",
            func.name,
            if core_ret.is_empty() { "void".to_string() } else { core_ret.join(", ") }
        ));
        body.out.push(String::new());
        body.out.push(format!("void {cname}_return({ret_param}) {{"));
        let mut args = Vec::new();
        if ret_abi.indirect {
            args.push("(int32_t) (intptr_t) &ret".to_string());
        } else {
            for (i, c) in ret_abi.params.iter().enumerate() {
                body.out.push(format!("{} f{i} = 0;", core(*c)));
                args.push(format!("f{i}"));
            }
            if let Some(plan) = ret_abi.param_plans.first() {
                body.lower(plan, "ret");
            }
        }
        body.out.push(format!("__wasm_import_{cname}_task_return({});", args.join(", ")));
        if let Some(plan) = ret_abi.param_plans.first().filter(|p| p.owns_memory()) {
            body.free(plan, "ret");
        }
        body.out.push("}".into());
        body.out.push(String::new());
        let lines = std::mem::take(&mut body.out);
        for l in lines {
            self.c.push(&l);
        }
        self.ends_of(scope, prefix, func, true);
    }

    /// Helpers for the ends of each future and stream type in `func`'s
    /// signature, named after the C type (`<type>_new`, `_read`, ...), and
    /// bound to the intrinsics `[future-new-N]<func>` and so on, N indexing
    /// wit-parser's `find_futures_and_streams`.
    pub(super) fn ends_of(&mut self, scope: &Scope<'_>, prefix: &str, func: &Function, export: bool) {
        let module = match (&scope.key, export) {
            (Some(k), false) => k.clone(),
            (Some(k), true) => format!("[export]{k}"),
            (None, false) => "$root".into(),
            (None, true) => "[export]$root".into(),
        };
        let w = self.wname.clone();
        for (index, id) in func.find_futures_and_streams(self.resolve()).into_iter().enumerate() {
            let (kind, payload) = match &self.resolve().types[id].kind {
                TypeDefKind::Future(p) => ("future", *p),
                TypeDefKind::Stream(p) => ("stream", *p),
                _ => continue,
            };
            let ty = self.cty(&Type::Id(id), prefix, export);
            if !self.ends.insert(ty.clone()) {
                continue;
            }
            let name = ty.strip_suffix("_t").unwrap_or(&ty).to_string();
            let stream = kind == "stream";
            let payload_ty = payload.map(|p| self.cty(&p, prefix, export));
            let (read_p, write_p, buf_r, buf_w) = match (&payload_ty, stream) {
                (None, false) => (String::new(), String::new(), "0", "0"),
                (Some(t), false) => (format!(", {t} *buf"), format!(", const {t} *buf"), "buf", "buf"),
                (None, true) => (", size_t amt".to_string(), ", size_t amt".to_string(), "0, amt", "0, amt"),
                (Some(t), true) => {
                    (format!(", {t} *buf, size_t amt"), format!(", const {t} *buf, size_t amt"), "buf, amt", "buf, amt")
                }
            };
            let len = if stream { ", size_t" } else { "" };
            let f = &func.name;
            self.async_h.push(&format!(
                "\n// The ends of `{ty}`.\ntypedef uint32_t {name}_writer_t;\n\
                 {ty} {name}_new({name}_writer_t *writer);\n\
                 {w}_waitable_status_t {name}_read({ty} reader{read_p});\n\
                 {w}_waitable_status_t {name}_write({name}_writer_t writer{write_p});\n\
                 {w}_waitable_status_t {name}_cancel_read({ty} reader);\n\
                 {w}_waitable_status_t {name}_cancel_write({name}_writer_t writer);\n\
                 void {name}_drop_readable({ty} reader);\n\
                 void {name}_drop_writable({name}_writer_t writer);"
            ));
            let imp = |n: &str, decl: &str| {
                format!("__attribute__((__import_module__(\"{module}\"), __import_name__(\"{n}\")))\nextern {decl};\n")
            };
            let mut c = String::new();
            c.push_str(&imp(&format!("[{kind}-new-{index}]{f}"), &format!("uint64_t {name}__new(void)")));
            c.push_str(&imp(
                &format!("[async-lower][{kind}-read-{index}]{f}"),
                &format!("uint32_t {name}__read(uint32_t, void *{len})"),
            ));
            c.push_str(&imp(
                &format!("[async-lower][{kind}-write-{index}]{f}"),
                &format!("uint32_t {name}__write(uint32_t, const void *{len})"),
            ));
            c.push_str(&imp(
                &format!("[{kind}-cancel-read-{index}]{f}"),
                &format!("uint32_t {name}__cancel_read(uint32_t)"),
            ));
            c.push_str(&imp(
                &format!("[{kind}-cancel-write-{index}]{f}"),
                &format!("uint32_t {name}__cancel_write(uint32_t)"),
            ));
            c.push_str(&imp(
                &format!("[{kind}-drop-readable-{index}]{f}"),
                &format!("void {name}__drop_readable(uint32_t)"),
            ));
            c.push_str(&imp(
                &format!("[{kind}-drop-writable-{index}]{f}"),
                &format!("void {name}__drop_writable(uint32_t)"),
            ));
            c.push_str(&format!(
                "\n{ty} {name}_new({name}_writer_t *writer) {{\nuint64_t packed = {name}__new();\n\
                 *writer = (uint32_t) (packed >> 32);\nreturn (uint32_t) packed;\n}}\n\n\
                 {w}_waitable_status_t {name}_read({ty} reader{read_p}) {{\nreturn {name}__read(reader, {buf_r});\n}}\n\n\
                 {w}_waitable_status_t {name}_write({name}_writer_t writer{write_p}) {{\nreturn {name}__write(writer, {buf_w});\n}}\n\n\
                 {w}_waitable_status_t {name}_cancel_read({ty} reader) {{\nreturn {name}__cancel_read(reader);\n}}\n\n\
                 {w}_waitable_status_t {name}_cancel_write({name}_writer_t writer) {{\nreturn {name}__cancel_write(writer);\n}}\n\n\
                 void {name}_drop_readable({ty} reader) {{\n{name}__drop_readable(reader);\n}}\n\n\
                 void {name}_drop_writable({name}_writer_t writer) {{\n{name}__drop_writable(writer);\n}}\n"
            ));
            self.async_c.push(&c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn func(src: &str) -> (wit_parser::Resolve, Function) {
        let mut resolve = wit_parser::Resolve::default();
        let pkg = resolve.push_str("t.wit", src).unwrap();
        let iface = resolve.packages[pkg].interfaces["i"];
        let f = resolve.interfaces[iface].functions["f"].clone();
        (resolve, f)
    }

    #[test]
    fn sync_filters_match_wit_bindgen_spellings() {
        let (_r, f) = func("package a:b; interface i { f: async func(); }");
        let key = Some("a:b/i");
        assert!(SyncFilters::new(&[]).is_async(key, &f, true));
        let mut by_name = SyncFilters::new(&["a:b/i#f".into()]);
        assert!(!by_name.is_async(key, &f, true));
        by_name.ensure_all_used().unwrap();
        let mut export_only = SyncFilters::new(&["export:a:b/i#f".into()]);
        assert!(export_only.is_async(key, &f, true));
        let err = export_only.ensure_all_used().unwrap_err().to_string();
        assert!(err.contains("unused sync option: `export:a:b/i#f`"), "{err}");
        let mut all = SyncFilters::new(&["import:x#y,all".into()]);
        assert!(!all.is_async(key, &f, false));
        assert!(all.ensure_all_used().unwrap_err().to_string().contains("`import:x#y`"));
    }

    #[test]
    fn sync_functions_stay_sync() {
        let (_r, f) = func("package a:b; interface i { f: func(); }");
        assert!(!SyncFilters::new(&[]).is_async(Some("a:b/i"), &f, false));
    }
}
