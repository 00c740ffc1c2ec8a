//! Implements test:flagset/f in Rust: each function inverts every member
//! (tests/bindgen/flags.wit).

mod provider;

use provider::exports::test::flagset::f::{All, Eight, Guest, Nine, Seventeen};

struct Component;

fn flip_all(x: All) -> All {
    All { n: !x.n, s: !x.s, e: !x.e }
}

impl Guest for Component {
    fn flip9(x: Nine) -> Nine {
        !x
    }
    fn flip17(x: Seventeen) -> Seventeen {
        !x
    }
    fn flip8(x: Eight) -> Eight {
        !x
    }
    fn flip_all(x: All) -> All {
        flip_all(x)
    }
    fn flip_list(x: Vec<All>) -> Vec<All> {
        x.into_iter().map(flip_all).collect()
    }
    fn flip_opt(x: Option<Seventeen>) -> Option<Nine> {
        // The low nine members of the inverse.
        x.map(|s| Nine::from_bits_retain((!s).bits() as u16 & Nine::all().bits()))
    }
}

provider::export!(Component with_types_in provider);
