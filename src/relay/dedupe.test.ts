import { describe, expect, it, vi } from 'vitest';
import { failure } from './answers.ts';
import { createDeduper, type Delivery } from './dedupe.ts';
import { createMemoryEventIdStore } from './event-id-cache.ts';

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
    const dedupe = createDeduper(createMemoryEventIdStore(), () => {});
    const deliver = vi.fn(async () => delivered('a'));
    const first = await dedupe('a', deliver);
    const second = await dedupe('a', deliver);
    expect(first).toEqual({ outcome: delivered('a').outcome, duplicate: false });
    expect(second).toEqual({ outcome: delivered('a').outcome, duplicate: true });
    expect(deliver).toHaveBeenCalledTimes(1);
    await dedupe('b', async () => delivered('b'));
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('makes concurrent callers share the first call, retryable outcome included', async () => {
    const dedupe = createDeduper(createMemoryEventIdStore(), () => {});
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
    const dedupe = createDeduper(createMemoryEventIdStore(), () => {});
    await expect(dedupe('a', () => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    expect(await dedupe('a', async () => delivered('a'))).toMatchObject({ duplicate: false });
  });

  it('treats a failing store as a miss and logs it', async () => {
    const lines: string[] = [];
    const dedupe = createDeduper(
      {
        get: () => {
          throw new Error('no connection');
        },
        set: async () => {
          throw new Error('read-only');
        },
      },
      (line) => lines.push(line),
    );
    expect(await dedupe('a', async () => delivered('a'))).toMatchObject({ duplicate: false });
    expect(lines).toEqual([
      'de-dup store get failed, forwarding anyway: no connection',
      'de-dup store set failed: read-only',
    ]);
  });
});
