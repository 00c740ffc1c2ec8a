//! Imported and exported functions: Go signatures, the `//go:wasmimport`
//! and `//go:wasmexport` declarations, and lifting and lowering spelled from
//! the shared [`Plan`]s.

use wit_parser::{Function, FunctionKind, Type, TypeDefKind};

use super::{Gen, local, public};
use crate::abi::{At, Core, PARAMS_BASE, Plan, Prim, RESULT_BASE};
use crate::source::Source;
use crate::world::Scope;

impl Gen<'_, '_> {
    /// `Name(a T, b U) R` as a method of an interface (the receiver left out).
    pub(super) fn signature(&self, func: &Function, export: bool, skip_self: bool) -> String {
        format!("{}({}){}", public(func.item_name()), self.params(func, export, skip_self), self.result(func, export))
    }

    fn params(&self, func: &Function, export: bool, skip_self: bool) -> String {
        let skip = usize::from(skip_self && matches!(func.kind, FunctionKind::Method(_)));
        let list: Vec<String> =
            func.params[skip..].iter().map(|p| format!("{} {}", local(&p.name), self.ty(&p.ty, export))).collect();
        list.join(", ")
    }

    fn result(&self, func: &Function, export: bool) -> String {
        match &func.result {
            Some(t) => format!(" {}", self.ty(t, export)),
            None => String::new(),
        }
    }

    fn resource_name(&self, func: &Function, export: bool) -> Option<String> {
        match func.kind {
            FunctionKind::Method(r) | FunctionKind::Static(r) | FunctionKind::Constructor(r) => {
                Some(self.type_name(r, export))
            }
            _ => None,
        }
    }

    pub(super) fn import_func(&mut self, scope: &Scope<'_>, func: &Function, src: &mut Source) {
        let abi = self.abi.func(func, false);
        let n = self.fresh();
        let decl_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("p{i} {}", core(*c))).collect();
        let decl_ret = abi.results.first().map(|c| format!(" {}", core(*c))).unwrap_or_default();
        src.push("\n");
        src.push(&format!("//go:wasmimport {} {}", scope.import_module(), func.name));
        src.push(&format!("func weldImport{n}({}){decl_ret}", decl_params.join(", ")));
        src.push("\n");
        self.docs(src, &func.docs);
        let params = self.params(func, false, true);
        let ret = self.result(func, false);
        let resource = self.resource_name(func, false).unwrap_or_default();
        let head = match func.kind {
            FunctionKind::Constructor(_) => format!("func New{resource}({params}){ret}"),
            FunctionKind::Method(_) => {
                format!("func (self {resource}) {}({params}){ret}", public(func.item_name()))
            }
            FunctionKind::Static(_) => format!("func {resource}{}({params}){ret}", public(func.item_name())),
            _ => format!("func {}{}({params}){ret}", self.prefix(scope), public(func.item_name())),
        };
        src.push(&format!("{head} {{"));
        let mut body = Body::new(self, false);
        body.src.push("mark := len(weldPins)");
        let mut args = Vec::new();
        if abi.indirect {
            body.src.push(&format!("base{PARAMS_BASE} := weldAlloc({})", abi.params_layout.0));
            args.push(format!("weldAddr(base{PARAMS_BASE})"));
        } else {
            for (i, c) in abi.params.iter().enumerate().take(abi.params.len() - usize::from(abi.retptr)) {
                body.src.push(&format!("var f{i} {}", core(*c)));
                args.push(format!("f{i}"));
            }
        }
        for (i, (plan, p)) in abi.param_plans.iter().zip(&func.params).enumerate() {
            let expr =
                if i == 0 && matches!(func.kind, FunctionKind::Method(_)) { "self".into() } else { local(&p.name) };
            body.lower(plan, &expr);
        }
        if abi.retptr {
            body.src.push(&format!("base{RESULT_BASE} := weldAlloc({})", abi.result_layout.0));
            args.push(format!("weldAddr(base{RESULT_BASE})"));
        }
        let call = format!("weldImport{n}({})", args.join(", "));
        if abi.results.is_empty() {
            body.src.push(&call);
        } else {
            body.src.push(&format!("ret := {call}"));
        }
        body.flat = vec!["ret".into()];
        match &abi.result_plan {
            Some(plan) => {
                let e = body.lift(plan);
                body.src.push(&format!("result := {e}"));
                body.src.push("weldUnpin(mark)");
                body.src.push("return result");
            }
            None => body.src.push("weldUnpin(mark)"),
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
    }

    /// The `Exports` fields of an exported scope and its core exports.
    pub(super) fn export_scope(&mut self, scope: &Scope<'_>, src: &mut Source) {
        let mut fields = Source::new("\t");
        for (name, id) in &scope.types {
            if !matches!(self.resolve().types[*id].kind, TypeDefKind::Resource) {
                continue;
            }
            let tname = self.type_name(*id, true);
            fields.push(&format!("// {} is resource `{name}`.", public(name)));
            fields.push(&format!("{} struct {{", public(name)));
            for func in &scope.funcs {
                match func.kind {
                    FunctionKind::Constructor(r) if r == *id => {
                        self.docs(&mut fields, &func.docs);
                        fields.push(&format!(
                            "Constructor func({}){}",
                            self.params(func, true, true),
                            self.result(func, true)
                        ));
                    }
                    FunctionKind::Static(r) if r == *id => {
                        self.docs(&mut fields, &func.docs);
                        fields.push(&format!(
                            "{} func({}){}",
                            public(func.item_name()),
                            self.params(func, true, true),
                            self.result(func, true)
                        ));
                    }
                    _ => {}
                }
            }
            fields.push("// Destructor, when set, is called once the resource's last handle is dropped.");
            fields.push(&format!("Destructor func(self {tname})"));
            fields.push("}");
        }
        for func in scope.funcs.iter().filter(|f| matches!(f.kind, FunctionKind::Freestanding)) {
            self.docs(&mut fields, &func.docs);
            fields.push(&format!(
                "{} func({}){}",
                public(func.item_name()),
                self.params(func, true, true),
                self.result(func, true)
            ));
        }
        let text = fields.finish();
        match &scope.key {
            Some(key) => {
                self.exports.push(&format!("// {} is the exported interface `{key}`.", self.prefix(scope)));
                self.exports.push(&format!("{} struct {{", self.prefix(scope)));
                self.exports.push(&text);
                self.exports.push("}");
            }
            None => self.exports.push(&text),
        }
        for func in &scope.funcs {
            self.export_func(scope, func, src);
        }
    }

    fn export_func(&mut self, scope: &Scope<'_>, func: &Function, src: &mut Source) {
        let abi = self.abi.func(func, true);
        let n = self.fresh();
        let core_params: Vec<String> =
            abi.params.iter().enumerate().map(|(i, c)| format!("arg{i} {}", core(*c))).collect();
        let core_ret = abi.results.first().map(|c| format!(" {}", core(*c))).unwrap_or_default();
        let path = self.export_path(scope);
        let resource = self.resource_name(func, true);
        let item = public(func.item_name());
        let field = match (&func.kind, &resource) {
            (FunctionKind::Constructor(r), _) => {
                let name = self.resolve().types[*r].name.clone().unwrap_or_default();
                Some(format!("Exports.{path}{}.Constructor", public(&name)))
            }
            (FunctionKind::Static(r), _) => {
                let name = self.resolve().types[*r].name.clone().unwrap_or_default();
                Some(format!("Exports.{path}{}.{item}", public(&name)))
            }
            (FunctionKind::Method(_), _) => None,
            _ => Some(format!("Exports.{path}{item}")),
        };
        if abi.retptr {
            src.push("\n");
            src.push(&format!("var weldRet{n} [{}]uint64", abi.result_layout.0.div_ceil(8)));
        }
        src.push("\n");
        src.push(&format!("//go:wasmexport {}", scope.export_name(func)));
        src.push(&format!("func weldExport{n}({}){core_ret} {{", core_params.join(", ")));
        let mut body = Body::new(self, true);
        body.flat = (0..abi.params.len()).map(|i| format!("arg{i}")).collect();
        if abi.indirect {
            body.src.push(&format!("base{PARAMS_BASE} := weldPtr(arg0)"));
        }
        let mut args = Vec::new();
        for (i, plan) in abi.param_plans.iter().enumerate() {
            let e = if i == 0 && matches!(func.kind, FunctionKind::Method(_)) {
                format!("weldTable{}.get(arg0)", resource.clone().unwrap_or_default())
            } else {
                body.lift(plan)
            };
            body.src.push(&format!("p{i} := {e}"));
            args.push(format!("p{i}"));
        }
        body.src.push("weldUnpin(0)");
        let call = match &field {
            Some(field) => {
                body.src.push(&format!("if {field} == nil {{"));
                body.src.push(&format!("panic(\"weld: export `{}` is not implemented: set {field}\")", func.name));
                body.src.push("}");
                format!("{field}({})", args.join(", "))
            }
            None => format!("p0.{item}({})", args[1..].join(", ")),
        };
        match &abi.result_plan {
            None => body.src.push(&call),
            Some(plan) => {
                body.src.push(&format!("result := {call}"));
                if abi.retptr {
                    body.src.push(&format!("base{RESULT_BASE} := unsafe.Pointer(&weldRet{n})"));
                    body.lower(plan, "result");
                    body.src.push(&format!("return weldAddr(base{RESULT_BASE})"));
                } else {
                    body.src.push(&format!("var f0 {}", core(abi.results[0])));
                    body.lower(plan, "result");
                    body.src.push("return f0");
                }
            }
        }
        let text = body.src.finish();
        src.push(&text);
        src.push("}");
        if abi.retptr && abi.result_plan.as_ref().is_some_and(Plan::owns_memory) {
            src.push("\n");
            src.push(&format!("//go:wasmexport cabi_post_{}", scope.export_name(func)));
            src.push(&format!("func weldPost{n}(arg0 int32) {{ weldUnpin(0) }}"));
        }
    }
}

pub(super) fn core(c: Core) -> &'static str {
    match c {
        Core::I32 => "int32",
        Core::I64 => "int64",
        Core::F32 => "float32",
        Core::F64 => "float64",
    }
}

/// The Go type of a scalar's memory representation.
fn mem_ty(p: Prim) -> &'static str {
    match p {
        Prim::Bool | Prim::U8 => "uint8",
        Prim::S8 => "int8",
        Prim::U16 => "uint16",
        Prim::S16 => "int16",
        Prim::U32 | Prim::Char => "uint32",
        Prim::S32 => "int32",
        Prim::U64 => "uint64",
        Prim::S64 => "int64",
        Prim::F32 => "float32",
        Prim::F64 => "float64",
    }
}

/// A flat slot's value as core type `want`.
fn coerce_in(v: &str, slot: Core, want: Core) -> String {
    match (slot, want) {
        (a, b) if a == b => v.to_string(),
        (Core::I64, Core::I32) => format!("int32({v})"),
        (Core::I32, Core::F32) => format!("weldF32({v})"),
        (Core::I64, Core::F32) => format!("weldF32(int32({v}))"),
        (Core::I64, Core::F64) => format!("weldF64({v})"),
        _ => unreachable!("no join gives {slot:?} for {want:?}"),
    }
}

/// A core value of type `have` stored in a slot of type `slot`.
fn coerce_out(v: &str, have: Core, slot: Core) -> String {
    match (have, slot) {
        (a, b) if a == b => v.to_string(),
        (Core::I32, Core::I64) => format!("int64(uint32({v}))"),
        (Core::F32, Core::I32) => format!("weldF32Bits({v})"),
        (Core::F32, Core::I64) => format!("int64(uint32(weldF32Bits({v})))"),
        (Core::F64, Core::I64) => format!("weldF64Bits({v})"),
        _ => unreachable!("no join stores {have:?} in {slot:?}"),
    }
}

/// One function body being generated.
struct Body<'g, 'w, 'a> {
    g: &'g Gen<'w, 'a>,
    src: Source,
    /// Names of the flat core values being lifted.
    flat: Vec<String>,
    export: bool,
    tmp: usize,
}

impl<'g, 'w, 'a> Body<'g, 'w, 'a> {
    fn new(g: &'g Gen<'w, 'a>, export: bool) -> Self {
        Body { g, src: Source::new("\t"), flat: Vec::new(), export, tmp: 0 }
    }

    fn tmp(&mut self) -> usize {
        self.tmp += 1;
        self.tmp
    }

    fn ty(&self, ty: &Type) -> String {
        self.g.ty(ty, self.export)
    }

    fn addr(base: usize, offset: u32) -> String {
        if offset == 0 { format!("base{base}") } else { format!("unsafe.Add(base{base}, {offset})") }
    }

    /// An integer of `size` bytes (a length, pointer or discriminant) as uint32.
    fn read_u32(&self, at: At, size: u32) -> String {
        match at {
            At::Flat { index, .. } => format!("uint32({})", self.flat[index]),
            At::Mem { base, offset } => {
                format!("uint32(*(*{})({}))", uint(size), Self::addr(base, offset))
            }
        }
    }

    fn write_u32(&mut self, at: At, v: &str, size: u32) {
        match at {
            At::Flat { index, slot } => {
                let c = coerce_out(&format!("int32({v})"), Core::I32, slot);
                self.src.push(&format!("f{index} = {c}"));
            }
            At::Mem { base, offset } => {
                let t = uint(size);
                self.src.push(&format!("*(*{t})({}) = {t}({v})", Self::addr(base, offset)));
            }
        }
    }

    fn lift(&mut self, plan: &Plan) -> String {
        match plan {
            Plan::Prim { prim, at } => match *at {
                At::Mem { base, offset } => {
                    let raw = format!("*(*{})({})", mem_ty(*prim), Self::addr(base, offset));
                    match prim {
                        Prim::Bool => format!("({raw} != 0)"),
                        Prim::Char => format!("rune({raw})"),
                        _ => raw,
                    }
                }
                At::Flat { index, slot } => {
                    let v = coerce_in(&self.flat[index], slot, prim.core());
                    match prim {
                        Prim::Bool => format!("({v} != 0)"),
                        Prim::Char => format!("rune({v})"),
                        Prim::S32 | Prim::S64 | Prim::F32 | Prim::F64 => v,
                        p => format!("{}({v})", mem_ty(*p)),
                    }
                }
            },
            Plan::String { ptr, len } => {
                format!("weldString(int32({}), int32({}))", self.read_u32(*ptr, 4), self.read_u32(*len, 4))
            }
            Plan::List { elem_ty, ptr, len, size, base, elem, .. } => {
                let (p, l) = (self.read_u32(*ptr, 4), self.read_u32(*len, 4));
                if let Some(t) = crate::abi::plain_elem(elem_ty).map(mem_ty) {
                    return format!("weldSlice[{t}](int32({p}), int32({l}))");
                }
                let n = self.tmp();
                let ty = self.ty(elem_ty);
                self.src.push(&format!("list{n} := weldPtr(int32({p}))"));
                self.src.push(&format!("v{n} := make([]{ty}, int({l}))"));
                self.src.push(&format!("for i := range v{n} {{"));
                self.src.push(&format!("base{base} := unsafe.Add(list{n}, i*{size})"));
                self.src.push(&format!("_ = base{base}"));
                let e = self.lift(elem);
                self.src.push(&format!("v{n}[i] = {e}"));
                self.src.push("}");
                format!("v{n}")
            }
            Plan::Record { ty, fields } => {
                let resolve = self.g.resolve();
                let TypeDefKind::Record(r) = &resolve.types[*ty].kind else { unreachable!() };
                let mut parts = Vec::new();
                for (f, plan) in r.fields.iter().zip(fields) {
                    parts.push(format!("{}: {}", public(&f.name), self.lift(plan)));
                }
                format!("{}{{{}}}", self.ty(&Type::Id(*ty)), parts.join(", "))
            }
            Plan::Tuple { ty, items } => {
                let parts: Vec<String> =
                    items.iter().enumerate().map(|(i, p)| format!("F{i}: {}", self.lift(p))).collect();
                format!("{}{{{}}}", self.ty(&Type::Id(*ty)), parts.join(", "))
            }
            Plan::Flags { ty, count, size, at } => {
                let t = self.ty(&Type::Id(*ty));
                if *count == 0 { format!("{t}(0)") } else { format!("{t}({})", self.read_u32(*at, *size)) }
            }
            Plan::Enum { ty, size, disc } => format!("{}({})", self.ty(&Type::Id(*ty)), self.read_u32(*disc, *size)),
            Plan::Variant { ty, size, disc, cases } => {
                let d = self.read_u32(*disc, *size);
                let resolve = self.g.resolve();
                let t = self.ty(&Type::Id(*ty));
                let n = self.tmp();
                self.src.push(&format!("var v{n} {t}"));
                self.src.push(&format!("switch {d} {{"));
                for (i, case) in cases.iter().enumerate() {
                    self.src.push(&format!("case {i}:"));
                    let payload = case.as_ref().map(|p| self.lift(p));
                    let value = match &resolve.types[*ty].kind {
                        TypeDefKind::Option(_) => match payload {
                            Some(p) => format!("{t}{{Valid: true, Value: {p}}}"),
                            None => format!("{t}{{}}"),
                        },
                        TypeDefKind::Result(_) => match (i, payload) {
                            (0, Some(p)) => format!("{t}{{Ok: {p}}}"),
                            (0, None) => format!("{t}{{}}"),
                            (_, Some(p)) => format!("{t}{{IsErr: true, Err: {p}}}"),
                            (_, None) => format!("{t}{{IsErr: true}}"),
                        },
                        _ => match payload {
                            Some(p) => format!("{t}{{Tag: {i}, payload: {p}}}"),
                            None => format!("{t}{{Tag: {i}}}"),
                        },
                    };
                    self.src.push(&format!("v{n} = {value}"));
                }
                self.src.push("default:");
                self.src.push("panic(\"weld: invalid discriminant\")");
                self.src.push("}");
                format!("v{n}")
            }
            Plan::Handle { ty, resource, own, at } => {
                let h = format!("int32({})", self.read_u32(*at, 4));
                let exported = self.g.world.handle_exported(*ty, self.export);
                let t = self.g.type_name(*resource, exported);
                match (own, exported) {
                    (_, false) => format!("{t}{{handle: {h}}}"),
                    (true, true) => format!("weldTake{t}({h})"),
                    (false, true) => format!("weldTable{t}.get({h})"),
                }
            }
        }
    }

    fn lower(&mut self, plan: &Plan, expr: &str) {
        match plan {
            Plan::Prim { prim, at } => match *at {
                At::Mem { base, offset } => {
                    let val = match prim {
                        Prim::Bool => format!("uint8(weldBool({expr}))"),
                        Prim::Char => format!("uint32({expr})"),
                        _ => expr.to_string(),
                    };
                    self.src.push(&format!("*(*{})({}) = {val}", mem_ty(*prim), Self::addr(base, offset)));
                }
                At::Flat { index, slot } => {
                    let natural = match prim {
                        Prim::S32 | Prim::S64 | Prim::F32 | Prim::F64 => expr.to_string(),
                        Prim::Bool => format!("weldBool({expr})"),
                        Prim::U64 => format!("int64({expr})"),
                        _ => format!("int32({expr})"),
                    };
                    self.src.push(&format!("f{index} = {}", coerce_out(&natural, prim.core(), slot)));
                }
            },
            Plan::String { ptr, len } => {
                let n = self.tmp();
                self.src.push(&format!("s{n} := {expr}"));
                self.write_u32(*ptr, &format!("weldPinString(s{n})"), 4);
                self.write_u32(*len, &format!("len(s{n})"), 4);
            }
            Plan::List { elem_ty, ptr, len, size, base, elem, .. } => {
                let n = self.tmp();
                self.src.push(&format!("l{n} := {expr}"));
                if crate::abi::plain_elem(elem_ty).map(mem_ty).is_some() {
                    self.write_u32(*ptr, &format!("weldPinSlice(l{n})"), 4);
                    self.write_u32(*len, &format!("len(l{n})"), 4);
                    return;
                }
                self.src.push(&format!("list{n} := weldAlloc(len(l{n}) * {size})"));
                self.src.push(&format!("for i := range l{n} {{"));
                self.src.push(&format!("base{base} := unsafe.Add(list{n}, i*{size})"));
                self.src.push(&format!("_ = base{base}"));
                self.lower(elem, &format!("l{n}[i]"));
                self.src.push("}");
                self.write_u32(*ptr, &format!("weldAddr(list{n})"), 4);
                self.write_u32(*len, &format!("len(l{n})"), 4);
            }
            Plan::Record { ty, fields } => {
                let n = self.tmp();
                self.src.push(&format!("r{n} := {expr}"));
                let resolve = self.g.resolve();
                let TypeDefKind::Record(r) = &resolve.types[*ty].kind else { unreachable!() };
                for (f, plan) in r.fields.iter().zip(fields) {
                    self.lower(plan, &format!("r{n}.{}", public(&f.name)));
                }
            }
            Plan::Tuple { items, .. } => {
                let n = self.tmp();
                self.src.push(&format!("t{n} := {expr}"));
                self.src.push(&format!("_ = t{n}"));
                for (i, plan) in items.iter().enumerate() {
                    self.lower(plan, &format!("t{n}.F{i}"));
                }
            }
            Plan::Flags { count, size, at, .. } => {
                if *count > 0 {
                    self.write_u32(*at, expr, *size);
                }
            }
            Plan::Enum { size, disc, .. } => self.write_u32(*disc, expr, *size),
            Plan::Variant { ty, size, disc, cases } => {
                let resolve = self.g.resolve();
                let n = self.tmp();
                self.src.push(&format!("e{n} := {expr}"));
                let kind = &resolve.types[*ty].kind;
                match kind {
                    TypeDefKind::Option(_) | TypeDefKind::Result(_) => {
                        let (test, payloads) = match kind {
                            TypeDefKind::Option(_) => (format!("e{n}.Valid"), [String::new(), format!("e{n}.Value")]),
                            _ => (format!("e{n}.IsErr"), [format!("e{n}.Ok"), format!("e{n}.Err")]),
                        };
                        for (i, branch) in [(1usize, format!("if {test} {{")), (0, "} else {".to_string())] {
                            self.src.push(&branch);
                            self.write_u32(*disc, &i.to_string(), *size);
                            if let Some(p) = &cases[i] {
                                self.lower(p, &payloads[i]);
                            }
                        }
                        self.src.push("}");
                    }
                    TypeDefKind::Variant(v) => {
                        self.src.push(&format!("switch e{n}.Tag {{"));
                        for (i, case) in cases.iter().enumerate() {
                            self.src.push(&format!("case {i}:"));
                            self.write_u32(*disc, &i.to_string(), *size);
                            if let Some(p) = case {
                                self.lower(p, &format!("e{n}.As{}()", public(&v.cases[i].name)));
                            }
                        }
                        self.src.push("}");
                    }
                    _ => unreachable!(),
                }
            }
            Plan::Handle { ty, resource, at, .. } => {
                let v = if self.g.world.handle_exported(*ty, self.export) {
                    format!("weldLower{}({expr})", self.g.type_name(*resource, true))
                } else {
                    format!("{expr}.handle")
                };
                self.write_u32(*at, &v, 4);
            }
        }
    }
}

/// The unsigned Go integer of `size` bytes.
pub(super) fn uint(size: u32) -> &'static str {
    match size {
        1 => "uint8",
        2 => "uint16",
        _ => "uint32",
    }
}
