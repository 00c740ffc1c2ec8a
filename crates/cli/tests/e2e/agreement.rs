//! `weld targets` must agree with `wasm-tools component targets` on pass or
//! fail. For every directive whose last stage is `weld targets`, the earlier
//! stages are run to produce the component, then both tools judge it against
//! the same world. The WIT is first vendored with `weld wit --out-dir`, so
//! wasm-tools sees the built-in WASI packages weld resolved.

use std::path::Path;
use std::process::Command;

use crate::directive::{Directive, Fixture, Stage};

/// Whether `d` ends in a `weld targets` stage.
pub fn candidate(d: &Directive) -> bool {
    d.stages.last().is_some_and(|s| !s.external && s.args.first().map(String::as_str) == Some("targets"))
}

struct TargetsArgs {
    component: String,
    wit: String,
    world: Option<String>,
}

fn parse(stage: &Stage, fixture: &Fixture, tmp: &Path) -> Result<TargetsArgs, String> {
    let mut component = None;
    let mut wit = None;
    let mut world = None;
    let mut args = stage.args[1..].iter().map(|a| crate::directive::substitute(a, fixture, tmp));
    while let Some(a) = args.next() {
        match a.as_str() {
            "--wit" => wit = args.next(),
            "--world" | "-w" => world = args.next(),
            _ => component = Some(a),
        }
    }
    Ok(TargetsArgs {
        component: component.ok_or("no component argument")?,
        wit: wit.ok_or("no --wit argument")?,
        world,
    })
}

pub fn check(fixture: &Fixture, d: &Directive) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut setup = d.clone();
    let last = setup.stages.pop().ok_or("empty directive")?;
    if !setup.stages.is_empty() {
        let out = crate::run_pipeline(fixture, &setup, tmp.path())?;
        if out.codes.iter().any(|c| *c != 0) {
            return Err(format!("setup stages failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    let args = parse(&last, fixture, tmp.path())?;
    let root = crate::root();
    let vendored = tmp.path().join("vendored-wit");
    let vendor =
        Command::new(crate::weld()).args(["wit", &args.wit, "--out-dir"]).arg(&vendored).current_dir(&root).output();
    if !vendor.map_err(|e| e.to_string())?.status.success() {
        return Err(format!("could not vendor `{}`", args.wit));
    }
    let mut weld = Command::new(crate::weld());
    weld.args(["targets", &args.component, "--wit", &args.wit]).current_dir(&root);
    let mut reference = Command::new("wasm-tools");
    reference.args(["component", "targets"]).current_dir(&root);
    if let Some(w) = &args.world {
        weld.args(["--world", w]);
        reference.args(["--world", w]);
    }
    reference.arg(&vendored).arg(&args.component);
    let ours = weld.output().map_err(|e| e.to_string())?;
    let theirs = reference.output().map_err(|e| e.to_string())?;
    if ours.status.success() == theirs.status.success() {
        return Ok(());
    }
    Err(format!(
        "weld targets {} but wasm-tools component targets {}\nweld:\n{}{}\nwasm-tools:\n{}{}",
        verdict(ours.status.success()),
        verdict(theirs.status.success()),
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&ours.stderr),
        String::from_utf8_lossy(&theirs.stdout),
        String::from_utf8_lossy(&theirs.stderr)
    ))
}

fn verdict(ok: bool) -> &'static str {
    if ok { "passed" } else { "failed" }
}
