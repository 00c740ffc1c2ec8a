//! Imported and exported functions: Go signatures, the `//go:wasmimport`
//! and `//go:wasmexport` declarations, and lifting and lowering spelled from
//! the shared [`Plan`]s.

use wit_parser::{Function, FunctionKind, TypeDefKind};

use super::body::Body;
use super::{Gen, local, public};
use crate::abi::{Core, PARAMS_BASE, Plan, RESULT_BASE};
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

/// The unsigned Go integer of `size` bytes.
pub(super) fn uint(size: u32) -> &'static str {
    match size {
        1 => "uint8",
        2 => "uint16",
        _ => "uint32",
    }
}
