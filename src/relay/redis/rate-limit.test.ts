import { describe, expect, it } from 'vitest';
import { limiterFor } from './rate-limit.ts';

describe('limiterFor', () => {
  it.each([2, 30, 60, 61, 100, 120, 240, 600, 1_000, 6_000])(
    'never lets more than %i calls into a sliding minute, and uses most of it',
    (perMinute) => {
      const { max, duration } = limiterFor(perMinute);
      // A sliding minute overlaps at most ceil(60000 / duration) + 1 fixed windows.
      const windows = Math.ceil(60_000 / duration) + 1;
      expect(max * windows).toBeLessThanOrEqual(perMinute);
      // The pace: at least half for tiny limits, within 3% for PIMMS-sized ones.
      const pace = (max * 60_000) / duration;
      expect(pace).toBeGreaterThanOrEqual(perMinute >= 600 ? perMinute * 0.97 : perMinute * 0.5);
    },
  );

  it('is PIMMS’ 600 a minute by default, about a window a second', () => {
    expect(limiterFor()).toEqual({ max: 10, duration: 1017 });
  });

  it.each([0, 1, Number.NaN, -5])('refuses a rate of %s', (perMinute) => {
    expect(() => limiterFor(perMinute)).toThrow(/at least 2 a minute/);
  });
});
