//! How a call into the guest ended when it did not return: a typed
//! [`Ending`], with the guest's call stack where there is one.
//!
//! Messages here describe the ending in the embedding's terms (limits by
//! their values); the CLI adds which flag set a limit.

use std::fmt;
use std::time::Duration;

use wasmtime::{Trap, WasmBacktrace};

use crate::host::Guard;

/// Exit code for a trap, as for an abort signal (128 + SIGABRT).
pub const EXIT_TRAP: i32 = 134;
/// Exit code when a timeout elapses, as `timeout(1)` uses.
pub const EXIT_TIMEOUT: i32 = 124;

/// Why the guest stopped instead of returning.
///
/// An instance that ended with anything but [`Ending::RunError`] cannot be
/// called again (its state may be half-updated); instantiate the component
/// again.
///
/// ```
/// use std::time::Duration;
/// use weld_run::{Ending, Host, Limits, Options, Runner, Val};
///
/// # fn main() -> anyhow::Result<()> {
/// let wat = r#"(component
///   (core module $m
///     (memory (export "memory") 1)
///     (func (export "spin") (loop $l (br $l)))
///     (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
///     (func (export "boom") unreachable))
///   (core instance $i (instantiate $m))
///   (func (export "spin") (canon lift (core func $i "spin")))
///   (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $i "grow")))
///   (func (export "boom") (canon lift (core func $i "boom"))))"#;
/// // The runner can interrupt guests; each instance has its own limits.
/// let limits = Limits { timeout: Some(Duration::from_millis(50)), max_memory: Some(1 << 20), ..Limits::default() };
/// let runner = Runner::new(Options { limits: limits.clone(), cache: None })?;
/// let loaded = runner.load("runaway.wat", wat.as_bytes().to_vec())?;
/// let fresh = || loaded.instantiate(&runner, &Host::new()).map(|i| i.expect("instantiates"));
///
/// let ending = fresh()?.call("spin", &[])?.unwrap_err();
/// assert!(matches!(ending, Ending::Timeout { limit, .. } if limit == Duration::from_millis(50)));
/// assert_eq!(ending.exit_code(), weld_run::EXIT_TIMEOUT);
///
/// // 100 pages of 64 KiB are over the 1 MiB limit.
/// let ending = fresh()?.call("grow", &[Val::U32(100)])?.unwrap_err();
/// assert!(matches!(ending, Ending::MemoryLimit { requested: 6_619_136, limit: 1_048_576, .. }));
/// assert_eq!(ending.to_string(), "memory limit reached: the guest tried to grow a memory to 6464 KiB, over its limit of 1 MiB");
///
/// let mut instance = fresh()?;
/// let Err(Ending::Trap { message, backtrace }) = instance.call("boom", &[])? else { panic!("expected a trap") };
/// assert_eq!(message, "wasm trap: wasm `unreachable` instruction executed");
/// assert_eq!(backtrace.frames.len(), 1);
/// // The instance may not be entered again.
/// assert!(instance.call("spin", &[]).unwrap_err().to_string().contains("cannot be called again"));
///
/// // Another instance with a smaller memory limit of its own.
/// let host = Host::new().limits(Limits { max_memory: Some(128 << 10), ..limits });
/// let mut small = loaded.instantiate(&runner, &host)?.expect("instantiates");
/// assert!(matches!(small.call("grow", &[Val::U32(2)])?, Err(Ending::MemoryLimit { limit: 131_072, .. })));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The guest called `wasi:cli/exit` (`exit-with-code(n)`, or `exit(err)`
    /// as 1), or a preview1 module called `proc_exit(n)`.
    Exit(i32),
    /// `wasi:cli/run` returned `err`.
    RunError,
    /// The guest trapped (`unreachable`, a bad memory access, ...).
    Trap { message: String, backtrace: Backtrace },
    /// A call ran longer than [`Limits::timeout`](crate::Limits::timeout).
    Timeout { limit: Duration, backtrace: Backtrace },
    /// A call used all of [`Limits::fuel`](crate::Limits::fuel).
    OutOfFuel { limit: u64, backtrace: Backtrace },
    /// The guest tried to grow a memory past
    /// [`Limits::max_memory`](crate::Limits::max_memory).
    MemoryLimit { requested: usize, limit: usize, backtrace: Backtrace },
    /// The guest used all of its wasm stack (`None`: wasmtime's default).
    StackOverflow { limit: Option<usize>, backtrace: Backtrace },
    /// Every task of the call waits (on a future, a stream, a subtask) and
    /// nothing can wake one: no guest code can run and the host has no
    /// work pending. `message` is wasmtime's own words.
    Deadlock { message: String },
    /// The host failed the call: a host function returned an error, or
    /// WASI or wasmtime refused something.
    Failed { message: String },
}

impl Ending {
    /// The exit code a command line tool reports for this ending: the
    /// guest's own code, 1 for `run` returning `err` or a host failure,
    /// [`EXIT_TIMEOUT`] for a timeout and [`EXIT_TRAP`] for a trap, a deadlock or any
    /// other limit.
    pub fn exit_code(&self) -> i32 {
        match self {
            Ending::Exit(code) => *code,
            Ending::RunError | Ending::Failed { .. } => 1,
            Ending::Timeout { .. } => EXIT_TIMEOUT,
            Ending::Trap { .. } | Ending::OutOfFuel { .. } | Ending::MemoryLimit { .. } => EXIT_TRAP,
            Ending::StackOverflow { .. } | Ending::Deadlock { .. } => EXIT_TRAP,
        }
    }

    /// The guest's call stack when it stopped, if it was running.
    pub fn backtrace(&self) -> Option<&Backtrace> {
        match self {
            Ending::Trap { backtrace, .. }
            | Ending::Timeout { backtrace, .. }
            | Ending::OutOfFuel { backtrace, .. }
            | Ending::MemoryLimit { backtrace, .. }
            | Ending::StackOverflow { backtrace, .. } => Some(backtrace),
            _ => None,
        }
    }
}

/// One line per ending, naming the limit by its value; the backtrace is
/// not included (see [`Ending::backtrace`]).
impl fmt::Display for Ending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ending::Exit(code) => write!(f, "the guest exited with code {code}"),
            Ending::RunError => write!(f, "the program's `run` returned an error"),
            Ending::Trap { message, .. } => write!(f, "the guest trapped: {message}"),
            Ending::Timeout { limit, .. } => write!(f, "timeout: the guest ran longer than {limit:?} and was stopped"),
            Ending::OutOfFuel { limit, .. } => write!(f, "out of fuel: the guest used all {limit} units of its fuel"),
            Ending::MemoryLimit { requested, limit, .. } => write!(
                f,
                "memory limit reached: the guest tried to grow a memory to {}, over its limit of {}",
                bytes(*requested as u64),
                bytes(*limit as u64)
            ),
            Ending::StackOverflow { limit, .. } => {
                let limit = limit.map_or("the default 512 KiB".to_string(), |s| bytes(s as u64));
                write!(f, "stack overflow: the guest used all of its wasm stack ({limit})")
            }
            Ending::Deadlock { message } => {
                write!(f, "deadlock: every task of the guest is waiting and nothing can wake one (wasmtime: {message})")
            }
            Ending::Failed { message } => f.write_str(message),
        }
    }
}

/// So that `?` turns an ending into an error where the embedder does not
/// tell endings apart.
impl std::error::Error for Ending {}

/// The guest's call stack, innermost frame first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backtrace {
    pub frames: Vec<Frame>,
}

/// One frame of a [`Backtrace`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The function's name from the name section, else `function #N`.
    pub func: String,
    /// The offset of the instruction within the function.
    pub offset: Option<usize>,
    /// The core module's name, when it has one.
    pub module: Option<String>,
    /// How many identical frames follow this one (deep recursion).
    pub repeated: usize,
    /// Source locations from DWARF: `(function, file, line, column)`.
    pub locations: Vec<(Option<String>, String, u32, Option<u32>)>,
    /// The member of a composition linked at load time (`weld run --plug`,
    /// or a composed binary split with `--trace`) whose code this is, with
    /// its languages: `calc.wasm (Rust)`. `None` for a single component.
    pub component: Option<String>,
}

impl Backtrace {
    /// `members`: where each linked member's compiled code lies, and its
    /// label (none for a single component).
    fn from_wasmtime(bt: &WasmBacktrace, members: &[(std::ops::Range<usize>, String)]) -> Backtrace {
        let mut frames = Vec::new();
        let all = bt.frames();
        let mut i = 0;
        while i < all.len() {
            let frame = &all[i];
            // Deep recursion repeats one frame: keep it once, with a count.
            let same = all[i..]
                .iter()
                .take_while(|f| f.func_index() == frame.func_index() && f.func_offset() == frame.func_offset())
                .count();
            let locations = frame
                .symbols()
                .iter()
                .filter_map(|s| Some((s.name().map(str::to_string), s.file()?.to_string(), s.line()?, s.column())))
                .collect();
            frames.push(Frame {
                func: frame
                    .func_name()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("function #{}", frame.func_index())),
                // Unlike a module offset, the offset within the function does
                // not move when an earlier part of the component changes.
                offset: frame.func_offset(),
                module: frame.module().name().map(str::to_string),
                repeated: same - 1,
                locations,
                component: member_of(frame.module().image_range().start as usize, members),
            });
            i += same;
        }
        Backtrace { frames }
    }
}

/// The label of the member whose compiled code holds `address`.
fn member_of(address: usize, members: &[(std::ops::Range<usize>, String)]) -> Option<String> {
    members.iter().find(|(code, _)| code.contains(&address)).map(|(_, label)| label.clone())
}

/// `wasm backtrace (innermost first):` and a line per frame, each followed
/// by its source locations; nothing for an empty backtrace. A frame of a
/// member of a linked composition starts with the member's label. Frame numbers
/// count the frames of the guest's stack, repeated ones included.
impl fmt::Display for Backtrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.frames.is_empty() {
            return Ok(());
        }
        f.write_str("wasm backtrace (innermost first):")?;
        let mut index = 0;
        for frame in &self.frames {
            let offset = frame.offset.map(|o| format!("+{o:#x}")).unwrap_or_default();
            let module = frame.module.as_ref().map(|m| format!(" in module `{m}`")).unwrap_or_default();
            let component = frame.component.as_ref().map(|c| format!("{c}: ")).unwrap_or_default();
            write!(f, "\n  {index}: {component}{}{offset}{module}", frame.func)?;
            if frame.repeated > 0 {
                write!(f, " (and {} more identical frames)", frame.repeated)?;
            }
            for (name, file, line, col) in &frame.locations {
                let col = col.map(|c| format!(":{c}")).unwrap_or_default();
                let name = name.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
                write!(f, "\n       {name}at {file}:{line}{col}")?;
            }
            index += 1 + frame.repeated;
        }
        Ok(())
    }
}

/// Turns an error from calling into the guest into an ending.
pub(crate) fn classify(err: &anyhow::Error, guard: &Guard) -> Ending {
    if let Some(exit) = err.downcast_ref::<wasmtime_wasi::I32Exit>() {
        return Ending::Exit(exit.0);
    }
    let backtrace =
        err.downcast_ref::<WasmBacktrace>().map(|bt| Backtrace::from_wasmtime(bt, &guard.members)).unwrap_or_default();
    if let Some(requested) = guard.limiter.refused {
        let limit = guard.limiter.max.unwrap_or_default();
        return Ending::MemoryLimit { requested, limit, backtrace };
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => Ending::OutOfFuel { limit: guard.fuel.unwrap_or_default(), backtrace },
        Some(Trap::Interrupt) => Ending::Timeout { limit: guard.timeout.unwrap_or_default(), backtrace },
        Some(Trap::StackOverflow) => Ending::StackOverflow { limit: guard.max_stack, backtrace },
        Some(Trap::AsyncDeadlock) => {
            let text = Trap::AsyncDeadlock.to_string();
            Ending::Deadlock { message: text.trim_start_matches("wasm trap: ").to_string() }
        }
        Some(trap) => Ending::Trap { message: trap.to_string(), backtrace },
        None if handle_fault(err) => {
            Ending::Trap { message: format!("component model trap: {}", err.root_cause()), backtrace }
        }
        None => Ending::Failed { message: format!("{err:#}") },
    }
}

/// What wasmtime 48's handle table says when a guest misuses a handle: a
/// handle dropped twice or never made, a future passed where a stream is
/// expected, the wrong end of a stream or future, an end dropped while a
/// read or write is in flight. The canonical ABI makes each a trap; wasmtime
/// reports them as plain errors, which would otherwise read as the host
/// failing.
const HANDLE_FAULTS: &[&str] = &[
    "unknown handle index",
    "index is not a resource",
    "handle is not a ",
    "handle is a stream of a different type",
    "handle is a future of a different type",
    "passed read end to ",
    "passed write end to ",
    "cannot remove busy ",
    "cannot drop busy ",
    "cannot remove owned resource while borrowed",
];

fn handle_fault(err: &anyhow::Error) -> bool {
    let root = err.root_cause().to_string();
    let is_not_resource = root.starts_with("index ") && root.contains(" is not ");
    is_not_resource || HANDLE_FAULTS.iter().any(|m| root.starts_with(m))
}

/// The ending of a call whose deadline passed while its tasks waited on the
/// host (no guest code running, so there is no backtrace).
pub(crate) fn timed_out(guard: &Guard) -> Ending {
    Ending::Timeout { limit: guard.timeout.unwrap_or_default(), backtrace: Backtrace::default() }
}

/// `16 MiB`, `512 KiB`, `100 B`.
pub fn bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    if n >= KIB * KIB && n.is_multiple_of(KIB * KIB) {
        format!("{} MiB", n / (KIB * KIB))
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} B")
    }
}

#[cfg(test)]
mod tests {
    use super::{Backtrace, Frame};

    fn frame(func: &str, component: Option<&str>) -> Frame {
        Frame {
            func: func.to_string(),
            offset: Some(3),
            module: None,
            repeated: 0,
            locations: Vec::new(),
            component: component.map(str::to_string),
        }
    }

    #[test]
    fn frames_of_linked_members_name_their_member() {
        let bt = Backtrace {
            frames: vec![
                frame("refuse", Some("plug.wasm (Rust)")),
                frame("run", Some("app.wasm (C11)")),
                frame("x", None),
            ],
        };
        assert_eq!(
            bt.to_string(),
            "wasm backtrace (innermost first):\n  0: plug.wasm (Rust): refuse+0x3\n  1: app.wasm (C11): run+0x3\n  2: x+0x3"
        );
    }

    #[test]
    fn a_frame_belongs_to_the_member_whose_code_holds_it() {
        let members = vec![(0x1000..0x2000, "a".to_string()), (0x2000..0x3000, "b".to_string())];
        assert_eq!(super::member_of(0x2000, &members).as_deref(), Some("b"));
        assert_eq!(super::member_of(0x1fff, &members).as_deref(), Some("a"));
        assert_eq!(super::member_of(0x3000, &members), None);
    }
}
