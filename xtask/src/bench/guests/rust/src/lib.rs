//! The bench guest (`../../bindgen/guest.wit`) in Rust on weld's bindings:
//! the same logic as `../../bindgen/guest.c`.

mod guest;

use guest::exports::bench::guest::api::{Guest, GuestToken, Item, Token};

struct Component;

struct MyToken {
    n: u32,
}

impl GuestToken for MyToken {
    fn new(n: u32) -> Self {
        MyToken { n }
    }
    fn value(&self) -> u32 {
        self.n
    }
}

impl Guest for Component {
    type Token = MyToken;
    fn echo(s: String) -> String {
        s
    }
    fn items(n: u32) -> Vec<Item> {
        (0..n).map(|i| Item { id: i, name: format!("item-{i}"), score: i as f64 * 0.5 }).collect()
    }
    /// Makes, looks into and drops `n` resources.
    fn churn(n: u32) -> u32 {
        let mut sum = 0;
        for i in 0..n {
            let token = Token::new(MyToken { n: i });
            sum += token.get::<MyToken>().n;
        }
        sum
    }
}

guest::export!(Component with_types_in guest);
