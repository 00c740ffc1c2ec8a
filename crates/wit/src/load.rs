//! Turning inputs into a resolved [`Wit`].
//!
//! wit-parser's own `Resolve::push_path` reads folders in directory order and
//! cannot fall back to built-in packages, so weld walks the inputs itself:
//! every WIT text source becomes an `UnresolvedPackageGroup`, wasm-encoded
//! packages are merged first, the built-in packages that are still missing
//! are added (transitively), and `Resolve::push_groups` sorts and resolves
//! the lot. Files are always read in name order, so the same inputs give the
//! same `Resolve` and the same output bytes.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use wit_parser::decoding::{DecodedWasm, decode};
use wit_parser::{PackageName, Resolve, SourceMap, UnresolvedPackageGroup};

use crate::comments::blank_plain_comments;
use crate::location::WitError;
use crate::{Input, InputKind, LoadOptions, Wit, builtin};

/// What one input contributed.
enum Loaded {
    /// WIT text: the group for the input itself plus its `deps/` groups.
    Text { main: UnresolvedPackageGroup, deps: Vec<UnresolvedPackageGroup>, wasm_deps: Vec<Resolve> },
    /// A wasm-encoded WIT package.
    Package(Resolve, wit_parser::PackageId),
    /// A component and its world.
    Component(Resolve, wit_parser::WorldId),
}

/// Loads and resolves `inputs`. The first input is the main package; further
/// inputs add packages that the main one (or each other) may use.
pub fn load(inputs: &[Input], opts: &LoadOptions) -> Result<Wit> {
    let Some((first, rest)) = inputs.split_first() else {
        bail!("no WIT input given");
    };
    let main = load_one(first)?;
    let mut resolve = Resolve {
        features: opts.features.iter().cloned().collect(),
        all_features: opts.all_features,
        ..Resolve::default()
    };

    let mut groups = Vec::new();
    let mut wasm_deps = Vec::new();
    for extra in rest {
        match load_one(extra)? {
            Loaded::Text { main, deps, wasm_deps: w } => {
                groups.push(main);
                groups.extend(deps);
                wasm_deps.extend(w);
            }
            Loaded::Package(r, _) => wasm_deps.push(r),
            Loaded::Component(..) => {
                bail!("`{}` is a component; only the first input may be a component", extra.display())
            }
        }
    }

    let (main_group, kind) = match main {
        Loaded::Component(r, world) => {
            if !rest.is_empty() {
                bail!("`{}` is a component and cannot be combined with other inputs", first.display());
            }
            let package = r.worlds[world].package.context("component world has no package")?;
            let nested = r.packages.iter().map(|(id, _)| id).filter(|id| *id != package).collect();
            return Ok(Wit { resolve: r, package, nested, kind: InputKind::Component, world: Some(world) });
        }
        Loaded::Package(r, pkg) => {
            let name = r.packages[pkg].name.clone();
            for dep in wasm_deps {
                resolve.merge(dep).context("failed to merge WIT packages")?;
            }
            resolve.merge(r).context("failed to merge WIT packages")?;
            let package = resolve.package_names[&name];
            // Text inputs after a wasm package only add packages.
            for g in groups {
                resolve.push_group(g).map_err(|e| WitError::from_parser(&resolve.source_map, e.into()))?;
            }
            // Gates the printed text could not carry (found by `weld-fuzz`).
            crate::validate::check(&resolve)?;
            return Ok(Wit { resolve, package, nested: Vec::new(), kind: InputKind::WasmPackage, world: None });
        }
        Loaded::Text { main, deps, wasm_deps: w } => {
            groups.extend(deps);
            wasm_deps.extend(w);
            (main, InputKind::Text)
        }
    };

    for dep in wasm_deps {
        resolve.merge(dep).context("failed to merge a wasm-encoded WIT dependency")?;
    }

    if opts.builtin {
        add_builtins(&resolve, &main_group, &mut groups)?;
    }

    let main_name = main_group.main.name.clone();
    let nested_names: Vec<PackageName> = main_group.nested.iter().map(|p| p.name.clone()).collect();
    let missing_hint = missing_package_hint(&resolve, &main_group, &groups);
    resolve.push_groups(main_group, groups).map_err(|e| {
        let err = WitError::from_parser(&resolve.source_map, e.into());
        match &missing_hint {
            Some(hint) => err.with_help(hint),
            None => err,
        }
    })?;
    crate::validate::check(&resolve)?;
    let package = resolve.package_names[&main_name];
    let nested = nested_names.iter().map(|n| resolve.package_names[n]).collect();
    Ok(Wit { resolve, package, nested, kind, world: None })
}

/// Adds built-in packages that `main` and `groups` refer to and that are not
/// available otherwise, following the built-in packages' own references.
fn add_builtins(
    resolve: &Resolve,
    main: &UnresolvedPackageGroup,
    groups: &mut Vec<UnresolvedPackageGroup>,
) -> Result<()> {
    let mut available = available(resolve, main, groups);
    let mut wanted: Vec<PackageName> = std::iter::once(main).chain(groups.iter()).flat_map(foreign).collect();
    while let Some(name) = wanted.pop() {
        if available.contains(&name) {
            continue;
        }
        available.insert(name.clone());
        let Some(pkg) = builtin::find(&name.to_string()) else {
            continue;
        };
        let group = pkg.parse()?;
        wanted.extend(foreign(&group));
        groups.push(group);
    }
    Ok(())
}

/// Names of the packages already in `resolve` or defined by the groups.
fn available(
    resolve: &Resolve,
    main: &UnresolvedPackageGroup,
    groups: &[UnresolvedPackageGroup],
) -> BTreeSet<PackageName> {
    let mut names: BTreeSet<PackageName> = resolve.package_names.keys().cloned().collect();
    for g in std::iter::once(main).chain(groups) {
        names.extend(group_names(g));
    }
    names
}

fn group_names(g: &UnresolvedPackageGroup) -> impl Iterator<Item = PackageName> + '_ {
    std::iter::once(&g.main).chain(&g.nested).map(|p| p.name.clone())
}

fn foreign(g: &UnresolvedPackageGroup) -> Vec<PackageName> {
    std::iter::once(&g.main).chain(&g.nested).flat_map(|p| p.foreign_deps.keys().cloned()).collect()
}

/// When a package is referenced that nobody provides, says which versions
/// weld carries of it (if any) and how to vendor it.
fn missing_package_hint(
    resolve: &Resolve,
    main: &UnresolvedPackageGroup,
    groups: &[UnresolvedPackageGroup],
) -> Option<String> {
    let available = available(resolve, main, groups);
    let missing: BTreeSet<PackageName> =
        std::iter::once(main).chain(groups).flat_map(foreign).filter(|n| !available.contains(n)).collect();
    let name = missing.into_iter().next()?;
    let base = format!("{}:{}", name.namespace, name.name);
    let versions = builtin::versions_of(&base);
    Some(if versions.is_empty() {
        format!("help: add the package `{name}` to a `deps/` folder next to the WIT, or pass it as another input")
    } else {
        format!(
            "help: weld carries `{base}` at {}; use one of those versions or add `{name}` to a `deps/` folder",
            versions.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
        )
    })
}

fn load_one(input: &Input) -> Result<Loaded> {
    match input {
        Input::Path(path) => {
            let meta = fs::metadata(path).with_context(|| format!("failed to read `{}`", path.display()))?;
            if meta.is_dir() {
                load_dir(path)
            } else {
                let bytes = fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
                load_bytes(&path.display().to_string(), &bytes)
            }
        }
        Input::Bytes { name, bytes } => load_bytes(name, bytes),
    }
}

fn load_dir(dir: &Path) -> Result<Loaded> {
    let main = parse_dir(dir)?;
    let mut deps = Vec::new();
    let mut wasm_deps = Vec::new();
    let deps_dir = dir.join("deps");
    if deps_dir.is_dir() {
        for entry in sorted_entries(&deps_dir)? {
            if entry.is_dir() {
                deps.push(parse_dir(&entry)?);
                continue;
            }
            match entry.extension().and_then(|e| e.to_str()) {
                Some("wit") | Some("wasm") | Some("wat") => {
                    let bytes = fs::read(&entry).with_context(|| format!("failed to read `{}`", entry.display()))?;
                    match load_bytes(&entry.display().to_string(), &bytes)? {
                        Loaded::Text { main, .. } => deps.push(main),
                        Loaded::Package(r, _) => wasm_deps.push(r),
                        Loaded::Component(..) => {
                            bail!("`{}` is a component, but `deps/` may only hold WIT packages", entry.display())
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(Loaded::Text { main, deps, wasm_deps })
}

fn sorted_entries(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut entries = fs::read_dir(dir)
        .and_then(|d| d.map(|e| e.map(|e| e.path())).collect::<std::io::Result<Vec<_>>>())
        .with_context(|| format!("failed to read folder `{}`", dir.display()))?;
    entries.sort();
    Ok(entries)
}

fn parse_dir(dir: &Path) -> Result<UnresolvedPackageGroup> {
    let mut map = SourceMap::new();
    let mut any = false;
    for path in sorted_entries(dir)? {
        if path.extension().is_some_and(|e| e == "wit") && !path.is_dir() {
            let text = read_text(&path)?;
            map.push(&path, blank_plain_comments(&text));
            any = true;
        }
    }
    if !any {
        bail!("no `*.wit` files found in folder `{}`", dir.display());
    }
    map.parse().map_err(|(map, e)| WitError::from_parser(&map, e.into()).or_at_file(&dir.display().to_string()).into())
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow!("`{}` is not valid UTF-8 (invalid byte at offset {})", path.display(), e.utf8_error().valid_up_to())
    })
}

fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded> {
    let wasm = match wat::Detect::from_bytes(bytes) {
        wat::Detect::WasmBinary => bytes.to_vec(),
        wat::Detect::WasmText => crate::parse_wat(name, bytes)?,
        wat::Detect::Unknown => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                anyhow!(
                    "`{name}` is neither WIT text nor WebAssembly: expected UTF-8 text or the `\\0asm` header, found invalid UTF-8 at byte {}",
                    e.valid_up_to()
                )
            })?;
            let mut map = SourceMap::new();
            map.push_str(name, blank_plain_comments(text));
            let group = map
                .parse()
                .map_err(|(map, e)| anyhow::Error::from(WitError::from_parser(&map, e.into()).or_at_file(name)))?;
            return Ok(Loaded::Text { main: group, deps: Vec::new(), wasm_deps: Vec::new() });
        }
    };
    if wasmparser::Parser::is_core_wasm(&wasm) {
        bail!(
            "`{name}` is a core wasm module, not a component or a WIT package\n\
             help: `weld new` turns a core module into a component"
        );
    }
    if !wasmparser::Parser::is_component(&wasm) {
        bail!("`{name}` has an unknown wasm header: expected a component (version 0x0d, layer 1)");
    }
    let decoded = decode(&wasm).map_err(|e| {
        let msg = format!("{e:#}");
        if msg.contains("unexpected end-of-file") {
            anyhow!("failed to decode `{name}`: {msg}\nhelp: the file ends early; it may be truncated")
        } else {
            anyhow!("failed to decode `{name}`: {msg}")
        }
    })?;
    Ok(match decoded {
        DecodedWasm::WitPackage(r, p) => Loaded::Package(r, p),
        DecodedWasm::Component(r, w) => Loaded::Component(r, w),
    })
}
