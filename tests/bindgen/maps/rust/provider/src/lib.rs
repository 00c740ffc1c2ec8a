//! The provider of tests/bindgen/maps.wit in Rust: maps are `HashMap`s
//! (so entry order is not kept: the Rust runs print sorted entries).

mod provider;

use std::collections::HashMap;

use provider::exports::test::maps::m::{self, Counts, Item};

struct Component;

impl m::Guest for Component {
    fn merge(a: Counts, b: Counts) -> Counts {
        let mut out = a;
        for (k, v) in b {
            *out.entry(k).or_insert(0) += v;
        }
        out
    }

    fn invert(x: HashMap<u32, String>) -> HashMap<String, u32> {
        x.into_iter().map(|(k, v)| (v, k)).collect()
    }

    fn pick(items: HashMap<String, Item>, min: u32) -> Option<HashMap<char, Item>> {
        let picked: HashMap<char, Item> = items
            .into_iter()
            .filter(|(_, item)| item.score >= min)
            .filter_map(|(k, item)| Some((k.chars().next()?, item)))
            .collect();
        if picked.is_empty() { None } else { Some(picked) }
    }

    fn sizes(x: HashMap<String, HashMap<String, u8>>) -> HashMap<String, u32> {
        x.into_iter().map(|(k, inner)| (k, inner.len() as u32)).collect()
    }
}

provider::export!(Component with_types_in provider);
