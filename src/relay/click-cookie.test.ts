// The click id the server keeps (issue 13): the Set-Cookie value for a landing, the relay's answer
// to the snippet's landing request, and a lead's missing clickId filled from the cookie, against
// the real relay in front of a stub PIMMS API that records what it was sent.
import { afterEach, describe, expect, it } from 'vitest';
import {
  clickIdCookie,
  clickIdFromCookie,
  cookieDomainFor,
  createLandingAnswer,
} from './click-cookie.ts';
import { createLeadRelay, type LeadRelayOptions } from './create-lead-relay.ts';
import {
  startUpstreamStub,
  trackedLead,
  type UpstreamStub,
} from '../../testing/unit/upstream-stub.ts';

const ID = 'aB3xQ9kLm2Zp7Wq1';
const OTHER = 'Zz9yX8wV7uT6sR5q';
const NINETY_DAYS = 'Max-Age=7776000';

const landing = (url: string, headers: Record<string, string> = {}) =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers } });

describe('cookieDomainFor', () => {
  it.each([
    ['www.shop.example', 'shop.example'],
    ['app.shop.example:8443', 'shop.example'],
    ['a.b.shop.example', 'shop.example'],
    ['shop.example', 'shop.example'],
    ['WWW.Shop.Example.', 'shop.example'],
    ['shop.example.co.uk', 'example.co.uk'],
    ['www.example.com.au', 'example.com.au'],
    ['www.my-app.vercel.app', 'my-app.vercel.app'],
    // Host-only: no domain both the host and its siblings share, or none the server can tell.
    ['example.co.uk', undefined],
    ['my-app.vercel.app', undefined],
    ['vercel.app', undefined],
    ['localhost', undefined],
    ['localhost:8787', undefined],
    ['127.0.0.1:8787', undefined],
    ['[::1]:8787', undefined],
    ['', undefined],
    ['evil.example; Domain=x', undefined],
  ])('%s → %s', (host, domain) => {
    expect(cookieDomainFor(host)).toBe(domain);
  });
});

describe('clickIdCookie', () => {
  it('keeps the URL’s click id 90 days on the root domain, SameSite=Lax, Path=/', () => {
    expect(clickIdCookie(new Request(`http://www.shop.example/?utm_source=x&pimms_id=${ID}`))).toBe(
      `pimms_id=${ID}; Domain=shop.example; Path=/; ${NINETY_DAYS}; SameSite=Lax`,
    );
  });

  it('adds Secure on https, from the URL or from X-Forwarded-Proto behind a proxy', () => {
    expect(clickIdCookie(new Request(`https://www.shop.example/?pimms_id=${ID}`))).toMatch(
      /; Secure$/,
    );
    const proxied = new Request(`http://10.0.0.5:3000/?pimms_id=${ID}`, {
      headers: {
        host: '10.0.0.5:3000',
        'x-forwarded-host': 'www.shop.example',
        'x-forwarded-proto': 'https',
      },
    });
    expect(clickIdCookie(proxied)).toBe(
      `pimms_id=${ID}; Domain=shop.example; Path=/; ${NINETY_DAYS}; SameSite=Lax; Secure`,
    );
  });

  it('is host-only where the host has no root domain to tell (IP, localhost)', () => {
    for (const url of [`http://127.0.0.1:8787/?pimms_id=${ID}`, `http://localhost/?pimms_id=${ID}`])
      expect(clickIdCookie(new Request(url))).toBe(
        `pimms_id=${ID}; Path=/; ${NINETY_DAYS}; SameSite=Lax`,
      );
  });

  it('takes cookieDays and cookieDomain', () => {
    const request = new Request(`https://app.shop.example/?pimms_id=${ID}`);
    expect(clickIdCookie(request, { cookieDays: 30, cookieDomain: '.example.net' })).toBe(
      `pimms_id=${ID}; Domain=example.net; Path=/; Max-Age=2592000; SameSite=Lax; Secure`,
    );
  });

  it('is null without a plausible pimms_id: none, blank, the placeholder 1, template leftovers', () => {
    for (const query of ['', '?pimms_id=', '?pimms_id=1', '?pimms_id=%7BclickId%7D', '?x=1'])
      expect(clickIdCookie(new Request(`http://www.shop.example/${query}`)), query).toBeNull();
  });

  it('with first-click, is null when the request already carries a plausible click id cookie', () => {
    const url = `http://www.shop.example/?pimms_id=${ID}`;
    const withCookie = (cookie: string) => new Request(url, { headers: { cookie } });
    expect(
      clickIdCookie(withCookie(`pimms_id=${OTHER}`), { attributionModel: 'first-click' }),
    ).toBeNull();
    // A placeholder cookie is no earlier click: the real one replaces it.
    expect(clickIdCookie(withCookie('pimms_id=1'), { attributionModel: 'first-click' })).toContain(
      `pimms_id=${ID};`,
    );
    expect(clickIdCookie(withCookie(`pimms_id=${OTHER}`))).toContain(`pimms_id=${ID};`);
  });

  it('refuses options that would make a broken cookie', () => {
    const request = new Request(`http://www.shop.example/?pimms_id=${ID}`);
    for (const cookieDays of [0, -1, NaN, Infinity, '90' as unknown as number])
      expect(() => clickIdCookie(request, { cookieDays })).toThrow(/cookieDays/);
    expect(() => clickIdCookie(request, { cookieDomain: 'x.com; HttpOnly' })).toThrow(
      /cookieDomain/,
    );
    expect(() => createLandingAnswer({ cookieDays: 0 })).toThrow(/cookieDays/);
  });
});

describe('clickIdFromCookie', () => {
  const of = (cookie?: string) =>
    clickIdFromCookie(new Request('http://shop.example/', { headers: cookie ? { cookie } : {} }));

  it('reads pimms_id among other cookies, and the newest (last) of two', () => {
    expect(of(`session=abc; pimms_id=${ID}; theme=dark`)).toBe(ID);
    expect(of(`pimms_id=${OTHER}; pimms_id=${ID}`)).toBe(ID);
  });

  it('skips values that are not plausible click ids', () => {
    expect(of(`pimms_id=${ID}; pimms_id=1`)).toBe(ID);
    expect(of('pimms_id=1')).toBeUndefined();
    expect(of('pimms_id=%E0%A4%A')).toBeUndefined();
    expect(of('xpimms_id=' + ID)).toBeUndefined();
    expect(of()).toBeUndefined();
  });
});

describe('the relay', () => {
  let stub: UpstreamStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  async function relayWith(options: LeadRelayOptions = {}) {
    stub = await startUpstreamStub((request) => {
      const sent = JSON.parse(request.body);
      return { status: 200, body: trackedLead(sent.clickId, sent.externalId) };
    });
    return createLeadRelay({
      apiKey: 'pimms_sk_test_5Xq9Lw2Rz8Tn4Vb7',
      serverURL: stub.url,
      log: () => {},
      ...options,
    });
  }

  it('answers the landing request 204 with the cookie, and forwards nothing', async () => {
    const relay = await relayWith();
    const answer = await relay(
      landing(`https://www.shop.example/api/pimms/lead?pimms_id=${ID}`, {
        origin: 'https://www.shop.example',
      }),
    );
    expect(answer.status).toBe(204);
    expect(answer.headers.getSetCookie()).toEqual([
      `pimms_id=${ID}; Domain=shop.example; Path=/; ${NINETY_DAYS}; SameSite=Lax; Secure`,
    ]);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://www.shop.example');
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(await answer.text()).toBe('');
    expect(stub!.requests).toEqual([]);
  });

  it('lets an allowed cross-origin page read the answer with credentials; refuses others 403', async () => {
    const relay = await relayWith({ allowedOrigins: ['https://shop.example'] });
    const url = `https://api.shop.example/lead?pimms_id=${ID}`;
    const allowed = await relay(landing(url, { origin: 'https://shop.example' }));
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.getSetCookie()[0]).toContain('; Domain=shop.example;');

    const refused = await relay(landing(url, { origin: 'https://evil.example' }));
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('reports no relay event for a landing request (it is not a lead), and the usual ones for a lead', async () => {
    const events: { type: string }[] = [];
    const relay = await relayWith({ onEvent: (event) => events.push(event) });
    await relay(landing(`https://www.shop.example/api/pimms/lead?pimms_id=${ID}`));
    await relay(landing('https://www.shop.example/api/pimms/lead?pimms_id=1'));
    expect(events).toEqual([]);
    await relay(
      new Request('https://www.shop.example/api/pimms/lead', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', cookie: `pimms_id=${ID}` },
        body: JSON.stringify({ eventName: 'Sign up', externalId: 'user_1' }),
      }),
    );
    expect(events.map((event) => event.type)).toEqual(['received', 'forwarded']);
    expect(events[1]).toMatchObject({ clickId: ID });
  });

  it('answers 400 bad_request to an implausible click id, and sets no cookie', async () => {
    const relay = await relayWith();
    for (const id of ['1', '', '%7BclickId%7D', 'a'.repeat(65), 'x%3By']) {
      const answer = await relay(landing(`https://www.shop.example/api/pimms/lead?pimms_id=${id}`));
      expect(answer.status, id).toBe(400);
      expect(answer.headers.getSetCookie()).toEqual([]);
      expect(await answer.json()).toMatchObject({
        error: {
          code: 'bad_request',
          message: expect.stringContaining('pimms_id'),
          retryable: false,
        },
      });
    }
    expect(stub!.requests).toEqual([]);
  });

  it('takes the cookie options: first-click keeps an existing cookie, cookieDays, cookieDomain', async () => {
    const relay = await relayWith({
      attributionModel: 'first-click',
      cookieDays: 7,
      cookieDomain: 'shop.example',
    });
    const url = `http://app.shop.example/lead?pimms_id=${ID}`;
    const kept = await relay(landing(url, { cookie: `pimms_id=${OTHER}` }));
    expect(kept.status).toBe(204);
    expect(kept.headers.getSetCookie()).toEqual([]);
    const fresh = await relay(landing(url));
    expect(fresh.headers.getSetCookie()).toEqual([
      `pimms_id=${ID}; Domain=shop.example; Path=/; Max-Age=604800; SameSite=Lax`,
    ]);
  });

  it('fills a lead’s missing clickId from the pimms_id cookie (the newest plausible one)', async () => {
    const relay = await relayWith();
    for (const clickId of [undefined, '', '  ']) {
      const answer = await relay(
        new Request('https://www.shop.example/api/pimms/lead', {
          method: 'POST',
          headers: {
            'content-type': 'text/plain',
            cookie: `pimms_id=${OTHER}; pimms_id=${ID}; pimms_id=1`,
          },
          body: JSON.stringify({ clickId, eventName: 'Sign up', externalId: 'user_1' }),
        }),
      );
      expect(answer.status).toBe(200);
    }
    expect(stub!.requests.map((request) => JSON.parse(request.body).clickId)).toEqual([ID, ID, ID]);
  });

  it('keeps the lead’s own clickId over the cookie, and refuses a lead with neither', async () => {
    const relay = await relayWith();
    const send = (body: object, cookie?: string) =>
      relay(
        new Request('https://www.shop.example/api/pimms/lead', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify(body),
        }),
      );
    const lead = { eventName: 'Sign up', externalId: 'user_1' };
    expect((await send({ ...lead, clickId: OTHER }, `pimms_id=${ID}`)).status).toBe(200);
    const refused = await send(lead, 'pimms_id=1');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('clickId') },
    });
    expect(stub!.requests.map((request) => JSON.parse(request.body).clickId)).toEqual([OTHER]);
  });
});
