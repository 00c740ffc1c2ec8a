//! What is inside a component or core module.
//!
//! The report holds the top-level world (as WIT) with every import and
//! export and its type, the tree of nested components and core modules with
//! their byte sizes, the `producers` metadata of every part (languages,
//! processing tools, SDKs and versions) and every custom section's size.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;
use wasmparser::{Parser, Payload};
use wit_parser::{Resolve, WorldId, WorldItem};

use crate::Wasm;
use crate::fit::CoreShape;

/// Everything `weld inspect` shows.
#[derive(Debug, Serialize)]
pub struct Report {
    /// `component` or `module`.
    pub kind: &'static str,
    pub size: usize,
    /// The world as WIT: a component's own world, or the world embedded in a
    /// module's `component-type` section.
    pub wit: Option<String>,
    /// Why a component's world has no WIT text (its types cannot be spelled
    /// in WIT); the rest of the report is still there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_wit: Option<String>,
    pub imports: Vec<Item>,
    pub exports: Vec<Item>,
    /// Languages named by any part's producers section, in order of first use
    /// (adapter modules excluded: see `adapters`).
    pub languages: Vec<String>,
    /// Adapter modules that wit-component inserted (such as the WASI
    /// preview1 adapter), with the language they were written in.
    pub adapters: Vec<String>,
    /// Tools named by any part's producers section (`processed-by`, `sdk`).
    pub tools: Vec<String>,
    pub root: Part,
    /// Core modules defined once and instantiated by several components
    /// through outer aliases (`weld compose`'s shared runtimes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<Shared>,
}

/// A core module several components use from one definition.
#[derive(Debug, Serialize)]
pub struct Shared {
    /// The module's part (its path in the tree).
    pub module: String,
    pub name: Option<String>,
    pub size: usize,
    /// The components using it: path, and name when the parent gives one.
    pub users: Vec<(String, Option<String>)>,
    /// What copies in each user beyond the first would take: `size` times
    /// (users - 1).
    pub saved: usize,
}

/// An import or export.
#[derive(Debug, Serialize)]
pub struct Item {
    pub name: String,
    /// `interface`, `function`, `type`, or a core kind (`func`, `memory`, ...).
    pub kind: String,
    /// The type: a function signature, or the functions of an interface.
    pub types: Vec<String>,
}

/// One component or core module in the tree.
#[derive(Debug, Serialize)]
pub struct Part {
    pub kind: &'static str,
    /// The name from the parent's `component-name` section, if any.
    pub name: Option<String>,
    /// Position in the tree: `0` is the root, `0.2` its third nested part.
    pub path: String,
    pub size: usize,
    /// `field -> [(name, version)]` from the `producers` section.
    pub producers: BTreeMap<String, Vec<(String, String)>>,
    pub custom_sections: Vec<(String, usize)>,
    /// For core modules: import and export names.
    pub imports: Vec<String>,
    pub exports: Vec<String>,
    pub children: Vec<Part>,
}

impl Part {
    fn new(kind: &'static str, path: String, size: usize) -> Part {
        Part {
            kind,
            name: None,
            path,
            size,
            producers: BTreeMap::new(),
            custom_sections: Vec::new(),
            imports: Vec::new(),
            exports: Vec::new(),
            children: Vec::new(),
        }
    }

    fn walk<'a>(&'a self, out: &mut Vec<&'a Part>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

/// Inspects `wasm`.
pub fn inspect(wasm: &Wasm) -> Result<Report> {
    let bytes = wasm.bytes();
    let (root, aliases) = tree_and_shared(bytes).context("failed to read the wasm structure")?;
    let shared = shared_modules(&root, &aliases);
    let mut no_wit = None;
    let (kind, wit, imports, exports) = match wasm {
        Wasm::Component(_) => {
            let input = weld_wit::Input::Bytes { name: "component".into(), bytes: bytes.to_vec() };
            let w = weld_wit::load(&[input], &weld_wit::LoadOptions::default())
                .context("failed to decode the component's world")?;
            let world = w.world.context("component has no world")?;
            let text = match weld_wit::print::package(&w, &weld_wit::print::PrintOptions::default()) {
                Ok(text) => Some(text),
                Err(e) => {
                    no_wit = Some(format!("{e:#}"));
                    None
                }
            };
            let (i, e) = world_items(&w.resolve, world);
            ("component", text, i, e)
        }
        Wasm::Module(_) => {
            let shape = CoreShape::read(bytes)?;
            let imports = shape
                .imports
                .iter()
                .map(|((m, n), sig)| Item {
                    name: format!("{m}.{n}"),
                    kind: "func".into(),
                    types: vec![sig.to_string()],
                })
                .collect();
            let mut exports: Vec<Item> = shape
                .func_exports
                .iter()
                .map(|(n, sig)| Item { name: n.clone(), kind: "func".into(), types: vec![sig.to_string()] })
                .collect();
            exports.extend(shape.other_exports.iter().map(|(n, k)| Item {
                name: n.clone(),
                kind: k.to_string(),
                types: vec![],
            }));
            let wit = match crate::embed::embedded_world(bytes).context("failed to read the embedded world")? {
                Some((resolve, world)) => Some(world_wit(&resolve, world)?),
                None => None,
            };
            ("module", wit, imports, exports)
        }
    };
    let Summary { languages, adapters, tools } = summarize(&root, &shared);
    Ok(Report { kind, size: bytes.len(), wit, no_wit, imports, exports, languages, adapters, tools, root, shared })
}

/// The modules outer aliases point at, each with the components using it,
/// in order of first use.
fn shared_modules(root: &Part, aliases: &[OuterAlias]) -> Vec<Shared> {
    let mut parts = Vec::new();
    root.walk(&mut parts);
    let find = |path: &str| parts.iter().find(|p| p.path == path);
    let mut out: Vec<Shared> = Vec::new();
    for (target, user, _) in aliases {
        let Some(module) = find(target) else { continue };
        let user = (user.clone(), find(user).and_then(|p| p.name.clone()));
        match out.iter_mut().find(|s| &s.module == target) {
            Some(s) if !s.users.contains(&user) => s.users.push(user),
            Some(_) => {}
            None => out.push(Shared {
                module: target.clone(),
                name: module.name.clone(),
                size: module.size,
                users: vec![user],
                saved: 0,
            }),
        }
    }
    for s in &mut out {
        s.saved = s.size * (s.users.len() - 1);
    }
    out
}

/// The languages a component was written in (as `inspect` reports them),
/// without decoding its world: cheap enough for drawing a composition.
pub fn languages(bytes: &[u8]) -> Result<Vec<String>> {
    let (root, aliases) = tree_and_shared(bytes)?;
    let shared = shared_modules(&root, &aliases);
    Ok(summarize(&root, &shared).languages)
}

/// What the producers sections of a tree of parts say.
struct Summary {
    languages: Vec<String>,
    adapters: Vec<String>,
    tools: Vec<String>,
}

/// A module shared by several components counts once per component using
/// it, so the summary is the same with and without sharing.
fn summarize(root: &Part, shared: &[Shared]) -> Summary {
    let mut parts = Vec::new();
    root.walk(&mut parts);
    let mut s = Summary { languages: Vec::new(), adapters: Vec::new(), tools: Vec::new() };
    for p in parts {
        if let Some(adapter) = p.name.as_deref().and_then(|n| n.strip_prefix(ADAPTER_PREFIX)) {
            let langs: Vec<String> =
                p.producers.get("language").into_iter().flatten().map(|(n, _)| n.clone()).collect();
            let text = if langs.is_empty() { adapter.to_string() } else { format!("{adapter} ({})", langs.join(", ")) };
            let copies = shared.iter().find(|m| m.module == p.path).map_or(1, |m| m.users.len());
            s.adapters.extend(std::iter::repeat_n(text, copies));
            continue;
        }
        for (field, entries) in &p.producers {
            for (name, version) in entries {
                let (list, text) = match field.as_str() {
                    "language" => (&mut s.languages, name.clone()),
                    _ if version.is_empty() => (&mut s.tools, name.clone()),
                    _ => (&mut s.tools, format!("{name} {version}")),
                };
                if !list.contains(&text) {
                    list.push(text);
                }
            }
        }
    }
    infer_languages(root, &mut s.languages);
    s
}

/// Runtimes that are linked into a component as named modules but do not
/// write a `language` producers field, so their language is inferred from the
/// module's name (componentize-py links `libpython3.x.so`).
const RUNTIMES: &[(&str, &str)] = &[("libpython", "Python")];

/// Compilers that name themselves in `processed-by` but write no `language`
/// field when there is no debug information (rustc: the `language: C99` of
/// such a module is wasi-libc's).
const COMPILERS: &[(&str, &str)] = &[("rustc", "Rust")];

fn infer_languages(root: &Part, languages: &mut Vec<String>) {
    let mut parts = Vec::new();
    root.walk(&mut parts);
    for p in parts {
        let adapter = p.name.as_deref().is_some_and(|n| n.starts_with(ADAPTER_PREFIX));
        for (compiler, language) in COMPILERS {
            let by = p.producers.get("processed-by").into_iter().flatten().any(|(n, _)| n == compiler);
            if by && !adapter && !languages.iter().any(|l| l.starts_with(language)) {
                languages.push(format!("{language} (inferred from {compiler})"));
            }
        }
        let Some(name) = &p.name else { continue };
        for (prefix, language) in RUNTIMES {
            if name.starts_with(prefix) && !languages.iter().any(|l| l.starts_with(language)) {
                languages.push(format!("{language} (inferred from module `{name}`)"));
            }
        }
    }
}

/// How wit-component names the adapter modules it inserts.
const ADAPTER_PREFIX: &str = "wit-component:adapter:";

/// Names the children of a part from its `component-name` section: core
/// modules through its core-module index space (where an outer alias takes
/// an index, the name goes to the aliased module), components by position.
fn apply_names(frame: &mut Frame, section: wasmparser::ComponentNameSectionReader<'_>, aliases: &mut [OuterAlias]) {
    use wasmparser::ComponentName;
    let part = &mut frame.part;
    for sub in section.into_iter().flatten() {
        let (kind, map) = match sub {
            ComponentName::CoreModules(map) => ("module", map),
            ComponentName::Components(map) => ("component", map),
            _ => continue,
        };
        for naming in map.into_iter().flatten() {
            let name = naming.name.to_string();
            if kind == "module" {
                let Some(Some(target)) = frame.modules.get(naming.index as usize) else { continue };
                if let Some(child) = part.children.iter_mut().find(|c| &c.path == target) {
                    child.name = Some(name);
                } else if let Some(a) =
                    aliases.iter_mut().find(|(t, user, n)| t == target && *user == part.path && n.is_none())
                {
                    a.2 = Some(name);
                }
            } else if let Some(child) = part.children.iter_mut().filter(|c| c.kind == kind).nth(naming.index as usize) {
                child.name = Some(name);
            }
        }
    }
}

/// The package holding `world`, printed as WIT.
fn world_wit(resolve: &Resolve, world: WorldId) -> Result<String> {
    let pkg = resolve.worlds[world].package.context("world has no package")?;
    let wit = weld_wit::Wit {
        resolve: resolve.clone(),
        package: pkg,
        nested: Vec::new(),
        kind: weld_wit::InputKind::WasmPackage,
        world: Some(world),
    };
    weld_wit::print::world(&wit, world, &weld_wit::print::PrintOptions::default())
}

fn world_items(resolve: &Resolve, world: WorldId) -> (Vec<Item>, Vec<Item>) {
    let w = &resolve.worlds[world];
    let items = |map: &indexmap::IndexMap<wit_parser::WorldKey, WorldItem>| {
        map.iter()
            .map(|(key, item)| {
                let name = resolve.name_world_key(key);
                match item {
                    WorldItem::Function(f) => {
                        Item { name, kind: "function".into(), types: vec![weld_wit::types::signature(resolve, f)] }
                    }
                    WorldItem::Interface { id, .. } => Item {
                        name,
                        kind: "interface".into(),
                        types: resolve.interfaces[*id]
                            .functions
                            .values()
                            .map(|f| format!("{}: {}", f.name, weld_wit::types::signature(resolve, f)))
                            .collect(),
                    },
                    WorldItem::Type { id, .. } => Item {
                        name,
                        kind: "type".into(),
                        types: vec![weld_wit::types::display(resolve, &wit_parser::Type::Id(*id))],
                    },
                }
            })
            .collect()
    };
    (items(&w.imports), items(&w.exports))
}

/// One component or module being read: its part and its core-module index
/// space (each entry the path of the module part it stands for, when known:
/// a definition here, or an outer alias of one further out).
struct Frame {
    part: Part,
    modules: Vec<Option<String>>,
}

/// An outer alias of a core module: `(module path, path of the component
/// aliasing it, name it gives it)`.
type OuterAlias = (String, String, Option<String>);

/// The tree of parts, walking nested components and modules, and every
/// outer alias of a core module.
fn tree_and_shared(bytes: &[u8]) -> Result<(Part, Vec<OuterAlias>)> {
    use wasmparser::{ComponentAlias, ComponentExternalKind, ComponentOuterAliasKind, ComponentTypeRef};
    let root_kind = if Parser::is_component(bytes) { "component" } else { "module" };
    let mut stack = vec![Frame { part: Part::new(root_kind, "0".into(), bytes.len()), modules: Vec::new() }];
    let mut aliases = Vec::new();
    // A nested part is announced by its section, then starts with `Version`.
    let mut pending: Option<Part> = None;
    let mut started_root = false;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        let depth = stack.len();
        let frame = stack.last_mut().expect("the root stays on the stack");
        let current = &mut frame.part;
        match payload {
            Payload::Version { .. } => {
                if let Some(p) = pending.take() {
                    stack.push(Frame { part: p, modules: Vec::new() });
                } else if started_root {
                    anyhow::bail!("unexpected nested header");
                }
                started_root = true;
            }
            Payload::ModuleSection { unchecked_range, .. } => {
                let path = format!("{}.{}", current.path, current.children.len());
                frame.modules.push(Some(path.clone()));
                pending = Some(Part::new("module", path, unchecked_range.len()));
            }
            Payload::ComponentSection { unchecked_range, .. } => {
                let path = format!("{}.{}", current.path, current.children.len());
                pending = Some(Part::new("component", path, unchecked_range.len()));
            }
            Payload::ComponentAliasSection(r) => {
                for a in r {
                    match a? {
                        ComponentAlias::Outer { kind: ComponentOuterAliasKind::CoreModule, count, index } => {
                            let target = (count as usize)
                                .checked_add(1)
                                .and_then(|up| depth.checked_sub(up))
                                .and_then(|f| stack[f].modules.get(index as usize).cloned())
                                .flatten();
                            let frame = stack.last_mut().expect("the root stays on the stack");
                            if let Some(target) = &target {
                                aliases.push((target.clone(), frame.part.path.clone(), None));
                            }
                            frame.modules.push(target);
                        }
                        ComponentAlias::InstanceExport { kind: ComponentExternalKind::Module, .. } => {
                            stack.last_mut().expect("the root stays on the stack").modules.push(None)
                        }
                        _ => {}
                    }
                }
            }
            Payload::CustomSection(c) => {
                current.custom_sections.push((c.name().to_string(), c.data().len()));
                if let wasmparser::KnownCustom::ComponentName(names) = c.as_known() {
                    apply_names(frame, names, &mut aliases);
                }
                let current = &mut stack.last_mut().expect("the root stays on the stack").part;
                if c.name() == "producers"
                    && let Ok(p) = wasm_metadata::Producers::from_bytes(c.data(), c.data_offset())
                {
                    for (field, values) in p.iter() {
                        let list = values.iter().map(|(n, v)| (n.clone(), v.clone())).collect();
                        current.producers.insert(field.clone(), list);
                    }
                }
            }
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp?;
                    current.imports.push(format!("{}.{}", imp.module, imp.name));
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    current.exports.push(e?.name.to_string());
                }
            }
            Payload::ComponentImportSection(r) => {
                for imp in r {
                    let imp = imp?;
                    if matches!(imp.ty, ComponentTypeRef::Module(_)) {
                        frame.modules.push(None);
                    }
                    current.imports.push(imp.name.name.to_string());
                }
            }
            Payload::ComponentExportSection(r) => {
                for e in r {
                    let e = e?;
                    if e.kind == ComponentExternalKind::Module {
                        let same = frame.modules.get(e.index as usize).cloned().flatten();
                        frame.modules.push(same);
                    }
                    current.exports.push(e.name.name.to_string());
                }
            }
            Payload::End(_) if stack.len() > 1 => {
                let done = stack.pop().expect("checked above").part;
                stack.last_mut().expect("parent").part.children.push(done);
            }
            _ => {}
        }
    }
    let mut root = stack.pop().expect("root").part;
    // A module defined once for several components (`weld compose`'s
    // sharing) is named after what the components call it.
    for (target, _, name) in &aliases {
        if let Some(name) = name
            && let Some(part) = find_mut(&mut root, target)
            && part.name.is_none()
        {
            part.name = Some(name.clone());
        }
    }
    Ok((root, aliases))
}

fn find_mut<'a>(part: &'a mut Part, path: &str) -> Option<&'a mut Part> {
    if part.path == path {
        return Some(part);
    }
    part.children.iter_mut().find_map(|c| find_mut(c, path))
}

/// A person-readable rendering of `report`.
pub fn render(report: &Report, name: &str) -> String {
    let mut s = String::new();
    s.push_str(&format!("{} `{name}`: {} bytes\n", report.kind, thousands(report.size)));
    if !report.languages.is_empty() {
        s.push_str(&format!("languages: {}\n", report.languages.join(", ")));
    }
    if !report.adapters.is_empty() {
        s.push_str(&format!("adapters: {}\n", report.adapters.join(", ")));
    }
    if !report.tools.is_empty() {
        s.push_str(&format!("tools: {}\n", report.tools.join(", ")));
    }
    for (title, items) in [("imports", &report.imports), ("exports", &report.exports)] {
        s.push_str(&format!("\n{title} ({}):\n", items.len()));
        for item in items.iter() {
            match item.kind.as_str() {
                "interface" => {
                    s.push_str(&format!("  {} (interface)\n", item.name));
                    for t in &item.types {
                        s.push_str(&format!("    {t}\n"));
                    }
                }
                _ => s.push_str(
                    &format!("  {}: {} {}\n", item.name, item.kind, item.types.join(" ")).replace("  \n", "\n"),
                ),
            }
        }
    }
    s.push_str("\nparts:\n");
    part_lines(&report.root, 1, &mut s);
    if !report.shared.is_empty() {
        let saved: usize = report.shared.iter().map(|m| m.saved).sum();
        s.push_str(&format!(
            "\nshared core modules ({}, defined once; {} bytes saved):\n",
            report.shared.len(),
            thousands(saved)
        ));
        let named = |path: &str, name: &Option<String>| match name {
            Some(n) => format!("{path} `{n}`"),
            None => path.to_string(),
        };
        for m in &report.shared {
            let users: Vec<String> = m.users.iter().map(|(p, n)| named(p, n)).collect();
            s.push_str(&format!(
                "  module {} ({} bytes): used by {}\n",
                named(&m.module, &m.name),
                thousands(m.size),
                users.join(", ")
            ));
        }
    }
    if let Some(why) = &report.no_wit {
        s.push_str(&format!("\nworld: no WIT text: {why}\n"));
    }
    if let Some(wit) = &report.wit {
        s.push_str(if report.kind == "component" { "\nworld:\n" } else { "\nembedded world:\n" });
        for line in wit.lines() {
            if line.is_empty() {
                s.push('\n');
            } else {
                s.push_str(&format!("  {line}\n"));
            }
        }
    }
    s
}

/// A short rendering: what languages and tools made it, and the names of
/// its imports and exports (no sizes, so it stays stable across rebuilds).
pub fn summary(report: &Report, name: &str) -> String {
    let mut s = format!("{} `{name}`\n", report.kind);
    let list = |v: &[String]| if v.is_empty() { "(none)".to_string() } else { v.join(", ") };
    s.push_str(&format!("languages: {}\n", list(&report.languages)));
    if !report.adapters.is_empty() {
        s.push_str(&format!("adapters: {}\n", report.adapters.join(", ")));
    }
    s.push_str(&format!("tools: {}\n", list(&report.tools)));
    let names = |items: &[Item]| items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
    s.push_str(&format!("imports: {}\n", list(&names(&report.imports))));
    s.push_str(&format!("exports: {}\n", list(&names(&report.exports))));
    s
}

fn part_lines(p: &Part, depth: usize, s: &mut String) {
    let indent = "  ".repeat(depth);
    let name = p.name.as_ref().map(|n| format!(" `{n}`")).unwrap_or_default();
    s.push_str(&format!("{indent}{} {}{name} ({} bytes)\n", p.kind, p.path, thousands(p.size)));
    for (field, entries) in &p.producers {
        let list: Vec<String> =
            entries.iter().map(|(n, v)| if v.is_empty() { n.clone() } else { format!("{n} {v}") }).collect();
        s.push_str(&format!("{indent}  {field}: {}\n", list.join(", ")));
    }
    if p.kind == "module" && p.path != "0" {
        s.push_str(&format!("{indent}  imports {}, exports {}\n", p.imports.len(), p.exports.len()));
    }
    for (name, size) in &p.custom_sections {
        s.push_str(&format!("{indent}  custom section `{name}`: {} bytes\n", thousands(*size)));
    }
    for c in &p.children {
        part_lines(c, depth + 1, s);
    }
}

/// `17570` → `17,570`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
