//! The runner of tests/bindgen/maps.wit in Rust: calls the provider with
//! `HashMap`s and prints each result's entries sorted by key.

mod runner;

use std::collections::HashMap;
use std::fmt::Debug;

use runner::test::maps::m::{self, Item};

struct Component;

fn sorted<K: Ord + Debug, V: Debug>(map: HashMap<K, V>) -> String {
    let mut entries: Vec<(K, V)> = map.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let parts: Vec<String> = entries.iter().map(|(k, v)| format!("{k:?}: {v:?}")).collect();
    format!("{{{}}}", parts.join(", "))
}

fn item(tags: &[(&str, &[u32])], score: u32) -> Item {
    Item { tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_vec())).collect(), score }
}

impl runner::Guest for Component {
    fn run() -> String {
        let a = HashMap::from([("apple".to_string(), 1), ("pear".to_string(), 2)]);
        let b = HashMap::from([("pear".to_string(), 10), ("fig".to_string(), 5)]);
        let merged = sorted(m::merge(a, b));
        let inverted = sorted(m::invert(&HashMap::from([(1, "one".to_string()), (2, "two".to_string())])));
        let items = HashMap::from([
            ("kiwi".to_string(), item(&[("green", &[1, 2])], 7)),
            ("lime".to_string(), item(&[], 3)),
        ]);
        let picked = match m::pick(&items, 5) {
            Some(p) => {
                let p: HashMap<char, String> = p
                    .into_iter()
                    .map(|(k, v)| (k, format!("score {} tags {}", v.score, sorted(v.tags))))
                    .collect();
                sorted(p)
            }
            None => "none".to_string(),
        };
        let none = m::pick(&items, 100).is_none();
        let nested = HashMap::from([
            ("a".to_string(), HashMap::from([("x".to_string(), 1u8), ("y".to_string(), 2)])),
            ("b".to_string(), HashMap::new()),
        ]);
        let sizes = sorted(m::sizes(&nested));
        format!("merge {merged}; invert {inverted}; pick {picked}; none {none}; sizes {sizes}")
    }
}

runner::export!(Component with_types_in runner);
