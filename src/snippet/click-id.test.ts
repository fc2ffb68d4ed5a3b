// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { clickIdFromUrl, cookieDomains, readClickId, writeClickId } from './click-id.ts';
import { cookieWrites, visit } from '../../testing/unit/snippet-dom.ts';

describe('cookieDomains', () => {
  it.each([
    ['www.shop.example', ['shop.example']],
    ['a.b.shop.example', ['shop.example', 'b.shop.example']],
    ['shop.example', ['shop.example']],
    ['shop.example.co.uk', ['co.uk', 'example.co.uk']],
    ['app.vercel.app', ['vercel.app']],
    ['localhost', []],
    ['127.0.0.1', []],
    ['[::1]', []],
  ])('%s', (host, domains) => {
    expect(cookieDomains(host)).toEqual(domains);
  });
});

describe('clickIdFromUrl', () => {
  it.each([
    ['?pimms_id=cl_7Hq2', 'cl_7Hq2'],
    ['?utm_source=x&pimms_id=%20cl_7Hq2%20', 'cl_7Hq2'],
    ['?pimms_id=', undefined],
    ['?pimms_id=%20', undefined],
    ['?other=1', undefined],
    ['', undefined],
  ])('%s', (search, id) => {
    expect(clickIdFromUrl(search)).toBe(id);
  });

  it("reads the page's own URL by default", () => {
    visit('https://www.shop.example/landing?pimms_id=cl_page');
    expect(clickIdFromUrl()).toBe('cl_page');
  });
});

describe('writeClickId', () => {
  it('sets a first-party cookie on the root domain: SameSite=Lax, Secure on https, 90 days', () => {
    visit('https://www.root.example/landing');
    let domain: string | undefined;
    const writes = cookieWrites(() => (domain = writeClickId('cl_root', 90)));
    expect(domain).toBe('root.example');
    const write = writes.find(
      (line) => line.includes('cl_root') && line.includes('domain=root.example'),
    )!;
    expect(write).toMatch(/; path=\//);
    expect(write).toMatch(/; sameSite=Lax/i);
    expect(write).toMatch(/; secure(;|$)/);
    const expires = Date.parse(/expires=([^;]+)/.exec(write)![1]);
    expect(expires - Date.now()).toBeGreaterThan(89.9 * 864e5);
    expect(expires - Date.now()).toBeLessThan(90.1 * 864e5);
    expect(readClickId()).toBe('cl_root');
    // Every subdomain of the root domain sees it.
    visit('https://app.root.example/signup');
    expect(readClickId()).toBe('cl_root');
  });

  it('is not Secure on an http page', () => {
    visit('http://www.plain.example/');
    const writes = cookieWrites(() => writeClickId('cl_plain', 90));
    expect(writes.filter((line) => line.includes('cl_plain')).join()).not.toMatch(/secure/i);
    expect(readClickId()).toBe('cl_plain');
  });

  it('falls back to a host-only cookie where the browser refuses the root domain (a public suffix)', () => {
    visit('https://my-app.vercel.app/');
    expect(writeClickId('cl_psl', 90)).toBeUndefined();
    expect(readClickId()).toBe('cl_psl');
    visit('https://other-app.vercel.app/');
    expect(readClickId()).toBeUndefined();
  });

  it('uses a configured domain', () => {
    visit('https://a.b.conf.example/');
    expect(writeClickId('cl_conf', 30, 'b.conf.example')).toBe('b.conf.example');
    visit('https://c.b.conf.example/');
    expect(readClickId()).toBe('cl_conf');
    visit('https://conf.example/');
    expect(readClickId()).toBeUndefined();
  });

  it('sets a host-only cookie on localhost', () => {
    visit('http://localhost:8787/');
    expect(writeClickId('cl_local', 90)).toBeUndefined();
    expect(readClickId()).toBe('cl_local');
  });

  it('replaces an existing id rather than keeping two cookies', () => {
    visit('https://www.twice.example/');
    writeClickId('cl_old', 90);
    writeClickId('cl_new', 90);
    expect(document.cookie.match(/pimms_id=/g)).toHaveLength(1);
    expect(readClickId()).toBe('cl_new');
  });
});

describe('where the page may not use cookies', () => {
  it('reads and writes no click id, and throws nothing (a sandboxed iframe without allow-same-origin)', () => {
    visit('https://www.sandboxed.example/');
    // What Chromium does there: https://html.spec.whatwg.org/multipage/dom.html#dom-document-cookie
    const refuse = () => {
      throw new DOMException(
        'The document is sandboxed and lacks the allow-same-origin flag.',
        'SecurityError',
      );
    };
    Object.defineProperty(document, 'cookie', { configurable: true, get: refuse, set: refuse });
    try {
      expect(readClickId()).toBeUndefined();
      expect(writeClickId('cl_sandboxed', 90)).toBeUndefined();
    } finally {
      delete (document as unknown as Record<string, unknown>).cookie;
    }
  });
});
