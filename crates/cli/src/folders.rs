//! The folders weld derives from the environment, resolved here, once, and
//! passed to the libraries (which never read the environment for them).
//!
//! * cache: `$WELD_CACHE_DIR`, else `$XDG_CACHE_HOME/weld`, else
//!   `~/.cache/weld` (the compile cache of `weld run`, and Rust guests'
//!   shared target folder);
//! * toolchains weld installs: `$WELD_TOOLCHAINS`, else
//!   `~/.cache/weld/toolchains`;
//! * programs: the folders of `$PATH`.

use std::path::PathBuf;

use weld_project::toolchain::Folders;

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// weld's cache folder.
pub fn cache() -> PathBuf {
    if let Some(dir) = std::env::var_os("WELD_CACHE_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("weld");
    }
    home().map_or_else(|| std::env::temp_dir().join("weld"), |h| h.join(".cache/weld"))
}

/// Where toolchains are searched for and installed.
pub fn toolchains() -> Folders {
    let managed = match std::env::var_os("WELD_TOOLCHAINS").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => home().unwrap_or_else(std::env::temp_dir).join(".cache/weld/toolchains"),
    };
    let search = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).collect();
    Folders { search, managed, cache: cache() }
}
