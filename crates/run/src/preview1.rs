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

use crate::Runner;
use crate::ending::{Ending, classify};
use crate::host::{Guard, arm, guard_store};
use crate::invoke::{Call, ExportFunc};

/// How a call ended, and the fuel it used when fuel is metered.
pub(crate) type Called<T> = (Result<T, Ending>, Option<u64>);

/// The module namespaces the preview1 host defines.
const PROVIDED: &[&str] = &["wasi_snapshot_preview1"];

pub(crate) struct P1State {
    ctx: WasiP1Ctx,
    pub(crate) guard: Guard,
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

/// A store with the preview1 host, and the module instantiated in it.
pub(crate) fn instantiate(
    runner: &Runner,
    name: &str,
    module: &Module,
    ctx: WasiP1Ctx,
    guard: Guard,
) -> Result<Result<(Store<P1State>, wasmtime::Instance), Ending>> {
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
    let mut store = Store::new(&runner.engine, P1State { ctx, guard });
    guard_store(&mut store);
    arm(&mut store)?;
    let mut linker: Linker<P1State> = Linker::new(&runner.engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s: &mut P1State| &mut s.ctx).map_err(anyhow::Error::from)?;
    Ok(match linker.instantiate(&mut store, module) {
        Ok(instance) => Ok((store, instance)),
        Err(e) => Err(classify(&e.into(), &store.data().guard)),
    })
}

/// A core module runs (or is precompiled) as a WASI command only when it
/// exports a `_start` function.
pub(crate) fn require_start(name: &str, module: &Module) -> Result<()> {
    if module.get_export("_start").and_then(|e| e.func().cloned()).is_none() {
        return Err(crate::Refusal::NoStart { name: name.to_string() }.into());
    }
    Ok(())
}

/// Runs `_start`; also the fuel it used.
pub(crate) fn start(store: &mut Store<P1State>, instance: &wasmtime::Instance) -> Result<Called<()>> {
    let start = instance.get_typed_func::<(), ()>(&mut *store, "_start").map_err(anyhow::Error::from)?;
    arm(store)?;
    let before = store.get_fuel().ok();
    let outcome = start.call(&mut *store, ());
    let used = before.zip(store.get_fuel().ok()).map(|(b, a)| b - a);
    Ok((outcome.map_err(|e| classify(&e.into(), &store.data().guard)), used))
}

/// The error for a call of an export the module does not have.
fn missing_export(name: &str, exports: &[ExportFunc], wanted: &str) -> String {
    let all: Vec<String> = exports.iter().map(|e| format!("  {}: {}", e.func, e.signature)).collect();
    format!("the core module `{name}` has no function export `{wanted}`; it exports:\n{}", all.join("\n"))
}

/// Checks a call against the module's exports before anything runs.
pub(crate) fn check_call(name: &str, module: &Module, call: &Call) -> Result<()> {
    let Some(ty) = module.get_export(&call.name).and_then(|e| e.func().cloned()) else {
        bail!("{}", missing_export(name, &exports(module), &call.name));
    };
    let params: Vec<ValType> = ty.params().collect();
    call.core_args(&params).map(drop)
}

/// Calls a function export with numeric arguments (`add(1, 2)`); its
/// results as text, and the fuel it used.
pub(crate) fn call(
    name: &str,
    exports: &[ExportFunc],
    store: &mut Store<P1State>,
    instance: &wasmtime::Instance,
    call: &Call,
) -> Result<Called<Option<String>>> {
    let Some(func) = instance.get_func(&mut *store, &call.name) else {
        bail!("{}", missing_export(name, exports, &call.name));
    };
    let ty = func.ty(&*store);
    let params: Vec<ValType> = ty.params().collect();
    let args = call.core_args(&params)?;
    let mut results = vec![Val::I32(0); ty.results().len()];
    arm(store)?;
    let before = store.get_fuel().ok();
    let outcome = func.call(&mut *store, &args, &mut results);
    let used = before.zip(store.get_fuel().ok()).map(|(b, a)| b - a);
    let outcome = outcome.map_err(|e| classify(&e.into(), &store.data().guard)).map(|()| {
        if results.is_empty() { None } else { Some(results.iter().map(core_value).collect::<Vec<_>>().join(", ")) }
    });
    Ok((outcome, used))
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
