//! The body of a generated Go function: lifting and lowering spelled in Go
//! for the shared walk ([`crate::walk`]). Go frees nothing after a call:
//! what it hands out stays pinned until `weldUnpin`.
//!
//! Flat values being lifted are named by `flat`; flat values being lowered
//! are the variables `f<i>`; memory is addressed from `base<n>` (an
//! `unsafe.Pointer`), one per base of the plan. Every other local gets a
//! fresh number.

use wit_parser::{Type, TypeDefKind, TypeId};

use super::func::uint;
use super::{Gen, public};
use crate::abi::{At, Core, Plan, Prim};
use crate::source::Source;
use crate::walk;

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
pub(super) struct Body<'g, 'w, 'a> {
    g: &'g Gen<'w, 'a>,
    pub src: Source,
    /// Names of the flat core values being lifted.
    pub flat: Vec<String>,
    export: bool,
    tmp: usize,
}

impl<'g, 'w, 'a> Body<'g, 'w, 'a> {
    pub fn new(g: &'g Gen<'w, 'a>, export: bool) -> Self {
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

    /// A Go expression of the value `plan` describes; statements it needs
    /// (loops, switches) are emitted first.
    pub fn lift(&mut self, plan: &Plan) -> String {
        walk::lift(self, plan)
    }

    /// Statements storing the value of Go expression `expr`.
    pub fn lower(&mut self, plan: &Plan, expr: &str) {
        walk::lower(self, plan, expr);
    }
}

impl walk::Lift for Body<'_, '_, '_> {
    /// The local number of the list.
    type List = usize;
    /// The local number of the value and its Go type.
    type Variant = (usize, String);

    fn prim(&mut self, prim: Prim, at: At) -> String {
        match at {
            At::Mem { base, offset } => {
                let raw = format!("*(*{})({})", mem_ty(prim), Self::addr(base, offset));
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
                    p => format!("{}({v})", mem_ty(p)),
                }
            }
        }
    }

    fn string(&mut self, ptr: At, len: At) -> String {
        format!("weldString(int32({}), int32({}))", self.read_u32(ptr, 4), self.read_u32(len, 4))
    }

    fn plain_list(&mut self, elem: Prim, list: &walk::List<'_>) -> String {
        let (p, l) = (self.read_u32(list.ptr, 4), self.read_u32(list.len, 4));
        format!("weldSlice[{}](int32({p}), int32({l}))", mem_ty(elem))
    }

    fn list_begin(&mut self, list: &walk::List<'_>) -> usize {
        let (p, l) = (self.read_u32(list.ptr, 4), self.read_u32(list.len, 4));
        let n = self.tmp();
        let ty = self.ty(list.elem_ty);
        let base = list.base;
        self.src.push(&format!("list{n} := weldPtr(int32({p}))"));
        self.src.push(&format!("v{n} := make([]{ty}, int({l}))"));
        self.src.push(&format!("for i := range v{n} {{"));
        self.src.push(&format!("base{base} := unsafe.Add(list{n}, i*{})", list.size));
        self.src.push(&format!("_ = base{base}"));
        n
    }

    fn list_end(&mut self, n: usize, _list: &walk::List<'_>, e: String) -> String {
        self.src.push(&format!("v{n}[i] = {e}"));
        self.src.push("}");
        format!("v{n}")
    }

    fn record(&mut self, ty: TypeId, fields: Vec<String>) -> String {
        let TypeDefKind::Record(r) = &self.g.resolve().types[ty].kind else { unreachable!() };
        let parts: Vec<String> =
            r.fields.iter().zip(fields).map(|(f, v)| format!("{}: {v}", public(&f.name))).collect();
        format!("{}{{{}}}", self.ty(&Type::Id(ty)), parts.join(", "))
    }

    fn tuple(&mut self, ty: TypeId, items: Vec<String>) -> String {
        let parts: Vec<String> = items.iter().enumerate().map(|(i, v)| format!("F{i}: {v}")).collect();
        format!("{}{{{}}}", self.ty(&Type::Id(ty)), parts.join(", "))
    }

    fn flags(&mut self, ty: TypeId, count: usize, size: u32, at: At) -> String {
        let t = self.ty(&Type::Id(ty));
        if count == 0 { format!("{t}(0)") } else { format!("{t}({})", self.read_u32(at, size)) }
    }

    fn enum_(&mut self, ty: TypeId, size: u32, disc: At) -> String {
        format!("{}({})", self.ty(&Type::Id(ty)), self.read_u32(disc, size))
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>) -> Self::Variant {
        let d = self.read_u32(v.disc, v.size);
        let t = self.ty(&Type::Id(v.ty));
        let n = self.tmp();
        self.src.push(&format!("var v{n} {t}"));
        self.src.push(&format!("switch {d} {{"));
        (n, t)
    }

    fn case_begin(&mut self, _state: &mut Self::Variant, _v: &walk::Variant<'_>, i: usize) {
        self.src.push(&format!("case {i}:"));
    }

    fn case_end(&mut self, (n, t): &mut Self::Variant, v: &walk::Variant<'_>, i: usize, payload: Option<String>) {
        let value = match &self.g.resolve().types[v.ty].kind {
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

    fn variant_end(&mut self, (n, _): Self::Variant, _v: &walk::Variant<'_>) -> String {
        self.src.push("default:");
        self.src.push("panic(\"weld: invalid discriminant\")");
        self.src.push("}");
        format!("v{n}")
    }

    fn handle(&mut self, ty: TypeId, resource: TypeId, own: bool, at: At) -> String {
        let h = format!("int32({})", self.read_u32(at, 4));
        let exported = self.g.world.handle_exported(ty, self.export);
        let t = self.g.type_name(resource, exported);
        match (own, exported) {
            (_, false) => format!("{t}{{handle: {h}}}"),
            (true, true) => format!("weldTake{t}({h})"),
            (false, true) => format!("weldTable{t}.get({h})"),
        }
    }
}

impl walk::Lower for Body<'_, '_, '_> {
    type List = usize;
    type Variant = usize;

    fn prim(&mut self, prim: Prim, at: At, x: &str) {
        match at {
            At::Mem { base, offset } => {
                let val = match prim {
                    Prim::Bool => format!("uint8(weldBool({x}))"),
                    Prim::Char => format!("uint32({x})"),
                    _ => x.to_string(),
                };
                self.src.push(&format!("*(*{})({}) = {val}", mem_ty(prim), Self::addr(base, offset)));
            }
            At::Flat { index, slot } => {
                let natural = match prim {
                    Prim::S32 | Prim::S64 | Prim::F32 | Prim::F64 => x.to_string(),
                    Prim::Bool => format!("weldBool({x})"),
                    Prim::U64 => format!("int64({x})"),
                    _ => format!("int32({x})"),
                };
                self.src.push(&format!("f{index} = {}", coerce_out(&natural, prim.core(), slot)));
            }
        }
    }

    fn string(&mut self, ptr: At, len: At, x: &str) {
        let n = self.tmp();
        self.src.push(&format!("s{n} := {x}"));
        self.write_u32(ptr, &format!("weldPinString(s{n})"), 4);
        self.write_u32(len, &format!("len(s{n})"), 4);
    }

    fn plain_list(&mut self, _elem: Prim, list: &walk::List<'_>, x: &str) {
        let n = self.tmp();
        self.src.push(&format!("l{n} := {x}"));
        self.write_u32(list.ptr, &format!("weldPinSlice(l{n})"), 4);
        self.write_u32(list.len, &format!("len(l{n})"), 4);
    }

    fn list_begin(&mut self, list: &walk::List<'_>, x: &str) -> (usize, String) {
        let (size, base) = (list.size, list.base);
        let n = self.tmp();
        self.src.push(&format!("l{n} := {x}"));
        self.src.push(&format!("list{n} := weldAlloc(len(l{n}) * {size})"));
        self.src.push(&format!("for i := range l{n} {{"));
        self.src.push(&format!("base{base} := unsafe.Add(list{n}, i*{size})"));
        self.src.push(&format!("_ = base{base}"));
        (n, format!("l{n}[i]"))
    }

    fn list_end(&mut self, n: usize, list: &walk::List<'_>, _x: &str) {
        self.src.push("}");
        self.write_u32(list.ptr, &format!("weldAddr(list{n})"), 4);
        self.write_u32(list.len, &format!("len(l{n})"), 4);
    }

    fn record(&mut self, ty: TypeId, x: &str) -> Vec<String> {
        let n = self.tmp();
        self.src.push(&format!("r{n} := {x}"));
        let TypeDefKind::Record(r) = &self.g.resolve().types[ty].kind else { unreachable!() };
        r.fields.iter().map(|f| format!("r{n}.{}", public(&f.name))).collect()
    }

    fn tuple(&mut self, _ty: TypeId, len: usize, x: &str) -> Vec<String> {
        let n = self.tmp();
        self.src.push(&format!("t{n} := {x}"));
        self.src.push(&format!("_ = t{n}"));
        (0..len).map(|i| format!("t{n}.F{i}")).collect()
    }

    fn flags(&mut self, size: u32, at: At, x: &str) {
        self.write_u32(at, x, size);
    }

    fn enum_(&mut self, size: u32, disc: At, x: &str) {
        self.write_u32(disc, x, size);
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>, x: &str) -> (usize, Vec<usize>) {
        let n = self.tmp();
        self.src.push(&format!("e{n} := {x}"));
        match &self.g.resolve().types[v.ty].kind {
            // `if e.Valid { some } else { none }`, `if e.IsErr { err } else { ok }`
            TypeDefKind::Option(_) | TypeDefKind::Result(_) => (n, vec![1, 0]),
            _ => {
                self.src.push(&format!("switch e{n}.Tag {{"));
                (n, (0..v.cases.len()).collect())
            }
        }
    }

    fn case_begin(&mut self, n: &usize, v: &walk::Variant<'_>, i: usize) -> String {
        let kind = &self.g.resolve().types[v.ty].kind;
        let payload = match kind {
            TypeDefKind::Option(_) | TypeDefKind::Result(_) => {
                let (test, payloads) = match kind {
                    TypeDefKind::Option(_) => (format!("e{n}.Valid"), [String::new(), format!("e{n}.Value")]),
                    _ => (format!("e{n}.IsErr"), [format!("e{n}.Ok"), format!("e{n}.Err")]),
                };
                self.src.push(&if i == 1 { format!("if {test} {{") } else { "} else {".to_string() });
                payloads[i.min(1)].clone()
            }
            TypeDefKind::Variant(var) => {
                self.src.push(&format!("case {i}:"));
                format!("e{n}.As{}()", public(&var.cases[i].name))
            }
            _ => unreachable!(),
        };
        self.write_u32(v.disc, &i.to_string(), v.size);
        payload
    }

    fn case_end(&mut self, _n: &usize, _v: &walk::Variant<'_>, _i: usize) {}

    fn variant_end(&mut self, _n: usize, _v: &walk::Variant<'_>) {
        self.src.push("}");
    }

    fn handle(&mut self, ty: TypeId, resource: TypeId, _own: bool, at: At, x: &str) {
        let v = if self.g.world.handle_exported(ty, self.export) {
            format!("weldLower{}({x})", self.g.type_name(resource, true))
        } else {
            format!("{x}.handle")
        };
        self.write_u32(at, &v, 4);
    }
}
