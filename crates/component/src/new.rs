//! Core module → component.

use anyhow::{Context, Result};

use crate::adapter::{self, Kind};
use crate::fit::{self, CoreShape};

/// How to make a component.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    /// Adapters given by the user: `(import module name, adapter bytes)`.
    pub adapters: Vec<(String, Vec<u8>)>,
    /// Which built-in preview1 adapter to use; `None` picks command when the
    /// module exports `_start`, reactor otherwise.
    pub adapter_kind: Option<Kind>,
    /// Validate the output.
    pub validate: bool,
}

/// What `new` did, for the user.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub component: Vec<u8>,
    /// The built-in adapter applied, if any.
    pub adapter: Option<Kind>,
}

/// Turns `module` (which must carry its world in a `component-type` section,
/// see [`crate::embed`], unless it has no imports or exports beyond WASI
/// preview1) into a component.
pub fn new(module: &[u8], opts: &NewOptions) -> Result<NewReport> {
    let shape = CoreShape::read(module).context("failed to read the core module")?;
    let uses_preview1 = shape.imports.keys().any(|(m, _)| m == adapter::PREVIEW1);
    let user_preview1 = opts.adapters.iter().any(|(name, _)| name == adapter::PREVIEW1);

    // wit-component decides; weld's own analysis only explains a refusal.
    let encoded = encode(module, opts, uses_preview1 && !user_preview1, &shape);
    let (component, applied) = match encoded {
        Ok(done) => done,
        Err(refusal) => return Err(explain(module, &shape, opts, refusal)),
    };
    if opts.validate
        && let Err(invalid) = crate::validate("the new component", &component)
    {
        // wit-component encodes some misfits (an async lift of a function
        // the world declares sync) into a component that does not validate.
        return Err(explain(module, &shape, opts, invalid));
    }
    Ok(NewReport { component, adapter: applied })
}

/// Runs wit-component's `ComponentEncoder`, adding weld's preview1 adapter
/// when the module needs one and the user gave none.
fn encode(module: &[u8], opts: &NewOptions, add_preview1: bool, shape: &CoreShape) -> Result<(Vec<u8>, Option<Kind>)> {
    // wit-component validates single-threaded; weld validates the output
    // itself, on all cores.
    let mut encoder = wit_component::ComponentEncoder::default().validate(false).module(module)?;
    let mut applied = None;
    for (name, bytes) in &opts.adapters {
        encoder = encoder.adapter(name, bytes).with_context(|| format!("failed to apply the adapter for `{name}`"))?;
    }
    if add_preview1 {
        let kind = opts.adapter_kind.unwrap_or_else(|| Kind::for_module(shape.func_exports.contains_key("_start")));
        encoder = encoder
            .adapter(adapter::PREVIEW1, kind.bytes())
            .with_context(|| format!("failed to apply weld's preview1 {} adapter", kind.name()))?;
        applied = Some(kind);
    }
    let component = encoder.encode().context("failed to encode a component from the module")?;
    Ok((component, applied))
}

/// Explains wit-component's refusal (or the invalid component it made):
/// every problem weld's fit analysis
/// finds against the embedded world, with wit-component's own error as the
/// cause; wit-component's error alone when the analysis finds nothing.
fn explain(module: &[u8], shape: &CoreShape, opts: &NewOptions, refusal: anyhow::Error) -> anyhow::Error {
    let adapted: Vec<String> = opts.adapters.iter().map(|(name, _)| name.clone()).collect();
    // Several `component-type` sections make one world, merged as
    // wit-component merges them.
    let world = if shape.component_types.len() > 1 {
        wit_component::metadata::decode(module).map(|(_, bindgen)| Some((bindgen.resolve, bindgen.world)))
    } else {
        shape.embedded_world(module)
    };
    let problems = match world {
        Ok(Some((resolve, world))) => fit::check(shape, &resolve, world, &adapted),
        // wit-component's error already says what is wrong with the section.
        Ok(None) | Err(_) => Vec::new(),
    };
    if problems.is_empty() {
        return refusal;
    }
    refusal.context(format!(
        "the module does not fit its world ({} problem{}):\n  - {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.join("\n  - ")
    ))
}
