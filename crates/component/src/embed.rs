//! The `component-type` custom section: a world embedded in a core module.

use anyhow::{Result, bail};
use wit_component::StringEncoding;
use wit_parser::{LiftLowerAbi, ManglingAndAbi, WorldId};

use weld_wit::Wit;

/// Appends `world` to `module` as a `component-type` custom section, so
/// `new` needs no `--wit`. Fails if the module already carries one.
pub fn embed(module: &[u8], wit: &Wit, world: WorldId, encoding: StringEncoding) -> Result<Vec<u8>> {
    if has_component_type(module)? {
        bail!("the module already has a `component-type` section; embedding a second world is ambiguous");
    }
    let mut out = module.to_vec();
    wit_component::embed_component_metadata(&mut out, &wit.resolve, world, encoding)?;
    Ok(out)
}

/// A core module with exactly the imports and exports `world` needs (every
/// function body traps), with the world embedded: a stub for tests.
pub fn dummy(wit: &Wit, world: WorldId, encoding: StringEncoding) -> Result<Vec<u8>> {
    let module = wit_component::dummy_module(&wit.resolve, world, ManglingAndAbi::Legacy(LiftLowerAbi::Sync));
    embed(&module, wit, world, encoding)
}

/// The world embedded in a core module's `component-type` section, with its
/// own package and world names (wit-component's metadata decoder merges
/// sections into a synthesized `root` world, which hides them).
pub fn embedded_world(module: &[u8]) -> Result<Option<(wit_parser::Resolve, WorldId)>> {
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let wasmparser::Payload::CustomSection(c) = payload?
            && c.name().starts_with("component-type")
        {
            if let Ok(found) = wit_parser::decoding::decode_world(c.data()) {
                return Ok(Some(found));
            }
            let (_, bindgen) = wit_component::metadata::decode(module)?;
            return Ok(Some((bindgen.resolve, bindgen.world)));
        }
    }
    Ok(None)
}

/// Whether a core module carries a `component-type*` custom section.
pub fn has_component_type(module: &[u8]) -> Result<bool> {
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let wasmparser::Payload::CustomSection(c) = payload?
            && c.name().starts_with("component-type")
        {
            return Ok(true);
        }
    }
    Ok(false)
}
