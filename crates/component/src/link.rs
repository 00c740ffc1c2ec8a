//! Shared-everything linking: dynamic-library modules (`@dylink.0`) →
//! one component, through wit-component's `Linker`.
//!
//! Each library carries its world in a `component-type` section (see
//! [`crate::embed`]); the component's world is their union. Libraries
//! marked `dl_openable` can also be found at run time with `dlopen`/`dlsym`.

use anyhow::{Context, Result, bail};

use crate::adapter::{self, Kind};
use crate::fit::CoreShape;

/// One library: its name (what other libraries' `needed` entries and
/// `dlopen` use, such as `libfoo.so`), its bytes, and whether it is
/// `dlopen`-able.
#[derive(Debug, Clone)]
pub struct Library {
    pub name: String,
    pub bytes: Vec<u8>,
    pub dl_openable: bool,
}

/// How to link.
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {
    /// Adapters given by the user: `(import module name, adapter bytes)`.
    pub adapters: Vec<(String, Vec<u8>)>,
    /// Functions no library defines become trapping stubs instead of errors.
    pub stub_missing_functions: bool,
    /// Add wit-component's own `libdl.so` (`dlopen`/`dlsym`).
    pub use_built_in_libdl: bool,
    /// Validate the output.
    pub validate: bool,
}

/// What `link` did, for the user.
#[derive(Debug, Clone)]
pub struct LinkReport {
    pub component: Vec<u8>,
    /// The built-in preview1 adapter applied, if any.
    pub adapter: Option<Kind>,
}

/// Links `libraries` into one component. When a library imports
/// `wasi_snapshot_preview1` and no adapter for it is given, weld's own
/// preview1 adapter is applied (command when a library exports `_start`).
pub fn link(libraries: &[Library], opts: &LinkOptions) -> Result<LinkReport> {
    if libraries.is_empty() {
        bail!("no library to link: give at least one dynamic-library module");
    }
    let mut uses_preview1 = false;
    let mut exports_start = false;
    for lib in libraries {
        let shape = CoreShape::read(&lib.bytes).with_context(|| format!("failed to read library `{}`", lib.name))?;
        uses_preview1 |= shape.imports.keys().any(|(m, _)| m == adapter::PREVIEW1);
        exports_start |= shape.func_exports.contains_key("_start");
    }
    let user_preview1 = opts.adapters.iter().any(|(name, _)| name == adapter::PREVIEW1);

    // wit-component validates single-threaded; weld validates the output
    // itself, on all cores.
    let mut linker = wit_component::Linker::default()
        .validate(false)
        .stub_missing_functions(opts.stub_missing_functions)
        .use_built_in_libdl(opts.use_built_in_libdl);
    for lib in libraries {
        linker = linker
            .library(&lib.name, &lib.bytes, lib.dl_openable)
            .with_context(|| format!("failed to add library `{}`", lib.name))?;
    }
    for (name, bytes) in &opts.adapters {
        linker = linker.adapter(name, bytes).with_context(|| format!("failed to apply the adapter for `{name}`"))?;
    }
    let mut applied = None;
    if uses_preview1 && !user_preview1 {
        let kind = Kind::for_module(exports_start);
        linker = linker
            .adapter(adapter::PREVIEW1, kind.bytes())
            .with_context(|| format!("failed to apply weld's preview1 {} adapter", kind.name()))?;
        applied = Some(kind);
    }
    let component = linker.encode().context("failed to link the libraries into a component")?;
    if opts.validate {
        crate::validate("the linked component", &component)?;
    }
    Ok(LinkReport { component, adapter: applied })
}
