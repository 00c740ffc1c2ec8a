//! `weld check`: the CI gate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde_json::json;
use weld_project::check::{self, Check, CheckComponent};

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
/// Settings come from `weld.toml` (the manifest `weld build` reads: its
/// `[check]` table, and the `[project]`'s `wit` when `[check]` names none)
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
            let (path, world) = c.rsplit_once('=').ok_or_else(|| {
                crate::usage::error(format!("`--component {c}`: expected PATH=WORLD (the world it must fit)"))
            })?;
            cfg.components.push(CheckComponent { path: path.into(), world: world.into() });
        }
        cfg.composed.extend(self.composed.iter().cloned());
        if check::is_empty(&cfg) {
            crate::usage_bail!(
                "nothing to check: give `--wit`, `--component` or `--composed`, or a weld.toml with a `[check]` or `[project]` table"
            );
        }

        let found = check::run(&cfg)?;
        if cfg.host.is_empty() && found.findings.iter().any(|f| f.rule == "composition-open-import") {
            eprintln!("help: name the worlds the host provides with `--host WORLD` (or `host` in `[check]`)");
        }
        let findings: Vec<Finding> = found
            .findings
            .into_iter()
            .map(|f| Finding {
                level: Level::Error,
                rule: f.rule,
                message: f.message,
                location: f.location,
                extra: f.extra,
            })
            .collect();
        let passed = found.passed;
        let errors = findings.len();
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

    /// The checks the manifest asks for: `--manifest FILE`, or `weld.toml`
    /// in the current folder when there is one. It is the same `weld.toml`
    /// `weld build` reads.
    fn manifest(&self) -> Result<Check> {
        let path = match &self.manifest {
            Some(p) => p.clone(),
            None if Path::new("weld.toml").is_file() => PathBuf::from("weld.toml"),
            None => return Ok(Check::default()),
        };
        super::registry::fetch_missing(&path)?;
        Ok(check::plan(&weld_project::manifest::read(&path)?))
    }
}
