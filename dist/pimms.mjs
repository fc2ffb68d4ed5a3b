// src/snippet/form-fields.ts
var SENSITIVE = /pass|card|cc-|cvc|cvv|csc|iban|ssn|secret|token|one-time/;
function formFields(form) {
  const fields = {};
  const metadata = {};
  for (const element of form.elements) {
    const { type, value } = element;
    const marked = element.dataset.pimmsField;
    const hint = " " + [(element.autocomplete || "").split(" ").pop(), type, element.name, element.id].join(" ").toLowerCase() + " ";
    if (!value || SENSITIVE.test(hint) || /radio|checkbox/.test(type) && !element.checked)
      continue;
    const field = marked || (type == "hidden" ? "" : / e-?mail /.test(hint) ? "customerEmail" : / (full.?)?name /.test(hint) ? "customerName" : "");
    if (!field.indexOf("metadata.")) metadata[field.slice(9)] = value;
    else if (field && !(field in fields)) fields[field] = value;
  }
  for (const _ in metadata) {
    fields.metadata = metadata;
    break;
  }
  return fields;
}

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
    if (problem && problems)
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

// src/snippet/options.ts
function fieldsFromData(dataset, prefix) {
  const fields = {};
  const metadata = {};
  for (const key in dataset) {
    if (key.indexOf(prefix)) continue;
    const name = lowerFirst(key.slice(prefix.length));
    if (/^metadata[A-Z]/.test(name))
      (fields.metadata = metadata)[lowerFirst(name.slice(8))] = dataset[key];
    else if (name in FIELD_RULES) fields[name] = dataset[key];
  }
  return fields;
}
function lowerFirst(name) {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

// src/snippet/declarative.ts
var SCRIPT_SUBMIT_MS = 1e3;
function listenForLeads(lead, debug) {
  let submitted;
  let pending;
  const send2 = (element, unloading) => lead(
    element.dataset.pimmsLead,
    element.tagName == "FORM" ? formFields(element) : {},
    fieldsFromData(element.dataset, "pimms"),
    unloading
  );
  const named = (target) => target instanceof HTMLElement && target.dataset.pimmsLead != null;
  addEventListener("submit", (event) => {
    const form = event.target;
    if (!named(form)) return;
    if (event.defaultPrevented) {
      if (debug)
        debug('form "' + form.dataset.pimmsLead + '": submit cancelled by the page, no lead');
      return;
    }
    submitted = form;
    send2(form);
  });
  addEventListener(
    "formdata",
    (event) => {
      const form = event.target;
      if (!named(form) || form == submitted || form == pending) return;
      pending = form;
      const until = Date.now() + SCRIPT_SUBMIT_MS;
      const onUnload = () => Date.now() < until && form != submitted && send2(form, true);
      addEventListener("beforeunload", onUnload, { once: true });
      setTimeout(() => {
        removeEventListener("beforeunload", onUnload);
        pending = void 0;
      }, SCRIPT_SUBMIT_MS);
    },
    true
  );
  addEventListener(
    "click",
    (event) => {
      const target = event.target;
      const element = target.closest && target.closest("[data-pimms-lead]");
      if (element && element.tagName != "FORM") send2(element);
    },
    // Capture: a page handler that stops propagation must not hide the click.
    true
  );
}

// src/snippet/page-listeners.ts
function listenToPage(flush) {
  addEventListener("online", () => flush(true));
  addEventListener("visibilitychange", () => document.hidden && flush(true, true));
}

// src/snippet/pimms-api.ts
var VERSION = "0.1.0";

// src/snippet/after-load.ts
var IDLE_TIMEOUT_MS = 2e3;
function whenLoadedAndIdle(task) {
  const idle = () => self.requestIdleCallback ? requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(task);
  if (document.readyState == "complete") idle();
  else addEventListener("load", idle);
}

// src/shared/click-id-rule.ts
function isPlausibleClickId(value) {
  return typeof value == "string" && /^[\w-]{2,64}$/.test(value);
}

// src/snippet/click-id.ts
var CLICK_ID = "pimms_id";
function readClickId() {
  let id;
  try {
    for (const pair of document.cookie.split("; "))
      if (!pair.indexOf(CLICK_ID + "=") && isPlausibleClickId(pair.slice(9))) id = pair.slice(9);
  } catch {
  }
  return id;
}
function clickIdFromUrl(search = location.search) {
  const id = (new URLSearchParams(search).get(CLICK_ID) || "").trim();
  return isPlausibleClickId(id) ? id : void 0;
}
function removeClickIdFromUrl() {
  const search = location.search.slice(1).split("&").filter((pair) => pair.split("=")[0] != CLICK_ID).join("&");
  try {
    history.replaceState(
      history.state,
      "",
      location.pathname + (search ? "?" + search : "") + location.hash
    );
  } catch {
  }
}
function cookieDomains(hostname) {
  const labels = hostname.split(".");
  const domains = [];
  if (!/^[\d.]+$|:/.test(hostname)) {
    for (let i = labels.length - 2; i >= (labels.length > 2 ? 1 : 0); i--)
      domains.push(labels.slice(i).join("."));
  }
  return domains;
}
function writeClickId(id, days, domain, debug) {
  const candidates = domain ? [domain] : cookieDomains(location.hostname);
  try {
    const replace = document.cookie.indexOf(CLICK_ID + "=") >= 0;
    for (const candidate of candidates) {
      if (replace) setCookie("", -1, candidate);
      setCookie(id, days, candidate);
      if (readClickId() == id) return candidate;
    }
    if (debug && candidates.length)
      debug(
        "the browser refused a cookie on " + candidates.join(", ") + " (a public suffix?): pimms_id is host-only"
      );
    if (replace) setCookie("", -1);
    setCookie(id, days);
  } catch {
  }
}
function setCookie(value, days, domain) {
  document.cookie = CLICK_ID + "=" + value + "; path=/; expires=" + new Date(Date.now() + days * 864e5).toUTCString() + (domain ? "; domain=" + domain : "") + "; sameSite=Lax" + (location.protocol == "https:" ? "; secure" : "");
}

// src/snippet/transport.ts
var BEACON = -1;
function send(url, json, unloading) {
  try {
    return unloading && beacon(url, json) ? Promise.resolve([BEACON]) : fetch(url, { method: "POST", body: json, keepalive: true }).then(
      (response) => (
        // The relay's error body is {error: {code, message}}. A 2xx body is not read: nothing in
        // it is needed, and digging a message out of it would throw (and build a stack) per lead.
        (response.ok ? Promise.resolve() : response.json().then((answer) => answer.error.message)).catch(() => {
        }).then((message) => [
          response.status,
          +response.headers.get("retry-after"),
          message
        ])
      ),
      // A network error, or the page navigated away: Chromium rejects a keepalive fetch's promise
      // when its document unloads, though the request goes on. Either way no beacon here: it
      // would send the lead a second time.
      () => [0]
    );
  } catch {
    return Promise.resolve([beacon(url, json) ? BEACON : 0]);
  }
}
function beacon(url, body) {
  try {
    return navigator.sendBeacon(url, body);
  } catch {
    return false;
  }
}
function announceClickId(url, clickId) {
  url += (url.indexOf("?") < 0 ? "?" : "&") + "pimms_id=" + clickId;
  if (beacon(url, "")) return true;
  try {
    fetch(url, { method: "POST", body: "", keepalive: true, credentials: "include" }).catch(
      () => {
      }
    );
    return true;
  } catch {
    return false;
  }
}

// src/snippet/attribution.ts
function createAttribution(config, search, debug) {
  const urlClickId = clickIdFromUrl(search);
  let landing;
  return {
    urlClickId,
    // The cookie is read only when it may win: document.cookie is synchronous IPC in Chromium.
    pick: () => config.firstClick ? readClickId() || urlClickId : urlClickId || readClickId(),
    remember(id = urlClickId) {
      if (!id) return;
      const cookie = readClickId();
      if (config.firstClick && cookie) return;
      if (cookie != id) writeClickId(id, config.cookieDays, config.cookieDomain, debug);
      if (id != urlClickId || landing) return;
      landing = 1;
      whenLoadedAndIdle(() => {
        const announced = announceClickId(config.endpoint, id);
        if (config.cleanUrl && (announced || readClickId() == id)) removeClickIdFromUrl();
      });
    }
  };
}

// src/snippet/page-context.ts
function pageContext() {
  const context = { path: location.pathname, title: document.title };
  const referrer = document.referrer.split(/[?#]/)[0];
  if (referrer) context.referrer = referrer;
  new URLSearchParams(location.search).forEach((value, key) => {
    if (!key.indexOf("utm_")) context[key] = value;
  });
  return context;
}

// src/snippet/random-id.ts
function randomId() {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join("");
}

// src/snippet/build-lead.ts
function leadBody(eventName, clickId, sources, problems) {
  const metadata = pageContext();
  const input = { clickId };
  for (const source of sources.concat({ eventName, eventId: randomId() })) {
    const found2 = [];
    const body2 = checkFields(Object(source), found2);
    Object.assign(input, body2, { metadata: Object.assign(metadata, body2.metadata) });
    if (problems)
      problems.push(
        ...found2.map(
          (problem) => problem + (problem.split(" ")[0] in body2 ? ": cut" : ": left out")
        )
      );
  }
  const found = [];
  const body = checkFields(input, found);
  if (problems) problems.push(...found.map((problem) => problem + ": left out"));
  return body;
}

// src/snippet/secret-key.ts
var SECRET_KEY = /\b(pimms|dub)_(?!pk_|id\b)\w{16}/;
function findSecretKey(values) {
  for (const name in values)
    if (SECRET_KEY.test(JSON.stringify(values[name]))) return name;
}

// src/snippet/config.ts
function readConfig(options) {
  const on = (value) => value != null && value !== false && value != "false";
  const secretKey = findSecretKey(options);
  const config = {
    endpoint: options.endpoint || "/api/pimms/lead",
    firstClick: options.attributionModel == "first-click",
    cookieDays: +options.cookieDays || 90,
    cookieDomain: options.cookieDomain,
    consentRequired: options.consent == "required",
    cleanUrl: on(options.cleanUrl),
    fields: options.fields,
    secretKey,
    stop: secretKey ? "secret key" : on(options.gpc) && navigator.globalPrivacyControl ? "Global Privacy Control" : ""
  };
  if (true) config.debug = on(options.debug);
  return config;
}

// src/snippet/lead-result.ts
function leadResult(status, reason, body) {
  return { ok: !reason, status, reason, body };
}

// src/snippet/retry-delay.ts
var MAX_RETRY_DELAY_MS = 3e5;
function retryDelay(attempts, retryAfter, random = Math.random()) {
  if (retryAfter) return retryAfter * 1e3;
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, 1e3 * 2 ** attempts);
  return ceiling * (1 + random) / 2;
}

// src/snippet/delivery.ts
var LEASE_MS = 5e3;
function createDelivery(endpoint, outbox, mayFlush = () => true, debug) {
  const inFlight = {};
  let pauseUntil = 0;
  let timer;
  const retryIn = (delay) => {
    pauseUntil = Date.now() + delay;
    clearTimeout(timer);
    timer = setTimeout(() => flushOutbox(true), delay);
  };
  const sendEntry = (entry, unloading) => {
    const body = entry.b;
    const id = body.eventId;
    inFlight[id] = 1;
    entry.n++;
    entry.at = Date.now() + LEASE_MS;
    outbox.putEntry(entry);
    return send(endpoint, JSON.stringify(body), unloading).then(([status, retryAfter, message]) => {
      if (status != BEACON) delete inFlight[id];
      let outcome = "queued";
      let reason = status ? "HTTP " + status + (message ? ": " + message : "") : "network error";
      if (status == BEACON) {
        reason = "beacon";
        entry.at = 0;
      } else if (status > 199 && status < 300) {
        outcome = "sent";
        reason = void 0;
      } else if (status && status < 500 && status != 429 && status != 408) outcome = "rejected";
      else if (!status && document.hidden) {
        reason = "page hidden";
      } else {
        const delay = retryDelay(entry.n, retryAfter);
        entry.at = retryAfter ? Date.now() + delay : 0;
        retryIn(delay);
        if (true) reason += ", retry in " + Math.round(delay / 1e3) + " s";
      }
      if (outcome == "queued") outbox.putEntry(entry);
      else outbox.dropEntry(id);
      if (debug)
        debug('lead "' + body.eventName + '": ' + outcome + (reason ? " (" + reason + ")" : ""));
      return leadResult(outcome, reason, body);
    });
  };
  const sendable = (entry) => !entry.h && !inFlight[entry.b.eventId];
  const flushOutbox = (force, unloading) => {
    const now = Date.now();
    const run = () => Promise.all(
      outbox.readOutbox(now).map(
        (entry) => sendable(entry) && // Not due yet (leased by a page that may be gone, or under a Retry-After): look again when it
        // is, since nothing else may happen while the visitor stays on this page.
        (entry.at > now ? retryIn(entry.at - now) : sendEntry(entry, unloading))
      )
    );
    const locks = navigator.locks;
    return !mayFlush() || !force && now < pauseUntil || !outbox.readOutbox(now).some(sendable) ? Promise.resolve() : (
      // An unloading page cannot wait for a lock; a resend it makes is harmless (the relay
      // de-duplicates eventId), a lead left unsent is not.
      unloading || !locks ? run() : (
        // Another tab holds the lock and sends the outbox; look again soon, in case it closes. Where
        // the lock is refused (an opaque origin: a sandboxed iframe), no other page shares this outbox.
        locks.request("pimms_outbox", { ifAvailable: true }, (lock) => lock ? run() : retryIn(2e3)).catch(run)
      )
    );
  };
  return { sendEntry, flushOutbox };
}

// src/snippet/lead-outcome.ts
function leadOutcome(stop, consent, body) {
  return stop ? ["skipped", stop] : consent < 0 ? ["skipped", "consent refused"] : !body.eventName ? ["rejected", "no eventName"] : !body.clickId ? ["skipped", "no click id"] : consent ? [] : ["queued", "consent pending"];
}

// src/snippet/log.ts
function debugLog(on) {
  return (message) => {
    if (on) console.log("[pimms] " + message);
  };
}

// src/snippet/outbox.ts
var MAX_AGE_MS = 7 * 24 * 36e5;
var MAX_ENTRIES = 20;
var MAX_CHARS = 32768;
var PREFIX = "pimms_ob_";
function createOutbox(storage, debug) {
  const putEntry = (entry) => storage.writeItem(PREFIX + entry.b.eventId, JSON.stringify(entry));
  const dropEntry = (eventId) => storage.removeItem(PREFIX + eventId);
  const readOutbox = (now = Date.now()) => {
    const items = {};
    for (const source of [storage.memory, storage.store()])
      for (const key in source) if (!key.indexOf(PREFIX)) items[key] = source[key];
    const entries = [];
    for (const key in items) {
      try {
        entries.push(JSON.parse(items[key]));
      } catch {
        storage.removeItem(key);
      }
    }
    let count = 0;
    let chars = 0;
    return entries.sort((a, b) => b.t - a.t).filter((entry) => {
      const age = now - entry.t;
      if (age < MAX_AGE_MS && ++count <= MAX_ENTRIES && (chars += JSON.stringify(entry).length) <= MAX_CHARS)
        return true;
      if (debug) {
        const why = age >= MAX_AGE_MS ? "older than 7 days" : count > MAX_ENTRIES ? "more than " + MAX_ENTRIES + " leads waiting" : "the outbox holds over " + MAX_CHARS + " characters";
        debug('lead "' + entry.b.eventName + '" dropped from the outbox unsent: ' + why);
      }
      dropEntry(entry.b.eventId);
      return false;
    }).reverse();
  };
  const settleHeld = (granted, externalId) => {
    let held;
    for (const entry of readOutbox()) {
      if (entry.h) held = entry.b.clickId;
      if (!externalId) continue;
      if (!granted || entry.h) dropEntry(entry.b.eventId);
      if (granted && entry.h) {
        delete entry.h;
        entry.b.externalId = entry.b.externalId || externalId();
        putEntry(entry);
      }
    }
    return held;
  };
  return {
    putEntry,
    dropEntry,
    readOutbox,
    holdEntry(entry) {
      entry.h = 1;
      putEntry(entry);
    },
    settleHeld,
    // (settleHeld without a visitor id only reads.)
    heldClickId: () => settleHeld(false)
  };
}

// src/snippet/storage.ts
function createStorage() {
  const memory = {};
  const store = () => {
    try {
      return localStorage;
    } catch {
      return memory;
    }
  };
  return {
    store,
    memory,
    // In memory when storage is full: still one value for the page.
    readItem: (key) => store()[key] || memory[key],
    writeItem(key, value) {
      try {
        store()[key] = value;
      } catch {
        memory[key] = value;
      }
    },
    removeItem(key) {
      delete memory[key];
      delete store()[key];
    }
  };
}

// src/snippet/visitor-id.ts
var VISITOR_KEY = "pimms_vid";
function visitorId(storage) {
  let id = storage.readItem(VISITOR_KEY);
  if (!id) storage.writeItem(VISITOR_KEY, id = "anon_" + randomId());
  return id;
}

// src/snippet/start-snippet.ts
function startSnippet(options, search) {
  const config = readConfig(options);
  const { stop } = config;
  const debug = true ? debugLog(!!config.debug) : void 0;
  if (config.secretKey)
    console.error(
      "[pimms] " + config.secretKey + " looks like a secret PIMMS key: keep it in the relay. Not running."
    );
  const storage = createStorage();
  const outbox = createOutbox(storage, debug);
  const externalId = () => visitorId(storage);
  let consentState = config.consentRequired ? 0 : 1;
  const delivery = createDelivery(config.endpoint, outbox, () => consentState > 0 && !stop, debug);
  const { flushOutbox } = delivery;
  const attribution = createAttribution(config, search, debug);
  const clickId = () => attribution.pick() || (consentState ? void 0 : outbox.heldClickId());
  const parts = {
    leadFrom(eventName, fields, elementFields, unloading) {
      try {
        const problems = true ? [] : void 0;
        const body = leadBody(
          eventName,
          clickId(),
          [config.fields, elementFields, fields],
          problems
        );
        const entry = { b: body, t: Date.now(), n: 0 };
        const [status, reason] = leadOutcome(stop, consentState, body);
        if (debug) {
          const name = 'lead "' + body.eventName + '": ';
          problems.forEach((problem) => debug(name + problem));
          if (reason) debug(name + status + " (" + reason + ")");
        }
        if (!reason) {
          body.externalId = body.externalId || externalId();
          return delivery.sendEntry(entry, unloading || document.hidden);
        }
        if (status == "queued") outbox.holdEntry(entry);
        return Promise.resolve(leadResult(status, reason, body));
      } catch (error) {
        return Promise.resolve(leadResult("skipped", "" + error));
      }
    },
    flushOutbox,
    clickId,
    consent(granted) {
      if (stop) return;
      consentState = granted ? 1 : -1;
      const held = outbox.settleHeld(granted, externalId);
      if (debug)
        debug(
          "consent " + (granted ? "given: held leads are sent" : "refused: queued leads are discarded")
        );
      if (granted) attribution.remember(attribution.urlClickId || held);
      flushOutbox(true);
    },
    resume() {
      if (stop) return;
      if (consentState > 0) attribution.remember();
      flushOutbox();
    }
  };
  if (true) parts.debugLine = debug;
  return parts;
}

// src/snippet/create-pimms.ts
var instance;
function createPimms(options = {}) {
  return instance || (instance = startPimms(() => options));
}
function startPimms(readOptions) {
  const search = location.search;
  let parts;
  const start = () => parts || (parts = startSnippet(readOptions(), search));
  const api = {
    lead: (eventName, fields) => start().leadFrom(eventName, fields),
    clickId: () => start().clickId(),
    consent: (granted) => start().consent(granted),
    flush: () => start().flushOutbox(true),
    version: VERSION,
    loaded: true
  };
  listenForLeads(
    (...args) => start().leadFrom(...args),
    true ? (message) => start().debugLine(message) : void 0
  );
  listenToPage((...args) => start().flushOutbox(...args));
  setTimeout(() => start().resume());
  return api;
}
export {
  VERSION,
  createPimms
};
