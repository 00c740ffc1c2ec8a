//! What a world imports and exports, in the order every language emits it.

use wit_parser::{Function, InterfaceId, PackageId, Resolve, TypeId, WorldId, WorldItem, WorldKey};

/// A world, split into scopes: one per interface, plus the world's own
/// functions and types.
pub struct World<'a> {
    pub resolve: &'a Resolve,
    pub id: WorldId,
    pub name: &'a str,
    pub scopes: Vec<Scope<'a>>,
}

/// An interface imported or exported by the world, or the world's own
/// imported or exported functions and types (`iface == None`).
pub struct Scope<'a> {
    pub export: bool,
    pub iface: Option<InterfaceId>,
    /// The interface's name in the world (`ns:pkg/iface@1.0.0`, or the plain
    /// name of an inline interface); `None` for the world's own items.
    pub key: Option<String>,
    /// The plain name as written in the world (`iface`).
    pub short: Option<String>,
    pub types: Vec<(&'a str, TypeId)>,
    pub funcs: Vec<&'a Function>,
}

/// A function with the scope it belongs to.
pub struct FuncRef<'s, 'a> {
    pub scope: &'s Scope<'a>,
    pub func: &'a Function,
}

impl<'a> World<'a> {
    pub fn new(resolve: &'a Resolve, id: WorldId) -> Self {
        let world = &resolve.worlds[id];
        let mut scopes = Vec::new();
        for (export, items) in [(false, &world.imports), (true, &world.exports)] {
            let mut own = Scope { export, iface: None, key: None, short: None, types: vec![], funcs: vec![] };
            for (key, item) in items {
                match item {
                    WorldItem::Interface { id, .. } => {
                        let iface = &resolve.interfaces[*id];
                        let short = match key {
                            WorldKey::Name(n) => n.clone(),
                            WorldKey::Interface(_) => iface.name.clone().unwrap_or_default(),
                        };
                        scopes.push(Scope {
                            export,
                            iface: Some(*id),
                            key: Some(resolve.name_world_key(key)),
                            short: Some(short),
                            types: iface.types.iter().map(|(n, t)| (n.as_str(), *t)).collect(),
                            funcs: iface.functions.values().collect(),
                        });
                    }
                    WorldItem::Function(f) => own.funcs.push(f),
                    WorldItem::Type { id, .. } => {
                        if let Some(name) = &resolve.types[*id].name {
                            own.types.push((name.as_str(), *id));
                        }
                    }
                }
            }
            if !own.funcs.is_empty() || !own.types.is_empty() {
                scopes.push(own);
            }
        }
        World { resolve, id, name: &world.name, scopes }
    }

    pub fn functions(&self) -> impl Iterator<Item = FuncRef<'_, 'a>> {
        self.scopes.iter().flat_map(|scope| scope.funcs.iter().map(move |func| FuncRef { scope, func }))
    }

    pub fn all_types(&self) -> impl Iterator<Item = TypeId> + '_ {
        self.scopes.iter().flat_map(|s| s.types.iter().map(|(_, t)| *t))
    }

    pub fn exports_interface(&self, id: InterfaceId) -> bool {
        self.scopes.iter().any(|s| s.export && s.iface == Some(id))
    }

    /// Whether the parts of type `id`, met on the export side (`export`) or
    /// not, are the export side's: a type of the world, or of an interface
    /// the world only imports, is made of imported types even when an
    /// export uses it (a world-level `use` of an interface also exported
    /// names the imported one). Anonymous types (`None`) keep the side.
    pub fn export_side(&self, id: Option<TypeId>, export: bool) -> bool {
        let Some(id) = id else { return export };
        match self.resolve.types[id].owner {
            wit_parser::TypeOwner::Interface(i) => export && self.exports_interface(i),
            wit_parser::TypeOwner::World(_) => false,
            wit_parser::TypeOwner::None => export,
        }
    }

    /// Whether handle type `handle` (`own<r>` or `borrow<r>`), met on the
    /// export side (`export`) or not, is a handle to the exported copy of
    /// its resource. It is when the resource's interface is exported and no
    /// link from the handle to the resource is the world's or an imported
    /// interface's: a world-level `use` of an interface the world also
    /// exports names the imported resource, even in an exported function.
    pub fn handle_exported(&self, handle: TypeId, export: bool) -> bool {
        use wit_parser::{Handle, Type, TypeDefKind, TypeOwner};
        if !export {
            return false;
        }
        let mut id = match self.resolve.types[handle].kind {
            TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => r,
            _ => handle,
        };
        loop {
            let def = &self.resolve.types[id];
            match def.owner {
                TypeOwner::Interface(i) if self.exports_interface(i) => {}
                TypeOwner::None => {}
                _ => return false,
            }
            match def.kind {
                TypeDefKind::Type(Type::Id(next)) => id = next,
                TypeDefKind::Resource => return true,
                _ => return false,
            }
        }
    }

    /// The scope that defines type `id` (its interface, or the world).
    pub fn scope_of(&self, id: TypeId, export: bool) -> Option<&Scope<'a>> {
        match self.resolve.types[id].owner {
            wit_parser::TypeOwner::Interface(i) => {
                let exported = self.exports_interface(i) && export;
                self.scopes
                    .iter()
                    .find(|s| s.iface == Some(i) && s.export == exported)
                    .or_else(|| self.scopes.iter().find(|s| s.iface == Some(i)))
            }
            _ => self.scopes.iter().find(|s| s.iface.is_none() && !s.export),
        }
    }
}

impl Scope<'_> {
    /// The core import module of this scope's functions.
    pub fn import_module(&self) -> String {
        self.key.clone().unwrap_or_else(|| "$root".to_string())
    }

    /// The core import module of an exported interface's resource intrinsics.
    pub fn export_intrinsics_module(&self) -> String {
        format!("[export]{}", self.import_module())
    }

    /// The core export name of `func` in this scope.
    pub fn export_name(&self, func: &Function) -> String {
        func.legacy_core_export_name(self.key.as_deref()).into_owned()
    }

    /// The core export name of resource `name`'s destructor.
    pub fn dtor_name(&self, name: &str) -> String {
        match &self.key {
            Some(k) => format!("{k}#[dtor]{name}"),
            None => format!("[dtor]{name}"),
        }
    }
}

impl FuncRef<'_, '_> {
    pub fn owner_name(&self, _resolve: &Resolve) -> String {
        match &self.scope.key {
            Some(k) => format!("interface `{k}`"),
            None => "the world".to_string(),
        }
    }
}

/// The version of package `pkg` as a part of a name (`1_0_0` for `1.0.0`)
/// when the resolve holds another version of the same package, so that
/// `foo:bar/i@1.0.0` and `foo:bar/i@2.0.0` get different names (as in
/// wit-bindgen); `None` for a package known in one version only.
pub fn version_suffix(resolve: &Resolve, pkg: PackageId) -> Option<String> {
    let name = &resolve.packages[pkg].name;
    let version = name.version.as_ref()?;
    let others = resolve
        .packages
        .iter()
        .any(|(_, p)| p.name.namespace == name.namespace && p.name.name == name.name && p.name.version != name.version);
    others.then(|| version.to_string().replace(['.', '-', '+'], "_"))
}
