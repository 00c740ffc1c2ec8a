//! The body of a generated Rust function: lifting, lowering and freeing,
//! spelled in Rust for the shared walk ([`crate::walk`]).
//!
//! Flat values being lifted are named by `flat`; flat values being lowered
//! are the variables `f<i>`; memory is addressed from `base<n>` (a
//! `*mut u8`), one per base of the plan. Every other local gets a fresh
//! number.

use wit_parser::{Type, TypeDefKind, TypeId};

use super::{Gen, camel, field_name};
use crate::abi::{At, Core, Plan, Prim};
use crate::source::Source;
use crate::walk;

/// Lowering reads from references (import parameters) or consumes owned
/// values (export results, whose memory is freed by post-return).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mode {
    Borrowed,
    Owned,
}

/// The type a plan is for, when it names one.
fn plan_type(plan: &Plan) -> Option<TypeId> {
    match plan {
        Plan::Record { ty, .. }
        | Plan::Tuple { ty, .. }
        | Plan::Flags { ty, .. }
        | Plan::Enum { ty, .. }
        | Plan::Variant { ty, .. } => Some(*ty),
        _ => None,
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
pub(super) struct Body<'g, 'w, 'a> {
    g: &'g Gen<'w, 'a>,
    path: &'g [String],
    export: bool,
    /// `export` of the enclosing values, restored when a value is left.
    outer: Vec<bool>,
    /// How the value being lowered is held.
    mode: Mode,
    rt: String,
    pub src: Source,
    /// Names of the flat slots being lifted.
    pub flat: Vec<String>,
    tmp: usize,
}

impl<'g, 'w, 'a> Body<'g, 'w, 'a> {
    pub fn new(g: &'g Gen<'w, 'a>, path: &'g [String], export: bool, rt: String) -> Self {
        let (outer, mode) = (Vec::new(), Mode::Borrowed);
        Body { g, path, export, outer, mode, rt, src: Source::new("    "), flat: Vec::new(), tmp: 0 }
    }

    fn tmp(&mut self) -> usize {
        self.tmp += 1;
        self.tmp
    }

    pub fn resource_name(&self, plan: &Plan) -> String {
        match plan {
            Plan::Handle { resource, .. } => self.g.resolve().types[*resource].name.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn path_of(&self, id: TypeId) -> String {
        self.g.type_path(id, self.path, self.export)
    }

    /// A top-level parameter of an export; borrowed imported resources need
    /// a handle that is not dropped.
    pub fn lift_param(&mut self, plan: &Plan, i: usize) -> String {
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

    pub fn lift(&mut self, plan: &Plan) -> String {
        walk::lift(self, plan)
    }

    pub fn lower(&mut self, plan: &Plan, expr: &str, mode: Mode) {
        self.mode = mode;
        walk::lower(self, plan, expr);
    }

    pub fn free(&mut self, plan: &Plan) {
        walk::free(self, plan);
    }

    /// Names inside a value of a type owned by an exported interface are
    /// the export side's.
    fn enter_value(&mut self, plan: &Plan) {
        self.outer.push(self.export);
        self.export = self.g.world.export_side(plan_type(plan), self.export);
    }

    fn leave_value(&mut self) {
        if let Some(export) = self.outer.pop() {
            self.export = export;
        }
    }

    fn is_entry(&self, ty: &Type) -> bool {
        matches!(ty, Type::Id(id) if self.g.entries.contains(id))
    }

    /// `x` read through its reference when lowering borrows it.
    fn deref(&self, x: &str) -> String {
        if self.mode == Mode::Borrowed { format!("(*{x})") } else { format!("({x})") }
    }
}

impl walk::Lift for Body<'_, '_, '_> {
    /// The list's pointer, length and local number.
    type List = (String, String, usize);
    /// The discriminant and the arms so far.
    type Variant = (String, Vec<String>);

    fn enter(&mut self, plan: &Plan) {
        self.enter_value(plan);
    }

    fn leave(&mut self) {
        self.leave_value();
    }

    fn prim(&mut self, prim: Prim, at: At) -> String {
        match at {
            At::Mem { base, offset } => {
                let raw = format!("*base{base}.add({offset}).cast::<{}>()", mem_ty(prim));
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
                    p => format!("({v} as {})", mem_ty(p)),
                }
            }
        }
    }

    fn string(&mut self, ptr: At, len: At) -> String {
        let (p, l) = (self.read_u32(ptr, 4), self.read_u32(len, 4));
        format!(
            "{{ let len = {l} as usize; if len == 0 {{ String::new() }} else {{ String::from_utf8_unchecked(Vec::from_raw_parts({p} as usize as *mut u8, len, len)) }} }}"
        )
    }

    fn plain_list(&mut self, elem: Prim, list: &walk::List<'_>) -> String {
        let (p, l) = (self.read_u32(list.ptr, 4), self.read_u32(list.len, 4));
        let t = mem_ty(elem);
        format!(
            "{{ let len = {l} as usize; if len == 0 {{ Vec::new() }} else {{ Vec::from_raw_parts({p} as usize as *mut {t}, len, len) }} }}"
        )
    }

    fn list_begin(&mut self, list: &walk::List<'_>) -> Self::List {
        let (p, l) = (self.read_u32(list.ptr, 4), self.read_u32(list.len, 4));
        (p, l, self.tmp())
    }

    fn list_end(&mut self, (p, l, n): Self::List, list: &walk::List<'_>, e: String) -> String {
        let (size, align, base) = (list.size, list.align, list.base);
        format!(
            "{{\nlet list{n} = {p} as usize as *mut u8;\nlet len{n} = {l} as usize;\nlet mut v{n} = Vec::with_capacity(len{n});\nfor i in 0..len{n} {{\nlet base{base} = list{n}.add(i * {size});\nv{n}.push({e});\n}}\n{}__weld_dealloc(list{n}, len{n} * {size}, {align});\nv{n}{}\n}}",
            self.rt,
            // A map's entries become the map.
            if self.is_entry(list.elem_ty) { ".into_iter().collect::<std::collections::HashMap<_, _>>()" } else { "" }
        )
    }

    fn record(&mut self, ty: TypeId, fields: Vec<String>) -> String {
        let TypeDefKind::Record(r) = &self.g.resolve().types[ty].kind else { unreachable!() };
        let parts: Vec<String> =
            r.fields.iter().zip(fields).map(|(f, v)| format!("{}: {v}", field_name(&f.name))).collect();
        format!("{} {{ {} }}", self.path_of(ty), parts.join(", "))
    }

    fn tuple(&mut self, _ty: TypeId, items: Vec<String>) -> String {
        format!("({},)", items.join(", "))
    }

    fn flags(&mut self, ty: TypeId, count: usize, size: u32, at: At) -> String {
        if count == 0 {
            return format!("{}::empty()", self.path_of(ty));
        }
        let bits = match size {
            1 => "u8",
            2 => "u16",
            _ => "u32",
        };
        format!("{}::from_bits_retain({} as {bits})", self.path_of(ty), self.read_u32(at, size))
    }

    fn enum_(&mut self, ty: TypeId, size: u32, disc: At) -> String {
        format!("{}::_lift({})", self.path_of(ty), self.read_u32(disc, size))
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>) -> Self::Variant {
        (self.read_u32(v.disc, v.size), Vec::new())
    }

    fn case_end(&mut self, (_, arms): &mut Self::Variant, v: &walk::Variant<'_>, i: usize, payload: Option<String>) {
        let value = match &self.g.resolve().types[v.ty].kind {
            TypeDefKind::Option(_) => match payload {
                Some(p) => format!("Some({p})"),
                None => "None".into(),
            },
            TypeDefKind::Result(_) => {
                let ctor = if i == 0 { "Ok" } else { "Err" };
                format!("{ctor}({})", payload.unwrap_or("()".into()))
            }
            TypeDefKind::Variant(var) => {
                let path = self.path_of(v.ty);
                let c = camel(&var.cases[i].name);
                match payload {
                    Some(p) => format!("{path}::{c}({p})"),
                    None => format!("{path}::{c}"),
                }
            }
            _ => unreachable!(),
        };
        arms.push(format!("{i} => {value},"));
    }

    fn variant_end(&mut self, (d, arms): Self::Variant, _v: &walk::Variant<'_>) -> String {
        format!("match {d} {{\n{}\n_ => panic!(\"invalid discriminant\"),\n}}", arms.join("\n"))
    }

    fn handle(&mut self, ty: TypeId, resource: TypeId, own: bool, at: At) -> String {
        let h = self.read_u32(at, 4);
        let exported = self.g.world.handle_exported(ty, self.export);
        let path = self.g.type_path(resource, self.path, exported);
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

    fn async_handle(&mut self, ty: Type, at: At) -> String {
        let h = self.read_u32(at, 4);
        let rust = self.g.ty(&ty, self.path, false, self.export);
        format!("<{rust}>::from_handle({h})")
    }
}

impl walk::Lower for Body<'_, '_, '_> {
    type List = usize;
    type Variant = usize;

    fn enter(&mut self, plan: &Plan) {
        self.enter_value(plan);
    }

    fn leave(&mut self) {
        self.leave_value();
    }

    fn prim(&mut self, prim: Prim, at: At, x: &str) {
        let v = self.deref(x);
        match at {
            At::Mem { base, offset } => {
                let t = mem_ty(prim);
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

    fn string(&mut self, ptr: At, len: At, x: &str) {
        let n = self.tmp();
        if self.mode == Mode::Owned {
            self.src.push(&format!("let s{n} = core::mem::ManuallyDrop::new(({x}).into_boxed_str());"));
        } else {
            self.src.push(&format!("let s{n} = {x};"));
        }
        self.write_u32(ptr, &format!("s{n}.as_ptr() as usize"), 4);
        self.write_u32(len, &format!("s{n}.len()"), 4);
    }

    fn plain_list(&mut self, _elem: Prim, list: &walk::List<'_>, x: &str) {
        let n = self.tmp();
        if self.mode == Mode::Owned {
            self.src.push(&format!("let s{n} = core::mem::ManuallyDrop::new(({x}).into_boxed_slice());"));
        } else {
            self.src.push(&format!("let s{n} = {x};"));
        }
        self.write_u32(list.ptr, &format!("s{n}.as_ptr() as usize"), 4);
        self.write_u32(list.len, &format!("s{n}.len()"), 4);
    }

    fn list_begin(&mut self, list: &walk::List<'_>, x: &str) -> (usize, String) {
        let (size, align, base) = (list.size, list.align, list.base);
        let n = self.tmp();
        let rt = self.rt.clone();
        self.src.push(&format!("let v{n} = {x};"));
        self.src.push(&format!("let len{n} = v{n}.len();"));
        self.src.push(&format!("let list{n} = {rt}__weld_alloc(len{n} * {size}, {align});"));
        let iter = if self.mode == Mode::Owned { "into_iter" } else { "iter" };
        if self.mode == Mode::Borrowed {
            self.src.push(&format!("cleanup.push((list{n}, len{n} * {size}, {align}));"));
        }
        self.src.push(&format!("for (i, e{n}) in v{n}.{iter}().enumerate() {{"));
        self.src.push(&format!("let base{base} = list{n}.add(i * {size});"));
        (n, format!("e{n}"))
    }

    fn list_end(&mut self, n: usize, list: &walk::List<'_>, _x: &str) {
        self.src.push("}");
        self.write_u32(list.ptr, &format!("list{n} as usize"), 4);
        self.write_u32(list.len, &format!("len{n}"), 4);
    }

    fn record(&mut self, ty: TypeId, x: &str) -> Vec<String> {
        let n = self.tmp();
        self.src.push(&format!("let r{n} = {x};"));
        let TypeDefKind::Record(r) = &self.g.resolve().types[ty].kind else { unreachable!() };
        let amp = if self.mode == Mode::Borrowed { "&" } else { "" };
        r.fields.iter().map(|f| format!("{amp}r{n}.{}", field_name(&f.name))).collect()
    }

    fn tuple(&mut self, ty: TypeId, len: usize, x: &str) -> Vec<String> {
        let n = self.tmp();
        self.src.push(&format!("let t{n} = {x};"));
        // A borrowed map's entries are already `(&K, &V)`.
        let amp = if self.mode == Mode::Borrowed && !self.g.entries.contains(&ty) { "&" } else { "" };
        (0..len).map(|i| format!("{amp}t{n}.{i}")).collect()
    }

    fn flags(&mut self, size: u32, at: At, x: &str) {
        let v = format!("{}.bits()", self.deref(x));
        self.write_u32(at, &v, size);
    }

    fn enum_(&mut self, size: u32, disc: At, x: &str) {
        let v = format!("{} as u32", self.deref(x));
        self.write_u32(disc, &v, size);
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>, x: &str) -> (usize, Vec<usize>) {
        let n = self.tmp();
        self.src.push(&format!("match {x} {{"));
        (n, (0..v.cases.len()).collect())
    }

    fn case_begin(&mut self, n: &usize, v: &walk::Variant<'_>, i: usize) -> String {
        let bind = format!("e{n}");
        let payload = v.cases[i].is_some();
        let pat = match &self.g.resolve().types[v.ty].kind {
            TypeDefKind::Option(_) => {
                if i == 0 {
                    "None".into()
                } else {
                    format!("Some({bind})")
                }
            }
            TypeDefKind::Result(_) => {
                let ctor = if i == 0 { "Ok" } else { "Err" };
                if payload { format!("{ctor}({bind})") } else { format!("{ctor}(_)") }
            }
            TypeDefKind::Variant(var) => {
                let c = format!("{}::{}", self.path_of(v.ty), camel(&var.cases[i].name));
                if payload { format!("{c}({bind})") } else { c }
            }
            _ => unreachable!(),
        };
        self.src.push(&format!("{pat} => {{"));
        self.write_u32(v.disc, &i.to_string(), v.size);
        bind
    }

    fn case_end(&mut self, _n: &usize, _v: &walk::Variant<'_>, _i: usize) {
        self.src.push("}");
    }

    fn variant_end(&mut self, _n: usize, _v: &walk::Variant<'_>) {
        self.src.push("}");
    }

    fn handle(&mut self, _ty: TypeId, _resource: TypeId, own: bool, at: At, x: &str) {
        let v = if own { format!("({x}).take_handle()") } else { format!("({x}).handle()") };
        self.write_u32(at, &v, 4);
    }

    /// A stream or future end is moved to the receiver; an error-context
    /// is copied (an owned one is kept alive: its handle is not dropped).
    fn async_handle(&mut self, ty: Type, at: At, x: &str) {
        let v = match (ty, self.mode) {
            (Type::ErrorContext, Mode::Borrowed) => format!("({x}).handle()"),
            (Type::ErrorContext, Mode::Owned) => format!("core::mem::ManuallyDrop::new({x}).handle()"),
            _ => format!("({x}).take_handle()"),
        };
        self.write_u32(at, &v, 4);
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

    fn case_begin(&mut self, _v: &walk::Variant<'_>, i: usize) {
        self.src.push(&format!("{i} => {{"));
    }

    fn case_end(&mut self, _v: &walk::Variant<'_>, _i: usize) {
        self.src.push("}");
    }

    fn variant_end(&mut self, _v: &walk::Variant<'_>) {
        self.src.push("_ => {}");
        self.src.push("}");
    }
}
