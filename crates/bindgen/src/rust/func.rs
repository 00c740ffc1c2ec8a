//! Imported and exported functions: signatures and the lifting and lowering
//! code spelled from the shared [`Plan`]s.

use heck::ToSnakeCase;
use wit_parser::{Function, FunctionKind, TypeDefKind};

use super::types::{import_block, owner};
use super::{Gen, camel, field_name};
use crate::abi::{At, Core, FuncAbi, PARAMS_BASE, Plan, Prim, RESULT_BASE};
use crate::source::Source;
use crate::walk;
use crate::world::Scope;

/// An import wrapper's parameter name, with a trailing `_` when it is also
/// the name of one of the wrapper's own locals (`ret`, `cleanup`, `i`, or a
/// numbered `f0`, `e1`, `list2`..., or the declared import `wit_import3`).
fn import_param_name(name: &str) -> String {
    const STEMS: &[&str] =
        &["f", "e", "s", "v", "r", "t", "h", "p", "list", "len", "area", "base", "arg", "wit_import"];
    let numbered = STEMS
        .iter()
        .any(|stem| name.strip_prefix(stem).is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())));
    if numbered || ["ret", "cleanup", "i"].contains(&name) { format!("{name}_") } else { name.to_string() }
}

/// The type a plan is for, when it names one.
fn plan_type(plan: &Plan) -> Option<wit_parser::TypeId> {
    match plan {
        Plan::Record { ty, .. }
        | Plan::Tuple { ty, .. }
        | Plan::Flags { ty, .. }
        | Plan::Enum { ty, .. }
        | Plan::Variant { ty, .. } => Some(*ty),
        _ => None,
    }
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

/// Lowering reads from references (import parameters) or consumes owned
/// values (export results, whose memory is freed by post-return).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Borrowed,
    Owned,
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
        format!("fn {}({}){ret}", self.func_name(func), params.join(", "))
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
            walk::free(&mut body, abi.result_plan.as_ref().unwrap());
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
            "#[unsafe(export_name = \"{name}\")]\nunsafe extern \"C\" fn _weld_export_{n}({}){ret} {{\nunsafe {{ $($path)*{module}::_export_{wrapper}::<$ty>({}) }}\n}}",
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

fn sanitize(name: &str) -> String {
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

fn zero(c: Core) -> &'static str {
    match c {
        Core::I32 => "0i32",
        Core::I64 => "0i64",
        Core::F32 => "0f32",
        Core::F64 => "0f64",
    }
}

/// The Rust type of a scalar's memory representation.
fn mem_ty(p: Prim) -> &'static str {
    match p {
        Prim::Bool | Prim::U8 => "u8",
        Prim::S8 => "i8",
        Prim::U16 => "u16",
        Prim::S16 => "i16",
        Prim::U32 | Prim::Char => "u32",
        Prim::S32 => "i32",
        Prim::U64 => "u64",
        Prim::S64 => "i64",
        Prim::F32 => "f32",
        Prim::F64 => "f64",
    }
}

fn coerce_in(v: &str, slot: Core, want: Core) -> String {
    match (slot, want) {
        (a, b) if a == b => v.to_string(),
        (Core::I64, Core::I32) => format!("({v} as i32)"),
        (Core::I32 | Core::I64, Core::F32) => format!("f32::from_bits({v} as u32)"),
        (Core::I64, Core::F64) => format!("f64::from_bits({v} as u64)"),
        _ => v.to_string(),
    }
}

fn coerce_out(v: &str, have: Core, slot: Core) -> String {
    match (have, slot) {
        (a, b) if a == b => v.to_string(),
        (Core::I32, Core::I64) => format!("(({v}) as u32 as i64)"),
        (Core::F32, Core::I32) => format!("(({v}).to_bits() as i32)"),
        (Core::F32, Core::I64) => format!("(({v}).to_bits() as i64)"),
        (Core::F64, Core::I64) => format!("(({v}).to_bits() as i64)"),
        _ => v.to_string(),
    }
}

/// The body of one generated function.
struct Body<'g, 'w, 'a> {
    g: &'g Gen<'w, 'a>,
    path: &'g [String],
    export: bool,
    rt: String,
    src: Source,
    /// Names of the flat slots being lifted.
    flat: Vec<String>,
    tmp: usize,
}

impl<'g, 'w, 'a> Body<'g, 'w, 'a> {
    fn new(g: &'g Gen<'w, 'a>, path: &'g [String], export: bool, rt: String) -> Self {
        Body { g, path, export, rt, src: Source::new("    "), flat: Vec::new(), tmp: 0 }
    }

    fn tmp(&mut self) -> usize {
        self.tmp += 1;
        self.tmp
    }

    fn resource_name(&self, plan: &Plan) -> String {
        match plan {
            Plan::Handle { resource, .. } => self.g.resolve().types[*resource].name.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn path_of(&self, id: wit_parser::TypeId) -> String {
        self.g.type_path(id, self.path, self.export)
    }

    /// A top-level parameter of an export; borrowed imported resources need
    /// a handle that is not dropped.
    fn lift_param(&mut self, plan: &Plan, i: usize) -> String {
        if let Plan::Handle { ty, resource, own: false, at } = plan
            && !self.g.world.handle_exported(*ty, true)
        {
            let h = self.read_u32(*at, 4);
            let path = self.g.type_path(*resource, self.path, false);
            // A borrow lent to this call must be dropped before it returns:
            // `h{i}` drops (ending the borrow) when the wrapper ends.
            self.src.push(&format!("let h{i} = {path}::from_handle({h});"));
            return format!("&h{i}");
        }
        self.lift(plan)
    }

    /// A `u32` read from a flat slot or `size` bytes of memory.
    fn read_u32(&self, at: At, size: u32) -> String {
        match at {
            At::Flat { index, slot } => format!("({} as u32)", coerce_in(&self.flat[index], slot, Core::I32)),
            At::Mem { base, offset } => {
                let t = match size {
                    1 => "u8",
                    2 => "u16",
                    _ => "u32",
                };
                format!("(*base{base}.add({offset}).cast::<{t}>() as u32)")
            }
        }
    }

    fn write_u32(&mut self, at: At, v: &str, size: u32) {
        match at {
            At::Flat { index, slot } => {
                let c = coerce_out(&format!("({v}) as i32"), Core::I32, slot);
                self.src.push(&format!("f{index} = {c};"));
            }
            At::Mem { base, offset } => {
                let t = match size {
                    1 => "u8",
                    2 => "u16",
                    _ => "u32",
                };
                self.src.push(&format!("*base{base}.add({offset}).cast::<{t}>() = ({v}) as {t};"));
            }
        }
    }

    fn lift(&mut self, plan: &Plan) -> String {
        let export = self.export;
        self.export = self.g.world.export_side(plan_type(plan), export);
        let value = self.lift_value(plan);
        self.export = export;
        value
    }

    fn lift_value(&mut self, plan: &Plan) -> String {
        match plan {
            Plan::Prim { prim, at } => match *at {
                At::Mem { base, offset } => {
                    let raw = format!("*base{base}.add({offset}).cast::<{}>()", mem_ty(*prim));
                    match prim {
                        Prim::Bool => format!("({raw} != 0)"),
                        Prim::Char => format!("char::from_u32_unchecked({raw})"),
                        _ => raw,
                    }
                }
                At::Flat { index, slot } => {
                    let v = coerce_in(&self.flat[index], slot, prim.core());
                    match prim {
                        Prim::Bool => format!("({v} != 0)"),
                        Prim::Char => format!("char::from_u32_unchecked({v} as u32)"),
                        Prim::S32 | Prim::S64 | Prim::F32 | Prim::F64 => v,
                        p => format!("({v} as {})", mem_ty(*p)),
                    }
                }
            },
            Plan::String { ptr, len } => {
                let (p, l) = (self.read_u32(*ptr, 4), self.read_u32(*len, 4));
                format!(
                    "{{ let len = {l} as usize; if len == 0 {{ String::new() }} else {{ String::from_utf8_unchecked(Vec::from_raw_parts({p} as usize as *mut u8, len, len)) }} }}"
                )
            }
            Plan::List { elem_ty, ptr, len, size, align, base, elem } => {
                let (p, l) = (self.read_u32(*ptr, 4), self.read_u32(*len, 4));
                if let Some(t) = crate::abi::plain_elem(elem_ty).map(mem_ty) {
                    return format!(
                        "{{ let len = {l} as usize; if len == 0 {{ Vec::new() }} else {{ Vec::from_raw_parts({p} as usize as *mut {t}, len, len) }} }}"
                    );
                }
                let n = self.tmp();
                let e = self.lift(elem);
                format!(
                    "{{\nlet list{n} = {p} as usize as *mut u8;\nlet len{n} = {l} as usize;\nlet mut v{n} = Vec::with_capacity(len{n});\nfor i in 0..len{n} {{\nlet base{base} = list{n}.add(i * {size});\nv{n}.push({e});\n}}\n{}__weld_dealloc(list{n}, len{n} * {size}, {align});\nv{n}\n}}",
                    self.rt
                )
            }
            Plan::Record { ty, fields } => {
                let resolve = self.g.resolve();
                let TypeDefKind::Record(r) = &resolve.types[*ty].kind else { unreachable!() };
                let mut parts = Vec::new();
                for (f, plan) in r.fields.iter().zip(fields) {
                    parts.push(format!("{}: {}", field_name(&f.name), self.lift(plan)));
                }
                format!("{} {{ {} }}", self.path_of(*ty), parts.join(", "))
            }
            Plan::Tuple { items, .. } => {
                let parts: Vec<String> = items.iter().map(|p| self.lift(p)).collect();
                format!("({},)", parts.join(", "))
            }
            Plan::Flags { ty, count, size, at } => {
                if *count == 0 {
                    return format!("{}::empty()", self.path_of(*ty));
                }
                let bits = match size {
                    1 => "u8",
                    2 => "u16",
                    _ => "u32",
                };
                format!("{}::from_bits_retain({} as {bits})", self.path_of(*ty), self.read_u32(*at, *size))
            }
            Plan::Enum { ty, size, disc } => format!("{}::_lift({})", self.path_of(*ty), self.read_u32(*disc, *size)),
            Plan::Variant { ty, size, disc, cases } => {
                let d = self.read_u32(*disc, *size);
                let resolve = self.g.resolve();
                let mut arms = Vec::new();
                for (i, case) in cases.iter().enumerate() {
                    let payload = case.as_ref().map(|p| self.lift(p));
                    let value = match &resolve.types[*ty].kind {
                        TypeDefKind::Option(_) => match payload {
                            Some(p) => format!("Some({p})"),
                            None => "None".into(),
                        },
                        TypeDefKind::Result(_) => {
                            let ctor = if i == 0 { "Ok" } else { "Err" };
                            format!("{ctor}({})", payload.unwrap_or("()".into()))
                        }
                        TypeDefKind::Variant(v) => {
                            let path = self.path_of(*ty);
                            let c = camel(&v.cases[i].name);
                            match payload {
                                Some(p) => format!("{path}::{c}({p})"),
                                None => format!("{path}::{c}"),
                            }
                        }
                        _ => unreachable!(),
                    };
                    arms.push(format!("{i} => {value},"));
                }
                format!("match {d} {{\n{}\n_ => panic!(\"invalid discriminant\"),\n}}", arms.join("\n"))
            }
            Plan::Handle { ty, resource, own, at } => {
                let h = self.read_u32(*at, 4);
                let exported = self.g.world.handle_exported(*ty, self.export);
                let path = self.g.type_path(*resource, self.path, exported);
                match (own, exported) {
                    (true, _) => format!("{path}::from_handle({h})"),
                    (false, true) => format!("{path}Borrow::lift({h} as usize)"),
                    (false, false) => {
                        // Only exports receive borrows inside other values;
                        // `lent` keeps the handle until the call is over.
                        let n = self.tmp();
                        format!(
                            "{{ let b{n} = Box::new({path}::from_handle({h})); let r{n}: &{path} = &*(&*b{n} as *const {path}); lent.push(b{n}); r{n} }}"
                        )
                    }
                }
            }
        }
    }

    fn lower(&mut self, plan: &Plan, expr: &str, mode: Mode) {
        let export = self.export;
        self.export = self.g.world.export_side(plan_type(plan), export);
        self.lower_value(plan, expr, mode);
        self.export = export;
    }

    fn lower_value(&mut self, plan: &Plan, expr: &str, mode: Mode) {
        let deref = |e: &str| if mode == Mode::Borrowed { format!("(*{e})") } else { format!("({e})") };
        match plan {
            Plan::Prim { prim, at } => {
                let v = deref(expr);
                match *at {
                    At::Mem { base, offset } => {
                        let t = mem_ty(*prim);
                        let val = match prim {
                            Prim::Bool | Prim::Char => format!("{v} as {t}"),
                            _ => v,
                        };
                        self.src.push(&format!("*base{base}.add({offset}).cast::<{t}>() = {val};"));
                    }
                    At::Flat { index, slot } => {
                        let natural = match prim {
                            Prim::S32 | Prim::S64 | Prim::F32 | Prim::F64 => v,
                            Prim::U64 => format!("{v} as i64"),
                            _ => format!("{v} as i32"),
                        };
                        self.src.push(&format!("f{index} = {};", coerce_out(&natural, prim.core(), slot)));
                    }
                }
            }
            Plan::String { ptr, len } => {
                let n = self.tmp();
                if mode == Mode::Owned {
                    self.src.push(&format!("let s{n} = core::mem::ManuallyDrop::new(({expr}).into_boxed_str());"));
                } else {
                    self.src.push(&format!("let s{n} = {expr};"));
                }
                self.write_u32(*ptr, &format!("s{n}.as_ptr() as usize"), 4);
                self.write_u32(*len, &format!("s{n}.len()"), 4);
            }
            Plan::List { elem_ty, ptr, len, size, align, base, elem } => {
                let n = self.tmp();
                if crate::abi::plain_elem(elem_ty).map(mem_ty).is_some() {
                    if mode == Mode::Owned {
                        self.src
                            .push(&format!("let s{n} = core::mem::ManuallyDrop::new(({expr}).into_boxed_slice());"));
                    } else {
                        self.src.push(&format!("let s{n} = {expr};"));
                    }
                    self.write_u32(*ptr, &format!("s{n}.as_ptr() as usize"), 4);
                    self.write_u32(*len, &format!("s{n}.len()"), 4);
                    return;
                }
                let rt = self.rt.clone();
                self.src.push(&format!("let v{n} = {expr};"));
                self.src.push(&format!("let len{n} = v{n}.len();"));
                self.src.push(&format!("let list{n} = {rt}__weld_alloc(len{n} * {size}, {align});"));
                let iter = if mode == Mode::Owned { "into_iter" } else { "iter" };
                if mode == Mode::Borrowed {
                    self.src.push(&format!("cleanup.push((list{n}, len{n} * {size}, {align}));"));
                }
                self.src.push(&format!("for (i, e{n}) in v{n}.{iter}().enumerate() {{"));
                self.src.push(&format!("let base{base} = list{n}.add(i * {size});"));
                let e = format!("e{n}");
                self.lower(elem, &e, mode);
                self.src.push("}");
                self.write_u32(*ptr, &format!("list{n} as usize"), 4);
                self.write_u32(*len, &format!("len{n}"), 4);
            }
            Plan::Record { ty, fields } => {
                let n = self.tmp();
                self.src.push(&format!("let r{n} = {expr};"));
                let resolve = self.g.resolve();
                let TypeDefKind::Record(r) = &resolve.types[*ty].kind else { unreachable!() };
                for (f, plan) in r.fields.iter().zip(fields) {
                    let e = match mode {
                        Mode::Borrowed => format!("&r{n}.{}", field_name(&f.name)),
                        Mode::Owned => format!("r{n}.{}", field_name(&f.name)),
                    };
                    self.lower(plan, &e, mode);
                }
            }
            Plan::Tuple { items, .. } => {
                let n = self.tmp();
                self.src.push(&format!("let t{n} = {expr};"));
                for (i, plan) in items.iter().enumerate() {
                    let e = match mode {
                        Mode::Borrowed => format!("&t{n}.{i}"),
                        Mode::Owned => format!("t{n}.{i}"),
                    };
                    self.lower(plan, &e, mode);
                }
            }
            Plan::Flags { count, size, at, .. } => {
                if *count > 0 {
                    let v = format!("{}.bits()", deref(expr));
                    self.write_u32(*at, &v, *size);
                }
            }
            Plan::Enum { size, disc, .. } => {
                let v = format!("{} as u32", deref(expr));
                self.write_u32(*disc, &v, *size);
            }
            Plan::Variant { ty, size, disc, cases } => {
                let resolve = self.g.resolve();
                let n = self.tmp();
                self.src.push(&format!("match {expr} {{"));
                for (i, case) in cases.iter().enumerate() {
                    let bind = format!("e{n}");
                    let pat = match &resolve.types[*ty].kind {
                        TypeDefKind::Option(_) => {
                            if i == 0 {
                                "None".into()
                            } else {
                                format!("Some({bind})")
                            }
                        }
                        TypeDefKind::Result(_) => {
                            let ctor = if i == 0 { "Ok" } else { "Err" };
                            if case.is_some() { format!("{ctor}({bind})") } else { format!("{ctor}(_)") }
                        }
                        TypeDefKind::Variant(v) => {
                            let c = format!("{}::{}", self.path_of(*ty), camel(&v.cases[i].name));
                            if case.is_some() { format!("{c}({bind})") } else { c }
                        }
                        _ => unreachable!(),
                    };
                    self.src.push(&format!("{pat} => {{"));
                    self.write_u32(*disc, &i.to_string(), *size);
                    if let Some(p) = case {
                        self.lower(p, &bind, mode);
                    }
                    self.src.push("}");
                }
                self.src.push("}");
            }
            Plan::Handle { own, at, .. } => {
                let v = if *own { format!("({expr}).take_handle()") } else { format!("({expr}).handle()") };
                self.write_u32(*at, &v, 4);
            }
        }
    }
}

/// Freeing what an export's result lowered into memory (post-return).
impl walk::Free for Body<'_, '_, '_> {
    type List = usize;

    fn string(&mut self, ptr: At, len: At) {
        let (p, l) = (self.read_u32(ptr, 4), self.read_u32(len, 4));
        self.src.push(&format!("{}__weld_dealloc({p} as usize as *mut u8, {l} as usize, 1);", self.rt));
    }

    fn list_begin(&mut self, list: &walk::List<'_>) -> usize {
        let n = self.tmp();
        let (p, l) = (self.read_u32(list.ptr, 4), self.read_u32(list.len, 4));
        self.src.push(&format!("let list{n} = {p} as usize as *mut u8;"));
        self.src.push(&format!("let len{n} = {l} as usize;"));
        n
    }

    fn elems_begin(&mut self, n: &usize, list: &walk::List<'_>) {
        self.src.push(&format!("for i in 0..len{n} {{"));
        self.src.push(&format!("let base{} = list{n}.add(i * {});", list.base, list.size));
    }

    fn elems_end(&mut self) {
        self.src.push("}");
    }

    fn list_end(&mut self, n: usize, list: &walk::List<'_>) {
        self.src.push(&format!("{}__weld_dealloc(list{n}, len{n} * {}, {});", self.rt, list.size, list.align));
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>) {
        self.src.push(&format!("match {} {{", self.read_u32(v.disc, v.size)));
    }

    fn case_begin(&mut self, i: usize) {
        self.src.push(&format!("{i} => {{"));
    }

    fn case_end(&mut self) {
        self.src.push("}");
    }

    fn variant_end(&mut self) {
        self.src.push("_ => {}");
        self.src.push("}");
    }
}
