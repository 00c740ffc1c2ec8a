//! `weld push`, `weld pull`, `weld publish` and `weld fetch`: components
//! and WIT packages to and from OCI registries (see `weld-registry`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use weld_registry::fetch::{self, Source};
use weld_registry::{artifact, oci, reference};

const REGISTRY_HELP: &str =
    "Registries on loopback addresses (localhost, 127.0.0.1, [::1]) are reached over plain HTTP,
all others over TLS. Credentials: WELD_REGISTRY_USERNAME and WELD_REGISTRY_PASSWORD, else the
registry's `auths` entry in $DOCKER_CONFIG/config.json (default ~/.docker/config.json), as
`docker login` writes it; else none.";

/// Push a component to an OCI registry.
///
/// It is stored in the Wasm OCI layout that wkg, wasmtime, Spin, wasmCloud
/// and runwasi read: the artifact has one `application/wasm` layer (the component, byte for
/// byte) and a config of media type `application/vnd.wasm.config.v0+json`
/// naming the component's imports, exports and producers.
#[derive(Args)]
#[command(after_help = format!("Examples:

    $ weld push build/app.wasm localhost:5000/app:1.0.0
    $ weld push build/app.wasm ghcr.io/org/app:1.0.0

{REGISTRY_HELP}"))]
pub struct PushOpts {
    /// The component.
    #[arg(value_name = "APP.wasm")]
    input: PathBuf,
    /// Where to push it: `HOST[:PORT]/REPOSITORY:TAG`.
    #[arg(value_name = "REFERENCE")]
    reference: String,
}

impl PushOpts {
    pub fn run(self) -> Result<ExitCode> {
        let r = reference::parse(&self.reference).map_err(|e| crate::usage::error(e.to_string()))?;
        let bytes = read(&self.input)?;
        let s = settings();
        let a = artifact::component(&self.input.display().to_string(), bytes, s.source_date_epoch)?;
        let pushed = oci::push(&r, &a, &s)?;
        eprintln!("{:>12} {} ({} bytes)", "Pushed", r.whole(), pushed.size);
        println!("{}/{}@{}", r.resolve_registry(), r.repository(), pushed.manifest_digest);
        Ok(ExitCode::SUCCESS)
    }
}

/// Pull a component (or a wasm-encoded WIT package) from an OCI registry.
///
/// The layer's digest is checked before anything is written; `-o` is
/// written atomically, so a failed pull leaves no file.
#[derive(Args)]
#[command(after_help = format!("Examples:

    $ weld pull localhost:5000/app:1.0.0 -o app.wasm
    $ weld pull ghcr.io/org/app@sha256:... -o app.wasm && weld run app.wasm

{REGISTRY_HELP}"))]
pub struct PullOpts {
    /// What to pull: `HOST[:PORT]/REPOSITORY:TAG` or `...@sha256:DIGEST`.
    #[arg(value_name = "REFERENCE")]
    reference: String,
    /// Where to write it.
    #[arg(long, short = 'o', value_name = "APP.wasm")]
    output: PathBuf,
}

impl PullOpts {
    pub fn run(self) -> Result<ExitCode> {
        let r = reference::parse(&self.reference).map_err(|e| crate::usage::error(e.to_string()))?;
        let pulled = oci::pull(&r, &settings())?;
        crate::output::write_atomic(&self.output, &pulled.wasm)?;
        eprintln!("{:>12} {} ({} bytes, {})", "Pulled", r.whole(), pulled.wasm.len(), pulled.layer_digest);
        Ok(ExitCode::SUCCESS)
    }
}

/// Publish a WIT package to an OCI registry.
///
/// The package is encoded as wasm, as wkg publishes it, at
/// `REGISTRY/PREFIX/ns/name:version` from its own name, or at the reference
/// given.
#[derive(Args)]
#[command(after_help = format!("Examples:

    $ weld publish wit/ --registry localhost:5000          # localhost:5000/demo/greet:1.0.0
    $ weld publish greet.wit localhost:5000/weld/demo/greet:1.0.0

{REGISTRY_HELP}"))]
pub struct PublishOpts {
    /// The WIT package: a folder (with its `deps/`), a `.wit` file or a
    /// wasm-encoded package. It must have a version.
    #[arg(value_name = "WIT")]
    input: PathBuf,
    /// Where to publish it; default: from `--registry` and the package name.
    #[arg(value_name = "REFERENCE", required_unless_present = "registry", conflicts_with = "registry")]
    reference: Option<String>,
    /// The registry (`HOST[:PORT][/PREFIX]`) the reference is made from.
    #[arg(long, value_name = "REGISTRY")]
    registry: Option<String>,
}

impl PublishOpts {
    pub fn run(self) -> Result<ExitCode> {
        let wit = weld_wit::load(&[weld_wit::Input::path(&self.input)], &weld_wit::LoadOptions::default())?;
        let s = settings();
        let package = weld_registry::publish::package(&wit, s.source_date_epoch)?;
        let r = match (&self.reference, &self.registry) {
            (Some(text), _) => reference::parse(text).map_err(|e| crate::usage::error(e.to_string()))?,
            (None, Some(reg)) => reference::parse(&format!(
                "{}/{}/{}:{}",
                reg.trim_end_matches('/'),
                package.namespace,
                package.name,
                package.version
            ))
            .map_err(|e| crate::usage::error(e.to_string()))?,
            (None, None) => unreachable!("clap requires one"),
        };
        let pushed = oci::push(&r, &package.artifact, &s)?;
        eprintln!("{:>12} {}@{} to {} ({} bytes)", "Published", package.id, package.version, r.whole(), pushed.size);
        println!("{}", pushed.layer_digest);
        Ok(ExitCode::SUCCESS)
    }
}

/// Fetch weld.toml's `[dependencies]` into `deps/`, locked in `weld.lock`.
///
/// They go into the `deps/` folder of the project's WIT.
/// A package weld carries (WASI) or already in `deps/` is never fetched; a
/// locked package whose file is there needs no network. A locked package
/// whose registry now serves other bytes is refused. Nothing is written
/// unless every dependency resolves. `weld build` and `weld check` fetch
/// first when a dependency is missing.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld fetch
    $ WELD_REGISTRY=localhost:5000 weld fetch -p examples/greeting/weld.toml

weld.toml:

    [dependencies]
    \"wasi:http\" = \"0.2.12\"                             # carried by weld: never fetched
    \"demo:greet\" = \"1.0.0\"                             # through [registries]
    \"acme:log\" = \"ghcr.io/acme/wit/acme/log:0.3.0\"     # a full reference

    [registries]
    demo = \"localhost:5000\"          # namespace, \"ns:name\" or default: HOST[:PORT][/PREFIX]

WELD_REGISTRY=HOST[/PREFIX] sends every package to one registry.")]
pub struct FetchOpts {
    /// The manifest.
    #[arg(long, short = 'p', value_name = "FILE", default_value = "weld.toml")]
    manifest: PathBuf,
}

impl FetchOpts {
    pub fn run(self) -> Result<ExitCode> {
        let loaded = weld_project::manifest::read(&self.manifest)?;
        let resolved = fetch::fetch(&plan(&loaded))?;
        for r in &resolved {
            let (verb, how) = match &r.source {
                Source::BuiltIn => ("Built in", String::new()),
                Source::Locked => ("Locked", String::new()),
                Source::Local(p) => ("Local", format!(" ({})", p.display())),
                Source::Fetched { reference, digest } => ("Fetched", format!(" from {reference} ({digest})")),
            };
            eprintln!("{verb:>12} {}@{}{how}", r.name, r.version);
        }
        if resolved.is_empty() {
            eprintln!("{:>12} no [dependencies] in {}", "Nothing", self.manifest.display());
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// The fetch plan of a loaded manifest.
fn plan(loaded: &weld_project::manifest::Loaded) -> fetch::Plan {
    let m = &loaded.manifest;
    fetch::Plan {
        deps_dir: loaded.deps_dir(),
        lock_path: loaded.dir.join(weld_registry::lock::FILE_NAME),
        dependencies: m
            .dependencies
            .iter()
            .map(|(name, spec)| fetch::Dependency { name: name.clone(), spec: spec.clone() })
            .collect(),
        registries: reference::Registries::new(m.registries.clone(), env(reference::REGISTRY_ENV)),
        settings: settings(),
    }
}

/// A non-empty environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The registry settings from the environment (see `weld_registry::Settings`).
fn settings() -> weld_registry::Settings {
    weld_registry::Settings {
        username: env(weld_registry::auth::USERNAME_ENV),
        password: env(weld_registry::auth::PASSWORD_ENV),
        docker_config: weld_registry::auth::docker_config_path(
            env("DOCKER_CONFIG").map(PathBuf::from),
            env("HOME").map(PathBuf::from),
        ),
        source_date_epoch: env("SOURCE_DATE_EPOCH").and_then(|v| v.trim().parse().ok()),
    }
}

/// For `weld build` and `weld check`: fetch what `[dependencies]` lacks,
/// printing only what was fetched.
pub fn fetch_missing(manifest: &Path) -> Result<()> {
    let loaded = weld_project::manifest::read(manifest)?;
    if loaded.manifest.dependencies.is_empty() {
        return Ok(());
    }
    for r in fetch::fetch(&plan(&loaded))? {
        if let Source::Fetched { reference, digest } = &r.source {
            eprintln!("{:>12} {}@{} from {reference} ({digest})", "Fetched", r.name, r.version);
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}
