import {
  createMemoryEventIdCache,
  describeError,
  isEventIdCache,
  notRemembered,
  readEnv,
  refusal
} from "./relay-shared-AD6GXZIJ.mjs";
import {
  DUPLICATE_HEADER,
  RETRYABLE_HEADER,
  customerFieldsPresent,
  deliveryEvent,
  failure,
  isFinal,
  jsonLines,
  redact,
  registerDefaultEventSink,
  sentVia,
  startTrace,
  toResponse
} from "./relay-shared-JRCYW5SR.mjs";

// src/shared/field-rules.ts
var EMAIL = /^(?!\.)(?!.*\.\.)[\w'+.-]*[\w+-]@([a-zA-Z\d][a-zA-Z\d-]*\.)+[a-zA-Z]{2,}$/;
var MODE = /^(async|wait)$/;
var EVENT_ID = /^[\w-]+$/;
var LONE_SURROGATE = /[\uD800-\uDFFF]/u;
var METADATA_MAX_DEPTH = 8;
var METADATA_MAX_CHARS = 4096;
var TRIM = 1;
var CUT = 2;
var NULLABLE = 4;
var OBJECT = 8;
var NUMBER = 16;
var FIELD_RULES = {
  __proto__: null,
  eventId: [64, TRIM, EVENT_ID],
  clickId: [0, TRIM],
  eventName: [255, TRIM | CUT],
  externalId: [100, TRIM],
  customerId: [100, TRIM],
  customerName: [100, NULLABLE],
  customerEmail: [100, NULLABLE, EMAIL],
  customerAvatar: [0, NULLABLE],
  metadata: [METADATA_MAX_CHARS, OBJECT | NULLABLE],
  eventQuantity: [0, NUMBER | NULLABLE],
  mode: [0, 0, MODE]
};
function checkLead(input) {
  const problems = [];
  return { body: checkFields(input, problems), problems };
}
function checkFields(input, problems) {
  const body = {};
  for (const field in input) {
    const rule = FIELD_RULES[field];
    const [limit, flags = 0, pattern] = rule || [];
    let value = input[field];
    let problem = rule ? 0 : 1 /* NotAField */;
    if (value === null) {
      if (flags & NULLABLE) body[field] = null;
    } else if (!problem && value !== void 0) {
      if (flags & OBJECT) problem = metadataProblem(value, limit);
      else if (flags & NUMBER) {
        if (!Number.isFinite(value)) problem = 4 /* NotANumber */;
      } else if (typeof value != "string") problem = 3 /* NotAString */;
      else if (LONE_SURROGATE.test(value)) problem = 5 /* NotUnicode */;
      else if (!value.trim()) value = void 0;
      else {
        if (flags & TRIM) value = value.trim();
        if (limit && value.length > limit) {
          problem = 6 /* TooLong */;
          if (flags & CUT)
            body[field] = value.slice(0, limit).replace(/[\uD800-\uDBFF]$/, "");
        } else if (pattern && !pattern.test(value)) problem = 8 /* Malformed */;
      }
      if (!problem && value !== void 0) body[field] = value;
    }
    if ((typeof __DEBUG__ == "undefined" || __DEBUG__) && problem && problems)
      problems.push(field + " " + describeProblem(problem, limit, flags, pattern));
  }
  if (body.customerId) {
    body.externalId = body.customerId;
    delete body.customerId;
  }
  return body;
}
function metadataProblem(value, limit) {
  let json;
  try {
    json = typeof value == "object" && !Array.isArray(value) && JSON.stringify(value);
  } catch {
  }
  return !json ? 2 /* NotAnObject */ : json.length > limit ? 6 /* TooLong */ : walk(value, METADATA_MAX_DEPTH);
}
function walk(value, levels) {
  if (typeof value == "string") return LONE_SURROGATE.test(value) ? 5 /* NotUnicode */ : 0;
  if (!value || typeof value != "object") return 0;
  if (!levels) return 7 /* TooDeep */;
  let problem = 0;
  for (const key of Object.keys(value))
    problem = problem || walk(key, 1) || walk(value[key], levels - 1);
  return problem;
}
function describeProblem(problem, limit, flags, pattern) {
  return problem == 1 /* NotAField */ ? "is not a lead field" : problem == 2 /* NotAnObject */ ? "must be a JSON object" : problem == 3 /* NotAString */ ? "must be a string" : problem == 4 /* NotANumber */ ? "must be a number" : problem == 5 /* NotUnicode */ ? "holds a lone UTF-16 surrogate (not valid Unicode)" : problem == 7 /* TooDeep */ ? "is nested deeper than " + METADATA_MAX_DEPTH + " levels" : problem == 6 /* TooLong */ ? "is longer than " + limit + " characters" + (flags & OBJECT ? " of JSON" : "") : pattern == EMAIL ? "is not a valid e-mail address" : pattern == MODE ? 'must be "async" or "wait"' : "may hold only letters, digits, _ and -";
}
function missingField(body, fields = ["clickId", "eventName", "externalId"]) {
  for (const field of fields) if (!body[field]) return field + " is required";
}

// src/shared/is-json-object.ts
function isJsonObject(value) {
  return typeof value == "object" && value !== null && !Array.isArray(value);
}

// src/shared/click-id-rule.ts
function isPlausibleClickId(value) {
  return typeof value == "string" && /^[\w-]{2,64}$/.test(value);
}

// src/relay/click-cookie.ts
var CLICK_ID_COOKIE = "pimms_id";
var DEFAULT_COOKIE_DAYS = 90;
var SECOND_LEVELS = /^(?:co|com|net|org|gov|edu|ac|or|ne|go|gob|mil|ltd|plc|sch|nic)\.[a-z]{2}$/;
var PLATFORMS = new Set(
  "vercel.app netlify.app pages.dev workers.dev github.io gitlab.io herokuapp.com onrender.com fly.dev web.app firebaseapp.com azurewebsites.net cloudfront.net amplifyapp.com appspot.com blogspot.com glitch.me replit.app railway.app deno.dev surge.sh ngrok.io ngrok-free.app webflow.io wixsite.com myshopify.com".split(" ")
);
function cookieDomainFor(host) {
  const name = host.trim().toLowerCase().replace(/:\d*$/, "").replace(/\.$/, "");
  if (!/^[a-z\d-]+(\.[a-z\d-]+)+$/.test(name) || /^[\d.]+$/.test(name)) return;
  const labels = name.split(".");
  const suffix = labels.slice(-2).join(".");
  const depth = SECOND_LEVELS.test(suffix) || PLATFORMS.has(suffix) ? 3 : 2;
  if (labels.length == 2 && depth == 2) return name;
  if (labels.length <= depth) return;
  return labels.slice(-depth).join(".");
}
function clickIdCookie(request, options = {}) {
  checkOptions(options);
  const { cookieDays = DEFAULT_COOKIE_DAYS, cookieDomain, attributionModel } = options;
  const url = new URL(request.url);
  const id = url.searchParams.get(CLICK_ID_COOKIE)?.trim();
  if (!isPlausibleClickId(id)) return null;
  if (attributionModel == "first-click" && clickIdFromCookie(request)) return null;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0] || request.headers.get("host") || url.host;
  const domain = cookieDomain ? cookieDomain.replace(/^\./, "") : cookieDomainFor(host);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const secure = proto ? proto == "https" : url.protocol == "https:";
  return `${CLICK_ID_COOKIE}=${id}` + (domain ? `; Domain=${domain}` : "") + `; Path=/; Max-Age=${Math.round(cookieDays * 86400)}; SameSite=Lax` + (secure ? "; Secure" : "");
}
function clickIdFromCookie(request) {
  let found;
  for (const pair of (request.headers.get("cookie") || "").split(";")) {
    const at = pair.indexOf("=");
    if (at < 0 || pair.slice(0, at).trim() != CLICK_ID_COOKIE) continue;
    let value = pair.slice(at + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (isPlausibleClickId(value)) found = value;
  }
  return found;
}
function isLandingRequest(request) {
  return request.method == "POST" && new URL(request.url).searchParams.has(CLICK_ID_COOKIE);
}
function createLandingAnswer(options = {}) {
  checkOptions(options);
  return (request, headers) => {
    if (!isLandingRequest(request)) return;
    const params = new URL(request.url).searchParams;
    const out = new Headers(headers);
    if (out.has("access-control-allow-origin")) out.set("Access-Control-Allow-Credentials", "true");
    if (!isPlausibleClickId(params.get(CLICK_ID_COOKIE)?.trim())) {
      const message = "pimms_id is not a plausible click id (2 to 64 of A-Z a-z 0-9 _ -)";
      return toResponse(failure(400, "bad_request", message), out);
    }
    const cookie = clickIdCookie(request, options);
    out.set("Cache-Control", "no-store");
    if (cookie) out.append("Set-Cookie", cookie);
    return new Response(null, { status: 204, headers: out });
  };
}
function checkOptions({ cookieDays, cookieDomain }) {
  if (cookieDays !== void 0 && (typeof cookieDays != "number" || !(cookieDays > 0) || !Number.isFinite(cookieDays)))
    throw new TypeError(`cookieDays must be a positive number of days, not ${String(cookieDays)}`);
  if (cookieDomain !== void 0 && !/^\.?[a-z\d-]+(\.[a-z\d-]+)*$/i.test(cookieDomain))
    throw new TypeError(`cookieDomain must be a domain such as example.com, not ${cookieDomain}`);
}
function withClickIdFromCookie(request, body) {
  const missing = body.clickId === void 0 || body.clickId === null || typeof body.clickId == "string" && !body.clickId.trim();
  const fromCookie = missing ? clickIdFromCookie(request) : void 0;
  return fromCookie ? { ...body, clickId: fromCookie } : body;
}

// src/relay/cors.ts
var PREFLIGHT_MAX_AGE = 7200;
function createOriginCheck(allowed = []) {
  const list = typeof allowed == "function" ? void 0 : new Set(allowed.map((origin) => new URL(origin).origin));
  return (request, origin) => isOwnSite(request, origin) || (list ? list.has(origin) : allowed(origin));
}
function isOwnSite(request, origin) {
  let own;
  let page;
  try {
    own = new URL(request.url);
    page = new URL(origin).origin;
  } catch {
    return false;
  }
  if (page == own.origin) return true;
  const first = (name) => request.headers.get(name)?.split(",")[0]?.trim().toLowerCase();
  const proto = first("x-forwarded-proto");
  const scheme = proto == "http" || proto == "https" ? proto : own.protocol.slice(0, -1);
  return [request.headers.get("host")?.trim().toLowerCase(), first("x-forwarded-host")].some(
    (host) => host && sameOrigin(page, `${scheme}://${host}`)
  );
}
function sameOrigin(origin, site) {
  try {
    const url = new URL(site);
    return url.origin == origin && url.href == url.origin + "/";
  } catch {
    return false;
  }
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
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff"
    }
  });
}

// src/relay/dedupe.ts
var IN_PROGRESS_RETRY_AFTER = 2;
function createDeduper(cache, bounds, log) {
  const inFlight = /* @__PURE__ */ new Map();
  return async (eventId, deliver) => {
    const pending = inFlight.get(eventId);
    if (pending) return { ...await pending, duplicate: true };
    const first = (async () => {
      const claim = await Promise.resolve().then(() => cache.claim(eventId, bounds)).catch((error) => {
        log(`de-dup cache claim failed, forwarding anyway: ${describeError(error)}`);
        return void 0;
      });
      if (claim?.state == "answered") {
        return { outcome: claim.outcome, remember: true, duplicate: true };
      }
      if (claim?.state == "busy") {
        const outcome = failure(
          503,
          "lead_in_progress",
          "this eventId is being forwarded by another instance of the relay; retry later",
          IN_PROGRESS_RETRY_AFTER
        );
        return { outcome, remember: false, duplicate: false };
      }
      let delivery;
      try {
        delivery = await deliver();
      } catch (error) {
        if (claim) await end(() => claim.release(), "release");
        throw error;
      }
      if (claim) {
        await (delivery.remember ? end(() => claim.settle(delivery.outcome), "settle") : end(() => claim.release(), "release"));
      }
      return { ...delivery, duplicate: false };
    })();
    inFlight.set(eventId, first);
    try {
      return await first;
    } finally {
      inFlight.delete(eventId);
    }
  };
  function end(step, name) {
    return Promise.resolve().then(step).catch((error) => log(`de-dup cache ${name} failed: ${describeError(error)}`));
  }
}

// src/relay/forward-lead.ts
import { PimmsCore } from "pimms/core.js";
import { trackLead } from "pimms/funcs/trackLead.js";
import { HTTPClient } from "pimms/lib/http.js";

// src/relay/retry-after.ts
var RATE_LIMIT_RETRY_AFTER = 30;
var OUTAGE_RETRY_AFTER = 10;
var CONFIG_RETRY_AFTER = 60;
var MAX_RETRY_AFTER = 86400;
var MAX_RATE_LIMIT_WAIT = 120;
var UNIX_SECONDS_FROM = 1e9;
var UNIX_MS_FROM = 1e11;
function parseRetryAfter(value, now = Date.now()) {
  const text = value?.trim();
  if (!text) return void 0;
  let seconds;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    seconds = number >= UNIX_MS_FROM ? (number - now) / 1e3 : number >= UNIX_SECONDS_FROM ? number - now / 1e3 : number;
  } else {
    seconds = /[a-z]/i.test(text) ? (Date.parse(text) - now) / 1e3 : NaN;
  }
  return Number.isNaN(seconds) ? void 0 : Math.min(Math.max(Math.ceil(seconds), 0), MAX_RETRY_AFTER);
}
function withJitter(seconds, random = Math.random()) {
  return seconds + Math.floor(random * (Math.max(1, Math.ceil(seconds / 10)) + 1));
}

// src/relay/rate-limit-pause.ts
var MAX_SLOTS = 1e4;
var SLOT_KEPT_MS = 6e4;
var IDLE_MS = 6e4;
function rateLimitFigures(headers, now = Date.now()) {
  const remaining = wholeNumber(headers.get("x-ratelimit-remaining"));
  const seconds = parseRetryAfter(headers.get("retry-after"), now);
  if (remaining === void 0 || seconds === void 0) return void 0;
  const perMinute = wholeNumber(headers.get("x-ratelimit-limit"));
  return {
    remaining,
    seconds: Math.min(seconds, MAX_RATE_LIMIT_WAIT),
    ...perMinute ? { perMinute } : {}
  };
}
function wholeNumber(text) {
  return text !== null && /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : void 0;
}
function createRateLimitPause(now = Date.now, random = Math.random) {
  const paced = /* @__PURE__ */ new Map();
  const windows = /* @__PURE__ */ new Map();
  const secondsUntil = (time, at) => Math.max(1, Math.ceil((time - at) / 1e3));
  function waitOf(key, entry, eventId, at) {
    if (!entry.interval) {
      if (at < entry.until) return withJitter(secondsUntil(entry.until, at), random());
      paced.delete(key);
      return 0;
    }
    for (const [id, slot2] of entry.slots) {
      if (slot2 > at - SLOT_KEPT_MS) break;
      entry.slots.delete(id);
    }
    const kept = eventId === void 0 ? void 0 : entry.slots.get(eventId);
    if (kept !== void 0) {
      if (kept > at) return secondsUntil(kept, at);
      entry.slots.delete(eventId);
      entry.next = Math.max(entry.next, at + entry.interval);
      return 0;
    }
    const slot = Math.max(entry.until, entry.next);
    if (slot <= at) {
      if (!entry.slots.size && at - slot > IDLE_MS) paced.delete(key);
      else entry.next = at + entry.interval;
      return 0;
    }
    if (eventId !== void 0 && entry.slots.size < MAX_SLOTS) {
      entry.slots.set(eventId, slot);
      entry.next = slot + entry.interval;
    }
    return secondsUntil(slot, at);
  }
  function pause(key, seconds, perMinute, eventId) {
    const at = now();
    const until = at + seconds * 1e3;
    const interval = perMinute ? 6e4 / perMinute : 0;
    let entry = paced.get(key);
    if (!entry) paced.set(key, entry = { until, interval, next: until, slots: /* @__PURE__ */ new Map() });
    else {
      entry.until = Math.max(entry.until, until);
      entry.interval = interval || entry.interval;
      let free = entry.until;
      for (const [id, slot] of entry.slots) {
        if (slot < free) entry.slots.set(id, free);
        free = Math.max(slot, free) + entry.interval;
      }
      entry.next = Math.max(entry.next, free);
    }
    return waitOf(key, entry, eventId, at) || secondsUntil(entry.until, at);
  }
  return {
    admit(key, eventId) {
      const at = now();
      const entry = paced.get(key);
      let window = windows.get(key);
      if (entry) {
        const wait = waitOf(key, entry, eventId, at);
        if (wait) return wait;
      } else if (window?.left !== void 0 && window.left <= 0 && at < window.until) {
        return pause(key, (window.until - at) / 1e3, window.perMinute, eventId);
      }
      if (!window) windows.set(key, window = { inFlight: 0, until: 0 });
      window.inFlight++;
      if (window.left !== void 0) window.left--;
      return 0;
    },
    settle(key, figures) {
      const window = windows.get(key);
      if (!window) return;
      window.inFlight--;
      if (figures) {
        window.left = figures.remaining - window.inFlight;
        window.until = now() + figures.seconds * 1e3;
        window.perMinute = figures.perMinute;
      } else if (!window.inFlight && !(now() < window.until)) windows.delete(key);
    },
    pause
  };
}

// src/relay/sdk-error.ts
function upstreamErrorOf(error) {
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
function rawValueOf(error) {
  return error?.rawValue;
}

// src/relay/success-body.ts
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

// src/relay/upstream-status.ts
var DEFAULT_CODES = Object.assign(/* @__PURE__ */ Object.create(null), {
  400: "bad_request",
  404: "not_found",
  422: "unprocessable_entity"
});
var MISCONFIGURED_AUTH = /^Misconfigured authorization header/i;
function mapUpstreamStatus(status, upstream, retryAfter, scrub, now = Date.now()) {
  const wait = parseRetryAfter(retryAfter, now);
  if (status == 401 || status == 403 || status == 400 && MISCONFIGURED_AUTH.test(upstream.message ?? "")) {
    return failure(
      502,
      "upstream_auth",
      `PIMMS refused the relay's PIMMS_API_KEY (${status}): the site's key is missing a permission, wrong or revoked; the lead is kept for a retry`,
      wait || CONFIG_RETRY_AFTER
    );
  }
  if (status == 408) {
    return failure(
      504,
      "upstream_timeout",
      "PIMMS timed out; retry later",
      wait || OUTAGE_RETRY_AFTER
    );
  }
  if (status == 429) {
    return failure(
      429,
      "rate_limit_exceeded",
      scrub(upstream.message || "PIMMS is rate limiting this site; retry later"),
      wait === void 0 ? RATE_LIMIT_RETRY_AFTER : Math.min(Math.max(wait, 1), MAX_RATE_LIMIT_WAIT)
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
      Math.max(wait ?? 0, OUTAGE_RETRY_AFTER)
    );
  }
  return failure(
    502,
    "upstream_error",
    `PIMMS answered an unexpected ${status}; retry later`,
    OUTAGE_RETRY_AFTER
  );
}

// src/relay/forward-lead.ts
var CALL_HEADER = "x-pimms-relay-call";
var GRACE_MS = 1e3;
function createForwarder(options) {
  const { timeoutMs, log } = options;
  const pause = createRateLimitPause(options.now);
  const signals = /* @__PURE__ */ new Map();
  let calls = 0;
  const httpClient = new HTTPClient({
    fetcher: (input) => {
      const fetcher = options.fetch ?? globalThis.fetch;
      const request = input;
      const call = request.headers.get(CALL_HEADER);
      request.headers.delete(CALL_HEADER);
      const signal = call === null ? void 0 : signals.get(call);
      return signal ? fetcher(request, { signal }) : fetcher(request);
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
      debugLogger: { group() {
      }, groupEnd() {
      }, log() {
      } }
    });
  } catch (error) {
    configError = `the relay's PIMMS API URL is not valid: ${describeError(error)}`;
  }
  const timedOut = () => failure(
    504,
    "upstream_timeout",
    `PIMMS did not answer within ${timeoutMs} ms; retry later`,
    OUTAGE_RETRY_AFTER
  );
  return async (body, eventId) => {
    const key = options.apiKey() ?? "";
    const scrub = (text) => redact(text, key);
    const about = eventId ? ` (eventId ${eventId})` : "";
    if (!client) {
      log(configError + about);
      return notRemembered(failure(500, "relay_not_configured", configError, CONFIG_RETRY_AFTER));
    }
    const wait = pause.admit(key, eventId);
    if (wait) {
      return notRemembered(
        failure(
          429,
          "rate_limit_exceeded",
          `PIMMS is rate limiting this site's key; the relay holds this lead for ${wait} s`,
          wait
        )
      );
    }
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    const call = String(++calls);
    const aborter = new AbortController();
    signals.set(call, aborter.signal);
    let grace;
    let late;
    const lateAnswer = new Promise((resolve) => late = resolve);
    const timer = setTimeout(() => {
      aborter.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
      grace = setTimeout(() => {
        log(`PIMMS did not answer within ${timeoutMs} ms and the call did not end${about}`);
        late(notRemembered(timedOut(), { ms: took() }));
      }, GRACE_MS);
    }, timeoutMs);
    let figures;
    try {
      const sent = trackLead(client, body, {
        retries: { strategy: "none" },
        fetchOptions: { signal: aborter.signal, headers: { [CALL_HEADER]: call } }
      });
      sent.catch(() => {
      });
      return await Promise.race([
        sent.$inspect().then(
          ([result, call2]) => {
            if (call2.status == "complete") figures = rateLimitFigures(call2.response.headers);
            return settle(result, call2, body, eventId, key, figures, scrub, took);
          },
          (error) => thrown(error, about, scrub)
        ),
        lateAnswer
      ]);
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
      signals.delete(call);
      pause.settle(key, figures);
    }
  };
  function thrown(error, about, scrub) {
    log(scrub(`the SDK failed${about}: ${describeError(error)}`));
    return error instanceof RangeError ? notRemembered(failure(400, "bad_request", "the lead could not be encoded for PIMMS")) : notRemembered(
      failure(500, "internal_error", "the relay failed to call PIMMS; retry later")
    );
  }
  function settle(result, call, body, eventId, key, figures, scrub, took) {
    const about = eventId ? ` (eventId ${eventId})` : "";
    if (call.status == "complete") {
      const { status, headers } = call.response;
      if (status >= 200 && status < 300) {
        const value = result.ok ? result.value : rawValueOf(result.error);
        return {
          outcome: { status: 200, body: successBody(body, value, eventId) },
          remember: true,
          upstream: { status, ms: took() }
        };
      }
      const upstream = upstreamErrorOf(result.error);
      let outcome = mapUpstreamStatus(status, upstream, headers.get("retry-after"), scrub);
      if (status == 429) outcome = pauseFor(outcome, key, figures, eventId);
      if (status != 404) {
        log(
          scrub(
            `PIMMS answered ${status} ${upstream.code ?? ""}${about}: ${upstream.message ?? ""}`
          )
        );
      }
      return { outcome, remember: isFinal(outcome), upstream: { status, ms: took() } };
    }
    const error = result.ok ? void 0 : result.error;
    const detail = scrub(describeError(error));
    if (call.status == "invalid") {
      log(`the SDK refused the lead before sending${about}: ${detail}`);
      return error instanceof Error && error.name == "InvalidRequestError" ? notRemembered(
        failure(
          500,
          "relay_not_configured",
          `the relay's PIMMS API URL is not usable`,
          CONFIG_RETRY_AFTER
        )
      ) : notRemembered(failure(400, "bad_request", `the PIMMS SDK refused the lead: ${detail}`));
    }
    log(`PIMMS could not be reached${about}: ${detail}`);
    return notRemembered(
      error instanceof Error && error.name == "RequestTimeoutError" ? timedOut() : failure(
        502,
        "upstream_unreachable",
        "PIMMS could not be reached; retry later",
        OUTAGE_RETRY_AFTER
      ),
      { ms: took() }
    );
  }
  function pauseFor(outcome, key, figures, eventId) {
    if (!("error" in outcome.body) || outcome.body.error.retryAfter === void 0) return outcome;
    const { perMinute } = figures ?? {};
    const retryAfter = pause.pause(key, outcome.body.error.retryAfter, perMinute, eventId);
    return { ...outcome, body: { error: { ...outcome.body.error, retryAfter } } };
  }
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
  if (!isJsonObject(value)) return refuse(400, "bad_request", "the body must be a JSON object");
  return { ok: true, value };
}
function refuse(status, code, message) {
  return { ok: false, outcome: failure(status, code, message) };
}

// src/relay/create-lead-relay.ts
var DEFAULT_MAX_BODY_BYTES = 16384;
var DEFAULT_TIMEOUT_MS = 1e4;
var DEFAULT_SERVER_URL = "https://api.pimms.io";
var CLAIM_MARGIN_MS = 5e3;
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
  const landing = createLandingAnswer(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cache = options.redis?.dedupe ?? (isEventIdCache(options.dedupe) ? options.dedupe : createMemoryEventIdCache(options.dedupe));
  const dedupe = createDeduper(
    cache,
    { leaseMs: timeoutMs + CLAIM_MARGIN_MS, waitMs: timeoutMs + CLAIM_MARGIN_MS },
    log
  );
  const direct = createForwarder({
    serverURL: options.serverURL ?? readEnv("PIMMS_API_URL") ?? DEFAULT_SERVER_URL,
    apiKey,
    fetch: options.fetch,
    timeoutMs,
    log
  });
  const own = options.forwarder ? options.forwarder(direct) : direct;
  const forward = options.redis ? options.redis.deliverer(own, log, {
    listener: () => options.onEvent ?? defaultSink(),
    apiKey
  }) : own;
  async function deliver(request, lead, eventId, trace) {
    if (!apiKey()) {
      log("PIMMS_API_KEY is not set: the lead was answered 500 for a later retry");
      return notRemembered(
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
        if (!isJsonObject(enriched)) throw new TypeError("enrich must return the lead body");
      } catch (error) {
        log(`enrich failed: ${describeError(error)}`);
        return notRemembered(
          failure(
            500,
            "enrich_failed",
            "the relay could not complete the lead; retry later",
            OUTAGE_RETRY_AFTER
          )
        );
      }
      trace?.lead({}, [enriched.customerEmail]);
      const checked = checkLead(enriched);
      const problem = checked.problems.join("; ");
      if (problem) return refusal(problem);
      const { eventId: _ignored, ...rest } = checked.body;
      body = rest;
    }
    const missing = missingField(body);
    if (missing) return refusal(missing);
    const delivery = await forward(body, eventId);
    trace?.emit(deliveryEvent(delivery, body));
    return delivery;
  }
  const leadRelay = async (request) => {
    const origin = request.headers.get("origin");
    const sink = options.onEvent ?? defaultSink();
    const trace = sink && request.method != "OPTIONS" && !isLandingRequest(request) ? startTrace(sink, apiKey()) : void 0;
    let headers = { Vary: "Origin" };
    const refused = (outcome, extra = headers) => {
      if (trace && "error" in outcome.body) {
        const { code, message } = outcome.body.error;
        trace.emit({ type: "refused", status: outcome.status, code, reason: message });
      }
      return toResponse(outcome, extra);
    };
    try {
      trace?.receive({ via: sentVia(request), ...origin !== null ? { origin } : {} });
      if (origin !== null && !isAllowed(request, origin)) {
        const forbidden = failure(
          403,
          "forbidden_origin",
          `the origin ${origin} may not send leads to this relay`
        );
        if (request.method == "OPTIONS") {
          return refusedPreflight(forbidden, headers, sink, apiKey());
        }
        return refused(forbidden, corsHeaders(origin));
      }
      headers = corsHeaders(origin);
      if (request.method == "OPTIONS") return preflight(origin);
      if (request.method != "POST") {
        return refused(failure(405, "method_not_allowed", "use POST"), {
          ...headers,
          Allow: "POST, OPTIONS"
        });
      }
      const landed = landing(request, headers);
      if (landed) return landed;
      const read = await readJsonBody(request, maxBodyBytes);
      if (!read.ok) return refused(read.outcome);
      const checked = checkLead(withClickIdFromCookie(request, read.value));
      trace?.lead(checked.body, [read.value.customerEmail]);
      const problem = checked.problems.join("; ") || missingField(checked.body, ["clickId", "eventName"]);
      if (problem) return refused(refusal(problem).outcome);
      const { eventId, ...lead } = checked.body;
      const run = () => deliver(request, lead, eventId, trace);
      const delivery = eventId ? await dedupe(eventId, run) : { ...await run(), duplicate: false };
      const { outcome, duplicate } = delivery;
      if (duplicate) trace?.emit({ type: "duplicate", status: outcome.status });
      else if (trace && !trace.decided) trace.emit(deliveryEvent(delivery, lead));
      return toResponse(outcome, duplicate ? { ...headers, [DUPLICATE_HEADER]: "1" } : headers);
    } catch (error) {
      log(`unexpected error: ${describeError(error)}`);
      const outcome = failure(
        500,
        "internal_error",
        "the relay failed; retry later",
        OUTAGE_RETRY_AFTER
      );
      trace?.emit(deliveryEvent({ outcome, remember: false }, {}));
      return toResponse(outcome, headers);
    }
  };
  const defaultSink = options.onEvent ? () => void 0 : registerDefaultEventSink(leadRelay);
  return leadRelay;
}
function refusedPreflight(outcome, headers, sink, key) {
  if (sink && "error" in outcome.body) {
    const { code, message } = outcome.body.error;
    startTrace(sink, key).emit({ type: "refused", status: outcome.status, code, reason: message });
  }
  return toResponse(outcome, headers);
}
export {
  DEFAULT_COOKIE_DAYS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SERVER_URL,
  DEFAULT_TIMEOUT_MS,
  DUPLICATE_HEADER,
  RETRYABLE_HEADER,
  clickIdCookie,
  createLeadRelay,
  createMemoryEventIdCache,
  customerFieldsPresent,
  deliveryEvent,
  jsonLines
};
