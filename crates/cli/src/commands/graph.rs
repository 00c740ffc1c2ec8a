//! `weld graph`: draw a composed component.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use weld_compose::picture::{self, Picture};

use super::common::read_wasm;
use crate::output::{self, Output};

/// Draw a composed component: its components (name, language, size) and the
/// interfaces between them, read from the binary alone.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld graph composed.wasm                      # Mermaid, to paste into a README
    $ weld graph composed.wasm --format dot -o composed.dot
    $ weld graph composed.wasm --svg composed.svg   # needs Graphviz: apt-get install graphviz")]
pub struct Opts {
    /// The composed component.
    #[arg(value_name = "COMPOSED")]
    input: Option<PathBuf>,

    /// The drawing's format.
    #[arg(long, value_enum, default_value_t = Format::Mermaid)]
    format: Format,

    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Render an SVG with Graphviz `dot` into FILE.
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Dot,
    Mermaid,
}

impl Format {
    fn render(self, p: &Picture) -> String {
        match self {
            Format::Dot => picture::dot(p),
            Format::Mermaid => picture::mermaid(p),
        }
    }
}

/// `--graph FORMAT FILE` for commands that compose.
#[derive(Args)]
pub struct GraphArgs {
    /// Also write the composition graph as `dot` or `mermaid` to FILE.
    #[arg(long, num_args = 2, value_names = ["FORMAT", "FILE"])]
    graph: Option<Vec<String>>,
}

impl GraphArgs {
    /// Whether a picture is wanted.
    pub fn requested(&self) -> bool {
        self.graph.is_some()
    }

    /// The format asked for, or a usage error for an unknown one; commands
    /// call this before any work.
    pub fn format(&self) -> Result<Option<Format>> {
        let Some(spec) = &self.graph else { return Ok(None) };
        Ok(Some(match spec[0].as_str() {
            "dot" => Format::Dot,
            "mermaid" => Format::Mermaid,
            other => crate::usage_bail!("`--graph {other}`: expected `dot` or `mermaid`"),
        }))
    }

    pub fn write(&self, p: Option<&Picture>) -> Result<()> {
        let (Some(spec), Some(format), Some(p)) = (&self.graph, self.format()?, p) else { return Ok(()) };
        output::write_atomic(&PathBuf::from(&spec[1]), format.render(p).as_bytes())
    }
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let (name, wasm) = read_wasm(self.input.as_deref())?;
        let weld_component::Wasm::Component(bytes) = wasm else {
            bail!("`{name}` is a core module; `weld graph` draws composed components");
        };
        let p = picture::from_binary(&bytes).with_context(|| format!("failed to read the structure of `{name}`"))?;
        if let Some(svg) = &self.svg {
            let rendered = render_svg(&picture::dot(&p))?;
            output::write_atomic(svg, &rendered)?;
            return Ok(ExitCode::SUCCESS);
        }
        Output::new(self.output).text(&self.format.render(&p))?;
        Ok(ExitCode::SUCCESS)
    }
}

fn render_svg(dot: &str) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut child = match Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(_) => bail!(
            "Graphviz `dot` was not found, so no SVG can be rendered\nhelp: install it (`apt-get install graphviz`), or write DOT with `--format dot`"
        ),
    };
    child.stdin.take().context("dot stdin")?.write_all(dot.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("Graphviz `dot` failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(out.stdout)
}
