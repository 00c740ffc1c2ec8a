//! What the host provides, and the imports it cannot satisfy.
//!
//! weld's runner provides WASI 0.2 (`wasi:cli`, `io`, `clocks`,
//! `filesystem`, `random`, `sockets`) and WASI 0.3 (`wasi:cli`, `clocks`,
//! `filesystem`, `random`, `sockets`) through wasmtime-wasi 48, which serves
//! any 0.2.x and 0.3.x version of those interfaces; a [`Host`](crate::Host)
//! may serve only one of them ([`Wasi`]). Everything else a component imports
//! must be composed in before it can run; this module lists each such import
//! with its type before anything runs.

use wasmtime::Engine;
use wasmtime::component::Component;
use wasmtime::component::types::ComponentItem;

use crate::invoke::describe;

/// Interfaces wasmtime-wasi's p2 linker defines (without versions).
const PROVIDED_0_2: &[&str] = &[
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

/// Interfaces wasmtime-wasi's p3 linker defines (without versions): WASI
/// 0.3.0's `wasi:cli/imports` world. `wasi:io` is gone in 0.3 (streams and
/// futures are the component model's own), as are `wasi:cli/types` and
/// `wasi:clocks/timezone`, which wasmtime-wasi 48 does not link.
const PROVIDED_0_3: &[&str] = &[
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
    "wasi:clocks/types",
    "wasi:clocks/monotonic-clock",
    "wasi:clocks/system-clock",
    "wasi:filesystem/types",
    "wasi:filesystem/preopens",
    "wasi:random/random",
    "wasi:random/insecure",
    "wasi:random/insecure-seed",
    "wasi:sockets/types",
    "wasi:sockets/ip-name-lookup",
];

/// An import the host cannot provide.
#[derive(Debug, Clone)]
pub struct Unsatisfied {
    pub name: String,
    /// `interface` with its functions, or a function signature.
    pub kind: String,
    pub items: Vec<String>,
    /// The WASI version this import belongs to, when another host setting
    /// would provide it (a 0.3 import on a host serving only 0.2).
    pub wasi: Option<Wasi>,
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

/// Which WASI versions a host serves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Wasi {
    /// WASI 0.2 only (any 0.2.x): a host without wasmtime's async machinery
    /// in its imports; a 0.3 component is refused before it runs.
    P2,
    /// WASI 0.3 only (0.3.x).
    P3,
    /// Both, side by side, as `wasmtime run` links them (the default): one
    /// component may import either or both.
    #[default]
    All,
}

impl Wasi {
    pub(crate) fn p2(self) -> bool {
        matches!(self, Wasi::P2 | Wasi::All)
    }

    pub(crate) fn p3(self) -> bool {
        matches!(self, Wasi::P3 | Wasi::All)
    }

    /// `WASI 0.2`, `WASI 0.3`, `WASI 0.2 and 0.3`, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Wasi::P2 => "WASI 0.2",
            Wasi::P3 => "WASI 0.3",
            Wasi::All => "WASI 0.2/0.3",
        }
    }
}

/// The WASI version of import `name` a host serving every version provides:
/// `Some(Wasi::P2)` or `Some(Wasi::P3)`, `None` when none does (as
/// wasmtime's linker matches versions: any 0.2.x, any 0.3.x).
pub fn wasi_version(name: &str) -> Option<Wasi> {
    let n = weld_wit::names::Name::parse(name)?;
    let v = n.version.as_ref()?;
    let bare = n.unversioned();
    if PROVIDED_0_2.contains(&bare.as_str()) && weld_wit::names::same_track(v, &semver::Version::new(0, 2, 0)) {
        return Some(Wasi::P2);
    }
    if PROVIDED_0_3.contains(&bare.as_str()) && weld_wit::names::same_track(v, &semver::Version::new(0, 3, 0)) {
        return Some(Wasi::P3);
    }
    None
}

/// Whether a host serving `wasi` provides import `name`.
pub fn provided_by(wasi: Wasi, name: &str) -> bool {
    match wasi_version(name) {
        Some(Wasi::P2) => wasi.p2(),
        Some(Wasi::P3) => wasi.p3(),
        _ => false,
    }
}

/// Whether `item` is an instance of types only (`wasi:cli/types@0.3.0`,
/// which other interfaces `use`): nothing to provide but its name, which
/// [`type_only_imports`] gives the linker.
fn types_only(engine: &Engine, item: &ComponentItem) -> bool {
    match item {
        ComponentItem::ComponentInstance(inst) => {
            inst.exports(engine).all(|(_, i)| matches!(i.ty, ComponentItem::Type(_)))
        }
        _ => false,
    }
}

/// The imported instances of `component` that hold types only.
pub fn type_only_imports(engine: &Engine, component: &Component) -> Vec<String> {
    let ty = component.component_type();
    ty.imports(engine).filter(|(_, item)| types_only(engine, &item.ty)).map(|(n, _)| n.to_string()).collect()
}

/// Every import of `component` that the host cannot provide.
pub fn unsatisfied(engine: &Engine, component: &Component, wasi: Wasi) -> Vec<Unsatisfied> {
    let ty = component.component_type();
    let mut out = Vec::new();
    for (name, item) in ty.imports(engine) {
        if provided_by(wasi, name) || types_only(engine, &item.ty) {
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
        let wasi = wasi_version(name);
        out.push(Unsatisfied { name: name.to_string(), kind, items, wasi });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn wasi_0_2_any_patch_is_provided() {
        assert!(super::provided_by(super::Wasi::All, "wasi:cli/stdout@0.2.0"));
        assert!(super::provided_by(super::Wasi::All, "wasi:io/poll@0.2.12"));
        assert!(!super::provided_by(super::Wasi::All, "wasi:http/types@0.2.10"));
        assert!(!super::provided_by(super::Wasi::All, "wasi:io/poll@0.3.0"));
        assert!(super::provided_by(super::Wasi::All, "wasi:cli/stdout@0.3.0"));
        assert!(super::provided_by(super::Wasi::All, "wasi:clocks/system-clock@0.3.1"));
        assert!(!super::provided_by(super::Wasi::All, "wasi:clocks/system-clock@0.2.0"));
        assert!(!super::provided_by(super::Wasi::P2, "wasi:cli/stdout@0.3.0"));
        assert!(!super::provided_by(super::Wasi::P3, "wasi:cli/stdout@0.2.6"));
        assert_eq!(super::wasi_version("wasi:cli/exit@0.3.0"), Some(super::Wasi::P3));
        assert!(!super::provided_by(super::Wasi::All, "demo:calc/host"));
    }
}
