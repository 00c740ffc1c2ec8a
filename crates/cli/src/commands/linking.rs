//! `weld run --plug` and `--trace`: what to link at load time. The wiring
//! rules are weld-compose's (`plug::wiring`, `split`); weld-run links.

use std::path::{Path, PathBuf};

use anyhow::Result;
use weld_compose::plug::Part;
use weld_run::{Crossing, Link, Loaded, Runner};

/// The socket with its plugs, wired as `weld plug` wires them; with no
/// plugs and `trace`, a composed binary split into its members (a plain
/// component is one member).
pub fn load(runner: &Runner, input: &Path, plugs: &[PathBuf], trace: bool) -> Result<Loaded> {
    let read = |p: &Path| -> Result<Part> {
        Ok(Part { path: p.to_path_buf(), bytes: weld_compose::packages::read_package(p)? })
    };
    let socket = read(input)?;
    if plugs.is_empty() {
        let name = input.file_name().map_or_else(|| input.display().to_string(), |n| n.to_string_lossy().into_owned());
        if trace && let Some(split) = weld_compose::split::split(&name, &socket.bytes)? {
            let parts = split.members.into_iter().map(|m| (m.name, m.bytes)).collect();
            let links = split
                .wires
                .into_iter()
                .map(|w| Link { consumer: w.consumer, import: w.import, provider: w.provider, export: w.export })
                .collect();
            return runner.load_linked(parts, links);
        }
        return runner.load_linked(vec![(name, socket.bytes)], Vec::new());
    }
    let plugs = plugs.iter().map(|p| read(p)).collect::<Result<Vec<_>>>()?;
    let parts: Vec<Part> = std::iter::once(socket.clone()).chain(plugs.iter().cloned()).collect();
    let plan = weld_compose::plug::wiring(socket, plugs)?;
    let mut names: Vec<String> = parts.iter().map(|p| p.path.display().to_string()).collect();
    for w in &plan.wires {
        names[w.consumer_at] = w.consumer.clone();
        names[w.provider_at] = w.provider.clone();
    }
    let links = plan
        .wires
        .iter()
        .map(|w| Link {
            consumer: w.consumer_at,
            import: w.import.clone(),
            provider: w.provider_at,
            export: w.export.clone(),
        })
        .collect();
    let parts = parts.into_iter().zip(names).map(|(p, n)| (n, p.bytes)).collect();
    runner.load_linked(parts, links)
}

/// After a trap: the calls between components it went through, each
/// component with its language.
pub fn crossings(list: &[Crossing]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = String::from("\ncalls between components when it stopped (outermost first):");
    for c in list {
        s.push_str(&format!("\n  {} -> {}: {}", c.caller, c.callee, c.func));
    }
    s
}

/// After a trap in a composed binary run as one component (no `--plug`, no
/// `--trace`), whose frames therefore name no member: how to have them
/// named. Read again only when a trap happens, so untraced runs pay nothing.
pub fn member_hint(input: &Path) -> String {
    let Ok(bytes) = std::fs::read(input) else { return String::new() };
    match weld_compose::split::split("", &bytes) {
        Ok(Some(split)) if split.members.len() > 1 => format!(
            "\nhelp: this is a composition of {} components; run it with `--trace` to name the component and language of each frame",
            split.members.len()
        ),
        _ => String::new(),
    }
}
