import { describe, expect, it } from 'vitest';
import { failure, type RelayOutcome } from './answers.ts';
import { createMemoryEventIdStore } from './event-id-cache.ts';

const answer = (n: number): RelayOutcome => failure(404, 'not_found', `click ${n} not found`);

describe('createMemoryEventIdStore', () => {
  it('returns what was set until the TTL passes', async () => {
    let now = 1000;
    const store = createMemoryEventIdStore({ ttlMs: 500, now: () => now });
    await store.set('a', answer(1));
    now = 1499;
    expect(await store.get('a')).toEqual(answer(1));
    now = 1500;
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('never')).toBeUndefined();
  });

  it('drops the oldest entries beyond maxEntries', async () => {
    const store = createMemoryEventIdStore({ maxEntries: 3 });
    for (let i = 1; i <= 5; i++) await store.set('e' + i, answer(i));
    expect(await store.get('e1')).toBeUndefined();
    expect(await store.get('e2')).toBeUndefined();
    for (let i = 3; i <= 5; i++) expect(await store.get('e' + i)).toEqual(answer(i));
  });

  it('counts a re-set entry as new', async () => {
    const store = createMemoryEventIdStore({ maxEntries: 2 });
    await store.set('a', answer(1));
    await store.set('b', answer(2));
    await store.set('a', answer(3));
    await store.set('c', answer(4));
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toEqual(answer(3));
  });

  it('stays bounded under many writes', async () => {
    let now = 0;
    const store = createMemoryEventIdStore({ ttlMs: 10, maxEntries: 100, now: () => now });
    for (let i = 0; i < 10_000; i++) {
      now = i;
      await store.set('e' + i, answer(i));
    }
    // Only the last 10 ms are alive; the 90 before them were dropped as expired on later writes.
    expect(await store.get('e9989')).toBeUndefined();
    expect(await store.get('e9990')).toEqual(answer(9990));
  });
});
