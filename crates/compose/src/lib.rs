//! weld-compose: components from different languages linked into one.
//!
//! * [`wac`]: WAC documents through wac-parser and wac-graph;
//! * [`plug`]: automatic wiring by name and semver compatibility, followed
//!   transitively (a plug's own imports are plugged too), with the
//!   equivalent WAC document for review;
//! * [`doctor`]: every unsatisfied or mismatched import, each candidate and
//!   why it does not fit;
//! * [`picture`]: the composition as a DOT or Mermaid graph, from a graph
//!   being built or from a composed binary;
//! * [`yaml`]: `wasm-tools compose` configuration files, through
//!   wasm-compose.
//!
//! Packages come from explicit paths and a deps folder, never a network.

pub mod doctor;
pub mod packages;
pub mod picture;
pub mod plug;
pub mod wac;
pub mod yaml;

/// A composed component and what was left open.
#[derive(Debug, Clone)]
pub struct Composed {
    pub bytes: Vec<u8>,
    /// Imports of the result: imports no component in the composition
    /// satisfied, left for the host (or a later composition).
    pub imports: Vec<String>,
    /// The composition's structure, for `--graph`.
    pub picture: picture::Picture,
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
    let mut depth = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::ComponentImportSection(r) if depth == 0 && imports => {
                for imp in r {
                    out.push(imp?.name.name.to_string());
                }
            }
            Payload::ComponentExportSection(r) if depth == 0 && !imports => {
                for e in r {
                    out.push(e?.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
