//! WASI preview1 core modules, run on wasmtime-wasi's preview1 host.
//!
//! `wasmtime run` runs a preview1 command module directly on its preview1
//! implementation rather than through the component adapter; weld does the
//! same, so the module sees exactly the arguments and environment it is
//! given and `proc_exit(n)` ends the run with `n`. The limits (memory, fuel,
//! timeout, stack) apply as they do to components. `--invoke` calls a
//! function export with numeric arguments, as `wasmtime run --invoke` does
//! for modules.

use anyhow::{Context, Result, bail};
use wasmtime::{Linker, Module, Store, Val, ValType};
use wasmtime_wasi::p1::WasiP1Ctx;

use crate::host::{MemoryLimiter, wasi_p1_ctx};
use crate::invoke::{Call, ExportFunc};
use crate::outcome::{Outcome, classify};
use crate::{Capabilities, Runner};

/// The module namespaces the preview1 host defines.
const PROVIDED: &[&str] = &["wasi_snapshot_preview1"];

struct P1State {
    ctx: WasiP1Ctx,
    limiter: MemoryLimiter,
}

/// The function exports of a core module, with core signatures.
pub fn exports(module: &Module) -> Vec<ExportFunc> {
    module
        .exports()
        .filter_map(|e| e.ty().func().map(|f| (e.name().to_string(), f.clone())))
        .map(|(name, f)| {
            let params: Vec<String> = f.params().map(|t| t.to_string()).collect();
            let results: Vec<String> = f.results().map(|t| t.to_string()).collect();
            let signature = match results.as_slice() {
                [] => format!("func({})", params.join(", ")),
                [one] => format!("func({}) -> {one}", params.join(", ")),
                many => format!("func({}) -> ({})", params.join(", "), many.join(", ")),
            };
            ExportFunc { instance: None, func: name, signature }
        })
        .collect()
}

/// One store with the preview1 host, and the module instantiated in it.
struct Session<'a> {
    runner: &'a Runner,
    store: Store<P1State>,
}

impl<'a> Session<'a> {
    fn new(runner: &'a Runner, name: &str, module: &Module, caps: &Capabilities) -> Result<Session<'a>> {
        let missing: Vec<String> = module
            .imports()
            .filter(|i| !PROVIDED.contains(&i.module()))
            .map(|i| format!("  - `{}` `{}`", i.module(), i.name()))
            .collect();
        if !missing.is_empty() {
            bail!(
                "the core module `{name}` has {} import{} that weld's preview1 host cannot provide (it provides `wasi_snapshot_preview1`):\n{}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                missing.join("\n")
            );
        }
        let limits = &runner.opts.limits;
        let state =
            P1State { ctx: wasi_p1_ctx(caps)?, limiter: MemoryLimiter { max: limits.max_memory, refused: None } };
        let mut store = Store::new(&runner.engine, state);
        store.limiter(|s| &mut s.limiter);
        crate::run::apply_limits(&mut store, runner)?;
        Ok(Session { runner, store })
    }

    fn instantiate(&mut self, module: &Module) -> Result<wasmtime::Instance, Outcome> {
        let mut linker: Linker<P1State> = Linker::new(&self.runner.engine);
        wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s: &mut P1State| &mut s.ctx)
            .map_err(|e| self.classify(&e.into()))?;
        linker.instantiate(&mut self.store, module).map_err(|e| self.classify(&e.into()))
    }

    fn classify(&self, err: &anyhow::Error) -> Outcome {
        classify(err, &self.runner.opts.limits, &self.store.data().limiter)
    }
}

/// A core module runs (or is precompiled) as a WASI command only when it
/// exports a `_start` function.
pub(crate) fn require_start(name: &str, module: &Module) -> Result<()> {
    if module.get_export("_start").and_then(|e| e.func().cloned()).is_none() {
        bail!(
            "`{name}` is a core module with no `_start`, so it is not a WASI command; \
             call a function with `--invoke 'NAME(ARGS)'`, or make it a component with `weld new`"
        );
    }
    Ok(())
}

/// Runs `_start`.
pub fn run_command(runner: &Runner, name: &str, module: &Module, caps: &Capabilities) -> Result<Outcome> {
    require_start(name, module)?;
    let mut session = Session::new(runner, name, module, caps)?;
    let instance = match session.instantiate(module) {
        Ok(i) => i,
        Err(outcome) => return Ok(outcome),
    };
    let start = instance.get_typed_func::<(), ()>(&mut session.store, "_start").map_err(anyhow::Error::from)?;
    Ok(match start.call(&mut session.store, ()) {
        Ok(()) => Outcome::ok(),
        Err(e) => session.classify(&e.into()),
    })
}

/// Calls function exports with numeric arguments (`add(1, 2)`).
pub fn invoke(
    runner: &Runner,
    name: &str,
    module: &Module,
    caps: &Capabilities,
    calls: &[Call],
    print: &mut dyn FnMut(&str),
    fuel: &mut dyn FnMut(&str, u64),
) -> Result<Outcome> {
    let mut resolved = Vec::new();
    for call in calls {
        let Some(ty) = module.get_export(&call.name).and_then(|e| e.func().cloned()) else {
            let all: Vec<String> = exports(module).iter().map(|e| format!("  {}: {}", e.func, e.signature)).collect();
            bail!("the core module `{name}` has no function export `{}`; it exports:\n{}", call.name, all.join("\n"));
        };
        let params: Vec<ValType> = ty.params().collect();
        let args = call.core_args(&params)?;
        resolved.push((call, args, ty.results().len()));
    }
    let mut session = Session::new(runner, name, module, caps)?;
    let instance = match session.instantiate(module) {
        Ok(i) => i,
        Err(outcome) => return Ok(outcome),
    };
    for (call, args, n_results) in resolved {
        let func = instance
            .get_func(&mut session.store, &call.name)
            .with_context(|| format!("export `{}` is not a function", call.name))?;
        let mut results = vec![Val::I32(0); n_results];
        let before = session.store.get_fuel().ok();
        if let Err(e) = func.call(&mut session.store, &args, &mut results) {
            return Ok(session.classify(&e.into()));
        }
        if let (Some(before), Ok(after)) = (before, session.store.get_fuel()) {
            fuel(&call.text, before - after);
        }
        if !results.is_empty() {
            let text: Vec<String> = results.iter().map(core_value).collect();
            print(&text.join(", "));
        }
    }
    Ok(Outcome::ok())
}

fn core_value(v: &Val) -> String {
    match v {
        Val::I32(n) => n.to_string(),
        Val::I64(n) => n.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(n) => format!("{:#x}", n.as_u128()),
        _ => "<reference>".to_string(),
    }
}

impl Call {
    /// The arguments as core values of `params` (integers or floats),
    /// separated by commas.
    fn core_args(&self, params: &[ValType]) -> Result<Vec<Val>> {
        let inner = self.args_text();
        let words: Vec<&str> =
            if inner.trim().is_empty() { Vec::new() } else { inner.split(',').map(str::trim).collect() };
        if words.len() != params.len() {
            bail!(
                "invalid call `{}`: `{}` takes {} argument{}, found {}",
                self.text,
                self.name,
                params.len(),
                if params.len() == 1 { "" } else { "s" },
                words.len()
            );
        }
        words
            .iter()
            .zip(params)
            .map(|(w, ty)| {
                core_arg(w, ty).with_context(|| format!("invalid call `{}`: expected {ty}, found `{w}`", self.text))
            })
            .collect()
    }
}

fn core_arg(word: &str, ty: &ValType) -> Result<Val> {
    let int = |w: &str| -> Result<i128> {
        let (neg, digits) = match w.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, w),
        };
        let n = digits.parse::<i128>()?;
        Ok(if neg { -n } else { n })
    };
    Ok(match ty {
        // Either signed or unsigned spellings of the bits are accepted.
        ValType::I32 => {
            let n = int(word)?;
            let v = i32::try_from(n).or_else(|_| u32::try_from(n).map(|u| u as i32))?;
            Val::I32(v)
        }
        ValType::I64 => {
            let n = int(word)?;
            let v = i64::try_from(n).or_else(|_| u64::try_from(n).map(|u| u as i64))?;
            Val::I64(v)
        }
        ValType::F32 => Val::F32(word.parse::<f32>()?.to_bits()),
        ValType::F64 => Val::F64(word.parse::<f64>()?.to_bits()),
        other => bail!("weld cannot pass a `{other}` from the command line"),
    })
}
