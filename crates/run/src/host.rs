//! The store's state: the WASI context, the resource table and the guard
//! that enforces one instance's limits, built from what the host grants.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use wasmtime::component::ResourceTable;
use wasmtime::{ResourceLimiter, Store, UpdateDeadline};
use wasmtime_wasi::cli::{InputFile, OutputFile};
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::grants::{Host, Input, Output};
use crate::{Limits, Runner};

pub struct State {
    pub ctx: WasiCtx,
    pub table: ResourceTable,
    pub guard: Guard,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
}

/// One instance's limits, and what the guest ran into.
pub struct Guard {
    pub limiter: MemoryLimiter,
    /// Fuel for each call.
    pub fuel: Option<u64>,
    /// Wall-clock time for each call.
    pub timeout: Option<Duration>,
    /// The engine's stack limit, for messages.
    pub max_stack: Option<usize>,
    /// When the running call must stop.
    deadline: Option<Instant>,
    /// The members of a composition linked at load time: where each one's
    /// compiled code lies, and its label (`app.wasm (C11)`), to name the
    /// member of each frame of a backtrace.
    pub members: Vec<(std::ops::Range<usize>, String)>,
}

impl Guard {
    /// The limits of one instance on `runner`: `limits` where given, else
    /// the runner's. Fuel and timeouts need the engine to meter them, and
    /// the stack limit is the engine's.
    pub fn new(runner: &Runner, limits: Option<&Limits>) -> Result<Guard> {
        let engine = &runner.opts.limits;
        let l = limits.unwrap_or(engine);
        if l.fuel.is_some() && engine.fuel.is_none() {
            anyhow::bail!(
                "a fuel limit needs a runner that meters fuel: expected `Options::limits.fuel` to be set, found none"
            );
        }
        if l.timeout.is_some() && engine.timeout.is_none() {
            anyhow::bail!(
                "a timeout needs a runner that can interrupt guests: expected `Options::limits.timeout` to be set, found none"
            );
        }
        if l.max_stack != engine.max_stack {
            anyhow::bail!(
                "the stack limit belongs to the runner (wasmtime sets it per engine): expected {:?}, found {:?}",
                engine.max_stack,
                l.max_stack
            );
        }
        Ok(Guard {
            limiter: MemoryLimiter { max: l.max_memory, refused: None },
            fuel: l.fuel,
            timeout: l.timeout,
            max_stack: l.max_stack,
            deadline: None,
            members: Vec::new(),
        })
    }

    /// When the running call must stop, if it has a timeout.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }
}

/// A store whose state carries a [`Guard`].
pub trait Guarded: Sized + 'static {
    fn guard(&mut self) -> &mut Guard;
}

impl Guarded for State {
    fn guard(&mut self) -> &mut Guard {
        &mut self.guard
    }
}

/// Installs the memory limiter and the deadline check on a new store.
pub fn guard_store<T: Guarded>(store: &mut Store<T>) {
    store.limiter(|s| &mut s.guard().limiter);
    if store.data_mut().guard().timeout.is_some() {
        // The runner's ticker moves the epoch on every few milliseconds; at
        // each tick a running call checks its own deadline, so instances
        // with different timeouts share one engine.
        store.epoch_deadline_callback(|mut ctx| {
            let past = ctx.data_mut().guard().deadline.is_some_and(|d| Instant::now() >= d);
            Ok(if past { UpdateDeadline::Interrupt } else { UpdateDeadline::Continue(1) })
        });
    }
}

/// Gives the next call its whole budget: fuel and a fresh deadline.
pub fn arm<T: Guarded>(store: &mut Store<T>) -> Result<()> {
    let (fuel, timeout) = {
        let g = store.data_mut().guard();
        (g.fuel, g.timeout)
    };
    if let Some(fuel) = fuel {
        store.set_fuel(fuel).map_err(anyhow::Error::from)?;
    }
    if let Some(timeout) = timeout {
        // A timeout too long to represent never fires.
        store.data_mut().guard().deadline = Instant::now().checked_add(timeout);
        store.set_epoch_deadline(1);
    }
    Ok(())
}

/// Refuses memory growth past the limit and remembers that it did, so the
/// trap that follows can name the limit.
#[derive(Default)]
pub struct MemoryLimiter {
    pub max: Option<usize>,
    /// `Some(bytes)` once growth to `bytes` was refused.
    pub refused: Option<usize>,
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        match self.max {
            Some(max) if desired > max => {
                self.refused = Some(desired);
                Err(wasmtime::Error::msg(format!("memory limit reached: growing to {desired} bytes")))
            }
            _ => Ok(true),
        }
    }

    fn table_growing(&mut self, _current: usize, _desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

/// The in-memory pipes a context writes to, for reading afterwards.
#[derive(Default, Clone)]
pub struct Captured {
    pub stdout: Option<MemoryOutputPipe>,
    pub stderr: Option<MemoryOutputPipe>,
}

/// A WASI context that grants exactly `grants`.
pub fn wasi_builder(grants: &Host) -> Result<(WasiCtxBuilder, Captured)> {
    let mut b = WasiCtxBuilder::new();
    let caps = &grants.caps;
    b.args(&caps.args);
    match &grants.stdin {
        Input::Inherit => {
            b.inherit_stdin();
        }
        Input::Null => {}
        Input::Bytes(bytes) => {
            b.stdin(MemoryInputPipe::new(bytes.clone()));
        }
        Input::File(file) => {
            b.stdin(InputFile::new(file.try_clone().context("failed to share the guest's stdin file")?));
        }
    }
    let mut captured = Captured::default();
    for (which, output) in [(0, &grants.stdout), (1, &grants.stderr)] {
        match output {
            Output::Inherit if which == 0 => {
                b.inherit_stdout();
            }
            Output::Inherit => {
                b.inherit_stderr();
            }
            Output::Null => {}
            Output::File(file) => {
                let file = OutputFile::new(file.try_clone().context("failed to share a guest's output file")?);
                if which == 0 {
                    b.stdout(file);
                } else {
                    b.stderr(file);
                }
            }
            Output::Buffer { capacity } => {
                let pipe = MemoryOutputPipe::new(*capacity);
                if which == 0 {
                    b.stdout(pipe.clone());
                    captured.stdout = Some(pipe);
                } else {
                    b.stderr(pipe.clone());
                    captured.stderr = Some(pipe);
                }
            }
        }
    }
    for (k, v) in &caps.env {
        b.env(k, v);
    }
    for (host, guest, read_only) in &caps.dirs {
        let perms = if *read_only { FsPerms::ReadOnly } else { FsPerms::ReadWrite };
        b.preopened_dir(host, guest, perms)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("failed to open folder `{}` for the guest", host.display()))?;
    }
    if caps.network {
        b.inherit_network().allow_ip_name_lookup(true);
    }
    Ok((b, captured))
}
