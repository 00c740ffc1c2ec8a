//! The `math` interface in Rust. `weld build` writes the bindings module,
//! `calculator.rs`, beside this file in its build copy
//! (`weld bindgen rust ../wit --world calculator --out-dir src` does the
//! same by hand).

mod calculator;

use calculator::exports::demo::poly::math::Guest;

struct Calculator;

impl Guest for Calculator {
    fn percent(part: u32, whole: u32) -> u32 {
        if whole == 0 { 0 } else { (u64::from(part) * 100 / u64::from(whole)) as u32 }
    }
}

calculator::export!(Calculator with_types_in calculator);
