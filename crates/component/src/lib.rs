//! weld-component: core modules to components, and a look inside any
//! component.
//!
//! * [`embed`] adds a world to a core module as its `component-type` custom
//!   section, or synthesizes a module that fits a world ([`embed::dummy`]).
//! * [`new`] turns a core module into a component, applying the WASI
//!   preview1 adapter weld carries when the module imports
//!   `wasi_snapshot_preview1` ([`adapter`]).
//! * [`fit`] explains why a core module does not fit its world, listing every
//!   problem with the core signature required and found.
//! * [`inspect`] reports what a component (or module) holds: its world, the
//!   tree of nested parts with sizes, producers and custom sections.
//! * [`targets`] checks a component against a world and lists every problem.
//!
//! Everything here takes and returns bytes; nothing prints or reads the
//! environment.

pub mod adapter;
pub mod embed;
pub mod fit;
pub mod inspect;
pub mod new;
pub mod targets;

use anyhow::{Result, anyhow, bail};

/// Binary wasm, sorted by what it is.
#[derive(Debug, Clone)]
pub enum Wasm {
    Module(Vec<u8>),
    Component(Vec<u8>),
}

impl Wasm {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Wasm::Module(b) | Wasm::Component(b) => b,
        }
    }
}

/// Reads `bytes` (binary wasm or WebAssembly text) named `name` in messages.
pub fn read(name: &str, bytes: &[u8]) -> Result<Wasm> {
    let binary = match wat::Detect::from_bytes(bytes) {
        wat::Detect::WasmBinary => bytes.to_vec(),
        wat::Detect::WasmText => wat::parse_bytes(bytes)
            .map_err(|mut e| {
                e.set_path(name);
                anyhow!("failed to parse `{name}` as WebAssembly text\n{e}")
            })?
            .into_owned(),
        wat::Detect::Unknown => {
            let head = &bytes[..bytes.len().min(4)];
            let found = if head.is_empty() {
                "an empty input".to_string()
            } else {
                let hex: Vec<String> = head.iter().map(|b| format!("{b:02x}")).collect();
                format!("bytes `{}` ({:?})", hex.join(" "), String::from_utf8_lossy(head))
            };
            bail!("`{name}` is not WebAssembly: expected the `\\0asm` header or WebAssembly text, found {found}")
        }
    };
    if wasmparser::Parser::is_component(&binary) {
        Ok(Wasm::Component(binary))
    } else if wasmparser::Parser::is_core_wasm(&binary) {
        Ok(Wasm::Module(binary))
    } else {
        bail!(
            "`{name}` has an unsupported wasm version: expected a core module (version 1) or a component (version 0x0d)"
        )
    }
}

/// Validates `bytes` with every feature weld's runner supports, adding a
/// hint when the input looks truncated.
pub fn validate(name: &str, bytes: &[u8]) -> Result<()> {
    let mut validator = wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all());
    validator.validate_all(bytes).map_err(|e| {
        let msg = e.to_string();
        if msg.contains("unexpected end-of-file") {
            anyhow!("`{name}` is not valid wasm: {msg}\nhelp: the file ends early; it may be truncated")
        } else {
            anyhow!("`{name}` is not valid wasm: {msg}")
        }
    })?;
    Ok(())
}
