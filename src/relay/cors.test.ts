import { describe, expect, it } from 'vitest';
import { corsHeaders, createOriginCheck } from './cors.ts';

const at = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe('createOriginCheck', () => {
  it.each([
    // allowed, request URL, headers, origin, expected
    [undefined, 'https://shop.example/api', {}, 'https://shop.example', true],
    // Scheme and port count (issue 11): a page without TLS is not the https site, nor the reverse.
    [undefined, 'https://shop.example/api', {}, 'http://shop.example', false],
    [undefined, 'http://shop.example/api', {}, 'https://shop.example', false],
    [undefined, 'http://127.0.0.1:8787/api', {}, 'http://127.0.0.1:8787', true],
    [undefined, 'http://127.0.0.1:8787/api', {}, 'http://127.0.0.1:8788', false],
    [undefined, 'http://127.0.0.1:8787/api', { host: '127.0.0.1:8787' }, 'http://127.0.0.1', false],
    [undefined, 'https://shop.example/api', {}, 'https://shop.example:8443', false],
    [undefined, 'https://shop.example/api', {}, 'https://evil.example', false],
    [undefined, 'https://shop.example/api', {}, 'https://shop.example.evil.example', false],
    [undefined, 'https://shop.example/api', {}, 'null', false],
    [
      undefined,
      'http://10.0.0.5:3000/api',
      { host: 'Shop.Example', 'x-forwarded-proto': 'https' },
      'https://shop.example',
      true,
    ],
    [
      undefined,
      'http://10.0.0.5:3000/api',
      { 'x-forwarded-host': 'shop.example, proxy.internal', 'x-forwarded-proto': 'https, http' },
      'https://shop.example',
      true,
    ],
    [
      undefined,
      'http://10.0.0.5:3000/api',
      { host: 'shop.example' },
      'https://shop.example',
      false,
    ],
    [undefined, 'http://10.0.0.5:3000/api', { host: 'shop.example' }, 'http://shop.example', true],
    [
      undefined,
      'http://10.0.0.5:3000/api',
      { host: 'shop.example/x?', 'x-forwarded-proto': 'https' },
      'https://shop.example',
      false,
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
