//! WIT text out: the main package, one world, or a folder of files.
//!
//! Printing goes through wit-component's `WitPrinter`, whose output is
//! canonical: printing, parsing and printing again gives the same text (the
//! test suite checks this for every fixture and every built-in package).

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::Result;
use wit_component::WitPrinter;
use wit_parser::{InterfaceId, PackageId, Resolve, Type, TypeDefKind, TypeOwner, WorldId, WorldItem};

use crate::{Wit, package_file_stem};

/// How to print.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// Print doc comments (`///`).
    pub docs: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions { docs: true }
    }
}

/// The main package followed by the packages nested in its files.
pub fn package(wit: &Wit, opts: &PrintOptions) -> Result<String> {
    print(&wit.resolve, wit.package, &wit.nested, opts)
}

/// The main package followed by every other package it depends on, as
/// nested `package x:y { ... }` blocks: one self-contained text that parses
/// with no `deps/` (what `wasm-tools component wit` prints for a folder).
///
/// The other packages come in a canonical order that depends only on what
/// they are, not on how they were loaded: each after the packages it uses,
/// and otherwise by name. (The `Resolve` orders them as they were found and
/// by dependencies that `@unstable` items may have had, so printing in its
/// order would not give the same text back.)
pub fn all_packages(wit: &Wit, opts: &PrintOptions) -> Result<String> {
    let others: Vec<PackageId> = canonical_order(&wit.resolve).into_iter().filter(|id| *id != wit.package).collect();
    print(&wit.resolve, wit.package, &others, opts)
}

/// Every package, each after the packages it uses, ties broken by name.
fn canonical_order(resolve: &Resolve) -> Vec<PackageId> {
    fn visit(resolve: &Resolve, id: PackageId, done: &mut BTreeSet<PackageId>, order: &mut Vec<PackageId>) {
        if !done.insert(id) {
            return;
        }
        let mut deps: Vec<PackageId> = resolve.package_direct_deps(id).collect();
        deps.sort_by_key(|d| name_key(resolve, *d));
        for dep in deps {
            visit(resolve, dep, done, order);
        }
        order.push(id);
    }
    let mut all: Vec<PackageId> = resolve.packages.iter().map(|(id, _)| id).collect();
    all.sort_by_key(|id| name_key(resolve, *id));
    let (mut done, mut order) = (BTreeSet::new(), Vec::new());
    for id in all {
        visit(resolve, id, &mut done, &mut order);
    }
    order
}

fn name_key(resolve: &Resolve, id: PackageId) -> (String, String, Option<semver::Version>) {
    let name = &resolve.packages[id].name;
    (name.namespace.clone(), name.name.clone(), name.version.clone())
}

fn print(resolve: &Resolve, pkg: PackageId, nested: &[PackageId], opts: &PrintOptions) -> Result<String> {
    // Each package is printed on its own so that nested `package x:y { }`
    // blocks are separated from what precedes them by a blank line.
    let mut text = String::new();
    for (i, id) in std::iter::once(pkg).chain(nested.iter().copied()).enumerate() {
        printable(resolve, id)?;
        let mut printer = WitPrinter::default();
        printer.emit_docs(opts.docs);
        printer.print_package(resolve, id, i == 0)?;
        let part = printer.output.to_string();
        if i > 0 {
            text.push('\n');
        }
        text.push_str(part.trim_end());
        text.push('\n');
    }
    Ok(text)
}

/// Refuses a package with a type WIT cannot spell. WIT names a type of
/// another interface with `use <interface path>.{name}`, so the interface
/// must have a path: an instance a component imports or exports under a
/// plain name (`import host: interface { ... }`) has none, and neither has a
/// world. Components can still alias such types (wasm-compose makes them);
/// wit-component's printer would panic on them.
fn printable(resolve: &Resolve, pkg: PackageId) -> Result<()> {
    for (_, ty) in resolve.types.iter() {
        let TypeDefKind::Type(Type::Id(other)) = ty.kind else { continue };
        let target = &resolve.types[other];
        if ty.owner == target.owner || owner_package(resolve, ty.owner) != Some(pkg) {
            continue;
        }
        let path = match target.owner {
            TypeOwner::None => continue,
            TypeOwner::Interface(i) => {
                let iface = &resolve.interfaces[i];
                iface.name.is_some() && iface.package.is_some()
            }
            TypeOwner::World(_) => false,
        };
        if !path {
            anyhow::bail!(
                "cannot print package `{}` as WIT: type `{}` of {} is type `{}` of {}, which has no interface path \
                 for a `use` (WIT can only `use` types of named interfaces)",
                resolve.packages[pkg].name,
                ty.name.as_deref().unwrap_or("?"),
                describe_owner(resolve, ty.owner),
                target.name.as_deref().unwrap_or("?"),
                describe_owner(resolve, target.owner),
            );
        }
    }
    Ok(())
}

fn owner_package(resolve: &Resolve, owner: TypeOwner) -> Option<PackageId> {
    match owner {
        TypeOwner::Interface(i) => resolve.interfaces[i].package,
        TypeOwner::World(w) => resolve.worlds[w].package,
        TypeOwner::None => None,
    }
}

/// `interface `name``, `world `name``, or for an unnamed interface the
/// world item that holds it: `import `host` of world `root``.
fn describe_owner(resolve: &Resolve, owner: TypeOwner) -> String {
    match owner {
        TypeOwner::World(w) => format!("world `{}`", resolve.worlds[w].name),
        TypeOwner::Interface(i) => {
            if let Some(name) = &resolve.interfaces[i].name {
                return format!("interface `{name}`");
            }
            for (_, world) in resolve.worlds.iter() {
                for (kind, items) in [("import", &world.imports), ("export", &world.exports)] {
                    for (key, item) in items {
                        if matches!(item, WorldItem::Interface { id, .. } if *id == i) {
                            return format!("{kind} `{}` of world `{}`", resolve.name_world_key(key), world.name);
                        }
                    }
                }
            }
            "an unnamed interface".to_string()
        }
        TypeOwner::None => "no interface".to_string(),
    }
}

/// The package that holds `world`, reduced to that world and the interfaces
/// of the same package that it uses, so the output is still valid WIT.
pub fn world(wit: &Wit, world: WorldId, opts: &PrintOptions) -> Result<String> {
    let mut resolve = wit.resolve.clone();
    let pkg = resolve.worlds[world].package.expect("worlds in a Resolve belong to a package");
    let keep = interfaces_used_by(&resolve, world);
    let package = &mut resolve.packages[pkg];
    package.worlds.retain(|_, id| *id == world);
    package.interfaces.retain(|_, id| keep.contains(id));
    print(&resolve, pkg, &[], opts)
}

/// Interfaces a world reaches through its items and through `use` between
/// interfaces.
fn interfaces_used_by(resolve: &Resolve, world: WorldId) -> BTreeSet<InterfaceId> {
    let w = &resolve.worlds[world];
    let mut todo: Vec<InterfaceId> = Vec::new();
    for item in w.imports.values().chain(w.exports.values()) {
        match item {
            WorldItem::Interface { id, .. } => todo.push(*id),
            WorldItem::Type { id, .. } => todo.extend(owner_of_alias(resolve, *id)),
            WorldItem::Function { .. } => {}
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for ty in resolve.interfaces[id].types.values() {
            todo.extend(owner_of_alias(resolve, *ty));
        }
    }
    seen
}

fn owner_of_alias(resolve: &Resolve, ty: wit_parser::TypeId) -> Option<InterfaceId> {
    match resolve.types[ty].kind {
        TypeDefKind::Type(Type::Id(other)) => match resolve.types[other].owner {
            TypeOwner::Interface(i) => Some(i),
            _ => None,
        },
        _ => None,
    }
}

/// The files `--out-dir` writes: the main package (with its nested packages)
/// as `<ns>-<name>@<version>.wit`, and every other package it depends on as
/// `deps/<ns>-<name>@<version>.wit`. The folder loads back with `weld wit`.
pub fn out_dir_files(wit: &Wit, opts: &PrintOptions) -> Result<Vec<(PathBuf, String)>> {
    let resolve = &wit.resolve;
    let mut files = Vec::new();
    let main_name = &resolve.packages[wit.package].name;
    files.push((PathBuf::from(format!("{}.wit", package_file_stem(main_name))), package(wit, opts)?));
    for (id, pkg) in resolve.packages.iter() {
        if id == wit.package || wit.nested.contains(&id) {
            continue;
        }
        let path = PathBuf::from("deps").join(format!("{}.wit", package_file_stem(&pkg.name)));
        files.push((path, print(resolve, id, &[], opts)?));
    }
    Ok(files)
}

/// The main package encoded as a wasm WIT package (a component holding only
/// type information), as `wasm-tools component wit --wasm` writes it.
pub fn wasm(wit: &Wit) -> Result<Vec<u8>> {
    wit_component::encode(&wit.resolve, wit.package)
}

/// The text format of `bytes`.
pub fn wat(bytes: &[u8]) -> Result<String> {
    wasmprinter::print_bytes(bytes)
}
