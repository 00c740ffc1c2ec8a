//! The notes service's HTTP front in Rust, on weld's own `wasi:http`
//! bindings: it routes requests to the `api` interface (Python) and writes
//! its replies. `weld build` writes the bindings module, `front.rs`, beside
//! this file in its build copy.
//!
//! * `POST /notes` with `{"title": ..., "body": ...}`: 201 `{"id": N}`;
//! * `GET /notes/N`: the note, or 404;
//! * `GET /notes?q=TERM`: the matching notes, as a list;
//! * anything malformed: 400 with `{"error": ...}`.

mod front;

use front::demo::notes::api::{self, Reply};
use front::exports::wasi::http::incoming_handler::Guest;
use front::wasi::http::types::{Fields, IncomingRequest, Method, OutgoingBody, OutgoingResponse, ResponseOutparam};
use front::wasi::io::streams::StreamError;

/// Request bodies larger than this are refused (413).
const MAX_BODY: usize = 1 << 20;

struct Front;

impl Guest for Front {
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        let path = request.path_with_query().unwrap_or_default();
        let (route, query) = path.split_once('?').unwrap_or((&path, ""));
        let reply = match (request.method(), route) {
            (Method::Post, "/notes") => match read_body(&request) {
                Ok(body) => api::create(&body),
                Err(reply) => reply,
            },
            (Method::Get, "/notes") => match query_param(query, "q") {
                Some(term) => api::search(&term),
                None => error(400, "expected `GET /notes?q=TERM`"),
            },
            (Method::Get, r) if r.starts_with("/notes/") => api::get(&r["/notes/".len()..]),
            (_, "/notes") => error(405, "`/notes` takes GET (with `?q=`) and POST"),
            _ => error(404, "no such route: the service has `/notes` and `/notes/ID`"),
        };
        send(out, reply);
    }
}

fn error(status: u16, message: &str) -> Reply {
    let escaped: String = message.chars().flat_map(|c| if c == '"' || c == '\\' { vec!['\\', c] } else { vec![c] }).collect();
    Reply { status, body: format!("{{\"error\": \"{escaped}\"}}") }
}

/// The request's whole body, or the reply that refuses it.
fn read_body(request: &IncomingRequest) -> Result<Vec<u8>, Reply> {
    let incoming = request.consume().map_err(|()| error(400, "the request has no body"))?;
    let stream = incoming.stream().map_err(|()| error(400, "the request has no body"))?;
    let mut body = Vec::new();
    loop {
        match stream.blocking_read(64 << 10) {
            Ok(chunk) => body.extend_from_slice(&chunk),
            Err(StreamError::Closed) => break,
            Err(StreamError::LastOperationFailed(_)) => return Err(error(400, "the request's body was cut short")),
        }
        if body.len() > MAX_BODY {
            return Err(error(413, "the request's body is over 1 MiB"));
        }
    }
    Ok(body)
}

/// `name`'s value in a query string, percent-decoded (`+` is a space).
fn query_param(query: &str, name: &str) -> Option<String> {
    let raw = query.split('&').find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?;
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&raw[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

fn send(out: ResponseOutparam, reply: Reply) {
    let headers = Fields::from_list(&[("content-type".to_string(), b"application/json".to_vec())]).expect("valid headers");
    let response = OutgoingResponse::new(headers);
    response.set_status_code(reply.status).expect("a valid status");
    let body = response.body().expect("the body, once");
    ResponseOutparam::set(out, Ok(response));
    let stream = body.write().expect("the body's stream, once");
    let mut bytes = reply.body.into_bytes();
    bytes.push(b'\n');
    for chunk in bytes.chunks(4096) {
        if stream.blocking_write_and_flush(chunk).is_err() {
            return; // the client left
        }
    }
    drop(stream);
    let _ = OutgoingBody::finish(body, None);
}

front::export!(Front with_types_in front);
