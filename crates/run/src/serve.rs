//! Serving an HTTP component over HTTP/1.1 (`weld serve`): a
//! `wasi:http/proxy` 0.2 component (`incoming-handler`, answering through a
//! response-outparam) or a `wasi:http/service` 0.3 component (an async
//! `handler` returning the response, bodies as streams; [`crate::serve3`]).
//!
//! The component is compiled and pre-instantiated once ([`ProxyPre`] or
//! `ServicePre`); every
//! request gets a fresh store and instance, so nothing leaks between
//! requests, with the runner's limits for each one: memory, fuel, and a
//! deadline answered with 504. At most [`ServeOptions::max_concurrent`]
//! requests run at once; the next ones are answered 503 at once. A trap
//! answers 500 and is reported with its backtrace, and the server keeps
//! serving. SIGINT or SIGTERM (or [`Stopper::stop`]) stops accepting
//! connections and lets the requests in flight finish, for at most
//! [`ServeOptions::grace`]. Everything worth saying is an [`Event`] for the
//! caller to print: the address once listening, one access line per
//! request, guest failures, shutdown.

use std::convert::Infallible;
use std::fmt;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use wasmtime::component::{Linker, ResourceTable};
use wasmtime::{Store, UpdateDeadline};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::io::TokioIo;
use wasmtime_wasi_http::p2::bindings::ProxyPre;
use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;
use wasmtime_wasi_http::p3::bindings::ServicePre;
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use crate::ending::classify;
use crate::engine::Program;
use crate::host::{Guard, Guarded, wasi_builder};
use crate::outgoing::Outgoing;
use crate::{Ending, Host, Loaded, Output, Runner};

/// How to serve: where, how many at once, what the guest is granted.
#[derive(Clone)]
pub struct ServeOptions {
    /// Where to listen; port 0 picks a free port (see [`Event::Listening`]).
    pub addr: SocketAddr,
    /// Most requests running at once; beyond it requests are answered 503.
    pub max_concurrent: usize,
    /// How long requests in flight may take to finish after a shutdown signal.
    pub grace: Duration,
    /// Hosts the guest may send HTTP requests to (`HOST` or `HOST:PORT`).
    pub allow_http: Vec<String>,
    /// What each instance is granted (folders, environment, network);
    /// its stdout and stderr go to the server's stderr. Limits are the runner's.
    pub host: Host,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_concurrent: 64,
            grace: Duration::from_secs(10),
            allow_http: Vec::new(),
            host: Host::new(),
        }
    }
}

/// What happened, for the caller to print.
#[derive(Debug, Clone)]
pub enum Event {
    /// Listening on this address (the real port when 0 was asked for).
    Listening(SocketAddr),
    /// One request, once its response was sent (or abandoned).
    Access(Access),
    /// A request the guest failed: the ending, and the request it failed.
    GuestFailed { method: String, path: String, ending: Ending },
    /// Something else went wrong with a request or a connection.
    Error(String),
    /// An outgoing request the guest was not allowed to make.
    Denied(String),
    /// A shutdown signal arrived; this many requests are in flight.
    ShuttingDown { in_flight: usize },
    /// The server stopped; `abandoned` requests did not finish in time.
    Stopped { abandoned: usize },
}

/// One line of the access log.
#[derive(Debug, Clone)]
pub struct Access {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Body bytes sent.
    pub bytes: u64,
    pub duration: Duration,
    /// Whether the body was cut short (the guest failed or the client left).
    pub incomplete: bool,
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.duration.as_secs_f64() * 1000.0;
        write!(f, "{} {} {} {}B {ms:.1}ms", self.method, self.path, self.status, self.bytes)?;
        if self.incomplete {
            write!(f, " (incomplete)")?;
        }
        Ok(())
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Listening(addr) => write!(f, "listening on http://{addr}/"),
            Event::Access(a) => write!(f, "{a}"),
            Event::GuestFailed { method, path, ending } => {
                write!(f, "error: {method} {path}: {ending}")?;
                if let Some(bt) = ending.backtrace().map(|b| b.to_string()).filter(|b| !b.is_empty()) {
                    write!(f, "\n{bt}")?;
                }
                Ok(())
            }
            Event::Error(e) => write!(f, "error: {e}"),
            Event::Denied(e) => write!(f, "warning: {e}"),
            Event::ShuttingDown { in_flight } => {
                write!(f, "shutting down: no new connections; waiting for {in_flight} request(s) in flight")
            }
            Event::Stopped { abandoned: 0 } => write!(f, "stopped"),
            Event::Stopped { abandoned } => write!(f, "stopped: {abandoned} request(s) did not finish in time"),
        }
    }
}

/// Where events go.
pub type OnEvent = Arc<dyn Fn(Event) + Send + Sync>;

/// Stops a running server as a shutdown signal does.
#[derive(Clone)]
pub struct Stopper(Arc<watch::Sender<bool>>);

impl Stopper {
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

/// The pre-instantiated component, by the `wasi:http` version it exports.
#[derive(Clone)]
pub(crate) enum Pre {
    /// `wasi:http/incoming-handler@0.2.x` (the `wasi:http/proxy` world).
    P2(ProxyPre<ServeState>),
    /// `wasi:http/handler@0.3.x` (the `wasi:http/service` world).
    P3(ServicePre<ServeState>),
}

/// A component ready to serve.
pub struct Server {
    runner: Arc<Runner>,
    pre: Pre,
    opts: ServeOptions,
    stop: Arc<watch::Sender<bool>>,
}

impl Server {
    /// Links `loaded` against WASI 0.2 and 0.3 and `wasi:http` 0.2 and 0.3,
    /// and pre-instantiates it: a component that exports neither
    /// `wasi:http/incoming-handler@0.2.x` nor `wasi:http/handler@0.3.x`, or
    /// imports what the host lacks, is refused here, before anything listens.
    pub fn new(runner: Runner, loaded: &Loaded, opts: ServeOptions) -> Result<Server> {
        let name = loaded.name();
        let Program::Component(component) = &loaded.program else {
            bail!("`{name}` is a core module: `weld serve` serves components that export `wasi:http/incoming-handler`");
        };
        if opts.max_concurrent == 0 {
            bail!("the concurrency limit must be at least 1, found 0");
        }
        let mut linker = Linker::<ServeState>::new(&runner.engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(anyhow::Error::from)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker).map_err(anyhow::Error::from)?;
        wasmtime_wasi::p3::add_to_linker(&mut linker).map_err(anyhow::Error::from)?;
        wasmtime_wasi_http::p3::add_to_linker(&mut linker).map_err(anyhow::Error::from)?;
        let pre = linker.instantiate_pre(component).map_err(|e| {
            let msg = format!("{:#}", anyhow::Error::from(e));
            anyhow::anyhow!(
                "`{name}` cannot be served: {msg}\nhelp: `weld serve` provides WASI 0.2 and 0.3 with `wasi:http` 0.2 (the `wasi:http/proxy` world) and 0.3 (the `wasi:http/service` world), and nothing else"
            )
        })?;
        let pre = match ServicePre::new(pre.clone()) {
            Ok(p3) => Pre::P3(p3),
            Err(_) => Pre::P2(ProxyPre::new(pre).map_err(|e| {
                let msg = format!("{:#}", anyhow::Error::from(e));
                anyhow::anyhow!(
                    "`{name}` is not an HTTP component: expected an export `wasi:http/incoming-handler@0.2.x` (the `wasi:http/proxy` world) or `wasi:http/handler@0.3.x` (the `wasi:http/service` world) ({msg})"
                )
            })?),
        };
        let (stop, _) = watch::channel(false);
        Ok(Server { runner: Arc::new(runner), pre, opts, stop: Arc::new(stop) })
    }

    /// A handle that stops [`Server::run`] as SIGINT would.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.stop.clone())
    }

    /// Listens and serves until SIGINT, SIGTERM or [`Stopper::stop`], then
    /// drains the requests in flight. Blocks; runs its own tokio runtime.
    pub fn run(self, on_event: OnEvent) -> Result<()> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("weld-serve")
            .build()
            .context("failed to start the server's runtime")?;
        rt.block_on(self.serve(on_event))
    }

    async fn serve(self, on_event: OnEvent) -> Result<()> {
        let addr = self.opts.addr;
        let listener = TcpListener::bind(addr).await.with_context(|| format!("failed to listen on {addr}"))?;
        let local = listener.local_addr().context("failed to read the listening address")?;
        let grace = self.opts.grace;
        let mut stopped = self.stop.subscribe();
        let shared = Arc::new(Shared {
            runner: self.runner,
            pre: self.pre,
            permits: Arc::new(Semaphore::new(self.opts.max_concurrent)),
            in_flight: Arc::new(AtomicUsize::new(0)),
            outgoing: Outgoing {
                allowed: Arc::new(self.opts.allow_http.clone()),
                on_denied: {
                    let on_event = on_event.clone();
                    Arc::new(move |m| on_event(Event::Denied(m)))
                },
            },
            host: self.opts.host.stdout(Output::Inherit).stderr(Output::Inherit),
            on_event: on_event.clone(),
        });
        let (drain_tx, drain_rx) = watch::channel(false);
        let mut conns = tokio::task::JoinSet::new();
        let mut signals = Signals::new()?;
        on_event(Event::Listening(local));
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((socket, _peer)) => {
                        let _ = socket.set_nodelay(true);
                        conns.spawn(connection(socket, shared.clone(), drain_rx.clone()));
                    }
                    Err(e) => {
                        on_event(Event::Error(format!("failed to accept a connection: {e}")));
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                },
                Some(_) = conns.join_next(), if !conns.is_empty() => {}
                _ = signals.next() => break,
                _ = until_true(&mut stopped) => break,
            }
        }
        drop(listener);
        on_event(Event::ShuttingDown { in_flight: shared.in_flight.load(Ordering::SeqCst) });
        drain_tx.send_replace(true);
        let drained = async { while conns.join_next().await.is_some() {} };
        tokio::select! {
            _ = drained => {}
            _ = tokio::time::sleep(grace) => {}
            // A second signal stops at once.
            _ = signals.next() => {}
        }
        let abandoned = shared.in_flight.load(Ordering::SeqCst);
        conns.abort_all();
        on_event(Event::Stopped { abandoned });
        Ok(())
    }
}

/// SIGINT and SIGTERM as one stream.
struct Signals {
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            int: signal(SignalKind::interrupt()).context("failed to listen for SIGINT")?,
            term: signal(SignalKind::terminate()).context("failed to listen for SIGTERM")?,
        })
    }

    async fn next(&mut self) {
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
        }
    }
}

/// What every request's task needs.
pub(crate) struct Shared {
    runner: Arc<Runner>,
    pub(crate) pre: Pre,
    permits: Arc<Semaphore>,
    in_flight: Arc<AtomicUsize>,
    outgoing: Outgoing,
    host: Host,
    pub(crate) on_event: OnEvent,
}

/// Serves one connection until it closes, or until the drain signal, after
/// which its request in flight finishes and it closes.
async fn connection(socket: tokio::net::TcpStream, shared: Arc<Shared>, mut drain: watch::Receiver<bool>) {
    let service = hyper::service::service_fn(move |req| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(shared, req).await) }
    });
    let conn = http1::Builder::new().keep_alive(true).serve_connection(TokioIo::new(socket), service);
    tokio::pin!(conn);
    let result = tokio::select! {
        r = conn.as_mut() => r,
        _ = until_true(&mut drain) => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    // Clients that hang up are not the server's errors.
    let _ = result;
}

/// Waits until the flag is set; a flag whose sender is gone never is.
async fn until_true(rx: &mut watch::Receiver<bool>) {
    loop {
        if *rx.borrow_and_update() {
            return;
        }
        if rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// The response body: the guest's, or one of the server's own answers,
/// counted for the access log, which it writes when it ends or is dropped.
pub struct Counted {
    inner: HyperOutgoingBody,
    /// The body's length when it was known from the start.
    length: Option<u64>,
    access: Option<Access>,
    started: Instant,
    on_event: OnEvent,
    /// Held until the body is sent: the request counts against the limit.
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
    in_flight: Option<Arc<AtomicUsize>>,
}

impl Body for Counted {
    type Data = Bytes;
    type Error = wasmtime_wasi_http::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(data), Some(access)) = (frame.data_ref(), self.access.as_mut()) {
                    access.bytes += data.len() as u64;
                }
                // hyper stops polling a body that says it has ended.
                if self.inner.is_end_stream() {
                    if let Some(access) = self.access.as_mut() {
                        access.incomplete = false;
                    }
                    self.finish();
                }
            }
            Poll::Ready(None) => {
                if let Some(access) = self.access.as_mut() {
                    access.incomplete = false;
                }
                self.finish();
            }
            Poll::Ready(Some(Err(_))) => self.finish(),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Counted {
    fn finish(&mut self) {
        if let Some(mut access) = self.access.take() {
            access.duration = self.started.elapsed();
            (self.on_event)(Event::Access(access));
        }
        if let Some(n) = self.in_flight.take() {
            n.fetch_sub(1, Ordering::SeqCst);
        }
        self._permit = None;
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        // hyper stops polling a body once it has its `content-length`.
        let length = self.inner.size_hint().exact();
        if let Some(access) = self.access.as_mut()
            && (self.inner.is_end_stream() || length == Some(0) || self.length == Some(access.bytes))
        {
            access.incomplete = false;
        }
        self.finish();
    }
}

pub(crate) fn full(text: impl Into<Bytes>) -> HyperOutgoingBody {
    Full::new(text.into()).map_err(|never: Infallible| match never {}).boxed_unsync()
}

/// A response of the server's own: status and a one-line text body.
pub(crate) fn answer(status: u16, text: &str) -> hyper::Response<HyperOutgoingBody> {
    let mut response = hyper::Response::new(full(format!("{text}\n")));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/plain; charset=utf-8"));
    if status == 503 {
        response.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from_static("1"));
    }
    response
}

async fn handle(shared: Arc<Shared>, req: hyper::Request<hyper::body::Incoming>) -> hyper::Response<Counted> {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), |p| p.to_string());
    let access = Access {
        method: method.clone(),
        path: path.clone(),
        status: 0,
        bytes: 0,
        duration: Duration::ZERO,
        incomplete: true,
    };
    let wrap = |response: hyper::Response<HyperOutgoingBody>, permit, counted: bool| {
        let status = response.status().as_u16();
        let on_event = shared.on_event.clone();
        let in_flight = counted.then(|| shared.in_flight.clone());
        response.map(|inner| Counted {
            length: inner.size_hint().exact(),
            inner,
            access: Some(Access { status, ..access.clone() }),
            started,
            on_event,
            _permit: permit,
            in_flight,
        })
    };
    let Ok(permit) = shared.permits.clone().try_acquire_owned() else {
        return wrap(answer(503, "503 Service Unavailable: too many requests at once"), None, false);
    };
    shared.in_flight.fetch_add(1, Ordering::SeqCst);
    let ran = match &shared.pre {
        Pre::P2(pre) => run_guest(&shared, pre.clone(), req, &method, &path).await,
        Pre::P3(pre) => crate::serve3::run_guest(&shared, pre.clone(), req, &method, &path).await,
    };
    let response = match ran {
        Ok(response) => response,
        Err(response) => response,
    };
    wrap(response, Some(permit), true)
}

/// Instantiates the guest for one request and waits for its response: the
/// guest's own, or the server's 500 or 504 when it failed.
async fn run_guest(
    shared: &Shared,
    pre: ProxyPre<ServeState>,
    req: hyper::Request<hyper::body::Incoming>,
    method: &str,
    path: &str,
) -> Result<hyper::Response<HyperOutgoingBody>, hyper::Response<HyperOutgoingBody>> {
    let internal = |e: anyhow::Error| internal_error(shared, method, path, e);
    let mut store = new_store(shared).map_err(internal)?;
    let timeout = store.data().guard.timeout;
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let (req, out) = {
        let mut http = store.data_mut().http();
        let req = http.new_incoming_request(Scheme::Http, req).map_err(|e| internal(e.into()))?;
        let out = http.new_response_outparam(sender).map_err(|e| internal(e.into()))?;
        (req, out)
    };
    let task = tokio::spawn(async move {
        let called = async {
            let proxy = pre.instantiate_async(&mut store).await?;
            proxy.wasi_http_incoming_handler().call_handle(&mut store, req, out).await
        };
        match called.await {
            Ok(()) => Ok(()),
            Err(e) => Err(classify(&e.into(), &store.data().guard)),
        }
    });
    let request = Request { shared, method, path, timeout };
    request.respond(task, receiver, "the guest returned without setting a response (`response-outparam.set`)").await
}

/// One request in flight, for waiting on the guest's answer.
pub(crate) struct Request<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) timeout: Option<Duration>,
}

impl Request<'_> {
    /// Waits for the response the guest sends on `receiver` while `task`
    /// runs it: the response, or the server's answer when the guest failed,
    /// answered with an error `code`, ran past the deadline, or ended
    /// without answering (`unanswered` says how).
    pub(crate) async fn respond<E: fmt::Debug>(
        self,
        task: tokio::task::JoinHandle<Result<(), Ending>>,
        receiver: tokio::sync::oneshot::Receiver<Result<hyper::Response<HyperOutgoingBody>, E>>,
        unanswered: &str,
    ) -> Result<hyper::Response<HyperOutgoingBody>, hyper::Response<HyperOutgoingBody>> {
        let Request { shared, method, path, timeout } = self;
        let report = |ending: Ending| failed(shared, method, path, ending);
        let internal = |e: anyhow::Error| internal_error(shared, method, path, e);
        // The epoch deadline stops a guest that computes; this one stops a
        // guest that waits (on a clock, or a body that does not come).
        let deadline = async {
            match timeout {
                Some(t) => tokio::time::sleep(t).await,
                None => std::future::pending().await,
            }
        };
        let received = tokio::select! {
            r = receiver => r,
            _ = deadline => {
                task.abort();
                let limit = timeout.unwrap_or_default();
                return Err(report(Ending::Timeout { limit, backtrace: Default::default() }));
            }
        };
        match received {
            Ok(Ok(response)) => {
                // The guest may still be writing the body; a failure now can
                // only cut the body short, and is reported.
                let on_event = shared.on_event.clone();
                let (method, path) = (method.to_string(), path.to_string());
                tokio::spawn(async move {
                    if let Ok(Err(ending)) = task.await {
                        on_event(Event::GuestFailed { method, path, ending });
                    }
                });
                Ok(response)
            }
            Ok(Err(code)) => Err(internal(anyhow::anyhow!("the guest answered with an error: {code:?}"))),
            Err(_) => match task.await {
                Ok(Ok(())) => Err(internal(anyhow::anyhow!("{unanswered}"))),
                Ok(Err(ending)) => Err(report(ending)),
                Err(e) => Err(internal(anyhow::anyhow!("the request's task failed: {e}"))),
            },
        }
    }
}

/// The server's answer to a guest that failed: 504 past the deadline, else
/// 500; the failure is reported with the request.
pub(crate) fn failed(shared: &Shared, method: &str, path: &str, ending: Ending) -> hyper::Response<HyperOutgoingBody> {
    let timeout = matches!(ending, Ending::Timeout { .. });
    (shared.on_event)(Event::GuestFailed { method: method.to_string(), path: path.to_string(), ending });
    if timeout {
        answer(504, "504 Gateway Timeout: the handler ran out of time")
    } else {
        answer(500, "500 Internal Server Error: the handler failed")
    }
}

/// The server's answer to a failure of its own (or a guest's error answer).
pub(crate) fn internal_error(
    shared: &Shared,
    method: &str,
    path: &str,
    e: anyhow::Error,
) -> hyper::Response<HyperOutgoingBody> {
    (shared.on_event)(Event::Error(format!("{method} {path}: {e:#}")));
    answer(500, "500 Internal Server Error")
}

/// A store for one request: the WASI context the host grants, the HTTP
/// context with its outgoing rules, and the runner's limits.
pub(crate) fn new_store(shared: &Shared) -> Result<Store<ServeState>> {
    let guard = Guard::new(&shared.runner, None)?;
    let (mut builder, _) = wasi_builder(&shared.host)?;
    let (fuel, timeout) = (guard.fuel, guard.timeout);
    let state = ServeState {
        ctx: builder.build(),
        http: WasiHttpCtx::new(),
        table: ResourceTable::new(),
        hooks: shared.outgoing.clone(),
        guard,
        deadline: None,
    };
    let mut store = Store::new(&shared.runner.engine, state);
    store.limiter(|s| &mut s.guard.limiter);
    if let Some(fuel) = fuel {
        store.set_fuel(fuel).map_err(anyhow::Error::from)?;
    }
    if let Some(timeout) = timeout {
        store.data_mut().deadline = Instant::now().checked_add(timeout);
        // At every tick of the runner's epoch a running guest yields to
        // other requests, and stops once past its deadline.
        store.epoch_deadline_callback(|ctx| {
            let past = ctx.data().deadline.is_some_and(|d| Instant::now() >= d);
            Ok(if past { UpdateDeadline::Interrupt } else { UpdateDeadline::Yield(1) })
        });
        store.set_epoch_deadline(1);
    }
    Ok(store)
}

pub(crate) struct ServeState {
    ctx: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    pub(crate) hooks: Outgoing,
    pub(crate) guard: Guard,
    deadline: Option<Instant>,
}

impl WasiView for ServeState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
}

impl WasiHttpView for ServeState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView { ctx: &mut self.http, table: &mut self.table, hooks: &mut self.hooks }
    }
}

impl Guarded for ServeState {
    fn guard(&mut self) -> &mut Guard {
        &mut self.guard
    }
}
