//! How a run ended, as an exit code and a message.
//!
//! | ending | exit code |
//! | --- | --- |
//! | `run` returned `ok`, or every `--invoke` returned | 0 |
//! | the guest called `exit(n)` | n |
//! | `run` returned `err` | 1 |
//! | a trap, including fuel, memory or stack limits | 134 |
//! | `--timeout` elapsed | 124 |

use wasmtime::{Trap, WasmBacktrace};

use crate::Limits;
use crate::host::MemoryLimiter;

/// Exit code for a trap, as for an abort signal (128 + SIGABRT).
pub const EXIT_TRAP: i32 = 134;
/// Exit code when `--timeout` elapses, as `timeout(1)` uses.
pub const EXIT_TIMEOUT: i32 = 124;

/// The end of a run.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    /// What to tell the user on stderr, if anything.
    pub message: Option<String>,
}

impl Outcome {
    pub fn ok() -> Outcome {
        Outcome { code: 0, message: None }
    }
}

/// Turns an error from calling into the guest into an outcome.
pub fn classify(err: &anyhow::Error, limits: &Limits, limiter: &MemoryLimiter) -> Outcome {
    if let Some(exit) = err.downcast_ref::<wasmtime_wasi::I32Exit>() {
        return Outcome { code: exit.0, message: None };
    }
    let backtrace = err.downcast_ref::<WasmBacktrace>().map(render_backtrace).unwrap_or_default();
    if let Some(refused) = limiter.refused {
        let max = limiter.max.unwrap_or_default();
        return Outcome {
            code: EXIT_TRAP,
            message: Some(format!(
                "memory limit reached: the guest tried to grow a memory to {} with `--max-memory {}`{backtrace}",
                bytes(refused as u64),
                bytes(max as u64)
            )),
        };
    }
    let message = match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => {
            format!("out of fuel: the guest used all {} units of `--fuel`{backtrace}", limits.fuel.unwrap_or_default())
        }
        Some(Trap::Interrupt) => {
            let t = limits.timeout.map(|d| format!("{d:?}")).unwrap_or_default();
            return Outcome {
                code: EXIT_TIMEOUT,
                message: Some(format!("timeout: the guest ran longer than `--timeout {t}` and was stopped{backtrace}")),
            };
        }
        Some(Trap::StackOverflow) => {
            let limit = limits
                .max_stack
                .map(|s| format!("`--max-stack {}`", bytes(s as u64)))
                .unwrap_or("the default 512 KiB".into());
            format!("stack overflow: the guest used all of its wasm stack ({limit}){backtrace}")
        }
        Some(trap) => format!("the guest trapped: {trap}{backtrace}"),
        None => return Outcome { code: 1, message: Some(format!("{err:#}")) },
    };
    Outcome { code: EXIT_TRAP, message: Some(message) }
}

/// `16 MiB`, `512 KiB`, `100 B`.
pub fn bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    if n >= KIB * KIB && n.is_multiple_of(KIB * KIB) {
        format!("{} MiB", n / (KIB * KIB))
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} B")
    }
}

/// The guest's call stack, innermost first: function names where the module
/// has a name section, and `file:line:column` where it carries DWARF.
fn render_backtrace(bt: &WasmBacktrace) -> String {
    let mut s = String::from("\nwasm backtrace (innermost first):");
    let frames = bt.frames();
    let mut i = 0;
    while i < frames.len() {
        let frame = &frames[i];
        // Deep recursion repeats one frame: show it once, with a count.
        let same = frames[i..]
            .iter()
            .take_while(|f| f.func_index() == frame.func_index() && f.func_offset() == frame.func_offset())
            .count();
        let func = frame.func_name().map(str::to_string).unwrap_or_else(|| format!("function #{}", frame.func_index()));
        let module = frame.module().name().map(|m| format!(" in module `{m}`")).unwrap_or_default();
        // The offset within the function: unlike a module offset it does not
        // move when an earlier part of the component changes size.
        let offset = frame.func_offset().map(|o| format!("+{o:#x}")).unwrap_or_default();
        s.push_str(&format!("\n  {i}: {func}{offset}{module}"));
        if same > 1 {
            s.push_str(&format!(" (and {} more identical frames)", same - 1));
        }
        for sym in frame.symbols() {
            if let (Some(file), Some(line)) = (sym.file(), sym.line()) {
                let col = sym.column().map(|c| format!(":{c}")).unwrap_or_default();
                let name = sym.name().map(|n| format!("{n} ")).unwrap_or_default();
                s.push_str(&format!("\n       {name}at {file}:{line}{col}"));
            }
        }
        i += same;
    }
    s
}
