import { describe, expect, it } from 'vitest';
import { rateLimitFromEnv } from './create-sandbox.ts';
import { createRateLimiter, WINDOW_MS } from './rate-limit.ts';

const T0 = 1_764_612_300_000; // the start of a fixed one-minute window

describe('createRateLimiter: a sliding window of one minute per key', () => {
  it('allows `limit` requests a minute, then refuses, with the reset at the end of the window', () => {
    const limit = createRateLimiter(3);
    const results = [0, 1, 2, 3].map((i) => limit('k', T0 + i));
    expect(results.map((r) => [r.success, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(results[3]!.reset).toBe(T0 + WINDOW_MS);
    expect(limit('other', T0 + 4).success).toBe(true);
  });

  it('weighs the previous minute by how much of it the window still covers', () => {
    const limit = createRateLimiter(10);
    for (let i = 0; i < 10; i++) limit('k', T0 + 59_000);
    // A quarter into the next minute, three quarters of the last one's 10 still count: 7 (floor).
    const quarter = T0 + WINDOW_MS + WINDOW_MS / 4;
    expect(limit('k', quarter)).toMatchObject({ success: true, remaining: 2 });
    expect(limit('k', quarter).success).toBe(true);
    expect(limit('k', quarter).success).toBe(true);
    expect(limit('k', quarter).success).toBe(false);
    // Two minutes later nothing is left of it.
    expect(limit('k', T0 + 3 * WINDOW_MS)).toMatchObject({ success: true, remaining: 9 });
  });

  it('does not count refused requests', () => {
    const limit = createRateLimiter(1);
    limit('k', T0);
    for (let i = 0; i < 50; i++) limit('k', T0 + 1);
    expect(limit('k', T0 + 2 * WINDOW_MS).success).toBe(true);
  });

  it('takes a shorter window (tests): the limit is per window, its reset at the window end', () => {
    const limit = createRateLimiter(1, 5000);
    expect(limit('k', T0).success).toBe(true);
    expect(limit('k', T0 + 1000)).toMatchObject({ success: false, reset: T0 + 5000 });
    // Just after the reset the last window's one request weighs floor(1 * 0.99) = 0.
    expect(limit('k', T0 + 5050).success).toBe(true);
    expect(() => createRateLimiter(1, 0)).toThrow('rateLimitWindowMs');
  });

  it.each([0, -1, 1.5, NaN])('refuses a limit of %s', (value) => {
    expect(() => createRateLimiter(value)).toThrow(TypeError);
  });
});

describe('rateLimitFromEnv: PIMMS_SANDBOX_RATE_LIMIT', () => {
  it.each<[string | undefined, number]>([
    [undefined, 600],
    ['', 600],
    ['60', 60],
    [' 120 ', 120],
  ])('reads %j as %i', (value, limit) => {
    expect(rateLimitFromEnv(value)).toBe(limit);
  });

  it.each(['0', 'ten', '1.5', '-3'])('refuses %j, naming the variable', (value) => {
    expect(() => rateLimitFromEnv(value)).toThrow('PIMMS_SANDBOX_RATE_LIMIT');
  });
});
