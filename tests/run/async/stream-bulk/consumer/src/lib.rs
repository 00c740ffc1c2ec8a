//! Reads streams of the producer in reads of several sizes, checking every
//! byte against its position, and reports each: bytes read, whether all
//! were in place, and whether one read brought more than 4096 bytes.

mod consumer;

use consumer::test::bulk::source::produce;
use consumer::{Guest, StreamResult};

struct Component;

/// (total, write and read size): empty, small, odd sizes, one read of all.
const CASES: [(u64, u32); 5] = [(0, 64), (1000, 7), (1_000_003, 5000), (1 << 20, 65536), (300_000, 300_000)];

impl Guest for Component {
    async fn run() -> Vec<String> {
        let mut out = Vec::new();
        for (total, chunk) in CASES {
            let mut rx = produce(total, chunk).await;
            let mut buf = Vec::with_capacity(chunk as usize);
            let (mut count, mut in_place, mut largest) = (0u64, true, 0usize);
            loop {
                buf.clear();
                let (result, back) = rx.read(buf).await;
                buf = back;
                for (k, &b) in buf.iter().enumerate() {
                    in_place &= b == ((count + k as u64) % 251) as u8;
                }
                count += buf.len() as u64;
                largest = largest.max(buf.len());
                if result == StreamResult::Dropped {
                    break;
                }
            }
            out.push(format!(
                "{total} bytes in reads of {chunk}: read {count}, every byte in place: {in_place}, a read over 4096: {}",
                largest > 4096
            ));
        }
        out
    }
}

consumer::export!(Component with_types_in consumer);
