import {
  failure
} from "./relay-shared-JRCYW5SR.mjs";

// src/relay/event-id-cache.ts
var DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1e3;
var DEFAULT_DEDUPE_MAX_ENTRIES = 1e4;
function isEventIdCache(value) {
  return typeof value?.claim == "function";
}
function createMemoryEventIdCache(options = {}) {
  const {
    ttlMs = DEFAULT_DEDUPE_TTL_MS,
    maxEntries = DEFAULT_DEDUPE_MAX_ENTRIES,
    now = Date.now
  } = options;
  const answers = /* @__PURE__ */ new Map();
  const claims = /* @__PURE__ */ new Map();
  const answerOf = (eventId) => {
    const entry = answers.get(eventId);
    if (entry && entry.expires <= now()) answers.delete(eventId);
    else return entry?.outcome;
  };
  const end = (eventId, claim) => {
    if (claims.get(eventId) == claim) claims.delete(eventId);
    for (const wake of claim.wake) wake();
  };
  return {
    async claim(eventId, { leaseMs, waitMs }) {
      const deadline = now() + waitMs;
      for (; ; ) {
        const outcome = answerOf(eventId);
        if (outcome) return { state: "answered", outcome };
        const held = claims.get(eventId);
        if (!held || held.expires <= now()) break;
        const left = deadline - now();
        if (left <= 0) return { state: "busy" };
        await new Promise((resolve) => {
          const timer = setTimeout(done, Math.min(left, Math.max(held.expires - now(), 0)));
          function done() {
            clearTimeout(timer);
            held.wake.delete(done);
            resolve();
          }
          held.wake.add(done);
        });
      }
      const claim = { expires: now() + leaseMs, wake: /* @__PURE__ */ new Set() };
      claims.set(eventId, claim);
      let ended = false;
      return {
        state: "claimed",
        async settle(outcome) {
          if (ended) return;
          ended = true;
          const time = now();
          answers.delete(eventId);
          answers.set(eventId, { expires: time + ttlMs, outcome });
          for (const [id, entry] of answers) {
            if (answers.size <= maxEntries && entry.expires > time) break;
            answers.delete(id);
          }
          end(eventId, claim);
        },
        async release() {
          if (ended) return;
          ended = true;
          end(eventId, claim);
        }
      };
    }
  };
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

// src/relay/delivery.ts
function notRemembered(outcome, upstream) {
  return upstream ? { outcome, remember: false, upstream } : { outcome, remember: false };
}
function refusal(message) {
  return notRemembered(failure(400, "bad_request", message));
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

export {
  describeError,
  notRemembered,
  refusal,
  readEnv,
  DEFAULT_DEDUPE_TTL_MS,
  isEventIdCache,
  createMemoryEventIdCache
};
