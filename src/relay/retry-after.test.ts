import { describe, expect, it } from 'vitest';
import { parseRetryAfter, withJitter } from './retry-after.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
    ['0', 0],
    [' 42 ', 42],
    ['999999', 86_400],
    ['Wed, 01 Jan 2025 00:01:30 GMT', 90],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
  ])('reads %j as %j', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe('parseRetryAfter in every form', () => {
  const now = Date.parse('2026-12-01T12:00:00.250Z');
  it.each([
    ['delta-seconds', '90', 90],
    ['delta-seconds with a fraction', '1.5', 2],
    ['an HTTP date', 'Tue, 01 Dec 2026 12:01:30 GMT', 90],
    ['an HTTP date in the past', 'Tue, 01 Dec 2026 11:00:00 GMT', 0],
    ['a Unix time in seconds', String(Math.floor(now / 1000) + 90), 90],
    ['a Unix time in milliseconds (what PIMMS sends)', String(now + 42_000), 42],
    ['a Unix time in milliseconds, a part of a second ahead', String(now + 1), 1],
    ['a Unix time in milliseconds in the past', String(now - 5000), 0],
    ['a Unix time in milliseconds a year ahead (bounded)', String(now + 365 * 86_400_000), 86_400],
    ['a bare year (not a date)', '2027', 2027],
    ['digits and dashes (not a date)', '2026-12-02', undefined],
    ['garbage', 'soon', undefined],
  ])('reads %s', (_, value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe('withJitter', () => {
  it('adds at most a tenth (at least 1 s) and never less than the wait', () => {
    expect(withJitter(30, 0)).toBe(30);
    expect(withJitter(30, 0.999)).toBe(33);
    expect(withJitter(5, 0.999)).toBe(6);
    expect(withJitter(0, 0.999)).toBe(1);
    for (let i = 0; i < 100; i++) {
      const jittered = withJitter(60);
      expect(jittered).toBeGreaterThanOrEqual(60);
      expect(jittered).toBeLessThanOrEqual(66);
    }
  });
});
