//! `weld toolchain`: what weld finds for each guest language.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use weld_project::manifest::Language;
use weld_project::toolchain;

/// Show or install the guest toolchains `weld build` uses.
#[derive(Args)]
pub struct Opts {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// For each language, what weld found (path and version) or how to get it.
    List,
    /// Install toolchains that need no root (Python, JavaScript, Zig, Go)
    /// into weld's folder (`$WELD_TOOLCHAINS`, else ~/.cache/weld/toolchains);
    /// for the rest, print the system command.
    Install {
        /// Languages: c, rust, python, javascript, go, zig.
        #[arg(required = true)]
        langs: Vec<String>,
    },
}

const ALL: &[Language] =
    &[Language::C, Language::Rust, Language::Python, Language::Javascript, Language::Go, Language::Zig];

fn parse(name: &str) -> Result<Language> {
    Ok(match name {
        "c" => Language::C,
        "rust" => Language::Rust,
        "python" | "py" => Language::Python,
        "javascript" | "js" => Language::Javascript,
        "go" => Language::Go,
        "zig" => Language::Zig,
        _ => crate::usage_bail!("unknown language `{name}` (expected c, rust, python, javascript, go or zig)"),
    })
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        match self.cmd {
            Cmd::List => {
                for (lang, found) in toolchain::find_all(ALL, &crate::folders::toolchains()) {
                    match found {
                        Ok(f) => println!("{:<11} {} ({}; {})", lang.name(), f.version, f.program.display(), f.how),
                        Err(why) => println!("{:<11} not found: {why}", lang.name()),
                    }
                }
                Ok(ExitCode::SUCCESS)
            }
            Cmd::Install { langs } => {
                // Every name is checked before anything is installed.
                let langs = langs.iter().map(|n| parse(n)).collect::<Result<Vec<_>>>()?;
                let mut failed = Vec::new();
                for lang in langs {
                    match toolchain::install(lang, &crate::folders::toolchains()) {
                        Ok(msg) => println!("{}: {msg}", lang.name()),
                        Err(why) => {
                            println!("{}: {why}", lang.name());
                            failed.push(lang.name());
                        }
                    }
                }
                if failed.is_empty() {
                    Ok(ExitCode::SUCCESS)
                } else {
                    bail!("not installed: {} (see above)", failed.join(", "))
                }
            }
        }
    }
}
