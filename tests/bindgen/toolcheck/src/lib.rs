//! Exports `add`, so a built module can be checked with `wasm-tools` or
//! `weld inspect`.

/// Adds two numbers, wrapping on overflow.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}
