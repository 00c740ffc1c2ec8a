//! Conventions every command shares.
//!
//! * Input comes from a path, or from stdin when the path is `-` (or absent
//!   and stdin is not a terminal).
//! * Output goes to stdout unless `-o FILE` is given; binary wasm is never
//!   written to a terminal.
//! * Files are written atomically: to a temporary file in the same folder,
//!   then renamed over the target, so a failure never leaves half a file.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Reads all of stdin, refusing to wait on a terminal.
pub fn read_stdin() -> Result<Vec<u8>> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        crate::usage_bail!("no input given: pass a path, or pipe the input to stdin");
    }
    let mut bytes = Vec::new();
    stdin.read_to_end(&mut bytes).context("failed to read stdin")?;
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically, creating missing parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("failed to create folder `{}`", parent.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".weld-")
        .suffix(".tmp")
        .tempfile_in(&parent)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    tmp.write_all(bytes).with_context(|| format!("failed to write `{}`", path.display()))?;
    // A temporary file is private (0600); give the output the permissions a
    // plain write would: those of the file it replaces, or 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms =
            std::fs::metadata(path).map(|m| m.permissions()).unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        let _ = tmp.as_file().set_permissions(perms);
    }
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

/// Where a command's output goes.
pub enum Output {
    Stdout,
    File(PathBuf),
}

impl Output {
    pub fn new(path: Option<PathBuf>) -> Output {
        match path {
            Some(p) if p.as_os_str() != "-" => Output::File(p),
            _ => Output::Stdout,
        }
    }

    /// Writes text output.
    pub fn text(&self, text: &str) -> Result<()> {
        match self {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes())?;
                out.flush()?;
                Ok(())
            }
            Output::File(p) => write_atomic(p, text.as_bytes()),
        }
    }

    /// Writes binary wasm; with `as_text` (the `-t` flag) its text format.
    pub fn wasm(&self, bytes: &[u8], as_text: bool) -> Result<()> {
        if as_text {
            return self.text(&weld_wit::print::wat(bytes)?);
        }
        match self {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                if out.is_terminal() {
                    crate::usage_bail!(
                        "cannot print binary wasm output to a terminal; pass `-t` to print the text format or `-o FILE` to write a file"
                    );
                }
                out.write_all(bytes)?;
                out.flush()?;
                Ok(())
            }
            Output::File(p) => write_atomic(p, bytes),
        }
    }
}
