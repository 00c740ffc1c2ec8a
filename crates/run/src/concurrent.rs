//! Driving a component's calls on wasmtime's event loop.
//!
//! WASI 0.3 and async-lifted exports need an async store: wasmtime runs a
//! call's tasks (the export's, and those of any subtasks and streams it
//! starts) on its event loop until the export returns. weld-run's API stays
//! synchronous: each instantiation and call of a component is driven to its
//! end here, on wasmtime-wasi's ambient tokio runtime (the one its WASI
//! implementation already uses for clocks, stdio and sockets).
//!
//! The limits hold while tasks are pending. Fuel, memory and stack are
//! checked by wasmtime as the guest runs; the timeout is checked at each
//! epoch tick while guest code runs, and, while every task waits on the host
//! (a sleep, a read of stdin that never comes), by a timer here. When every
//! task waits on another and nothing can make progress, wasmtime ends the
//! call with its deadlock trap, which becomes [`Ending::Deadlock`].
//!
//! [`Ending::Deadlock`]: crate::Ending::Deadlock

use std::future::Future;
use std::time::Instant;

/// How waiting for a future ended.
pub(crate) enum Waited<T> {
    Done(T),
    /// The deadline passed while the guest waited on the host.
    TimedOut,
}

/// Runs `fut` to its end, or until `deadline`.
///
/// This blocks the calling thread, so it must not be called from inside an
/// async runtime's task (a sync embedder's thread is fine).
pub(crate) fn block_on<F: Future>(deadline: Option<Instant>, fut: F) -> Waited<F::Output> {
    wasmtime_wasi::runtime::in_tokio(async move {
        match deadline {
            None => Waited::Done(fut.await),
            Some(at) => match tokio::time::timeout_at(tokio::time::Instant::from_std(at), fut).await {
                Ok(out) => Waited::Done(out),
                Err(_) => Waited::TimedOut,
            },
        }
    })
}
