//! Calls both versions of foo:bar/i from Rust (tests/bindgen/versions.wit),
//! as the C runner does.

mod runner;

use runner::foo::{bar1_0_0::i as v1, bar2_0_0::i as v2};

struct Component;

impl runner::Guest for Component {
    fn run() -> String {
        let v1::V::X(f1) = v1::f(v1::Thing { a: 21 }) else { panic!("1.0.0: f gave y") };
        let v2::V::X(f2) = v2::f(v2::Thing { a: "ab".to_string() }) else { panic!("2.0.0: f gave y") };
        let (r1, r2) = (v1::R::new(41), v2::R::new("two"));
        format!("1.0.0: f={f1} get={}; 2.0.0: f={f2} get={}", r1.get(), r2.get())
    }
}

runner::export!(Component with_types_in runner);
