// src/shared/field-rules.ts
var EMAIL = /^(?!\.)(?!.*\.\.)[\w'+.-]*[\w+-]@([a-z\d][a-z\d-]*\.)+[a-z]{2,}$/i;
var HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;
var CUT = 1;
var NULLABLE = 2;
var OBJECT = 4;
var FIELD_RULES = {
  eventId: [64, 0, /^[\w-]+$/],
  clickId: [0],
  eventName: [255, CUT],
  externalId: [100],
  customerName: [100, CUT | NULLABLE],
  customerEmail: [100, NULLABLE, EMAIL],
  customerAvatar: [0, NULLABLE, HTTP_URL],
  metadata: [0, OBJECT | NULLABLE]
};
function checkLead(input) {
  const body = {};
  const problems = [];
  for (const field in input) {
    const [limit, flags = 0, pattern] = FIELD_RULES[field] || [];
    let value = input[field];
    let problem = limit == null ? 1 /* NotAField */ : 0;
    if (value === null) {
      if (flags & NULLABLE) body[field] = null;
    } else if (!problem && value !== void 0) {
      if (flags & OBJECT) {
        try {
          if (typeof value != "object" || Array.isArray(value) || !JSON.stringify(value)) throw 0;
          body[field] = value;
        } catch {
          problem = 2 /* NotAnObject */;
        }
      } else {
        if (typeof value == "number" && isFinite(value)) value = "" + value;
        if (typeof value != "string") problem = 3 /* NotAString */;
        else if (value = value.trim()) {
          if (limit && value.length > limit) {
            problem = 4 /* TooLong */;
            if (flags & CUT) body[field] = value.slice(0, limit);
          } else if (pattern && !pattern.test(value)) problem = 5 /* Malformed */;
          else body[field] = value;
        }
      }
    }
    if (problem)
      problems.push(
        typeof __DEBUG__ == "undefined" || __DEBUG__ ? field + " " + describeProblem(problem, limit, pattern) : field
      );
  }
  return { body, problems };
}
function describeProblem(problem, limit, pattern) {
  return problem == 1 /* NotAField */ ? "is not a lead field" : problem == 2 /* NotAnObject */ ? "must be a JSON object" : problem == 3 /* NotAString */ ? "must be a string" : problem == 4 /* TooLong */ ? "is longer than " + limit + " characters" : pattern == EMAIL ? "is not a valid e-mail address" : pattern == HTTP_URL ? "is not an http(s) URL" : "may hold only letters, digits, _ and -";
}
function missingField(body, fields = ["clickId", "eventName", "externalId"]) {
  for (const field of fields) if (!body[field]) return field + " is required";
}

// src/relay/answers.ts
var RETRYABLE_HEADER = "X-Pimms-Retryable";
var DUPLICATE_HEADER = "X-Pimms-Duplicate";
function failure(status, code, message, retryAfter, retryable = status == 429 || status >= 500) {
  const error = { code, message, retryable };
  if (retryable && retryAfter !== void 0) error.retryAfter = retryAfter;
  return { status, body: { error } };
}
function isFinal(outcome) {
  return "ok" in outcome.body || !outcome.body.error.retryable;
}
function toResponse(outcome, headers) {
  const out = new Headers(headers);
  out.set("Content-Type", "application/json; charset=utf-8");
  out.set("Cache-Control", "no-store");
  if ("error" in outcome.body) {
    const { retryable, retryAfter } = outcome.body.error;
    out.set(RETRYABLE_HEADER, retryable ? "1" : "0");
    if (retryAfter !== void 0) out.set("Retry-After", String(retryAfter));
  }
  return new Response(JSON.stringify(outcome.body), { status: outcome.status, headers: out });
}

// src/relay/cors.ts
var PREFLIGHT_MAX_AGE = 7200;
function createOriginCheck(allowed = []) {
  const list = typeof allowed == "function" ? void 0 : new Set(allowed.map((origin) => new URL(origin).origin));
  return (request, origin) => isOwnSite(request, origin) || (list ? list.has(origin) : allowed(origin));
}
function isOwnSite(request, origin) {
  let host;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim().toLowerCase();
  return host == new URL(request.url).host || host == request.headers.get("host")?.toLowerCase() || host == forwarded;
}
function corsHeaders(origin) {
  if (origin === null) return { Vary: "Origin" };
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": ["Retry-After", RETRYABLE_HEADER, DUPLICATE_HEADER].join(", "),
    Vary: "Origin"
  };
}
function preflight(origin) {
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      Allow: "POST, OPTIONS",
      "Access-Control-Allow-Methods": "POST",
      "Access-Control-Allow-Headers": "content-type",
      "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE),
      "Cache-Control": "no-store"
    }
  });
}

// src/relay/describe-error.ts
function describeError(error) {
  const parts = [];
  for (let at = error, depth = 0; at !== void 0 && depth < 4; depth++) {
    const text = at instanceof Error ? at.message : String(at);
    if (!parts.some((part) => part.includes(text))) parts.push(text);
    at = at instanceof Error ? at.cause : void 0;
  }
  return parts.join(": ") || "unknown error";
}

// src/relay/dedupe.ts
function createDeduper(store, log) {
  const inFlight = /* @__PURE__ */ new Map();
  return async (eventId, deliver) => {
    const pending = inFlight.get(eventId);
    if (pending) return { outcome: (await pending).outcome, duplicate: true };
    const first = (async () => {
      const stored = await Promise.resolve().then(() => store.get(eventId)).catch((error) => {
        log(`de-dup store get failed, forwarding anyway: ${describeError(error)}`);
        return void 0;
      });
      if (stored) return { outcome: stored, duplicate: true };
      const { outcome, remember } = await deliver();
      if (remember) {
        await Promise.resolve().then(() => store.set(eventId, outcome)).catch((error) => {
          log(`de-dup store set failed: ${describeError(error)}`);
        });
      }
      return { outcome, duplicate: false };
    })();
    inFlight.set(eventId, first);
    try {
      return await first;
    } finally {
      inFlight.delete(eventId);
    }
  };
}

// src/relay/env.ts
function readEnv(name) {
  try {
    const env = globalThis.process?.env;
    return env?.[name]?.trim() || void 0;
  } catch {
    return void 0;
  }
}

// src/relay/event-id-cache.ts
var DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1e3;
var DEFAULT_DEDUPE_MAX_ENTRIES = 1e4;
function createMemoryEventIdStore(options = {}) {
  const {
    ttlMs = DEFAULT_DEDUPE_TTL_MS,
    maxEntries = DEFAULT_DEDUPE_MAX_ENTRIES,
    now = Date.now
  } = options;
  const entries = /* @__PURE__ */ new Map();
  return {
    async get(eventId) {
      const entry = entries.get(eventId);
      if (entry && entry.expires <= now()) entries.delete(eventId);
      else return entry?.outcome;
    },
    async set(eventId, outcome) {
      const time = now();
      entries.delete(eventId);
      entries.set(eventId, { expires: time + ttlMs, outcome });
      for (const [id, entry] of entries) {
        if (entries.size <= maxEntries && entry.expires > time) break;
        entries.delete(id);
      }
    }
  };
}

// src/relay/forward-lead.ts
import { PimmsCore } from "pimms/core.js";
import { trackLead } from "pimms/funcs/trackLead.js";
import { HTTPClient } from "pimms/lib/http.js";

// src/relay/redact.ts
var REDACTED = "[redacted]";
function redact(text, secret) {
  return secret ? text.split(secret).join(REDACTED) : text;
}

// src/relay/forward-lead.ts
var RATE_LIMIT_RETRY_AFTER = 30;
var OUTAGE_RETRY_AFTER = 10;
var CONFIG_RETRY_AFTER = 60;
function createForwarder(options) {
  const { timeoutMs, log } = options;
  const httpClient = new HTTPClient({
    fetcher: (input, init) => {
      const fetcher = options.fetch ?? globalThis.fetch;
      return init == null ? fetcher(input) : fetcher(input, init);
    }
  });
  let client;
  let configError = "";
  try {
    client = new PimmsCore({
      token: async () => options.apiKey() ?? "",
      serverURL: options.serverURL,
      httpClient,
      retryConfig: { strategy: "none" },
      timeoutMs,
      debugLogger: { group() {
      }, groupEnd() {
      }, log() {
      } }
    });
  } catch (error) {
    configError = `the relay's PIMMS API URL is not valid: ${describeError(error)}`;
  }
  return async (body, eventId) => {
    const key = options.apiKey();
    const scrub = (text) => redact(text, key);
    const about = eventId ? ` (eventId ${eventId})` : "";
    if (!client) {
      log(configError + about);
      return retry(failure(500, "relay_not_configured", configError, CONFIG_RETRY_AFTER));
    }
    let result, call;
    try {
      [result, call] = await trackLead(client, body, {
        timeoutMs,
        retries: { strategy: "none" }
      }).$inspect();
    } catch (error2) {
      log(scrub(`the SDK failed${about}: ${describeError(error2)}`));
      return retry(failure(500, "internal_error", "the relay failed to call PIMMS; retry later"));
    }
    if (call.status == "complete") {
      const { status, headers } = call.response;
      if (status >= 200 && status < 300) {
        const value = result.ok ? result.value : rawValue(result.error);
        return {
          outcome: { status: 200, body: successBody(body, value, eventId) },
          remember: true
        };
      }
      const upstream = upstreamError(result.error);
      const outcome = mapUpstreamStatus(status, upstream, headers.get("retry-after"), scrub);
      if (status != 404 && status != 409 && status != 410) {
        log(
          scrub(
            `PIMMS answered ${status} ${upstream.code ?? ""}${about}: ${upstream.message ?? ""}`
          )
        );
      }
      return { outcome, remember: isFinal(outcome) };
    }
    const error = result.ok ? void 0 : result.error;
    const detail = scrub(describeError(error));
    if (call.status == "invalid") {
      log(`the SDK refused the lead before sending${about}: ${detail}`);
      return error instanceof Error && error.name == "InvalidRequestError" ? retry(
        failure(
          500,
          "relay_not_configured",
          `the relay's PIMMS API URL is not usable`,
          CONFIG_RETRY_AFTER
        )
      ) : {
        outcome: failure(400, "bad_request", `the PIMMS SDK refused the lead: ${detail}`),
        remember: false
      };
    }
    log(`PIMMS could not be reached${about}: ${detail}`);
    return retry(
      error instanceof Error && error.name == "RequestTimeoutError" ? failure(
        504,
        "upstream_timeout",
        `PIMMS did not answer within ${timeoutMs} ms; retry later`,
        OUTAGE_RETRY_AFTER
      ) : failure(
        502,
        "upstream_unreachable",
        "PIMMS could not be reached; retry later",
        OUTAGE_RETRY_AFTER
      )
    );
  };
}
var DEFAULT_CODES = {
  400: "bad_request",
  404: "not_found",
  409: "conflict",
  410: "invite_expired",
  422: "unprocessable_entity"
};
function mapUpstreamStatus(status, upstream, retryAfter, scrub) {
  const wait = parseRetryAfter(retryAfter);
  if (status == 401 || status == 403) {
    return failure(
      502,
      "upstream_auth",
      `PIMMS refused the relay's PIMMS_API_KEY (${status}): the site's key is missing a permission, wrong or revoked; the lead is kept for a retry`,
      wait ?? CONFIG_RETRY_AFTER
    );
  }
  if (status == 408)
    return failure(
      504,
      "upstream_timeout",
      "PIMMS timed out; retry later",
      wait ?? OUTAGE_RETRY_AFTER
    );
  if (status == 429) {
    return failure(
      429,
      "rate_limit_exceeded",
      scrub(upstream.message || "PIMMS is rate limiting this site; retry later"),
      wait ?? RATE_LIMIT_RETRY_AFTER
    );
  }
  if (status >= 400 && status < 500) {
    return failure(
      status,
      upstream.code || DEFAULT_CODES[status] || "bad_request",
      scrub(upstream.message || `PIMMS refused the lead (${status})`),
      void 0,
      false
    );
  }
  if (status >= 500 && status < 600) {
    return failure(
      502,
      "upstream_unavailable",
      `PIMMS is unavailable (${status}); retry later`,
      wait ?? OUTAGE_RETRY_AFTER
    );
  }
  return failure(
    502,
    "upstream_error",
    `PIMMS answered an unexpected ${status}; retry later`,
    OUTAGE_RETRY_AFTER
  );
}
function parseRetryAfter(value, now = Date.now()) {
  if (!value) return void 0;
  const text = value.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : Math.ceil((Date.parse(text) - now) / 1e3);
  return Number.isNaN(seconds) ? void 0 : Math.min(Math.max(seconds, 0), 86400);
}
function retry(outcome) {
  return { outcome, remember: false };
}
function upstreamError(error) {
  const holder = error;
  let data = holder?.data$ ?? holder?.rawValue;
  if (data === void 0 && typeof holder?.body == "string") {
    try {
      data = JSON.parse(holder.body);
    } catch {
      data = void 0;
    }
  }
  const inner = data?.error;
  return {
    code: typeof inner?.code == "string" ? inner.code : void 0,
    message: typeof inner?.message == "string" ? inner.message : void 0
  };
}
function rawValue(error) {
  return error?.rawValue;
}
function successBody(sent, value, eventId) {
  const got = value ?? {};
  const customer = got.customer ?? {};
  const text = (field, fallback) => typeof field == "string" || field === null ? field : fallback ?? null;
  return {
    ok: true,
    ...eventId ? { eventId } : {},
    click: { id: text(got.click?.id, sent.clickId) },
    customer: {
      name: text(customer.name, sent.customerName),
      email: text(customer.email, sent.customerEmail),
      avatar: text(customer.avatar, sent.customerAvatar),
      externalId: text(customer.externalId, sent.externalId)
    }
  };
}

// src/relay/read-body.ts
async function readJsonBody(request, maxBytes) {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type != "text/plain" && type != "application/json") {
    return refuse(
      415,
      "unsupported_media_type",
      "Content-Type must be text/plain or application/json"
    );
  }
  const tooLarge = () => refuse(413, "payload_too_large", `the body is larger than ${maxBytes} bytes`);
  if (Number(request.headers.get("content-length")) > maxBytes) return tooLarge();
  const chunks = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (; ; ) {
        const { done, value: value2 } = await reader.read();
        if (done) break;
        size += value2.byteLength;
        if (size > maxBytes) {
          reader.cancel().catch(() => {
          });
          return tooLarge();
        }
        chunks.push(value2);
      }
    } catch {
      return refuse(400, "bad_request", "the body could not be read");
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  let value;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return refuse(400, "bad_request", "the body is not valid UTF-8 JSON");
  }
  if (typeof value != "object" || value === null || Array.isArray(value)) {
    return refuse(400, "bad_request", "the body must be a JSON object");
  }
  return { ok: true, value };
}
function refuse(status, code, message) {
  return { ok: false, outcome: failure(status, code, message) };
}

// src/relay/create-lead-relay.ts
var DEFAULT_MAX_BODY_BYTES = 16384;
var DEFAULT_TIMEOUT_MS = 1e4;
var DEFAULT_SERVER_URL = "https://api.pimms.io";
function createLeadRelay(options = {}) {
  const apiKey = () => (options.apiKey ?? readEnv("PIMMS_API_KEY"))?.trim() || void 0;
  const write = options.log ?? ((line) => console.warn(line));
  const log = (line) => {
    try {
      write(redact(`[pimms-relay] ${line}`, apiKey()));
    } catch {
    }
  };
  const isAllowed = createOriginCheck(options.allowedOrigins);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const store = options.dedupe && "get" in options.dedupe ? options.dedupe : createMemoryEventIdStore(options.dedupe);
  const dedupe = createDeduper(store, log);
  const forward = createForwarder({
    serverURL: options.serverURL ?? readEnv("PIMMS_API_URL") ?? DEFAULT_SERVER_URL,
    apiKey,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    log
  });
  async function deliver(request, lead, eventId) {
    if (!apiKey()) {
      log("PIMMS_API_KEY is not set: the lead was answered 500 for a later retry");
      return retry2(
        failure(
          500,
          "relay_not_configured",
          "the relay has no PIMMS_API_KEY; retry later",
          CONFIG_RETRY_AFTER
        )
      );
    }
    let body = lead;
    if (options.enrich) {
      let enriched;
      try {
        enriched = await options.enrich(request, { ...lead });
        if (typeof enriched != "object" || enriched === null || Array.isArray(enriched)) {
          throw new TypeError("enrich must return the lead body");
        }
      } catch (error) {
        log(`enrich failed: ${describeError(error)}`);
        return retry2(
          failure(
            500,
            "enrich_failed",
            "the relay could not complete the lead; retry later",
            OUTAGE_RETRY_AFTER
          )
        );
      }
      const checked = checkLead(enriched);
      const problem = checked.problems.join("; ");
      if (problem) return refuse2(problem);
      const { eventId: _ignored, ...rest } = checked.body;
      body = rest;
    }
    const missing = missingField(body);
    return missing ? refuse2(missing) : forward(body, eventId);
  }
  return async function leadRelay(request) {
    const origin = request.headers.get("origin");
    let headers = { Vary: "Origin" };
    try {
      if (origin !== null && !isAllowed(request, origin)) {
        const forbidden = failure(
          403,
          "forbidden_origin",
          `the origin ${origin} may not send leads to this relay`
        );
        return toResponse(forbidden, request.method == "OPTIONS" ? headers : corsHeaders(origin));
      }
      headers = corsHeaders(origin);
      if (request.method == "OPTIONS") return preflight(origin);
      if (request.method != "POST") {
        return toResponse(failure(405, "method_not_allowed", "use POST"), {
          ...headers,
          Allow: "POST, OPTIONS"
        });
      }
      const read = await readJsonBody(request, maxBodyBytes);
      if (!read.ok) return toResponse(read.outcome, headers);
      const checked = checkLead(read.value);
      const problem = checked.problems.join("; ") || missingField(checked.body, ["clickId", "eventName"]);
      if (problem) return toResponse(refuse2(problem).outcome, headers);
      const { eventId, ...lead } = checked.body;
      const run = () => deliver(request, lead, eventId);
      const { outcome, duplicate } = eventId ? await dedupe(eventId, run) : { ...await run(), duplicate: false };
      return toResponse(outcome, duplicate ? { ...headers, [DUPLICATE_HEADER]: "1" } : headers);
    } catch (error) {
      log(`unexpected error: ${describeError(error)}`);
      return toResponse(
        failure(500, "internal_error", "the relay failed; retry later", OUTAGE_RETRY_AFTER),
        headers
      );
    }
  };
}
function refuse2(message) {
  return { outcome: failure(400, "bad_request", message), remember: false };
}
function retry2(outcome) {
  return { outcome, remember: false };
}

// src/relay/node-adapter.ts
function toNodeHandler(handler) {
  return (req, res) => {
    void respond(handler, req, res);
  };
}
async function respond(handler, req, res) {
  const aborter = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborter.abort();
  });
  let abandoned = false;
  try {
    const request = toRequest(req, aborter.signal, () => abandoned = true);
    const response = await handler(request);
    if (abandoned) res.setHeader("Connection", "close");
    await writeResponse(response, res);
  } catch {
    if (!res.headersSent) {
      res.writeHead(500, {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store"
      });
      res.end("Internal Server Error");
    } else {
      res.destroy();
    }
  }
}
function toRequest(req, signal, onAbandon) {
  const encrypted = req.socket.encrypted;
  const url = new URL(
    req.url ?? "/",
    `${encrypted ? "https" : "http"}://${req.headers.host ?? "localhost"}`
  );
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
  const { port = 0, host = "127.0.0.1" } = options;
  const server = createServer(toNodeHandler(handler));
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
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SERVER_URL,
  DEFAULT_TIMEOUT_MS,
  DUPLICATE_HEADER,
  RETRYABLE_HEADER,
  createLeadRelay,
  createMemoryEventIdStore,
  serve,
  toNodeHandler
};
