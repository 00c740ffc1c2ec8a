//! The producer of `cargo xtask bench stream` on wit-bindgen's Rust
//! bindings (the `wit-bindgen` crate from crates.io): the same code as
//! `../weld-producer`, but for the names of the bindings.

wit_bindgen::generate!({ path: "wit", world: "producer" });

use exports::bench::pipe::source::Guest;
use wit_bindgen::{StreamReader, spawn_local as spawn};

// `pipe.rs` is copied beside this file by the bench.
include!("pipe.rs");

struct Component;

impl Guest for Component {
    async fn produce(total: u64, chunk: u32) -> StreamReader<u8> {
        let (mut tx, rx) = wit_stream::new::<u8>();
        spawn(async move {
            let chunk = chunk.max(1) as usize;
            let pattern = pattern(chunk);
            let mut sent = 0u64;
            while sent < total {
                let n = (total - sent).min(chunk as u64) as usize;
                let at = (sent % 251) as usize;
                if !tx.write_all(pattern[at..at + n].to_vec()).await.is_empty() {
                    break;
                }
                sent += n as u64;
            }
        });
        rx
    }
}

export!(Component);
