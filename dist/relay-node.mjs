import {
  jsonLines,
  setDefaultEventSink
} from "./relay-shared-JRCYW5SR.mjs";

// src/relay/node-adapter.ts
function toNodeHandler(handler, options = {}) {
  const origin = options.origin === void 0 ? void 0 : new URL(options.origin).origin;
  return (req, res) => {
    void respond(handler, req, res, origin);
  };
}
async function respond(handler, req, res, origin) {
  const aborter = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborter.abort();
  });
  let abandoned = false;
  let request;
  try {
    request = toRequest(req, origin, aborter.signal, () => abandoned = true);
  } catch {
    fail(res, 400, "bad_request", "the request could not be read");
    return;
  }
  try {
    const response = await handler(request);
    if (abandoned) res.setHeader("Connection", "close");
    await writeResponse(response, res);
  } catch {
    fail(res, 500, "internal_error", "the server failed; retry later");
  }
}
function fail(res, status, code, message) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const retryable = status >= 500;
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Pimms-Retryable": retryable ? "1" : "0",
    ...retryable ? { "Retry-After": "10" } : {}
  });
  res.end(
    JSON.stringify({
      error: { code, message, retryable, ...retryable ? { retryAfter: 10 } : {} }
    })
  );
}
function toRequest(req, origin, signal, onAbandon) {
  const url = new URL(origin ?? socketOrigin(req));
  const target = req.url || "/";
  const path = /^[a-z][a-z\d+.-]*:/i.test(target) ? new URL(target).pathname + new URL(target).search : target.startsWith("/") ? target : "/" + target;
  const query = path.indexOf("?");
  url.pathname = query < 0 ? path : path.slice(0, query);
  url.search = query < 0 ? "" : path.slice(query);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (!name.startsWith(":")) headers.append(name, req.rawHeaders[i + 1]);
  }
  const method = req.method ?? "GET";
  const init = { method, headers, signal };
  if (method != "GET" && method != "HEAD") {
    init.body = bodyStream(req, onAbandon);
    init.duplex = "half";
  }
  return new Request(url, init);
}
function socketOrigin(req) {
  const socket = req.socket;
  const address = socket.localAddress || "127.0.0.1";
  const host = address.includes(":") ? `[${address}]` : address;
  return `${socket.encrypted ? "https" : "http"}://${host}${socket.localPort ? ":" + socket.localPort : ""}`;
}
function bodyStream(req, onAbandon) {
  let controller;
  let settled = false;
  const settle = (finish) => {
    if (!settled) {
      settled = true;
      finish();
    }
  };
  const onData = (chunk) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  return new ReadableStream({
    start(c) {
      controller = c;
      req.pause();
      req.on("data", onData);
      req.once("end", () => settle(() => c.close()));
      req.once("error", (error) => settle(() => c.error(error)));
    },
    pull() {
      req.resume();
    },
    cancel() {
      settled = true;
      req.off("data", onData);
      req.resume();
      onAbandon();
    }
  });
}
async function writeResponse(response, res) {
  const headers = {};
  response.headers.forEach((value, name) => {
    if (name != "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
  }
  res.end();
}

// src/relay/serve.ts
async function serve(handler, options = {}) {
  const { createServer } = await import("node:http");
  const { port = 0, host = "127.0.0.1", events, origin } = options;
  if (events !== false) {
    setDefaultEventSink(handler, events ?? jsonLines((line) => process.stdout.write(line)));
  }
  const server = createServer(toNodeHandler(handler, { origin }));
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address == "object" && address ? address.port : port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    close: () => new Promise((resolve, reject) => {
      server.close((error) => error ? reject(error) : resolve());
      server.closeAllConnections();
    })
  };
}
export {
  serve,
  toNodeHandler
};
