//! weld-bindgen's canonical ABI agrees with wit-parser's.
//!
//! Every WIT fixture of the repository (`tests/**/*.wit` that loads) is
//! loaded with weld-wit; for every type bindgen supports, the plan of a value
//! stored in memory is checked leaf by leaf against offsets computed here
//! from wit-parser's `SizeAlign` (field offsets, payload offsets, sizes and
//! alignments), and the plan of a value passed flat against
//! `Resolve::push_flat`. For every function, imported and exported, the core
//! signature, indirect parameters, return pointer, parameter area and return
//! area are checked against `Resolve::wasm_signature` and `SizeAlign`, and so
//! is each parameter's and the result's plan.

use std::path::{Path, PathBuf};

use weld_bindgen::abi::{Abi, At, Core, FuncAbi, PARAMS_BASE, Plan, Prim, RESULT_BASE};
use wit_parser::abi::{AbiVariant, FlatTypes, WasmType};
use wit_parser::{
    ArchitectureSize, Function, FunctionKind, Handle, Int, Resolve, SizeAlign, Type, TypeDefKind, TypeId,
};

/// Counts of what was compared.
#[derive(Default, Debug)]
struct Counts {
    files: usize,
    types: usize,
    functions: usize,
    leaves: usize,
}

fn wit_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            wit_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "wit") {
            out.push(path);
        }
    }
}

fn bytes(size: ArchitectureSize) -> u32 {
    u32::try_from(size.size_wasm32()).unwrap()
}

/// Reference values, computed from wit-parser alone.
struct Reference<'a> {
    resolve: &'a Resolve,
    sizes: SizeAlign,
}

impl Reference<'_> {
    fn size(&self, ty: &Type) -> u32 {
        bytes(self.sizes.size(ty))
    }

    fn align(&self, ty: &Type) -> u32 {
        u32::try_from(self.sizes.align(ty).align_wasm32()).unwrap()
    }

    fn flat(&self, ty: &Type) -> Option<Vec<Core>> {
        let mut storage = [WasmType::I32; Resolve::MAX_FLAT_PARAMS];
        let mut flat = FlatTypes::new(&mut storage);
        self.resolve.push_flat(ty, &mut flat).then(|| flat.to_vec().into_iter().map(core).collect())
    }

    fn kind(&self, ty: &Type) -> Option<&TypeDefKind> {
        match ty {
            Type::Id(id) => match &self.resolve.types[*id].kind {
                TypeDefKind::Type(t) => self.kind(t),
                kind => Some(kind),
            },
            _ => None,
        }
    }

    fn unalias(&self, ty: &Type) -> Type {
        match ty {
            Type::Id(id) => match &self.resolve.types[*id].kind {
                TypeDefKind::Type(t) => self.unalias(t),
                _ => *ty,
            },
            _ => *ty,
        }
    }

    fn int(&self, tag: Int) -> u32 {
        let ty = match tag {
            Int::U8 => Type::U8,
            Int::U16 => Type::U16,
            Int::U32 => Type::U32,
            Int::U64 => Type::U64,
        };
        self.size(&ty)
    }

    fn cases(&self, kind: &TypeDefKind) -> (Int, Vec<Option<Type>>) {
        match kind {
            TypeDefKind::Variant(v) => (v.tag(), v.cases.iter().map(|c| c.ty).collect()),
            TypeDefKind::Option(t) => (Int::U8, vec![None, Some(*t)]),
            TypeDefKind::Result(r) => (Int::U8, vec![r.ok, r.err]),
            other => panic!("not a variant: {other:?}"),
        }
    }

    /// Checks a plan of `ty` laid out in memory at `offset` from `base`.
    fn mem(&self, plan: &Plan, ty: &Type, base: usize, offset: u32, counts: &mut Counts) {
        let ty = &self.unalias(ty);
        let here = At::Mem { base, offset };
        let pointer = bytes(ArchitectureSize::new(0, 1));
        counts.leaves += 1;
        match (plan, self.kind(ty)) {
            // An `error-context` handle: one `i32`, four bytes.
            (Plan::Async { ty: Type::ErrorContext, at }, None) => {
                assert_eq!(*at, here);
                assert_eq!(self.size(ty), 4);
            }
            (Plan::Prim { prim, at }, None) => {
                assert_eq!(*at, here, "{ty:?}");
                assert_eq!(prim.size(), self.size(ty), "{ty:?}");
                assert_eq!(Some(vec![prim.core()]), self.flat(ty), "{ty:?}");
            }
            (Plan::String { ptr, len }, None) => {
                assert_eq!(*ty, Type::String);
                assert_eq!((*ptr, *len), (here, At::Mem { base, offset: offset + pointer }));
            }
            (Plan::List { elem_ty, ptr, len, size, align, base: inner, elem }, Some(TypeDefKind::List(t))) => {
                assert_eq!(elem_ty, t);
                assert_eq!((*ptr, *len), (here, At::Mem { base, offset: offset + pointer }));
                assert_eq!((*size, *align), (self.size(t), self.align(t)), "{t:?}");
                self.mem(elem, t, *inner, 0, counts);
            }
            (Plan::Record { fields, .. }, Some(TypeDefKind::Record(r))) => {
                let tys: Vec<Type> = r.fields.iter().map(|f| f.ty).collect();
                self.fields(fields, &tys, base, offset, counts);
            }
            (Plan::Tuple { items, .. }, Some(TypeDefKind::Tuple(t))) => {
                self.fields(items, &t.types, base, offset, counts);
            }
            (Plan::Flags { count, size, at, .. }, Some(TypeDefKind::Flags(f))) => {
                assert_eq!(*count, f.flags.len());
                assert_eq!(*size, self.size(ty));
                assert_eq!(*at, here);
            }
            (Plan::Enum { size, disc, .. }, Some(TypeDefKind::Enum(e))) => {
                assert_eq!(*size, self.int(e.tag()));
                assert_eq!(*size, self.size(ty));
                assert_eq!(*disc, here);
            }
            (Plan::Variant { size, disc, cases, .. }, Some(kind)) => {
                let (tag, tys) = self.cases(kind);
                assert_eq!(*size, self.int(tag));
                assert_eq!(*disc, here);
                assert_eq!(cases.len(), tys.len());
                let payload = bytes(self.sizes.payload_offset(tag, tys.iter().map(Option::as_ref)));
                for (plan, ty) in cases.iter().zip(&tys) {
                    match (plan, ty) {
                        (Some(plan), Some(ty)) => self.mem(plan, ty, base, offset + payload, counts),
                        (None, None) => {}
                        _ => panic!("case payloads differ"),
                    }
                }
            }
            // The readable end of a future or stream: a handle, as a `u32`.
            (Plan::Async { ty: plan_ty, at }, Some(TypeDefKind::Future(_) | TypeDefKind::Stream(_))) => {
                assert_eq!(plan_ty, ty);
                assert_eq!(*at, here);
                assert_eq!(self.size(ty), 4);
            }
            (Plan::Handle { own, at, .. }, Some(TypeDefKind::Handle(h))) => {
                assert_eq!(*own, matches!(h, Handle::Own(_)));
                assert_eq!(*at, here);
                assert_eq!(self.size(ty), 4);
            }
            (plan, kind) => panic!("plan {plan:?} for a {kind:?}"),
        }
    }

    fn fields(&self, plans: &[Plan], tys: &[Type], base: usize, offset: u32, counts: &mut Counts) {
        assert_eq!(plans.len(), tys.len());
        for (plan, (off, ty)) in plans.iter().zip(self.sizes.field_offsets(tys)) {
            self.mem(plan, ty, base, offset + bytes(off), counts);
        }
    }

    /// Checks a plan of `ty` passed flat from slot `*index` of `slots` (the
    /// slot types of the whole signature, joined where variants join).
    fn flat_plan(&self, plan: &Plan, ty: &Type, slots: &[Core], index: &mut usize, counts: &mut Counts) {
        let ty = &self.unalias(ty);
        let own = self.flat(ty).expect("a flat value has at most 16 flat types");
        counts.leaves += 1;
        let next = |index: &mut usize, want: Core| {
            let i = *index;
            *index += 1;
            assert!(compatible(want, slots[i]), "{want:?} in a {:?} slot", slots[i]);
            At::Flat { index: i, slot: slots[i] }
        };
        match (plan, self.kind(ty)) {
            (Plan::Async { ty: Type::ErrorContext, at }, None) => {
                assert_eq!(own, [Core::I32]);
                assert_eq!(*at, next(index, Core::I32));
            }
            (Plan::Prim { prim, at }, None) => {
                assert_eq!(vec![prim.core()], own);
                assert_eq!(*at, next(index, prim.core()));
            }
            (Plan::String { ptr, len }, None) | (Plan::List { ptr, len, .. }, Some(TypeDefKind::List(_))) => {
                assert_eq!(own, [Core::I32, Core::I32]);
                assert_eq!(*ptr, next(index, Core::I32));
                assert_eq!(*len, next(index, Core::I32));
            }
            (Plan::Record { fields: items, .. }, Some(TypeDefKind::Record(r))) => {
                let tys: Vec<Type> = r.fields.iter().map(|f| f.ty).collect();
                assert_eq!(items.len(), tys.len());
                for (p, t) in items.iter().zip(&tys) {
                    self.flat_plan(p, t, slots, index, counts);
                }
            }
            (Plan::Tuple { items, .. }, Some(TypeDefKind::Tuple(t))) => {
                assert_eq!(items.len(), t.types.len());
                for (p, t) in items.iter().zip(&t.types) {
                    self.flat_plan(p, t, slots, index, counts);
                }
            }
            (Plan::Flags { at, .. }, Some(TypeDefKind::Flags(_)))
            | (Plan::Enum { disc: at, .. }, Some(TypeDefKind::Enum(_)))
            | (Plan::Handle { at, .. }, Some(TypeDefKind::Handle(_)))
            | (Plan::Async { at, .. }, Some(TypeDefKind::Future(_) | TypeDefKind::Stream(_))) => {
                assert_eq!(own, [Core::I32]);
                assert_eq!(*at, next(index, Core::I32));
            }
            (Plan::Variant { disc, cases, .. }, Some(kind)) => {
                let (_, tys) = self.cases(kind);
                let start = *index;
                assert_eq!(*disc, next(index, Core::I32));
                for (plan, ty) in cases.iter().zip(&tys) {
                    match (plan, ty) {
                        (Some(plan), Some(ty)) => {
                            let mut i = start + 1;
                            self.flat_plan(plan, ty, slots, &mut i, counts);
                            assert!(i <= start + own.len());
                        }
                        (None, None) => {}
                        _ => panic!("case payloads differ"),
                    }
                }
                *index = start + own.len();
            }
            (plan, kind) => panic!("plan {plan:?} for a {kind:?}"),
        }
    }

    /// Checks a function's ABI, imported or exported.
    fn func(&self, abi: &mut Abi<'_>, func: &Function, export: bool, counts: &mut Counts) {
        let variant = if export { AbiVariant::GuestExport } else { AbiVariant::GuestImport };
        let sig = self.resolve.wasm_signature(variant, func);
        let got: FuncAbi = abi.func(func, export);
        let what = format!("{} ({})", func.name, if export { "export" } else { "import" });
        assert_eq!(got.params, sig.params.iter().map(|t| core(*t)).collect::<Vec<_>>(), "{what}");
        assert_eq!(got.results, sig.results.iter().map(|t| core(*t)).collect::<Vec<_>>(), "{what}");
        assert_eq!(got.indirect, sig.indirect_params, "{what}");
        assert_eq!(got.retptr, sig.retptr, "{what}");
        let tys: Vec<Type> = func.params.iter().map(|p| p.ty).collect();
        let area = self.sizes.params(&tys);
        let area = (bytes(area.size), u32::try_from(area.align.align_wasm32()).unwrap());
        assert_eq!(got.params_layout, area, "{what}");
        assert_eq!(got.param_plans.len(), tys.len(), "{what}");
        if sig.indirect_params {
            for (plan, (off, ty)) in got.param_plans.iter().zip(self.sizes.field_offsets(&tys)) {
                self.mem(plan, ty, PARAMS_BASE, bytes(off), counts);
            }
        } else {
            let mut slots: Vec<Core> = sig.params.iter().map(|t| core(*t)).collect();
            if export && matches!(func.kind, FunctionKind::Method(_)) {
                // The receiver is the rep, a pointer: still an `i32` slot.
                assert_eq!(slots[0], Core::I32);
            }
            slots.truncate(slots.len() - usize::from(sig.retptr && !export));
            let mut index = 0;
            for (plan, ty) in got.param_plans.iter().zip(&tys) {
                self.flat_plan(plan, ty, &slots, &mut index, counts);
            }
            assert_eq!(index, slots.len(), "{what}: every flat parameter is read");
        }
        match (&got.result_plan, func.result) {
            (None, None) => {}
            (Some(plan), Some(ty)) if sig.retptr => {
                assert_eq!(got.result_layout, (self.size(&ty), self.align(&ty)), "{what}");
                self.mem(plan, &ty, RESULT_BASE, 0, counts);
            }
            (Some(plan), Some(ty)) => {
                let slots: Vec<Core> = sig.results.iter().map(|t| core(*t)).collect();
                let mut index = 0;
                self.flat_plan(plan, &ty, &slots, &mut index, counts);
                assert_eq!(index, slots.len(), "{what}: the flat result is read");
            }
            _ => panic!("{what}: result plan without a result, or the reverse"),
        }
    }
}

fn core(ty: WasmType) -> Core {
    Core::from(ty)
}

/// Whether a value of core type `want` may travel in a slot of type `slot`
/// (the slot is the join of every case's type there).
fn compatible(want: Core, slot: Core) -> bool {
    want == slot || slot == Core::I64 || (want == Core::F32 && slot == Core::I32)
}

/// Whether `ty` holds a `map`: generation plans maps over a copy of the
/// `Resolve` where each is the list of tuples it lowers to (lists and tuples
/// are checked here on their own), so the original's maps are skipped.
fn holds_map(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else { return false };
    let inner = |t: &Type| holds_map(resolve, t);
    match &resolve.types[*id].kind {
        TypeDefKind::Map(..) => true,
        TypeDefKind::Record(r) => r.fields.iter().any(|f| inner(&f.ty)),
        TypeDefKind::Variant(v) => v.cases.iter().filter_map(|c| c.ty.as_ref()).any(inner),
        TypeDefKind::Tuple(t) => t.types.iter().any(inner),
        TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => inner(t),
        TypeDefKind::Result(r) => r.ok.iter().chain(&r.err).any(inner),
        TypeDefKind::Future(t) | TypeDefKind::Stream(t) => t.as_ref().is_some_and(inner),
        _ => false,
    }
}

fn supported_func(resolve: &Resolve, func: &Function) -> bool {
    matches!(
        func.kind,
        FunctionKind::Freestanding | FunctionKind::Method(_) | FunctionKind::Static(_) | FunctionKind::Constructor(_)
    ) && func.parameter_and_result_types().all(|t| {
        weld_bindgen::unsupported_type(weld_bindgen::Lang::C, resolve, &t).is_none() && !holds_map(resolve, &t)
    })
}

fn check(resolve: &Resolve, counts: &mut Counts) {
    let mut sizes = SizeAlign::default();
    sizes.fill(resolve);
    let reference = Reference { resolve, sizes };
    let mut abi = Abi::new(resolve);
    for (id, def) in resolve.types.iter() {
        if matches!(def.kind, TypeDefKind::Unknown)
            || matches!(reference.kind(&Type::Id(id)), Some(TypeDefKind::Resource))
            || weld_bindgen::unsupported_type(weld_bindgen::Lang::C, resolve, &Type::Id(id)).is_some()
            || holds_map(resolve, &Type::Id(id))
        {
            continue;
        }
        let ty = Type::Id(id);
        assert_eq!(abi.layout(&ty), (reference.size(&ty), reference.align(&ty)), "{id:?}");
        assert_eq!(abi.flat(&ty), reference.flat(&ty), "{id:?}");
        let plan = abi.mem(&ty, At::Mem { base: 7, offset: 12 });
        reference.mem(&plan, &ty, 7, 12, counts);
        if let Some(slots) = reference.flat(&ty) {
            let plan = abi.flat_alone(&ty).expect("a flat plan");
            let mut index = 0;
            reference.flat_plan(&plan, &ty, &slots, &mut index, counts);
            assert_eq!(index, slots.len());
        }
        record_offsets(&abi, &reference, id);
        // The widths languages declare flags and enums with.
        match &def.kind {
            TypeDefKind::Flags(f) => assert_eq!(weld_bindgen::abi::flags_size(f), reference.size(&ty), "{id:?}"),
            TypeDefKind::Enum(e) => assert_eq!(weld_bindgen::abi::tag_size(e.tag()), reference.size(&ty), "{id:?}"),
            _ => {}
        }
        counts.types += 1;
    }
    let funcs = resolve.interfaces.iter().flat_map(|(_, i)| i.functions.values()).chain(
        resolve.worlds.iter().flat_map(|(_, w)| {
            w.imports.values().chain(w.exports.values()).filter_map(|item| match item {
                wit_parser::WorldItem::Function(f) => Some(f),
                _ => None,
            })
        }),
    );
    for func in funcs {
        if !supported_func(resolve, func) {
            continue;
        }
        reference.func(&mut abi, func, false, counts);
        reference.func(&mut abi, func, true, counts);
        counts.functions += 1;
    }
}

/// Record, tuple and variant offsets as bindgen's `Abi` reports them.
fn record_offsets(abi: &Abi<'_>, reference: &Reference<'_>, id: TypeId) {
    let tys: Vec<Type> = match &reference.resolve.types[id].kind {
        TypeDefKind::Record(r) => r.fields.iter().map(|f| f.ty).collect(),
        TypeDefKind::Tuple(t) => t.types.clone(),
        kind @ (TypeDefKind::Variant(_) | TypeDefKind::Option(_) | TypeDefKind::Result(_)) => {
            let (tag, cases) = reference.cases(kind);
            let want = bytes(reference.sizes.payload_offset(tag, cases.iter().map(Option::as_ref)));
            assert_eq!(abi.payload_offset(id), want, "{id:?}");
            return;
        }
        _ => return,
    };
    let want: Vec<u32> = reference.sizes.field_offsets(&tys).into_iter().map(|(o, _)| bytes(o)).collect();
    assert_eq!(abi.offsets(&tys), want, "{id:?}");
    let info = reference.sizes.record(&tys);
    assert_eq!(abi.record_layout(&tys), (bytes(info.size), u32::try_from(info.align.align_wasm32()).unwrap()));
}

#[test]
fn abi_agrees_with_wit_parser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let mut files = Vec::new();
    wit_files(&root, &mut files);
    assert!(files.len() > 100, "found only {} WIT files under {}", files.len(), root.display());
    let mut counts = Counts::default();
    for file in &files {
        let opts = weld_wit::LoadOptions::default();
        let Ok(wit) = weld_wit::load(&[weld_wit::Input::path(file)], &opts) else { continue };
        check(&wit.resolve, &mut counts);
        counts.files += 1;
    }
    // Scalars, checked on their own.
    for ty in [
        Type::Bool,
        Type::U8,
        Type::S8,
        Type::U16,
        Type::S16,
        Type::U32,
        Type::S32,
        Type::U64,
        Type::S64,
        Type::F32,
        Type::F64,
        Type::Char,
    ] {
        let prim = Prim::of(&ty).unwrap();
        let sizes = SizeAlign::default();
        assert_eq!(prim.size(), bytes(sizes.size(&ty)));
        let resolve = Resolve::default();
        let reference = Reference { resolve: &resolve, sizes };
        assert_eq!(Some(vec![prim.core()]), reference.flat(&ty));
    }
    println!(
        "compared {} types, {} functions (each imported and exported), {} plan nodes, from {} WIT files",
        counts.types, counts.functions, counts.leaves, counts.files
    );
    assert!(counts.files > 150, "{counts:?}");
    assert!(counts.types > 1500, "{counts:?}");
    assert!(counts.functions > 1200, "{counts:?}");
    assert!(counts.leaves > 25000, "{counts:?}");
}
