//! Lifting (core values to Zig values), lowering (Zig values to core values)
//! and post-return freeing, spelled in Zig from the shared [`Plan`]s.
//!
//! Flat values being lifted are named by `flat`; flat values being lowered
//! are the variables `_f<i>`; memory is addressed from `_base<n>` (a
//! `[*]u8`), one per base of the plan. Every other local gets a fresh number.

use wit_parser::{Type, TypeDefKind, TypeId};

use super::{Gen, field};
use crate::abi::{At, Core, Plan, Prim};
use crate::source::Source;
use crate::walk;

/// Lowering either borrows the value (import arguments: memory the lowering
/// allocates is lent for the call and released by `_cleanup`) or consumes it
/// (export results: memory is handed over and freed by post-return).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mode {
    Borrowed,
    Owned,
}

/// The statements of one generated function.
pub(super) struct Body<'g, 'w, 'a> {
    g: &'g Gen<'w, 'a>,
    path: &'g [String],
    export: bool,
    pub src: Source,
    /// Names of the flat core values being lifted.
    pub flat: Vec<String>,
    /// Flat values being lowered are declared where they are set (`const`),
    /// rather than set in `var`s declared beforehand; only for values
    /// without variants, which set each flat value exactly once.
    pub direct: bool,
    /// How the value being lowered is held.
    mode: Mode,
    tmp: usize,
}

impl<'g, 'w, 'a> Body<'g, 'w, 'a> {
    pub fn new(g: &'g Gen<'w, 'a>, path: &'g [String], export: bool) -> Self {
        Body {
            g,
            path,
            export,
            src: Source::new("    "),
            flat: Vec::new(),
            direct: false,
            mode: Mode::Borrowed,
            tmp: 0,
        }
    }

    fn tmp(&mut self) -> usize {
        self.tmp += 1;
        self.tmp
    }

    fn zty(&self, ty: &Type) -> String {
        self.g.zty(ty, self.path, self.export)
    }

    fn type_ref(&self, id: TypeId) -> String {
        self.g.type_ref(id, self.path, self.export)
    }

    /// A core `i32` read from a flat value or memory.
    fn read_i32(&self, at: At) -> String {
        match at {
            At::Flat { index, slot } => coerce_in(&self.flat[index], slot, Core::I32),
            At::Mem { base, offset } => format!("_rt.load(i32, _base{base}, {offset})"),
        }
    }

    /// An unsigned value of `size` bytes, as a `u32`.
    fn read_u32(&self, at: At, size: u32) -> String {
        match at {
            At::Flat { .. } => format!("@as(u32, @bitCast({}))", self.read_i32(at)),
            At::Mem { base, offset } => format!("@as(u32, _rt.load(u{}, _base{base}, {offset}))", size * 8),
        }
    }

    /// Sets flat value `index` (of core type `slot`) to `v`.
    fn set_flat(&mut self, index: usize, slot: Core, v: &str) {
        if self.direct {
            self.src.push(&format!("const _f{index}: {} = {v};", core(slot)));
        } else {
            self.src.push(&format!("_f{index} = {v};"));
        }
    }

    /// Stores `v`, an `i32` expression.
    fn write_i32(&mut self, at: At, v: &str) {
        match at {
            At::Flat { index, slot } => self.set_flat(index, slot, &coerce_out(v, Core::I32, slot)),
            At::Mem { base, offset } => self.src.push(&format!("_rt.store(i32, _base{base}, {offset}, {v});")),
        }
    }

    /// Stores `v`, an unsigned expression of `size` bytes.
    fn write_uint(&mut self, at: At, v: &str, size: u32) {
        match at {
            At::Flat { index, slot } => {
                let v = format!("@as(i32, @bitCast(@as(u32, {v})))");
                self.set_flat(index, slot, &coerce_out(&v, Core::I32, slot));
            }
            At::Mem { base, offset } => {
                self.src.push(&format!("_rt.store(u{}, _base{base}, {offset}, {v});", size * 8));
            }
        }
    }

    /// Stores discriminant `i`.
    fn write_disc(&mut self, at: At, i: usize, size: u32) {
        match at {
            At::Flat { index, .. } => self.src.push(&format!("_f{index} = {i};")),
            At::Mem { base, offset } => {
                self.src.push(&format!("_rt.store(u{}, _base{base}, {offset}, {i});", size * 8));
            }
        }
    }

    /// A parameter of an exported function: a borrowed resource of this
    /// module arrives as its value's address, given to the implementation as
    /// a pointer to its type. Returns the Zig type and the expression.
    pub fn lift_param(&mut self, plan: &Plan, ty: &Type) -> (String, String) {
        if let Plan::Handle { ty, resource, own: false, at } = plan
            && self.g.world.handle_exported(*ty, true)
        {
            let t = format!("*{}", self.g.impl_resource(*resource, "_Impl"));
            return (t, format!("@ptrCast(@alignCast(_rt.ptr({})))", self.read_i32(*at)));
        }
        (self.zty(ty), self.lift(plan))
    }

    /// A Zig expression of the value `plan` describes (it may span lines).
    pub fn lift(&mut self, plan: &Plan) -> String {
        walk::lift(self, plan)
    }

    /// Statements storing the value of Zig expression `x` (a place: it may
    /// be read more than once).
    pub fn lower(&mut self, plan: &Plan, x: &str, mode: Mode) {
        self.mode = mode;
        walk::lower(self, plan, x);
    }

    /// Statements releasing what an export's result lowered into memory
    /// (post-return).
    pub fn free(&mut self, plan: &Plan) {
        walk::free(self, plan);
    }
}

impl walk::Lift for Body<'_, '_, '_> {
    /// The list's pointer, length, local number and element type.
    type List = (String, String, usize, String);
    /// The discriminant and the arms so far.
    type Variant = (String, Vec<String>);

    fn prim(&mut self, prim: Prim, at: At) -> String {
        match at {
            At::Mem { base, offset } => {
                let raw = format!("_rt.load({}, _base{base}, {offset})", mem_ty(prim));
                match prim {
                    Prim::Bool => format!("({raw} != 0)"),
                    Prim::Char => format!("@as(u21, @intCast({raw}))"),
                    _ => raw,
                }
            }
            At::Flat { index, slot } => lift_flat(prim, &coerce_in(&self.flat[index], slot, prim.core())),
        }
    }

    fn string(&mut self, ptr: At, len: At) -> String {
        format!("_rt.string({}, {})", self.read_i32(ptr), self.read_i32(len))
    }

    fn plain_list(&mut self, elem: Prim, list: &walk::List<'_>) -> String {
        format!("_rt.slice({}, {}, {})", mem_ty(elem), self.read_i32(list.ptr), self.read_i32(list.len))
    }

    fn list_begin(&mut self, list: &walk::List<'_>) -> Self::List {
        let (p, l) = (self.read_i32(list.ptr), self.read_i32(list.len));
        let n = self.tmp();
        (p, l, n, self.zty(list.elem_ty))
    }

    fn list_end(&mut self, (p, l, n, t): Self::List, list: &walk::List<'_>, e: String) -> String {
        let (size, align, base) = (list.size, list.align, list.base);
        format!(
            "_blk{n}: {{\n\
             const _ptr{n} = {p};\n\
             const _len{n} = _rt.len({l});\n\
             const _v{n} = _root.allocator.alloc({t}, _len{n}) catch _rt.oom();\n\
             for (_v{n}, 0..) |*_e{n}, _i{n}| {{\n\
             const _base{base} = _rt.ptr(_ptr{n}) + _i{n} * {size};\n\
             _e{n}.* = {e};\n\
             }}\n\
             _rt.dealloc(_ptr{n}, _len{n} * {size}, {align});\n\
             break :_blk{n} _v{n};\n\
             }}"
        )
    }

    fn record(&mut self, ty: TypeId, fields: Vec<String>) -> String {
        let TypeDefKind::Record(r) = &self.g.resolve().types[ty].kind else { unreachable!() };
        let parts: Vec<String> =
            r.fields.iter().zip(fields).map(|(f, v)| format!(".{} = {v}", field(&f.name))).collect();
        format!(".{{ {} }}", parts.join(", "))
    }

    fn tuple(&mut self, _ty: TypeId, items: Vec<String>) -> String {
        // zig fmt writes a one-element tuple as `.{x}` (found by weld-fuzz,
        // seed 6500).
        if let [one] = items.as_slice() {
            return format!(".{{{one}}}");
        }
        format!(".{{ {} }}", items.join(", "))
    }

    fn flags(&mut self, ty: TypeId, count: usize, size: u32, at: At) -> String {
        if count == 0 {
            return ".{}".into();
        }
        let bits = size * 8;
        let v = self.read_u32(at, size);
        format!("@as({}, @bitCast(@as(u{bits}, @truncate({v}))))", self.type_ref(ty))
    }

    fn enum_(&mut self, ty: TypeId, size: u32, disc: At) -> String {
        let v = self.read_u32(disc, size);
        format!("@as({}, @fromBackingInt(@as(u{}, @intCast({v}))))", self.type_ref(ty), size * 8)
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>) -> Self::Variant {
        (self.read_u32(v.disc, v.size), Vec::new())
    }

    fn case_end(&mut self, (_, arms): &mut Self::Variant, v: &walk::Variant<'_>, i: usize, payload: Option<String>) {
        let value = match &self.g.resolve().types[v.ty].kind {
            TypeDefKind::Option(_) => {
                let t = self.zty(&Type::Id(v.ty));
                format!("@as({t}, {})", payload.unwrap_or("null".into()))
            }
            TypeDefKind::Result(_) => {
                let tag = if i == 0 { "ok" } else { "err" };
                format!(".{{ .{tag} = {} }}", payload.unwrap_or("{}".into()))
            }
            TypeDefKind::Variant(var) => {
                format!(".{{ .{} = {} }}", field(&var.cases[i].name), payload.unwrap_or("{}".into()))
            }
            _ => unreachable!("only variants, options and results have cases"),
        };
        arms.push(format!("{i} => {value},"));
    }

    fn variant_end(&mut self, (d, arms): Self::Variant, _v: &walk::Variant<'_>) -> String {
        format!("switch ({d}) {{\n{}\nelse => unreachable,\n}}", arms.join("\n"))
    }

    fn handle(&mut self, ty: TypeId, resource: TypeId, own: bool, at: At) -> String {
        let exported = self.g.world.handle_exported(ty, self.export);
        let t = self.g.type_ref(resource, self.path, exported);
        let h = self.read_i32(at);
        match (own, exported) {
            // A borrow of this module's own resource is its rep.
            (false, true) => format!("{t}.Borrow{{ .rep = {h} }}"),
            // A borrow lent to an export: dropped when the call is over.
            (false, false) if self.export => format!(
                "{t}{{ .handle = _lent.add({h}, struct {{\nfn drop(_h: i32) void {{\n{t}.deinit(.{{ .handle = _h }});\n}}\n}}.drop) }}"
            ),
            _ => format!("{t}{{ .handle = {h} }}"),
        }
    }
}

impl walk::Lower for Body<'_, '_, '_> {
    type List = usize;
    type Variant = usize;

    fn prim(&mut self, prim: Prim, at: At, x: &str) {
        match at {
            At::Flat { index, slot } => {
                let v = coerce_out(&lower_flat(prim, x), prim.core(), slot);
                self.set_flat(index, slot, &v);
            }
            At::Mem { base, offset } => {
                let v = match prim {
                    Prim::Bool => format!("@as(u8, @intFromBool({x}))"),
                    Prim::Char => format!("@as(u32, {x})"),
                    _ => x.to_string(),
                };
                self.src.push(&format!("_rt.store({}, _base{base}, {offset}, {v});", mem_ty(prim)));
            }
        }
    }

    fn string(&mut self, ptr: At, len: At, x: &str) {
        self.write_i32(ptr, &format!("_rt.addr({x}.ptr)"));
        self.write_i32(len, &format!("@as(i32, @intCast({x}.len))"));
    }

    fn plain_list(&mut self, _elem: Prim, list: &walk::List<'_>, x: &str) {
        self.write_i32(list.ptr, &format!("_rt.addr({x}.ptr)"));
        self.write_i32(list.len, &format!("@as(i32, @intCast({x}.len))"));
    }

    fn list_begin(&mut self, list: &walk::List<'_>, x: &str) -> (usize, String) {
        let (size, align, base) = (list.size, list.align, list.base);
        let n = self.tmp();
        let alloc = match self.mode {
            Mode::Borrowed => format!("_cleanup.alloc({x}.len * {size}, {align})"),
            Mode::Owned => format!("_rt.alloc({x}.len * {size}, {align})"),
        };
        self.src.push(&format!("const _list{n} = {alloc};"));
        self.src.push(&format!("for ({x}, 0..) |_e{n}, _i{n}| {{"));
        self.src.push(&format!("const _base{base} = _list{n} + _i{n} * {size};"));
        (n, format!("_e{n}"))
    }

    fn list_end(&mut self, n: usize, list: &walk::List<'_>, x: &str) {
        self.src.push("}");
        self.write_i32(list.ptr, &format!("_rt.addr(_list{n})"));
        self.write_i32(list.len, &format!("@as(i32, @intCast({x}.len))"));
        if self.mode == Mode::Owned {
            // The elements moved into the new list.
            self.src.push(&format!("_root.allocator.free({x});"));
        }
    }

    fn record(&mut self, ty: TypeId, x: &str) -> Vec<String> {
        let TypeDefKind::Record(r) = &self.g.resolve().types[ty].kind else { unreachable!() };
        r.fields.iter().map(|f| format!("{x}.{}", field(&f.name))).collect()
    }

    fn tuple(&mut self, _ty: TypeId, len: usize, x: &str) -> Vec<String> {
        (0..len).map(|i| format!("{x}[{i}]")).collect()
    }

    fn flags(&mut self, size: u32, at: At, x: &str) {
        self.write_uint(at, &format!("@as(u{}, @bitCast({x}))", size * 8), size);
    }

    fn enum_(&mut self, size: u32, disc: At, x: &str) {
        self.write_uint(disc, &format!("@backingInt({x})"), size);
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>, x: &str) -> (usize, Vec<usize>) {
        let n = self.tmp();
        if let TypeDefKind::Option(_) = self.g.resolve().types[v.ty].kind {
            // `if (x) |e| { some } else { none }`
            self.src.push(&format!("if ({x}) |_e{n}| {{"));
            return (n, vec![1, 0]);
        }
        self.src.push(&format!("switch ({x}) {{"));
        (n, (0..v.cases.len()).collect())
    }

    fn case_begin(&mut self, n: &usize, v: &walk::Variant<'_>, i: usize) -> String {
        let kind = &self.g.resolve().types[v.ty].kind;
        if let TypeDefKind::Option(_) = kind {
            if i == 0 {
                self.src.push("} else {");
            }
            self.write_disc(v.disc, i, v.size);
            return format!("_e{n}");
        }
        let tag = match kind {
            TypeDefKind::Result(_) => (if i == 0 { "ok" } else { "err" }).to_string(),
            TypeDefKind::Variant(var) => field(&var.cases[i].name),
            _ => unreachable!("only variants, options and results have cases"),
        };
        match v.cases[i] {
            Some(_) => self.src.push(&format!(".{tag} => |_e{n}| {{")),
            None => self.src.push(&format!(".{tag} => {{")),
        }
        self.write_disc(v.disc, i, v.size);
        format!("_e{n}")
    }

    fn case_end(&mut self, _n: &usize, v: &walk::Variant<'_>, _i: usize) {
        if !matches!(self.g.resolve().types[v.ty].kind, TypeDefKind::Option(_)) {
            self.src.push("},");
        }
    }

    fn variant_end(&mut self, _n: usize, _v: &walk::Variant<'_>) {
        self.src.push("}");
    }

    fn handle(&mut self, _ty: TypeId, _resource: TypeId, _own: bool, at: At, x: &str) {
        self.write_i32(at, &format!("{x}.handle"));
    }
}

impl walk::Free for Body<'_, '_, '_> {
    type List = usize;

    fn string(&mut self, ptr: At, len: At) {
        let (p, l) = (self.read_i32(ptr), self.read_i32(len));
        self.src.push(&format!("_rt.dealloc({p}, _rt.len({l}), 1);"));
    }

    fn list_begin(&mut self, list: &walk::List<'_>) -> usize {
        let n = self.tmp();
        let (p, l) = (self.read_i32(list.ptr), self.read_i32(list.len));
        self.src.push(&format!("const _ptr{n} = {p};"));
        self.src.push(&format!("const _len{n} = _rt.len({l});"));
        n
    }

    fn elems_begin(&mut self, n: &usize, list: &walk::List<'_>) {
        self.src.push(&format!("for (0.._len{n}) |_i{n}| {{"));
        self.src.push(&format!("const _base{} = _rt.ptr(_ptr{n}) + _i{n} * {};", list.base, list.size));
    }

    fn elems_end(&mut self) {
        self.src.push("}");
    }

    fn list_end(&mut self, n: usize, list: &walk::List<'_>) {
        self.src.push(&format!("_rt.dealloc(_ptr{n}, _len{n} * {}, {});", list.size, list.align));
    }

    fn variant_begin(&mut self, v: &walk::Variant<'_>) {
        self.src.push(&format!("switch ({}) {{", self.read_u32(v.disc, v.size)));
    }

    fn case_begin(&mut self, _v: &walk::Variant<'_>, i: usize) {
        self.src.push(&format!("{i} => {{"));
    }

    fn case_end(&mut self, _v: &walk::Variant<'_>, _i: usize) {
        self.src.push("},");
    }

    fn variant_end(&mut self, _v: &walk::Variant<'_>) {
        self.src.push("else => {},");
        self.src.push("}");
    }
}

/// The Zig type of a scalar in memory.
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

/// A scalar from flat value `v` of the scalar's core type.
fn lift_flat(p: Prim, v: &str) -> String {
    match p {
        Prim::Bool => format!("({v} != 0)"),
        Prim::U8 | Prim::U16 => format!("@as({}, @truncate(@as(u32, @bitCast({v}))))", mem_ty(p)),
        Prim::S8 | Prim::S16 => format!("@as({}, @truncate({v}))", mem_ty(p)),
        Prim::U32 => format!("@as(u32, @bitCast({v}))"),
        Prim::U64 => format!("@as(u64, @bitCast({v}))"),
        Prim::Char => format!("@as(u21, @intCast(@as(u32, @bitCast({v}))))"),
        Prim::S32 | Prim::S64 | Prim::F32 | Prim::F64 => v.to_string(),
    }
}

/// Scalar `x` as a flat value of the scalar's core type.
fn lower_flat(p: Prim, x: &str) -> String {
    match p {
        Prim::Bool => format!("@as(i32, @intFromBool({x}))"),
        Prim::U8 | Prim::S8 | Prim::U16 | Prim::S16 | Prim::Char => format!("@as(i32, {x})"),
        Prim::U32 => format!("@as(i32, @bitCast({x}))"),
        Prim::U64 => format!("@as(i64, @bitCast({x}))"),
        Prim::S32 | Prim::S64 | Prim::F32 | Prim::F64 => x.to_string(),
    }
}

/// Flat value `v` of a (joined) slot type as core type `want`.
fn coerce_in(v: &str, slot: Core, want: Core) -> String {
    match (slot, want) {
        (a, b) if a == b => v.to_string(),
        (Core::I64, Core::I32) => format!("@as(i32, @truncate({v}))"),
        (Core::I32, Core::F32) => format!("@as(f32, @bitCast({v}))"),
        (Core::I64, Core::F32) => format!("@as(f32, @bitCast(@as(i32, @truncate({v}))))"),
        (Core::I64, Core::F64) => format!("@as(f64, @bitCast({v}))"),
        _ => v.to_string(),
    }
}

/// Value `v` of core type `have` as a flat value of slot type `slot`.
fn coerce_out(v: &str, have: Core, slot: Core) -> String {
    match (have, slot) {
        (a, b) if a == b => v.to_string(),
        (Core::I32, Core::I64) => format!("@as(i64, @as(u32, @bitCast({v})))"),
        (Core::F32, Core::I32) => format!("@as(i32, @bitCast({v}))"),
        (Core::F32, Core::I64) => format!("@as(i64, @as(u32, @bitCast({v})))"),
        (Core::F64, Core::I64) => format!("@as(i64, @bitCast({v}))"),
        _ => v.to_string(),
    }
}

/// Whether the flat values of `plan` include a variant's (which are set in
/// some cases only).
pub(super) fn flat_variant(plan: &Plan) -> bool {
    match plan {
        Plan::Variant { .. } => true,
        Plan::Record { fields: items, .. } | Plan::Tuple { items, .. } => items.iter().any(flat_variant),
        _ => false,
    }
}

/// The Zig type of a core value.
pub(super) fn core(c: Core) -> &'static str {
    match c {
        Core::I32 => "i32",
        Core::I64 => "i64",
        Core::F32 => "f32",
        Core::F64 => "f64",
    }
}
