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
  out.set("X-Content-Type-Options", "nosniff");
  if ("error" in outcome.body) {
    const { retryable, retryAfter } = outcome.body.error;
    out.set(RETRYABLE_HEADER, retryable ? "1" : "0");
    if (retryAfter !== void 0) out.set("Retry-After", String(retryAfter));
  }
  return new Response(JSON.stringify(outcome.body), { status: outcome.status, headers: out });
}

// src/relay/redact.ts
var REDACTED = "[redacted]";
function redact(text, secret) {
  return secret ? text.split(secret).join(REDACTED) : text;
}

// src/relay/event-reporter.ts
function customerFieldsPresent(lead) {
  const has = (value) => value != null && value !== "";
  return {
    externalId: has(lead.externalId),
    customerEmail: has(lead.customerEmail),
    customerName: has(lead.customerName),
    customerAvatar: has(lead.customerAvatar)
  };
}
function deliveryEvent(delivery, lead) {
  const { outcome, upstream } = delivery;
  if (delivery.queued) {
    return { type: "queued", status: outcome.status, customer: customerFieldsPresent(lead) };
  }
  if (!isFinal(outcome) && "error" in outcome.body) {
    const { message, retryAfter = 0 } = outcome.body.error;
    return {
      type: "retry",
      status: outcome.status,
      retryAfter,
      reason: message,
      ...upstream?.status !== void 0 ? { upstreamStatus: upstream.status } : {},
      ...upstream ? { ms: upstream.ms } : {}
    };
  }
  if (upstream?.status !== void 0) {
    return {
      type: "forwarded",
      status: outcome.status,
      upstreamStatus: upstream.status,
      ms: upstream.ms,
      customer: customerFieldsPresent(lead)
    };
  }
  const error = "error" in outcome.body ? outcome.body.error : void 0;
  return {
    type: "refused",
    status: outcome.status,
    code: error?.code ?? "bad_request",
    reason: error?.message ?? ""
  };
}
var SCRUBBED = ["reason", "code", "eventId", "eventName", "clickId", "origin"];
var EMAIL_LIKE = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;
function startTrace(sink, key, extra = {}) {
  const base = { ...extra };
  const secrets = key ? [key] : [];
  let arrival;
  let decided = false;
  const send = (event) => {
    for (const name of SCRUBBED) {
      const value = event[name];
      if (typeof value == "string") {
        let text = value;
        for (const secret of secrets) if (text.includes(secret)) text = redact(text, secret);
        event[name] = text.includes("@") ? text.replace(EMAIL_LIKE, REDACTED) : text;
      }
    }
    try {
      sink(event);
    } catch {
    }
  };
  const flushReceived = () => {
    if (!arrival) return;
    const { at, ...how } = arrival;
    arrival = void 0;
    send({ at, ...base, type: "received", ...how });
  };
  return {
    get decided() {
      return decided;
    },
    receive(how) {
      arrival = { at: (/* @__PURE__ */ new Date()).toISOString(), ...how };
    },
    lead(body, more = []) {
      if (body.eventId) base.eventId = body.eventId;
      if (body.eventName) base.eventName = body.eventName;
      if (body.clickId) base.clickId = body.clickId;
      for (const secret of [body.customerEmail, ...more]) {
        if (typeof secret == "string" && secret.trim()) secrets.push(secret, secret.trim());
      }
      flushReceived();
    },
    emit(decision) {
      if (decided) return;
      decided = true;
      flushReceived();
      send({ at: (/* @__PURE__ */ new Date()).toISOString(), ...base, ...decision });
    }
  };
}
function sentVia(request) {
  const mode = request.headers.get("sec-fetch-mode");
  return mode == "no-cors" ? "beacon" : mode ? "fetch" : "unknown";
}
var defaultSinks = /* @__PURE__ */ new WeakMap();
function registerDefaultEventSink(handler) {
  const slot = {};
  defaultSinks.set(handler, slot);
  return () => slot.sink;
}
function setDefaultEventSink(handler, sink) {
  const slot = defaultSinks.get(handler);
  if (slot) slot.sink = sink;
  return slot !== void 0;
}
function jsonLines(write) {
  return (event) => write(JSON.stringify(event) + "\n");
}

export {
  RETRYABLE_HEADER,
  DUPLICATE_HEADER,
  failure,
  isFinal,
  toResponse,
  redact,
  customerFieldsPresent,
  deliveryEvent,
  startTrace,
  sentVia,
  registerDefaultEventSink,
  setDefaultEventSink,
  jsonLines
};
