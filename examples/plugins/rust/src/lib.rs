//! The `reverse` plugin in Rust. `weld build` writes the bindings module,
//! `plugin.rs`, beside this file in its build copy (`weld bindgen rust
//! ../wit --world plugin --out-dir src` does the same by hand).

mod plugin;

struct Reverse;

impl plugin::Guest for Reverse {
    fn name() -> String {
        "reverse".to_string()
    }

    fn transform(input: String) -> Result<String, String> {
        if input.is_empty() {
            return Err("nothing to reverse".to_string());
        }
        plugin::log(&format!("reversing {} characters", input.chars().count()));
        Ok(input.chars().rev().collect())
    }
}

plugin::export!(Reverse with_types_in plugin);
