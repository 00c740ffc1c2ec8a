//! The consumer of `cargo xtask bench stream` on wit-bindgen's Rust
//! bindings (the `wit-bindgen` crate from crates.io): the same code as
//! `../weld-consumer`, but for the names of the bindings.

wit_bindgen::generate!({ path: "wit", world: "consumer" });

use bench::pipe::source::produce;
use wit_bindgen::StreamResult;

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

export!(Component);
