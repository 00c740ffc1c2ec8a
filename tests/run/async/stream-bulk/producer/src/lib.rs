//! Streams `total` bytes (byte i is i % 251) in writes of `chunk` bytes,
//! from a task spawned in the call.

mod producer;

use producer::exports::test::bulk::source::Guest;
use producer::{StreamReader, spawn, wit_stream};

struct Component;

impl Guest for Component {
    async fn produce(total: u64, chunk: u32) -> StreamReader<u8> {
        let (mut tx, rx) = wit_stream::new::<u8>();
        spawn(async move {
            let chunk = chunk.max(1) as u64;
            let mut sent = 0u64;
            while sent < total {
                let n = (total - sent).min(chunk);
                let bytes: Vec<u8> = (sent..sent + n).map(|i| (i % 251) as u8).collect();
                if !tx.write_all(bytes).await.is_empty() {
                    break;
                }
                sent += n;
            }
        });
        rx
    }
}

producer::export!(Component with_types_in producer);
