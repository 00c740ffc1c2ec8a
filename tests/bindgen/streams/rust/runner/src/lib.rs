//! The runner of tests/bindgen/streams.wit in Rust: its `run` export is an
//! async function that calls the provider's, concurrently where the test
//! needs it (`join`), and cancels a read and a write by dropping them
//! after one poll (`poll_once`).

mod runner;

use std::future::Future;
use std::pin::pin;
use std::task::Poll;

use runner::test::streams::api::{self, Point};
use runner::{wit_future, wit_stream};

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

/// Polls `f` once and drops it: its output if it was done (a pending
/// stream operation is cancelled by the drop).
async fn poll_once<F: Future>(f: F) -> Option<F::Output> {
    let mut f = pin!(f);
    std::future::poll_fn(|cx| match f.as_mut().poll(cx) {
        Poll::Ready(v) => Poll::Ready(Some(v)),
        Poll::Pending => Poll::Ready(None),
    })
    .await
}

impl runner::Guest for Component {
    async fn run() -> String {
        let mut out = Vec::new();

        // A pending import (the provider yields 3 times) completes while
        // another call is made.
        let (sum, hello) = join(api::slow_add(2, 3, 3), api::greet("weld")).await;
        out.push(format!("slow-add {sum}, {hello}"));

        // A future the provider writes after its call returned.
        let later = api::later(21).await;
        out.push(format!("later {}", later.await));

        // A future of a record, written here while the provider waits.
        let (writer, reader) = wit_future::new(|| Point { x: 0, y: 0 });
        let (p, written) = join(api::moved(reader), writer.write(Point { x: 4, y: -4 })).await;
        out.push(format!("moved ({}, {}), written {}", p.x, p.y, written.is_ok()));

        // A read cancelled (the provider writes after 3 turns), then all.
        let mut numbers = api::numbers(5, 3).await;
        let first = poll_once(numbers.read(Vec::with_capacity(8))).await;
        out.push(format!("read cancelled {}", first.is_none()));
        out.push(format!("numbers {:?}", numbers.collect().await));

        // A write cancelled (the provider reads after 3 turns): its values
        // are not received; the next write's are.
        let (mut w, r) = wit_stream::new::<u32>();
        let (total, (cancelled, unsent)) = join(api::sum(r, 3), async move {
            let cancelled = poll_once(w.write(vec![1, 2, 3])).await.is_none();
            let rest = w.write_all(vec![10, 20, 30]).await;
            drop(w);
            (cancelled, rest.len())
        })
        .await;
        out.push(format!("write cancelled {cancelled}, sum {total}, unsent {unsent}"));

        // Strings both ways.
        let (mut w, r) = wit_stream::new::<String>();
        let loud = api::shout(r).await;
        let ((), shouted) = join(
            async move {
                for word in ["async", "rust"] {
                    assert!(w.write_one(word.to_string()).await.is_none());
                }
            },
            loud.collect(),
        )
        .await;
        out.push(format!("shout {shouted:?}"));

        // Records, resources and nothing.
        let points = api::points(3).await.collect().await;
        let points: Vec<String> = points.iter().map(|p| format!("({}, {})", p.x, p.y)).collect();
        out.push(format!("points {}", points.join(" ")));
        let blobs = api::blobs(2).await.collect().await;
        let texts: Vec<String> = blobs.iter().map(|b| b.text()).collect();
        out.push(format!("blobs {texts:?}"));
        out.push(format!("ticks {}", api::ticks(4).await.collect().await.len()));

        // An error-context made by the provider, and passed back to it.
        let e = api::fail("out of cheese").await;
        let message = e.debug_message();
        out.push(format!("error {message:?}, {}", api::describe(e).await));

        // Arguments by pointer, kept until the callee returned.
        let names = ["ann".to_string(), "bo".to_string()];
        out.push(format!("many {}", api::many(7, "seven", &[1, 2, 3], Point { x: 1, y: 2 }, &names).await));
        out.join("; ")
    }
}

runner::export!(Component with_types_in runner);
