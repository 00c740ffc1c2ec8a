//! Implements test:resources/store and user in Rust: exported resources
//! made by a constructor and by a fallible static function, in lists,
//! options and results, through aliases (tests/bindgen/resources.wit).

mod provider;

use provider::exports::test::resources::{store, user};
use store::{Blob, BlobBorrow, GuestBlob};

struct Component;

struct Data(Vec<u8>);

impl GuestBlob for Data {
    fn new(init: Vec<u8>) -> Self {
        Data(init)
    }
    fn size(&self) -> u32 {
        self.0.len() as u32
    }
    fn create(n: u32) -> Result<Blob, String> {
        if n == 0 { Err("empty".to_string()) } else { Ok(Blob::new(Data(vec![0; n as usize]))) }
    }
    fn many(n: u32) -> Vec<Blob> {
        (0..n).map(|i| Blob::new(Data(vec![0; i as usize]))).collect()
    }
}

fn size(b: &Blob) -> u32 {
    b.get::<Data>().size()
}

impl store::Guest for Component {
    type Blob = Data;

    fn make(n: u32) -> Blob {
        Blob::new(Data(vec![0; n as usize]))
    }
    fn sizes(xs: Vec<Blob>) -> Vec<u32> {
        xs.iter().map(size).collect()
    }
    fn peek_alias(b: BlobBorrow<'_>) -> u32 {
        b.get::<Data>().size()
    }
}

impl user::Guest for Component {
    fn wrap(b: Blob) -> Blob {
        Blob::new(Data(vec![0; size(&b) as usize + 1]))
    }
    fn peek(b: BlobBorrow<'_>) -> u32 {
        b.get::<Data>().size()
    }
    fn maybe(b: Option<Blob>) -> Option<Blob> {
        b
    }
    fn all(b: Vec<Blob>) -> Result<Vec<Blob>, u32> {
        if b.is_empty() { Err(0) } else { Ok(b) }
    }
}

provider::export!(Component with_types_in provider);
