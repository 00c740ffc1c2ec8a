//! One request to a `wasi:http/service` 0.3 component (`weld serve`).
//!
//! The guest's `wasi:http/handler#handle` is an async export: it takes the
//! request (its body a `stream<u8>` the host fills from the connection) and
//! returns the response, whose body is a stream the guest may go on writing
//! after it has returned. So the store's event loop runs for the whole
//! exchange: from the call until hyper has sent the last byte of the body
//! (or dropped it), which [`Sent`] signals by being dropped. Limits,
//! deadline and failures are the 0.2 path's ([`crate::serve`]).

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use tokio::sync::oneshot;
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;
use wasmtime_wasi_http::p3::Request as GuestRequest;
use wasmtime_wasi_http::p3::bindings::ServicePre;

use crate::ending::classify;
use crate::serve::{Request, ServeState, Shared, internal_error, new_store};

/// Instantiates the guest for one request and waits for its response: the
/// guest's own, or the server's 500 or 504 when it failed.
pub(crate) async fn run_guest(
    shared: &Shared,
    pre: ServicePre<ServeState>,
    req: hyper::Request<hyper::body::Incoming>,
    method: &str,
    path: &str,
) -> Result<hyper::Response<HyperOutgoingBody>, hyper::Response<HyperOutgoingBody>> {
    let mut store = new_store(shared).map_err(|e| internal_error(shared, method, path, e))?;
    let timeout = store.data().guard.timeout;
    // `io` ends when the request body has been read (or failed).
    let (request, io) = GuestRequest::from_http(&mut store.data_mut().hooks, req);
    let (sender, receiver) = oneshot::channel();
    let task = tokio::spawn(async move {
        let called = async {
            let service = pre.instantiate_async(&mut store).await?;
            store
                .run_concurrent(async move |store| -> wasmtime::Result<()> {
                    match service.handle(store, request).await? {
                        Ok(response) => {
                            let response = store.with(|s| response.into_http(s, io))?;
                            let (done, sent) = oneshot::channel::<()>();
                            let response = response.map(|inner| Sent { inner, _done: done }.boxed_unsync());
                            let _ = sender.send(Ok(response));
                            // The guest may still be writing the body: keep
                            // its tasks running until hyper is done with it.
                            let _ = sent.await;
                        }
                        Err(code) => {
                            let _ = sender.send(Err(code));
                        }
                    }
                    Ok(())
                })
                .await?
        };
        match called.await {
            Ok(()) => Ok(()),
            Err(e) => Err(classify(&e.into(), &store.data().guard)),
        }
    });
    let request = Request { shared, method, path, timeout };
    request.respond(task, receiver, "the guest's handler ended without a response").await
}

/// The guest's response body, which says when hyper is done with it by
/// dropping its sender.
struct Sent {
    inner: HyperOutgoingBody,
    _done: oneshot::Sender<()>,
}

impl Body for Sent {
    type Data = Bytes;
    type Error = wasmtime_wasi_http::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
