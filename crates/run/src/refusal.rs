//! Why a program is not run the way it was asked to, found before any guest
//! code runs. Typed, so that a command line tool can add its own advice.

use std::fmt;

use crate::{ExportFunc, Unsatisfied, Wasi};

/// A program that cannot run as asked.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// Run as a command, but the component does not export `wasi:cli/run`;
    /// what it exports instead.
    NotACommand { exports: Vec<ExportFunc> },
    /// Run as a command, but the core module `name` has no `_start`.
    NoStart { name: String },
    /// Imports that neither WASI (0.2 or 0.3) nor a host function provides.
    Unsatisfied(Vec<Unsatisfied>),
    /// The component imports WASI interfaces of a version the host was
    /// set not to serve ([`Host::wasi`](crate::Host::wasi)): a 0.3
    /// component on a host serving only 0.2, or the other way round.
    WasiVersion { served: Wasi, needed: Wasi, imports: Vec<String> },
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
                    "the component has {} import{} that neither WASI 0.2/0.3 nor a host function provides:",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                )?;
                missing.iter().try_for_each(|m| write!(f, "\n  - {m}"))
            }
            Refusal::WasiVersion { served, needed, imports } => {
                const SHOWN: usize = 3;
                let names: Vec<String> = imports.iter().take(SHOWN).map(|i| format!("`{i}`")).collect();
                let more =
                    if imports.len() > SHOWN { format!(" and {} more", imports.len() - SHOWN) } else { String::new() };
                write!(
                    f,
                    "the component needs {} ({}{more}), but this host serves only {}",
                    needed.describe(),
                    names.join(", "),
                    served.describe()
                )
            }
        }
    }
}

impl std::error::Error for Refusal {}
