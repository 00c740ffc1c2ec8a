//! `weld check`: the CI gate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Deserialize;
use serde_json::json;
use weld_wit::diff::Bump;
use weld_wit::{Input, LoadOptions};

use super::report::{self, Finding, Format, Level};
use crate::output::Output;

/// Run every interface check a CI job needs, and report every problem.
///
/// * the WIT package parses and resolves;
/// * its version bump covers its API changes since `--base` (`git:REF` or a
///   path), as `weld wit diff` classifies them;
/// * each component fits the world it declares;
/// * each composed component leaves no import open beyond the allowed host
///   worlds.
///
/// Settings come from the `[check]` table of `weld.toml` when there is one,
/// and from flags, which add to it. Exits 1 when any check fails.
#[derive(Args)]
#[command(after_help = "Examples:

    # Everything from weld.toml
    $ weld check

    # The same from flags, as GitHub annotations
    $ weld check --wit wit --base git:origin/main \\
        --component build/app.wasm=app --composed build/composed.wasm \\
        --host wasi:cli/command@0.2.x --format github

weld.toml:

    [check]
    wit = \"wit\"
    base = \"git:v1.0.0\"
    host = [\"wasi:cli/command@0.2.x\"]
    components = [{ path = \"build/app.wasm\", world = \"app\" }]
    composed = [\"build/composed.wasm\"]")]
pub struct Opts {
    /// The manifest (default: `weld.toml` in the current folder, if any).
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,

    /// The WIT package to check.
    #[arg(long, value_name = "WIT")]
    wit: Option<PathBuf>,

    /// The released version to compare with: `git:REF` or a path.
    #[arg(long, value_name = "BASE")]
    base: Option<String>,

    /// A built component and the world (in `--wit`) it must fit: PATH=WORLD.
    #[arg(long, value_name = "PATH=WORLD")]
    component: Vec<String>,

    /// A composed component whose open imports must all be host imports.
    #[arg(long, value_name = "PATH")]
    composed: Vec<PathBuf>,

    /// A world whose imports the host provides (`wasi:cli/command@0.2.x`);
    /// repeat for several.
    #[arg(long, value_name = "WORLD")]
    host: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Write the report to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default)]
    check: CheckTable,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CheckTable {
    wit: Option<PathBuf>,
    base: Option<String>,
    #[serde(default)]
    host: Vec<String>,
    #[serde(default)]
    components: Vec<ComponentEntry>,
    #[serde(default)]
    composed: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComponentEntry {
    path: PathBuf,
    world: String,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let mut cfg = self.manifest()?;
        if self.wit.is_some() {
            cfg.wit = self.wit.clone();
        }
        if self.base.is_some() {
            cfg.base = self.base.clone();
        }
        cfg.host.extend(self.host.iter().cloned());
        for c in &self.component {
            let (path, world) = c
                .rsplit_once('=')
                .with_context(|| format!("`--component {c}`: expected PATH=WORLD (the world it must fit)"))?;
            cfg.components.push(ComponentEntry { path: path.into(), world: world.into() });
        }
        cfg.composed.extend(self.composed.iter().cloned());
        if cfg.wit.is_none() && cfg.components.is_empty() && cfg.composed.is_empty() {
            bail!("nothing to check: give `--wit`, `--component` or `--composed`, or a `[check]` table in weld.toml");
        }

        let mut findings = Vec::new();
        let mut passed = Vec::new();
        let wit = match &cfg.wit {
            Some(path) => check_wit(path, &mut findings, &mut passed),
            None => None,
        };
        if let (Some(base), Some(path), Some(wit)) = (&cfg.base, &cfg.wit, &wit) {
            check_bump(base, path, wit, &mut findings, &mut passed)?;
        } else if cfg.base.is_some() && cfg.wit.is_none() {
            bail!("`base` needs `wit`: the package whose version bump is checked");
        }
        for c in &cfg.components {
            check_component(c, wit.as_ref(), &mut findings, &mut passed);
        }
        // The host worlds are loaded once, for every composition.
        let mut allowed = Vec::new();
        if !cfg.composed.is_empty() {
            for h in &cfg.host {
                allowed.extend(host_imports(h)?);
            }
        }
        for path in &cfg.composed {
            check_composed(path, &cfg.host, &allowed, &mut findings, &mut passed)?;
        }

        let errors = findings.iter().filter(|f| f.level == Level::Error).count();
        let summary = if errors == 0 {
            format!("weld check: {} check{} passed", passed.len(), if passed.len() == 1 { "" } else { "s" })
        } else {
            format!(
                "weld check: {errors} problem{} ({} check{} passed)",
                if errors == 1 { "" } else { "s" },
                passed.len(),
                if passed.len() == 1 { "" } else { "s" }
            )
        };
        let top = json!({ "passed": passed, "ok": errors == 0 });
        let text = report::render(self.format, "check", &findings, &summary, top);
        Output::new(self.output.clone()).text(&text)?;
        Ok(if errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
    }

    fn manifest(&self) -> Result<CheckTable> {
        let (path, required) = match &self.manifest {
            Some(p) => (p.clone(), true),
            None => (PathBuf::from("weld.toml"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(_) if !required => return Ok(CheckTable::default()),
            Err(e) => return Err(e).with_context(|| format!("failed to read `{}`", path.display())),
        };
        let m: Manifest = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        // Paths in the manifest are relative to its folder.
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut c = m.check;
        let rel = |p: PathBuf| if p.is_absolute() { p } else { dir.join(p) };
        c.wit = c.wit.map(rel);
        c.components = c.components.into_iter().map(|e| ComponentEntry { path: rel(e.path), world: e.world }).collect();
        c.composed = c.composed.into_iter().map(rel).collect();
        if let Some(b) = &c.base
            && !b.starts_with("git:")
        {
            c.base = Some(dir.join(b).display().to_string());
        }
        Ok(c)
    }
}

fn finding(rule: &str, message: String, location: Option<String>) -> Finding {
    Finding { level: Level::Error, rule: rule.into(), message, location, extra: json!({}) }
}

/// `--> file:line:col` from a rendered WIT error.
fn error_location(text: &str) -> Option<String> {
    text.lines().find_map(|l| l.trim_start().strip_prefix("--> ").map(|s| s.trim().to_string()))
}

fn check_wit(path: &Path, findings: &mut Vec<Finding>, passed: &mut Vec<String>) -> Option<weld_wit::Wit> {
    let opts = LoadOptions { features: Vec::new(), all_features: true, builtin: true };
    match weld_wit::load(&[Input::Path(path.to_path_buf())], &opts) {
        Ok(w) => {
            passed.push(format!("`{}` parses", path.display()));
            Some(w)
        }
        Err(e) => {
            let text = format!("{e:#}");
            let location = error_location(&text).or_else(|| Some(path.display().to_string()));
            let first = text.lines().next().unwrap_or("").to_string();
            findings.push(finding("wit-invalid", format!("the WIT does not resolve: {first}"), location));
            None
        }
    }
}

fn check_bump(
    base: &str,
    path: &Path,
    new: &weld_wit::Wit,
    findings: &mut Vec<Finding>,
    passed: &mut Vec<String>,
) -> Result<()> {
    let (_guard, old_path) = match base.strip_prefix("git:") {
        Some(rev) => {
            let (dir, p) = super::wit_diff::checkout(rev, path)?;
            (Some(dir), p)
        }
        None => (None, PathBuf::from(base)),
    };
    let opts = LoadOptions { features: Vec::new(), all_features: true, builtin: true };
    let old = weld_wit::load(&[Input::Path(old_path.clone())], &opts)
        .with_context(|| format!("failed to read the base `{base}`"))?;
    let diff = weld_wit::diff::diff(&old, new);
    let (ov, nv) = (
        old.resolve.packages[old.package].name.version.clone(),
        new.resolve.packages[new.package].name.version.clone(),
    );
    let Some(required) = diff.required() else {
        passed.push(format!("no API changes since `{base}`"));
        return Ok(());
    };
    let given = match (&ov, &nv) {
        (Some(o), Some(n)) => bump_between(o, n),
        _ => None,
    };
    let show = |v: &Option<semver::Version>| v.as_ref().map_or("(none)".to_string(), |v| v.to_string());
    if given.is_some_and(|g| g >= required) {
        passed.push(format!("version {} → {} covers the API changes ({required})", show(&ov), show(&nv)));
        return Ok(());
    }
    let given_text = given.map_or("no bump".to_string(), |g| format!("a {g} bump"));
    for c in diff.changes.iter().filter(|c| given.is_none_or(|g| diff.bump(c) > g)) {
        findings.push(Finding {
            level: Level::Error,
            rule: format!("version-bump/{}", c.rule),
            message: format!(
                "{}: {} ({}; needs a {} version, but {} → {} is {given_text})",
                c.path,
                c.message,
                c.impact(),
                diff.bump(c),
                show(&ov),
                show(&nv)
            ),
            location: c.location.clone(),
            extra: json!({ "bump": diff.bump(c).to_string(), "breaking": diff.is_breaking(c) }),
        });
    }
    Ok(())
}

/// The bump from `o` to `n` (before 1.0, a minor bump is the major one).
fn bump_between(o: &semver::Version, n: &semver::Version) -> Option<Bump> {
    if n <= o {
        return None;
    }
    let major = if o.major == 0 { n.major != o.major || n.minor != o.minor } else { n.major != o.major };
    // Before 1.0 the patch number is the compatible step, so the patch
    // bump of 0.x counts as a minor one.
    Some(if major {
        Bump::Major
    } else if o.major == 0 || n.minor != o.minor {
        Bump::Minor
    } else {
        Bump::Patch
    })
}

fn check_component(
    c: &ComponentEntry,
    wit: Option<&weld_wit::Wit>,
    findings: &mut Vec<Finding>,
    passed: &mut Vec<String>,
) {
    let name = c.path.display().to_string();
    let Some(wit) = wit else {
        findings.push(finding(
            "component-target",
            format!("`{name}`: no valid `wit` to find world `{}` in", c.world),
            Some(name),
        ));
        return;
    };
    let bytes = match std::fs::read(&c.path) {
        Ok(b) => b,
        Err(e) => {
            findings.push(finding("component-missing", format!("`{name}` cannot be read: {e}"), Some(name)));
            return;
        }
    };
    let world = match wit.select_world(Some(&c.world)) {
        Ok(w) => w,
        Err(e) => {
            findings.push(finding("component-target", format!("`{name}`: {e}"), Some(name)));
            return;
        }
    };
    match weld_component::targets::targets(&bytes, &wit.resolve, world) {
        Ok(problems) if problems.is_empty() => passed.push(format!("`{name}` fits world `{}`", c.world)),
        Ok(problems) => {
            for p in problems {
                findings.push(finding(
                    "component-target",
                    format!("`{name}` does not fit world `{}`: {p}", c.world),
                    Some(name.clone()),
                ));
            }
        }
        Err(e) => {
            findings.push(finding("component-invalid", format!("`{name}` is not a valid component: {e:#}"), Some(name)))
        }
    }
}

fn check_composed(
    path: &Path,
    hosts: &[String],
    allowed: &[String],
    findings: &mut Vec<Finding>,
    passed: &mut Vec<String>,
) -> Result<()> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            findings.push(finding("composition-missing", format!("`{name}` cannot be read: {e}"), Some(name)));
            return Ok(());
        }
    };
    let imports = match weld_compose::component_imports(&bytes) {
        Ok(i) => i,
        Err(e) => {
            findings.push(finding(
                "composition-invalid",
                format!("`{name}` is not a valid component: {e:#}"),
                Some(name),
            ));
            return Ok(());
        }
    };
    let open: Vec<&String> = imports.iter().filter(|i| !allowed.iter().any(|a| compatible(a, i))).collect();
    if open.is_empty() {
        passed.push(format!(
            "`{name}` leaves no import open beyond the host ({} import{})",
            imports.len(),
            if imports.len() == 1 { "" } else { "s" }
        ));
    }
    let hosts_text = if hosts.is_empty() {
        "no host worlds were given (`--host`)".to_string()
    } else {
        format!("the host provides {}", hosts.join(", "))
    };
    for i in open {
        findings.push(finding(
            "composition-open-import",
            format!(
                "`{name}` leaves import `{i}` open, and {hosts_text}; plug a component that exports it (`weld plug`)"
            ),
            Some(name.clone()),
        ));
    }
    Ok(())
}

/// The imports of host world `spec` (`wasi:cli/command@0.2.x`), from the
/// WASI packages weld carries; `x` picks the newest such version.
fn host_imports(spec: &str) -> Result<Vec<String>> {
    let (pkg_world, version) = spec.split_once('@').unwrap_or((spec, ""));
    let (pkg, world) = pkg_world
        .rsplit_once('/')
        .with_context(|| format!("host `{spec}`: expected `ns:pkg/world@version`, e.g. `wasi:cli/command@0.2.x`"))?;
    let prefix = version.trim_end_matches(".x").trim_end_matches('x');
    let mut versions: Vec<semver::Version> = weld_wit::builtin::versions_of(pkg)
        .into_iter()
        .filter(|v| v.starts_with(prefix))
        .filter_map(|v| semver::Version::parse(v).ok())
        .collect();
    versions.sort();
    let Some(v) = versions.last() else {
        bail!(
            "host `{spec}`: weld carries no matching version of `{pkg}` (it has {})",
            weld_wit::builtin::versions_of(pkg).join(", ")
        );
    };
    let text = format!("package weld:host;\nworld host {{\n  include {pkg}/{world}@{v};\n}}\n");
    let wit = weld_wit::load(
        &[Input::Bytes { name: format!("host {spec}"), bytes: text.into_bytes() }],
        &LoadOptions { features: Vec::new(), all_features: false, builtin: true },
    )
    .with_context(|| format!("failed to load host world `{spec}`"))?;
    let w = wit.select_world(Some("host"))?;
    Ok(wit.resolve.worlds[w].imports.keys().map(|k| wit.resolve.name_world_key(k)).collect())
}

/// Whether import `import` is the host's `allowed` at a compatible version.
fn compatible(allowed: &str, import: &str) -> bool {
    let split = |s: &str| {
        s.split_once('@').map_or((s.to_string(), None), |(n, v)| (n.to_string(), semver::Version::parse(v).ok()))
    };
    let ((an, av), (in_, iv)) = (split(allowed), split(import));
    if an != in_ {
        return false;
    }
    match (av, iv) {
        (Some(a), Some(i)) => {
            if a.major == 0 {
                a.minor == i.minor && i.major == 0
            } else {
                a.major == i.major
            }
        }
        (None, None) => true,
        _ => false,
    }
}
