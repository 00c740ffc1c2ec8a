//! The async side of `weld wit diff`: a function going from sync to async (or
//! back), and a `stream`/`future` whose payload changed.
//!
//! Both break importers and exporters alike: the canonical ABI of an async
//! function differs from a sync one's (lifted with `[async-lift]` and
//! `[task-return]`, lowered with `[async-lower]`), and both ends of a stream
//! or future must agree on the element type (or on there being none).

use wit_parser::{Function, Resolve, Type, TypeDefKind};

use crate::types::display;

/// A payload change found inside a parameter's or result's type.
pub(crate) struct PayloadChange {
    /// `stream-payload-changed` or `future-payload-changed`.
    pub rule: &'static str,
    /// Why the types differ, one clause: "the stream's payload changed ...".
    pub why: String,
}

/// When `o` (old) and `n` (new) differ in being async: the rule and message.
/// `what` names the function as the change's path does (`function f`,
/// `method m`).
pub(crate) fn async_change(what: &str, o: &Function, n: &Function) -> Option<(&'static str, String)> {
    match (o.kind.is_async(), n.kind.is_async()) {
        (false, true) => Some((
            "function-became-async",
            format!(
                "{what} became async (`func` is now `async func`): the async ABI lifts and lowers it \
                 differently, so callers and implementations built against the sync one no longer fit"
            ),
        )),
        (true, false) => Some((
            "function-became-sync",
            format!(
                "{what} is no longer async (`async func` is now `func`): the sync ABI lifts and lowers \
                 it differently, so callers and implementations built against the async one no longer fit"
            ),
        )),
        _ => None,
    }
}

/// The first `stream` or `future` at the same place in `a` (of `old`) and
/// `b` (of `new`) whose payload differs, looking through aliases, lists,
/// options, results, tuples and maps.
pub(crate) fn payload_change(old: &Resolve, new: &Resolve, a: &Type, b: &Type) -> Option<PayloadChange> {
    walk(old, new, a, b, 0)
}

fn kind<'a>(r: &'a Resolve, t: &Type) -> Option<&'a TypeDefKind> {
    let mut t = *t;
    for _ in 0..32 {
        let Type::Id(id) = t else { return None };
        match &r.types[id].kind {
            TypeDefKind::Type(inner) => t = *inner,
            k => return Some(k),
        }
    }
    None
}

fn walk(old: &Resolve, new: &Resolve, a: &Type, b: &Type, depth: usize) -> Option<PayloadChange> {
    if depth > 32 {
        return None;
    }
    let next = |x: &Type, y: &Type| walk(old, new, x, y, depth + 1);
    let opt = |x: &Option<Type>, y: &Option<Type>| match (x, y) {
        (Some(x), Some(y)) => next(x, y),
        _ => None,
    };
    match (kind(old, a)?, kind(new, b)?) {
        (TypeDefKind::Stream(x), TypeDefKind::Stream(y)) => payload(old, new, "stream", x, y, depth),
        (TypeDefKind::Future(x), TypeDefKind::Future(y)) => payload(old, new, "future", x, y, depth),
        (TypeDefKind::List(x), TypeDefKind::List(y)) | (TypeDefKind::Option(x), TypeDefKind::Option(y)) => next(x, y),
        (TypeDefKind::Map(k1, v1), TypeDefKind::Map(k2, v2)) => next(k1, k2).or_else(|| next(v1, v2)),
        (TypeDefKind::Result(x), TypeDefKind::Result(y)) => opt(&x.ok, &y.ok).or_else(|| opt(&x.err, &y.err)),
        (TypeDefKind::Tuple(x), TypeDefKind::Tuple(y)) if x.types.len() == y.types.len() => {
            x.types.iter().zip(&y.types).find_map(|(x, y)| next(x, y))
        }
        _ => None,
    }
}

fn payload(
    old: &Resolve,
    new: &Resolve,
    what: &'static str,
    x: &Option<Type>,
    y: &Option<Type>,
    depth: usize,
) -> Option<PayloadChange> {
    let rule = if what == "stream" { "stream-payload-changed" } else { "future-payload-changed" };
    let why = match (x, y) {
        (None, None) => return None,
        (Some(x), Some(y)) => {
            // A stream of futures: report the innermost change.
            if let Some(inner) = walk(old, new, x, y, depth + 1) {
                return Some(inner);
            }
            let (dx, dy) = (display(old, x), display(new, y));
            if dx == dy {
                return None;
            }
            format!("the {what}'s payload changed from `{dx}` to `{dy}` (`{what}<{dx}>` became `{what}<{dy}>`)")
        }
        (None, Some(y)) => {
            let dy = display(new, y);
            format!("the {what} gained a payload (`{what}` became `{what}<{dy}>`)")
        }
        (Some(x), None) => {
            let dx = display(old, x);
            format!("the {what} lost its payload (`{what}<{dx}>` became `{what}`)")
        }
    };
    Some(PayloadChange { rule, why: format!("{why}; both ends of a {what} must agree on it") })
}

#[cfg(test)]
mod tests {
    fn load(text: &str) -> crate::Wit {
        crate::load(
            &[crate::Input::Bytes { name: "t.wit".into(), bytes: text.as_bytes().to_vec() }],
            &crate::LoadOptions { features: Vec::new(), all_features: true, builtin: false },
        )
        .unwrap()
    }

    fn rules(old: &str, new: &str) -> Vec<(String, String)> {
        let (o, n) = (load(old), load(new));
        crate::diff::diff(&o, &n).changes.into_iter().map(|c| (c.rule, c.message)).collect()
    }

    #[test]
    fn sync_and_async_are_told_apart() {
        let old = "package t:a@1.0.0;\ninterface i { f: func(); g: async func(); resource r { m: func(); } }\n";
        let new = "package t:a@1.0.0;\ninterface i { f: async func(); g: func(); resource r { m: async func(); } }\n";
        let found = rules(old, new);
        let mut names: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
        names.sort();
        assert_eq!(names, ["function-became-async", "function-became-async", "function-became-sync"], "{found:#?}");
        let text: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert!(text.contains(&"function f became async (`func` is now `async func`): the async ABI lifts and lowers it differently, so callers and implementations built against the sync one no longer fit"), "{text:#?}");
        assert!(text.iter().any(|m| m.starts_with("function g is no longer async")), "{text:#?}");
        assert!(text.iter().any(|m| m.starts_with("method m became async")), "{text:#?}");
    }

    #[test]
    fn payloads_are_found_through_containers_and_aliases() {
        let old = "package t:a@1.0.0;\ninterface i {\n  type s = stream<u8>;\n  record r { x: option<future<u32>> }\n  \
                   f: func(a: s, b: list<tuple<u8, stream>>) -> result<map<string, future<u8>>>;\n  g: func(r: r);\n}\n";
        let new = "package t:a@1.0.0;\ninterface i {\n  type s = stream<u16>;\n  record r { x: option<future<u64>> }\n  \
                   f: func(a: s, b: list<tuple<u8, stream<u8>>>) -> result<map<string, future>>;\n  g: func(r: r);\n}\n";
        let found = rules(old, new);
        let names: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
        assert!(names.contains(&"stream-payload-changed"), "{found:#?}");
        assert!(names.contains(&"future-payload-changed"), "{found:#?}");
        let text: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert!(
            text.iter().any(|m| m.contains("the stream gained a payload (`stream` became `stream<u8>`)")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|m| m.contains("the future lost its payload (`future<u8>` became `future`)")),
            "{text:#?}"
        );
        assert!(text.iter().any(|m| m.contains("the future's payload changed from `u32` to `u64`")), "{text:#?}");
    }

    #[test]
    fn equal_payloads_are_no_change() {
        let text = "package t:a@1.0.0;\ninterface i { f: async func(s: stream<u8>) -> future<stream<string>>; }\n";
        assert!(rules(text, text).is_empty());
    }
}
