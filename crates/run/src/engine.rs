//! The wasmtime engine and loading components into it.

use anyhow::{Context, Result, bail};
use wasmtime::component::Component;
use wasmtime::{Config, Engine, Precompiled, WasmBacktraceDetails};

use crate::{Options, cache};

/// An engine configured for one set of options.
pub struct Runner {
    pub(crate) engine: Engine,
    pub(crate) opts: Options,
}

/// A component ready to instantiate.
pub struct Loaded {
    pub(crate) component: Component,
    /// Whether it came from the compilation cache.
    pub from_cache: bool,
    /// Whether a core module was made into a component first.
    pub adapted: bool,
}

impl Runner {
    pub fn new(opts: Options) -> Result<Runner> {
        let mut config = Config::new();
        config.wasm_component_model(true);
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
        Ok(Runner { engine, opts })
    }

    /// Loads a component, a precompiled component (`weld compile`), or a
    /// WASI preview1 command module (made into a component on the fly).
    pub fn load(&self, name: &str, bytes: Vec<u8>) -> Result<Loaded> {
        match Engine::detect_precompiled(&bytes) {
            Some(Precompiled::Component) => {
                // SAFETY: wasmtime runs precompiled code as given. This is a
                // file the user handed to `weld run` (made by `weld compile`);
                // wasmtime still checks its version and settings.
                #[allow(unsafe_code)]
                let component = unsafe { Component::deserialize(&self.engine, &bytes) }
                    .map_err(anyhow::Error::from)
                    .with_context(|| {
                        format!(
                            "`{name}` was precompiled by another weld or with other settings; run `weld compile` again"
                        )
                    })?;
                return Ok(Loaded { component, from_cache: false, adapted: false });
            }
            Some(Precompiled::Module) => bail!("`{name}` is a precompiled core module; weld runs components"),
            None => {}
        }
        let (bytes, adapted) = component_bytes(name, bytes)?;
        self.compile_cached(name, &bytes, adapted)
    }

    fn compile_cached(&self, name: &str, bytes: &[u8], adapted: bool) -> Result<Loaded> {
        // The entry's file and the cache's size limit.
        let entry = self.opts.cache.as_ref().map(|c| (cache::entry_path(&c.dir, &self.engine, bytes), c.max_size));
        if let Some(artifact) = entry.as_ref().and_then(|(path, _)| cache::read(path)) {
            // SAFETY: the artifact's BLAKE3 hash matched the one stored when
            // weld wrote this entry from its own compilation (see cache.rs),
            // and wasmtime checks that it came from this engine's settings.
            #[allow(unsafe_code)]
            if let Ok(component) = unsafe { Component::deserialize(&self.engine, &artifact) } {
                return Ok(Loaded { component, from_cache: true, adapted });
            }
        }
        let component = Component::from_binary(&self.engine, bytes).map_err(|e| {
            let msg = format!("{:#}", anyhow::Error::from(e));
            anyhow::anyhow!("failed to compile `{name}`: {msg}")
        })?;
        if let Some((path, max_size)) = &entry
            && let Ok(artifact) = component.serialize()
        {
            cache::write(path, &artifact, *max_size);
        }
        Ok(Loaded { component, from_cache: false, adapted })
    }

    /// Compiles a component ahead of time for this machine and settings.
    pub fn precompile(&self, name: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
        let (bytes, _) = component_bytes(name, bytes)?;
        self.engine
            .precompile_component(&bytes)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("failed to compile `{name}`"))
    }
}

/// The component in `bytes`, and whether it was made from a command module.
fn component_bytes(name: &str, bytes: Vec<u8>) -> Result<(Vec<u8>, bool)> {
    Ok(match weld_component::read(name, bytes)? {
        weld_component::Wasm::Component(c) => (c, false),
        weld_component::Wasm::Module(m) => (command_from_module(name, &m)?, true),
    })
}

/// A WASI preview1 command module (it exports `_start`) as a component.
fn command_from_module(name: &str, module: &[u8]) -> Result<Vec<u8>> {
    let shape = weld_component::fit::CoreShape::read(module)?;
    if !shape.func_exports.contains_key("_start") {
        bail!(
            "`{name}` is a core module with no `_start`, so it is not a WASI command; \
             make it a component with `weld new` and call its exports with `--invoke`"
        );
    }
    let opts = weld_component::new::NewOptions { validate: true, ..Default::default() };
    let report = weld_component::new::new(module, &opts)
        .with_context(|| format!("failed to make a component from the core module `{name}`"))?;
    Ok(report.component)
}
