//! Instantiating a loaded component and calling into it.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use wasmtime::Store;
use wasmtime::component::{Instance, Linker, Val};

use crate::engine::Program;
use crate::host::{MemoryLimiter, State, wasi_ctx};
use crate::invoke::{self, ExportFunc};
use crate::outcome::{Outcome, classify};
use crate::{Capabilities, Loaded, Runner, Unsatisfied, imports, preview1};

impl Loaded {
    /// Every callable export with its signature (for a core module, its
    /// function exports with core types).
    pub fn exports(&self, runner: &Runner) -> Vec<ExportFunc> {
        match &self.program {
            Program::Component(c) => invoke::exports(&runner.engine, c),
            Program::Module(m) => preview1::exports(m),
        }
    }

    /// Imports the host cannot provide (components only; a core module's
    /// are named when it runs).
    pub fn unsatisfied(&self, runner: &Runner) -> Vec<Unsatisfied> {
        match &self.program {
            Program::Component(c) => imports::unsatisfied(&runner.engine, c),
            Program::Module(_) => Vec::new(),
        }
    }

    /// Runs `wasi:cli/run`, or a core module's `_start`. `name` is the
    /// program's file, for messages.
    pub fn run_command(&self, runner: &Runner, name: &str, caps: &Capabilities) -> Result<Outcome> {
        let component = match &self.program {
            Program::Component(c) => c,
            Program::Module(m) => return preview1::run_command(runner, name, m, caps),
        };
        let exports = self.exports(runner);
        if !exports
            .iter()
            .any(|e| e.instance.as_deref().is_some_and(|i| i.starts_with("wasi:cli/run@0.2")) && e.func == "run")
        {
            let list: Vec<String> = exports.iter().map(|e| format!("  {}: {}", e.full_name(), e.signature)).collect();
            bail!(
                "the component does not export `wasi:cli/run`, so it is not a command{}\nhelp: call an export with `--invoke 'NAME(ARGS)'`",
                if list.is_empty() { String::new() } else { format!("; it exports:\n{}", list.join("\n")) }
            );
        }
        let mut session = Session::new(runner, self, caps)?;
        let result = (|| -> wasmtime::Result<Result<(), ()>> {
            let linker = session.linker.clone();
            let cmd = wasmtime_wasi::p2::bindings::sync::Command::instantiate(&mut session.store, component, &linker)?;
            cmd.wasi_cli_run().call_run(&mut session.store)
        })();
        Ok(match result {
            Ok(Ok(())) => Outcome::ok(),
            Ok(Err(())) => Outcome { code: 1, message: Some("the program's `run` returned an error".into()) },
            Err(e) => session.classify(&e.into()),
        })
    }

    /// Calls each of `calls` (`NAME(ARGS)`) in order on one instance,
    /// passing each result, as WAVE, to `print`. With a fuel limit, `fuel`
    /// gets each call and the fuel it consumed.
    pub fn invoke(
        &self,
        runner: &Runner,
        name: &str,
        caps: &Capabilities,
        calls: &[String],
        print: &mut dyn FnMut(&str),
        fuel: &mut dyn FnMut(&str, u64),
    ) -> Result<Outcome> {
        let component = match &self.program {
            Program::Component(c) => c,
            Program::Module(m) => {
                let parsed = calls.iter().map(|c| invoke::parse_call(c)).collect::<Result<Vec<_>>>()?;
                return preview1::invoke(runner, name, m, caps, &parsed, print, fuel);
            }
        };
        let exports = self.exports(runner);
        let mut resolved = Vec::new();
        for text in calls {
            let call = invoke::parse_call(text)?;
            let export = invoke::resolve(&exports, &call.name)?.clone();
            resolved.push((call, export));
        }
        let mut session = Session::new(runner, self, caps)?;
        let linker = session.linker.clone();
        let instance: Instance = match linker.instantiate(&mut session.store, component) {
            Ok(i) => i,
            Err(e) => return Ok(session.classify(&e.into())),
        };
        for (call, export) in resolved {
            let func = {
                let store = &mut session.store;
                let idx = match &export.instance {
                    Some(inst) => {
                        let parent = instance.get_export_index(&mut *store, None, inst);
                        instance.get_export_index(&mut *store, parent.as_ref(), &export.func)
                    }
                    None => instance.get_export_index(&mut *store, None, &export.func),
                };
                idx.and_then(|i| instance.get_func(&mut *store, i))
                    .with_context(|| format!("export `{}` is not a function", export.full_name()))?
            };
            let ty = func.ty(&session.store);
            let param_types: Vec<_> = ty.params().map(|(_, t)| t).collect();
            let params = invoke::params(&call, &param_types)?;
            let mut results = vec![Val::Bool(false); ty.results().len()];
            let before = session.store.get_fuel().ok();
            if let Err(e) = func.call(&mut session.store, &params, &mut results) {
                return Ok(session.classify(&e.into()));
            }
            if let (Some(before), Ok(after)) = (before, session.store.get_fuel()) {
                fuel(&call.text, before - after);
            }
            if !results.is_empty() {
                print(&invoke::format_results(&results)?);
            }
        }
        Ok(Outcome::ok())
    }
}

/// One store, its linker and the limits around it.
struct Session<'a> {
    runner: &'a Runner,
    store: Store<State>,
    linker: Linker<State>,
}

impl<'a> Session<'a> {
    fn new(runner: &'a Runner, loaded: &Loaded, caps: &Capabilities) -> Result<Session<'a>> {
        let missing = loaded.unsatisfied(runner);
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|m| format!("  - {m}")).collect();
            bail!(
                "the component has {} import{} that weld's runner cannot provide (it provides WASI 0.2: cli, io, clocks, filesystem, random, sockets):\n{}\nhelp: compose or plug components that export them first (`weld compose`, `weld plug`)",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                list.join("\n")
            );
        }
        let limits = &runner.opts.limits;
        let state = State {
            ctx: wasi_ctx(caps)?,
            table: wasmtime::component::ResourceTable::new(),
            limiter: MemoryLimiter { max: limits.max_memory, refused: None },
        };
        let mut store = Store::new(&runner.engine, state);
        store.limiter(|s| &mut s.limiter);
        apply_limits(&mut store, runner)?;
        let mut linker = Linker::new(&runner.engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(anyhow::Error::from)?;
        Ok(Session { runner, store, linker })
    }

    fn classify(&self, err: &anyhow::Error) -> Outcome {
        classify(err, &self.runner.opts.limits, &self.store.data().limiter)
    }
}

/// Fuel and the timeout, for any store.
pub(crate) fn apply_limits<T>(store: &mut Store<T>, runner: &Runner) -> Result<()> {
    let limits = &runner.opts.limits;
    if let Some(fuel) = limits.fuel {
        store.set_fuel(fuel).map_err(anyhow::Error::from)?;
    }
    if let Some(timeout) = limits.timeout {
        store.set_epoch_deadline(1);
        store.epoch_deadline_trap();
        start_timer(runner.engine.clone(), timeout);
    }
    Ok(())
}

/// Ends guest execution once `timeout` has passed.
fn start_timer(engine: wasmtime::Engine, timeout: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(timeout);
        engine.increment_epoch();
    });
}
