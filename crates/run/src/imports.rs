//! What the host provides, and the imports it cannot satisfy.
//!
//! weld's runner provides WASI 0.2 (`wasi:cli`, `io`, `clocks`,
//! `filesystem`, `random`, `sockets`) through wasmtime-wasi 48, which serves
//! any 0.2.x version of those interfaces. Everything else a component imports
//! must be composed in before it can run; this module lists each such import
//! with its type before anything runs.

use wasmtime::Engine;
use wasmtime::component::Component;
use wasmtime::component::types::ComponentItem;

use crate::invoke::describe;

/// Interfaces wasmtime-wasi's p2 linker defines (without versions).
const PROVIDED: &[&str] = &[
    "wasi:cli/environment",
    "wasi:cli/exit",
    "wasi:cli/stdin",
    "wasi:cli/stdout",
    "wasi:cli/stderr",
    "wasi:cli/terminal-input",
    "wasi:cli/terminal-output",
    "wasi:cli/terminal-stdin",
    "wasi:cli/terminal-stdout",
    "wasi:cli/terminal-stderr",
    "wasi:clocks/monotonic-clock",
    "wasi:clocks/wall-clock",
    "wasi:filesystem/types",
    "wasi:filesystem/preopens",
    "wasi:io/error",
    "wasi:io/poll",
    "wasi:io/streams",
    "wasi:random/random",
    "wasi:random/insecure",
    "wasi:random/insecure-seed",
    "wasi:sockets/network",
    "wasi:sockets/instance-network",
    "wasi:sockets/udp",
    "wasi:sockets/udp-create-socket",
    "wasi:sockets/tcp",
    "wasi:sockets/tcp-create-socket",
    "wasi:sockets/ip-name-lookup",
];

/// An import the host cannot provide.
#[derive(Debug, Clone)]
pub struct Unsatisfied {
    pub name: String,
    /// `interface` with its functions, or a function signature.
    pub kind: String,
    pub items: Vec<String>,
}

impl std::fmt::Display for Unsatisfied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 4;
        write!(f, "`{}` ({})", self.name, self.kind)?;
        if self.kind == "function" {
            if let Some(sig) = self.items.first() {
                write!(f, ": {sig}")?;
            }
            return Ok(());
        }
        let funcs: Vec<&String> = self.items.iter().filter(|i| !i.starts_with("resource ")).collect();
        if !funcs.is_empty() {
            let names: Vec<&str> = funcs.iter().take(SHOWN).map(|i| i.split(':').next().unwrap_or(i)).collect();
            let more = if funcs.len() > SHOWN { format!(", and {} more", funcs.len() - SHOWN) } else { String::new() };
            write!(
                f,
                " with {} function{}: {}{more}",
                funcs.len(),
                if funcs.len() == 1 { "" } else { "s" },
                names.join(", ")
            )?;
        }
        if let Some(hint) = hint(&self.name) {
            write!(f, "\n      {hint}")?;
        }
        Ok(())
    }
}

/// Advice for imports that are often missing for a known reason.
fn hint(name: &str) -> Option<&'static str> {
    if name.starts_with("wasi:http/") {
        return Some(
            "weld's runner does not provide wasi:http; componentize-js adds it unless the component is built with `--disable http fetch-event`",
        );
    }
    None
}

/// The WASI version track the host serves (any 0.2.x, as wasmtime's linker
/// matches it).
const TRACK: semver::Version = semver::Version::new(0, 2, 0);

/// Whether the host provides import `name`.
pub fn provided(name: &str) -> bool {
    weld_wit::names::Name::parse(name).is_some_and(|n| {
        PROVIDED.contains(&n.unversioned().as_str())
            && n.version.is_some_and(|v| weld_wit::names::same_track(&v, &TRACK))
    })
}

/// Every import of `component` that the host cannot provide.
pub fn unsatisfied(engine: &Engine, component: &Component) -> Vec<Unsatisfied> {
    let ty = component.component_type();
    let mut out = Vec::new();
    for (name, item) in ty.imports(engine) {
        if provided(name) {
            continue;
        }
        let (kind, items) = match &item.ty {
            ComponentItem::ComponentInstance(inst) => (
                "interface".to_string(),
                inst.exports(engine)
                    .filter_map(|(n, i)| match i.ty {
                        ComponentItem::ComponentFunc(f) => Some(format!("{n}: {}", describe::func(&f))),
                        ComponentItem::Resource(_) => Some(format!("resource {n}")),
                        _ => None,
                    })
                    .collect(),
            ),
            ComponentItem::ComponentFunc(f) => ("function".to_string(), vec![describe::func(f)]),
            ComponentItem::Resource(_) => ("resource".to_string(), vec![]),
            ComponentItem::Type(_) => ("type".to_string(), vec![]),
            _ => ("component or module".to_string(), vec![]),
        };
        out.push(Unsatisfied { name: name.to_string(), kind, items });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn wasi_0_2_any_patch_is_provided() {
        assert!(super::provided("wasi:cli/stdout@0.2.0"));
        assert!(super::provided("wasi:io/poll@0.2.12"));
        assert!(!super::provided("wasi:http/types@0.2.10"));
        assert!(!super::provided("wasi:io/poll@0.3.0"));
        assert!(!super::provided("demo:calc/host"));
    }
}
