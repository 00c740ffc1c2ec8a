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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::{Ending, Host, Limits, Options, Runner, Val, Wasi};

    /// The e2e trials' async component: exports lifted async with a callback.
    const ASYNC: &str = include_str!("../../../tests/run/async/exports.wat");

    #[test]
    fn async_exports_take_and_return_vals_and_end_typed() {
        let limits = Limits { timeout: Some(Duration::from_millis(300)), ..Limits::default() };
        let runner = Runner::new(Options { limits, cache: None }).unwrap();
        let loaded = runner.load("exports.wat", ASYNC.as_bytes().to_vec()).unwrap();
        let add = loaded.exports(&runner).into_iter().find(|e| e.func == "add").unwrap();
        assert_eq!(add.signature, "async func(a: u32, b: u32) -> u32");

        let mut instance = loaded.instantiate(&runner, &Host::new()).unwrap().unwrap();
        assert_eq!(instance.call("add", &[Val::U32(40), Val::U32(2)]).unwrap(), Ok(vec![Val::U32(42)]));
        let greeting = instance.call("greet", &[Val::String("val".into())]).unwrap();
        assert_eq!(greeting, Ok(vec![Val::String("hello, val".into())]));
        assert_eq!(instance.call("yields", &[Val::U32(3)]).unwrap(), Ok(vec![Val::U32(3)]));
        assert_eq!(instance.call_wave("sleep(1000)").unwrap(), Ok(Some("true".into())));

        // Every task waits: a typed ending, and the instance may not run again.
        let Err(Ending::Deadlock { message }) = instance.call("stuck", &[]).unwrap() else {
            panic!("expected a deadlock")
        };
        assert_eq!(message, "deadlock detected: event loop cannot make further progress");
        assert!(
            instance
                .call("add", &[Val::U32(1), Val::U32(1)])
                .unwrap_err()
                .to_string()
                .contains("cannot be called again")
        );

        // The timeout holds while the task waits on the host's clock.
        let mut instance = loaded.instantiate(&runner, &Host::new()).unwrap().unwrap();
        let ending = instance.call("sleep", &[Val::U64(60_000_000_000)]).unwrap().unwrap_err();
        assert!(matches!(ending, Ending::Timeout { limit, .. } if limit == Duration::from_millis(300)), "{ending:?}");

        // A host serving only WASI 0.2 refuses the component's 0.3 import.
        let err = loaded.instantiate(&runner, &Host::new().wasi(Wasi::P2)).err().unwrap().to_string();
        assert_eq!(
            err,
            "the component needs WASI 0.3 (`wasi:clocks/monotonic-clock@0.3.0`), but this host serves only WASI 0.2"
        );
    }
}
