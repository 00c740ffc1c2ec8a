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
//!
//! The folder is kept under a size limit: a hit marks its entry as used
//! (its modification time, when older than ten minutes), and after each write the least recently used
//! entries are removed until the folder is back under three quarters of
//! the limit. Only files named like entries are ever counted or removed,
//! so the folder may hold other things (weld's toolchains live beside).

use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use wasmtime::Engine;

const MAGIC: &[u8; 12] = b"weld-cache-1";

/// The size limit when none is set: room for a dozen large (interpreter
/// sized) components and hundreds of small ones.
pub const DEFAULT_MAX_SIZE: u64 = 1 << 30;

/// Where compiled code is kept, and how much of it.
#[derive(Debug, Clone)]
pub struct Cache {
    pub dir: PathBuf,
    /// Most bytes the folder's entries may take together.
    pub max_size: u64,
}

/// What the folder holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub entries: usize,
    pub bytes: u64,
}

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

/// How stale an entry's time of use may get before a hit refreshes it: the
/// order of eviction needs no finer grain, and a warm start that ran
/// recently costs no write.
const TOUCH_AFTER: Duration = Duration::from_secs(600);

/// The artifact in the entry at `path`, if it is intact; marks it as used.
pub fn read(path: &Path) -> Option<Vec<u8>> {
    let mut file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()?);
    file.read_to_end(&mut bytes).ok()?;
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (hash, artifact) = rest.split_at_checked(32)?;
    if blake3::hash(artifact).as_bytes() != hash {
        return None;
    }
    let now = SystemTime::now();
    if meta.modified().is_ok_and(|used| now.duration_since(used).is_ok_and(|age| age > TOUCH_AFTER))
        && let Ok(file) = std::fs::File::options().append(true).open(path)
    {
        let _ = file.set_modified(now);
    }
    Some(artifact.to_vec())
}

/// Writes an entry, then trims the folder to `max_size`; failures only mean
/// the next run compiles again. An artifact larger than the limit is not
/// kept at all.
pub fn write(path: &Path, artifact: &[u8], max_size: u64) {
    let Some(dir) = path.parent() else { return };
    if entry_size(artifact) > max_size || std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut tmp) = tempfile::Builder::new().prefix(".weld-").tempfile_in(dir) else { return };
    let ok = tmp.write_all(MAGIC).is_ok()
        && tmp.write_all(blake3::hash(artifact).as_bytes()).is_ok()
        && tmp.write_all(artifact).is_ok();
    if ok && tmp.persist(path).is_ok() {
        trim(dir, max_size, path);
    }
}

fn entry_size(artifact: &[u8]) -> u64 {
    (MAGIC.len() + 32 + artifact.len()) as u64
}

/// Whether `name` is an entry's file name (32 hex digits and `.cwasm`).
fn is_entry(name: &str) -> bool {
    name.strip_suffix(".cwasm").is_some_and(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The entries in `dir`: path, size and when last used. With `sweep`,
/// temporary files last written before it (left by a killed weld) are
/// removed on the way.
fn entries(dir: &Path, sweep: Option<SystemTime>) -> Vec<(PathBuf, u64, SystemTime)> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found = Vec::new();
    for e in read.flatten() {
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let name = e.file_name();
        let name = name.to_string_lossy();
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if is_entry(&name) {
            found.push((e.path(), meta.len(), modified));
        } else if name.starts_with(".weld-") && sweep.is_some_and(|before| modified < before) {
            let _ = std::fs::remove_file(e.path());
        }
    }
    found
}

/// Removes the least recently used entries (never `keep`) while the folder
/// holds more than `max_size`, down to three quarters of it, so that a full
/// folder is not trimmed again on every write. Temporary files that a
/// killed weld left behind over an hour ago go too.
fn trim(dir: &Path, max_size: u64, keep: &Path) {
    let mut all = entries(dir, Some(SystemTime::now() - Duration::from_secs(3600)));
    let mut total: u64 = all.iter().map(|e| e.1).sum();
    if total <= max_size {
        return;
    }
    all.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    let goal = max_size / 4 * 3;
    for (path, size, _) in all {
        if total <= goal {
            break;
        }
        if path != keep && std::fs::remove_file(&path).is_ok() {
            total -= size;
        }
    }
}

/// How many entries `dir` holds and their size.
pub fn usage(dir: &Path) -> Usage {
    let all = entries(dir, None);
    Usage { entries: all.len(), bytes: all.iter().map(|e| e.1).sum() }
}

/// Removes every entry in `dir`; returns what was removed.
pub fn clear(dir: &Path) -> std::io::Result<Usage> {
    let mut removed = Usage::default();
    for (path, size, _) in entries(dir, None) {
        match std::fs::remove_file(&path) {
            Ok(()) => {
                removed.entries += 1;
                removed.bytes += size;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    #[test]
    fn a_damaged_entry_is_not_returned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.cwasm");
        super::write(&path, b"artifact bytes", super::DEFAULT_MAX_SIZE);
        assert_eq!(super::read(&path).as_deref(), Some(&b"artifact bytes"[..]));
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(super::read(&path), None);
        std::fs::write(&path, b"weld-cache-1short").unwrap();
        assert_eq!(super::read(&path), None);
    }

    fn name(i: u8) -> String {
        format!("{i:032x}.cwasm")
    }

    /// Sets when entry `i` was last used, `age` seconds ago.
    fn age(dir: &std::path::Path, i: u8, age: u64) {
        let file = std::fs::File::options().append(true).open(dir.join(name(i))).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(age)).unwrap();
    }

    #[test]
    fn the_least_recently_used_entries_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let artifact = [7u8; 956]; // 1000 bytes an entry, with header and hash
        for i in 0..4 {
            super::write(&d.join(name(i)), &artifact, 10_000);
        }
        std::fs::write(d.join("not-an-entry.txt"), [0u8; 5000]).unwrap();
        // Temporary files a killed weld left: an old one goes at the next
        // write, a recent one (a write under way) stays.
        for tmp in [".weld-old", ".weld-new"] {
            std::fs::write(d.join(tmp), b"partial").unwrap();
        }
        let old = std::fs::File::options().append(true).open(d.join(".weld-old")).unwrap();
        old.set_modified(SystemTime::now() - Duration::from_secs(7200)).unwrap();
        assert_eq!(super::usage(d), super::Usage { entries: 4, bytes: 4000 });
        for (i, secs) in [(0, 4000), (1, 3000), (2, 2000), (3, 1000)] {
            age(d, i, secs);
        }
        // A hit makes entry 0 the most recently used.
        assert!(super::read(&d.join(name(0))).is_some());
        // Writing a fifth entry over a 4500-byte limit trims down to 3375
        // bytes: entries 1 and 2, the oldest, go; the new one stays.
        super::write(&d.join(name(4)), &artifact, 4500);
        let left: Vec<bool> = (0..5).map(|i| d.join(name(i)).exists()).collect();
        assert_eq!(left, [true, false, false, true, true]);
        assert!(d.join("not-an-entry.txt").exists());
        assert!(!d.join(".weld-old").exists() && d.join(".weld-new").exists());
        // An artifact larger than the limit is not kept.
        super::write(&d.join(name(5)), &artifact, 500);
        assert!(!d.join(name(5)).exists());
        assert_eq!(super::clear(d).unwrap(), super::Usage { entries: 3, bytes: 3000 });
        assert_eq!(super::usage(d), super::Usage::default());
    }
}
