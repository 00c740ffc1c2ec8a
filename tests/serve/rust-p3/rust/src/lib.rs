//! The WASI 0.3 Rust guest of the `weld serve` trials: an async
//! `wasi:http/handler#handle` on weld's own Rust bindings (`guest.rs`,
//! written by `weld build`). It answers the routes of the 0.2 guests
//! (`../../rust/src/lib.rs`); a body is a `stream<u8>` written by a task
//! spawned in the handler's call, which goes on after `handle` returned.

mod guest;

use guest::exports::wasi::http::handler::Guest;
use guest::wasi::clocks::monotonic_clock;
use guest::wasi::http::types::{ErrorCode, Fields, Method, Request, Response};
use guest::{StreamResult, StreamWriter, spawn, wit_future, wit_stream};

struct Component;

impl Guest for Component {
    async fn handle(request: Request) -> Result<Response, ErrorCode> {
        let path = request.get_path_with_query().unwrap_or_default();
        let (route, query) = path.split_once('?').unwrap_or((&path, ""));
        let param = |name: &str| {
            query.split('&').find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('='))).unwrap_or("")
        };
        let response = match (request.get_method(), route) {
            (Method::Get, "/hello") => text(200, &[("x-guest", "rust-p3")], "hello from rust-p3\n"),
            (Method::Post, "/echo") => echo(request),
            (Method::Get, r) if r.starts_with("/status/") => {
                let code = r["/status/".len()..].parse().unwrap_or(400);
                text(code, &[], &format!("status {code}\n"))
            }
            (Method::Get, "/big") => big(param("bytes").parse().unwrap_or(0)),
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
                monotonic_clock::wait_for(ms * 1_000_000).await;
                text(200, &[], &format!("slept {ms} ms\n"))
            }
            _ => text(404, &[], "no such route\n"),
        };
        Ok(response)
    }
}

fn headers(pairs: &[(&str, &str)]) -> Fields {
    let list: Vec<(String, Vec<u8>)> = pairs.iter().map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())).collect();
    Fields::from_list(&list).expect("valid headers")
}

/// A response whose body the returned writer streams; the trailers (none)
/// are sent once the body is done, by `finish`.
fn respond(status: u16, pairs: &[(&str, &str)]) -> (Response, Body) {
    let (body, contents) = wit_stream::new::<u8>();
    let (trailers, trailers_rx) = wit_future::new::<Result<Option<Fields>, ErrorCode>>(|| Ok(None));
    let (response, _sent) = Response::new(headers(pairs), Some(contents), trailers_rx);
    response.set_status_code(status).expect("a valid status");
    (response, Body { body, trailers })
}

struct Body {
    body: StreamWriter<u8>,
    trailers: guest::FutureWriter<Result<Option<Fields>, ErrorCode>>,
}

impl Body {
    async fn finish(self) {
        drop(self.body);
        let _ = self.trailers.write(Ok(None)).await;
    }
}

fn text(status: u16, extra: &[(&str, &str)], body: &str) -> Response {
    let mut pairs = vec![("content-type", "text/plain")];
    pairs.extend_from_slice(extra);
    let (response, mut out) = respond(status, &pairs);
    let bytes = body.as_bytes().to_vec();
    spawn(async move {
        out.body.write_all(bytes).await;
        out.finish().await;
    });
    response
}

fn echo(request: Request) -> Response {
    let given = request.get_headers();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for name in ["content-type", "x-echo"] {
        if let Some(value) = given.get(name.to_string()).into_iter().next() {
            pairs.push((name.to_string(), String::from_utf8_lossy(&value).into_owned()));
        }
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (read, read_rx) = wit_future::new::<Result<(), ErrorCode>>(|| Ok(()));
    let (mut input, _trailers) = Request::consume_body(request, read_rx);
    let (response, mut out) = respond(200, &pairs);
    spawn(async move {
        loop {
            let (result, chunk) = input.read(Vec::with_capacity(64 << 10)).await;
            if !chunk.is_empty() && !out.body.write_all(chunk).await.is_empty() {
                break;
            }
            if result == StreamResult::Dropped {
                break;
            }
        }
        let _ = read.write(Ok(())).await;
        out.finish().await;
    });
    response
}

fn big(bytes: usize) -> Response {
    let (response, mut out) = respond(200, &[("content-type", "application/octet-stream")]);
    spawn(async move {
        let pattern: Vec<u8> = b"0123456789abcdef".iter().copied().cycle().take(64 << 10).collect();
        let mut left = bytes;
        while left > 0 {
            let n = left.min(pattern.len());
            if !out.body.write_all(pattern[..n].to_vec()).await.is_empty() {
                return;
            }
            left -= n;
        }
        out.finish().await;
    });
    response
}

guest::export!(Component with_types_in guest);
