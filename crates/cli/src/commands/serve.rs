//! `weld serve`: serve a `wasi:http/proxy` component over HTTP.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use clap::Args;
use weld_run::serve::{Event, ServeOptions, Server};
use weld_run::{Host, Options, Runner};

use super::run::{CapabilityArgs, LimitArgs, parse_duration};

/// Serve a `wasi:http/proxy` (0.2) or `wasi:http/service` (0.3) component over HTTP/1.1.
///
/// The component exports `wasi:http/incoming-handler@0.2.x` or the async
/// `wasi:http/handler@0.3.x`. Every request gets a fresh instance of the component, made from one
/// pre-instantiated copy, with the limits given here for each request: a
/// trap or a limit answers 500, `--timeout` answers 504, and the server
/// keeps serving. Beyond `--max-concurrent` requests at once the next ones
/// are answered 503. SIGINT or SIGTERM stops accepting connections and lets
/// the requests in flight finish (for at most `--grace`; a second signal
/// stops at once).
///
/// Nothing is granted unless asked for, as with `weld run`: no folders, no
/// environment variables, no network, and no outgoing HTTP except to the
/// hosts given with `--allow-http` (plain `http` only). The guest's stdout
/// and stderr go to weld's stderr.
///
/// stderr gets `listening on http://ADDR/` once ready, then one line per
/// request: method, path, status, body bytes, duration.
#[derive(Args)]
#[command(after_help = "Examples:

    $ weld serve app.wasm                                  # http://127.0.0.1:8080/
    $ weld serve app.wasm --addr 0.0.0.0:3000 --timeout 5s --max-memory 64MiB
    $ weld serve notes.wasm --dir ./data::/data
    $ weld serve proxy.wasm --allow-http api.example.com --allow-http 127.0.0.1:9000
    $ weld serve app.wasm --addr 127.0.0.1:0              # a free port, printed on stderr")]
pub struct Opts {
    /// The component (`.wasm`, `.wat`, or `.cwasm` from `weld compile`).
    #[arg(value_name = "COMPONENT")]
    input: PathBuf,

    /// Where to listen (port 0: a free port).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Most requests handled at once; the next ones are answered 503.
    #[arg(long, value_name = "N", default_value_t = 64)]
    max_concurrent: usize,

    /// How long requests in flight may take to finish after SIGINT or SIGTERM.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    grace: Duration,

    /// Let the guest send HTTP requests to HOST (any port) or HOST:PORT. Repeatable.
    #[arg(long, value_name = "HOST[:PORT]")]
    allow_http: Vec<String>,

    #[command(flatten)]
    caps: CapabilityArgs,

    #[command(flatten)]
    limits: LimitArgs,

    /// Do not read or write the compilation cache (see `weld cache`).
    #[arg(long)]
    no_cache: bool,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let cache = if self.no_cache { None } else { Some(super::cache::from_env()?) };
        let runner = Runner::for_server(Options { limits: self.limits.limits(), cache })?;
        let loaded = runner.load_file(&self.input)?;
        let program =
            self.input.file_name().map_or_else(|| loaded.name().to_string(), |n| n.to_string_lossy().into_owned());
        let host = Host::from(self.caps.capabilities(program, &[])?);
        let opts = ServeOptions {
            addr: self.addr,
            max_concurrent: self.max_concurrent,
            grace: self.grace,
            allow_http: self.allow_http,
            host,
        };
        let server = Server::new(runner, &loaded, opts)?;
        server.run(Arc::new(print_event))?;
        Ok(ExitCode::SUCCESS)
    }
}

/// One event, on stderr: errors in the CLI's style, the rest as they are.
fn print_event(event: Event) {
    match &event {
        Event::GuestFailed { .. } | Event::Error(_) => {
            let text = event.to_string();
            crate::print_message(text.strip_prefix("error: ").unwrap_or(&text));
        }
        _ => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{event}");
        }
    }
}
