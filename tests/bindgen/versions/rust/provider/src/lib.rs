//! Implements both versions of foo:bar/i in Rust
//! (tests/bindgen/versions.wit): the modules carry the version
//! (`foo::bar1_0_0::i`, `foo::bar2_0_0::i`).

mod provider;

use provider::exports::foo::{bar1_0_0::i as v1, bar2_0_0::i as v2};

struct Component;

struct R1(u32);

impl v1::GuestR for R1 {
    fn new(n: u32) -> Self {
        R1(n)
    }
    fn get(&self) -> u32 {
        self.0 + 1
    }
}

struct R2(String);

impl v2::GuestR for R2 {
    fn new(s: String) -> Self {
        R2(s)
    }
    fn get(&self) -> String {
        self.0.clone()
    }
}

impl v1::Guest for Component {
    type R = R1;

    fn f(t: v1::Thing) -> v1::V {
        v1::V::X(t.a * 2)
    }
}

impl v2::Guest for Component {
    type R = R2;

    fn f(t: v2::Thing) -> v2::V {
        v2::V::X(t.a.repeat(2))
    }
}

provider::export!(Component with_types_in provider);
