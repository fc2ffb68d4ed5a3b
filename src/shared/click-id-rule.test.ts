import { describe, expect, it } from 'vitest';
import { isPlausibleClickId } from './click-id-rule.ts';

describe('isPlausibleClickId', () => {
  it.each(['aB3xQ9kLm2Zp7Wq1', 'cl_1', 'a-b', 'x'.repeat(64), 'ab'])('accepts %j', (value) => {
    expect(isPlausibleClickId(value)).toBe(true);
  });
  it.each([
    '1',
    '',
    'a',
    'x'.repeat(65),
    '{clickId}',
    'a b',
    'a;b',
    'é1234',
    1234,
    null,
    undefined,
  ])('refuses %j', (value) => {
    expect(isPlausibleClickId(value)).toBe(false);
  });
});
