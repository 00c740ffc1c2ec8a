//! `weld check`'s policy: what each check looks at and what it reports.
//! The CLI gathers a [`Check`] from `weld.toml` (see [`plan`]) and flags,
//! runs it with [`run`] and renders the [`Report`] in a CI format.
//!
//! * the WIT package parses and resolves;
//! * its version bump covers its API changes since `base` (`git:REF` or a
//!   path), as `weld wit diff` classifies them;
//! * each component fits the world it declares;
//! * each composed component leaves no import open beyond the host worlds.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use weld_wit::{Input, LoadOptions, Location};

use crate::manifest::Loaded;
pub use crate::manifest::{Check, CheckComponent};

/// One problem a check found (every finding is an error).
#[derive(Debug, Clone)]
pub struct Finding {
    /// A stable identifier: `component-target`, `version-bump/...`.
    pub rule: String,
    pub message: String,
    pub location: Option<Location>,
    /// Extra fields for the JSON format.
    pub extra: Value,
}

/// What [`run`] found: the problems, and the checks that passed.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub passed: Vec<String>,
}

/// The checks a manifest asks for: its `[check]` table, with paths made
/// relative to the current folder, and `wit` defaulting to the `[project]`'s
/// WIT folder.
pub fn plan(loaded: &Loaded) -> Check {
    let m = &loaded.manifest;
    let mut c = m.check.clone().unwrap_or_default();
    if c.wit.is_none() {
        c.wit = m.project.as_ref().map(|p| p.wit.clone());
    }
    c.wit = c.wit.map(|p| loaded.resolve(&p));
    c.components =
        c.components.into_iter().map(|e| CheckComponent { path: loaded.resolve(&e.path), world: e.world }).collect();
    c.composed = c.composed.iter().map(|p| loaded.resolve(p)).collect();
    if let Some(b) = &c.base
        && !b.starts_with("git:")
    {
        c.base = Some(loaded.resolve(Path::new(b)).display().to_string());
    }
    c
}

/// Whether `check` asks for anything at all.
pub fn is_empty(check: &Check) -> bool {
    check.wit.is_none() && check.components.is_empty() && check.composed.is_empty()
}

/// Runs every check in `check`. An error is a problem with the request
/// itself (an unreadable base, an unknown host world), not a finding.
pub fn run(check: &Check) -> Result<Report> {
    let mut report = Report::default();
    let (findings, passed) = (&mut report.findings, &mut report.passed);
    let wit = match &check.wit {
        Some(path) => check_wit(path, findings, passed),
        None => None,
    };
    if let (Some(base), Some(path), Some(wit)) = (&check.base, &check.wit, &wit) {
        check_bump(base, path, wit, findings, passed)?;
    } else if check.base.is_some() && check.wit.is_none() {
        bail!("`base` needs `wit`: the package whose version bump is checked");
    }
    for c in &check.components {
        check_component(c, wit.as_ref(), findings, passed);
    }
    // The host worlds are loaded once, for every composition.
    let mut allowed = Vec::new();
    if !check.composed.is_empty() {
        for h in &check.host {
            allowed.extend(host_imports(h)?);
        }
    }
    for path in &check.composed {
        check_composed(path, &check.host, &allowed, findings, passed)?;
    }
    Ok(report)
}

fn finding(rule: &str, message: String, location: Option<Location>) -> Finding {
    Finding { rule: rule.into(), message, location, extra: json!({}) }
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
            let location = weld_wit::location_of(&e).or_else(|| Some(Location::file(path)));
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
            let (dir, p) = checkout(rev, path)?;
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
        (Some(o), Some(n)) => weld_wit::names::bump_between(o, n),
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

fn check_component(
    c: &CheckComponent,
    wit: Option<&weld_wit::Wit>,
    findings: &mut Vec<Finding>,
    passed: &mut Vec<String>,
) {
    let name = c.path.display().to_string();
    let Some(wit) = wit else {
        findings.push(finding(
            "component-target",
            format!("`{name}`: no valid `wit` to find world `{}` in", c.world),
            Some(Location::file(&name)),
        ));
        return;
    };
    let bytes = match std::fs::read(&c.path) {
        Ok(b) => b,
        Err(e) => {
            findings.push(finding(
                "component-missing",
                format!("`{name}` cannot be read: {e}"),
                Some(Location::file(&name)),
            ));
            return;
        }
    };
    let world = match wit.select_world(Some(&c.world)) {
        Ok(w) => w,
        Err(e) => {
            findings.push(finding("component-target", format!("`{name}`: {e}"), Some(Location::file(&name))));
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
                    Some(Location::file(&name)),
                ));
            }
        }
        Err(e) => findings.push(finding(
            "component-invalid",
            format!("`{name}` is not a valid component: {e:#}"),
            Some(Location::file(&name)),
        )),
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
            findings.push(finding(
                "composition-missing",
                format!("`{name}` cannot be read: {e}"),
                Some(Location::file(&name)),
            ));
            return Ok(());
        }
    };
    let imports = match weld_compose::component_imports(&bytes) {
        Ok(i) => i,
        Err(e) => {
            findings.push(finding(
                "composition-invalid",
                format!("`{name}` is not a valid component: {e:#}"),
                Some(Location::file(&name)),
            ));
            return Ok(());
        }
    };
    let open: Vec<&String> = imports.iter().filter(|i| !allowed.iter().any(|a| served_by_host(a, i))).collect();
    if open.is_empty() {
        passed.push(format!(
            "`{name}` leaves no import open beyond the host ({} import{})",
            imports.len(),
            if imports.len() == 1 { "" } else { "s" }
        ));
    }
    let hosts_text = if hosts.is_empty() {
        "no host worlds were given".to_string()
    } else {
        format!("the host provides {}", hosts.join(", "))
    };
    for i in open {
        findings.push(finding(
            "composition-open-import",
            format!(
                "`{name}` leaves import `{i}` open, and {hosts_text}; plug a component that exports it (`weld plug`)"
            ),
            Some(Location::file(&name)),
        ));
    }
    Ok(())
}

/// The imports of host world `spec` (`wasi:cli/command@0.2.x`), from the
/// WASI packages weld carries; `x` picks the newest such version.
fn host_imports(spec: &str) -> Result<Vec<String>> {
    let (path, pattern) = spec.split_once('@').unwrap_or((spec, "x"));
    let name = weld_wit::names::Name::parse(path)
        .filter(|n| n.item.is_some())
        .with_context(|| format!("host `{spec}`: expected `ns:pkg/world@version`, e.g. `wasi:cli/command@0.2.x`"))?;
    let (pkg, world) = (name.package_name(), name.item.unwrap_or_default());
    let versions: Vec<semver::Version> =
        weld_wit::builtin::versions_of(&pkg).into_iter().filter(|v| matches_pattern(pattern, v)).collect();
    let Some(v) = versions.last() else {
        bail!(
            "host `{spec}`: weld carries no matching version of `{pkg}` (it has {})",
            weld_wit::builtin::versions_of(&pkg).iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
        );
    };
    // A world the carried package does not have: say which it has.
    if let Some(builtin) = weld_wit::builtin::find(&format!("{pkg}@{v}"))
        && let Ok(group) = builtin.parse()
        && !group.main.worlds.iter().any(|(_, w)| w.name == world)
    {
        let mut names: Vec<String> = group.main.worlds.iter().map(|(_, w)| format!("`{}`", w.name)).collect();
        names.sort();
        bail!("host `{spec}`: `{pkg}@{v}` has no world `{world}` (it has {})", names.join(", "));
    }
    let text = format!("package weld:host;\nworld host {{\n  include {pkg}/{world}@{v};\n}}\n");
    let wit = weld_wit::load(
        &[Input::Bytes { name: format!("host {spec}"), bytes: text.into_bytes() }],
        &LoadOptions { features: Vec::new(), all_features: false, builtin: true },
    )
    .with_context(|| format!("failed to load host world `{spec}`"))?;
    let w = wit.select_world(Some("host"))?;
    Ok(wit.resolve.worlds[w].imports.keys().map(|k| wit.resolve.name_world_key(k)).collect())
}

/// Whether the host's `allowed` serves import `import`: the same interface
/// on the same version track, as wasmtime's linker matches them.
fn served_by_host(allowed: &str, import: &str) -> bool {
    use weld_wit::names::Name;
    match (Name::parse(allowed), Name::parse(import)) {
        (Some(a), Some(i)) => a.same_track_as(&i),
        _ => allowed == import,
    }
}

/// Whether `v` matches a host version pattern: `0.2.x`, `0.2`, `0.2.12` or
/// `x` (each given number must be equal; `x`, `*` or a missing part match
/// any).
fn matches_pattern(pattern: &str, v: &semver::Version) -> bool {
    let parts: Vec<&str> = pattern.split('.').collect();
    [v.major, v.minor, v.patch].iter().enumerate().all(|(i, n)| match parts.get(i) {
        None | Some(&"x") | Some(&"*") => true,
        Some(p) => p.parse::<u64>().is_ok_and(|p| p == *n),
    }) && parts.len() <= 3
}

/// Extracts `path` as it was at git revision `rev` into a temporary folder.
pub fn checkout(rev: &str, path: &Path) -> Result<(tempfile::TempDir, PathBuf)> {
    let abs = std::fs::canonicalize(path).with_context(|| format!("failed to find `{}`", path.display()))?;
    let dir = if abs.is_dir() { abs.clone() } else { abs.parent().unwrap_or(&abs).to_path_buf() };
    let git = |args: &[&str]| -> Result<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .context("failed to run `git` (is it installed?)")?;
        if !out.status.success() {
            bail!("`git {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    let rel = abs.strip_prefix(std::fs::canonicalize(&top)?).unwrap_or(&abs).to_path_buf();
    let tmp = tempfile::tempdir()?;
    let archive = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["archive", "--format=tar", rev, "--"])
        .arg(&rel)
        .output()
        .context("failed to run `git archive`")?;
    if !archive.status.success() {
        bail!(
            "failed to read `{}` at git revision `{rev}`: {}",
            rel.display(),
            String::from_utf8_lossy(&archive.stderr).trim()
        );
    }
    let mut tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(tmp.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("failed to run `tar`")?;
    {
        use std::io::Write;
        tar.stdin.take().context("tar stdin")?.write_all(&archive.stdout)?;
    }
    if !tar.wait()?.success() {
        bail!("failed to unpack `{}` at `{rev}`", rel.display());
    }
    let out = tmp.path().join(&rel);
    Ok((tmp, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(text: &str) -> Result<Check> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("weld.toml");
        std::fs::write(&path, text)?;
        Ok(plan(&crate::manifest::read(&path)?))
    }

    #[test]
    fn a_project_manifest_checks_its_wit() {
        let c = plan_of(
            "[project]\nname = \"p\"\nwit = \"wit\"\noutput = \"app.wasm\"\n\n[[component]]\nname = \"a\"\nlanguage = \"c\"\nworld = \"w\"\nsources = [\"a.c\"]\n",
        )
        .unwrap();
        assert!(c.wit.as_ref().is_some_and(|w| w.ends_with("wit") && w.is_absolute()));
        assert!(!is_empty(&c));
    }

    #[test]
    fn the_check_table_wins_and_paths_are_relative_to_the_manifest() {
        let c = plan_of(
            "[project]\nname = \"p\"\nwit = \"wit\"\noutput = \"app.wasm\"\n\n[check]\nwit = \"api\"\nbase = \"old\"\ncomposed = [\"app.wasm\"]\n",
        )
        .unwrap();
        assert!(c.wit.as_ref().is_some_and(|w| w.ends_with("api")));
        assert!(c.base.as_ref().is_some_and(|b| b.ends_with("old") && Path::new(b).is_absolute()));
        assert!(c.composed.iter().all(|p| p.is_absolute()));
    }

    #[test]
    fn components_without_a_project_are_refused() {
        let e =
            plan_of("[[component]]\nname = \"a\"\nlanguage = \"c\"\nworld = \"w\"\nsources = [\"a.c\"]\n").unwrap_err();
        assert!(e.to_string().contains("need a `[project]` table"), "{e}");
    }

    #[test]
    fn host_versions_match_by_semver() {
        assert!(served_by_host("wasi:cli/environment@0.2.12", "wasi:cli/environment@0.2.0"));
        assert!(!served_by_host("wasi:cli/environment@0.2.12", "wasi:cli/environment@0.3.0"));
        assert!(!served_by_host("wasi:cli/environment@0.2.12", "wasi:io/streams@0.2.0"));
    }

    #[test]
    fn host_version_patterns() {
        let v = |s: &str| semver::Version::parse(s).unwrap();
        assert!(matches_pattern("0.2.x", &v("0.2.12")));
        assert!(matches_pattern("0.2", &v("0.2.0")));
        assert!(!matches_pattern("0.2.x", &v("0.20.1")));
        assert!(!matches_pattern("0.2", &v("0.20.1")));
        assert!(matches_pattern("x", &v("0.3.0")));
        assert!(!matches_pattern("0.2.1.x", &v("0.2.1")));
        assert!(!matches_pattern("y", &v("0.2.1")));
    }
}
