// The delivery view's logic: entries grouped per lead, the steps told, the state a person reads.
import { describe, expect, it } from 'vitest';
import type { RelayEvent } from '../relay/relay-event.ts';
import { createDeliveryLog, type NewDeliveryEntry } from './delivery-log.ts';
import { buildTimelines, type LeadState } from './delivery-timeline.ts';

const CLICK = 'cl_7Hq2abcdEFGH1234';
const CUSTOMER = {
  externalId: true,
  customerEmail: true,
  customerName: false,
  customerAvatar: false,
};
const lead = { eventId: 'ev_1', eventName: 'Sign up', clickId: CLICK };

type EventInput = RelayEvent extends infer E
  ? E extends RelayEvent
    ? Omit<E, 'at'>
    : never
  : never;

/** Relay events of one request, numbered `request`. */
function relay(request: number, ...events: EventInput[]): NewDeliveryEntry[] {
  return events.map((event) => ({
    source: 'relay',
    request,
    event: { at: '', ...lead, ...event } as RelayEvent,
  }));
}
const received = (via: 'beacon' | 'fetch' | 'unknown' = 'fetch') =>
  ({ type: 'received', via }) as const;
const forwarded = (upstreamStatus: number, status = upstreamStatus == 200 ? 200 : 502) =>
  ({ type: 'forwarded', status, upstreamStatus, ms: 12, customer: CUSTOMER }) as const;
// What the relay reports when PIMMS answered 503: one `retry`, with the upstream status.
const retry = (reason = 'PIMMS is unavailable (503); retry later') =>
  ({ type: 'retry', status: 502, retryAfter: 2, reason, upstreamStatus: 503, ms: 3 }) as const;
const upstream = (request: number, status: number, more: object = {}): NewDeliveryEntry => ({
  source: 'upstream',
  request,
  call: { status, clickId: CLICK, eventName: 'Sign up', externalId: 'anon_Zp0', ...more },
});

function timelines(...entries: (NewDeliveryEntry | NewDeliveryEntry[])[]) {
  const log = createDeliveryLog();
  let second = 0;
  for (const entry of entries.flat()) {
    // One second apart, so that times and order are easy to read in a failure.
    log.add({ ...entry, at: new Date(Date.UTC(2026, 11, 1, 20, 0, second++)).toISOString() });
  }
  return buildTimelines(log.entries());
}

describe('buildTimelines: the state of a lead, and why', () => {
  const cases: {
    name: string;
    entries: (NewDeliveryEntry | NewDeliveryEntry[])[];
    state: LeadState;
    label: string;
    why: RegExp;
  }[] = [
    {
      name: 'sent, forwarded, stored by the sandbox',
      entries: [
        relay(1, received()),
        upstream(1, 200, { recorded: true }),
        relay(1, forwarded(200)),
      ],
      state: 'recorded',
      label: 'Recorded',
      why: /^Recorded by the sandbox\.$/,
    },
    {
      name: 'a repeat the sandbox answered 200 and ignored (the real API: PIMMS-API.md step 7)',
      entries: [
        relay(1, received()),
        upstream(1, 200, { recorded: false, earlierAt: '2026-12-01T19:00:00.000Z' }),
        relay(1, forwarded(200)),
      ],
      state: 'repeat',
      label: 'Not recorded: a repeat',
      why: /repeat of the same visitor and event.*“Sign up” lead for externalId anon_Zp0.*answered 200 and recorded nothing/,
    },
    {
      name: 'a repeat the sandbox refused with 409 (the sandbox before issue 9)',
      entries: [
        relay(1, received()),
        upstream(1, 409),
        relay(1, {
          type: 'forwarded',
          status: 409,
          upstreamStatus: 409,
          ms: 3,
          customer: CUSTOMER,
        }),
      ],
      state: 'repeat',
      label: 'Not recorded: a repeat',
      why: /refused it \(409\)/,
    },
    {
      name: 'a field the relay refused',
      entries: relay(1, received(), {
        type: 'refused',
        status: 400,
        code: 'bad_request',
        reason: 'eventName: at most 255 characters',
      }),
      state: 'refused',
      label: 'Not recorded: refused',
      why: /^The relay refused it \(400 bad_request\): eventName: at most 255 characters\.$/,
    },
    {
      name: 'an unknown click PIMMS refused',
      entries: [
        relay(1, received()),
        upstream(1, 404),
        relay(1, {
          type: 'forwarded',
          status: 404,
          upstreamStatus: 404,
          ms: 3,
          customer: CUSTOMER,
        }),
      ],
      state: 'refused',
      label: 'Not recorded: refused',
      why: /no click with this id \(404\)/,
    },
    {
      name: 'no click id: the page reported it, the relay never saw it',
      entries: [
        {
          source: 'page',
          report: {
            status: 'skipped',
            reason: 'no click id',
            eventId: 'ev_1',
            eventName: 'Sign up',
          },
        },
      ],
      state: 'skipped',
      label: 'Not sent',
      why: /^No click id: .*the relay never saw it/,
    },
    {
      name: 'PIMMS down: 503, retry advised',
      entries: [relay(1, received()), upstream(1, 503, { simulated: true }), relay(1, retry())],
      state: 'retrying',
      label: 'PIMMS down: retrying',
      why: /^PIMMS is down \(it answered 503\): the snippet keeps the lead and tries again in 2 s\./,
    },
    {
      name: 'the relay paused by an earlier 429: retry advised without calling PIMMS',
      entries: relay(1, received(), {
        type: 'retry',
        status: 429,
        retryAfter: 31,
        reason: 'PIMMS is rate limiting this site; retry later',
      }),
      state: 'retrying',
      label: 'PIMMS down: retrying',
      why: /tries again in 31 s\. The relay said: PIMMS is rate limiting this site; retry later\.$/,
    },
    {
      name: 'PIMMS down, retried, then recorded',
      entries: [
        relay(1, received()),
        upstream(1, 503, { simulated: true }),
        relay(1, retry()),
        relay(2, received()),
        upstream(2, 503, { simulated: true }),
        relay(2, retry()),
        relay(3, received()),
        upstream(3, 200, { recorded: true }),
        relay(3, forwarded(200)),
      ],
      state: 'recorded',
      label: 'Recorded',
      why: /^Recorded by the sandbox after 2 retries\.$/,
    },
    {
      name: 'recorded, then a resend the relay answered from memory: still recorded',
      entries: [
        relay(1, received('fetch')),
        upstream(1, 200, { recorded: true }),
        relay(1, forwarded(200)),
        relay(2, received('beacon'), { type: 'duplicate', status: 200 }),
      ],
      state: 'recorded',
      label: 'Recorded',
      why: /^Recorded by the sandbox\.$/,
    },
    {
      name: 'a resend whose first send the log no longer holds',
      entries: relay(1, received('beacon'), { type: 'duplicate', status: 200 }),
      state: 'duplicate',
      label: 'Resent',
      why: /already answered 200/,
    },
    {
      name: 'the real PIMMS API answered 200: recorded or repeat, it cannot say',
      entries: [relay(1, received()), upstream(1, 200), relay(1, forwarded(200))],
      state: 'accepted',
      label: 'Accepted by PIMMS',
      why: /only the sandbox can tell/,
    },
    {
      name: 'queued in the durable queue',
      entries: relay(1, received(), { type: 'queued', status: 202, customer: CUSTOMER }),
      state: 'queued',
      label: 'Queued',
      why: /durable queue/,
    },
    {
      name: 'received, nothing decided yet',
      entries: relay(1, received()),
      state: 'pending',
      label: 'In progress',
      why: /has not decided yet/,
    },
  ];

  it.each(cases)('$name: $state', ({ entries, state, label, why }) => {
    const [timeline, ...others] = timelines(...entries);
    expect(others).toEqual([]);
    expect(timeline).toMatchObject({ state, label });
    expect(timeline!.why).toMatch(why);
  });
});

describe('buildTimelines: the steps', () => {
  it('tells a lead sent during an outage, step by step, and counts the retries', () => {
    const [timeline] = timelines(
      { source: 'page', report: { status: 'queued', reason: 'HTTP 502', ...lead } },
      relay(1, received('fetch')),
      upstream(1, 503, { simulated: true }),
      relay(1, retry()),
      relay(2, received('beacon')),
      upstream(2, 200, { recorded: true }),
      relay(2, forwarded(200)),
    );
    expect(timeline).toMatchObject({
      key: 'ev_1',
      eventId: 'ev_1',
      eventName: 'Sign up',
      clickId: CLICK,
      externalId: 'anon_Zp0',
      retries: 1,
      attempts: 2,
      via: ['fetch', 'beacon'],
      firstAt: '2026-12-01T20:00:00.000Z',
      lastAt: '2026-12-01T20:00:06.000Z',
    });
    expect(timeline!.steps.map(({ actor, tone, text }) => `${actor} ${tone}: ${text}`)).toEqual([
      'page warn: pimms.lead("Sign up") resolved “queued”: HTTP 502.',
      'snippet info: Sent to the relay by fetch.',
      'pimms bad: Down: the playground’s simulated outage answered 503.',
      'relay warn: Forwarded it to PIMMS, which answered 503 in 3 ms: told the page to retry in 2 s (502).',
      'snippet info: Sent again (attempt 2) by sendBeacon.',
      'pimms ok: Recorded the lead (externalId anon_Zp0, “Sign up”).',
      'relay ok: Forwarded it to PIMMS, which answered 200 in 12 ms; the relay answered the page 200.',
    ]);
  });

  it("tells the queue's worker apart from the relay's answer to the page", () => {
    const worker = { worker: true } as const;
    const [timeline] = timelines(
      relay(1, received('fetch'), { type: 'queued', status: 202, customer: CUSTOMER }),
      relay(2, { ...retry('PIMMS is unavailable (503); retry later'), retryAfter: 4, ...worker }),
      relay(3, { ...forwarded(200), ...worker }),
    );
    expect(timeline!.steps.map(({ text }) => text)).toEqual([
      'Sent to the relay by fetch.',
      'Queued it for the worker (202).',
      "The queue's worker forwarded it to PIMMS, which answered 503 in 3 ms: it tries again in 4 s.",
      "The queue's worker forwarded it to PIMMS, which answered 200 in 12 ms.",
    ]);
    expect(timeline!.state).toBe('accepted');

    const [dropped] = timelines(
      relay(1, received('fetch'), { type: 'queued', status: 202, customer: CUSTOMER }),
      relay(2, { ...retry(), ...worker }),
      relay(2, {
        type: 'refused',
        status: 404,
        code: 'not_found',
        reason: 'PIMMS refused it for good (404 not_found)',
        ...worker,
      }),
    );
    expect(dropped!.steps.map(({ text }) => text).slice(2)).toEqual([
      "The queue's worker forwarded it to PIMMS, which answered 503 in 3 ms: it tries again in 2 s.",
      "The queue's worker dropped it: PIMMS refused it for good (404 not_found).",
    ]);
    expect(dropped).toMatchObject({ state: 'refused' });
    expect(dropped!.why).toBe(
      "The queue's worker dropped it (not_found): PIMMS refused it for good (404 not_found).",
    );
  });

  it('ties a request without an eventId together by its request number', () => {
    const log = createDeliveryLog();
    log.add({ source: 'relay', request: 7, event: { at: '', type: 'received', via: 'unknown' } });
    log.add({ source: 'relay', request: 8, event: { at: '', type: 'received', via: 'fetch' } });
    log.add({
      source: 'relay',
      request: 7,
      event: { at: '', type: 'refused', status: 400, code: 'bad_request', reason: 'not JSON' },
    });
    // Request 7 was active last (its refusal), so it comes first.
    const [first, second] = buildTimelines(log.entries());
    expect(first).toMatchObject({ key: 'request-7', state: 'refused', attempts: 1 });
    expect(first!.steps[0]!.text).toBe(
      'Sent to the relay by a client without Fetch Metadata (curl, a server).',
    );
    expect(second).toMatchObject({ key: 'request-8', state: 'pending' });
  });

  it('puts the most recently active lead first, and keeps at most `limit`', () => {
    const log = createDeliveryLog();
    const add = (eventId: string) =>
      log.add({
        source: 'relay',
        request: log.version() + 1,
        event: { at: '', eventId, type: 'received', via: 'fetch' },
      });
    add('a');
    add('b');
    add('a');
    expect(buildTimelines(log.entries()).map(({ key }) => key)).toEqual(['a', 'b']);
    expect(buildTimelines(log.entries(), { limit: 1 }).map(({ key }) => key)).toEqual(['a']);
  });

  it('names the real API "PIMMS" when asked', () => {
    const [timeline] = buildTimelines(
      (() => {
        const log = createDeliveryLog();
        log.add(upstream(1, 200, { recorded: true }));
        return log.entries();
      })(),
      { upstreamName: 'PIMMS' },
    );
    expect(timeline!.why).toBe('Recorded by PIMMS.');
  });
});
