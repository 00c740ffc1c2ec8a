//! WIT types as text, and structural comparison of types across two
//! `Resolve`s, with the path to the first difference.
//!
//! Comparison is what `weld targets` (a component against a world) and the
//! link doctor (an import against candidate exports) report; it says *where*
//! two types differ, such as `record point, field x: expected u32, found s32`.

use wit_parser::{Function, Handle, Resolve, Type, TypeDefKind, TypeId, TypeOwner};

/// `ty` written as WIT: `u32`, `list<string>`, `point`, `result<_, error>`.
pub fn display(resolve: &Resolve, ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::U8 => "u8".into(),
        Type::U16 => "u16".into(),
        Type::U32 => "u32".into(),
        Type::U64 => "u64".into(),
        Type::S8 => "s8".into(),
        Type::S16 => "s16".into(),
        Type::S32 => "s32".into(),
        Type::S64 => "s64".into(),
        Type::F32 => "f32".into(),
        Type::F64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::ErrorContext => "error-context".into(),
        Type::Id(id) => display_id(resolve, *id),
    }
}

fn display_id(resolve: &Resolve, id: TypeId) -> String {
    let def = &resolve.types[id];
    if let Some(name) = &def.name {
        return name.clone();
    }
    let opt = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), |t| display(resolve, t));
    match &def.kind {
        TypeDefKind::List(t) => format!("list<{}>", display(resolve, t)),
        TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", display(resolve, t)),
        TypeDefKind::Map(k, v) => format!("map<{}, {}>", display(resolve, k), display(resolve, v)),
        TypeDefKind::Option(t) => format!("option<{}>", display(resolve, t)),
        TypeDefKind::Result(r) => match (&r.ok, &r.err) {
            (None, None) => "result".into(),
            (ok, None) => format!("result<{}>", opt(ok)),
            (ok, err) => format!("result<{}, {}>", opt(ok), opt(err)),
        },
        TypeDefKind::Tuple(t) => {
            format!("tuple<{}>", t.types.iter().map(|t| display(resolve, t)).collect::<Vec<_>>().join(", "))
        }
        TypeDefKind::Handle(Handle::Own(r)) => display_id(resolve, *r),
        TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", display_id(resolve, *r)),
        TypeDefKind::Future(t) => t.as_ref().map_or("future".into(), |t| format!("future<{}>", display(resolve, t))),
        TypeDefKind::Stream(t) => t.as_ref().map_or("stream".into(), |t| format!("stream<{}>", display(resolve, t))),
        TypeDefKind::Type(t) => display(resolve, t),
        other => other.as_str().to_string(),
    }
}

/// `func(a: u32, b: string) -> result<u32>`.
pub fn signature(resolve: &Resolve, f: &Function) -> String {
    let params: Vec<String> = f.params.iter().map(|p| format!("{}: {}", p.name, display(resolve, &p.ty))).collect();
    let asyncness = if f.kind.is_async() { "async " } else { "" };
    match &f.result {
        Some(r) => format!("{asyncness}func({}) -> {}", params.join(", "), display(resolve, r)),
        None => format!("{asyncness}func({})", params.join(", ")),
    }
}

/// Where two types differ: the path to the difference and the two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Steps from the compared type down to the difference, e.g.
    /// `["record point", "field x"]`.
    pub path: Vec<String>,
    pub expected: String,
    pub found: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for step in &self.path {
            write!(f, "{step}: ")?;
        }
        write!(f, "expected {}, found {}", self.expected, self.found)
    }
}

/// Compares `expected` (in `re`) with `found` (in `rf`) structurally.
/// Names of records, variants and so on are not compared (the component
/// model's types are structural); resources are compared by name and the
/// interface that defines them.
pub fn compare(re: &Resolve, expected: &Type, rf: &Resolve, found: &Type) -> Option<Mismatch> {
    Cmp { re, rf }.ty(expected, found)
}

/// Compares two function signatures; the path starts with `parameter x` or
/// `result`.
pub fn compare_functions(re: &Resolve, expected: &Function, rf: &Resolve, found: &Function) -> Option<Mismatch> {
    let cmp = Cmp { re, rf };
    let (pe, pf) = (&expected.params, &found.params);
    if expected.kind.is_async() != found.kind.is_async() {
        let kind = |a: bool| if a { "async func" } else { "sync func" };
        return Some(leaf(kind(expected.kind.is_async()), kind(found.kind.is_async())));
    }
    if pe.len() != pf.len() {
        return Some(Mismatch {
            path: vec![],
            expected: format!(
                "{} parameter{} ({})",
                pe.len(),
                if pe.len() == 1 { "" } else { "s" },
                signature(re, expected)
            ),
            found: format!("{} ({})", pf.len(), signature(rf, found)),
        });
    }
    for (a, b) in pe.iter().zip(pf) {
        if a.name != b.name {
            return Some(leaf(format!("parameter `{}`", a.name), format!("parameter `{}`", b.name)));
        }
        if let Some(m) = cmp.ty(&a.ty, &b.ty) {
            return Some(m.under(format!("parameter {}", a.name)));
        }
    }
    match (&expected.result, &found.result) {
        (None, None) => None,
        (Some(a), Some(b)) => cmp.ty(a, b).map(|m| m.under("result".to_string())),
        (a, b) => {
            let show = |r: &Resolve, t: &Option<Type>| t.as_ref().map_or("no result".to_string(), |t| display(r, t));
            Some(leaf(show(re, a), show(rf, b)).under("result".to_string()))
        }
    }
}

fn leaf(expected: impl Into<String>, found: impl Into<String>) -> Mismatch {
    Mismatch { path: vec![], expected: expected.into(), found: found.into() }
}

impl Mismatch {
    fn under(mut self, step: String) -> Mismatch {
        self.path.insert(0, step);
        self
    }
}

struct Cmp<'a> {
    re: &'a Resolve,
    rf: &'a Resolve,
}

impl Cmp<'_> {
    /// Follows aliases (`type a = b`) to the defining type.
    fn unalias(r: &Resolve, ty: &Type) -> Type {
        let mut ty = *ty;
        while let Type::Id(id) = ty {
            match r.types[id].kind {
                TypeDefKind::Type(t) => ty = t,
                _ => break,
            }
        }
        ty
    }

    fn ty(&self, expected: &Type, found: &Type) -> Option<Mismatch> {
        let (e, f) = (Self::unalias(self.re, expected), Self::unalias(self.rf, found));
        let mismatch = || Some(leaf(display(self.re, &e), display(self.rf, &f)));
        match (e, f) {
            (Type::Id(a), Type::Id(b)) => self.defs(a, b),
            (Type::Id(_), _) | (_, Type::Id(_)) => mismatch(),
            (a, b) if a == b => None,
            _ => mismatch(),
        }
    }

    fn opt(&self, e: &Option<Type>, f: &Option<Type>, what: &str) -> Option<Mismatch> {
        match (e, f) {
            (None, None) => None,
            (Some(a), Some(b)) => self.ty(a, b),
            (a, b) => {
                let show = |r: &Resolve, t: &Option<Type>| t.as_ref().map_or(format!("no {what}"), |t| display(r, t));
                Some(leaf(show(self.re, a), show(self.rf, b)))
            }
        }
    }

    fn defs(&self, a: TypeId, b: TypeId) -> Option<Mismatch> {
        let (da, db) = (&self.re.types[a], &self.rf.types[b]);
        let label = |kind: &str| match &da.name {
            Some(n) => format!("{kind} {n}"),
            None => kind.to_string(),
        };
        let shape = || Some(leaf(describe(self.re, a), describe(self.rf, b)));
        match (&da.kind, &db.kind) {
            (TypeDefKind::Record(x), TypeDefKind::Record(y)) => {
                for fx in &x.fields {
                    let Some(fy) = y.fields.iter().find(|f| f.name == fx.name) else {
                        return Some(leaf(format!("field `{}`", fx.name), "no such field").under(label("record")));
                    };
                    if let Some(m) = self.ty(&fx.ty, &fy.ty) {
                        return Some(m.under(format!("field {}", fx.name)).under(label("record")));
                    }
                }
                if let Some(extra) = y.fields.iter().find(|fy| !x.fields.iter().any(|fx| fx.name == fy.name)) {
                    return Some(leaf("no such field", format!("field `{}`", extra.name)).under(label("record")));
                }
                let order = |fs: &[wit_parser::Field]| fs.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", ");
                if order(&x.fields) != order(&y.fields) {
                    return Some(
                        leaf(format!("fields in order {}", order(&x.fields)), order(&y.fields)).under(label("record")),
                    );
                }
                None
            }
            (TypeDefKind::Variant(x), TypeDefKind::Variant(y)) => {
                if x.cases.len() != y.cases.len() || x.cases.iter().zip(&y.cases).any(|(c, d)| c.name != d.name) {
                    let names =
                        |cs: &[wit_parser::Case]| cs.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ");
                    return Some(leaf(format!("cases {}", names(&x.cases)), names(&y.cases)).under(label("variant")));
                }
                x.cases.iter().zip(&y.cases).find_map(|(c, d)| {
                    self.opt(&c.ty, &d.ty, "payload")
                        .map(|m| m.under(format!("case {}", c.name)).under(label("variant")))
                })
            }
            (TypeDefKind::Enum(x), TypeDefKind::Enum(y)) => {
                let names = |cs: &[wit_parser::EnumCase]| cs.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
                (names(&x.cases) != names(&y.cases)).then(|| {
                    leaf(format!("cases {}", names(&x.cases).join(", ")), names(&y.cases).join(", "))
                        .under(label("enum"))
                })
            }
            (TypeDefKind::Flags(x), TypeDefKind::Flags(y)) => {
                let names = |fs: &[wit_parser::Flag]| fs.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
                (names(&x.flags) != names(&y.flags)).then(|| {
                    leaf(format!("flags {}", names(&x.flags).join(", ")), names(&y.flags).join(", "))
                        .under(label("flags"))
                })
            }
            (TypeDefKind::Tuple(x), TypeDefKind::Tuple(y)) => {
                if x.types.len() != y.types.len() {
                    return shape();
                }
                x.types
                    .iter()
                    .zip(&y.types)
                    .enumerate()
                    .find_map(|(i, (s, t))| self.ty(s, t).map(|m| m.under(format!("tuple element {i}"))))
            }
            (TypeDefKind::Option(x), TypeDefKind::Option(y)) => self.ty(x, y).map(|m| m.under("option".into())),
            (TypeDefKind::List(x), TypeDefKind::List(y)) => self.ty(x, y).map(|m| m.under("list element".into())),
            (TypeDefKind::FixedLengthList(x, n), TypeDefKind::FixedLengthList(y, m)) if n == m => {
                self.ty(x, y).map(|m| m.under("list element".into()))
            }
            (TypeDefKind::Map(k1, v1), TypeDefKind::Map(k2, v2)) => self
                .ty(k1, k2)
                .map(|m| m.under("map key".into()))
                .or_else(|| self.ty(v1, v2).map(|m| m.under("map value".into()))),
            (TypeDefKind::Result(x), TypeDefKind::Result(y)) => self
                .opt(&x.ok, &y.ok, "ok payload")
                .map(|m| m.under("result ok".into()))
                .or_else(|| self.opt(&x.err, &y.err, "error payload").map(|m| m.under("result err".into()))),
            (TypeDefKind::Future(x), TypeDefKind::Future(y)) => {
                self.opt(x, y, "payload").map(|m| m.under("future".into()))
            }
            (TypeDefKind::Stream(x), TypeDefKind::Stream(y)) => {
                self.opt(x, y, "payload").map(|m| m.under("stream".into()))
            }
            (TypeDefKind::Handle(x), TypeDefKind::Handle(y)) => match (x, y) {
                (Handle::Own(r), Handle::Own(s)) | (Handle::Borrow(r), Handle::Borrow(s)) => self.resources(*r, *s),
                _ => shape(),
            },
            (TypeDefKind::Resource, TypeDefKind::Resource) => self.resources(a, b),
            _ => shape(),
        }
    }

    /// Resources are nominal: the same name, defined by the same interface.
    fn resources(&self, a: TypeId, b: TypeId) -> Option<Mismatch> {
        let (qa, qb) = (qualified_name(self.re, a), qualified_name(self.rf, b));
        (qa != qb).then(|| leaf(format!("resource {qa}"), format!("resource {qb}")))
    }
}

/// A short description of a type's shape for messages: `record point`,
/// `list<u8>`, `u32`.
fn describe(r: &Resolve, id: TypeId) -> String {
    let def = &r.types[id];
    match (&def.name, &def.kind) {
        (Some(n), TypeDefKind::Type(_)) => n.clone(),
        (Some(n), kind) => format!("{} {n}", kind.as_str()),
        (None, _) => display_id(r, id),
    }
}

/// `ns:pkg/iface@v.name` for a type defined in an interface, else its name.
pub fn qualified_name(r: &Resolve, id: TypeId) -> String {
    let mut id = id;
    while let TypeDefKind::Type(Type::Id(next)) = r.types[id].kind {
        id = next;
    }
    let def = &r.types[id];
    let name = def.name.clone().unwrap_or_else(|| display_id(r, id));
    match def.owner {
        TypeOwner::Interface(i) => match r.id_of(i) {
            Some(iface) => format!("{iface}.{name}"),
            None => name,
        },
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wit_parser::Resolve;

    fn func(src: &str, name: &str) -> (Resolve, Function) {
        let mut r = Resolve::default();
        let pkg = r.push_str("t.wit", src).unwrap();
        let iface = r.packages[pkg].interfaces["i"];
        let f = r.interfaces[iface].functions[name].clone();
        (r, f)
    }

    #[test]
    fn reports_the_path_to_a_differing_field() {
        let (ra, fa) = func("package a:b; interface i { record point { x: u32, y: u32 } f: func(p: point); }", "f");
        let (rb, fb) = func("package a:b; interface i { record point { x: s32, y: u32 } f: func(p: point); }", "f");
        let m = compare_functions(&ra, &fa, &rb, &fb).unwrap();
        assert_eq!(m.to_string(), "parameter p: record point: field x: expected u32, found s32");
    }

    #[test]
    fn equal_signatures_match_and_aliases_are_seen_through() {
        let (ra, fa) = func("package a:b; interface i { type t = list<u8>; f: func(x: t) -> option<string>; }", "f");
        let (rb, fb) = func("package a:b; interface i { f: func(x: list<u8>) -> option<string>; }", "f");
        assert_eq!(compare_functions(&ra, &fa, &rb, &fb), None);
        assert_eq!(signature(&ra, &fa), "func(x: t) -> option<string>");
    }

    #[test]
    fn results_and_parameters_are_checked() {
        let (ra, fa) = func("package a:b; interface i { f: func(a: u32, b: u32) -> u32; }", "f");
        let (rb, fb) = func("package a:b; interface i { f: func(a: u32, b: s32) -> u32; }", "f");
        assert_eq!(compare_functions(&ra, &fa, &rb, &fb).unwrap().to_string(), "parameter b: expected u32, found s32");
        let (rc, fc) = func("package a:b; interface i { f: func(a: u32, b: u32); }", "f");
        assert_eq!(compare_functions(&ra, &fa, &rc, &fc).unwrap().to_string(), "result: expected u32, found no result");
    }
}
