// The burst scenario (testing/scenarios/burst.ts) counts what reached the sandbox: checked here
// on bursts small enough for a unit run, so that the bench row and the Redis queue's reuse of the
// scenario can trust its figures.
import { describe, expect, it } from 'vitest';
import { serve } from '../relay/serve.ts';
import { runBurst } from '../../testing/scenarios/burst.ts';

describe('runBurst', () => {
  it(
    'under the limit: every lead recorded once, no 429, no repeat',
    { timeout: 60_000 },
    async () => {
      const result = await runBurst({ leads: 20, rateLimit: 600, spreadMs: 200 });
      expect(result).toMatchObject({
        leads: 20,
        recordedOnce: 20,
        duplicates: 0,
        repeatsUpstream: 0,
        givenUp: 0,
        upstreamCalls: 20,
        upstream429: 0,
        clientRequests: 20,
        relayStatuses: { 200: 20 },
      });
      expect(result.drainMs).toBeGreaterThanOrEqual(0);
      expect(result.idealMs).toBe(2000);
    },
  );

  it(
    'over the limit: the relay holds what does not fit, and the leads held past the deadline count',
    { timeout: 30_000 },
    async () => {
      // Not across a minute boundary: the previous minute's weight would then let a 6th through.
      await outsideMinuteBoundary();
      const result = await runBurst({ leads: 8, rateLimit: 5, spreadMs: 100, deadlineMs: 3000 });
      // 5 fit in the window; the other 3 are told to wait (until the reset) past the 3 s deadline,
      // by the sandbox's 429 or by the relay, once PIMMS' X-RateLimit-Remaining said 0.
      expect(result.recordedOnce).toBe(5);
      expect(result.givenUp).toBe(3);
      expect(result.duplicates).toBe(0);
      expect(result.drainMs).toBeUndefined();
      expect(result.upstreamCalls).toBe(5 + result.upstream429);
      expect(result.relayStatuses).toEqual({ 200: 5, 429: 3 });
      expect(result.maxRetryAfterSeconds).toBeGreaterThan(3);
    },
  );

  it(
    "counts the sandbox's 429s: a relay that forwards every request as it comes",
    { timeout: 30_000 },
    async () => {
      await outsideMinuteBoundary();
      const result = await runBurst({
        leads: 8,
        rateLimit: 5,
        spreadMs: 100,
        deadlineMs: 3000,
        // Passes PIMMS' answer through as is: its Retry-After (Unix ms) reads as a wait of decades.
        startRelay: ({ serverURL, apiKey }) =>
          serve(
            async (request) => {
              const { eventId: _, ...lead } = JSON.parse(await request.text());
              return fetch(`${serverURL}/track/lead`, {
                method: 'POST',
                headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
                body: JSON.stringify(lead),
              });
            },
            { events: false },
          ),
      });
      expect(result).toMatchObject({
        recordedOnce: 5,
        givenUp: 3,
        upstreamCalls: 8,
        upstream429: 3,
        relayStatuses: { 200: 5, 429: 3 },
      });
    },
  );
});

async function outsideMinuteBoundary() {
  while (Date.now() % 60_000 > 55_000) await new Promise((resolve) => setTimeout(resolve, 250));
}
