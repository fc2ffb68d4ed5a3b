import { afterEach, describe, expect, it } from 'vitest';
import { parseShortLink, withClickId } from './short-links.ts';
import { API_KEY, startSandbox, type TestSandbox } from '../../testing/unit/sandbox-fixture.ts';

let sandbox: TestSandbox;
afterEach(() => sandbox?.close());

describe('withClickId', () => {
  it.each([
    ['https://site.test', 'https://site.test/?pimms_id=cl_1'],
    ['https://site.test/signup', 'https://site.test/signup?pimms_id=cl_1'],
    ['https://site.test/signup?ref=ad', 'https://site.test/signup?ref=ad&pimms_id=cl_1'],
    ['https://site.test/signup#form', 'https://site.test/signup?pimms_id=cl_1#form'],
    ['https://site.test/?ref=ad#form', 'https://site.test/?ref=ad&pimms_id=cl_1#form'],
    ['https://site.test/?pimms_id=old', 'https://site.test/?pimms_id=cl_1'],
    [
      'https://site.test/?pimms_id=old&ref=ad&pimms_id=older',
      'https://site.test/?ref=ad&pimms_id=cl_1',
    ],
    ['https://site.test/?pimms%5Fid=old&pimms_id', 'https://site.test/?pimms_id=cl_1'],
    ['https://site.test/?pimms_idx=keep', 'https://site.test/?pimms_idx=keep&pimms_id=cl_1'],
    [
      'https://site.test/?q=a%20b+c&flag&&x=%E2%9C%93',
      'https://site.test/?q=a%20b+c&flag&x=%E2%9C%93&pimms_id=cl_1',
    ],
    ['https://site.test/?', 'https://site.test/?pimms_id=cl_1'],
  ])('%s → %s', (url, expected) => {
    expect(withClickId(url, 'cl_1')).toBe(expected);
  });
});

describe('parseShortLink', () => {
  it.each<[Record<string, unknown>, ReturnType<typeof parseShortLink>]>([
    [
      { key: 'demo', url: 'http://localhost:3000' },
      { key: 'demo', url: 'http://localhost:3000/' },
    ],
    [
      { key: ' spring-sale.2025/fr ', url: ' https://site.test/?a=1 ' },
      { key: 'spring-sale.2025/fr', url: 'https://site.test/?a=1' },
    ],
    [
      { key: 'k'.repeat(190), url: 'https://site.test/' },
      { key: 'k'.repeat(190), url: 'https://site.test/' },
    ],
    [{ url: 'https://site.test/' }, 'key is required'],
    [{ key: '  ', url: 'https://site.test/' }, 'key is required'],
    [{ key: 'k'.repeat(191), url: 'https://site.test/' }, 'key is longer than 190 characters'],
    [{ key: 'two words', url: 'https://site.test/' }, expect.stringContaining('key may hold only')],
    [{ key: '../admin', url: 'https://site.test/' }, expect.stringContaining('key may hold only')],
    [{ key: 'demo/', url: 'https://site.test/' }, expect.stringContaining('key may hold only')],
    [{ key: 'demo' }, 'url must be an http(s) URL'],
    [{ key: 'demo', url: 'site.test/signup' }, 'url must be an http(s) URL'],
    [{ key: 'demo', url: 'javascript:alert(1)' }, 'url must be an http(s) URL'],
    [{ key: 'demo', url: 'ftp://site.test/' }, 'url must be an http(s) URL'],
    [{ key: 'demo', url: 42 }, 'url must be an http(s) URL'],
  ])('%j → %j', (input, expected) => {
    expect(parseShortLink(input)).toEqual(expected);
  });
});

describe('GET /go/:key', () => {
  it('records a click and redirects 302 to the destination with pimms_id, never cached', async () => {
    sandbox = startSandbox();
    const response = await sandbox.fetch('/go/demo');
    expect(response.status).toBe(302);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const location = new URL(response.headers.get('Location')!);
    expect(location.origin + location.pathname).toBe('https://site.test/signup');
    expect(location.searchParams.get('ref')).toBe('ad');
    const clickId = location.searchParams.get('pimms_id');
    // PIMMS' click ids: 16-character nanoids, no prefix.
    expect(clickId).toMatch(/^[\w-]{16}$/);
    expect(sandbox.clicks()).toEqual([
      {
        id: clickId,
        linkKey: 'demo',
        url: 'https://site.test/signup?ref=ad',
        createdAt: expect.any(String),
      },
    ]);
  });

  it('makes a new click id on every visit', async () => {
    sandbox = startSandbox();
    const ids = new Set([await sandbox.click(), await sandbox.click(), await sandbox.click()]);
    expect(ids.size).toBe(3);
    expect(sandbox.clicks()).toHaveLength(3);
  });

  it('replaces a pimms_id already in the destination and keeps its hash', async () => {
    sandbox = startSandbox({
      links: [{ key: 'again', url: 'https://site.test/?pimms_id=stale#pricing' }],
    });
    const location = (await sandbox.fetch('/go/again')).headers.get('Location')!;
    expect(location).toMatch(/^https:\/\/site\.test\/\?pimms_id=[\w-]{16}#pricing$/);
  });

  it('follows a key with "/" and one given URL-encoded', async () => {
    sandbox = startSandbox({ links: [{ key: 'sale/fr', url: 'https://site.test/fr' }] });
    expect((await sandbox.fetch('/go/sale/fr')).status).toBe(302);
    expect((await sandbox.fetch('/go/sale%2Ffr')).status).toBe(302);
  });

  it.each([
    ['an unknown key', '/go/nope'],
    ['no key', '/go/'],
    ['a malformed escape', '/go/%E0%A4%A'],
  ])('answers a 404 page for %s and records nothing', async (_, path) => {
    sandbox = startSandbox();
    const response = await sandbox.fetch(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('No short link');
    expect(sandbox.clicks()).toEqual([]);
  });

  it('escapes the key on its 404 page', async () => {
    sandbox = startSandbox();
    const text = await (await sandbox.fetch('/go/%3Cscript%3Ealert(1)%3C%2Fscript%3E')).text();
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('POST /links', () => {
  const post = (
    body: unknown,
    headers: Record<string, string> = { Authorization: `Bearer ${API_KEY}` },
  ) =>
    sandbox.fetch('/links', {
      method: 'POST',
      headers,
      body: typeof body == 'string' ? body : JSON.stringify(body),
    });

  it('creates a link that /go then follows', async () => {
    sandbox = startSandbox();
    const response = await post({ key: 'launch', url: 'https://site.test/launch?utm_source=x' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      key: 'launch',
      url: 'https://site.test/launch?utm_source=x',
      shortLink: 'http://sandbox.test/go/launch',
    });
    const location = (await sandbox.fetch('/go/launch')).headers.get('Location')!;
    expect(location).toMatch(/^https:\/\/site\.test\/launch\?utm_source=x&pimms_id=[\w-]{16}$/);
  });

  it('replaces the destination of an existing link', async () => {
    sandbox = startSandbox();
    expect((await post({ key: 'demo', url: 'https://other.test/' })).status).toBe(200);
    expect((await sandbox.fetch('/go/demo')).headers.get('Location')).toMatch(
      /^https:\/\/other\.test\/\?pimms_id=/,
    );
  });

  it('gives the short link on the origin it was asked on', async () => {
    sandbox = startSandbox();
    const response = await sandbox.handler(
      new Request('https://sandbox.example:8443/links', {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ key: 'demo', url: 'https://site.test/' }),
      }),
    );
    expect((await response.json()).shortLink).toBe('https://sandbox.example:8443/go/demo');
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { Authorization: 'Bearer pimms_wrong_key_presented' }],
  ])('answers 401 for %s and creates nothing', async (_, headers) => {
    sandbox = startSandbox();
    const response = await post({ key: 'evil', url: 'https://evil.test/' }, headers);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('pimms_wrong_key_presented');
    expect((await sandbox.fetch('/go/evil')).status).toBe(404);
  });

  it.each([
    [{ key: 'x', url: 'javascript:alert(1)' }, 'url'],
    [{ key: 'x', url: 'not a url' }, 'url'],
    [{ key: 'x' }, 'url'],
    [{ url: 'https://site.test/' }, 'key'],
    [{ key: 'has space', url: 'https://site.test/' }, 'key'],
    [[], 'object'],
  ])('answers 422 for %j, naming %s', async (body, field) => {
    sandbox = startSandbox();
    const response = await post(body);
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('unprocessable_entity');
    expect(error.message).toContain(field);
  });

  it('answers 400 for a body that is not JSON', async () => {
    sandbox = startSandbox();
    const response = await post('key=demo');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('bad_request');
  });
});
