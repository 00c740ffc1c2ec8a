//! The store's state: the WASI context, the resource table and the memory
//! limiter, built from the user's capabilities and limits.

use anyhow::{Context, Result};
use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::Capabilities;

pub struct State {
    pub ctx: WasiCtx,
    pub table: ResourceTable,
    pub limiter: MemoryLimiter,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
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

/// A WASI context that grants exactly `caps`, with stdio inherited.
pub fn wasi_ctx(caps: &Capabilities) -> Result<WasiCtx> {
    Ok(wasi_builder(caps)?.build())
}

/// The same grants for a preview1 core module.
pub fn wasi_p1_ctx(caps: &Capabilities) -> Result<wasmtime_wasi::p1::WasiP1Ctx> {
    Ok(wasi_builder(caps)?.build_p1())
}

fn wasi_builder(caps: &Capabilities) -> Result<WasiCtxBuilder> {
    let mut b = WasiCtxBuilder::new();
    b.inherit_stdio().args(&caps.args);
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
    Ok(b)
}
