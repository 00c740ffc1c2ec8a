//! A native host for text plugins, on weld-run's embedding API.
//!
//! Every `.wasm` file in a folder is a plugin built against the world
//! `plugin` of `examples/plugins/wit/plugin.wit`: it exports `name` and
//! `transform`, and may import `log`, which the host defines. Each plugin
//! runs in its own instance with its own limits; a plugin that traps, runs
//! too long, takes too much memory or was built for another world is
//! reported with its name, and the others keep working. [`Plugins::refresh`]
//! reloads plugins whose files changed (the `--watch` mode polls it).

pub mod bench;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use weld_run::{Cache, Ending, Host, Instance, Limits, Loaded, Options, Output, Runner, Val};

/// What the host expects each plugin to export, as `--list` shows exports.
pub const EXPECTED: [(&str, &str); 2] =
    [("name", "func() -> string"), ("transform", "func(input: string) -> result<string, string>")];

/// The limits every plugin runs under: each call gets the timeout.
pub fn limits() -> Limits {
    Limits { max_memory: Some(64 << 20), timeout: Some(Duration::from_secs(1)), fuel: None, max_stack: None }
}

/// The runner plugins share, with the compile cache in `cache` if given.
pub fn runner(cache: Option<PathBuf>) -> Result<Runner> {
    let cache = cache.map(|dir| Cache { dir, max_size: weld_run::cache::DEFAULT_MAX_SIZE });
    Runner::new(Options { limits: limits(), cache })
}

/// The plugins of one folder.
pub struct Plugins {
    dir: PathBuf,
    runner: Runner,
    /// By file name, so they load and run in name order.
    plugins: BTreeMap<String, Plugin>,
    /// Messages plugins passed to `log` since last taken.
    logs: Arc<Mutex<Vec<String>>>,
}

struct Plugin {
    stamp: Stamp,
    state: State,
}

/// A file's modification time and size: when either changes, the plugin
/// is loaded again.
type Stamp = (Option<SystemTime>, u64);

enum State {
    Ready(Box<Ready>),
    /// Why the host refuses the plugin.
    Refused(String),
}

struct Ready {
    name: String,
    loaded: Loaded,
    host: Host,
    /// `None` after an ending: the next call starts a fresh instance.
    instance: Option<Instance>,
}

/// A file that changed since the last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Changed(String),
    Removed(String),
}

impl Plugins {
    /// Loads every plugin in `dir`.
    pub fn open(dir: &Path, runner: Runner) -> Result<Plugins> {
        let mut plugins = Plugins {
            dir: dir.to_path_buf(),
            runner,
            plugins: BTreeMap::new(),
            logs: Arc::new(Mutex::new(Vec::new())),
        };
        plugins.refresh()?;
        Ok(plugins)
    }

    /// One line per plugin: its name, or why it is not loaded.
    pub fn summary(&self) -> Vec<String> {
        self.plugins.keys().map(|file| self.describe(file)).collect()
    }

    fn describe(&self, file: &str) -> String {
        match &self.plugins[file].state {
            State::Ready(r) => format!("loaded {file} as `{}`", r.name),
            State::Refused(why) => format!("not loaded: {file}: {why}"),
        }
    }

    /// The names of the plugins that loaded.
    pub fn names(&self) -> Vec<String> {
        self.plugins
            .values()
            .filter_map(|p| match &p.state {
                State::Ready(r) => Some(r.name.clone()),
                State::Refused(_) => None,
            })
            .collect()
    }

    /// Transforms `input` with every loaded plugin; the lines to show.
    pub fn transform_all(&mut self, input: &str) -> Vec<String> {
        let files: Vec<String> = self.plugins.keys().cloned().collect();
        files.iter().flat_map(|f| self.transform(f, input)).collect()
    }

    /// Transforms `input` with the plugin in `file`: what it logged, then
    /// its result or how it ended. Nothing for a plugin that is not loaded.
    pub fn transform(&mut self, file: &str, input: &str) -> Vec<String> {
        let Some(Plugin { state: State::Ready(ready), .. }) = self.plugins.get_mut(file) else {
            return Vec::new();
        };
        let name = ready.name.clone();
        let outcome = call_transform(&self.runner, ready, input);
        let mut lines: Vec<String> =
            std::mem::take(&mut *self.logs.lock().unwrap()).into_iter().map(|m| format!("{name}: log: {m}")).collect();
        let call = format!("{name}({input:?})");
        lines.push(match outcome {
            Ok(Ok(text)) => format!("{call} = ok({text:?})"),
            Ok(Err(why)) => format!("{call} = err({why:?})"),
            Err(failure) => format!("{call} failed: {failure}"),
        });
        lines
    }

    /// Looks at the folder once: loads new plugins and plugins whose file
    /// changed (modification time or size), and forgets removed ones.
    pub fn refresh(&mut self) -> Result<Vec<Change>> {
        let mut seen = BTreeMap::new();
        let entries =
            std::fs::read_dir(&self.dir).with_context(|| format!("failed to read `{}`", self.dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "wasm")
                && let Some(file) = path.file_name().and_then(|f| f.to_str())
                && let Ok(meta) = std::fs::metadata(&path)
            {
                seen.insert(file.to_string(), (meta.modified().ok(), meta.len()));
            }
        }
        let mut changes = Vec::new();
        let gone: Vec<String> = self.plugins.keys().filter(|f| !seen.contains_key(*f)).cloned().collect();
        for file in gone {
            self.plugins.remove(&file);
            changes.push(Change::Removed(file));
        }
        for (file, stamp) in seen {
            let change = match self.plugins.get(&file) {
                None => Change::Added(file.clone()),
                Some(p) if p.stamp != stamp => Change::Changed(file.clone()),
                Some(_) => continue,
            };
            let state = self.load(&file);
            self.plugins.insert(file, Plugin { stamp, state });
            changes.push(change);
        }
        Ok(changes)
    }

    /// What to print for a change, after which the caller transforms its
    /// inputs with the plugin again.
    pub fn describe_change(&self, change: &Change) -> String {
        let (verb, file) = match change {
            Change::Added(f) => ("added", f),
            Change::Changed(f) => ("reloaded", f),
            Change::Removed(f) => return format!("removed {f}"),
        };
        match &self.plugins[file].state {
            State::Ready(r) => format!("{verb} {file} as `{}`", r.name),
            State::Refused(why) => format!("{verb} {file}, not loaded: {why}"),
        }
    }

    fn load(&self, file: &str) -> State {
        match self.try_load(file) {
            Ok(state) => state,
            Err(why) => State::Refused(format!("{why:#}")),
        }
    }

    fn try_load(&self, file: &str) -> Result<State> {
        let loaded = self.runner.load_file(&self.dir.join(file))?;
        if loaded.is_core_module() {
            anyhow::bail!("not a component (a core module)");
        }
        check_world(&loaded.exports(&self.runner))?;
        let logs = self.logs.clone();
        let host = Host::new().stdout(Output::buffer()).stderr(Output::buffer()).func("log", move |args, _| {
            if let [Val::String(message)] = args {
                logs.lock().unwrap().push(message.clone());
            }
            Ok(())
        });
        let mut instance = match loaded.instantiate(&self.runner, &host)? {
            Ok(i) => i,
            Err(ending) => anyhow::bail!("it failed to start: {}", describe(&ending)),
        };
        let name = match instance.call("name", &[])? {
            Ok(results) => match results.as_slice() {
                [Val::String(name)] => name.clone(),
                other => anyhow::bail!("`name` returned {other:?}, expected one string"),
            },
            Err(ending) => anyhow::bail!("`name` failed: {}", describe(&ending)),
        };
        Ok(State::Ready(Box::new(Ready { name, loaded, host, instance: Some(instance) })))
    }
}

/// Whether a plugin's exports are the world's: every problem is named.
pub fn check_world(exports: &[weld_run::ExportFunc]) -> Result<()> {
    let mut problems = Vec::new();
    for (name, signature) in EXPECTED {
        match exports.iter().find(|e| e.instance.is_none() && e.func == name) {
            None => problems.push(format!("no export `{name}` (expected `{name}: {signature}`)")),
            Some(e) if e.signature != signature => {
                problems.push(format!("export `{name}` is `{}`, expected `{signature}`", e.signature))
            }
            Some(_) => {}
        }
    }
    if problems.is_empty() { Ok(()) } else { anyhow::bail!("wrong world: {}", problems.join("; ")) }
}

/// Calls `transform`, starting a fresh instance when the last call ended
/// it: the plugin's result, or how the call ended.
fn call_transform(runner: &Runner, ready: &mut Ready, input: &str) -> Result<Result<String, String>, String> {
    let instance = &mut ready.instance;
    if instance.is_none() {
        match ready.loaded.instantiate(runner, &ready.host) {
            Ok(Ok(i)) => *instance = Some(i),
            Ok(Err(ending)) => return Err(format!("it failed to start again: {}", describe(&ending))),
            Err(e) => return Err(format!("{e:#}")),
        }
    }
    let Some(running) = instance else { unreachable!("an instance was just made") };
    match running.call("transform", &[Val::String(input.to_string())]) {
        Ok(Ok(results)) => match results.as_slice() {
            [Val::Result(Ok(Some(v)))] if matches!(**v, Val::String(_)) => Ok(Ok(string(v))),
            [Val::Result(Err(Some(v)))] if matches!(**v, Val::String(_)) => Ok(Err(string(v))),
            other => Err(format!("`transform` returned {other:?}, expected a result of strings")),
        },
        Ok(Err(ending)) => {
            *instance = None;
            Err(describe(&ending))
        }
        Err(e) => Err(format!("{e:#}")),
    }
}

fn string(v: &Val) -> String {
    match v {
        Val::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// An ending in one line, with the function the guest was in (from the
/// name section or from DWARF) when it is known.
pub fn describe(ending: &Ending) -> String {
    let frame = ending.backtrace().and_then(|b| b.frames.first());
    let named = frame.and_then(|f| match f.locations.first() {
        Some((Some(name), ..)) => Some(name.clone()),
        _ => (!f.func.starts_with("function #")).then(|| f.func.clone()),
    });
    match named {
        Some(func) => format!("{ending} (in `{func}`)"),
        None => ending.to_string(),
    }
}
