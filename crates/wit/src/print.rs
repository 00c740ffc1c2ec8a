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
/// The other packages come in name order, not in the order they were
/// loaded: a package decoded from wasm lists its dependencies in the order
/// of first use, and parsing the text back lists them in another, so only a
/// fixed order prints back identically (found by `weld-fuzz`, seed 1037).
pub fn all_packages(wit: &Wit, opts: &PrintOptions) -> Result<String> {
    let mut others: Vec<PackageId> =
        wit.resolve.packages.iter().map(|(id, _)| id).filter(|id| *id != wit.package).collect();
    others.sort_by_key(|id| wit.resolve.packages[*id].name.to_string());
    print(&wit.resolve, wit.package, &others, opts)
}

fn print(resolve: &Resolve, pkg: PackageId, nested: &[PackageId], opts: &PrintOptions) -> Result<String> {
    // Each package is printed on its own so that nested `package x:y { }`
    // blocks are separated from what precedes them by a blank line.
    let mut text = String::new();
    for (i, id) in std::iter::once(pkg).chain(nested.iter().copied()).enumerate() {
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
