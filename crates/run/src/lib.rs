//! weld-run: running components on an embedded wasmtime.
//!
//! This is the only crate in weld that links wasmtime. It is an embedding
//! API, and `weld run` and `weld compile` are its users:
//!
//! 1. a [`Runner`] is an engine with default [`Limits`] and an optional
//!    on-disk [`Cache`] of compiled code (the caller chooses its folder);
//! 2. [`Runner::load`] or [`Runner::load_file`] gives a [`Loaded`]
//!    component (or WASI preview1 core module, or `.cwasm`);
//! 3. a [`Host`] says what one instance is granted: arguments, environment,
//!    folders, network, stdio ([`Input`], [`Output`]: inherited, nothing,
//!    in-memory buffers read afterwards, files or pipes), limits, and host functions for
//!    the component's own imports;
//! 4. [`Loaded::instantiate`] gives an [`Instance`], whose
//!    [`call`](Instance::call) takes and returns typed values ([`Val`]),
//!    and whose [`call_wave`](Instance::call_wave) takes and returns WAVE
//!    text; [`Loaded::run_command`] runs `wasi:cli/run`.
//!
//! A call that does not return ends in a typed [`Ending`]: an exit, a
//! trap, a timeout, running out of fuel, memory or stack, each with the
//! guest's [`Backtrace`]. Errors of the embedder (a missing export,
//! arguments of the wrong type, an import nobody provides) are the outer
//! `anyhow::Error` instead.
//!
//! ```
//! use weld_run::{Ending, Host, Limits, Options, Runner, Val};
//!
//! # fn main() -> anyhow::Result<()> {
//! // A component that imports `log` and exports `add` and `spin`.
//! let wat = r#"(component
//!   (import "log" (func $log (param "v" s32)))
//!   (core func $log-low (canon lower (func $log)))
//!   (core module $m
//!     (import "host" "log" (func $log (param i32)))
//!     (func (export "add") (param i32 i32) (result i32)
//!       (call $log (local.get 0))
//!       (i32.add (local.get 0) (local.get 1)))
//!     (func (export "spin") (loop $l (br $l))))
//!   (core instance $h (export "log" (func $log-low)))
//!   (core instance $i (instantiate $m (with "host" (instance $h))))
//!   (func (export "add") (param "a" s32) (param "b" s32) (result s32)
//!     (canon lift (core func $i "add")))
//!   (func (export "spin") (canon lift (core func $i "spin"))))"#;
//!
//! // Fuel is metered for every instance of this runner; `None`: no cache.
//! let runner = Runner::new(Options {
//!     limits: Limits { fuel: Some(1_000_000), ..Limits::default() },
//!     cache: None,
//! })?;
//! let loaded = runner.load("calc.wat", wat.as_bytes().to_vec())?;
//!
//! let logged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
//! let sink = logged.clone();
//! let host = Host::new().func("log", move |args, _results| {
//!     sink.lock().unwrap().push(args[0].clone());
//!     Ok(())
//! });
//! let mut instance = loaded.instantiate(&runner, &host)?.expect("instantiates");
//!
//! let sum = instance.call("add", &[Val::S32(40), Val::S32(2)])?;
//! assert_eq!(sum, Ok(vec![Val::S32(42)]));
//! assert_eq!(*logged.lock().unwrap(), [Val::S32(40)]);
//! assert_eq!(instance.call_wave("add(1, 2)")?, Ok(Some("3".to_string())));
//!
//! // A runaway guest ends with a typed ending, not an error.
//! match instance.call("spin", &[])? {
//!     Err(Ending::OutOfFuel { limit, .. }) => assert_eq!(limit, 1_000_000),
//!     other => panic!("expected to run out of fuel, got {other:?}"),
//! }
//! // Arguments of the wrong type are the caller's error.
//! let err = loaded.instantiate(&runner, &host)?.unwrap().call("add", &[Val::String("x".into())]);
//! assert!(err.unwrap_err().to_string().contains("takes 2 arguments, found 1"));
//! # Ok(())
//! # }
//! ```
//!
//! * `engine.rs`: wasmtime configuration and loading (with `cache.rs`);
//! * `concurrent.rs`: driving calls on wasmtime's event loop (WASI 0.3, async
//!   exports), with the timeout in force while tasks wait;
//! * `grants.rs`: what an instance is given ([`Host`]);
//! * `host.rs`: the store's state, WASI context and limits;
//! * `instance.rs`: instantiating and calling ([`Instance`]);
//! * `imports.rs`: what the host provides and what it cannot;
//! * `invoke.rs`: finding exports by name and WAVE text;
//! * `values.rs`: checking values against types before a call;
//! * `preview1.rs`: WASI preview1 core modules on wasmtime-wasi's preview1 host;
//! * `ending.rs`: traps, exits and limits as typed endings;
//! * `refusal.rs`: programs that cannot run as asked, found before they run;
//! * `linked.rs`: compositions linked at load time ([`Runner::load_linked`]):
//!   each member instantiated by weld, imports wired to exports by host-side
//!   forwarders (resources included);
//! * `trace.rs`: calls across component boundaries ([`Trace`]), as a tree and
//!   as Chrome trace-event JSON;
//! * `serve.rs`: serving a `wasi:http/proxy` component (`weld serve`), with
//!   `outgoing.rs` for the guest's own requests (denied unless allowed).

pub mod cache;
mod concurrent;
mod ending;
mod engine;
mod grants;
mod host;
mod imports;
mod instance;
mod invoke;
mod linked;
mod outgoing;
mod preview1;
mod refusal;
pub mod serve;
mod serve3;
mod trace;
mod values;

use std::path::PathBuf;
use std::time::Duration;

pub use cache::Cache;
pub use ending::{Backtrace, EXIT_TIMEOUT, EXIT_TRAP, Ending, Frame, bytes};
pub use engine::{Loaded, Runner};
pub use grants::{Host, HostFn, Input, Output};
pub use imports::{Unsatisfied, Wasi};
pub use instance::Instance;
pub use invoke::{Call as WaveCall, ExportFunc, describe};
pub use linked::{Crossing, Link};
pub use refusal::Refusal;
pub use trace::{SpanId, Trace, wave_list};
pub use wasmtime::component::{Type, Val};

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

/// Limits on an instance. `fuel` and `timeout` are budgets for each call
/// (and for instantiation); `max_memory` holds for the instance's life.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes any one linear memory may grow to.
    pub max_memory: Option<usize>,
    /// Wall-clock time for each call (epoch interruption, checked every
    /// few milliseconds).
    pub timeout: Option<Duration>,
    /// Fuel units for each call (about one per wasm instruction).
    pub fuel: Option<u64>,
    /// Most bytes of native stack wasm may use. wasmtime sets this per
    /// engine, so it is the [`Runner`]'s for every instance.
    pub max_stack: Option<usize>,
}

/// How to set up a [`Runner`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The limits every instance gets unless its [`Host`] sets others. A
    /// fuel or timeout limit here also makes the engine meter fuel or
    /// interrupt guests, which instances need for limits of their own.
    pub limits: Limits,
    /// Where compiled code is kept; `None` turns the cache off.
    pub cache: Option<Cache>,
}
