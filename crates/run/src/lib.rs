//! weld-run: running components on an embedded wasmtime.
//!
//! This is the only crate in weld that links wasmtime. It runs WASI command
//! components (`wasi:cli/run`), calls any export with WAVE-typed values,
//! grants capabilities only when asked (preopened folders, environment
//! variables, network), enforces limits (memory, time, fuel, stack), caches
//! compiled code on disk, and turns every way a guest can end into an exit
//! status and a message.
//!
//! * `engine.rs`: wasmtime configuration and loading (with `cache.rs`);
//! * `host.rs`: the store's state, WASI context and memory limiter;
//! * `imports.rs`: what the host provides and what it cannot;
//! * `invoke.rs`: finding exports by name and calling them with WAVE;
//! * `preview1.rs`: WASI preview1 core modules on wasmtime-wasi's preview1 host;
//! * `outcome.rs`: traps, exits and limits as messages and exit codes.

pub mod cache;
mod engine;
mod host;
mod imports;
mod invoke;
mod outcome;
mod preview1;
mod run;

use std::path::PathBuf;
use std::time::Duration;

pub use cache::Cache;
pub use engine::{Loaded, Runner};
pub use imports::Unsatisfied;
pub use invoke::ExportFunc;
pub use outcome::{EXIT_TIMEOUT, EXIT_TRAP, Outcome};

/// What the guest may touch. Nothing is granted by default.
#[derive(Debug, Clone, Default)]
pub struct Capabilities {
    /// Command-line arguments, starting with the program name.
    pub args: Vec<String>,
    /// `(host, guest, read_only)` folders.
    pub dirs: Vec<(PathBuf, String, bool)>,
    /// Environment variables for the guest.
    pub env: Vec<(String, String)>,
    /// TCP/UDP sockets and name lookup.
    pub network: bool,
}

/// Limits on one run.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// Most bytes any one linear memory may grow to.
    pub max_memory: Option<usize>,
    /// Wall-clock time for guest code (epoch interruption).
    pub timeout: Option<Duration>,
    /// Fuel units (about one per wasm instruction).
    pub fuel: Option<u64>,
    /// Most bytes of native stack wasm may use.
    pub max_stack: Option<usize>,
}

/// How to set up the engine.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    /// Where compiled code is kept; `None` turns the cache off.
    pub cache: Option<Cache>,
}
