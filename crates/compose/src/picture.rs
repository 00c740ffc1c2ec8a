//! The composition as a picture: DOT (Graphviz) or Mermaid.
//!
//! Nodes are component instances (package name, languages from producers,
//! size), the host's imports, and the composition's exports; edges carry the
//! interface that flows along them. [`from_graph`] draws a composition being
//! built; [`from_binary`] reads the same structure back from a composed
//! component's bytes (its nested components, instantiations and aliases).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;
use wac_graph::{CompositionGraph, NodeKind};

/// One node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub kind: NodeRole,
    pub label: String,
    /// `Python · 18.3 MB`.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRole {
    Component,
    /// Something the host must provide.
    Import,
    /// What the composition exports.
    Export,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
}

/// A composition's structure.
#[derive(Debug, Clone, Default)]
pub struct Picture {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

fn detail(bytes: &[u8]) -> Option<String> {
    let mut parts = weld_component::inspect::languages(bytes).unwrap_or_default();
    parts.push(size(bytes.len()));
    Some(parts.join(" · "))
}

fn size(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KB", n as f64 / (1 << 10) as f64)
    } else {
        format!("{n} B")
    }
}

impl Picture {
    /// Replaces the host's WASI imports by one node, so the components stay
    /// readable: each consumer gets one edge with the number of interfaces.
    pub fn collapse_wasi(mut self) -> Picture {
        let wasi: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| n.kind == NodeRole::Import && n.label.starts_with("wasi:"))
            .map(|n| n.id.clone())
            .collect();
        if wasi.is_empty() {
            return self;
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut order = Vec::new();
        self.edges.retain(|e| {
            if wasi.contains(&e.from) {
                if !counts.contains_key(&e.to) {
                    order.push(e.to.clone());
                }
                *counts.entry(e.to.clone()).or_default() += 1;
                false
            } else {
                true
            }
        });
        self.nodes.retain(|n| !wasi.contains(&n.id));
        self.nodes.push(Node { id: "wasi".into(), kind: NodeRole::Import, label: "WASI (host)".into(), detail: None });
        for to in order {
            let n = counts[&to];
            self.edges.push(Edge {
                from: "wasi".into(),
                to,
                label: format!("{n} WASI interface{}", if n == 1 { "" } else { "s" }),
            });
        }
        self
    }

    fn host_import(&mut self, name: &str) -> String {
        let id = format!("import_{}", self.nodes.iter().filter(|n| n.kind == NodeRole::Import).count());
        if let Some(n) = self.nodes.iter().find(|n| n.kind == NodeRole::Import && n.label == name) {
            return n.id.clone();
        }
        self.nodes.push(Node { id: id.clone(), kind: NodeRole::Import, label: name.to_string(), detail: None });
        id
    }

    fn exports_node(&mut self) -> String {
        if !self.nodes.iter().any(|n| n.kind == NodeRole::Export) {
            self.nodes.push(Node {
                id: "exports".into(),
                kind: NodeRole::Export,
                label: "exports".into(),
                detail: None,
            });
        }
        "exports".into()
    }
}

/// Draws a wac-graph composition.
pub fn from_graph(graph: &CompositionGraph) -> Picture {
    let mut p = Picture::default();
    let mut ids = BTreeMap::new();
    for (i, id) in graph.node_ids().enumerate() {
        let node = &graph[id];
        if let NodeKind::Instantiation(_) = node.kind() {
            let pkg = &graph[node.package().expect("instantiations have a package")];
            let nid = format!("c{i}");
            let label = node.name().map_or(pkg.name().to_string(), |n| format!("{n}: {}", pkg.name()));
            p.nodes.push(Node { id: nid.clone(), kind: NodeRole::Component, label, detail: detail(pkg.bytes()) });
            ids.insert(id, nid);
        }
    }
    for id in graph.node_ids() {
        let node = &graph[id];
        let NodeKind::Instantiation(_) = node.kind() else { continue };
        let to = ids[&id].clone();
        let mut satisfied = Vec::new();
        for (arg, source) in graph.get_instantiation_arguments(id) {
            satisfied.push(arg.to_string());
            let from = provider(graph, source, &ids, &mut p);
            p.edges.push(Edge { from, to: to.clone(), label: arg.to_string() });
        }
        let pkg = &graph[node.package().expect("instantiations have a package")];
        for name in graph.types()[pkg.ty()].imports.keys() {
            if !satisfied.iter().any(|s| s == name) {
                let from = p.host_import(name);
                p.edges.push(Edge { from, to: to.clone(), label: name.clone() });
            }
        }
    }
    for id in graph.node_ids() {
        let node = &graph[id];
        if let Some(name) = node.export_name() {
            let from = provider(graph, id, &ids, &mut p);
            let to = p.exports_node();
            p.edges.push(Edge { from, to, label: name.to_string() });
        }
    }
    p
}

/// The node an argument or export comes from: an instance (through an
/// alias of its export) or an import of the host.
fn provider(
    graph: &CompositionGraph,
    source: wac_graph::NodeId,
    ids: &BTreeMap<wac_graph::NodeId, String>,
    p: &mut Picture,
) -> String {
    if let Some(id) = ids.get(&source) {
        return id.clone();
    }
    if let Some((instance, _)) = graph.get_alias_source(source)
        && let Some(id) = ids.get(&instance)
    {
        return id.clone();
    }
    match graph[source].kind() {
        NodeKind::Import(name) => p.host_import(name),
        _ => p.host_import(graph[source].name().unwrap_or("definition")),
    }
}

/// Reads the structure back from a composed component's bytes.
pub fn from_binary(bytes: &[u8]) -> Result<Picture> {
    use wasmparser::{
        ComponentAlias, ComponentExternalKind, ComponentInstance, ComponentOuterAliasKind, ComponentTypeRef, Parser,
        Payload,
    };
    #[derive(Clone)]
    enum Origin {
        Instance(usize),
        Import(String),
        Other,
    }
    let mut p = Picture::default();
    // Index spaces of the top-level component.
    let mut components: Vec<Option<(usize, std::ops::Range<usize>)>> = Vec::new();
    let mut instances: Vec<Origin> = Vec::new();
    let mut funcs: Vec<Origin> = Vec::new();
    let mut instantiations: Vec<(usize, usize)> = Vec::new(); // (instance index, component index)
    let mut component_names: BTreeMap<u32, String> = BTreeMap::new();
    let mut instance_names: BTreeMap<u32, String> = BTreeMap::new();
    let mut pending_edges: Vec<(Origin, usize, String)> = Vec::new(); // (provider, consumer instance, label)
    let mut exports: Vec<(Origin, String)> = Vec::new();
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        match &payload {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } if depth > 0 => depth += 1,
            Payload::ComponentSection { unchecked_range, .. } => {
                components.push(Some((components.len(), unchecked_range.clone())));
                depth += 1;
            }
            Payload::ModuleSection { .. } => depth += 1,
            Payload::End(_) => {
                depth = depth.saturating_sub(1);
            }
            _ if depth > 0 => {}
            Payload::ComponentImportSection(r) => {
                for imp in r.clone() {
                    let imp = imp?;
                    match imp.ty {
                        ComponentTypeRef::Instance(_) => instances.push(Origin::Import(imp.name.name.to_string())),
                        ComponentTypeRef::Component(_) => components.push(None),
                        ComponentTypeRef::Func(_) => funcs.push(Origin::Import(imp.name.name.to_string())),
                        _ => {}
                    }
                }
            }
            Payload::ComponentAliasSection(r) => {
                for alias in r.clone() {
                    match alias? {
                        ComponentAlias::InstanceExport {
                            kind: ComponentExternalKind::Instance,
                            instance_index,
                            ..
                        } => {
                            let origin = instances.get(instance_index as usize).cloned().unwrap_or(Origin::Other);
                            instances.push(origin);
                        }
                        ComponentAlias::InstanceExport {
                            kind: ComponentExternalKind::Func, instance_index, ..
                        } => funcs.push(instances.get(instance_index as usize).cloned().unwrap_or(Origin::Other)),
                        ComponentAlias::InstanceExport { kind: ComponentExternalKind::Component, .. } => {
                            components.push(None)
                        }
                        ComponentAlias::Outer { kind: ComponentOuterAliasKind::Component, .. } => components.push(None),
                        _ => {}
                    }
                }
            }
            Payload::ComponentInstanceSection(r) => {
                for inst in r.clone() {
                    match inst? {
                        ComponentInstance::Instantiate { component_index, args } => {
                            let me = instances.len();
                            instances.push(Origin::Instance(me));
                            instantiations.push((me, component_index as usize));
                            for arg in args.iter() {
                                if arg.kind == ComponentExternalKind::Instance {
                                    let origin = instances.get(arg.index as usize).cloned().unwrap_or(Origin::Other);
                                    pending_edges.push((origin, me, arg.name.to_string()));
                                }
                            }
                        }
                        ComponentInstance::FromExports(_) => instances.push(Origin::Other),
                    }
                }
            }
            Payload::ComponentExportSection(r) => {
                for e in r.clone() {
                    let e = e?;
                    let space = match e.kind {
                        ComponentExternalKind::Instance => &instances,
                        ComponentExternalKind::Func => &funcs,
                        _ => continue,
                    };
                    let origin = space.get(e.index as usize).cloned().unwrap_or(Origin::Other);
                    exports.push((origin, e.name.name.to_string()));
                }
            }
            Payload::CustomSection(c) => {
                if let wasmparser::KnownCustom::ComponentName(names) = c.as_known() {
                    for sub in names.into_iter().flatten() {
                        let target = match sub {
                            wasmparser::ComponentName::Components(map) => (&mut component_names, map),
                            wasmparser::ComponentName::Instances(map) => (&mut instance_names, map),
                            _ => continue,
                        };
                        for naming in target.1.into_iter().flatten() {
                            target.0.insert(naming.index, naming.name.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (instance, component) in &instantiations {
        let range = components.get(*component).cloned().flatten().map(|(_, r)| r);
        let nested = range.as_ref().map(|r| &bytes[r.clone()]);
        let label = instance_names
            .get(&(*instance as u32))
            .or_else(|| component_names.get(&(*component as u32)))
            .cloned()
            .unwrap_or_else(|| {
                // Composed binaries seldom name their parts: say what it provides.
                let provides = nested.and_then(|b| crate::component_exports(b).ok()).unwrap_or_default();
                if provides.is_empty() {
                    format!("component #{component}")
                } else {
                    format!("#{component}: {}", provides.join(", "))
                }
            });
        p.nodes.push(Node {
            id: format!("c{instance}"),
            kind: NodeRole::Component,
            label,
            detail: nested.and_then(detail),
        });
    }
    let origin_id = |o: &Origin, p: &mut Picture| match o {
        Origin::Instance(i) => format!("c{i}"),
        Origin::Import(name) => p.host_import(name),
        Origin::Other => p.host_import("(local)"),
    };
    for (origin, consumer, label) in pending_edges {
        let from = origin_id(&origin, &mut p);
        p.edges.push(Edge { from, to: format!("c{consumer}"), label });
    }
    for (origin, name) in exports {
        let from = origin_id(&origin, &mut p);
        let to = p.exports_node();
        p.edges.push(Edge { from, to, label: name });
    }
    Ok(p)
}

/// The picture in Graphviz DOT.
pub fn dot(p: &Picture) -> String {
    let p = &p.clone().collapse_wasi();
    let mut s = String::from(
        "digraph composition {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for n in &p.nodes {
        let label = match &n.detail {
            Some(d) => format!("{}\\n{d}", n.label),
            None => n.label.clone(),
        };
        let shape = match n.kind {
            NodeRole::Component => "",
            NodeRole::Import => ", shape=ellipse, style=dashed",
            NodeRole::Export => ", shape=ellipse",
        };
        let _ = writeln!(s, "  {} [label=\"{}\"{shape}];", n.id, label.replace('"', "\\\""));
    }
    for e in &p.edges {
        let _ = writeln!(s, "  {} -> {} [label=\"{}\"];", e.from, e.to, e.label.replace('"', "\\\""));
    }
    s.push_str("}\n");
    s
}

/// The picture as a Mermaid flowchart.
pub fn mermaid(p: &Picture) -> String {
    let p = &p.clone().collapse_wasi();
    let mut s = String::from("flowchart LR\n");
    for n in &p.nodes {
        let label = match &n.detail {
            Some(d) => format!("{}<br/>{d}", n.label),
            None => n.label.clone(),
        };
        let label = label.replace('"', "#quot;");
        let _ = match n.kind {
            NodeRole::Component => writeln!(s, "  {}[\"{label}\"]", n.id),
            NodeRole::Import => writeln!(s, "  {}([\"{label}\"])", n.id),
            NodeRole::Export => writeln!(s, "  {}((\"{label}\"))", n.id),
        };
    }
    for e in &p.edges {
        let _ = writeln!(s, "  {} -->|\"{}\"| {}", e.from, e.label.replace('"', "#quot;"), e.to);
    }
    s
}
