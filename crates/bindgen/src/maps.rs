//! `map<K, V>` as the list of entries it is on the wire.
//!
//! The canonical ABI lowers `map<K, V>` exactly as `list<tuple<K, V>>`.
//! Languages that spell a map as that ordered list of entries (Go's
//! `[]Tuple2[K, V]`, Zig's `[]const struct { K, V }`) are generated from a
//! copy of the `Resolve` where every map is rewritten to it, so the plans,
//! walks and type names need nothing of their own. Entry order is kept as
//! the caller gave it, and duplicate keys pass through unchanged (the
//! receiving language decides what a duplicate means).

use wit_parser::{Resolve, Tuple, Type, TypeDef, TypeDefKind, TypeOwner};

/// A copy of `resolve` where each `map<K, V>` is `list<tuple<K, V>>`. Type
/// ids of the original stay valid in the copy (entries are appended).
pub fn as_entry_lists(resolve: &Resolve) -> Resolve {
    let mut out = resolve.clone();
    let maps: Vec<_> = out
        .types
        .iter()
        .filter_map(|(id, def)| match def.kind {
            TypeDefKind::Map(k, v) => Some((id, k, v)),
            _ => None,
        })
        .collect();
    for (id, key, value) in maps {
        let entry = out.types.alloc(TypeDef {
            name: None,
            kind: TypeDefKind::Tuple(Tuple { types: vec![key, value] }),
            owner: TypeOwner::None,
            docs: Default::default(),
            stability: Default::default(),
            span: Default::default(),
            external_id: None,
        });
        out.types[id].kind = TypeDefKind::List(Type::Id(entry));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_becomes_a_list_of_entries_and_keeps_its_id() {
        let mut resolve = Resolve::default();
        let pkg = resolve
            .push_str("m.wit", "package a:b; interface i { type m = map<string, u32>; f: func(x: m) -> m; }")
            .unwrap();
        let iface = resolve.packages[pkg].interfaces["i"];
        let map = resolve.interfaces[iface].types["m"];
        assert!(matches!(resolve.types[map].kind, TypeDefKind::Map(Type::String, Type::U32)));
        let out = as_entry_lists(&resolve);
        let TypeDefKind::List(Type::Id(entry)) = out.types[map].kind else { panic!("not a list") };
        let TypeDefKind::Tuple(t) = &out.types[entry].kind else { panic!("not a tuple") };
        assert_eq!(t.types, vec![Type::String, Type::U32]);
        // Same sizes as the list of tuples the ABI says a map is.
        let (mut a, mut b) = (wit_parser::SizeAlign::default(), wit_parser::SizeAlign::default());
        a.fill(&resolve);
        b.fill(&out);
        assert_eq!(a.size(&Type::Id(map)), b.size(&Type::Id(map)));
    }
}
