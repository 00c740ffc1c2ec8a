//! What the host grants one instance: WASI capabilities, stdio, limits and
//! host functions for the component's own imports.

use std::path::PathBuf;
use std::sync::Arc;

use wasmtime::component::Val;

use crate::{Capabilities, Limits, Wasi};

/// Where the guest's stdin comes from.
#[derive(Debug, Clone, Default)]
pub enum Input {
    /// Nothing: reads see the end of the stream.
    #[default]
    Null,
    /// The host process's stdin.
    Inherit,
    /// These bytes, then the end of the stream.
    Bytes(Vec<u8>),
    /// A file, or the read end of a pipe (on Unix,
    /// `File::from(OwnedFd::from(reader))` of [`std::io::pipe`]).
    File(Arc<std::fs::File>),
}

/// Where the guest's stdout or stderr goes.
#[derive(Debug, Clone, Default)]
pub enum Output {
    /// Nowhere: writes succeed and are dropped.
    #[default]
    Null,
    /// The host process's stdout or stderr.
    Inherit,
    /// An in-memory buffer of at most `capacity` bytes (a write past it
    /// fails in the guest), read afterwards with
    /// [`Instance::stdout`](crate::Instance::stdout) or
    /// [`Instance::stderr`](crate::Instance::stderr).
    Buffer { capacity: usize },
    /// A file, or the write end of a pipe the caller reads from (on Unix,
    /// `File::from(OwnedFd::from(writer))` of [`std::io::pipe`]). Writes
    /// block until the file takes them.
    ///
    /// ```
    /// # #[cfg(unix)]
    /// # fn main() -> anyhow::Result<()> {
    /// use std::io::Read;
    /// use std::os::fd::OwnedFd;
    /// use std::sync::Arc;
    /// use weld_run::{Host, Options, Output, Runner};
    ///
    /// let wat = r#"(module
    ///   (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    ///   (memory (export "memory") 1)
    ///   (data (i32.const 16) "through a pipe\n")
    ///   (func (export "_start")
    ///     (i32.store (i32.const 0) (i32.const 16))
    ///     (i32.store (i32.const 4) (i32.const 15))
    ///     (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;
    /// let runner = Runner::new(Options::default())?;
    /// let loaded = runner.load("pipe.wat", wat.as_bytes().to_vec())?;
    /// let (mut reader, writer) = std::io::pipe()?;
    /// let host = Host::new().stdout(Output::File(Arc::new(OwnedFd::from(writer).into())));
    /// loaded.run_command(&runner, &host)??;
    /// drop(host); // the last write end: the reader sees the end of the stream
    /// let mut text = String::new();
    /// reader.read_to_string(&mut text)?;
    /// assert_eq!(text, "through a pipe\n");
    /// # Ok(())
    /// # }
    /// # #[cfg(not(unix))]
    /// # fn main() {}
    /// ```
    File(Arc<std::fs::File>),
}

impl Output {
    /// A buffer of up to 1 MiB.
    pub fn buffer() -> Output {
        Output::Buffer { capacity: 1 << 20 }
    }
}

/// A host function's body: the arguments, and the results to fill in (as
/// many as the import's type has, of its types). An error ends the call
/// with [`Ending::Failed`](crate::Ending::Failed).
pub type HostFn = dyn Fn(&[Val], &mut [Val]) -> anyhow::Result<()> + Send + Sync;

/// A function the host defines for one of the component's imports.
#[derive(Clone)]
pub(crate) struct HostFunc {
    /// The imported interface (`demo:plugin/log@0.1.0`), or `None` for a
    /// world-level import.
    pub interface: Option<String>,
    pub name: String,
    pub body: Arc<HostFn>,
}

/// Everything one instance is given. Nothing is granted by default: no
/// arguments, environment, folders or network, stdio goes nowhere, and the
/// limits are the [`Runner`](crate::Runner)'s.
///
/// ```
/// use weld_run::{Host, Input, Limits, Output};
///
/// let host = Host::new()
///     .args(["plugin", "--verbose"])
///     .env("LANG", "C")
///     .stdin(Input::Bytes(b"hello".to_vec()))
///     .stdout(Output::buffer())
///     .limits(Limits { max_memory: Some(16 << 20), ..Limits::default() });
/// # let _ = host;
/// ```
#[derive(Clone, Default)]
pub struct Host {
    pub(crate) caps: Capabilities,
    pub(crate) stdin: Input,
    pub(crate) stdout: Output,
    pub(crate) stderr: Output,
    pub(crate) limits: Option<Limits>,
    pub(crate) funcs: Vec<HostFunc>,
    pub(crate) wasi: Wasi,
    pub(crate) trace: Option<Arc<crate::Trace>>,
}

impl Host {
    pub fn new() -> Host {
        Host::default()
    }

    /// The WASI capabilities as one value (replaces those given so far).
    pub fn capabilities(mut self, caps: Capabilities) -> Host {
        self.caps = caps;
        self
    }

    /// Command-line arguments, starting with the program's name.
    pub fn args<S: Into<String>>(mut self, args: impl IntoIterator<Item = S>) -> Host {
        self.caps.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// One environment variable.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Host {
        self.caps.env.push((name.into(), value.into()));
        self
    }

    /// A host folder, seen by the guest at `guest`.
    pub fn dir(mut self, host: impl Into<PathBuf>, guest: impl Into<String>, read_only: bool) -> Host {
        self.caps.dirs.push((host.into(), guest.into(), read_only));
        self
    }

    /// TCP and UDP sockets and name lookup.
    pub fn network(mut self, allow: bool) -> Host {
        self.caps.network = allow;
        self
    }

    pub fn stdin(mut self, input: Input) -> Host {
        self.stdin = input;
        self
    }

    pub fn stdout(mut self, output: Output) -> Host {
        self.stdout = output;
        self
    }

    pub fn stderr(mut self, output: Output) -> Host {
        self.stderr = output;
        self
    }

    /// stdin, stdout and stderr of the host process, as a command line
    /// tool gives them.
    pub fn inherit_stdio(self) -> Host {
        self.stdin(Input::Inherit).stdout(Output::Inherit).stderr(Output::Inherit)
    }

    /// Limits for this instance instead of the runner's. Fuel and timeouts
    /// need a runner that meters them, and the stack limit must be the
    /// runner's (wasmtime sets it per engine).
    pub fn limits(mut self, limits: Limits) -> Host {
        self.limits = Some(limits);
        self
    }

    /// Which WASI versions the instance is served: both 0.2 and 0.3 by
    /// default. With one only, a component importing the other's
    /// interfaces is refused before it runs ([`Refusal::WasiVersion`]).
    ///
    /// [`Refusal::WasiVersion`]: crate::Refusal::WasiVersion
    pub fn wasi(mut self, wasi: Wasi) -> Host {
        self.wasi = wasi;
        self
    }

    /// Records every call across a component boundary in `trace` (see
    /// [`Trace`](crate::Trace)): the host's calls into the component, and
    /// the calls members of a linked composition make into each other.
    pub fn trace(mut self, trace: Arc<crate::Trace>) -> Host {
        self.trace = Some(trace);
        self
    }

    /// Defines the world-level import function `name`.
    pub fn func(
        mut self,
        name: impl Into<String>,
        body: impl Fn(&[Val], &mut [Val]) -> anyhow::Result<()> + Send + Sync + 'static,
    ) -> Host {
        self.funcs.push(HostFunc { interface: None, name: name.into(), body: Arc::new(body) });
        self
    }

    /// Defines function `name` of the imported interface `interface`
    /// (`ns:pkg/iface@1.0.0`; the host's version serves any semver-compatible
    /// one the component asks for).
    ///
    /// ```
    /// use weld_run::{Host, Options, Runner, Val};
    ///
    /// # fn main() -> anyhow::Result<()> {
    /// let wat = r#"(component
    ///   (import "demo:calc/host@0.1.0" (instance $host (export "twice" (func (param "v" s32) (result s32)))))
    ///   (core func $twice (canon lower (func $host "twice")))
    ///   (core module $m
    ///     (import "host" "twice" (func $twice (param i32) (result i32)))
    ///     (func (export "quad") (param i32) (result i32) (call $twice (call $twice (local.get 0)))))
    ///   (core instance $h (export "twice" (func $twice)))
    ///   (core instance $i (instantiate $m (with "host" (instance $h))))
    ///   (func (export "quad") (param "v" s32) (result s32) (canon lift (core func $i "quad"))))"#;
    /// let runner = Runner::new(Options::default())?;
    /// let loaded = runner.load("quad.wat", wat.as_bytes().to_vec())?;
    /// let host = Host::new().interface_func("demo:calc/host@0.1.0", "twice", |args, results| {
    ///     let Val::S32(v) = args[0] else { anyhow::bail!("expected an s32") };
    ///     results[0] = Val::S32(v * 2);
    ///     Ok(())
    /// });
    /// let mut instance = loaded.instantiate(&runner, &host)?.expect("instantiates");
    /// assert_eq!(instance.call("quad", &[Val::S32(5)])?, Ok(vec![Val::S32(20)]));
    ///
    /// // Without the host function, the import is named before anything runs.
    /// let err = loaded.instantiate(&runner, &Host::new()).err().unwrap().to_string();
    /// assert!(err.contains("`demo:calc/host@0.1.0` (interface) with 1 function: twice"), "{err}");
    /// assert!(err.starts_with("the component has 1 import that neither WASI 0.2/0.3 nor a host function provides"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn interface_func(
        mut self,
        interface: impl Into<String>,
        name: impl Into<String>,
        body: impl Fn(&[Val], &mut [Val]) -> anyhow::Result<()> + Send + Sync + 'static,
    ) -> Host {
        self.funcs.push(HostFunc { interface: Some(interface.into()), name: name.into(), body: Arc::new(body) });
        self
    }

    /// Whether the host defines something for import `name` (an interface
    /// or a world-level function).
    pub(crate) fn defines(&self, name: &str) -> bool {
        use weld_wit::names::Name;
        // The same interface on the same version track, as wasmtime's
        // linker matches an import with a definition.
        self.funcs.iter().any(|f| match &f.interface {
            Some(i) => match (Name::parse(i), Name::parse(name)) {
                (Some(a), Some(b)) => a.same_track_as(&b),
                _ => i == name,
            },
            None => f.name == name,
        })
    }
}

impl From<Capabilities> for Host {
    fn from(caps: Capabilities) -> Host {
        Host::new().capabilities(caps)
    }
}
