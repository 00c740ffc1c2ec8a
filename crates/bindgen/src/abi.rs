//! The canonical ABI, computed once for every language, from wit-parser.
//!
//! Every size, alignment, field offset, payload offset and flat core type
//! comes from wit-parser ([`SizeAlign`], [`Resolve::push_flat`] and
//! [`Resolve::wasm_signature`]), the same code wit-component uses to check a
//! module against its world; this module only adds what wit-parser does not
//! say: a [`Plan`] per parameter and result, a tree that mirrors the WIT type
//! and records, for every leaf, where its core value lives ([`At`]): a flat
//! slot (with the slot's core type, which may be wider than the leaf's own
//! because variant payloads are joined) or a memory offset from a base
//! pointer. The shared walk ([`crate::walk`]) and the language backends read
//! plans to emit lifting (core to language value), lowering (language value
//! to core) and freeing in their own syntax; none of them computes an
//! offset, a join or a discriminant width itself.

use std::sync::LazyLock;

use wit_parser::abi::{AbiVariant, FlatTypes, WasmType};
use wit_parser::{
    ArchitectureSize, Flags, FlagsRepr, Function, Handle, Int, Resolve, SizeAlign, Type, TypeDefKind, TypeId,
};

/// A core WebAssembly value type, as a wasm32 guest declares it: wit-parser's
/// pointers and lengths are `i32`, and a pointer joined with a 64-bit value
/// is `i64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Core {
    I32,
    I64,
    F32,
    F64,
}

impl From<WasmType> for Core {
    fn from(ty: WasmType) -> Core {
        match ty {
            WasmType::I32 | WasmType::Pointer | WasmType::Length => Core::I32,
            WasmType::I64 | WasmType::PointerOrI64 => Core::I64,
            WasmType::F32 => Core::F32,
            WasmType::F64 => Core::F64,
        }
    }
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

/// An empty `Resolve`: enough for wit-parser to flatten a scalar.
static SCALARS: LazyLock<Resolve> = LazyLock::new(Resolve::default);

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

    /// The WIT type of this scalar.
    pub fn ty(self) -> Type {
        match self {
            Prim::Bool => Type::Bool,
            Prim::U8 => Type::U8,
            Prim::S8 => Type::S8,
            Prim::U16 => Type::U16,
            Prim::S16 => Type::S16,
            Prim::U32 => Type::U32,
            Prim::S32 => Type::S32,
            Prim::U64 => Type::U64,
            Prim::S64 => Type::S64,
            Prim::F32 => Type::F32,
            Prim::F64 => Type::F64,
            Prim::Char => Type::Char,
        }
    }

    /// The core type a flat value of this scalar has (wit-parser's
    /// flattening of the scalar).
    pub fn core(self) -> Core {
        let mut storage = [WasmType::I32; 1];
        let mut flat = FlatTypes::new(&mut storage);
        SCALARS.push_flat(&self.ty(), &mut flat);
        Core::from(storage[0])
    }

    /// Bytes in linear memory.
    pub fn size(self) -> u32 {
        wasm32(SizeAlign::default().size(&self.ty()))
    }
}

/// Bytes of a size on wasm32.
fn wasm32(size: ArchitectureSize) -> u32 {
    // Sizes of types weld accepts are far below 4 GiB (wasm32 memory).
    u32::try_from(size.size_wasm32()).unwrap_or(u32::MAX)
}

/// Bytes of a discriminant (or any integer) of type `tag`.
pub fn tag_size(tag: Int) -> u32 {
    let ty = match tag {
        Int::U8 => Type::U8,
        Int::U16 => Type::U16,
        Int::U32 => Type::U32,
        Int::U64 => Type::U64,
    };
    wasm32(SizeAlign::default().size(&ty))
}

/// Bytes of a flags value: one integer wide enough for its members (weld
/// accepts at most 32, so at most one 32-bit word).
pub fn flags_size(flags: &Flags) -> u32 {
    match flags.repr() {
        FlagsRepr::U8 => tag_size(Int::U8),
        FlagsRepr::U16 => tag_size(Int::U16),
        FlagsRepr::U32(words) => tag_size(Int::U32).saturating_mul(u32::try_from(words).unwrap_or(u32::MAX)),
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
    /// A `future`, `stream` or `error-context` handle (a core i32); `ty` is
    /// the future or stream type, or `Type::ErrorContext`.
    Async {
        ty: Type,
        at: At,
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

/// The most flat values parameters pass directly (wit-parser's).
pub const MAX_FLAT_PARAMS: usize = Resolve::MAX_FLAT_PARAMS;

pub struct Abi<'a> {
    pub resolve: &'a Resolve,
    sizes: SizeAlign,
    next_base: usize,
}

impl<'a> Abi<'a> {
    pub fn new(resolve: &'a Resolve) -> Self {
        let mut sizes = SizeAlign::default();
        sizes.fill(resolve);
        Abi { resolve, sizes, next_base: RESULT_BASE + 1 }
    }

    /// The ABI of `func`, imported (`export == false`) or exported. An
    /// `async` function has the async ABI: an import is `[async-lower]`ed
    /// (its result through a pointer), an export is `[async-lift]`ed (its
    /// result goes to `task.return`, see [`Abi::task_return`]: the plan
    /// here has no `result_plan`).
    pub fn func(&mut self, func: &Function, export: bool) -> FuncAbi {
        let variant = if export { AbiVariant::GuestExport } else { AbiVariant::GuestImport };
        self.func_variant(func, variant)
    }

    /// The ABI of `func` lowered or lifted as `variant` (the async variants
    /// too: an async import passes at most 4 flat parameters and its result
    /// through a pointer, an async export returns its result through
    /// `task.return`, so [`FuncAbi::result_plan`] is then None).
    pub fn func_variant(&mut self, func: &Function, variant: AbiVariant) -> FuncAbi {
        self.next_base = RESULT_BASE + 1;
        let sig = self.resolve.wasm_signature(variant, func);
        let params: Vec<Core> = sig.params.iter().map(|t| Core::from(*t)).collect();
        let results: Vec<Core> = sig.results.iter().map(|t| Core::from(*t)).collect();
        let tys: Vec<Type> = func.params.iter().map(|p| p.ty).collect();
        let params_layout = self.record_layout(&tys);
        let mut param_plans = Vec::new();
        if sig.indirect_params {
            for (ty, off) in tys.iter().zip(self.offsets(&tys)) {
                param_plans.push(self.mem(ty, At::Mem { base: PARAMS_BASE, offset: off }));
            }
        } else {
            // The flat parameters, each slot typed as the signature types it
            // (an exported method's receiver is a pointer, an `i32`).
            let mut index = 0;
            for ty in &tys {
                param_plans.push(self.flat_plan(ty, &params, &mut index));
            }
        }
        let mut result_layout = (0, 1);
        let async_export = matches!(variant, AbiVariant::GuestExportAsync | AbiVariant::GuestExportAsyncStackful);
        let result_plan = func.result.filter(|_| !async_export).map(|ty| {
            if sig.retptr {
                result_layout = self.layout(&ty);
                self.mem(&ty, At::Mem { base: RESULT_BASE, offset: 0 })
            } else {
                self.flat_plan(&ty, &results, &mut 0)
            }
        });
        FuncAbi {
            params,
            results,
            indirect: sig.indirect_params,
            retptr: sig.retptr,
            param_plans,
            result_plan,
            params_layout,
            result_layout,
            bases: self.next_base,
        }
    }

    /// The ABI of the `[task-return]` import of an async export whose result
    /// is `result`: the result is its one parameter, flat or by pointer.
    pub fn task_return(&mut self, result: Option<Type>) -> FuncAbi {
        let params = result.map(|ty| wit_parser::Param { name: "result".into(), ty, span: Default::default() });
        let func = Function {
            name: "task-return".into(),
            kind: wit_parser::FunctionKind::Freestanding,
            params: params.into_iter().collect(),
            result: None,
            docs: Default::default(),
            stability: Default::default(),
            span: Default::default(),
            external_id: None,
        };
        self.func(&func, false)
    }

    /// The plan of one value of `ty` in memory at `base` (a stream's or
    /// future's payload buffer), from a fresh numbering of bases.
    pub fn payload(&mut self, ty: &Type, base: usize) -> Plan {
        self.next_base = base + 1;
        self.mem(ty, At::Mem { base, offset: 0 })
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

    /// A text naming `ty` with every alias resolved, equal for two types
    /// exactly when they are the same type: named types by their
    /// definition, anonymous ones by their shape. (`result<_, e>` written in
    /// two interfaces that `use` one `e` is one type.)
    pub fn type_key(&self, ty: &Type) -> String {
        let id = match self.unalias(ty) {
            Type::Id(id) => id,
            other => return format!("{other:?}"),
        };
        let key = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), |t| self.type_key(t));
        match self.kind(id) {
            TypeDefKind::List(t) => format!("list<{}>", self.type_key(t)),
            TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", self.type_key(t)),
            TypeDefKind::Map(k, v) => format!("map<{}, {}>", self.type_key(k), self.type_key(v)),
            TypeDefKind::Option(t) => format!("option<{}>", self.type_key(t)),
            TypeDefKind::Result(r) => format!("result<{}, {}>", key(&r.ok), key(&r.err)),
            TypeDefKind::Tuple(t) => {
                format!("tuple<{}>", t.types.iter().map(|t| self.type_key(t)).collect::<Vec<_>>().join(", "))
            }
            TypeDefKind::Future(t) => format!("future<{}>", key(t)),
            TypeDefKind::Stream(t) => format!("stream<{}>", key(t)),
            TypeDefKind::Handle(Handle::Own(r)) => format!("own<{}>", self.type_key(&Type::Id(*r))),
            TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", self.type_key(&Type::Id(*r))),
            _ => format!("#{}", id.index()),
        }
    }

    fn kind(&self, id: TypeId) -> &'a TypeDefKind {
        &self.resolve.types[id].kind
    }

    /// The flat core types of `ty`, or None when it has more than
    /// [`MAX_FLAT_PARAMS`] (it then never travels flat).
    pub fn flat(&self, ty: &Type) -> Option<Vec<Core>> {
        let mut storage = [WasmType::I32; MAX_FLAT_PARAMS];
        let mut flat = FlatTypes::new(&mut storage);
        if !self.resolve.push_flat(ty, &mut flat) {
            return None;
        }
        Some(flat.to_vec().into_iter().map(Core::from).collect())
    }

    /// The payload types of a variant, option or result (None otherwise),
    /// with the type of its discriminant.
    pub fn cases(&self, id: TypeId) -> Option<(Int, Vec<Option<Type>>)> {
        Some(match self.kind(id) {
            TypeDefKind::Variant(v) => (v.tag(), v.cases.iter().map(|c| c.ty).collect()),
            // Options and results have a one-byte discriminant.
            TypeDefKind::Option(t) => (Int::U8, vec![None, Some(*t)]),
            TypeDefKind::Result(r) => (Int::U8, vec![r.ok, r.err]),
            _ => return None,
        })
    }

    pub fn size(&self, ty: &Type) -> u32 {
        wasm32(self.sizes.size(ty))
    }

    pub fn align(&self, ty: &Type) -> u32 {
        u32::try_from(self.sizes.align(ty).align_wasm32()).unwrap_or(u32::MAX)
    }

    /// Size and alignment of `ty` in linear memory.
    pub fn layout(&self, ty: &Type) -> (u32, u32) {
        (self.size(ty), self.align(ty))
    }

    /// Size and alignment of a record with these field types (also the
    /// memory of parameters passed indirectly).
    pub fn record_layout(&self, tys: &[Type]) -> (u32, u32) {
        let info = self.sizes.params(tys);
        (wasm32(info.size), u32::try_from(info.align.align_wasm32()).unwrap_or(u32::MAX))
    }

    /// Offsets of the fields of a record with these field types.
    pub fn offsets(&self, tys: &[Type]) -> Vec<u32> {
        self.sizes.field_offsets(tys).into_iter().map(|(off, _)| wasm32(off)).collect()
    }

    /// Offset of a variant's payload.
    pub fn payload_offset(&self, id: TypeId) -> u32 {
        let (tag, cases) = self.cases(id).unwrap_or((Int::U8, Vec::new()));
        wasm32(self.sizes.payload_offset(tag, cases.iter().map(Option::as_ref)))
    }

    fn fresh_base(&mut self) -> usize {
        self.next_base += 1;
        self.next_base - 1
    }

    /// The plan of `ty` stored in memory at `at`.
    pub fn mem(&mut self, ty: &Type, at: At) -> Plan {
        self.plan(ty, &mut Loc::Mem(at))
    }

    /// The plan of `ty` passed flat on its own (slots numbered from 0), or
    /// None when it has more than [`MAX_FLAT_PARAMS`] flat values.
    pub fn flat_alone(&mut self, ty: &Type) -> Option<Plan> {
        let slots = self.flat(ty)?;
        Some(self.flat_plan(ty, &slots, &mut 0))
    }

    fn flat_plan(&mut self, ty: &Type, slots: &[Core], index: &mut usize) -> Plan {
        self.plan(ty, &mut Loc::Flat { slots, index })
    }

    fn plan(&mut self, ty: &Type, loc: &mut Loc<'_>) -> Plan {
        let ty = self.unalias(ty);
        if let Some(prim) = Prim::of(&ty) {
            return Plan::Prim { prim, at: loc.take(0) };
        }
        // A string or list is a pointer and then a length (one pointer
        // further in memory).
        let len_offset = wasm32(ArchitectureSize::new(0, 1));
        let id = match ty {
            Type::String => {
                let (ptr, len) = (loc.take(0), loc.take(len_offset));
                return Plan::String { ptr, len };
            }
            Type::Id(id) => id,
            Type::ErrorContext => return Plan::Async { ty, at: loc.take(0) },
            _ => unreachable!("scalars handled above"),
        };
        match self.kind(id) {
            // Future and stream ends are handles too.
            TypeDefKind::Record(r) => {
                let tys: Vec<Type> = r.fields.iter().map(|f| f.ty).collect();
                Plan::Record { ty: id, fields: self.fields(&tys, loc) }
            }
            TypeDefKind::Tuple(t) => Plan::Tuple { ty: id, items: self.fields(&t.types, loc) },
            TypeDefKind::List(elem) => {
                let (ptr, len) = (loc.take(0), loc.take(len_offset));
                let (size, align) = self.layout(elem);
                let base = self.fresh_base();
                let plan = self.mem(elem, At::Mem { base, offset: 0 });
                Plan::List { elem_ty: *elem, ptr, len, size, align, base, elem: Box::new(plan) }
            }
            TypeDefKind::Flags(f) => {
                let size = self.size(&Type::Id(id));
                let at = if f.flags.is_empty() { At::Mem { base: usize::MAX, offset: 0 } } else { loc.take(0) };
                Plan::Flags { ty: id, count: f.flags.len(), size, at }
            }
            TypeDefKind::Enum(e) => Plan::Enum { ty: id, size: tag_size(e.tag()), disc: loc.take(0) },
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => Plan::Async { ty, at: loc.take(0) },
            TypeDefKind::Handle(h) => {
                let (resource, own) = match h {
                    Handle::Own(r) => (*r, true),
                    Handle::Borrow(r) => (*r, false),
                };
                Plan::Handle { ty: id, resource: self.resource(resource), own, at: loc.take(0) }
            }
            _ => {
                let (tag, cases) = self.cases(id).expect("every other kind is rejected by `unsupported`");
                let size = tag_size(tag);
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
                        // Every case's payload starts right after the
                        // discriminant, in the slots the signature joined.
                        let start = i + 1;
                        let plans =
                            cases.iter().map(|c| c.map(|t| self.flat_plan(&t, slots, &mut start.clone()))).collect();
                        **index += self.flat(&Type::Id(id)).map_or(0, |f| f.len());
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
