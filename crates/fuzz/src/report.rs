//! Counting what ran and keeping every failure with its input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One failure: what failed, for which seed, and the input that shows it.
pub struct Failure {
    pub kind: &'static str,
    pub seed: u64,
    pub message: String,
}

pub struct Report {
    /// Where failing inputs are written: `<dir>/<kind>-<seed>/`.
    pub dir: PathBuf,
    pub counts: BTreeMap<&'static str, u64>,
    pub failures: Vec<Failure>,
    /// Print why each input was refused (`WELD_FUZZ_VERBOSE=1`).
    pub verbose: bool,
}

impl Report {
    pub fn new(dir: PathBuf) -> Report {
        Report { dir, counts: BTreeMap::new(), failures: Vec::new(), verbose: false }
    }

    pub fn count(&mut self, what: &'static str) {
        self.add(what, 1);
    }

    pub fn add(&mut self, what: &'static str, n: u64) {
        *self.counts.entry(what).or_default() += n;
    }

    /// Records a failure and writes `files` (name, contents) beside its
    /// message, so that the input can be minimised into a fixture.
    pub fn fail(&mut self, kind: &'static str, seed: u64, message: String, files: &[(&str, &[u8])]) {
        let dir = self.dir.join(format!("{kind}-{seed}"));
        let written = std::fs::create_dir_all(&dir).is_ok()
            && std::fs::write(dir.join("message.txt"), &message).is_ok()
            && files.iter().all(|(name, bytes)| write(&dir.join(name), bytes));
        let first = message.lines().next().unwrap_or_default().to_string();
        let note = if written { format!(" ({})", dir.display()) } else { String::new() };
        eprintln!("weld-fuzz: FAIL {kind} seed {seed}: {first}{note}");
        self.failures.push(Failure { kind, seed, message });
    }

    /// The summary printed at the end: counts, then failures by kind.
    pub fn summary(&self) -> String {
        let mut s = String::from("weld-fuzz summary:\n");
        for (what, n) in &self.counts {
            s.push_str(&format!("  {what:<40} {n}\n"));
        }
        let mut kinds: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for f in &self.failures {
            kinds.entry(f.kind).or_default().push(f.seed);
        }
        for f in self.failures.iter().take(10) {
            let first = f.message.lines().next().unwrap_or_default();
            s.push_str(&format!("  {} seed {}: {first}\n", f.kind, f.seed));
        }
        if kinds.is_empty() {
            s.push_str("  no failures\n");
        }
        for (kind, seeds) in kinds {
            let mut seeds = seeds;
            seeds.dedup();
            let shown: Vec<String> = seeds.iter().take(20).map(u64::to_string).collect();
            let more = if seeds.len() > 20 { format!(" and {} more", seeds.len() - 20) } else { String::new() };
            s.push_str(&format!("  FAILED {kind}: {} (seeds {}{more})\n", seeds.len(), shown.join(", ")));
        }
        s
    }
}

fn write(path: &Path, bytes: &[u8]) -> bool {
    path.parent().is_none_or(|p| std::fs::create_dir_all(p).is_ok()) && std::fs::write(path, bytes).is_ok()
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-string payload".to_string()
    }
}

static PANIC_AT: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// Replaces the panic hook with one that prints nothing and remembers where
/// the panic happened: a hundred thousand inputs would otherwise fill the
/// terminal, and each caught panic is reported with its input anyway.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut at) = PANIC_AT.lock() {
            *at = info.location().map(|l| l.to_string()).unwrap_or_default();
        }
    }));
}

/// Runs `f`, turning a panic into `Err("panicked at FILE:LINE: message")`.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let at = PANIC_AT.lock().map(|a| a.clone()).unwrap_or_default();
        format!("panicked at {at}: {}", panic_message(&*p))
    })
}
