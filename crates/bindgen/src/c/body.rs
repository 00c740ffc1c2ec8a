//! The body of a generated C wrapper, spelled for the shared walk
//! ([`crate::walk`]): lifting and lowering of flat values (values in memory
//! need neither: C's structs have the canonical layout, so the wrappers copy
//! them whole), and freeing an export's result after the call. Lifting and
//! freeing go through places in the C value.

use wit_parser::{Type, TypeDefKind, TypeId};

use super::{Gen, ident};
use crate::abi::{At, Core, Plan, Prim};
use crate::walk;

fn coerce_in(v: &str, slot: Core, want: Core) -> String {
    match (slot, want) {
        (a, b) if a == b => v.to_string(),
        (Core::I64, Core::I32) => format!("((int32_t) {v})"),
        (Core::I32, Core::F32) => format!("__weld_i32_f32({v})"),
        (Core::I64, Core::F32) => format!("__weld_i32_f32((int32_t) {v})"),
        (Core::I64, Core::F64) => format!("__weld_i64_f64({v})"),
        _ => v.to_string(),
    }
}

fn coerce_out(v: &str, have: Core, slot: Core) -> String {
    match (have, slot) {
        (a, b) if a == b => v.to_string(),
        (Core::I32, Core::I64) => format!("((int64_t) (uint32_t) ({v}))"),
        (Core::F32, Core::I32) => format!("__weld_f32_i32({v})"),
        (Core::F32, Core::I64) => format!("((int64_t) (uint32_t) __weld_f32_i32({v}))"),
        (Core::F64, Core::I64) => format!("__weld_f64_i64({v})"),
        _ => v.to_string(),
    }
}

/// The statements of one wrapper.
pub(super) struct Body<'g, 'w, 'a> {
    pub g: &'g mut Gen<'w, 'a>,
    prefix: String,
    export: bool,
    pub out: Vec<String>,
    /// Names of the flat values being lifted.
    pub flat: Vec<String>,
    /// Places of the values being lifted or freed, innermost last.
    places: Vec<String>,
    /// Lists being freed around the current value.
    depth: usize,
}

impl<'g, 'w, 'a> Body<'g, 'w, 'a> {
    pub fn new(g: &'g mut Gen<'w, 'a>, prefix: &str, export: bool, flat: Vec<String>) -> Self {
        let prefix = prefix.to_string();
        Body { g, prefix, export, out: Vec::new(), flat, places: Vec::new(), depth: 0 }
    }

    fn read(&self, at: At, want: Core) -> String {
        match at {
            At::Flat { index, slot } => coerce_in(&self.flat[index], slot, want),
            At::Mem { .. } => unreachable!("C lifts memory by struct copies"),
        }
    }

    fn write(&mut self, at: At, v: &str, have: Core) {
        match at {
            At::Flat { index, slot } => self.out.push(format!("f{index} = {};", coerce_out(v, have, slot))),
            At::Mem { .. } => unreachable!("C lowers memory by struct copies"),
        }
    }

    /// Statements that set C place `target` from flat values.
    /// Statements that set C place `target` from flat values.
    pub fn lift(&mut self, plan: &Plan, target: &str) {
        self.places.push(target.to_string());
        let statements = walk::lift(self, plan);
        self.places.pop();
        self.out.push(statements);
    }

    /// Statements that release what the value at C place `target` owns.
    pub fn free(&mut self, plan: &Plan, target: &str) {
        self.places.push(target.to_string());
        walk::free(self, plan);
        self.places.pop();
    }

    /// The place the value being lifted is assigned to.
    fn place(&self) -> String {
        self.places.last().cloned().unwrap_or_default()
    }

    /// The tag field and each case's payload place of a variant-like type.
    fn variant_places(&self, ty: TypeId) -> (&'static str, Vec<String>) {
        match &self.g.resolve().types[ty].kind {
            TypeDefKind::Option(_) => ("is_some", vec![String::new(), "val".into()]),
            TypeDefKind::Result(_) => ("is_err", vec!["val.ok".into(), "val.err".into()]),
            TypeDefKind::Variant(v) => ("tag", v.cases.iter().map(|c| format!("val.{}", ident(&c.name))).collect()),
            _ => ("tag", vec![]),
        }
    }

    /// Statements that set flat values from C value `v`.
    pub fn lower(&mut self, plan: &Plan, v: &str) {
        walk::lower(self, plan, v);
    }
}

/// Lifting from flat values: each leaf is assigned to its place in the C
/// value (the "expression" of a value is its statements). Lists are taken
/// over as they are: a C list's memory already has the canonical layout.
impl walk::Lift for Body<'_, '_, '_> {
    type List = ();
    /// The statements so far, and the places of the cases' payloads.
    type Variant = (Vec<String>, Vec<String>);

    fn list_in_place(&mut self, list: &walk::List<'_>) -> Option<String> {
        // The element type's C name depends on where the list type was
        // named; take it from the place itself.
        Some(walk::Lift::string(self, list.ptr, list.len))
    }

    fn field_begin(&mut self, ty: TypeId, i: usize) {
        let name = match &self.g.resolve().types[ty].kind {
            TypeDefKind::Record(r) => ident(&r.fields[i].name),
            _ => format!("f{i}"),
        };
        let place = format!("{}.{name}", self.place());
        self.places.push(place);
    }

    fn field_end(&mut self) {
        self.places.pop();
    }

    fn async_handle(&mut self, _ty: Type, at: At) -> String {
        // A future, stream or error-context handle is a `uint32_t` in C.
        self.prim(Prim::U32, at)
    }

    fn prim(&mut self, prim: Prim, at: At) -> String {
        let v = self.read(at, prim.core());
        format!("{} = ({}) {v};", self.place(), prim_c(prim))
    }

    fn string(&mut self, ptr: At, len: At) -> String {
        let (p, l) = (self.read(ptr, Core::I32), self.read(len, Core::I32));
        let target = self.place();
        format!("{target}.ptr = (__typeof__({target}.ptr)) (intptr_t) {p};\n{target}.len = (size_t) {l};")
    }

    fn plain_list(&mut self, _elem: Prim, list: &walk::List<'_>) -> String {
        walk::Lift::string(self, list.ptr, list.len)
    }

    fn list_begin(&mut self, _list: &walk::List<'_>) {}

    fn list_end(&mut self, _state: (), _list: &walk::List<'_>, _elem: String) -> String {
        unreachable!("C lifts every list in place")
    }

    fn record(&mut self, _ty: TypeId, fields: Vec<String>) -> String {
        statements(fields)
    }

    fn tuple(&mut self, _ty: TypeId, items: Vec<String>) -> String {
        statements(items)
    }

    fn flags(&mut self, _ty: TypeId, count: usize, _size: u32, at: At) -> String {
        if count == 0 {
            return format!("{} = 0;", self.place());
        }
        let v = self.read(at, Core::I32);
        format!("{} = {v};", self.place())
    }

    fn enum_(&mut self, _ty: TypeId, _size: u32, disc: At) -> String {
        let v = self.read(disc, Core::I32);
        format!("{} = {v};", self.place())
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>) -> Self::Variant {
        let d = self.read(v.disc, Core::I32);
        let (tag, members) = self.variant_places(v.ty);
        let target = self.place();
        let lines = vec![format!("{target}.{tag} = {d};"), format!("switch ((int32_t) {d}) {{")];
        (lines, members.iter().map(|m| format!("{target}.{m}")).collect())
    }

    fn case_begin(&mut self, (_, places): &mut Self::Variant, _v: &walk::Variant<'_>, i: usize) {
        self.places.push(places.get(i).cloned().unwrap_or_default());
    }

    fn case_end(&mut self, (lines, _): &mut Self::Variant, _v: &walk::Variant<'_>, i: usize, payload: Option<String>) {
        self.places.pop();
        if let Some(p) = payload {
            lines.push(format!("case {i}: {{"));
            lines.push(p);
            lines.push("break;\n}".into());
        }
    }

    fn variant_end(&mut self, (mut lines, _): Self::Variant, _v: &walk::Variant<'_>) -> String {
        lines.push("}".into());
        statements(lines)
    }

    fn handle(&mut self, ty: TypeId, resource: TypeId, own: bool, at: At) -> String {
        let v = self.read(at, Core::I32);
        let target = self.place();
        if !own && self.g.world.handle_exported(ty, self.export) {
            let rep = self.g.cty(&Type::Id(resource), &self.prefix.clone(), true);
            format!("{target} = ({rep} *) (intptr_t) {v};")
        } else {
            format!("{target}.__handle = {v};")
        }
    }
}

/// Freeing what an export's result owns (post-return), through the places
/// of the C value: inline, and without resetting fields, since the value is
/// never read again.
impl walk::Free for Body<'_, '_, '_> {
    /// The nesting depth of the list, which names its locals.
    type List = usize;

    fn field_begin(&mut self, ty: TypeId, i: usize) {
        walk::Lift::field_begin(self, ty, i);
    }

    fn field_end(&mut self) {
        self.places.pop();
    }

    fn string(&mut self, _ptr: At, _len: At) {
        let place = self.place();
        self.out.push(format!("if ({place}.len > 0) {{\nfree({place}.ptr);\n}}"));
    }

    fn list_begin(&mut self, _list: &walk::List<'_>) -> usize {
        // Length and pointer in locals: `free` may alias memory, so the
        // compiler would reload them each round.
        let (place, d) = (self.place(), self.depth);
        self.out.push(format!(
            "{{\nsize_t len{d} = {place}.len;\nif (len{d} > 0) {{\n__typeof__({place}.ptr) ptr{d} = {place}.ptr;"
        ));
        d
    }

    fn elems_begin(&mut self, d: &usize, _list: &walk::List<'_>) {
        self.out.push(format!("for (size_t i{d} = 0; i{d} < len{d}; i{d}++) {{"));
        self.places.push(format!("ptr{d}[i{d}]"));
        self.depth += 1;
    }

    fn elems_end(&mut self) {
        self.depth -= 1;
        self.places.pop();
        self.out.push("}".into());
    }

    fn list_end(&mut self, d: usize, _list: &walk::List<'_>) {
        self.out.push(format!("free(ptr{d});\n}}\n}}"));
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>) {
        if let TypeDefKind::Variant(_) = self.g.resolve().types[v.ty].kind {
            self.out.push(format!("switch ((int32_t) {}.tag) {{", self.place()));
        }
    }

    fn case_begin(&mut self, v: &walk::Variant<'_>, i: usize) {
        let place = self.place();
        let (_, members) = self.variant_places(v.ty);
        let open = match self.g.resolve().types[v.ty].kind {
            TypeDefKind::Option(_) => format!("if ({place}.is_some) {{"),
            TypeDefKind::Result(_) if i == 0 => format!("if (!{place}.is_err) {{"),
            TypeDefKind::Result(_) => format!("if ({place}.is_err) {{"),
            _ => format!("case {i}: {{"),
        };
        self.out.push(open);
        self.places.push(format!("{place}.{}", members.get(i).cloned().unwrap_or_default()));
    }

    fn case_end(&mut self, v: &walk::Variant<'_>, _i: usize) {
        self.places.pop();
        if let TypeDefKind::Variant(_) = self.g.resolve().types[v.ty].kind {
            self.out.push("break;".into());
        }
        self.out.push("}".into());
    }

    fn variant_end(&mut self, v: &walk::Variant<'_>) {
        if let TypeDefKind::Variant(_) = self.g.resolve().types[v.ty].kind {
            self.out.push("}".into());
        }
    }
}

/// Statements, one after the other.
fn statements(parts: Vec<String>) -> String {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    parts.join("\n")
}

/// Lowering to flat values. Lists are handed over as they are: a C list's
/// memory already has the canonical layout.
impl walk::Lower for Body<'_, '_, '_> {
    type List = ();
    /// The value and the places of its cases' payloads.
    type Variant = (String, Vec<String>);

    fn list_in_place(&mut self, list: &walk::List<'_>, v: &str) -> bool {
        walk::Lower::string(self, list.ptr, list.len, v);
        true
    }

    fn async_handle(&mut self, _ty: Type, at: At, v: &str) {
        // A future, stream or error-context handle is a `uint32_t` in C.
        self.prim(Prim::U32, at, v)
    }

    fn prim(&mut self, prim: Prim, at: At, v: &str) {
        let c = prim.core();
        let val = match c {
            Core::I32 => format!("(int32_t) {v}"),
            Core::I64 => format!("(int64_t) {v}"),
            _ => v.to_string(),
        };
        self.write(at, &val, c);
    }

    fn string(&mut self, ptr: At, len: At, v: &str) {
        self.write(ptr, &format!("(int32_t) (intptr_t) {v}.ptr"), Core::I32);
        self.write(len, &format!("(int32_t) {v}.len"), Core::I32);
    }

    fn plain_list(&mut self, _elem: Prim, list: &walk::List<'_>, v: &str) {
        walk::Lower::string(self, list.ptr, list.len, v);
    }

    fn list_begin(&mut self, _list: &walk::List<'_>, v: &str) -> ((), String) {
        unreachable!("C lowers every list in place (`{v}`)")
    }

    fn list_end(&mut self, _state: (), _list: &walk::List<'_>, _v: &str) {}

    fn record(&mut self, ty: TypeId, v: &str) -> Vec<String> {
        let TypeDefKind::Record(r) = &self.g.resolve().types[ty].kind else { unreachable!() };
        r.fields.iter().map(|f| format!("{v}.{}", ident(&f.name))).collect()
    }

    fn tuple(&mut self, _ty: TypeId, len: usize, v: &str) -> Vec<String> {
        (0..len).map(|i| format!("{v}.f{i}")).collect()
    }

    fn flags(&mut self, _size: u32, at: At, v: &str) {
        self.write(at, &format!("(int32_t) {v}"), Core::I32);
    }

    fn enum_(&mut self, _size: u32, disc: At, v: &str) {
        self.write(disc, &format!("(int32_t) {v}"), Core::I32);
    }

    fn variant_begin(&mut self, var: &walk::Variant<'_>, v: &str) -> (Self::Variant, Vec<usize>) {
        let (tag, members) = self.variant_places(var.ty);
        // The discriminant is stored once; only cases with a payload have
        // more to store.
        self.write(var.disc, &format!("(int32_t) {v}.{tag}"), Core::I32);
        self.out.push(format!("switch ((int32_t) {v}.{tag}) {{"));
        let order = (0..var.cases.len()).filter(|i| var.cases[*i].is_some()).collect();
        ((v.to_string(), members), order)
    }

    fn case_begin(&mut self, (v, members): &Self::Variant, _var: &walk::Variant<'_>, i: usize) -> String {
        self.out.push(format!("case {i}: {{"));
        format!("{v}.{}", members[i])
    }

    fn case_end(&mut self, _state: &Self::Variant, _var: &walk::Variant<'_>, _i: usize) {
        self.out.push("break;\n}".into());
    }

    fn variant_end(&mut self, _state: Self::Variant, _var: &walk::Variant<'_>) {
        self.out.push("}".into());
    }

    fn handle(&mut self, ty: TypeId, _resource: TypeId, own: bool, at: At, v: &str) {
        let val = if !own && self.g.world.handle_exported(ty, self.export) {
            format!("(int32_t) (intptr_t) {v}")
        } else {
            format!("{v}.__handle")
        };
        self.write(at, &val, Core::I32);
    }
}

fn prim_c(p: Prim) -> &'static str {
    match p {
        Prim::Bool => "bool",
        Prim::U8 => "uint8_t",
        Prim::S8 => "int8_t",
        Prim::U16 => "uint16_t",
        Prim::S16 => "int16_t",
        Prim::U32 | Prim::Char => "uint32_t",
        Prim::S32 => "int32_t",
        Prim::U64 => "uint64_t",
        Prim::S64 => "int64_t",
        Prim::F32 => "float",
        Prim::F64 => "double",
    }
}
