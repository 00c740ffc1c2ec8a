//! The provider of tests/bindgen/ping-pong.wit (wit-bindgen's ping-pong
//! test, written for weld's bindings).

mod provider;

use provider::exports::my::test::i;
use provider::{FutureReader, spawn, wit_future};

struct Component;

impl i::Guest for Component {
    async fn ping(x: FutureReader<String>, y: String) -> FutureReader<String> {
        let message = x.await + y.as_str();
        let (tx, rx) = wit_future::new(String::new);
        spawn(async move {
            tx.write(message).await.unwrap();
        });
        rx
    }

    async fn pong(x: FutureReader<String>) -> String {
        x.await
    }
}

provider::export!(Component with_types_in provider);
