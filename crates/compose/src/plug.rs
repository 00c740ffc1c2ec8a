//! Automatic wiring, followed transitively.
//!
//! The socket is instantiated; each of its imports is matched against the
//! exports of the plugs (by exact name, then by a semver-compatible version
//! of the same interface, and only when the types fit). A plug that is used
//! is instantiated once and its own imports are wired the same way, so a
//! plug that needs another plug gets it (`wac plug` stops at one level).
//! Imports nobody provides stay open and become imports of the result. The
//! chosen wiring is also written as a WAC document, for review.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use wac_graph::types::{Package, SubtypeChecker};
use wac_graph::{CompositionGraph, EncodeOptions, NodeId, PackageId};
use weld_wit::names::Name;

use crate::doctor::{self, Problem};
use crate::{Composed, picture};

/// A component taking part in a plug.
#[derive(Debug, Clone)]
pub struct Part {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// One wire: `consumer` imports `import`, satisfied by `provider`'s `export`.
#[derive(Debug, Clone)]
pub struct Wire {
    pub consumer: String,
    pub import: String,
    pub provider: String,
    pub export: String,
    /// The consumer's and the provider's places in the list (the socket is
    /// 0, then the plugs in order).
    pub consumer_at: usize,
    pub provider_at: usize,
}

/// The outcome of planning a plug.
pub struct Plan {
    pub wires: Vec<Wire>,
    /// `(component, import)` left open, components by display name.
    pub open: Vec<(String, String)>,
    /// Plugs that satisfied nothing.
    pub unused: Vec<String>,
    pub problems: Vec<Problem>,
    /// The equivalent WAC document.
    pub wac: String,
}

/// A component in the plug, known by its place in the list (one per path
/// given); `name` is only for people.
struct Member {
    /// Display name: the file name, or the path when another member has the
    /// same file name (two plugs called `impl.wasm` in different folders).
    name: String,
    /// Package name in the graph and in the WAC document: `weld:<stem>`.
    package: String,
    /// Variable name in the WAC document.
    var: String,
    id: PackageId,
    bytes: Vec<u8>,
}

/// Plans (and with `encode`, builds) the composition of `socket` with `plugs`.
pub fn plug(socket: Part, plugs: Vec<Part>, encode: bool, draw: bool) -> Result<(Plan, Option<Composed>)> {
    let mut graph = CompositionGraph::new();
    let mut members: Vec<Member> = Vec::new();
    let mut used_names = HashSet::new();
    let parts: Vec<Part> = std::iter::once(socket).chain(plugs).collect();
    let names = display_names(&parts);
    for (part, name) in parts.into_iter().zip(names) {
        let mut stem = kebab(part.path.file_stem().map_or("component".into(), |s| s.to_string_lossy().into_owned()));
        let base = stem.clone();
        let mut n = 2;
        while !used_names.insert(stem.clone()) {
            stem = format!("{base}{n}");
            n += 1;
        }
        let package = format!("weld:{stem}");
        let pkg = Package::from_bytes(&package, None, part.bytes.clone(), graph.types_mut())
            .map_err(|e| anyhow!("failed to read `{}` as a component: {e:#}", part.path.display()))?;
        let id = graph.register_package(pkg).map_err(|e| anyhow!("failed to add `{}`: {e}", part.path.display()))?;
        members.push(Member { name, package, var: stem, id, bytes: part.bytes });
    }

    // Wire breadth-first from the socket; each member is instantiated once.
    let mut instances: BTreeMap<usize, NodeId> = BTreeMap::new();
    instances.insert(0, graph.instantiate(members[0].id));
    let mut order = vec![0usize];
    let mut todo = vec![0usize];
    let mut wires = Vec::new();
    let mut open = Vec::new();
    let mut args: BTreeMap<usize, Vec<(String, usize, String)>> = BTreeMap::new();
    while let Some(consumer) = todo.pop() {
        let world = graph.types()[graph[members[consumer].id].ty()].clone();
        for (import, kind) in &world.imports {
            let found = (0..members.len()).filter(|p| *p != consumer).find_map(|p| {
                let pw = &graph.types()[graph[members[p].id].ty()];
                let export = matching_export(import, pw.exports.keys())?;
                let mut cache = Default::default();
                let ek = pw.exports[&export];
                SubtypeChecker::new(&mut cache).is_subtype(ek, graph.types(), *kind, graph.types()).ok()?;
                Some((p, export))
            });
            let Some((provider, export)) = found else {
                open.push((consumer, import.clone()));
                continue;
            };
            let provider_node = match instances.get(&provider) {
                Some(n) => *n,
                None => {
                    let n = graph.instantiate(members[provider].id);
                    instances.insert(provider, n);
                    order.push(provider);
                    todo.push(provider);
                    n
                }
            };
            let alias = graph
                .alias_instance_export(provider_node, &export)
                .map_err(|e| anyhow!("failed to use export `{export}` of `{}`: {e}", members[provider].name))?;
            graph
                .set_instantiation_argument(instances[&consumer], import, alias)
                .map_err(|e| anyhow!("failed to wire `{import}` of `{}`: {e}", members[consumer].name))?;
            args.entry(consumer).or_default().push((import.clone(), provider, export.clone()));
            wires.push(Wire {
                consumer: members[consumer].name.clone(),
                import: import.clone(),
                provider: members[provider].name.clone(),
                export,
                consumer_at: consumer,
                provider_at: provider,
            });
        }
    }
    let socket_world = graph.types()[graph[members[0].id].ty()].clone();
    let socket_node = instances[&0];
    for name in socket_world.exports.keys() {
        let alias =
            graph.alias_instance_export(socket_node, name).map_err(|e| anyhow!("failed to export `{name}`: {e}"))?;
        graph.export(alias, name).map_err(|e| anyhow!("failed to export `{name}`: {e}"))?;
    }
    let unused_at: Vec<usize> = (1..members.len()).filter(|i| !instances.contains_key(i)).collect();
    let unused: Vec<String> = unused_at.iter().map(|i| members[*i].name.clone()).collect();

    let parts: Vec<doctor::Member<'_>> =
        members.iter().map(|m| doctor::Member { name: &m.name, bytes: &m.bytes }).collect();
    let problems = doctor::diagnose(&parts, &open)?;
    let wac = emit_wac(&members, &order, &args, &socket_world.exports.keys().cloned().collect::<Vec<_>>(), &open);
    let open_named = open.iter().map(|(i, import)| (members[*i].name.clone(), import.clone())).collect();
    let plan = Plan { wires, open: open_named, unused, problems, wac };
    if !encode {
        return Ok((plan, None));
    }
    refuse(&plan, &parts, &unused_at)?;
    // Validated by weld on all cores rather than by wac-graph on one.
    let bytes = graph
        .encode(EncodeOptions { define_components: true, validate: false, processor: None })
        .context("failed to encode the composition")?;
    weld_component::validate("the composed component", &bytes)?;
    let imports = crate::component_imports(&bytes)?;
    let picture = draw.then(|| picture::from_graph(&graph));
    Ok((plan, Some(Composed { bytes, imports, picture })))
}

/// The wiring errors of a plan that cannot be built: the link doctor's
/// report, or a plug that satisfies nothing.
fn refuse(plan: &Plan, parts: &[doctor::Member<'_>], unused_at: &[usize]) -> Result<()> {
    if !plan.problems.is_empty() {
        bail!("{}", doctor::report(&plan.problems));
    }
    if let (Some(first), Some(at)) = (plan.unused.first(), unused_at.first()) {
        bail!(
            "plug `{first}` satisfies no import of the socket or of the other plugs it brings in\n{}",
            doctor::exports_of(parts, *at)
        );
    }
    Ok(())
}

/// The wiring of `socket` with `plugs` for linking at load time (`weld run
/// --plug`): the same rules and the same errors as [`plug`] building the
/// composition, without encoding it.
pub fn wiring(socket: Part, plugs: Vec<Part>) -> Result<Plan> {
    let parts: Vec<Part> = std::iter::once(socket.clone()).chain(plugs.iter().cloned()).collect();
    let (plan, _) = plug(socket, plugs, false, false)?;
    let names = display_names(&parts);
    let members: Vec<doctor::Member<'_>> =
        parts.iter().zip(&names).map(|(p, n)| doctor::Member { name: n, bytes: &p.bytes }).collect();
    let unused_at: Vec<usize> = (1..parts.len())
        .filter(|i| plan.unused.contains(&names[*i]) && !plan.wires.iter().any(|w| w.provider_at == *i))
        .collect();
    refuse(&plan, &members, &unused_at)?;
    Ok(plan)
}

/// The export of a provider that satisfies `import`: the same name, or the
/// same interface at a version that satisfies it (the newest such).
fn matching_export<'a>(import: &str, exports: impl Iterator<Item = &'a String>) -> Option<String> {
    let exports: Vec<&String> = exports.collect();
    if exports.iter().any(|e| *e == import) {
        return Some(import.to_string());
    }
    let want = Name::parse(import)?;
    exports
        .iter()
        .filter_map(|e| {
            let have = Name::parse(e)?;
            have.satisfies(&want).then(|| (have.version, (*e).clone()))
        })
        .max()
        .map(|(_, e)| e)
}

/// How messages name each part: its file name, or its path as given when
/// another part with a different path has the same file name.
fn display_names(parts: &[Part]) -> Vec<String> {
    let file = |p: &Part| p.path.file_name().map(|f| f.to_string_lossy().into_owned());
    parts
        .iter()
        .map(|part| match file(part) {
            Some(name) if !parts.iter().any(|o| o.path != part.path && file(o).as_deref() == Some(name.as_str())) => {
                name
            }
            _ => part.path.display().to_string(),
        })
        .collect()
}

fn kebab(s: String) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) { format!("c-{out}") } else { out }
}

fn emit_wac(
    members: &[Member],
    order: &[usize],
    args: &BTreeMap<usize, Vec<(String, usize, String)>>,
    exports: &[String],
    open: &[(usize, String)],
) -> String {
    let mut s = String::from("// The wiring `weld plug` chose. Compose it again with:\n//   weld compose THIS.wac");
    for &i in order {
        let _ = write!(s, " --dep {}={}", members[i].package, members[i].name);
    }
    s.push_str("\npackage weld:composition;\n\n");
    // Providers before consumers.
    for &i in order.iter().rev() {
        let m = &members[i];
        let list = args.get(&i).cloned().unwrap_or_default();
        let leaves_open = open.iter().any(|(at, _)| *at == i);
        if list.is_empty() {
            let _ = writeln!(s, "let {} = new {} {{ {}}};", m.var, m.package, if leaves_open { "... " } else { "" });
            continue;
        }
        let _ = writeln!(s, "let {} = new {} {{", m.var, m.package);
        for (import, provider, export) in &list {
            let _ = writeln!(s, "  \"{import}\": {}[\"{export}\"],", members[*provider].var);
        }
        if leaves_open {
            s.push_str("  ...\n");
        }
        s.push_str("};\n");
    }
    s.push('\n');
    for name in exports {
        let _ = writeln!(s, "export {}[\"{name}\"];", members[order[0]].var);
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn exports_match_by_name_then_newest_satisfying_version() {
        let e = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let exports = e(&["a:b/c@0.2.1", "a:b/c@0.2.7", "a:b/c@0.3.0", "a:b/d@0.2.9"]);
        assert_eq!(super::matching_export("a:b/c@0.2.0", exports.iter()).as_deref(), Some("a:b/c@0.2.7"));
        assert_eq!(super::matching_export("a:b/c@0.2.8", exports.iter()), None);
        assert_eq!(super::matching_export("a:b/c@0.3.0", exports.iter()).as_deref(), Some("a:b/c@0.3.0"));
        assert_eq!(super::matching_export("run", e(&["run"]).iter()).as_deref(), Some("run"));
        assert_eq!(super::kebab("app.component".into()), "app-component");
    }

    /// weld's one track rule agrees with wac's, which wac-graph applies
    /// when it wires by name.
    #[test]
    fn the_track_rule_agrees_with_wac() {
        let versions = ["0.0.1", "0.0.2", "0.1.0", "0.1.5", "0.2.0", "0.2.12", "1.0.0", "1.2.3", "2.0.0", "1.0.0-rc.1"];
        for a in versions {
            for b in versions {
                let (va, vb) = (semver::Version::parse(a).unwrap(), semver::Version::parse(b).unwrap());
                let wac = wac_graph::types::are_semver_compatible(&format!("x:y/z@{a}"), &format!("x:y/z@{b}"));
                assert_eq!(weld_wit::names::same_track(&va, &vb), wac, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn display_names_are_file_names_unless_they_collide() {
        let part = |p: &str| super::Part { path: p.into(), bytes: Vec::new() };
        let parts = [part("out/app.wasm"), part("a/impl.wasm"), part("b/impl.wasm"), part("c/other.wasm")];
        assert_eq!(super::display_names(&parts), ["app.wasm", "a/impl.wasm", "b/impl.wasm", "other.wasm"]);
        // The same path twice is one name, not a collision.
        let same = [part("a/impl.wasm"), part("a/impl.wasm")];
        assert_eq!(super::display_names(&same), ["impl.wasm", "impl.wasm"]);
    }
}
