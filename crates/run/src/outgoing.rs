//! Outgoing HTTP from a served guest (`wasi:http/outgoing-handler`):
//! denied unless the host is allowed, and then sent as plain HTTP/1.1 with
//! hyper's client. weld does not link a TLS stack, so `https` is refused
//! with a message rather than sent in the clear.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::BodyExt;
use tokio::net::TcpStream;
use wasmtime_wasi_http::io::TokioIo;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttpHooks};

/// A refused or failed outgoing request, reported to the server's events.
pub type OnDenied = Arc<dyn Fn(String) + Send + Sync>;

/// The hosts a guest may call: `HOST` (any port) or `HOST:PORT`.
#[derive(Clone)]
pub struct Outgoing {
    pub allowed: Arc<Vec<String>>,
    pub on_denied: OnDenied,
}

impl Outgoing {
    /// Whether `host` (without port) on `port` is allowed.
    pub fn allows(&self, host: &str, port: u16) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.allowed.iter().any(|a| {
            let a = a.to_ascii_lowercase();
            a == host.to_ascii_lowercase() || a == format!("{}:{port}", host.to_ascii_lowercase())
        })
    }
}

type Sent = Box<dyn Future<Output = Result<(http::Response<WasiBody>, IoFuture), Error>> + Send>;
type IoFuture = Box<dyn Future<Output = Result<(), Error>> + Send>;

impl WasiHttpHooks for Outgoing {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: IoFuture,
    ) -> Sent {
        drop(fut);
        let uri = request.uri().clone();
        let https = uri.scheme() == Some(&http::uri::Scheme::HTTPS);
        let Some(authority) = uri.authority().cloned() else {
            return Box::new(async { Err(Error::HttpRequestUriInvalid) });
        };
        let port = authority.port_u16().unwrap_or(if https { 443 } else { 80 });
        if !self.allows(authority.host(), port) {
            (self.on_denied)(format!(
                "denied an outgoing request to `{}` (allow it with `--allow-http {}`)",
                authority,
                authority.host()
            ));
            return Box::new(async { Err(Error::HttpRequestDenied) });
        }
        if https {
            (self.on_denied)(format!(
                "refused an outgoing request to `https://{authority}`: weld serve sends plain `http` only (it links no TLS stack)"
            ));
            return Box::new(async {
                Err(Error::InternalError(Some("weld serve sends plain http only; https is not supported".into())))
            });
        }
        let connect = options.and_then(|o| o.connect_timeout).unwrap_or(Duration::from_secs(30));
        let first_byte = options.and_then(|o| o.first_byte_timeout).unwrap_or(Duration::from_secs(600));
        let address = format!("{}:{port}", authority.host());
        Box::new(async move {
            let stream = match tokio::time::timeout(connect, TcpStream::connect(&address)).await {
                Ok(stream) => stream.map_err(Error::Connect)?,
                Err(_) => return Err(Error::ConnectionTimeout),
            };
            let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            // The request line carries the path only; the Host header names the authority.
            let (mut parts, body) = request.into_parts();
            parts.uri = parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .parse()
                .map_err(|_| Error::HttpRequestUriInvalid)?;
            let request = http::Request::from_parts(parts, body);
            let io: IoFuture = Box::new(async move { conn.await.map_err(Error::Hyper) });
            let io = tokio::spawn(Box::into_pin(io));
            let response = match tokio::time::timeout(first_byte, sender.send_request(request)).await {
                Ok(response) => response?,
                Err(_) => return Err(Error::ConnectionReadTimeout),
            };
            let response = response.map(|body| body.map_err(Error::Hyper).boxed_unsync());
            let io: IoFuture =
                Box::new(async move { io.await.map_err(|e| Error::InternalError(Some(e.to_string())))? });
            Ok((response, io))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_allowed_by_name_or_name_and_port() {
        let out = Outgoing {
            allowed: Arc::new(vec!["Example.com".into(), "127.0.0.1:9000".into()]),
            on_denied: Arc::new(|_| {}),
        };
        assert!(out.allows("example.com", 80));
        assert!(out.allows("EXAMPLE.COM", 8080));
        assert!(out.allows("127.0.0.1", 9000));
        assert!(!out.allows("127.0.0.1", 9001));
        assert!(!out.allows("example.org", 80));
    }
}
