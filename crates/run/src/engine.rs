//! The wasmtime engine and loading components into it.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use wasmtime::component::Component;
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, Module, PoolingAllocationConfig, Precompiled, WasmBacktraceDetails,
};

use crate::{Options, cache};

/// An engine configured for one set of options: the limits instances get
/// by default (a fuel or timeout limit also turns on the metering it needs,
/// which changes the generated code), and where compiled code is cached.
pub struct Runner {
    pub(crate) engine: Engine,
    pub(crate) opts: Options,
    /// Stops the epoch ticker when the runner goes.
    ticker: Option<Arc<AtomicBool>>,
}

/// A program ready to instantiate.
pub struct Loaded {
    pub(crate) program: Program,
    pub(crate) name: String,
    /// Whether it came from the compilation cache.
    pub from_cache: bool,
    /// The other members of a composition linked at load time, and the
    /// wiring (`program` is the root, member 0).
    pub(crate) links: Option<Arc<crate::linked::Links>>,
    /// The languages its producers sections name, for traces.
    pub(crate) languages: Vec<String>,
}

/// What `weld run` runs: a component, or a WASI preview1 core module, which
/// runs on wasmtime-wasi's preview1 host as `wasmtime run` runs it.
pub(crate) enum Program {
    Component(Component),
    Module(Module),
}

impl Loaded {
    /// The name it was loaded under, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is a preview1 core module rather than a component.
    pub fn is_core_module(&self) -> bool {
        matches!(self.program, Program::Module(_))
    }
}

impl Runner {
    pub fn new(opts: Options) -> Result<Runner> {
        Runner::build(opts, false)
    }

    /// A runner for a server, which makes an instance per request: instances
    /// come from wasmtime's pooling allocator (as `wasmtime serve`'s do),
    /// whose memories, tables and stacks are reserved once and reused, so a
    /// request costs no `mmap` of its own. Where the machine cannot reserve
    /// the pool (a low address-space limit), instances are allocated on
    /// demand, as for [`Runner::new`].
    pub fn for_server(opts: Options) -> Result<Runner> {
        Runner::build(opts.clone(), true).or_else(|_| Runner::build(opts, false))
    }

    fn build(opts: Options, pooling: bool) -> Result<Runner> {
        let mut config = Config::new();
        if pooling {
            let mut pool = PoolingAllocationConfig::default();
            // Python's and JavaScript's runtimes have tables of far more
            // than the default 20,000 functions.
            pool.table_elements(1 << 18);
            pool.max_memories_per_module(2);
            pool.max_tables_per_module(2);
            config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        }
        config.wasm_component_model(true);
        // `map<K, V>` (WASI 0.3.1 uses it); lowered as a list of entries.
        config.wasm_component_model_map(true);
        // WASI 0.3: async lifts and lowers, `stream`, `future` and the task
        // builtins (`waitable-set.*`, `subtask.*`, `yield`, `backpressure`),
        // and `error-context`, which 0.3 guests' bindings import.
        config.wasm_component_model_async(true);
        config.wasm_component_model_error_context(true);
        config.wasm_backtrace_details(WasmBacktraceDetails::Enable);
        // Unwind tables serve native unwinders only (wasm backtraces do not
        // use them); leaving them out saves about 3% of compile time.
        config.native_unwind_info(false);
        // Fuel and epochs change the generated code (and cost a little), so
        // they are on only when a limit needs them.
        config.consume_fuel(opts.limits.fuel.is_some());
        config.epoch_interruption(opts.limits.timeout.is_some());
        if let Some(stack) = opts.limits.max_stack {
            config.max_wasm_stack(stack);
        }
        let engine = Engine::new(&config).map_err(anyhow::Error::from).context("failed to set up wasmtime")?;
        let ticker = opts.limits.timeout.is_some().then(|| start_ticker(engine.clone()));
        Ok(Runner { engine, opts, ticker })
    }

    /// The limits instances get unless their [`Host`](crate::Host) sets others.
    pub fn limits(&self) -> &crate::Limits {
        &self.opts.limits
    }

    /// Reads and loads the file at `path`, named by its path in messages.
    pub fn load_file(&self, path: &Path) -> Result<Loaded> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).with_context(|| format!("failed to read `{name}`"))?;
        self.load(&name, bytes)
    }

    /// Loads a component, a precompiled component or module (`weld
    /// compile`), or a WASI preview1 core module.
    pub fn load(&self, name: &str, bytes: Vec<u8>) -> Result<Loaded> {
        let kind = Engine::detect_precompiled(&bytes);
        if let Some(kind) = kind {
            let stale =
                || format!("`{name}` was precompiled by another weld or with other settings; run `weld compile` again");
            // SAFETY: wasmtime runs precompiled code as given. This is a
            // file the user handed to `weld run` (made by `weld compile`);
            // wasmtime still checks its version and settings.
            #[allow(unsafe_code)]
            let program = match kind {
                Precompiled::Component => Program::Component(
                    unsafe { Component::deserialize(&self.engine, &bytes) }
                        .map_err(anyhow::Error::from)
                        .with_context(stale)?,
                ),
                Precompiled::Module => Program::Module(
                    unsafe { Module::deserialize(&self.engine, &bytes) }
                        .map_err(anyhow::Error::from)
                        .with_context(stale)?,
                ),
            };
            return Ok(Loaded {
                program,
                name: name.to_string(),
                from_cache: false,
                links: None,
                languages: Vec::new(),
            });
        }
        match weld_component::read(name, bytes)? {
            weld_component::Wasm::Component(c) => self.compile_cached(name, &c, false),
            weld_component::Wasm::Module(m) => self.compile_cached(name, &m, true),
        }
    }

    fn compile_cached(&self, name: &str, bytes: &[u8], module: bool) -> Result<Loaded> {
        // The entry's file and the cache's size limit.
        let entry = self.opts.cache.as_ref().map(|c| (cache::entry_path(&c.dir, &self.engine, bytes), c.max_size));
        if let Some(artifact) = entry.as_ref().and_then(|(path, _)| cache::read(path)) {
            // SAFETY: the artifact's BLAKE3 hash matched the one stored when
            // weld wrote this entry from its own compilation (see cache.rs),
            // and wasmtime checks that it came from this engine's settings.
            #[allow(unsafe_code)]
            let program = if module {
                unsafe { Module::deserialize(&self.engine, &artifact) }.ok().map(Program::Module)
            } else {
                unsafe { Component::deserialize(&self.engine, &artifact) }.ok().map(Program::Component)
            };
            if let Some(program) = program {
                return Ok(Loaded {
                    program,
                    name: name.to_string(),
                    from_cache: true,
                    links: None,
                    languages: Vec::new(),
                });
            }
        }
        let failed = |e: wasmtime::Error| {
            let msg = format!("{:#}", anyhow::Error::from(e));
            anyhow::anyhow!("failed to compile `{name}`: {msg}")
        };
        let (program, artifact) = if module {
            let m = Module::from_binary(&self.engine, bytes).map_err(failed)?;
            let artifact = m.serialize().ok();
            (Program::Module(m), artifact)
        } else {
            let c = Component::from_binary(&self.engine, bytes).map_err(failed)?;
            let artifact = c.serialize().ok();
            (Program::Component(c), artifact)
        };
        if let (Some((path, max_size)), Some(artifact)) = (&entry, artifact) {
            cache::write(path, &artifact, *max_size);
        }
        Ok(Loaded { program, name: name.to_string(), from_cache: false, links: None, languages: Vec::new() })
    }

    /// Compiles a component, or a preview1 command module, ahead of time
    /// for this machine and settings.
    pub fn precompile(&self, name: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
        let compiled = match weld_component::read(name, bytes)? {
            weld_component::Wasm::Component(c) => self.engine.precompile_component(&c),
            weld_component::Wasm::Module(m) => {
                let module = Module::from_binary(&self.engine, &m)
                    .map_err(anyhow::Error::from)
                    .with_context(|| format!("failed to compile `{name}`"))?;
                crate::preview1::require_start(name, &module)?;
                module.serialize()
            }
        };
        compiled.map_err(anyhow::Error::from).with_context(|| format!("failed to compile `{name}`"))
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        if let Some(stop) = &self.ticker {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// How often a running call checks its deadline.
const TICK: Duration = Duration::from_millis(5);

/// Moves the engine's epoch on every [`TICK`] until told to stop; each
/// store compares the time with its own call's deadline at every tick.
fn start_ticker(engine: Engine) -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::spawn(move || {
        while !flag.load(Ordering::Relaxed) {
            std::thread::sleep(TICK);
            engine.increment_epoch();
        }
    });
    stop
}
