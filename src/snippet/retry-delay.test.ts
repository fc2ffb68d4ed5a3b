import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelay } from './retry-delay.ts';

describe('retryDelay', () => {
  it.each([
    // attempts, random, delay: between half and all of 2^attempts seconds
    [1, 0, 1000],
    [1, 0.999999, 2000],
    [2, 0.5, 3000],
    [3, 0, 4000],
    [8, 1, 256_000],
    [9, 0, MAX_RETRY_DELAY_MS / 2],
    [20, 1, MAX_RETRY_DELAY_MS],
  ])('attempt %i, random %f: %i ms', (attempts, random, delay) => {
    expect(retryDelay(attempts, undefined, random)).toBeCloseTo(delay, -1);
  });

  it("takes the endpoint's Retry-After as it is", () => {
    expect(retryDelay(5, 30, 0.3)).toBe(30_000);
  });

  it('jitters: two pages rarely retry in step', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelay(4)));
    expect(delays.size).toBeGreaterThan(15);
  });
});
