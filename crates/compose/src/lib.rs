//! weld-compose: components from different languages linked into one.
//!
//! * [`wac`]: WAC documents through wac-parser and wac-graph;
//! * [`plug`]: automatic wiring by name and semver compatibility, followed
//!   transitively (a plug's own imports are plugged too), with the
//!   equivalent WAC document for review;
//! * [`doctor`]: every unsatisfied or mismatched import, each candidate and
//!   why it does not fit;
//! * [`split`]: a composed binary read back into its members and wiring,
//!   for linking at load time (`weld run --trace`);
//! * [`picture`]: the composition as a DOT or Mermaid graph, from a graph
//!   being built or from a composed binary;
//! * [`dedupe`]: byte-identical core modules of the members defined once
//!   in the composition and aliased where each copy was;
//! * [`yaml`]: `wasm-tools compose` configuration files, through
//!   wasm-compose.
//!
//! Packages come from explicit paths and a deps folder, never a network.

pub mod dedupe;
pub mod doctor;
mod doctor_fix;
pub mod packages;
pub mod picture;
pub mod plug;
pub mod split;
pub mod wac;
pub mod yaml;

/// A composed component and what was left open.
#[derive(Debug, Clone)]
pub struct Composed {
    pub bytes: Vec<u8>,
    /// Imports of the result: imports no component in the composition
    /// satisfied, left for the host (or a later composition).
    pub imports: Vec<String>,
    /// The composition's structure, when a picture was asked for (drawing
    /// reads every component's producers, so it is not done otherwise).
    pub picture: Option<picture::Picture>,
}

impl Composed {
    /// Defines byte-identical core modules of the members once (see
    /// [`dedupe`]); the bytes are replaced, the pass's report returned.
    pub fn share_modules(&mut self) -> anyhow::Result<dedupe::Deduped> {
        let mut d = dedupe::dedupe(&self.bytes)?;
        std::mem::swap(&mut self.bytes, &mut d.bytes);
        // The report keeps the bytes it replaced no longer than needed.
        d.bytes = Vec::new();
        Ok(d)
    }
}

/// The exports of a component, read from its binary.
pub fn component_exports(bytes: &[u8]) -> anyhow::Result<Vec<String>> {
    top_level_names(bytes, false)
}

/// The imports of a component, read from its binary.
pub fn component_imports(bytes: &[u8]) -> anyhow::Result<Vec<String>> {
    top_level_names(bytes, true)
}

/// Names in the outermost component's import (or export) sections.
fn top_level_names(bytes: &[u8], imports: bool) -> anyhow::Result<Vec<String>> {
    use wasmparser::Payload;
    let mut out = Vec::new();
    // Nested components and modules are skipped, not parsed: a composition
    // can hold tens of megabytes of them.
    let mut parser = wasmparser::Parser::new(0);
    let mut data = bytes;
    loop {
        let (consumed, payload) = match parser.parse(data, true)? {
            wasmparser::Chunk::Parsed { consumed, payload } => (consumed, payload),
            wasmparser::Chunk::NeedMoreData(_) => anyhow::bail!("unexpected end of the component"),
        };
        data = &data[consumed..];
        match payload {
            // The nested bytes follow the section header; skipping them
            // leaves the outer parser at the next section.
            Payload::ModuleSection { unchecked_range, .. } | Payload::ComponentSection { unchecked_range, .. } => {
                data = &data[unchecked_range.len()..];
            }
            Payload::End(_) => break,
            Payload::ComponentImportSection(r) if imports => {
                for imp in r {
                    out.push(imp?.name.name.to_string());
                }
            }
            Payload::ComponentExportSection(r) if !imports => {
                for e in r {
                    out.push(e?.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
