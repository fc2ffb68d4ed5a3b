import { describe, expect, it } from 'vitest';
import { corsHeaders, createOriginCheck } from './cors.ts';

const at = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe('createOriginCheck', () => {
  it.each([
    // allowed, request URL, headers, origin, expected
    [undefined, 'https://shop.example/api', {}, 'https://shop.example', true],
    [undefined, 'https://shop.example/api', {}, 'http://shop.example', true],
    [undefined, 'https://shop.example/api', {}, 'https://shop.example:8443', false],
    [undefined, 'https://shop.example/api', {}, 'https://evil.example', false],
    [undefined, 'https://shop.example/api', {}, 'https://shop.example.evil.example', false],
    [undefined, 'https://shop.example/api', {}, 'null', false],
    [undefined, 'http://10.0.0.5:3000/api', { host: 'Shop.Example' }, 'https://shop.example', true],
    [
      undefined,
      'http://10.0.0.5:3000/api',
      { 'x-forwarded-host': 'shop.example, proxy.internal' },
      'https://shop.example',
      true,
    ],
    [['https://landing.example/'], 'https://shop.example/api', {}, 'https://landing.example', true],
    [['https://landing.example'], 'https://shop.example/api', {}, 'https://shop.example', true],
    [['https://landing.example'], 'https://shop.example/api', {}, 'http://landing.example', false],
    [(origin: string) => origin == 'null', 'https://shop.example/api', {}, 'null', true],
  ] as const)('%j at %s %j: %s → %s', (allowed, url, headers, origin, expected) => {
    const check = createOriginCheck(allowed as never);
    expect(check(at(url, headers), origin)).toBe(expected);
  });

  it('refuses an invalid configured origin at start-up', () => {
    expect(() => createOriginCheck(['shop.example'])).toThrow();
  });
});

describe('corsHeaders', () => {
  it('only varies on Origin when there is none', () => {
    expect(corsHeaders(null)).toEqual({ Vary: 'Origin' });
  });
});
