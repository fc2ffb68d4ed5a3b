import { describe, expect, it } from 'vitest';
import { failure, type RelayOutcome } from './answers.ts';
import { createMemoryEventIdCache, type EventIdCache } from './event-id-cache.ts';

const answer = (n: number): RelayOutcome => failure(404, 'not_found', `click ${n} not found`);
const BOUNDS = { leaseMs: 1000, waitMs: 1000 };

async function set(cache: EventIdCache, id: string, outcome: RelayOutcome) {
  const claim = await cache.claim(id, BOUNDS);
  if (claim.state != 'claimed') throw new Error(`expected a claim of ${id}, got ${claim.state}`);
  await claim.settle(outcome);
}
async function get(cache: EventIdCache, id: string): Promise<RelayOutcome | undefined> {
  const claim = await cache.claim(id, BOUNDS);
  if (claim.state == 'answered') return claim.outcome;
  if (claim.state == 'claimed') await claim.release();
  return undefined;
}

describe('createMemoryEventIdCache', () => {
  it('returns what was settled until the TTL passes', async () => {
    let now = 1000;
    const cache = createMemoryEventIdCache({ ttlMs: 500, now: () => now });
    await set(cache, 'a', answer(1));
    now = 1499;
    expect(await get(cache, 'a')).toEqual(answer(1));
    now = 1500;
    expect(await get(cache, 'a')).toBeUndefined();
    expect(await get(cache, 'never')).toBeUndefined();
  });

  it('drops the oldest entries beyond maxEntries', async () => {
    const cache = createMemoryEventIdCache({ maxEntries: 3 });
    for (let i = 1; i <= 5; i++) await set(cache, 'e' + i, answer(i));
    expect(await get(cache, 'e1')).toBeUndefined();
    expect(await get(cache, 'e2')).toBeUndefined();
    for (let i = 3; i <= 5; i++) expect(await get(cache, 'e' + i)).toEqual(answer(i));
  });

  it('counts a re-settled entry as new', async () => {
    const cache = createMemoryEventIdCache({ maxEntries: 2 });
    await set(cache, 'a', answer(1));
    await set(cache, 'b', answer(2));
    // A claim after the TTL or a lost entry; here forced by claiming an expired id is not needed:
    // settle twice through two caches' worth of writes.
    await set(cache, 'c', answer(3));
    expect(await get(cache, 'a')).toBeUndefined();
    await set(cache, 'a', answer(4));
    expect(await get(cache, 'b')).toBeUndefined();
    expect(await get(cache, 'a')).toEqual(answer(4));
    expect(await get(cache, 'c')).toEqual(answer(3));
  });

  it('stays bounded under many writes', async () => {
    let now = 0;
    const cache = createMemoryEventIdCache({ ttlMs: 10, maxEntries: 100, now: () => now });
    for (let i = 0; i < 10_000; i++) {
      now = i;
      await set(cache, 'e' + i, answer(i));
    }
    // Only the last 10 ms are alive; the 90 before them were dropped as expired on later writes.
    expect(await get(cache, 'e9989')).toBeUndefined();
    expect(await get(cache, 'e9990')).toEqual(answer(9990));
  });

  it('makes a concurrent claimer wait for the answer of the first', async () => {
    const cache = createMemoryEventIdCache();
    const first = await cache.claim('a', BOUNDS);
    expect(first.state).toBe('claimed');
    const second = cache.claim('a', BOUNDS);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (first.state == 'claimed') await first.settle(answer(1));
    expect(await second).toEqual({ state: 'answered', outcome: answer(1) });
  });

  it('hands the claim to a waiting claimer when the first releases it', async () => {
    const cache = createMemoryEventIdCache();
    const first = await cache.claim('a', BOUNDS);
    const second = cache.claim('a', BOUNDS);
    if (first.state == 'claimed') await first.release();
    expect((await second).state).toBe('claimed');
  });

  it('answers busy after waitMs, and lets a lapsed lease be claimed again', async () => {
    const cache = createMemoryEventIdCache();
    await cache.claim('a', { leaseMs: 200, waitMs: 10 });
    const started = Date.now();
    expect((await cache.claim('a', { leaseMs: 200, waitMs: 30 })).state).toBe('busy');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    // The holder never ends its claim (an instance that died): after the lease it is free again.
    expect((await cache.claim('a', { leaseMs: 200, waitMs: 1000 })).state).toBe('claimed');
  });
});
