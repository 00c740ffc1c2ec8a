//! The runner of tests/bindgen/ping-pong.wit (wit-bindgen's ping-pong
//! test, written for weld's bindings): each call runs together with the
//! write of the future it reads.

mod runner;

use std::future::Future;
use std::pin::pin;
use std::task::Poll;

use runner::my::test::i::{ping, pong};
use runner::wit_future;

struct Component;

/// Runs `a` and `b` together until both are done.
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

impl runner::Guest for Component {
    async fn run() -> String {
        let (tx, rx) = wit_future::new(String::new);
        let (rx2, ()) = join(ping(rx, "world"), async { tx.write("hello".into()).await.unwrap() }).await;
        let m2 = rx2.await;
        assert_eq!(m2, "helloworld");

        let (tx, rx) = wit_future::new(String::new);
        let (m3, ()) = join(pong(rx), async { tx.write(m2).await.unwrap() }).await;
        assert_eq!(m3, "helloworld");
        format!("ping-pong {m3}")
    }
}

runner::export!(Component with_types_in runner);
