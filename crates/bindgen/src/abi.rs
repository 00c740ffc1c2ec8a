//! The canonical ABI, computed once for every language.
//!
//! For each function this module decides the core signature (flat or
//! indirect parameters, flat result or return pointer) and builds a [`Plan`]
//! per parameter and result: a tree that mirrors the WIT type and records,
//! for every leaf, where its core value lives ([`At`]): a flat slot (with the
//! slot's core type, which may be wider than the leaf's own because variant
//! payloads are joined) or a memory offset from a base pointer. A language
//! backend walks a plan to emit lifting (core to language value) or lowering
//! (language value to core) in its own syntax; it never computes an offset,
//! a join or a discriminant width itself.

use wit_parser::{Function, FunctionKind, Handle, Resolve, Type, TypeDefKind, TypeId};

/// A core WebAssembly value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Core {
    I32,
    I64,
    F32,
    F64,
}

/// A WIT scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prim {
    Bool,
    U8,
    S8,
    U16,
    S16,
    U32,
    S32,
    U64,
    S64,
    F32,
    F64,
    Char,
}

impl Prim {
    pub fn of(ty: &Type) -> Option<Prim> {
        Some(match ty {
            Type::Bool => Prim::Bool,
            Type::U8 => Prim::U8,
            Type::S8 => Prim::S8,
            Type::U16 => Prim::U16,
            Type::S16 => Prim::S16,
            Type::U32 => Prim::U32,
            Type::S32 => Prim::S32,
            Type::U64 => Prim::U64,
            Type::S64 => Prim::S64,
            Type::F32 => Prim::F32,
            Type::F64 => Prim::F64,
            Type::Char => Prim::Char,
            _ => return None,
        })
    }

    /// The core type a flat value of this scalar has.
    pub fn core(self) -> Core {
        match self {
            Prim::U64 | Prim::S64 => Core::I64,
            Prim::F32 => Core::F32,
            Prim::F64 => Core::F64,
            _ => Core::I32,
        }
    }

    /// Bytes in linear memory.
    pub fn size(self) -> u32 {
        match self {
            Prim::Bool | Prim::U8 | Prim::S8 => 1,
            Prim::U16 | Prim::S16 => 2,
            Prim::U64 | Prim::S64 | Prim::F64 => 8,
            _ => 4,
        }
    }
}

/// The element of a list that every language holds as a plain slice of
/// numbers, bit for bit as in linear memory (not `bool` or `char`).
pub fn plain_elem(ty: &Type) -> Option<Prim> {
    Prim::of(ty).filter(|p| !matches!(p, Prim::Bool | Prim::Char))
}

/// Where a leaf's core value is read from or written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// Flat slot `index`, declared with core type `slot`.
    Flat { index: usize, slot: Core },
    /// `offset` bytes from the pointer named by base `base`.
    Mem { base: usize, offset: u32 },
}

impl At {
    fn at(self, extra: u32) -> At {
        match self {
            At::Mem { base, offset } => At::Mem { base, offset: offset + extra },
            flat => flat,
        }
    }
}

/// The shape of a value together with the location of each of its leaves.
#[derive(Clone, Debug)]
pub enum Plan {
    Prim {
        prim: Prim,
        at: At,
    },
    /// A UTF-8 string: pointer and length in bytes.
    String {
        ptr: At,
        len: At,
    },
    /// A list: pointer and element count; `elem` is laid out in memory from
    /// base `base`, which names the current element's address.
    List {
        elem_ty: Type,
        ptr: At,
        len: At,
        size: u32,
        align: u32,
        base: usize,
        elem: Box<Plan>,
    },
    Record {
        ty: TypeId,
        fields: Vec<Plan>,
    },
    Tuple {
        ty: TypeId,
        items: Vec<Plan>,
    },
    /// Flags: one word (the component model allows at most 32 flags) of
    /// `size` bytes in memory.
    Flags {
        ty: TypeId,
        count: usize,
        size: u32,
        at: At,
    },
    Enum {
        ty: TypeId,
        size: u32,
        disc: At,
    },
    /// A variant, option or result: discriminant of `size` bytes and one plan
    /// per case that has a payload.
    Variant {
        ty: TypeId,
        size: u32,
        disc: At,
        cases: Vec<Option<Plan>>,
    },
    /// An `own` or `borrow` handle (a core i32).
    Handle {
        ty: TypeId,
        resource: TypeId,
        own: bool,
        at: At,
    },
}

impl Plan {
    /// Whether a value lowered by this plan holds memory (strings or lists)
    /// that its receiver, or an export's post-return, must release.
    pub fn owns_memory(&self) -> bool {
        match self {
            Plan::String { .. } | Plan::List { .. } => true,
            Plan::Record { fields: items, .. } | Plan::Tuple { items, .. } => items.iter().any(Plan::owns_memory),
            Plan::Variant { cases, .. } => cases.iter().flatten().any(Plan::owns_memory),
            _ => false,
        }
    }

    /// Whether lowering this plan for an import allocates memory lent for
    /// the call (a list that is not a plain slice).
    pub fn lends_memory(&self) -> bool {
        match self {
            Plan::List { elem_ty, .. } => plain_elem(elem_ty).is_none(),
            Plan::Record { fields: items, .. } | Plan::Tuple { items, .. } => items.iter().any(Plan::lends_memory),
            Plan::Variant { cases, .. } => cases.iter().flatten().any(Plan::lends_memory),
            _ => false,
        }
    }
}

/// Base number of the parameters' memory when they are passed indirectly.
pub const PARAMS_BASE: usize = 0;
/// Base number of the return area.
pub const RESULT_BASE: usize = 1;

/// How one function crosses the boundary, seen from the guest.
#[derive(Clone, Debug)]
pub struct FuncAbi {
    /// Core parameters (including the return pointer for an import).
    pub params: Vec<Core>,
    /// Core results (the return pointer for an export).
    pub results: Vec<Core>,
    /// The parameters are in memory at [`PARAMS_BASE`], whose pointer is the
    /// only core parameter.
    pub indirect: bool,
    /// The result is in memory at [`RESULT_BASE`].
    pub retptr: bool,
    pub param_plans: Vec<Plan>,
    pub result_plan: Option<Plan>,
    /// Size and alignment of the parameters' memory (when `indirect`).
    pub params_layout: (u32, u32),
    /// Size and alignment of the return area (when `retptr`).
    pub result_layout: (u32, u32),
    /// Plans use bases up to (not including) this number.
    pub bases: usize,
}

const MAX_FLAT_PARAMS: usize = 16;
const MAX_FLAT_RESULTS: usize = 1;

pub struct Abi<'a> {
    pub resolve: &'a Resolve,
    next_base: usize,
}

impl<'a> Abi<'a> {
    pub fn new(resolve: &'a Resolve) -> Self {
        Abi { resolve, next_base: RESULT_BASE + 1 }
    }

    /// The ABI of `func`, imported (`export == false`) or exported.
    pub fn func(&mut self, func: &Function, export: bool) -> FuncAbi {
        self.next_base = RESULT_BASE + 1;
        let tys: Vec<Type> = func.params.iter().map(|p| p.ty).collect();
        let mut flat_params = Vec::new();
        for ty in &tys {
            flat_params.extend(self.flat(ty));
        }
        let indirect = flat_params.len() > MAX_FLAT_PARAMS;
        let params_layout = self.record_layout(&tys);
        let mut param_plans = Vec::new();
        let mut params = if indirect {
            let offsets = self.offsets(&tys);
            for (ty, off) in tys.iter().zip(offsets) {
                param_plans.push(self.mem(ty, At::Mem { base: PARAMS_BASE, offset: off }));
            }
            vec![Core::I32]
        } else {
            let mut index = 0;
            for ty in &tys {
                param_plans.push(self.flat_plan(ty, &flat_params, &mut index));
            }
            flat_params
        };
        if export && matches!(func.kind, FunctionKind::Method(_)) && !indirect {
            // An exported method receives its own resource's rep.
            params[0] = Core::I32;
        }
        let mut results = Vec::new();
        let mut retptr = false;
        let mut result_layout = (0, 1);
        let result_plan = func.result.map(|ty| {
            let flat = self.flat(&ty);
            if flat.len() > MAX_FLAT_RESULTS {
                retptr = true;
                result_layout = (self.size(&ty), self.align(&ty));
                if export {
                    results.push(Core::I32);
                } else {
                    params.push(Core::I32);
                }
                self.mem(&ty, At::Mem { base: RESULT_BASE, offset: 0 })
            } else {
                results = flat.clone();
                self.flat_plan(&ty, &flat, &mut 0)
            }
        });
        FuncAbi {
            params,
            results,
            indirect,
            retptr,
            param_plans,
            result_plan,
            params_layout,
            result_layout,
            bases: self.next_base,
        }
    }

    /// The type behind any aliases.
    pub fn unalias(&self, ty: &Type) -> Type {
        let mut ty = *ty;
        while let Type::Id(id) = ty {
            match &self.resolve.types[id].kind {
                TypeDefKind::Type(t) => ty = *t,
                _ => break,
            }
        }
        ty
    }

    fn kind(&self, id: TypeId) -> &'a TypeDefKind {
        &self.resolve.types[id].kind
    }

    /// The flat core types of `ty`.
    pub fn flat(&self, ty: &Type) -> Vec<Core> {
        let ty = self.unalias(ty);
        if let Some(p) = Prim::of(&ty) {
            return vec![p.core()];
        }
        let id = match ty {
            Type::String => return vec![Core::I32, Core::I32],
            Type::Id(id) => id,
            _ => return vec![Core::I32],
        };
        match self.kind(id) {
            TypeDefKind::Record(r) => r.fields.iter().flat_map(|f| self.flat(&f.ty)).collect(),
            TypeDefKind::Tuple(t) => t.types.iter().flat_map(|t| self.flat(t)).collect(),
            TypeDefKind::List(_) => vec![Core::I32, Core::I32],
            TypeDefKind::Flags(f) if f.flags.is_empty() => vec![],
            TypeDefKind::Flags(_) | TypeDefKind::Enum(_) | TypeDefKind::Handle(_) => vec![Core::I32],
            _ => match self.cases(id) {
                Some(cases) => {
                    let mut joined: Vec<Core> = Vec::new();
                    for case in cases.iter().flatten() {
                        for (i, c) in self.flat(case).into_iter().enumerate() {
                            match joined.get_mut(i) {
                                Some(j) => *j = join(*j, c),
                                None => joined.push(c),
                            }
                        }
                    }
                    let mut out = vec![Core::I32];
                    out.extend(joined);
                    out
                }
                None => vec![Core::I32],
            },
        }
    }

    /// The payload types of a variant, option or result (None otherwise).
    pub fn cases(&self, id: TypeId) -> Option<Vec<Option<Type>>> {
        Some(match self.kind(id) {
            TypeDefKind::Variant(v) => v.cases.iter().map(|c| c.ty).collect(),
            TypeDefKind::Option(t) => vec![None, Some(*t)],
            TypeDefKind::Result(r) => vec![r.ok, r.err],
            _ => return None,
        })
    }

    pub fn size(&self, ty: &Type) -> u32 {
        self.layout(ty).0
    }

    pub fn align(&self, ty: &Type) -> u32 {
        self.layout(ty).1
    }

    /// Size and alignment of `ty` in linear memory.
    pub fn layout(&self, ty: &Type) -> (u32, u32) {
        let ty = self.unalias(ty);
        if let Some(p) = Prim::of(&ty) {
            return (p.size(), p.size());
        }
        let id = match ty {
            Type::String => return (8, 4),
            Type::Id(id) => id,
            _ => return (4, 4),
        };
        match self.kind(id) {
            TypeDefKind::Record(r) => self.record_layout(&r.fields.iter().map(|f| f.ty).collect::<Vec<_>>()),
            TypeDefKind::Tuple(t) => self.record_layout(&t.types),
            TypeDefKind::List(_) => (8, 4),
            TypeDefKind::Flags(f) => {
                let s = flags_size(f.flags.len());
                (s, s.max(1))
            }
            TypeDefKind::Enum(e) => {
                let s = disc_size(e.cases.len());
                (s, s)
            }
            _ => match self.cases(id) {
                Some(cases) => {
                    let d = disc_size(cases.len());
                    let (mut size, mut align) = (0, d);
                    for c in cases.iter().flatten() {
                        let (s, a) = self.layout(c);
                        size = size.max(s);
                        align = align.max(a);
                    }
                    let payload = align_to(d, align);
                    (align_to(payload + size, align), align)
                }
                None => (4, 4),
            },
        }
    }

    /// Size and alignment of a record with these field types.
    pub fn record_layout(&self, tys: &[Type]) -> (u32, u32) {
        let (mut size, mut align) = (0, 1);
        for ty in tys {
            let (s, a) = self.layout(ty);
            size = align_to(size, a) + s;
            align = align.max(a);
        }
        (align_to(size, align), align)
    }

    /// Offsets of the fields of a record with these field types.
    pub fn offsets(&self, tys: &[Type]) -> Vec<u32> {
        let mut size = 0;
        tys.iter()
            .map(|ty| {
                let (s, a) = self.layout(ty);
                let off = align_to(size, a);
                size = off + s;
                off
            })
            .collect()
    }

    /// Offset of a variant's payload.
    pub fn payload_offset(&self, id: TypeId) -> u32 {
        let cases = self.cases(id).unwrap_or_default();
        let align = cases.iter().flatten().map(|c| self.align(c)).max().unwrap_or(1);
        align_to(disc_size(cases.len()), align)
    }

    fn fresh_base(&mut self) -> usize {
        self.next_base += 1;
        self.next_base - 1
    }

    /// The plan of `ty` stored in memory at `at`.
    pub fn mem(&mut self, ty: &Type, at: At) -> Plan {
        self.plan(ty, &mut Loc::Mem(at))
    }

    fn flat_plan(&mut self, ty: &Type, slots: &[Core], index: &mut usize) -> Plan {
        self.plan(ty, &mut Loc::Flat { slots, index })
    }

    fn plan(&mut self, ty: &Type, loc: &mut Loc<'_>) -> Plan {
        let ty = self.unalias(ty);
        if let Some(prim) = Prim::of(&ty) {
            return Plan::Prim { prim, at: loc.take(0) };
        }
        let id = match ty {
            Type::String => {
                let (ptr, len) = (loc.take(0), loc.take(4));
                return Plan::String { ptr, len };
            }
            Type::Id(id) => id,
            Type::ErrorContext => unreachable!("rejected by `unsupported`"),
            _ => unreachable!("scalars handled above"),
        };
        match self.kind(id) {
            TypeDefKind::Record(r) => {
                let tys: Vec<Type> = r.fields.iter().map(|f| f.ty).collect();
                Plan::Record { ty: id, fields: self.fields(&tys, loc) }
            }
            TypeDefKind::Tuple(t) => Plan::Tuple { ty: id, items: self.fields(&t.types, loc) },
            TypeDefKind::List(elem) => {
                let (ptr, len) = (loc.take(0), loc.take(4));
                let (size, align) = self.layout(elem);
                let base = self.fresh_base();
                let plan = self.mem(elem, At::Mem { base, offset: 0 });
                Plan::List { elem_ty: *elem, ptr, len, size, align, base, elem: Box::new(plan) }
            }
            TypeDefKind::Flags(f) => {
                let size = flags_size(f.flags.len());
                let at = if f.flags.is_empty() { At::Mem { base: usize::MAX, offset: 0 } } else { loc.take(0) };
                Plan::Flags { ty: id, count: f.flags.len(), size, at }
            }
            TypeDefKind::Enum(e) => Plan::Enum { ty: id, size: disc_size(e.cases.len()), disc: loc.take(0) },
            TypeDefKind::Handle(h) => {
                let (resource, own) = match h {
                    Handle::Own(r) => (*r, true),
                    Handle::Borrow(r) => (*r, false),
                };
                Plan::Handle { ty: id, resource: self.resource(resource), own, at: loc.take(0) }
            }
            _ => {
                let cases = self.cases(id).expect("every other kind is rejected by `unsupported`");
                let size = disc_size(cases.len());
                match loc {
                    Loc::Mem(at) => {
                        let disc = *at;
                        let payload = at.at(self.payload_offset(id));
                        let plans = cases.iter().map(|c| c.map(|t| self.mem(&t, payload))).collect();
                        Plan::Variant { ty: id, size, disc, cases: plans }
                    }
                    Loc::Flat { slots, index } => {
                        let slots: &[Core] = slots;
                        let i = **index;
                        let disc = At::Flat { index: i, slot: slots[i] };
                        let start = i + 1;
                        let plans =
                            cases.iter().map(|c| c.map(|t| self.flat_plan(&t, slots, &mut start.clone()))).collect();
                        **index += self.flat(&Type::Id(id)).len();
                        Plan::Variant { ty: id, size, disc, cases: plans }
                    }
                }
            }
        }
    }

    fn fields(&mut self, tys: &[Type], loc: &mut Loc<'_>) -> Vec<Plan> {
        match loc {
            Loc::Mem(at) => {
                let at = *at;
                let offsets = self.offsets(tys);
                tys.iter().zip(offsets).map(|(t, off)| self.mem(t, at.at(off))).collect()
            }
            Loc::Flat { .. } => tys.iter().map(|t| self.plan(t, loc)).collect(),
        }
    }

    /// The resource type behind aliases (`use`d resources are aliases).
    pub fn resource(&self, id: TypeId) -> TypeId {
        match self.unalias(&Type::Id(id)) {
            Type::Id(r) => r,
            _ => id,
        }
    }
}

enum Loc<'s> {
    Mem(At),
    Flat { slots: &'s [Core], index: &'s mut usize },
}

impl Loc<'_> {
    /// The next leaf: a flat slot, or memory at `extra` bytes further.
    fn take(&mut self, extra: u32) -> At {
        match self {
            Loc::Mem(at) => at.at(extra),
            Loc::Flat { slots, index } => {
                let at = At::Flat { index: **index, slot: slots[**index] };
                **index += 1;
                at
            }
        }
    }
}

fn join(a: Core, b: Core) -> Core {
    match (a, b) {
        (a, b) if a == b => a,
        (Core::I32, Core::F32) | (Core::F32, Core::I32) => Core::I32,
        _ => Core::I64,
    }
}

pub fn align_to(n: u32, align: u32) -> u32 {
    n.div_ceil(align) * align
}

/// Bytes of a discriminant for `cases` cases.
pub fn disc_size(cases: usize) -> u32 {
    match cases {
        0..=256 => 1,
        257..=65536 => 2,
        _ => 4,
    }
}

/// Bytes of a flags value with `n` members (at most 32).
pub fn flags_size(n: usize) -> u32 {
    match n {
        0 => 0,
        1..=8 => 1,
        9..=16 => 2,
        _ => 4,
    }
}
