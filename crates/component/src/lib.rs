//! weld-component: core modules to components, and a look inside any
//! component.
//!
//! * [`embed`] adds a world to a core module as its `component-type` custom
//!   section, or synthesizes a module that fits a world ([`embed::dummy`]).
//! * [`new`] turns a core module into a component, applying the WASI
//!   preview1 adapter weld carries when the module imports
//!   `wasi_snapshot_preview1` ([`adapter`]).
//! * [`link`] links dynamic-library modules into one component
//!   (shared-everything linking).
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
mod fit_async;
pub mod inspect;
pub mod link;
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
pub fn read(name: &str, bytes: Vec<u8>) -> Result<Wasm> {
    let binary = match wat::Detect::from_bytes(&bytes) {
        wat::Detect::WasmBinary => bytes,
        wat::Detect::WasmText => weld_wit::parse_wat(name, &bytes)?,
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

/// Validates `bytes` with every wasm feature, adding a hint when the input
/// looks truncated. Function bodies are validated on all cores.
pub fn validate(name: &str, bytes: &[u8]) -> Result<()> {
    validate_with(name, bytes, true)
}

/// Validates everything in `bytes` but function bodies: what `weld embed`
/// needs of a module, whose code is checked when `weld new` validates the
/// component (wit-component drops functions nothing reaches, as in adapters
/// whose unused code does not validate on its own).
pub fn validate_structure(name: &str, bytes: &[u8]) -> Result<()> {
    validate_with(name, bytes, false)
}

fn validate_with(name: &str, bytes: &[u8], bodies: bool) -> Result<()> {
    validate_parallel(bytes, bodies).map_err(|e| {
        let msg = e.to_string();
        if msg.contains("unexpected end-of-file") {
            anyhow!("`{name}` is not valid wasm: {msg}\nhelp: the file ends early; it may be truncated")
        } else {
            anyhow!("`{name}` is not valid wasm: {msg}")
        }
    })
}

/// The module structure is validated in order; the function bodies it
/// yields are then checked by one thread per core.
fn validate_parallel(bytes: &[u8], bodies: bool) -> Result<(), wasmparser::BinaryReaderError> {
    use wasmparser::{Parser, ValidPayload, Validator, WasmFeatures};
    let mut validator = Validator::new_with_features(WasmFeatures::all());
    let mut funcs = Vec::new();
    let mut stack = Vec::new();
    let mut parser = Parser::new(0);
    let mut data = bytes;
    loop {
        let payload = match parser.parse(data, true)? {
            wasmparser::Chunk::Parsed { consumed, payload } => {
                data = &data[consumed..];
                payload
            }
            wasmparser::Chunk::NeedMoreData(_) => unreachable!("all data is given at once"),
        };
        match validator.payload(&payload)? {
            ValidPayload::Ok => {}
            ValidPayload::Parser(p) => stack.push(std::mem::replace(&mut parser, p)),
            ValidPayload::Func(func, body) if bodies => funcs.push((func, body)),
            ValidPayload::Func(..) => {}
            ValidPayload::End(_) => match stack.pop() {
                Some(p) => parser = p,
                None => break,
            },
        }
    }
    // Small inputs are checked in place: starting threads would cost more.
    let threads = if funcs.len() < 256 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(funcs.len())
    };
    if threads == 1 {
        let mut allocs = wasmparser::FuncValidatorAllocations::default();
        for (func, body) in funcs {
            let mut v = func.into_validator(allocs);
            v.validate(&body)?;
            allocs = v.into_allocations();
        }
        return Ok(());
    }
    let chunk = funcs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let mut parts = Vec::new();
        while !funcs.is_empty() {
            let rest = funcs.split_off(chunk.min(funcs.len()));
            parts.push(std::mem::replace(&mut funcs, rest));
        }
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                scope.spawn(move || {
                    let mut allocs = wasmparser::FuncValidatorAllocations::default();
                    for (func, body) in part {
                        let mut v = func.into_validator(allocs);
                        v.validate(&body)?;
                        allocs = v.into_allocations();
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| h.join().expect("validation thread panicked"))
    })
}
