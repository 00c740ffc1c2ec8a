//! The Rust guest of the `weld serve` trials, on weld's own `wasi:http`
//! bindings (`weld bindgen rust ../guest.wit`, generated into `guest.rs` at
//! build time). Every guest of the trials answers the same routes:
//!
//! * `GET /hello`: 200, `x-guest: rust`, `hello from rust`;
//! * `POST /echo`: 200, the request's body streamed back, its
//!   `content-type` and `x-echo` headers copied;
//! * `GET /status/N`: status N;
//! * `GET /big?bytes=N`: N bytes (`0123456789abcdef` repeated), streamed;
//! * `GET /trap`: panics (a trap); `GET /spin`: loops forever;
//!   `GET /bomb`: allocates until memory runs out;
//! * `GET /sleep?ms=N`: answers after N ms (on `wasi:clocks`);
//! * `GET /fetch?authority=HOST:PORT`: an outgoing `GET http://HOST:PORT/`;
//!   answers its status, or 502 with the error.

mod guest;

use guest::exports::wasi::http::incoming_handler::Guest;
use guest::wasi::clocks::monotonic_clock;
use guest::wasi::http::outgoing_handler;
use guest::wasi::http::types::{
    Fields, IncomingRequest, Method, OutgoingBody, OutgoingRequest, OutgoingResponse, ResponseOutparam, Scheme,
};
use guest::wasi::io::streams::{OutputStream, StreamError};

struct Component;

impl Guest for Component {
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        let path = request.path_with_query().unwrap_or_default();
        let (route, query) = path.split_once('?').unwrap_or((&path, ""));
        let param = |name: &str| {
            query.split('&').find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('='))).unwrap_or("")
        };
        match (request.method(), route) {
            (Method::Get, "/hello") => text(out, 200, &[("x-guest", "rust")], "hello from rust\n"),
            (Method::Post, "/echo") => echo(request, out),
            (Method::Get, r) if r.starts_with("/status/") => {
                let code = r["/status/".len()..].parse().unwrap_or(400);
                text(out, code, &[], &format!("status {code}\n"))
            }
            (Method::Get, "/big") => big(out, param("bytes").parse().unwrap_or(0)),
            (Method::Get, "/trap") => panic!("the handler panicked on purpose"),
            (Method::Get, "/spin") => loop {
                std::hint::black_box(());
            },
            (Method::Get, "/bomb") => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1; 1 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            (Method::Get, "/sleep") => {
                let ms: u64 = param("ms").parse().unwrap_or(0);
                monotonic_clock::subscribe_duration(ms * 1_000_000).block();
                text(out, 200, &[], &format!("slept {ms} ms\n"))
            }
            (Method::Get, "/fetch") => fetch(out, param("authority")),
            _ => text(out, 404, &[], "no such route\n"),
        }
    }
}

fn headers(pairs: &[(&str, &str)]) -> Fields {
    let list: Vec<(String, Vec<u8>)> = pairs.iter().map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())).collect();
    Fields::from_list(&list).expect("valid headers")
}

/// Sets a response and returns its body's stream.
fn respond(out: ResponseOutparam, status: u16, pairs: &[(&str, &str)]) -> (OutgoingBody, OutputStream) {
    let response = OutgoingResponse::new(headers(pairs));
    response.set_status_code(status).expect("a valid status");
    let body = response.body().expect("the body, once");
    ResponseOutparam::set(out, Ok(response));
    let stream = body.write().expect("the body's stream, once");
    (body, stream)
}

fn finish(body: OutgoingBody, stream: OutputStream) {
    drop(stream);
    OutgoingBody::finish(body, None).expect("the body ends");
}

/// Writes all of `bytes`, 4096 at a time (the most one blocking write takes).
fn write_all(stream: &OutputStream, bytes: &[u8]) -> Result<(), StreamError> {
    for chunk in bytes.chunks(4096) {
        stream.blocking_write_and_flush(chunk)?;
    }
    Ok(())
}

fn text(out: ResponseOutparam, status: u16, extra: &[(&str, &str)], body: &str) {
    let mut pairs = vec![("content-type", "text/plain")];
    pairs.extend_from_slice(extra);
    let (b, stream) = respond(out, status, &pairs);
    write_all(&stream, body.as_bytes()).expect("the client reads");
    finish(b, stream);
}

fn echo(request: IncomingRequest, out: ResponseOutparam) {
    let given = request.headers();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for name in ["content-type", "x-echo"] {
        if let Some(value) = given.get(name.to_string()).into_iter().next() {
            pairs.push((name.to_string(), String::from_utf8_lossy(&value).into_owned()));
        }
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let incoming = request.consume().expect("the body, once");
    let input = incoming.stream().expect("the body's stream, once");
    let (body, stream) = respond(out, 200, &pairs);
    loop {
        match input.blocking_read(64 << 10) {
            Ok(chunk) => write_all(&stream, &chunk).expect("the client reads"),
            Err(StreamError::Closed) => break,
            Err(e) => panic!("reading the request body failed: {e:?}"),
        }
    }
    finish(body, stream);
}

fn big(out: ResponseOutparam, bytes: usize) {
    let (body, stream) = respond(out, 200, &[("content-type", "application/octet-stream")]);
    let pattern: Vec<u8> = b"0123456789abcdef".iter().copied().cycle().take(64 << 10).collect();
    let mut left = bytes;
    while left > 0 {
        let n = left.min(pattern.len());
        write_all(&stream, &pattern[..n]).expect("the client reads");
        left -= n;
    }
    finish(body, stream);
}

fn fetch(out: ResponseOutparam, authority: &str) {
    let request = OutgoingRequest::new(Fields::new());
    request.set_scheme(Some(Scheme::Http)).expect("a scheme");
    request.set_authority(Some(authority.to_string())).expect("an authority");
    request.set_path_with_query(Some("/".to_string())).expect("a path");
    match outgoing_handler::handle(request, None) {
        Err(e) => text(out, 502, &[], &format!("outgoing request failed: {e:?}\n")),
        Ok(future) => {
            future.subscribe().block();
            match future.get() {
                Some(Ok(Ok(response))) => text(out, 200, &[], &format!("upstream answered {}\n", response.status())),
                Some(Ok(Err(e))) => text(out, 502, &[], &format!("outgoing request failed: {e:?}\n")),
                _ => text(out, 502, &[], "outgoing request failed\n"),
            }
        }
    }
}

guest::export!(Component with_types_in guest);
