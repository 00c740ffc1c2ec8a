//! `weld wit diff`: API changes between two versions of a WIT package.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use weld_wit::diff::{Bump, Diff};
use weld_wit::{Input, LoadOptions, Wit};

use super::report::{self, Finding, Format, Level};
use crate::output::Output;

/// List the API changes from OLD to NEW, each with whom it breaks and the
/// semver bump it needs.
///
/// OLD and NEW are anything `weld wit` reads, or `git:REF` for the other
/// side's path at a git revision. `@unstable` items are compared too. Exits
/// 1 when a change breaks importers or exporters, 0 otherwise.
#[derive(Args)]
#[command(after_help = "Examples:

    # Two folders
    $ weld wit diff old/wit wit

    # The same folder at the last release tag, as SARIF for code scanning
    $ weld wit diff git:v1.2.0 wit --format sarif -o wit-changes.sarif")]
pub struct Opts {
    /// The older version.
    #[arg(value_name = "OLD")]
    old: String,

    /// The newer version.
    #[arg(value_name = "NEW")]
    new: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Shorthand for `--format json`.
    #[arg(long, conflicts_with = "format")]
    json: bool,

    /// Write the report to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let format = if self.json { Format::Json } else { self.format };
        let (old_arg, new_arg) = (self.old.as_str(), self.new.as_str());
        let _guard;
        let (old, new) = match (old_arg.strip_prefix("git:"), new_arg.strip_prefix("git:")) {
            (Some(_), Some(_)) => {
                crate::usage_bail!("only one of OLD and NEW can be `git:REF`: the other names the path")
            }
            (Some(rev), None) => {
                let (dir, path) = weld_project::check::checkout(rev, Path::new(new_arg))?;
                _guard = dir;
                (load(&path, &format!("{new_arg} at {rev}"))?, load(Path::new(new_arg), new_arg)?)
            }
            (None, Some(rev)) => {
                let (dir, path) = weld_project::check::checkout(rev, Path::new(old_arg))?;
                _guard = dir;
                (load(Path::new(old_arg), old_arg)?, load(&path, &format!("{old_arg} at {rev}"))?)
            }
            (None, None) => (load(Path::new(old_arg), old_arg)?, load(Path::new(new_arg), new_arg)?),
        };
        let diff = weld_wit::diff::diff(&old, &new);
        let text = render(&diff, format);
        Output::new(self.output).text(&text)?;
        Ok(if diff.breaking() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
    }
}

fn load(path: &Path, name: &str) -> Result<Wit> {
    let opts = LoadOptions { features: Vec::new(), all_features: true, builtin: true };
    weld_wit::load(&[Input::Path(path.to_path_buf())], &opts).with_context(|| format!("failed to read `{name}`"))
}

pub fn findings(diff: &Diff) -> Vec<Finding> {
    diff.changes
        .iter()
        .map(|c| Finding {
            level: if diff.is_breaking(c) {
                Level::Error
            } else if c.breaks_anyone() {
                Level::Warning
            } else {
                Level::Note
            },
            rule: c.rule.clone(),
            message: format!("{}: {} ({}; {})", c.path, c.message, c.impact(), diff.bump(c)),
            location: c.location.clone(),
            extra: json!({
                "kind": c.kind.to_string(),
                "item": c.item,
                "path": c.path,
                "breaks_importers": c.breaks_importers,
                "breaks_exporters": c.breaks_exporters,
                "breaking": diff.is_breaking(c),
                "bump": diff.bump(c).to_string(),
            }),
        })
        .collect()
}

pub fn summary(diff: &Diff) -> String {
    let breaking = diff.changes.iter().filter(|c| diff.is_breaking(c)).count();
    let n = diff.changes.len();
    match diff.required() {
        None => format!("no API changes from {} to {}", diff.old_package, diff.new_package),
        Some(bump) => format!(
            "{n} change{} from {} to {}: {breaking} breaking; needs a {} version",
            if n == 1 { "" } else { "s" },
            diff.old_package,
            diff.new_package,
            match bump {
                Bump::Major => "major",
                Bump::Minor => "minor",
                Bump::Patch => "patch",
            }
        ),
    }
}

fn render(diff: &Diff, format: Format) -> String {
    let top = json!({
        "old": diff.old_package,
        "new": diff.new_package,
        "breaking": diff.breaking(),
        "required_bump": diff.required().map(|b| b.to_string()),
    });
    report::render(format, "wit diff", &findings(diff), &summary(diff), top)
}
