//! `weld cache`: the compiled code `weld run` keeps on disk.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Args, Subcommand};
use weld_run::Cache;
use weld_run::cache::{self, DEFAULT_MAX_SIZE};

/// The variable that sets the cache's size limit.
const MAX_SIZE_VAR: &str = "WELD_CACHE_MAX_SIZE";

/// Show or clear the compiled code `weld run` keeps.
///
/// The folder is `$WELD_CACHE_DIR`, else `$XDG_CACHE_HOME/weld`, else
/// `~/.cache/weld`. It is kept under `$WELD_CACHE_MAX_SIZE` (default 1GiB)
/// by removing the least recently used entries.
#[derive(Args)]
pub struct Opts {
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Subcommand, Clone, Copy)]
enum Cmd {
    /// Where the cache is, what it holds and its limit (the default).
    Info,
    /// Remove every compiled entry; the Rust guests' target folder and
    /// toolchains weld installed stay.
    Clear,
}

/// The compile cache as the environment sets it up.
pub fn from_env() -> Result<Cache> {
    let max_size = match std::env::var(MAX_SIZE_VAR) {
        Ok(v) => super::run::parse_size(&v).map_err(|e| anyhow!("invalid {MAX_SIZE_VAR}: {e}"))? as u64,
        Err(std::env::VarError::NotPresent) => DEFAULT_MAX_SIZE,
        Err(std::env::VarError::NotUnicode(v)) => {
            return Err(anyhow!("invalid {MAX_SIZE_VAR}: expected a size like `1GiB`, found {v:?}"));
        }
    };
    Ok(Cache { dir: crate::folders::cache(), max_size })
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let c = from_env()?;
        match self.cmd.unwrap_or(Cmd::Info) {
            Cmd::Info => {
                let used = cache::usage(&c.dir);
                println!("folder:  {}", c.dir.display());
                println!("entries: {} ({})", used.entries, human(used.bytes));
                let from = if std::env::var_os(MAX_SIZE_VAR).is_some() { MAX_SIZE_VAR } else { "default" };
                println!("limit:   {} ({from})", human(c.max_size));
                // What else weld keeps there, which the limit does not cover.
                for (sub, what) in OTHERS {
                    let path = c.dir.join(sub);
                    if path.is_dir() {
                        println!("also:    {sub}/ ({}): {what}", human(tree_size(&path)));
                    }
                }
            }
            Cmd::Clear => {
                let gone = cache::clear(&c.dir).with_context(|| format!("failed to clear `{}`", c.dir.display()))?;
                let noun = if gone.entries == 1 { "entry" } else { "entries" };
                println!("removed {} {noun} ({}) from {}", gone.entries, human(gone.bytes), c.dir.display());
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Folders weld keeps beside the compiled entries, outside the limit.
const OTHERS: &[(&str, &str)] = &[
    ("cargo-target", "the target folder `weld build` shares between Rust guests"),
    ("toolchains", "what `weld toolchain install` installed"),
];

/// The bytes of the files under `dir` (symbolic links are not followed).
fn tree_size(dir: &std::path::Path) -> u64 {
    let Ok(read) = std::fs::read_dir(dir) else { return 0 };
    read.flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => tree_size(&e.path()),
            Ok(t) if t.is_file() => e.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// `512 B`, `12.3 KiB`, `1.0 GiB`.
fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(super::human(512), "512 B");
        assert_eq!(super::human(1536), "1.5 KiB");
        assert_eq!(super::human(1 << 30), "1.0 GiB");
    }
}
