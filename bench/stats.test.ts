import { describe, expect, it } from 'vitest';
import { median, ratioInterval } from './stats.ts';

describe('ratioInterval', () => {
  it('holds the ratio of the medians, and is the same for the same samples', () => {
    const a = Array.from({ length: 30 }, (_, i) => 20 + (i % 7));
    const b = Array.from({ length: 30 }, (_, i) => 10 + (i % 5));
    const [low, high] = ratioInterval(a, b);
    const ratio = median(a) / median(b);
    expect(low).toBeLessThanOrEqual(ratio);
    expect(high).toBeGreaterThanOrEqual(ratio);
    expect(low).toBeLessThan(high);
    expect(ratioInterval(a, b)).toEqual([low, high]);
  });

  it('is a point when the samples do not spread', () => {
    expect(ratioInterval([6, 6, 6], [4, 4])).toEqual([1.5, 1.5]);
  });

  it('widens as the samples spread more', () => {
    const tight = Array.from({ length: 30 }, (_, i) => 10 + (i % 3) * 0.1);
    const loose = Array.from({ length: 30 }, (_, i) => 10 + (i % 3) * 3);
    const width = ([low, high]: [number, number]) => high - low;
    expect(width(ratioInterval(loose, tight))).toBeGreaterThan(width(ratioInterval(tight, tight)));
  });

  it('is NaN without samples', () => {
    expect(ratioInterval([], [1])).toEqual([NaN, NaN]);
  });
});
