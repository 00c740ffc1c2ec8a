//! Instantiating a loaded program with what the host grants, and calling
//! into it with typed values ([`Val`]) or WAVE text.

use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use wasmtime::Store;
use wasmtime::component::{Linker, Type, Val};

use crate::concurrent::{self, Waited};
use crate::ending::{Ending, classify, timed_out};
use crate::engine::Program;
use crate::grants::Host;
use crate::host::{Captured, Guard, Guarded, State, arm, guard_store, wasi_builder};
use crate::invoke::{self, Call as WaveCall, ExportFunc};
use crate::preview1::{self, P1State};
use crate::{Loaded, Refusal, Runner, Trace, Unsatisfied, Wasi, imports, linked};

/// A running instance of a component (or preview1 core module), with its
/// own store, grants and limits. Calls run in order; fuel and timeout are
/// budgets for each call.
///
/// What the guest writes can be kept in memory and read afterwards:
///
/// ```
/// use weld_run::{Host, Options, Output, Runner};
///
/// # fn main() -> anyhow::Result<()> {
/// // A WASI preview1 command that writes `hello` to stdout.
/// let wat = r#"(module
///   (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
///   (memory (export "memory") 1)
///   (data (i32.const 16) "hello\n")
///   (func (export "_start")
///     (i32.store (i32.const 0) (i32.const 16))
///     (i32.store (i32.const 4) (i32.const 6))
///     (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;
/// let runner = Runner::new(Options::default())?;
/// let loaded = runner.load("hello.wat", wat.as_bytes().to_vec())?;
/// let host = Host::new().stdout(Output::buffer());
/// let mut instance = loaded.instantiate(&runner, &host)?.expect("instantiates");
/// assert_eq!(instance.run()?, Ok(()));
/// assert_eq!(instance.stdout(), b"hello\n");
/// # Ok(())
/// # }
/// ```
pub struct Instance {
    name: String,
    exports: Vec<ExportFunc>,
    inner: Inner,
    captured: Captured,
    /// How the instance ended, once it may not be entered again.
    ended: Option<Ending>,
    fuel_used: Option<u64>,
    /// Where calls are recorded, and the root component's track.
    trace: Option<(Arc<Trace>, usize)>,
    /// The calls between linked components in progress.
    stack: Option<linked::Stack>,
}

enum Inner {
    Component { store: Store<State>, instance: wasmtime::component::Instance },
    Module { store: Store<P1State>, instance: wasmtime::Instance },
}

impl Loaded {
    /// Every callable export with its signature (for a core module, its
    /// function exports with core types).
    pub fn exports(&self, runner: &Runner) -> Vec<ExportFunc> {
        match &self.program {
            Program::Component(c) => invoke::exports(&runner.engine, c),
            Program::Module(m) => preview1::exports(m),
        }
    }

    /// Imports neither WASI 0.2 nor 0.3 provides, which a [`Host`] must
    /// define as host functions (components only; a core module's are
    /// named when it is instantiated).
    pub fn unsatisfied(&self, runner: &Runner) -> Vec<Unsatisfied> {
        match &self.program {
            Program::Component(c) => imports::unsatisfied(&runner.engine, c, Wasi::All),
            Program::Module(_) => Vec::new(),
        }
    }

    /// Instantiates the program with `host`'s grants and host functions.
    ///
    /// The outer error is the embedder's: imports that neither WASI nor a
    /// host function provides (each listed), a folder that cannot be
    /// opened, limits the runner cannot enforce. The inner one is the
    /// guest's: a start function that trapped or ran out of a limit.
    pub fn instantiate(&self, runner: &Runner, host: &Host) -> Result<Result<Instance, Ending>> {
        let exports = self.exports(runner);
        let guard = Guard::new(runner, host.limits.as_ref())?;
        let (builder, captured) = wasi_builder(host)?;
        let name = self.name.clone();
        match &self.program {
            Program::Component(component) => {
                let wired = |at: usize, name: &str| {
                    self.links.as_ref().is_some_and(|l| l.links.iter().any(|w| w.consumer == at && w.import == name))
                };
                match &self.links {
                    None => check_imports(runner, component, host, &|n| wired(0, n))?,
                    Some(links) => {
                        for &at in &links.order {
                            check_imports(runner, &links.members[at].component, host, &|n| wired(at, n))
                                .with_context(|| format!("`{}` cannot be linked", links.members[at].name))?;
                        }
                    }
                }
                let mut builder = builder;
                let state = State { ctx: builder.build(), table: wasmtime::component::ResourceTable::new(), guard };
                let mut store = Store::new(&runner.engine, state);
                guard_store(&mut store);
                arm(&mut store)?;
                let base = |at: usize, component: &wasmtime::component::Component| {
                    base_linker(runner, host, component, &|n| wired(at, n))
                };
                let (instance, trace, stack) = match &self.links {
                    Some(links) => match linked::instantiate(&mut store, links, host.trace.clone(), &base)? {
                        Ok(made) => {
                            let trace = host.trace.clone().zip(made.root_track);
                            (made.root, trace, Some(made.stack))
                        }
                        Err(ending) => return Ok(Err(ending)),
                    },
                    None => {
                        let linker = base(0, component)?;
                        let deadline = store.data().guard.deadline();
                        let instance =
                            match concurrent::block_on(deadline, linker.instantiate_async(&mut store, component)) {
                                Waited::Done(Ok(i)) => i,
                                Waited::Done(Err(e)) => return Ok(Err(classify(&e.into(), &store.data().guard))),
                                Waited::TimedOut => return Ok(Err(timed_out(&store.data().guard))),
                            };
                        let trace = host.trace.clone().map(|t| {
                            let track = t.track(&name, &self.languages);
                            (t, track)
                        });
                        (instance, trace, None)
                    }
                };
                let inner = Inner::Component { store, instance };
                Ok(Ok(Instance { name, exports, inner, captured, ended: None, fuel_used: None, trace, stack }))
            }
            Program::Module(module) => {
                if !host.funcs.is_empty() {
                    bail!("`{name}` is a core module: host functions are defined for components' imports only");
                }
                let mut builder = builder;
                let (store, instance) = match preview1::instantiate(runner, &name, module, builder.build_p1(), guard)? {
                    Ok(pair) => pair,
                    Err(ending) => return Ok(Err(ending)),
                };
                let inner = Inner::Module { store, instance };
                Ok(Ok(Instance {
                    name,
                    exports,
                    inner,
                    captured,
                    ended: None,
                    fuel_used: None,
                    trace: None,
                    stack: None,
                }))
            }
        }
    }

    /// Reads WAVE calls (`NAME(ARGS)`) and finds the export each one names,
    /// so that a mistake is reported before anything runs. A core module's
    /// arguments are checked too; a component's are checked against the
    /// export's types when called.
    pub fn prepare_calls(&self, runner: &Runner, calls: &[String]) -> Result<Vec<WaveCall>> {
        let exports = self.exports(runner);
        calls
            .iter()
            .map(|text| {
                let call = invoke::parse_call(text)?;
                match &self.program {
                    Program::Component(_) => drop(invoke::resolve(&exports, &call.name)?),
                    Program::Module(m) => preview1::check_call(&self.name, m, &call)?,
                }
                Ok(call)
            })
            .collect()
    }

    /// Runs the program as a command: `wasi:cli/run`, or a core module's
    /// `_start`. Checks that it is one before instantiating.
    ///
    /// ```
    /// use weld_run::{Ending, Host, Options, Runner};
    ///
    /// # fn main() -> anyhow::Result<()> {
    /// // `proc_exit(3)`: the guest's own exit code.
    /// let wat = r#"(module
    ///   (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    ///   (memory (export "memory") 1)
    ///   (func (export "_start") (call $exit (i32.const 3))))"#;
    /// let runner = Runner::new(Options::default())?;
    /// let loaded = runner.load("exit.wat", wat.as_bytes().to_vec())?;
    /// assert_eq!(loaded.run_command(&runner, &Host::new())?, Err(Ending::Exit(3)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn run_command(&self, runner: &Runner, host: &Host) -> Result<Result<(), Ending>> {
        match self.instantiate_command(runner, host)? {
            Ok(mut instance) => instance.run(),
            Err(ending) => Ok(Err(ending)),
        }
    }

    /// Checks that the program is a command, then instantiates it (for
    /// [`Instance::run`]).
    pub fn instantiate_command(&self, runner: &Runner, host: &Host) -> Result<Result<Instance, Ending>> {
        match &self.program {
            Program::Component(_) => {
                let exports = self.exports(runner);
                if !exports.iter().any(is_run) {
                    return Err(Refusal::NotACommand { exports }.into());
                }
            }
            Program::Module(m) => preview1::require_start(&self.name, m)?,
        }
        self.instantiate(runner, host)
    }
}

/// `wasi:cli/run@0.2.x` or `@0.3.x` (an async `run`).
fn is_run(e: &ExportFunc) -> bool {
    e.instance.as_deref().is_some_and(|i| i.starts_with("wasi:cli/run@0.2") || i.starts_with("wasi:cli/run@0.3"))
        && e.func == "run"
}

/// Refuses a component whose imports neither WASI, the host's functions
/// nor a wire (`wired`) provide, before anything runs.
fn check_imports(
    runner: &Runner,
    component: &wasmtime::component::Component,
    host: &Host,
    wired: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let missing: Vec<_> = imports::unsatisfied(&runner.engine, component, host.wasi)
        .into_iter()
        .filter(|m| !host.defines(&m.name) && !wired(&m.name))
        .collect();
    // WASI of a version the host does not serve is one error.
    let other: Vec<&Unsatisfied> = missing.iter().filter(|m| m.wasi.is_some()).collect();
    if let Some(needed) = other.first().and_then(|m| m.wasi) {
        let imports = other.iter().map(|m| m.name.clone()).collect();
        return Err(Refusal::WasiVersion { served: host.wasi, needed, imports }.into());
    }
    if !missing.is_empty() {
        return Err(Refusal::Unsatisfied(missing).into());
    }
    Ok(())
}

/// A linker with WASI, the host's functions and the names of type-only
/// interfaces: everything but the wired imports.
fn base_linker(
    runner: &Runner,
    host: &Host,
    component: &wasmtime::component::Component,
    wired: &dyn Fn(&str) -> bool,
) -> Result<Linker<State>> {
    let mut linker = Linker::new(&runner.engine);
    // WASI 0.2 and 0.3 side by side: one component may import both (a
    // wasip3 std still reads some 0.2 interfaces).
    if host.wasi.p2() {
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(anyhow::Error::from)?;
    }
    if host.wasi.p3() {
        wasmtime_wasi::p3::add_to_linker(&mut linker).map_err(anyhow::Error::from)?;
    }
    define_funcs(&mut linker, host)?;
    // An interface of types only needs its name defined.
    for name in imports::type_only_imports(&runner.engine, component) {
        if !wired(&name) {
            linker.instance(&name).map_err(anyhow::Error::from)?;
        }
    }
    Ok(linker)
}

/// Defines `host`'s functions in `linker`.
fn define_funcs(linker: &mut Linker<State>, host: &Host) -> Result<()> {
    for f in &host.funcs {
        let body = f.body.clone();
        let func =
            move |_store: wasmtime::StoreContextMut<'_, State>,
                  _ty: wasmtime::component::types::ComponentFunc,
                  params: &[Val],
                  results: &mut [Val]|
                  -> wasmtime::Result<()> { body(params, results).map_err(wasmtime::Error::from_anyhow) };
        let what = || match &f.interface {
            Some(i) => format!("failed to define host function `{i}.{}`", f.name),
            None => format!("failed to define host function `{}`", f.name),
        };
        let defined = match &f.interface {
            Some(i) => linker.instance(i).and_then(|mut inst| inst.func_new(&f.name, func)),
            None => linker.root().func_new(&f.name, func),
        };
        defined.map_err(anyhow::Error::from).with_context(what)?;
    }
    Ok(())
}

impl Instance {
    /// The file the program came from, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every callable export with its signature.
    pub fn exports(&self) -> &[ExportFunc] {
        &self.exports
    }

    /// How the instance ended, if it may not be called again.
    pub fn ended(&self) -> Option<&Ending> {
        self.ended.as_ref()
    }

    /// For a composition linked at load time: the calls between its
    /// components that were in progress when the last call ended,
    /// outermost first (after a trap, the components it went through,
    /// each with its language).
    pub fn crossings(&self) -> Vec<linked::Crossing> {
        self.stack.as_ref().map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).clone()).unwrap_or_default()
    }

    /// The fuel the last call consumed, when the runner meters fuel.
    pub fn fuel_used(&self) -> Option<u64> {
        self.fuel_used
    }

    /// What the guest wrote to stdout, when [`Output::Buffer`] captured it.
    ///
    /// [`Output::Buffer`]: crate::Output::Buffer
    pub fn stdout(&self) -> Vec<u8> {
        self.captured.stdout.as_ref().map(|p| p.contents().to_vec()).unwrap_or_default()
    }

    /// What the guest wrote to stderr, when [`Output::Buffer`] captured it.
    ///
    /// [`Output::Buffer`]: crate::Output::Buffer
    pub fn stderr(&self) -> Vec<u8> {
        self.captured.stderr.as_ref().map(|p| p.contents().to_vec()).unwrap_or_default()
    }

    /// The export `name` (any spelling `--list` or wasmtime uses: `f`,
    /// `iface.f`, `ns:pkg/iface@1.0.0.f`, `ns:pkg/iface.f@1.0.0`).
    pub fn export(&self, name: &str) -> Result<&ExportFunc> {
        invoke::resolve(&self.exports, name)
    }

    /// The parameter types of the component export `name`.
    pub fn param_types(&mut self, name: &str) -> Result<Vec<Type>> {
        let export = self.export(name)?.clone();
        self.export_param_types(&export)
    }

    fn export_param_types(&mut self, export: &ExportFunc) -> Result<Vec<Type>> {
        let (store, func) = self.component_func(export)?;
        Ok(func.ty(&*store).params().map(|(_, t)| t).collect())
    }

    /// Calls the component export `name` with `args`. The outer error is a
    /// wrong call (no such export, arguments of the wrong types or number,
    /// an instance that already ended); the inner one how the guest ended
    /// when it did not return.
    pub fn call(&mut self, name: &str, args: &[Val]) -> Result<Result<Vec<Val>, Ending>> {
        let export = self.export(name)?.clone();
        self.call_export(&export, args)
    }

    /// [`Instance::call`] for an export already found.
    pub fn call_export(&mut self, export: &ExportFunc, args: &[Val]) -> Result<Result<Vec<Val>, Ending>> {
        self.check_alive()?;
        let trace = self.trace.clone();
        let (store, func) = self.component_func(export)?;
        let ty = func.ty(&*store);
        let types: Vec<Type> = ty.params().map(|(_, t)| t).collect();
        check_args(export, &types, args)?;
        let mut results = vec![Val::Bool(false); ty.results().len()];
        arm(store)?;
        let before = store.get_fuel().ok();
        // Sync and async-lifted exports alike run on wasmtime's event loop
        // until the export returns (or every task is stuck: a deadlock).
        let deadline = store.data().guard.deadline();
        let span = trace.as_ref().map(|(t, track)| t.begin(0, *track, &export.full_name(), args));
        let outcome = concurrent::block_on(deadline, func.call_async(&mut *store, args, &mut results));
        if let (Some((t, _)), Some(span)) = (&trace, span) {
            match &outcome {
                Waited::Done(Ok(())) => t.end(span, Ok(&results)),
                Waited::Done(Err(e)) => t.end(span, Err(&linked::first_line(e))),
                Waited::TimedOut => t.end(span, Err("timed out")),
            }
        }
        let used = before.zip(store.get_fuel().ok()).map(|(b, a)| b - a);
        let outcome = match outcome {
            Waited::Done(done) => done.map(|()| results).map_err(|e| classify(&e.into(), &store.data().guard)),
            Waited::TimedOut => Err(timed_out(&store.data().guard)),
        };
        self.fuel_used = used;
        Ok(self.settle(outcome))
    }

    /// Calls an export from WAVE text, `NAME(ARGS)` (for a core module,
    /// numeric arguments), and returns its results as WAVE text (`None`
    /// for a function without results).
    pub fn call_wave(&mut self, call: &str) -> Result<Result<Option<String>, Ending>> {
        let parsed = invoke::parse_call(call)?;
        self.call_prepared(&parsed)
    }

    /// [`Instance::call_wave`] for a call from [`Loaded::prepare_calls`].
    pub fn call_prepared(&mut self, call: &WaveCall) -> Result<Result<Option<String>, Ending>> {
        self.check_alive()?;
        if let Inner::Module { store, instance } = &mut self.inner {
            let (outcome, used) = preview1::call(&self.name, &self.exports, store, instance, call)?;
            self.fuel_used = used;
            return Ok(self.settle(outcome));
        }
        let export = self.export(&call.name)?.clone();
        let types = self.export_param_types(&export)?;
        let args = invoke::params(call, &types)?;
        Ok(match self.call_export(&export, &args)? {
            Ok(results) if results.is_empty() => Ok(None),
            Ok(results) => Ok(Some(invoke::format_results(&results)?)),
            Err(ending) => Err(ending),
        })
    }

    /// Runs `wasi:cli/run` (or a core module's `_start`).
    pub fn run(&mut self) -> Result<Result<(), Ending>> {
        if let Inner::Module { .. } = &self.inner {
            self.check_alive()?;
        }
        if let Inner::Module { store, instance } = &mut self.inner {
            let (outcome, used) = preview1::start(store, instance)?;
            self.fuel_used = used;
            return Ok(self.settle(outcome));
        }
        let export =
            self.exports.iter().find(|e| is_run(e)).cloned().context("the component does not export `wasi:cli/run`")?;
        Ok(match self.call_export(&export, &[])? {
            Ok(results) => match results.first() {
                Some(Val::Result(Err(_))) => Err(Ending::RunError),
                _ => Ok(()),
            },
            Err(ending) => Err(ending),
        })
    }

    /// Remembers an ending after which the instance may not run again.
    fn settle<T>(&mut self, outcome: Result<T, Ending>) -> Result<T, Ending> {
        if let Err(ending) = &outcome
            && !matches!(ending, Ending::RunError)
        {
            self.ended = Some(ending.clone());
        }
        outcome
    }

    fn check_alive(&self) -> Result<()> {
        match &self.ended {
            Some(ending) => {
                Err(anyhow!("`{}` cannot be called again: it ended ({ending}); instantiate it again", self.name))
            }
            None => Ok(()),
        }
    }

    fn component_func(&mut self, export: &ExportFunc) -> Result<(&mut Store<State>, wasmtime::component::Func)> {
        let Inner::Component { store, instance } = &mut self.inner else {
            bail!("`{}` is a core module: call its exports with `call_wave` and numeric arguments", self.name);
        };
        let idx = match &export.instance {
            Some(inst) => {
                let parent = instance.get_export_index(&mut *store, None, inst);
                instance.get_export_index(&mut *store, parent.as_ref(), &export.func)
            }
            None => instance.get_export_index(&mut *store, None, &export.func),
        };
        let func = idx
            .and_then(|i| instance.get_func(&mut *store, i))
            .with_context(|| format!("export `{}` is not a function", export.full_name()))?;
        Ok((store, func))
    }
}

/// Arguments must match the export's parameters in number and type, so a
/// wrong call is the caller's error, never a trap.
fn check_args(export: &ExportFunc, types: &[Type], args: &[Val]) -> Result<()> {
    if types.len() != args.len() {
        bail!(
            "`{}` takes {} argument{}, found {}: {}",
            export.full_name(),
            types.len(),
            if types.len() == 1 { "" } else { "s" },
            args.len(),
            export.signature
        );
    }
    for (i, (ty, val)) in types.iter().zip(args).enumerate() {
        if let Err(e) = crate::values::fits(ty, val) {
            bail!("argument {} of `{}`: {e}", i + 1, export.full_name());
        }
    }
    Ok(())
}

impl Guarded for P1State {
    fn guard(&mut self) -> &mut Guard {
        &mut self.guard
    }
}

#[cfg(test)]
mod tests {
    use crate::{Host, Limits, Options, Runner, Val};

    const ADD: &str = r#"(component
      (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
      (core instance $i (instantiate $m))
      (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add"))))"#;

    #[test]
    fn wrong_arguments_and_unenforceable_limits_are_the_callers_errors() {
        let runner = Runner::new(Options::default()).unwrap();
        let loaded = runner.load("add.wat", ADD.as_bytes().to_vec()).unwrap();
        let mut add = loaded.instantiate(&runner, &Host::new()).unwrap().unwrap();
        let err = add.call("add", &[Val::U32(1), Val::S32(2)]).unwrap_err().to_string();
        assert_eq!(err, "argument 2 of `add`: expected u32, found an s32");
        assert_eq!(add.call("add", &[Val::U32(1), Val::U32(2)]).unwrap(), Ok(vec![Val::U32(3)]));
        let err = add.call("sub", &[]).unwrap_err().to_string();
        assert!(err.starts_with("no export named `sub`"), "{err}");
        // This runner does not meter fuel, so an instance cannot ask for it.
        let host = Host::new().limits(Limits { fuel: Some(10), ..Limits::default() });
        let err = loaded.instantiate(&runner, &host).err().unwrap().to_string();
        assert!(err.starts_with("a fuel limit needs a runner that meters fuel"), "{err}");
    }
}
