//! Why a program is not run the way it was asked to, found before any guest
//! code runs. Typed, so that a command line tool can add its own advice.

use std::fmt;

use crate::{ExportFunc, Unsatisfied};

/// A program that cannot run as asked.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// Run as a command, but the component does not export `wasi:cli/run`;
    /// what it exports instead.
    NotACommand { exports: Vec<ExportFunc> },
    /// Run as a command, but the core module `name` has no `_start`.
    NoStart { name: String },
    /// Imports that neither WASI 0.2 nor a host function provides.
    Unsatisfied(Vec<Unsatisfied>),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotACommand { exports } => {
                write!(f, "the component does not export `wasi:cli/run`, so it is not a command")?;
                if !exports.is_empty() {
                    write!(f, "; it exports:")?;
                    for e in exports {
                        write!(f, "\n  {}: {}", e.full_name(), e.signature)?;
                    }
                }
                Ok(())
            }
            Refusal::NoStart { name } => {
                write!(f, "`{name}` is a core module with no `_start`, so it is not a WASI command")
            }
            Refusal::Unsatisfied(missing) => {
                write!(
                    f,
                    "the component has {} import{} that neither WASI 0.2 nor a host function provides:",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                )?;
                missing.iter().try_for_each(|m| write!(f, "\n  - {m}"))
            }
        }
    }
}

impl std::error::Error for Refusal {}
