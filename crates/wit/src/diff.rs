//! API differences between two versions of a WIT package, each classified
//! for semver.
//!
//! Items are matched by name. Every change says whom it breaks:
//! * in an interface, *importers* are components that import (call) it and
//!   *exporters* are components that export (implement) it;
//! * in a world, *importers* are hosts (they supply the imports and call the
//!   exports) and *exporters* are the components that target the world.
//!
//! A change that breaks anyone needs a major version (a minor one before
//! 1.0); additions that break no one need a minor version; the rest (docs,
//! deprecations) a patch. Both sides should be loaded with every feature
//! enabled so that `@unstable` items are compared, not dropped.

use std::fmt;

use wit_parser::{
    Function, FunctionKind, Handle, Interface, Resolve, Stability, Type, TypeDefKind, TypeId, World, WorldItem,
    WorldKey,
};

use crate::Wit;
use crate::types::display;

/// The semver bump a change needs (the one rule, in [`crate::names`]).
pub use crate::names::Bump;

/// What happened to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    Changed,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        })
    }
}

/// One difference.
#[derive(Clone, Debug)]
pub struct Change {
    pub kind: Kind,
    /// What sort of item: `world`, `interface`, `function`, `parameter`,
    /// `result`, `type`, `field`, `case`, `flag`, `resource`, `method`,
    /// `import`, `export`, `gate`, `docs`, `package`.
    pub item: &'static str,
    /// Where the item sits: `interface api > function lookup`.
    pub path: String,
    /// One sentence.
    pub message: String,
    pub breaks_importers: bool,
    pub breaks_exporters: bool,
    pub bump: Bump,
    /// `file:line:column` in the new version (the old one for removals).
    pub location: Option<crate::Location>,
    /// The rule this change falls under, stable for tools: `function-removed`.
    pub rule: String,
    /// The interface the change is in, if any.
    pub interface: Option<String>,
    /// The change is to a world's own imports or exports.
    pub world_level: bool,
}

impl Change {
    fn new(
        kind: Kind,
        item: &'static str,
        path: String,
        message: String,
        breaks: (bool, bool),
        bump: Bump,
        location: Option<crate::Location>,
    ) -> Change {
        Change {
            kind,
            item,
            rule: format!("{item}-{kind}"),
            path,
            message,
            breaks_importers: breaks.0,
            breaks_exporters: breaks.1,
            bump,
            location,
            interface: None,
            world_level: false,
        }
    }

    /// Whether it breaks anyone at all.
    pub fn breaks_anyone(&self) -> bool {
        self.breaks_importers || self.breaks_exporters
    }

    /// `breaks importers`, `breaks exporters`, `breaks importers and exporters` or `compatible`.
    pub fn impact(&self) -> &'static str {
        if self.world_level {
            return match (self.breaks_importers, self.breaks_exporters) {
                (true, true) => "breaks hosts and components",
                (true, false) => "hosts must adapt",
                (false, true) => "breaks components",
                (false, false) => "compatible",
            };
        }
        match (self.breaks_importers, self.breaks_exporters) {
            (true, true) => "breaks importers and exporters",
            (true, false) => "breaks importers",
            (false, true) => "breaks exporters",
            (false, false) => "compatible",
        }
    }
}

/// All differences between two versions of a package.
pub struct Diff {
    pub old_package: String,
    pub new_package: String,
    pub changes: Vec<Change>,
    /// How the package's own worlds use each of its interfaces (imported,
    /// exported), in either version.
    pub usage: std::collections::HashMap<String, (bool, bool)>,
}

impl Diff {
    /// Whether `c` breaks components built against the old version: for a
    /// world's own items, components that target it; for an interface that
    /// the package's worlds import (or export), its importers (or
    /// exporters); for an interface no world uses, its importers.
    pub fn is_breaking(&self, c: &Change) -> bool {
        if c.world_level {
            return c.breaks_exporters;
        }
        match c.interface.as_ref().and_then(|i| self.usage.get(i)) {
            Some((imported, exported)) if *imported || *exported => {
                (*imported && c.breaks_importers) || (*exported && c.breaks_exporters)
            }
            // No world says how it is used: judge it as imported, the common
            // case (WASI adds functions to interfaces in compatible releases).
            _ => c.breaks_importers,
        }
    }

    /// The bump `c` needs in this package.
    pub fn bump(&self, c: &Change) -> Bump {
        match (self.is_breaking(c), c.bump) {
            (true, _) => Bump::Major,
            (false, Bump::Major) => Bump::Minor,
            (false, b) => b,
        }
    }

    /// The largest bump any change needs (`None` when nothing changed).
    pub fn required(&self) -> Option<Bump> {
        self.changes.iter().map(|c| self.bump(c)).max()
    }

    pub fn breaking(&self) -> bool {
        self.changes.iter().any(|c| self.is_breaking(c))
    }
}

/// Compares the main packages of `old` and `new`.
pub fn diff(old: &Wit, new: &Wit) -> Diff {
    let mut d = Differ { old: &old.resolve, new: &new.resolve, changes: Vec::new() };
    let (op, np) = (&old.resolve.packages[old.package], &new.resolve.packages[new.package]);
    if op.name.namespace != np.name.namespace || op.name.name != np.name.name {
        let message = format!("the package was renamed from `{}` to `{}`", op.name, np.name);
        let mut c = Change::new(
            Kind::Changed,
            "package",
            format!("package {}", np.name),
            message,
            (true, true),
            Bump::Major,
            None,
        );
        c.rule = "package-renamed".into();
        d.push(c);
    }
    for (name, id) in &op.interfaces {
        let o = &old.resolve.interfaces[*id];
        match np.interfaces.get(name) {
            Some(nid) => d.interface(&format!("interface {name}"), o, &new.resolve.interfaces[*nid]),
            None => d.simple(Kind::Removed, "interface", format!("interface {name}"), (true, true), o.span, true),
        }
    }
    for (name, id) in &np.interfaces {
        if !op.interfaces.contains_key(name) {
            let n = &new.resolve.interfaces[*id];
            d.simple(Kind::Added, "interface", format!("interface {name}"), (false, false), n.span, false);
        }
    }
    for (name, id) in &op.worlds {
        let o = &old.resolve.worlds[*id];
        match np.worlds.get(name) {
            Some(nid) => d.world(&format!("world {name}"), o, &new.resolve.worlds[*nid]),
            None => d.simple(Kind::Removed, "world", format!("world {name}"), (true, true), o.span, true),
        }
    }
    for (name, id) in &np.worlds {
        if !op.worlds.contains_key(name) {
            let n = &new.resolve.worlds[*id];
            d.simple(Kind::Added, "world", format!("world {name}"), (false, false), n.span, false);
        }
    }
    let mut usage = std::collections::HashMap::new();
    for (w, pkg) in [(&old.resolve, op), (&new.resolve, np)] {
        for id in pkg.worlds.values() {
            let world = &w.worlds[*id];
            for (exported, items) in [(false, &world.imports), (true, &world.exports)] {
                for item in items.values() {
                    if let WorldItem::Interface { id, .. } = item {
                        let iface = &w.interfaces[*id];
                        if iface.package == Some(if std::ptr::eq(w, &old.resolve) { old.package } else { new.package })
                            && let Some(name) = &iface.name
                        {
                            let e = usage.entry(name.clone()).or_insert((false, false));
                            if exported { e.1 = true } else { e.0 = true }
                        }
                    }
                }
            }
        }
    }
    let mut changes = d.changes;
    for c in &mut changes {
        if let Some(rest) = c.path.strip_prefix("interface ") {
            c.interface = Some(rest.split(" > ").next().unwrap_or(rest).to_string());
        } else if c.path.starts_with("world ") {
            let parts: Vec<&str> = c.path.split(" > ").collect();
            let side = parts.get(1).copied().unwrap_or("");
            let (import, export) = (side.starts_with("import "), side.starts_with("export "));
            if parts.len() == 2 && (import || export) {
                c.world_level = true;
            } else if parts.len() > 2 && (import || export) {
                // An item of an inline interface or a world function.
                let key = format!("{} > {side}", parts[0]);
                usage.insert(key.clone(), (import, export));
                c.interface = Some(key);
            }
        }
    }
    Diff { old_package: op.name.to_string(), new_package: np.name.to_string(), changes, usage }
}

struct Differ<'a> {
    old: &'a Resolve,
    new: &'a Resolve,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, c: Change) {
        self.changes.push(c);
    }

    fn loc(&self, span: wit_parser::Span, in_old: bool) -> Option<crate::Location> {
        let r = if in_old { self.old } else { self.new };
        crate::Location::of_span(&r.source_map, span)
    }

    /// An added or removed item; `breaks` is (importers, exporters).
    fn simple(
        &mut self,
        kind: Kind,
        item: &'static str,
        path: String,
        breaks: (bool, bool),
        span: wit_parser::Span,
        old: bool,
    ) {
        let bump = if breaks.0 || breaks.1 {
            Bump::Major
        } else if kind == Kind::Added {
            Bump::Minor
        } else {
            Bump::Patch
        };
        let last = path.rsplit(" > ").next().unwrap_or(&path).to_string();
        let message = format!("{last} was {kind}");
        let location = self.loc(span, old);
        self.push(Change::new(kind, item, path, message, breaks, bump, location));
    }

    fn changed(
        &mut self,
        item: &'static str,
        path: String,
        message: String,
        breaks: (bool, bool),
        bump: Bump,
        span: wit_parser::Span,
    ) {
        let location = self.loc(span, false);
        self.push(Change::new(Kind::Changed, item, path, message, breaks, bump, location));
    }

    /// Gives the last change a more precise rule than `{item}-{kind}`.
    fn retag(&mut self, rule: &str) {
        if let Some(c) = self.changes.last_mut() {
            c.rule = rule.to_string();
        }
    }

    /// When the last change (a type change from `a` to `b`) is a stream's or
    /// future's payload, says so in its rule.
    fn retag_payload(&mut self, a: &Type, b: &Type) {
        if let Some(p) = crate::diff_async::payload_change(self.old, self.new, a, b) {
            self.retag(p.rule);
        }
    }

    fn gate(&mut self, path: &str, old: &Stability, new: &Stability, span: wit_parser::Span) {
        if old == new {
            return;
        }
        let show = |s: &Stability| match s {
            Stability::Unknown => "no gate".to_string(),
            Stability::Stable { since, deprecated: None } => format!("@since({since})"),
            Stability::Stable { since, deprecated: Some(d) } => format!("@since({since}) @deprecated({d})"),
            Stability::Unstable { feature, deprecated: None } => format!("@unstable({feature})"),
            Stability::Unstable { feature, deprecated: Some(d) } => format!("@unstable({feature}) @deprecated({d})"),
        };
        let unstable = |s: &Stability| matches!(s, Stability::Unstable { .. });
        let deprecated = |s: &Stability| match s {
            Stability::Stable { deprecated, .. } | Stability::Unstable { deprecated, .. } => deprecated.is_some(),
            Stability::Unknown => false,
        };
        // Hiding a stable item behind a feature removes it for everyone who
        // does not enable the feature; stabilizing one adds it.
        let (breaks, bump) = if !unstable(old) && unstable(new) {
            ((true, true), Bump::Major)
        } else if (unstable(old) && !unstable(new)) || (!deprecated(old) && deprecated(new)) {
            ((false, false), Bump::Minor)
        } else {
            ((false, false), Bump::Patch)
        };
        let message = format!("the gate changed from {} to {}", show(old), show(new));
        self.changed("gate", format!("{path} > gate"), message, breaks, bump, span);
    }

    fn docs(&mut self, path: &str, old: &wit_parser::Docs, new: &wit_parser::Docs, span: wit_parser::Span) {
        if old.contents != new.contents {
            self.changed(
                "docs",
                format!("{path} > docs"),
                "the documentation changed".into(),
                (false, false),
                Bump::Patch,
                span,
            );
        }
    }

    fn interface(&mut self, path: &str, o: &Interface, n: &Interface) {
        self.gate(path, &o.stability, &n.stability, n.span);
        self.docs(path, &o.docs, &n.docs, n.span);
        for (name, oid) in &o.types {
            let p = format!("{path} > type {name}");
            match n.types.get(name) {
                Some(nid) => self.typedef(&p, *oid, *nid, o, n),
                None => {
                    let is_resource = matches!(self.old.types[*oid].kind, TypeDefKind::Resource);
                    let what = if is_resource { "resource" } else { "type" };
                    let p = format!("{path} > {what} {name}");
                    self.simple(Kind::Removed, what, p, (true, true), self.old.types[*oid].span, true);
                }
            }
        }
        for (name, nid) in &n.types {
            if !o.types.contains_key(name) {
                let is_resource = matches!(self.new.types[*nid].kind, TypeDefKind::Resource);
                let what = if is_resource { "resource" } else { "type" };
                self.simple(
                    Kind::Added,
                    what,
                    format!("{path} > {what} {name}"),
                    (false, false),
                    self.new.types[*nid].span,
                    false,
                );
            }
        }
        for (name, of) in o.functions.iter().filter(|(_, f)| free(f)) {
            let p = format!("{path} > function {name}");
            match n.functions.get(name) {
                Some(nf) => self.function(&p, of, nf),
                // Callers lose it; implementers may keep an extra export.
                None => self.simple(Kind::Removed, "function", p, (true, false), of.span, true),
            }
        }
        for (name, nf) in n.functions.iter().filter(|(_, f)| free(f)) {
            if !o.functions.contains_key(name) {
                // Implementers must now provide it.
                self.simple(
                    Kind::Added,
                    "function",
                    format!("{path} > function {name}"),
                    (false, true),
                    nf.span,
                    false,
                );
            }
        }
    }

    fn function(&mut self, path: &str, o: &Function, n: &Function) {
        self.gate(path, &o.stability, &n.stability, n.span);
        self.docs(path, &o.docs, &n.docs, n.span);
        // `function f`, `method m`, `static s`: the last step of the path.
        let what = path.rsplit(" > ").next().unwrap_or(path);
        if let Some((rule, message)) = crate::diff_async::async_change(what, o, n) {
            self.changed("function", path.to_string(), message, (true, true), Bump::Major, n.span);
            self.retag(rule);
        }
        let (op, np): (Vec<_>, Vec<_>) = (o.params.iter().collect(), n.params.iter().collect());
        for (i, p) in np.iter().enumerate() {
            match op.get(i) {
                Some(q) if q.name != p.name => self.changed(
                    "parameter",
                    format!("{path} > parameter {}", p.name),
                    format!("parameter {} was renamed from `{}` to `{}`", i + 1, q.name, p.name),
                    (true, true),
                    Bump::Major,
                    p.span,
                ),
                Some(q) => {
                    if let Some(why) = self.type_differs(&q.ty, &p.ty) {
                        self.changed(
                            "parameter",
                            format!("{path} > parameter {}", p.name),
                            format!("parameter `{}` changed type: {why}", p.name),
                            (true, true),
                            Bump::Major,
                            p.span,
                        );
                        self.retag_payload(&q.ty, &p.ty);
                    }
                }
                None => self.simple(
                    Kind::Added,
                    "parameter",
                    format!("{path} > parameter {}", p.name),
                    (true, true),
                    p.span,
                    false,
                ),
            }
        }
        for q in op.iter().skip(np.len()) {
            self.simple(
                Kind::Removed,
                "parameter",
                format!("{path} > parameter {}", q.name),
                (true, true),
                q.span,
                true,
            );
        }
        match (&o.result, &n.result) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                if let Some(why) = self.type_differs(a, b) {
                    self.changed(
                        "result",
                        format!("{path} > result"),
                        format!("the result changed type: {why}"),
                        (true, true),
                        Bump::Major,
                        n.span,
                    );
                    self.retag_payload(a, b);
                }
            }
            (None, Some(b)) => {
                let msg = format!("the function now returns `{}`", display(self.new, b));
                self.changed("result", format!("{path} > result"), msg, (true, true), Bump::Major, n.span);
            }
            (Some(a), None) => {
                let msg = format!("the function no longer returns `{}`", display(self.old, a));
                self.changed("result", format!("{path} > result"), msg, (true, true), Bump::Major, n.span);
            }
        }
    }

    /// Compares two named type definitions of matching interfaces.
    fn typedef(&mut self, path: &str, oid: TypeId, nid: TypeId, oi: &Interface, ni: &Interface) {
        let (o, n) = (&self.old.types[oid], &self.new.types[nid]);
        self.gate(path, &o.stability, &n.stability, n.span);
        self.docs(path, &o.docs, &n.docs, n.span);
        let both = (true, true);
        match (&o.kind, &n.kind) {
            (TypeDefKind::Record(a), TypeDefKind::Record(b)) => {
                for f in &a.fields {
                    match b.fields.iter().find(|g| g.name == f.name) {
                        None => self.simple(
                            Kind::Removed,
                            "field",
                            format!("{path} > field {}", f.name),
                            both,
                            f.span,
                            true,
                        ),
                        Some(g) => {
                            if let Some(why) = self.type_differs(&f.ty, &g.ty) {
                                let msg = format!("field `{}` changed type: {why}", f.name);
                                self.changed(
                                    "field",
                                    format!("{path} > field {}", f.name),
                                    msg,
                                    both,
                                    Bump::Major,
                                    g.span,
                                );
                                self.retag_payload(&f.ty, &g.ty);
                            }
                        }
                    }
                }
                for g in &b.fields {
                    if !a.fields.iter().any(|f| f.name == g.name) {
                        self.simple(Kind::Added, "field", format!("{path} > field {}", g.name), both, g.span, false);
                    }
                }
                let common_old: Vec<&str> = a
                    .fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .filter(|f| b.fields.iter().any(|g| g.name == *f))
                    .collect();
                let common_new: Vec<&str> = b
                    .fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .filter(|f| a.fields.iter().any(|g| g.name == *f))
                    .collect();
                if common_old != common_new {
                    self.changed(
                        "field",
                        format!("{path} > fields"),
                        "the fields were reordered".into(),
                        both,
                        Bump::Major,
                        n.span,
                    );
                }
            }
            (TypeDefKind::Variant(a), TypeDefKind::Variant(b)) => {
                let cases = |v: &wit_parser::Variant| {
                    v.cases.iter().map(|c| (c.name.clone(), c.ty, c.span)).collect::<Vec<_>>()
                };
                self.cases(path, &cases(a), &cases(b));
            }
            (TypeDefKind::Enum(a), TypeDefKind::Enum(b)) => {
                let cases =
                    |e: &wit_parser::Enum| e.cases.iter().map(|c| (c.name.clone(), None, c.span)).collect::<Vec<_>>();
                self.cases(path, &cases(a), &cases(b));
            }
            (TypeDefKind::Flags(a), TypeDefKind::Flags(b)) => {
                for f in &a.flags {
                    if !b.flags.iter().any(|g| g.name == f.name) {
                        self.simple(Kind::Removed, "flag", format!("{path} > flag {}", f.name), both, f.span, true);
                    }
                }
                for g in &b.flags {
                    if !a.flags.iter().any(|f| f.name == g.name) {
                        self.simple(Kind::Added, "flag", format!("{path} > flag {}", g.name), both, g.span, false);
                    }
                }
            }
            (TypeDefKind::Resource, TypeDefKind::Resource) => self.resource(path, oid, nid, oi, ni),
            (ok, nk) if std::mem::discriminant(ok) == std::mem::discriminant(nk) => {
                if let Some(why) = self.type_differs(&Type::Id(oid), &Type::Id(nid)) {
                    self.changed(
                        "type",
                        path.to_string(),
                        format!("the type changed: {why}"),
                        both,
                        Bump::Major,
                        n.span,
                    );
                }
            }
            _ => {
                let msg = format!("the type changed from {} to {}", kind_name(&o.kind), kind_name(&n.kind));
                self.changed("type", path.to_string(), msg, both, Bump::Major, n.span);
            }
        }
    }

    /// Cases of a variant or an enum, matched by name and position.
    fn cases(
        &mut self,
        path: &str,
        a: &[(String, Option<Type>, wit_parser::Span)],
        b: &[(String, Option<Type>, wit_parser::Span)],
    ) {
        let both = (true, true);
        for (i, (name, ty, span)) in a.iter().enumerate() {
            match b.iter().position(|c| &c.0 == name) {
                None => self.simple(Kind::Removed, "case", format!("{path} > case {name}"), both, *span, true),
                Some(j) => {
                    let (_, nty, nspan) = &b[j];
                    if i != j {
                        let msg = format!("case `{name}` moved from position {} to {}", i + 1, j + 1);
                        self.changed("case", format!("{path} > case {name}"), msg, both, Bump::Major, *nspan);
                    }
                    let why = match (ty, nty) {
                        (Some(x), Some(y)) => self.type_differs(x, y),
                        (None, None) => None,
                        (None, Some(y)) => Some(format!("it now carries `{}`", display(self.new, y))),
                        (Some(x), None) => Some(format!("it no longer carries `{}`", display(self.old, x))),
                    };
                    if let Some(why) = why {
                        let msg = format!("case `{name}` changed: {why}");
                        self.changed("case", format!("{path} > case {name}"), msg, both, Bump::Major, *nspan);
                    }
                }
            }
        }
        for (name, _, span) in b {
            if !a.iter().any(|c| &c.0 == name) {
                self.simple(Kind::Added, "case", format!("{path} > case {name}"), both, *span, false);
            }
        }
    }

    fn resource(&mut self, path: &str, oid: TypeId, nid: TypeId, oi: &Interface, ni: &Interface) {
        let methods = |i: &Interface, r: TypeId| -> Vec<Function> {
            i.functions.values().filter(|f| owner(f) == Some(r)).cloned().collect()
        };
        let (om, nm) = (methods(oi, oid), methods(ni, nid));
        let path = path.replacen("> type ", "> resource ", 1);
        for f in &om {
            let p = format!("{path} > {} {}", method_kind(f), f.item_name());
            match nm.iter().find(|g| g.name == f.name) {
                Some(g) => self.function(&p, f, g),
                None => self.simple(Kind::Removed, "method", p, (true, false), f.span, true),
            }
        }
        for g in &nm {
            if !om.iter().any(|f| f.name == g.name) {
                let p = format!("{path} > {} {}", method_kind(g), g.item_name());
                self.simple(Kind::Added, "method", p, (false, true), g.span, false);
            }
        }
    }

    fn world(&mut self, path: &str, o: &World, n: &World) {
        self.gate(path, &o.stability, &n.stability, n.span);
        self.docs(path, &o.docs, &n.docs, n.span);
        // Importers of a world are hosts, exporters the components.
        for (side, oi, ni) in [("import", &o.imports, &n.imports), ("export", &o.exports, &n.exports)] {
            for (key, item) in oi {
                let name = self.old.name_world_key(key);
                let p = format!("{path} > {side} {name}");
                match find(self.new, ni, self.old, key) {
                    Some(nitem) => self.world_item(&p, item, nitem),
                    None => {
                        // A removed import breaks components that use it; a
                        // removed export only hosts that call it.
                        let breaks = if side == "import" { (false, true) } else { (true, false) };
                        let item_name = if side == "import" { "import" } else { "export" };
                        self.simple(Kind::Removed, item_name, p, breaks, n.span, false);
                    }
                }
            }
            for (key, _) in ni {
                if find(self.old, oi, self.new, key).is_none() {
                    let name = self.new.name_world_key(key);
                    // A new import must be supplied by hosts; a new export
                    // must be provided by components.
                    let breaks = if side == "import" { (true, false) } else { (false, true) };
                    let item_name = if side == "import" { "import" } else { "export" };
                    self.simple(Kind::Added, item_name, format!("{path} > {side} {name}"), breaks, n.span, false);
                }
            }
        }
    }

    fn world_item(&mut self, path: &str, o: &WorldItem, n: &WorldItem) {
        match (o, n) {
            (WorldItem::Function(a), WorldItem::Function(b)) => self.function(path, a, b),
            (WorldItem::Interface { id: a, .. }, WorldItem::Interface { id: b, .. }) => {
                let (oi, ni) = (&self.old.interfaces[*a], &self.new.interfaces[*b]);
                // Named interfaces are compared on their own; inline ones here.
                if oi.name.is_none() || ni.name.is_none() {
                    self.interface(path, oi, ni);
                }
            }
            (WorldItem::Type { id: a, .. }, WorldItem::Type { id: b, .. }) => {
                if let Some(why) = self.type_differs(&Type::Id(*a), &Type::Id(*b)) {
                    let span = self.new.types[*b].span;
                    self.changed(
                        "type",
                        path.to_string(),
                        format!("the type changed: {why}"),
                        (true, true),
                        Bump::Major,
                        span,
                    );
                }
            }
            _ => self.changed(
                "type",
                path.to_string(),
                "the item changed kind".into(),
                (true, true),
                Bump::Major,
                wit_parser::Span::default(),
            ),
        }
    }

    /// Why two types differ structurally (names of named types must match
    /// too), or None.
    fn type_differs(&self, a: &Type, b: &Type) -> Option<String> {
        // A named type of the same name is compared where it is defined.
        if let (Type::Id(x), Type::Id(y)) = (a, b) {
            let (dx, dy) = (&self.old.types[*x], &self.new.types[*y]);
            if dx.name.is_some() && dx.name == dy.name && !matches!(dx.kind, TypeDefKind::Type(_)) {
                return None;
            }
        }
        let (sa, sb) = (self.shape(self.old, a), self.shape(self.new, b));
        if sa == sb {
            return None;
        }
        if let Some(p) = crate::diff_async::payload_change(self.old, self.new, a, b) {
            return Some(p.why);
        }
        Some(format!("`{}` became `{}`", display(self.old, a), display(self.new, b)))
    }

    /// A canonical text of a type's structure, following named types.
    fn shape(&self, r: &Resolve, t: &Type) -> String {
        let mut out = String::new();
        shape(r, t, &mut out, 0);
        out
    }
}

fn shape(r: &Resolve, t: &Type, out: &mut String, depth: usize) {
    use std::fmt::Write;
    if depth > 32 {
        out.push('…');
        return;
    }
    let Type::Id(id) = t else {
        let _ = write!(out, "{}", display(r, t));
        return;
    };
    let def = &r.types[*id];
    let inner = |t: &Type, out: &mut String| shape(r, t, out, depth + 1);
    match &def.kind {
        TypeDefKind::Type(t) => inner(t, out),
        TypeDefKind::Record(rec) => {
            out.push_str("record{");
            for f in &rec.fields {
                let _ = write!(out, "{}:", f.name);
                inner(&f.ty, out);
                out.push(',');
            }
            out.push('}');
        }
        TypeDefKind::Variant(v) => {
            out.push_str("variant{");
            for c in &v.cases {
                let _ = write!(out, "{}", c.name);
                if let Some(t) = &c.ty {
                    out.push('(');
                    inner(t, out);
                    out.push(')');
                }
                out.push(',');
            }
            out.push('}');
        }
        TypeDefKind::Enum(e) => {
            let _ = write!(out, "enum{{{}}}", e.cases.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","));
        }
        TypeDefKind::Flags(f) => {
            let _ = write!(out, "flags{{{}}}", f.flags.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","));
        }
        TypeDefKind::Resource => {
            let _ = write!(out, "resource {}", def.name.as_deref().unwrap_or(""));
        }
        TypeDefKind::Handle(Handle::Own(x)) => {
            out.push_str("own<");
            inner(&Type::Id(*x), out);
            out.push('>');
        }
        TypeDefKind::Handle(Handle::Borrow(x)) => {
            out.push_str("borrow<");
            inner(&Type::Id(*x), out);
            out.push('>');
        }
        _ => {
            let _ = write!(out, "{}", display(r, t));
        }
    }
}

fn free(f: &Function) -> bool {
    matches!(f.kind, FunctionKind::Freestanding | FunctionKind::AsyncFreestanding)
}

fn owner(f: &Function) -> Option<TypeId> {
    match f.kind {
        FunctionKind::Method(r)
        | FunctionKind::AsyncMethod(r)
        | FunctionKind::Static(r)
        | FunctionKind::AsyncStatic(r)
        | FunctionKind::Constructor(r) => Some(r),
        _ => None,
    }
}

fn method_kind(f: &Function) -> &'static str {
    match f.kind {
        FunctionKind::Constructor(_) => "constructor",
        FunctionKind::Static(_) | FunctionKind::AsyncStatic(_) => "static",
        _ => "method",
    }
}

fn kind_name(k: &TypeDefKind) -> &'static str {
    match k {
        TypeDefKind::Record(_) => "a record",
        TypeDefKind::Resource => "a resource",
        TypeDefKind::Handle(_) => "a handle",
        TypeDefKind::Flags(_) => "flags",
        TypeDefKind::Tuple(_) => "a tuple",
        TypeDefKind::Variant(_) => "a variant",
        TypeDefKind::Enum(_) => "an enum",
        TypeDefKind::Option(_) => "an option",
        TypeDefKind::Result(_) => "a result",
        TypeDefKind::List(_) => "a list",
        TypeDefKind::Type(_) => "an alias",
        _ => "another kind",
    }
}

/// The item of `items` (in resolve `r`) matching `key` of resolve `kr`.
fn find<'a>(
    r: &Resolve,
    items: &'a indexmap::IndexMap<WorldKey, WorldItem>,
    kr: &Resolve,
    key: &WorldKey,
) -> Option<&'a WorldItem> {
    let wanted = kr.name_world_key(key);
    let unversioned = crate::names::unversioned;
    items
        .iter()
        .find(|(k, _)| r.name_world_key(k) == wanted)
        .or_else(|| items.iter().find(|(k, _)| unversioned(&r.name_world_key(k)) == unversioned(&wanted)))
        .map(|(_, v)| v)
}
