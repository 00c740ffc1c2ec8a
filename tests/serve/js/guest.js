// The JavaScript guest of the `weld serve` trials (componentize-js, whose
// `fetch` event is `wasi:http/incoming-handler`); the routes are the Rust
// guest's (../rust/src/lib.rs). `/trap` throws; `/bomb` grows an array
// until memory runs out.
function text(status, body, extra = {}) {
  return new Response(body, { status, headers: { "content-type": "text/plain", ...extra } });
}

function big(bytes) {
  const chunk = new TextEncoder().encode("0123456789abcdef".repeat(4096));
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) {
        controller.close();
        return;
      }
      const n = Math.min(left, chunk.length);
      // A fresh buffer each time: an enqueued one is handed over.
      controller.enqueue(chunk.slice(0, n));
      left -= n;
    },
  });
}

async function handle(request) {
  const url = new URL(request.url);
  const route = url.pathname;
  if (request.method === "GET" && route === "/hello") {
    return text(200, "hello from js\n", { "x-guest": "js" });
  }
  if (request.method === "POST" && route === "/echo") {
    const headers = {};
    for (const name of ["content-type", "x-echo"]) {
      const value = request.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    return new Response(request.body, { status: 200, headers });
  }
  if (request.method === "GET" && route.startsWith("/status/")) {
    const code = Number(route.slice("/status/".length));
    return text(code, `status ${code}\n`);
  }
  if (request.method === "GET" && route === "/big") {
    const bytes = Number(url.searchParams.get("bytes") || 0);
    return new Response(big(bytes), { status: 200, headers: { "content-type": "application/octet-stream" } });
  }
  if (route === "/trap") {
    throw new Error("the handler threw on purpose");
  }
  if (route === "/spin") {
    for (;;) {}
  }
  if (route === "/bomb") {
    const hoard = [];
    for (;;) hoard.push(new Uint8Array(1 << 20).fill(1));
  }
  if (route === "/sleep") {
    const ms = Number(url.searchParams.get("ms") || 0);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return text(200, `slept ${ms} ms\n`);
  }
  return text(404, "no such route\n");
}

addEventListener("fetch", (event) => event.respondWith(handle(event.request)));
