//! `weld build`: every component of a `weld.toml` project with its real
//! toolchain, in parallel and only when its inputs changed, then the
//! composition.
//!
//! A component's inputs are hashed (its sources, the WIT folder, its
//! options, the toolchain's version and weld's version); when the hash
//! matches the one stored beside the last build, the component is fresh and
//! is not rebuilt.

pub mod check;
pub mod manifest;
mod steps;
pub mod target;
pub mod toolchain;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

use manifest::{Component, Language, Loaded};

/// What happened to one component.
#[derive(Debug, Clone)]
pub enum State {
    Fresh,
    Built(Duration),
}

/// Progress messages, as `weld build` shows them.
pub enum Event<'a> {
    Started { name: &'a str, lang: &'a str },
    Finished { name: &'a str, state: &'a State },
    Composing,
}

pub struct Options {
    pub release: bool,
    /// Put the app (and the build folder) here instead of where the
    /// manifest's `output` says.
    pub out_dir: Option<PathBuf>,
    /// Where toolchains are found and the shared cache is.
    pub folders: toolchain::Folders,
    /// Keep every copy of core modules members share (the manifest's
    /// `[compose] dedupe = false` does the same).
    pub no_dedupe: bool,
}

/// The result of a build.
pub struct Built {
    pub output: PathBuf,
    pub components: Vec<(String, State)>,
    pub compose: Option<Duration>,
    /// Imports the app leaves for the host.
    pub imports: Vec<String>,
}

/// Builds the project of `loaded`.
pub fn build(loaded: &Loaded, opts: &Options, progress: &(dyn Fn(Event<'_>) + Sync)) -> Result<Built> {
    let m = &loaded.manifest;
    let project = loaded.project()?;
    let wit_dir = loaded.resolve(&project.wit);
    let wit = weld_wit::load(
        &[weld_wit::Input::Path(wit_dir.clone())],
        &weld_wit::LoadOptions { features: Vec::new(), all_features: false, builtin: true },
    )
    .with_context(|| format!("failed to read the project's WIT `{}`", wit_dir.display()))?;
    let output = match &opts.out_dir {
        Some(dir) => dir.join(project.output.file_name().unwrap_or(std::ffi::OsStr::new("app.wasm"))),
        None => loaded.resolve(&project.output),
    };
    let build_dir = output.parent().unwrap_or(Path::new(".")).join(".weld");
    let profile = if opts.release { "release" } else { "debug" };

    // Find every toolchain first, so a missing one is reported before work.
    let mut langs: Vec<Language> = m.components.iter().map(|c| c.language).collect();
    langs.sort_by_key(|l| l.name());
    langs.dedup();
    let found = toolchain::find_all(&langs, &opts.folders);
    let mut tools = Vec::new();
    let mut missing = Vec::new();
    for c in &m.components {
        match &found.iter().find(|(l, _)| *l == c.language).expect("every language was searched").1 {
            Ok(t) => tools.push(t.clone()),
            Err(why) => missing.push(format!("component `{}` ({}): {why}", c.name, c.language.name())),
        }
    }
    if !missing.is_empty() {
        bail!("missing toolchains:\n  {}", missing.join("\n  "));
    }
    let wit_hash = hash_tree(&wit_dir)?;

    // Which components are fresh is decided in manifest order, so the
    // progress lines come out in a stable order; the stale ones then build in
    // parallel.
    let mut plans = Vec::new();
    for (c, tool) in m.components.iter().zip(&tools) {
        let plan = plan_one(loaded, c, tool, &wit_hash, &build_dir, profile)?;
        if plan.fresh {
            progress(Event::Finished { name: &c.name, state: &State::Fresh });
        } else {
            progress(Event::Started { name: &c.name, lang: c.language.name() });
        }
        plans.push(plan);
    }
    let results: Mutex<Vec<(usize, Result<Output>)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for (i, ((c, tool), plan)) in m.components.iter().zip(&tools).zip(&plans).enumerate() {
            let (wit, wit_dir, results) = (&wit, &wit_dir, &results);
            if plan.fresh {
                results.lock().unwrap().push((i, Ok((plan.component.clone(), plan.stamp.clone(), State::Fresh))));
                continue;
            }
            s.spawn(move || {
                let r = run_one(c, tool, wit, wit_dir, plan, opts, progress);
                results.lock().unwrap().push((i, r));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    let mut errors = Vec::new();
    let mut built = Vec::new();
    for ((_, r), c) in results.into_iter().zip(&m.components) {
        match r {
            Ok((path, stamp, state)) => built.push((c, path, stamp, state)),
            Err(e) => errors.push(format!("component `{}` ({}): {e:#}", c.name, c.language.name())),
        }
    }
    if !errors.is_empty() {
        bail!(
            "{} component{} failed to build:\n{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            errors.join("\n")
        );
    }

    // The app is fresh when every component and the composition are.
    let mut h = blake3::Hasher::new();
    for (c, _, stamp, _) in &built {
        h.update(c.name.as_bytes());
        h.update(stamp.as_bytes());
    }
    if let Some(compose) = &m.compose {
        match (&compose.wac, &compose.plug) {
            (Some(wac), _) => h.update(hash_tree(&loaded.resolve(wac))?.as_bytes()),
            (None, Some(p)) => h.update(p.root.as_bytes()),
            (None, None) => &mut h,
        };
        let share = !opts.no_dedupe && compose.dedupe != Some(false);
        h.update(if share { b"dedupe" } else { b"keep-copies" });
    }
    let app_stamp = h.finalize().to_hex().to_string();
    let app_stamp_path = build_dir.join(format!("{profile}.app.hash"));
    let imports_path = build_dir.join(format!("{profile}.app.imports"));
    if std::fs::read_to_string(&app_stamp_path).ok().as_deref() == Some(app_stamp.as_str()) && output.exists() {
        let imports = std::fs::read_to_string(&imports_path).unwrap_or_default().lines().map(String::from).collect();
        let components = built.into_iter().map(|(c, _, _, s)| (c.name.clone(), s)).collect();
        return Ok(Built { output, components, compose: None, imports });
    }
    let mut loaded_parts = Vec::new();
    for (c, path, _, state) in &built {
        let bytes = std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
        loaded_parts.push((*c, bytes, state.clone()));
    }
    let start = Instant::now();
    let (bytes, imports, compose) = match &m.compose {
        None if loaded_parts.len() == 1 => (loaded_parts[0].1.clone(), Vec::new(), None),
        None => bail!("{}: several components but no `[compose]` table", loaded.path.display()),
        Some(compose) => {
            progress(Event::Composing);
            let mut composed = compose_app(loaded, compose, &loaded_parts, &build_dir)?;
            if !opts.no_dedupe && compose.dedupe != Some(false) {
                composed.share_modules()?;
            }
            (composed.bytes, composed.imports, Some(start.elapsed()))
        }
    };
    if compose.is_none() {
        // A composition is validated as it is encoded; a lone component here.
        weld_component::validate("the app", &bytes)?;
    }
    write_if_changed(&output, &bytes)?;
    std::fs::write(&imports_path, imports.join("\n"))?;
    std::fs::write(&app_stamp_path, &app_stamp)?;
    let built = loaded_parts;
    Ok(Built { output, components: built.into_iter().map(|(c, _, s)| (c.name.clone(), s)).collect(), compose, imports })
}

/// A built component: its file, its inputs' hash and what was done.
type Output = (PathBuf, String, State);

/// Where a component is built and whether it is fresh.
struct PlanOne {
    sources: Vec<PathBuf>,
    work: PathBuf,
    component: PathBuf,
    stamp: String,
    fresh: bool,
}

fn plan_one(
    loaded: &Loaded,
    c: &Component,
    tool: &toolchain::Found,
    wit_hash: &str,
    build_dir: &Path,
    profile: &str,
) -> Result<PlanOne> {
    let sources: Vec<PathBuf> = c.sources.iter().map(|s| loaded.resolve(s)).collect();
    for s in &sources {
        if !s.exists() {
            bail!("component `{}`: source `{}` does not exist", c.name, s.display());
        }
    }
    let work = build_dir.join(profile).join(&c.name);
    let component = work.join(format!("{}.wasm", c.name));
    let mut h = blake3::Hasher::new();
    h.update(generator_id().as_bytes());
    h.update(wit_hash.as_bytes());
    h.update(
        format!("{:?}|{}|{}|{:?}|{}|{}", c.language, c.world, c.package(), c.flags, tool.version, profile).as_bytes(),
    );
    for s in &sources {
        h.update(hash_tree(s)?.as_bytes());
    }
    let stamp = h.finalize().to_hex().to_string();
    let fresh =
        std::fs::read_to_string(work.join("inputs.hash")).ok().as_deref() == Some(stamp.as_str()) && component.exists();
    Ok(PlanOne { sources, work, component, stamp, fresh })
}

/// What stands for weld's own code in a component's freshness stamp: its
/// version, and the size and modification time of the running executable,
/// so that a rebuilt weld (same version, new bindings generator: a
/// development build) rebuilds components once instead of keeping their
/// stale outputs. Stable across runs of one executable.
fn generator_id() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
    let (size, mtime) = exe
        .map(|m| {
            let t = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            (m.len(), t.map_or(0, |t| t.as_nanos()))
        })
        .unwrap_or_default();
    format!("{}|{size}|{mtime}", env!("CARGO_PKG_VERSION"))
}

fn run_one(
    c: &Component,
    tool: &toolchain::Found,
    wit: &weld_wit::Wit,
    wit_dir: &Path,
    plan: &PlanOne,
    opts: &Options,
    progress: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Output> {
    let start = Instant::now();
    let ctx =
        steps::Ctx { wit: wit_dir, work: &plan.work, release: opts.release, resolve: wit, folders: &opts.folders };
    let bytes = steps::build(c, tool, &ctx, &plan.sources)?;
    write_if_changed(&plan.component, &bytes)?;
    std::fs::write(plan.work.join("inputs.hash"), &plan.stamp)?;
    let state = State::Built(start.elapsed());
    progress(Event::Finished { name: &c.name, state: &state });
    Ok((plan.component.clone(), plan.stamp.clone(), state))
}

fn compose_app(
    loaded: &Loaded,
    compose: &manifest::Compose,
    built: &[(&Component, Vec<u8>, State)],
    build_dir: &Path,
) -> Result<weld_compose::Composed> {
    if let Some(wac) = &compose.wac {
        // The WAC names components by package: lay them out as a deps folder.
        let deps = build_dir.join("deps");
        for (c, bytes, _) in built {
            let pkg = c.package();
            let (ns, name) = pkg
                .split_once(':')
                .ok_or_else(|| anyhow!("component `{}`: package `{pkg}` is not `ns:name`", c.name))?;
            write_if_changed(&deps.join(ns).join(format!("{name}.wasm")), bytes)?;
        }
        let path = loaded.resolve(wac);
        let source = std::fs::read_to_string(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
        let packages = weld_compose::packages::PackageSource { deps: Vec::new(), dir: Some(deps) };
        return weld_compose::wac::compose(&path.display().to_string(), &source, &packages, false);
    }
    let root = &compose.plug.as_ref().expect("checked when loading").root;
    let part = |c: &Component, bytes: &[u8]| weld_compose::plug::Part {
        path: PathBuf::from(format!("{}.wasm", c.name)),
        bytes: bytes.to_vec(),
    };
    let socket =
        built.iter().find(|(c, ..)| &c.name == root).map(|(c, b, _)| part(c, b)).expect("checked when loading");
    let plugs = built.iter().filter(|(c, ..)| &c.name != root).map(|(c, b, _)| part(c, b)).collect();
    let (_, composed) = weld_compose::plug::plug(socket, plugs, true, false)?;
    composed.ok_or_else(|| anyhow!("plugging produced no component"))
}

/// A hash of a file, or of every file under a folder (sorted, with paths).
fn hash_tree(path: &Path) -> Result<String> {
    let mut h = blake3::Hasher::new();
    let mut files = Vec::new();
    collect(path, &mut files)?;
    files.sort();
    for f in files {
        h.update(f.to_string_lossy().as_bytes());
        h.update(&std::fs::read(&f).with_context(|| format!("failed to read `{}`", f.display()))?);
    }
    Ok(h.finalize().to_hex().to_string())
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        for e in std::fs::read_dir(path)? {
            let p = e?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "target" || name == "__pycache__" || name.starts_with('.') {
                continue;
            }
            collect(&p, out)?;
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Writes through a temporary file, and not at all when nothing changed.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::read(path).ok().as_deref() == Some(bytes) {
        return Ok(());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    // A temporary file is private (0600); the output gets what a plain
    // write would give it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms =
            std::fs::metadata(path).map(|m| m.permissions()).unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        let _ = tmp.as_file().set_permissions(perms);
    }
    tmp.persist(path).map_err(|e| anyhow!("failed to write `{}`: {}", path.display(), e.error))?;
    Ok(())
}
