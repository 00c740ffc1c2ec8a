"""The Python guest of the `weld serve` trials (componentize-py's bindings of
the trials' world, ../guest.wit); the routes are the Rust guest's
(../rust/src/lib.rs). `/trap` raises; `/bomb` allocates until memory runs out."""

from urllib.parse import parse_qs

from componentize_py_types import Err, Ok
from wit_world import exports
from wit_world.imports import monotonic_clock, streams
from wit_world.imports.types import (
    Fields,
    IncomingRequest,
    Method_Get,
    Method_Post,
    OutgoingBody,
    OutgoingResponse,
    ResponseOutparam,
)


def respond(out, status, headers):
    response = OutgoingResponse(Fields.from_list([(k, v.encode()) for k, v in headers]))
    response.set_status_code(status)
    body = response.body()
    ResponseOutparam.set(out, Ok(response))
    return body, body.write()


def write_all(stream, data):
    for i in range(0, len(data), 4096):
        stream.blocking_write_and_flush(data[i : i + 4096])


def finish(body, stream):
    stream.__exit__(None, None, None)
    OutgoingBody.finish(body, None)


def text(out, status, message, extra=()):
    body, stream = respond(out, status, [("content-type", "text/plain"), *extra])
    write_all(stream, message.encode())
    finish(body, stream)


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, out: ResponseOutparam) -> None:
        path = request.path_with_query() or "/"
        route, _, query = path.partition("?")
        params = {k: v[0] for k, v in parse_qs(query).items()}
        method = request.method()
        if isinstance(method, Method_Get) and route == "/hello":
            text(out, 200, "hello from python\n", [("x-guest", "python")])
        elif isinstance(method, Method_Post) and route == "/echo":
            given = request.headers()
            headers = []
            for name in ("content-type", "x-echo"):
                values = given.get(name)
                if values:
                    headers.append((name, values[0].decode()))
            incoming = request.consume()
            source = incoming.stream()
            body, stream = respond(out, 200, headers)
            while True:
                try:
                    chunk = source.blocking_read(64 * 1024)
                except Err as e:
                    if isinstance(e.value, streams.StreamError_Closed):
                        break
                    raise
                write_all(stream, chunk)
            finish(body, stream)
        elif isinstance(method, Method_Get) and route.startswith("/status/"):
            code = int(route[len("/status/") :])
            text(out, code, f"status {code}\n")
        elif isinstance(method, Method_Get) and route == "/big":
            left = int(params.get("bytes", "0"))
            body, stream = respond(out, 200, [("content-type", "application/octet-stream")])
            chunk = b"0123456789abcdef" * 4096
            while left > 0:
                n = min(left, len(chunk))
                write_all(stream, chunk[:n])
                left -= n
            finish(body, stream)
        elif route == "/trap":
            raise RuntimeError("the handler raised on purpose")
        elif route == "/spin":
            while True:
                pass
        elif route == "/bomb":
            hoard = []
            while True:
                hoard.append(bytearray(1 << 20))
        elif route == "/sleep":
            ms = int(params.get("ms", "0"))
            monotonic_clock.subscribe_duration(ms * 1_000_000).block()
            text(out, 200, f"slept {ms} ms\n")
        else:
            text(out, 404, "no such route\n")
