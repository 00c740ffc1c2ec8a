//! The resolved model as JSON (`weld wit --json`).
//!
//! The document is an object with three fields:
//!
//! * `"package"`: the index (into `resolve.packages`) of the main package;
//! * `"world"`: for a component input, the index of its world, else `null`;
//! * `"resolve"`: the whole resolved model in the schema wit-parser defines
//!   for its `Resolve` (arenas of `worlds`, `interfaces`, `types` and
//!   `packages`, referring to each other by index), the same schema
//!   `wasm-tools component wit --json` prints. README.md documents it.
//!
//! Keys keep their order, and arenas are in resolution order, so the same
//! input always gives the same bytes.

use anyhow::Result;

use crate::Wit;

/// The JSON document for `wit`, pretty-printed with a final newline.
pub fn to_json(wit: &Wit) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        package: usize,
        world: Option<usize>,
        resolve: &'a wit_parser::Resolve,
    }
    let doc = Doc { package: wit.package.index(), world: wit.world.map(|w| w.index()), resolve: &wit.resolve };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}
