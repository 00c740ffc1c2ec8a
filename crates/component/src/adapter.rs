//! The WASI preview1 adapters weld carries.
//!
//! They come from `wasi-preview1-component-adapter-provider` 48, the same
//! release as the wasmtime-wasi that `weld run` embeds, so an adapted
//! component imports exactly the WASI version (0.2.12) the runner provides.

use wasi_preview1_component_adapter_provider as provider;

/// The import module name preview1 modules use.
pub const PREVIEW1: &str = provider::WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME;

/// Which adapter: a program with `_start`, a library, or an HTTP proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Command,
    Reactor,
    Proxy,
}

impl Kind {
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Kind::Command => provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER,
            Kind::Reactor => provider::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
            Kind::Proxy => provider::WASI_SNAPSHOT_PREVIEW1_PROXY_ADAPTER,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Command => "command",
            Kind::Reactor => "reactor",
            Kind::Proxy => "proxy",
        }
    }

    /// Command when the module exports `_start`, reactor otherwise.
    pub fn for_module(exports_start: bool) -> Kind {
        if exports_start { Kind::Command } else { Kind::Reactor }
    }
}
