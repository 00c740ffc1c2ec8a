//! `shout` in Rust for wasm32-wasip3. `weld build` writes the bindings
//! module, `shouter.rs`, beside this file in its build copy.

mod shouter;

struct Shouter;

impl shouter::Guest for Shouter {
    fn shout(text: String) -> String {
        // std's stderr: WASI 0.2's `wasi:cli/stderr` under wasip3's std.
        eprintln!("shouting {} bytes", text.len());
        format!("{}!", text.to_uppercase())
    }
}

shouter::export!(Shouter with_types_in shouter);
