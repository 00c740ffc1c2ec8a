//! The provider of tests/bindgen/streams.wit in Rust: every function is an
//! async export; the streams and futures it returns are written by futures
//! it spawns, which run after the call has returned.

mod provider;

use provider::exports::test::streams::api::{self, Blob, GuestBlob, Point};
use provider::{ErrorContext, FutureReader, StreamReader, spawn, wit_future, wit_stream, yield_async};

struct Component;

struct MyBlob(String);

impl GuestBlob for MyBlob {
    fn new(text: String) -> Self {
        MyBlob(text)
    }

    fn text(&self) -> String {
        self.0.clone()
    }
}

async fn turns(n: u32) {
    for _ in 0..n {
        yield_async().await;
    }
}

impl api::Guest for Component {
    type Blob = MyBlob;

    async fn slow_add(a: u32, b: u32, n: u32) -> u32 {
        turns(n).await;
        a + b
    }

    async fn greet(name: String) -> String {
        format!("hello, {name}")
    }

    async fn later(v: u32) -> FutureReader<u32> {
        let (writer, reader) = wit_future::new(|| 0);
        spawn(async move {
            turns(2).await;
            writer.write(v * 2).await.unwrap();
        });
        reader
    }

    async fn moved(p: FutureReader<Point>) -> Point {
        let p = p.await;
        Point { x: p.x + 1, y: p.y + 1 }
    }

    async fn numbers(n: u32, t: u32) -> StreamReader<u32> {
        let (mut writer, reader) = wit_stream::new();
        spawn(async move {
            turns(t).await;
            let rest = writer.write_all((1..=n).collect()).await;
            assert!(rest.is_empty());
        });
        reader
    }

    async fn sum(mut s: StreamReader<u32>, t: u32) -> u64 {
        turns(t).await;
        let mut total = 0u64;
        while let Some(v) = s.next().await {
            total += u64::from(v);
        }
        total
    }

    async fn shout(mut words: StreamReader<String>) -> StreamReader<String> {
        let (mut writer, reader) = wit_stream::new();
        spawn(async move {
            while let Some(w) = words.next().await {
                if writer.write_one(w.to_uppercase()).await.is_some() {
                    break;
                }
            }
        });
        reader
    }

    async fn points(n: u32) -> StreamReader<Point> {
        let (mut writer, reader) = wit_stream::new();
        spawn(async move {
            let all: Vec<Point> = (0..n as i32).map(|i| Point { x: i, y: -i }).collect();
            writer.write_all(all).await;
        });
        reader
    }

    async fn blobs(n: u32) -> StreamReader<Blob> {
        let (mut writer, reader) = wit_stream::new();
        spawn(async move {
            for i in 0..n {
                writer.write_one(Blob::new(MyBlob(format!("blob-{i}")))).await;
            }
        });
        reader
    }

    async fn ticks(n: u32) -> StreamReader<()> {
        let (mut writer, reader) = wit_stream::new();
        spawn(async move {
            writer.write_all(vec![(); n as usize]).await;
        });
        reader
    }

    async fn fail(message: String) -> ErrorContext {
        ErrorContext::new(&message)
    }

    async fn describe(e: ErrorContext) -> String {
        format!("described: {}", e.debug_message())
    }

    async fn many(n: u32, s: String, bytes: Vec<u8>, p: Point, names: Vec<String>) -> String {
        yield_async().await;
        format!("{n} {s} {bytes:?} ({}, {}) {names:?}", p.x, p.y)
    }
}

provider::export!(Component with_types_in provider);
