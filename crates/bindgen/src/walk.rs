//! The lift, lower and free traversals, written once for every language.
//!
//! A walk follows a [`Plan`] and decides everything that does not depend on
//! the language: the order of the leaves, which lists are plain slices of
//! numbers (copied as they are) and which are walked element by element,
//! that flags without members store nothing, which values own memory a
//! post-return must release, and the nesting of variant cases. A language
//! implements [`Lift`], [`Lower`] or [`Free`], whose methods only *spell* one
//! step (a load, a store, an allocation, a loop, a case...) in its syntax.
//!
//! Lifting builds an expression (a language may also emit statements, such
//! as Go's loops, before the expression that uses them); lowering and
//! freeing emit statements.

use wit_parser::{Type, TypeId};

use crate::abi::{At, Plan, Prim, plain_elem};

/// A list being lifted, lowered or freed: its elements are laid out in
/// memory from base `base`, one every `size` bytes (the walk handles the
/// element's own plan).
pub struct List<'p> {
    pub elem_ty: &'p Type,
    pub ptr: At,
    pub len: At,
    pub size: u32,
    pub align: u32,
    pub base: usize,
}

/// A variant, option or result being lifted or lowered: one plan per case
/// that has a payload.
pub struct Variant<'p> {
    pub ty: TypeId,
    pub size: u32,
    pub disc: At,
    pub cases: &'p [Option<Plan>],
}

/// A language's spelling of lifting: core values (flat values or memory) to
/// one of its values.
pub trait Lift {
    /// What a language keeps between the start and the end of a list.
    type List;
    /// What a language keeps between the start and the end of a variant.
    type Variant;

    /// Called before a value is lifted (and [`Lift::leave`] after), for a
    /// language whose names depend on the enclosing type.
    fn enter(&mut self, _plan: &Plan) {}
    fn leave(&mut self) {}

    /// A list taken over as it is, whatever its elements (C's lists have
    /// the canonical layout); None to let the walk decide.
    fn list_in_place(&mut self, _list: &List<'_>) -> Option<String> {
        None
    }
    /// Before field or item `i` of record or tuple `ty` is lifted (and
    /// [`Lift::field_end`] after), for a language that assigns each leaf to
    /// its place.
    fn field_begin(&mut self, _ty: TypeId, _i: usize) {}
    fn field_end(&mut self) {}

    fn prim(&mut self, prim: Prim, at: At) -> String;
    fn string(&mut self, ptr: At, len: At) -> String;
    /// A list of numbers, taken over as it is in memory.
    fn plain_list(&mut self, elem: Prim, list: &List<'_>) -> String;
    /// Starts a list lifted element by element (the element's plan is
    /// lifted next).
    fn list_begin(&mut self, list: &List<'_>) -> Self::List;
    /// The list, given the expression of its current element.
    fn list_end(&mut self, state: Self::List, list: &List<'_>, elem: String) -> String;
    fn record(&mut self, ty: TypeId, fields: Vec<String>) -> String;
    fn tuple(&mut self, ty: TypeId, items: Vec<String>) -> String;
    fn flags(&mut self, ty: TypeId, count: usize, size: u32, at: At) -> String;
    fn enum_(&mut self, ty: TypeId, size: u32, disc: At) -> String;
    fn variant_begin(&mut self, v: &Variant<'_>) -> Self::Variant;
    /// Before case `i`'s payload (if any) is lifted.
    fn case_begin(&mut self, _state: &mut Self::Variant, _v: &Variant<'_>, _i: usize) {}
    /// Case `i`, with its payload's expression.
    fn case_end(&mut self, state: &mut Self::Variant, v: &Variant<'_>, i: usize, payload: Option<String>);
    fn variant_end(&mut self, state: Self::Variant, v: &Variant<'_>) -> String;
    fn handle(&mut self, ty: TypeId, resource: TypeId, own: bool, at: At) -> String;
    /// A future, stream or error-context handle (only for a language whose
    /// bindings support them: the others refuse such worlds first).
    fn async_handle(&mut self, _ty: Type, _at: At) -> String {
        unreachable!("async types are refused for this language")
    }
}

/// The expression of the value `plan` describes.
pub fn lift<L: Lift + ?Sized>(l: &mut L, plan: &Plan) -> String {
    l.enter(plan);
    let value = match plan {
        Plan::Prim { prim, at } => l.prim(*prim, *at),
        Plan::String { ptr, len } => l.string(*ptr, *len),
        Plan::List { elem_ty, ptr, len, size, align, base, elem } => {
            let list = List { elem_ty, ptr: *ptr, len: *len, size: *size, align: *align, base: *base };
            match (l.list_in_place(&list), plain_elem(elem_ty)) {
                (Some(value), _) => value,
                (None, Some(p)) => l.plain_list(p, &list),
                (None, None) => {
                    let state = l.list_begin(&list);
                    let e = lift(l, elem);
                    l.list_end(state, &list, e)
                }
            }
        }
        Plan::Record { ty, fields } => {
            let fields = lift_fields(l, *ty, fields);
            l.record(*ty, fields)
        }
        Plan::Tuple { ty, items } => {
            let items = lift_fields(l, *ty, items);
            l.tuple(*ty, items)
        }
        Plan::Flags { ty, count, size, at } => l.flags(*ty, *count, *size, *at),
        Plan::Enum { ty, size, disc } => l.enum_(*ty, *size, *disc),
        Plan::Variant { ty, size, disc, cases } => {
            let v = Variant { ty: *ty, size: *size, disc: *disc, cases };
            let mut state = l.variant_begin(&v);
            for (i, case) in cases.iter().enumerate() {
                l.case_begin(&mut state, &v, i);
                let payload = case.as_ref().map(|p| lift(l, p));
                l.case_end(&mut state, &v, i, payload);
            }
            l.variant_end(state, &v)
        }
        Plan::Handle { ty, resource, own, at } => l.handle(*ty, *resource, *own, *at),
        Plan::Async { ty, at } => l.async_handle(*ty, *at),
    };
    l.leave();
    value
}

fn lift_fields<L: Lift + ?Sized>(l: &mut L, ty: TypeId, plans: &[Plan]) -> Vec<String> {
    let mut values = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        l.field_begin(ty, i);
        values.push(lift(l, p));
        l.field_end();
    }
    values
}

/// A language's spelling of lowering: one of its values (an expression) to
/// core values (flat values or memory).
pub trait Lower {
    /// What a language keeps between the start and the end of a list.
    type List;
    /// What a language keeps between the start and the end of a variant.
    type Variant;

    /// Called before a value is lowered (and [`Lower::leave`] after).
    fn enter(&mut self, _plan: &Plan) {}
    fn leave(&mut self) {}

    /// Hands list `x` over as it is, whatever its elements (C's lists have
    /// the canonical layout); false to let the walk decide.
    fn list_in_place(&mut self, _list: &List<'_>, _x: &str) -> bool {
        false
    }

    fn prim(&mut self, prim: Prim, at: At, x: &str);
    fn string(&mut self, ptr: At, len: At, x: &str);
    /// A list of numbers, handed over as it is in memory.
    fn plain_list(&mut self, elem: Prim, list: &List<'_>, x: &str);
    /// Allocates the memory of list `x` and opens a loop over its elements;
    /// returns the state and the expression of the current element.
    fn list_begin(&mut self, list: &List<'_>, x: &str) -> (Self::List, String);
    /// Closes the loop and stores the list's pointer and length.
    fn list_end(&mut self, state: Self::List, list: &List<'_>, x: &str);
    /// The expressions of the fields of record `x`.
    fn record(&mut self, ty: TypeId, x: &str) -> Vec<String>;
    /// The expressions of the `len` items of tuple `x`.
    fn tuple(&mut self, ty: TypeId, len: usize, x: &str) -> Vec<String>;
    /// Flags with at least one member.
    fn flags(&mut self, size: u32, at: At, x: &str);
    fn enum_(&mut self, size: u32, disc: At, x: &str);
    /// Starts variant `x`; returns the state and the cases to spell, in
    /// the order the language tests them.
    fn variant_begin(&mut self, v: &Variant<'_>, x: &str) -> (Self::Variant, Vec<usize>);
    /// Opens case `i` (storing its discriminant, unless the language stored
    /// it once for all cases); returns the expression of its payload.
    fn case_begin(&mut self, state: &Self::Variant, v: &Variant<'_>, i: usize) -> String;
    fn case_end(&mut self, state: &Self::Variant, v: &Variant<'_>, i: usize);
    fn variant_end(&mut self, state: Self::Variant, v: &Variant<'_>);
    fn handle(&mut self, ty: TypeId, resource: TypeId, own: bool, at: At, x: &str);
    /// A future, stream or error-context handle, moved out of `x`.
    fn async_handle(&mut self, _ty: Type, _at: At, _x: &str) {
        unreachable!("async types are refused for this language")
    }
}

/// Statements storing the value of expression `x`, which `plan` describes.
pub fn lower<L: Lower + ?Sized>(l: &mut L, plan: &Plan, x: &str) {
    l.enter(plan);
    match plan {
        Plan::Prim { prim, at } => l.prim(*prim, *at, x),
        Plan::String { ptr, len } => l.string(*ptr, *len, x),
        Plan::List { elem_ty, ptr, len, size, align, base, elem } => {
            let list = List { elem_ty, ptr: *ptr, len: *len, size: *size, align: *align, base: *base };
            if !l.list_in_place(&list, x) {
                match plain_elem(elem_ty) {
                    Some(p) => l.plain_list(p, &list, x),
                    None => {
                        let (state, e) = l.list_begin(&list, x);
                        lower(l, elem, &e);
                        l.list_end(state, &list, x);
                    }
                }
            }
        }
        Plan::Record { ty, fields } => {
            let exprs = l.record(*ty, x);
            for (p, e) in fields.iter().zip(exprs) {
                lower(l, p, &e);
            }
        }
        Plan::Tuple { ty, items } => {
            let exprs = l.tuple(*ty, items.len(), x);
            for (p, e) in items.iter().zip(exprs) {
                lower(l, p, &e);
            }
        }
        Plan::Flags { count, size, at, .. } => {
            // Flags without members have no core value.
            if *count > 0 {
                l.flags(*size, *at, x);
            }
        }
        Plan::Enum { size, disc, .. } => l.enum_(*size, *disc, x),
        Plan::Variant { ty, size, disc, cases } => {
            let v = Variant { ty: *ty, size: *size, disc: *disc, cases };
            let (state, order) = l.variant_begin(&v, x);
            for i in order {
                let payload = l.case_begin(&state, &v, i);
                if let Some(Some(p)) = cases.get(i) {
                    lower(l, p, &payload);
                }
                l.case_end(&state, &v, i);
            }
            l.variant_end(state, &v);
        }
        Plan::Handle { ty, resource, own, at } => l.handle(*ty, *resource, *own, *at, x),
        Plan::Async { ty, at } => l.async_handle(*ty, *at, x),
    }
    l.leave();
}

/// A language's spelling of freeing what an export's result lowered into
/// memory, once the caller has lifted it (post-return).
pub trait Free {
    /// What a language keeps between the start and the end of a list.
    type List;

    /// Before field or item `i` of record or tuple `ty` is freed (and
    /// [`Free::field_end`] after), for a language that frees through places.
    fn field_begin(&mut self, _ty: TypeId, _i: usize) {}
    fn field_end(&mut self) {}

    fn string(&mut self, ptr: At, len: At);
    /// Reads the list's pointer and length.
    fn list_begin(&mut self, list: &List<'_>) -> Self::List;
    /// Opens a loop over the elements (whose plan is freed next).
    fn elems_begin(&mut self, state: &Self::List, list: &List<'_>);
    fn elems_end(&mut self);
    /// Releases the list's memory.
    fn list_end(&mut self, state: Self::List, list: &List<'_>);
    /// Opens a test of the discriminant.
    fn variant_begin(&mut self, v: &Variant<'_>);
    /// Opens case `i`, whose payload owns memory.
    fn case_begin(&mut self, v: &Variant<'_>, i: usize);
    fn case_end(&mut self, v: &Variant<'_>, i: usize);
    fn variant_end(&mut self, v: &Variant<'_>);
}

/// Statements releasing the memory a value of `plan` owns.
pub fn free<F: Free + ?Sized>(f: &mut F, plan: &Plan) {
    match plan {
        Plan::String { ptr, len } => f.string(*ptr, *len),
        Plan::List { elem_ty, ptr, len, size, align, base, elem } => {
            let list = List { elem_ty, ptr: *ptr, len: *len, size: *size, align: *align, base: *base };
            let state = f.list_begin(&list);
            if elem.owns_memory() {
                f.elems_begin(&state, &list);
                free(f, elem);
                f.elems_end();
            }
            f.list_end(state, &list);
        }
        Plan::Record { ty, fields: items } | Plan::Tuple { ty, items } => {
            for (i, p) in items.iter().enumerate().filter(|(_, p)| p.owns_memory()) {
                f.field_begin(*ty, i);
                free(f, p);
                f.field_end();
            }
        }
        Plan::Variant { ty, size, disc, cases } => {
            if !cases.iter().flatten().any(Plan::owns_memory) {
                return;
            }
            let v = Variant { ty: *ty, size: *size, disc: *disc, cases };
            f.variant_begin(&v);
            for (i, case) in cases.iter().enumerate() {
                if let Some(p) = case.as_ref().filter(|p| p.owns_memory()) {
                    f.case_begin(&v, i);
                    free(f, p);
                    f.case_end(&v, i);
                }
            }
            f.variant_end(&v);
        }
        Plan::Prim { .. } | Plan::Flags { .. } | Plan::Enum { .. } | Plan::Handle { .. } | Plan::Async { .. } => {}
    }
}
