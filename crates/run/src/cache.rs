//! Compiled code on disk.
//!
//! An entry is keyed by the BLAKE3 hash of the component's bytes, weld's
//! version and a fingerprint of the engine's settings (so fuel, epochs or a
//! stack limit, which change the generated code, never share an entry). It
//! holds a header, the BLAKE3 hash of the artifact and the artifact, and is
//! written atomically. On load the header and the hash must match before the
//! artifact is handed to wasmtime, which then checks that it was made by the
//! same wasmtime with the same settings; an entry that fails any check is
//! ignored and rebuilt. This protects against corrupt and foreign entries,
//! not against someone who can write to the cache folder on purpose.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use wasmtime::Engine;

const MAGIC: &[u8; 12] = b"weld-cache-1";

/// The file an entry for `component` lives in.
pub fn entry_path(dir: &Path, engine: &Engine, component: &[u8]) -> PathBuf {
    let mut settings = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut settings);
    let mut key = blake3::Hasher::new();
    key.update(component);
    key.update(env!("CARGO_PKG_VERSION").as_bytes());
    key.update(&settings.finish().to_le_bytes());
    dir.join(format!("{}.cwasm", &key.finalize().to_hex()[..32]))
}

/// The artifact in the entry at `path`, if it is intact.
pub fn read(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (hash, artifact) = rest.split_at_checked(32)?;
    (blake3::hash(artifact).as_bytes() == hash).then(|| artifact.to_vec())
}

/// Writes an entry; failures only mean the next run compiles again.
pub fn write(path: &Path, artifact: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut tmp) = tempfile::Builder::new().prefix(".weld-").tempfile_in(dir) else { return };
    let ok = tmp.write_all(MAGIC).is_ok()
        && tmp.write_all(blake3::hash(artifact).as_bytes()).is_ok()
        && tmp.write_all(artifact).is_ok();
    if ok {
        let _ = tmp.persist(path);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_damaged_entry_is_not_returned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.cwasm");
        super::write(&path, b"artifact bytes");
        assert_eq!(super::read(&path).as_deref(), Some(&b"artifact bytes"[..]));
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(super::read(&path), None);
        std::fs::write(&path, b"weld-cache-1short").unwrap();
        assert_eq!(super::read(&path), None);
    }
}
