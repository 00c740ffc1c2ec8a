//! The consumer of `cargo xtask bench stream` on weld's Rust bindings
//! (`consumer.rs`, written by `weld build`): reads the producer's stream in
//! reads of `chunk` bytes and returns (bytes read, their sum).

mod consumer;

use consumer::bench::pipe::source::produce;
use consumer::{Guest, StreamResult};

// `pipe.rs` is copied beside this file by the bench.
include!("pipe.rs");

struct Component;

impl Guest for Component {
    async fn run(total: u64, chunk: u32) -> (u64, u64) {
        let mut rx = produce(total, chunk).await;
        let mut buf = Vec::with_capacity(chunk.max(1) as usize);
        let (mut count, mut sum) = (0u64, 0u64);
        loop {
            buf.clear();
            let (result, back) = rx.read(buf).await;
            buf = back;
            count += buf.len() as u64;
            sum += sum_bytes(&buf);
            if result == StreamResult::Dropped {
                break;
            }
        }
        (count, sum)
    }
}

consumer::export!(Component with_types_in consumer);
