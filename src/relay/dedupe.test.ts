import { describe, expect, it, vi } from 'vitest';
import { failure } from './answers.ts';
import { createDeduper } from './dedupe.ts';
import type { Delivery } from './delivery.ts';
import { createMemoryEventIdCache, type EventIdCache } from './event-id-cache.ts';

const BOUNDS = { leaseMs: 1000, waitMs: 1000 };

const delivered = (id: string): Delivery => ({
  outcome: {
    status: 200,
    body: {
      ok: true,
      eventId: id,
      click: { id: 'cl_1' },
      customer: { name: null, email: null, avatar: null, externalId: 'u' },
    },
  },
  remember: true,
});

describe('createDeduper', () => {
  it('runs deliver once per eventId while a final answer is remembered', async () => {
    const dedupe = createDeduper(createMemoryEventIdCache(), BOUNDS, () => {});
    const deliver = vi.fn(async () => delivered('a'));
    const first = await dedupe('a', deliver);
    const second = await dedupe('a', deliver);
    expect(first).toMatchObject({ outcome: delivered('a').outcome, duplicate: false });
    expect(second).toMatchObject({ outcome: delivered('a').outcome, duplicate: true });
    expect(deliver).toHaveBeenCalledTimes(1);
    await dedupe('b', async () => delivered('b'));
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('makes concurrent callers share the first call, retryable outcome included', async () => {
    const dedupe = createDeduper(createMemoryEventIdCache(), BOUNDS, () => {});
    let release!: (delivery: Delivery) => void;
    const deliver = vi.fn(() => new Promise<Delivery>((resolve) => (release = resolve)));
    const calls = [dedupe('a', deliver), dedupe('a', deliver), dedupe('a', deliver)];
    await new Promise((resolve) => setTimeout(resolve, 10));
    const unavailable = failure(502, 'upstream_unavailable', 'down', 10);
    release({ outcome: unavailable, remember: false });
    const results = await Promise.all(calls);
    expect(results.map((r) => r.outcome)).toEqual([unavailable, unavailable, unavailable]);
    expect(results.map((r) => r.duplicate)).toEqual([false, true, true]);
    expect(deliver).toHaveBeenCalledTimes(1);
    // Not remembered: the next one delivers again.
    await dedupe('a', async () => delivered('a'));
    expect((await dedupe('a', deliver)).duplicate).toBe(true);
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('lets the next caller try again after deliver threw', async () => {
    const dedupe = createDeduper(createMemoryEventIdCache(), BOUNDS, () => {});
    await expect(dedupe('a', () => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    expect(await dedupe('a', async () => delivered('a'))).toMatchObject({ duplicate: false });
  });

  it('treats a failing cache as a miss and logs it', async () => {
    const lines: string[] = [];
    const broken: EventIdCache = {
      claim: () => {
        throw new Error('no connection');
      },
    };
    const dedupe = createDeduper(broken, BOUNDS, (line) => lines.push(line));
    expect(await dedupe('a', async () => delivered('a'))).toMatchObject({ duplicate: false });
    const readOnly: EventIdCache = {
      claim: async () => ({
        state: 'claimed',
        settle: async () => {
          throw new Error('read-only');
        },
        release: async () => {},
      }),
    };
    const second = createDeduper(readOnly, BOUNDS, (line) => lines.push(line));
    expect(await second('a', async () => delivered('a'))).toMatchObject({ duplicate: false });
    expect(lines).toEqual([
      'de-dup cache claim failed, forwarding anyway: no connection',
      'de-dup cache settle failed: read-only',
    ]);
  });

  it('settles a final answer, releases a retryable one or a throw, and answers busy without delivering', async () => {
    const calls: string[] = [];
    const cache: EventIdCache = {
      claim: async (id) =>
        id == 'busy'
          ? { state: 'busy' }
          : {
              state: 'claimed',
              settle: async (outcome) => void calls.push(`settle ${id} ${outcome.status}`),
              release: async () => void calls.push(`release ${id}`),
            },
    };
    const dedupe = createDeduper(cache, BOUNDS, () => {});
    await dedupe('ok', async () => delivered('ok'));
    await dedupe('down', async () => ({ outcome: failure(502, 'x', 'down', 10), remember: false }));
    await expect(dedupe('bug', () => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    const deliver = vi.fn(async () => delivered('busy'));
    const busy = await dedupe('busy', deliver);
    expect(calls).toEqual(['settle ok 200', 'release down', 'release bug']);
    expect(deliver).not.toHaveBeenCalled();
    expect(busy).toMatchObject({ duplicate: false, outcome: { status: 503 } });
    expect(busy.outcome.body).toMatchObject({
      error: { code: 'lead_in_progress', retryable: true, retryAfter: 2 },
    });
  });
});
