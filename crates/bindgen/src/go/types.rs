//! Type definitions: records, variants, enums, flags, aliases, resources.

use wit_parser::{FunctionKind, Handle, TypeDefKind, TypeId};

use super::func::uint;
use super::{Gen, public};
use crate::source::Source;
use crate::world::Scope;

impl Gen<'_, '_> {
    pub(super) fn typedef(&mut self, scope: &Scope<'_>, id: TypeId, src: &mut Source) {
        let resolve = self.resolve();
        let def = &resolve.types[id];
        let export = scope.export;
        let tname = self.type_name(id, export);
        src.push("\n");
        self.docs(src, &def.docs);
        match &def.kind {
            TypeDefKind::Record(r) => {
                src.push(&format!("type {tname} struct {{"));
                for f in &r.fields {
                    self.docs(src, &f.docs);
                    src.push(&format!("{} {}", public(&f.name), self.ty(&f.ty, export)));
                }
                src.push("}");
            }
            TypeDefKind::Variant(v) => {
                let tag = format!("{tname}Tag");
                src.push("// Read the case from Tag and its payload with the As method of the case;");
                src.push(&format!("// make values with the {tname}<Case> functions."));
                src.push(&format!("type {tname} struct {{"));
                src.push(&format!("Tag {tag}"));
                src.push("payload any");
                src.push("}");
                src.push("\n");
                src.push(&format!("// {tag} names a case of {tname}."));
                src.push(&format!("type {tag} {}", uint(crate::abi::tag_size(v.tag()))));
                src.push("\n");
                src.push("const (");
                for (i, c) in v.cases.iter().enumerate() {
                    src.push(&format!("{tag}{} {tag} = {i}", public(&c.name)));
                }
                src.push(")");
                for c in &v.cases {
                    let case = public(&c.name);
                    src.push("\n");
                    self.docs(src, &c.docs);
                    match &c.ty {
                        Some(t) => {
                            let ty = self.ty(t, export);
                            src.push(&format!(
                                "func {tname}{case}(v {ty}) {tname} {{ return {tname}{{Tag: {tag}{case}, payload: v}} }}"
                            ));
                            src.push("\n");
                            src.push(&format!(
                                "// As{case} is the payload of case {case} (the zero value for another case)."
                            ));
                            src.push(&format!("func (v {tname}) As{case}() {ty} {{"));
                            src.push(&format!("p, _ := v.payload.({ty})"));
                            src.push("return p");
                            src.push("}");
                        }
                        None => {
                            src.push(&format!("func {tname}{case}() {tname} {{ return {tname}{{Tag: {tag}{case}}} }}"));
                        }
                    }
                }
            }
            TypeDefKind::Enum(e) => {
                src.push(&format!("type {tname} {}", uint(crate::abi::tag_size(e.tag()))));
                src.push("\n");
                src.push("const (");
                for (i, c) in e.cases.iter().enumerate() {
                    self.docs(src, &c.docs);
                    src.push(&format!("{tname}{} {tname} = {i}", public(&c.name)));
                }
                src.push(")");
                src.push("\n");
                src.push("// String returns the case's WIT name.");
                src.push(&format!("func (e {tname}) String() string {{"));
                src.push("switch e {");
                for c in &e.cases {
                    src.push(&format!("case {tname}{}:", public(&c.name)));
                    src.push(&format!("return \"{}\"", c.name));
                }
                src.push("}");
                src.push("return \"<invalid>\"");
                src.push("}");
            }
            TypeDefKind::Flags(f) => {
                src.push(&format!("type {tname} {}", uint(crate::abi::flags_size(f).max(1))));
                if !f.flags.is_empty() {
                    src.push("\n");
                    src.push("const (");
                    for (i, flag) in f.flags.iter().enumerate() {
                        self.docs(src, &flag.docs);
                        src.push(&format!("{tname}{} {tname} = 1 << {i}", public(&flag.name)));
                    }
                    src.push(")");
                }
            }
            TypeDefKind::Resource => {
                if crate::is_exported_resource(self.world, id) && export {
                    self.exported_resource(scope, id, &tname, src);
                } else {
                    self.imported_resource(scope, id, &tname, src);
                }
            }
            TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => {
                let r = self.abi.resource(*r);
                let target = self.type_name(r, self.world.handle_exported(id, export));
                src.push(&format!("type {tname} = {target}"));
            }
            TypeDefKind::Type(t) => src.push(&format!("type {tname} = {}", self.ty(t, export))),
            kind => src.push(&format!("type {tname} = {}", self.ty_kind(kind, export))),
        }
    }

    fn imported_resource(&mut self, scope: &Scope<'_>, id: TypeId, tname: &str, src: &mut Source) {
        let name = self.resolve().types[id].name.clone().unwrap_or_default();
        let n = self.fresh();
        src.push(&format!("// {tname} is a handle to a resource; Drop gives it back."));
        src.push(&format!("type {tname} struct {{"));
        src.push("handle int32");
        src.push("}");
        src.push("\n");
        src.push(&format!("//go:wasmimport {} [resource-drop]{name}", scope.import_module()));
        src.push(&format!("func weldDrop{n}(handle int32)"));
        src.push("\n");
        src.push("// Drop ends the resource (an owned handle) or the borrow.");
        src.push(&format!("func (self {tname}) Drop() {{ weldDrop{n}(self.handle) }}"));
        src.push("\n");
        src.push("// Handle is the raw handle.");
        src.push(&format!("func (self {tname}) Handle() int32 {{ return self.handle }}"));
    }

    fn exported_resource(&mut self, scope: &Scope<'_>, id: TypeId, tname: &str, src: &mut Source) {
        let name = self.resolve().types[id].name.clone().unwrap_or_default();
        let module = scope.export_intrinsics_module();
        src.push(&format!("// {tname} is what your values of resource `{name}` implement; the constructor,"));
        src.push("// static functions and an optional destructor are set in Exports.");
        src.push(&format!("type {tname} interface {{"));
        for func in scope.funcs.iter().filter(|f| matches!(f.kind, FunctionKind::Method(r) if r == id)) {
            self.docs(src, &func.docs);
            src.push(&self.signature(func, true, true));
        }
        src.push("}");
        src.push("\n");
        src.push(&format!("var weldTable{tname} weldTable[{tname}]"));
        for (what, sig) in [("new", "(rep int32) int32"), ("rep", "(handle int32) int32"), ("drop", "(handle int32)")] {
            src.push("\n");
            src.push(&format!("//go:wasmimport {module} [resource-{what}]{name}"));
            src.push(&format!("func weld{}{tname}{sig}", public(what)));
        }
        src.push("\n");
        src.push(&format!("// weldLower{tname} makes a new handle owning v."));
        src.push(&format!(
            "func weldLower{tname}(v {tname}) int32 {{ return weldNew{tname}(weldTable{tname}.add(v)) }}"
        ));
        src.push("\n");
        src.push(&format!("// weldTake{tname} takes an owned handle: the value stays yours, the handle"));
        src.push("// is dropped (which runs the destructor).");
        src.push(&format!("func weldTake{tname}(handle int32) {tname} {{"));
        src.push(&format!("v := weldTable{tname}.get(weldRep{tname}(handle))"));
        src.push(&format!("weldDrop{tname}(handle)"));
        src.push("return v");
        src.push("}");
        src.push("\n");
        src.push(&format!("// {tname}Handle is an owned handle to one of your `{name}` values, made"));
        src.push("// without handing it to the other side (exports returning the resource");
        src.push("// make handles themselves).");
        src.push(&format!("type {tname}Handle struct {{"));
        src.push("handle int32");
        src.push("}");
        src.push("\n");
        src.push(&format!("// New{tname}Handle makes a new resource holding v."));
        src.push(&format!(
            "func New{tname}Handle(v {tname}) {tname}Handle {{ return {tname}Handle{{weldLower{tname}(v)}} }}"
        ));
        src.push("\n");
        src.push("// Value is the value behind the handle.");
        src.push(&format!(
            "func (h {tname}Handle) Value() {tname} {{ return weldTable{tname}.get(weldRep{tname}(h.handle)) }}"
        ));
        src.push("\n");
        src.push("// Drop drops the handle, which runs the destructor.");
        src.push(&format!("func (h {tname}Handle) Drop() {{ weldDrop{tname}(h.handle) }}"));
        src.push("\n");
        src.push(&format!("//go:wasmexport {}", scope.dtor_name(&name)));
        src.push(&format!("func weldDtor{tname}(rep int32) {{"));
        src.push(&format!("v := weldTable{tname}.remove(rep)"));
        let field = format!("Exports.{}{}.Destructor", self.export_path(scope), public(&name));
        src.push(&format!("if {field} != nil {{"));
        src.push(&format!("{field}(v)"));
        src.push("}");
        src.push("}");
    }

    /// `Field.` in `Exports` of an exported scope (empty for the world).
    pub(super) fn export_path(&self, scope: &Scope<'_>) -> String {
        match scope.iface {
            Some(_) => format!("{}.", self.prefix(scope)),
            None => String::new(),
        }
    }
}
