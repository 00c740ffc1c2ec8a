//! Calls each `now` and `get` from Rust (tests/bindgen/same-name.wit).

mod runner;

use runner::test::same_name::{a, b};

struct Component;

impl runner::Guest for Component {
    fn run() -> String {
        format!(
            "a.now {}, a.get {}, b.now {}, b.get {}, now {:.1}",
            a::now(),
            a::get(41),
            b::now(),
            b::get("hi"),
            runner::now()
        )
    }
}

runner::export!(Component with_types_in runner);
