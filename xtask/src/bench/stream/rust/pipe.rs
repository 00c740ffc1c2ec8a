// What the Rust producers and consumers of `cargo xtask bench stream` share,
// whichever bindings they are built on (the bench copies it into each crate's `src/`, where it is `include!`d).

#[allow(dead_code)] // the consumers need no pattern
/// The bytes of the stream: byte i is i % 251. The pattern holds
/// chunk + 251 of them, so any chunk starts at `position % 251`.
fn pattern(chunk: usize) -> Vec<u8> {
    (0..chunk + 251).map(|i| (i % 251) as u8).collect()
}

#[allow(dead_code)] // the producers sum nothing
/// What the consumer does with each chunk it gets: add up its bytes.
fn sum_bytes(buf: &[u8]) -> u64 {
    buf.iter().map(|&b| b as u32).sum::<u32>() as u64
}
