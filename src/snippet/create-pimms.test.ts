// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadBody } from '../shared/lead.ts';
import type { PimmsOptions } from './options.ts';
import { fakeEndpoint } from '../../testing/unit/snippet-endpoint.ts';
import { visit } from '../../testing/unit/snippet-dom.ts';
import fc from 'fast-check';

/** Runs of the property test of lead(). */
const LEAD_RUNS = 500;

let site = 0;
/**
 * The previous page's post-start-up task (its cookie write) runs before the visitor moves on: in
 * jsdom the next page is the same window, where it would otherwise run on the next URL.
 */
const leavePage = () => new Promise((resolve) => setTimeout(resolve));
/** A fresh page on a host of its own (own cookie jar), with a new snippet instance. */
async function load(path = '/', options: PimmsOptions = {}, before?: () => void) {
  await leavePage();
  visit(`https://www.site${++site}.example${path}`);
  before?.();
  vi.resetModules();
  const { createPimms } = await import('./create-pimms.ts');
  return createPimms({ endpoint: '/api/pimms/lead', ...options });
}
/** The same site, another page view (same cookies and storage), a new snippet instance. */
async function reload(path: string, options: PimmsOptions = {}) {
  await leavePage();
  visit(`https://www.site${site}.example${path}`);
  vi.resetModules();
  const { createPimms } = await import('./create-pimms.ts');
  return createPimms({ endpoint: '/api/pimms/lead', ...options });
}
const cookie = () => /(?:^|; )pimms_id=([^;]*)/.exec(document.cookie)?.[1];
/** The cookie is written in a task after start-up (create-pimms.ts): one task later. */
const task = () => new Promise((resolve) => setTimeout(resolve));

beforeEach(() => {
  localStorage.clear();
  document.title = 'Sign up';
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('lead()', () => {
  it('captures ?pimms_id= into the cookie and sends the exact body', async () => {
    const { sent } = fakeEndpoint([200]);
    const pimms = await load('/signup?pimms_id=cl_7Hq2&utm_source=news&token=x');
    await task();
    expect(cookie()).toBe('cl_7Hq2');
    const result = await pimms.lead('Sign up', {
      customerEmail: 'ada@example.com',
      customerName: 'Ada',
      metadata: { plan: 'pro' },
    });
    const body = sent[0].body as unknown as LeadBody;
    expect(body).toEqual({
      eventId: expect.stringMatching(/^[0-9a-z]{20,}$/),
      clickId: 'cl_7Hq2',
      eventName: 'Sign up',
      externalId: expect.stringMatching(/^anon_[0-9a-z]{20,}$/),
      customerEmail: 'ada@example.com',
      customerName: 'Ada',
      metadata: { path: '/signup', title: 'Sign up', utm_source: 'news', plan: 'pro' },
    });
    expect(result).toEqual({ ok: true, status: 'sent', reason: undefined, body });
    expect(localStorage.getItem('pimms_ob_' + body.eventId)).toBeNull();
  });

  it('uses the cookie on a later page, and the same anonymous visitor id', async () => {
    const { sent } = fakeEndpoint([200, 200]);
    const first = await load('/?pimms_id=cl_a');
    await first.lead('Sign up');
    const later = await reload('/pricing');
    expect(later.clickId()).toBe('cl_a');
    await later.lead('Book a demo');
    expect(sent[1].body).toMatchObject({ clickId: 'cl_a', externalId: sent[0].body.externalId });
  });

  it.each(['last-click', 'first-click'] as const)(
    "%s: a lead() in start-up's own tick, before the cookie is written, carries the landing's click id",
    async (attributionModel) => {
      const { sent } = fakeEndpoint([200]);
      const pimms = await load('/?pimms_id=cl_early', { attributionModel });
      // No task has run since createPimms(): the cookie is not written yet.
      expect(cookie()).toBeUndefined();
      const pending = pimms.lead('Sign up');
      expect(pimms.clickId()).toBe('cl_early');
      expect(await pending).toMatchObject({ status: 'sent', body: { clickId: 'cl_early' } });
      expect(sent[0].body).toMatchObject({ clickId: 'cl_early' });
      await task();
      expect(cookie()).toBe('cl_early');
      const later = await reload('/pricing', { attributionModel });
      expect(later.clickId()).toBe('cl_early');
    },
  );

  it('writes no cookie when consent is refused in the tick of start-up', async () => {
    fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_refused');
    pimms.consent(false);
    await task();
    expect(cookie()).toBeUndefined();
  });

  it('skips a lead without a click id, and sends nothing', async () => {
    const { sent } = fakeEndpoint();
    const pimms = await load('/signup');
    expect(await pimms.lead('Sign up')).toMatchObject({
      ok: false,
      status: 'skipped',
      reason: 'no click id',
    });
    expect(sent).toEqual([]);
    expect(Object.keys(localStorage)).toEqual([]);
  });

  it('rejects a lead without an event name', async () => {
    fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_1');
    expect(await pimms.lead('   ')).toMatchObject({
      ok: false,
      status: 'rejected',
      reason: 'no eventName',
    });
  });

  it('lets the call win over the script tag defaults, and keeps the valid rest of a bad call', async () => {
    const { sent } = fakeEndpoint([200]);
    const pimms = await load('/?pimms_id=cl_1', {
      fields: { externalId: 'u_server', customerName: 'Server Name', metadata: { source: 'tag' } },
    });
    await pimms.lead('Sign up', {
      customerName: 'Call Name',
      customerEmail: 'not-an-email',
      metadata: { plan: 'pro' },
    });
    expect(sent[0].body).toMatchObject({
      externalId: 'u_server',
      customerName: 'Call Name',
      metadata: { source: 'tag', plan: 'pro' },
    });
    expect(sent[0].body).not.toHaveProperty('customerEmail');
  });

  it('reports a refusal by the endpoint', async () => {
    fakeEndpoint([[404, {}, { error: { code: 'not_found', message: 'Click not found' } }]]);
    const pimms = await load('/?pimms_id=cl_gone');
    expect(await pimms.lead('Sign up')).toMatchObject({
      ok: false,
      status: 'rejected',
      reason: 'HTTP 404: Click not found',
    });
  });

  it('never throws and never rejects', async () => {
    fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_1');
    const hostile = {
      get customerEmail() {
        throw new Error('boom');
      },
    };
    await expect(pimms.lead('Sign up', hostile as never)).resolves.toMatchObject({
      ok: false,
      status: 'skipped',
      reason: expect.stringContaining('boom'),
    });
    await expect(pimms.lead(undefined as never, 42 as never)).resolves.toMatchObject({
      status: 'rejected',
    });
  });

  it('keeps the lead when a field is named like an Object.prototype member (issue 11 #4)', async () => {
    const { sent } = fakeEndpoint([200]);
    const pimms = await load('/?pimms_id=cl_proto');
    const fields = JSON.parse('{"constructor": "x", "__proto__": {"a": 1}, "toString": 1}');
    expect(await pimms.lead('x', fields)).toMatchObject({ ok: true, status: 'sent' });
    expect(Object.keys(sent[0].body).sort()).toEqual([
      'clickId',
      'eventId',
      'eventName',
      'externalId',
      'metadata',
    ]);
    expect(await pimms.lead('x', { constructor: 'x' } as never)).toMatchObject({ status: 'sent' });
  });

  it('never throws or rejects for arbitrary arguments (fast-check)', async () => {
    fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_any');
    const statuses = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.anything(),
        fc.oneof(fc.anything(), fc.jsonValue()),
        async (name, fields) => {
          let pending: Promise<unknown> | undefined;
          expect(() => (pending = pimms.lead(name as never, fields as never))).not.toThrow();
          const result = (await pending) as { status: string };
          expect(['sent', 'queued', 'skipped', 'rejected']).toContain(result.status);
          statuses.add(result.status);
        },
      ),
      { numRuns: LEAD_RUNS },
    );
    // Both the lead that goes and the one refused for want of an event name were tried.
    expect([...statuses].sort()).toEqual(['rejected', 'sent']);
  }, 120_000);

  it('sends by beacon when the page is already hidden', async () => {
    const { sent } = fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_1');
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    expect(await pimms.lead('Sign up')).toMatchObject({ status: 'queued', reason: 'beacon' });
    expect(sent.map((s) => s.by)).toEqual(['beacon']);
  });
});

describe('attribution', () => {
  it('last-click (default): a new ?pimms_id= replaces the cookie', async () => {
    fakeEndpoint();
    await load('/?pimms_id=cl_first');
    await task();
    const pimms = await reload('/?pimms_id=cl_second');
    await task();
    expect(cookie()).toBe('cl_second');
    expect(pimms.clickId()).toBe('cl_second');
  });

  it('first-click: an existing cookie is kept', async () => {
    fakeEndpoint();
    await load('/?pimms_id=cl_first', { attributionModel: 'first-click' });
    await task();
    const pimms = await reload('/?pimms_id=cl_second', { attributionModel: 'first-click' });
    await task();
    expect(cookie()).toBe('cl_first');
    expect(pimms.clickId()).toBe('cl_first');
  });

  it('first-click takes the URL when there is no cookie yet', async () => {
    fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_only', { attributionModel: 'first-click' });
    await task();
    expect(cookie()).toBe('cl_only');
    expect(pimms.clickId()).toBe('cl_only');
  });

  it('keeps the cookie for the configured number of days', async () => {
    fakeEndpoint();
    const writes: string[] = [];
    const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    vi.spyOn(Document.prototype, 'cookie', 'set').mockImplementation(function (
      this: Document,
      value: string,
    ) {
      writes.push(value);
      descriptor.set!.call(this, value);
    });
    await load('/?pimms_id=cl_days', { cookieDays: '30' });
    await task();
    const expires = Date.parse(
      /expires=([^;]+)/.exec(writes.find((w) => w.includes('cl_days'))!)![1],
    );
    expect(Math.round((expires - Date.now()) / 864e5)).toBe(30);
  });
});

describe('the outbox across page views', () => {
  it('re-sends on the next page view what the endpoint did not take, with the same eventId', async () => {
    const { sent } = fakeEndpoint([503, 200]);
    const pimms = await load('/?pimms_id=cl_1');
    expect(await pimms.lead('Sign up')).toMatchObject({
      status: 'queued',
      reason: expect.stringContaining('HTTP 503'),
    });
    await reload('/welcome');
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1].body).toEqual(sent[0].body);
    await vi.waitFor(() =>
      expect(Object.keys(localStorage).filter((k) => k.startsWith('pimms_ob_'))).toEqual([]),
    );
  });
});

describe('consent', () => {
  it('holds leads and writes no cookie until consent(true)', async () => {
    const { sent } = fakeEndpoint([200]);
    const pimms = await load('/?pimms_id=cl_wait', { consent: 'required' });
    await task();
    expect(cookie()).toBeUndefined();
    expect(pimms.clickId()).toBe('cl_wait');
    const held = await pimms.lead('Sign up', { customerEmail: 'ada@example.com' });
    expect(held).toMatchObject({ ok: false, status: 'queued', reason: 'consent pending' });
    expect(held.body).not.toHaveProperty('externalId');
    expect(sent).toEqual([]);
    expect(localStorage.getItem('pimms_vid')).toBeNull();

    pimms.consent(true);
    expect(cookie()).toBe('cl_wait');
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].body).toMatchObject({
      eventId: held.body!.eventId,
      clickId: 'cl_wait',
      customerEmail: 'ada@example.com',
      externalId: expect.stringMatching(/^anon_/),
    });
    expect(await pimms.lead('Book a demo')).toMatchObject({ status: 'sent' });
  });

  it('sends the landing request only once consent is given', async () => {
    const { landings } = fakeEndpoint([200]);
    // (Landing requests of earlier tests' pages may still arrive: only this page's count.)
    const mine = () => landings.filter((l) => l.url.endsWith('=cl_consent'));
    const pimms = await load('/?pimms_id=cl_consent', { consent: 'required' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(mine()).toEqual([]);
    pimms.consent(true);
    await vi.waitFor(() =>
      expect(mine().map((l) => l.url)).toEqual(['/api/pimms/lead?pimms_id=cl_consent']),
    );
  });

  it('sends one landing request however often consent(true) is called', async () => {
    const { landings } = fakeEndpoint([200]);
    const mine = () => landings.filter((l) => l.url.endsWith('=cl_twice'));
    const pimms = await load('/?pimms_id=cl_twice', { consent: 'required' });
    pimms.consent(true);
    pimms.consent(true);
    await vi.waitFor(() => expect(mine()).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(mine()).toHaveLength(1);
  });

  it('keeps held leads across a navigation, sends them on the page where consent is given', async () => {
    const { sent } = fakeEndpoint([200]);
    const first = await load('/?pimms_id=cl_nav', { consent: 'required' });
    await first.lead('Sign up');
    const next = await reload('/welcome', { consent: 'required' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([]);
    next.consent(true);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].body).toMatchObject({ clickId: 'cl_nav', eventName: 'Sign up' });
  });

  it('stores the click id of a held lead when consent comes on a later page, and uses it meanwhile', async () => {
    const { sent } = fakeEndpoint([200, 200, 200]);
    const landing = await load('/?pimms_id=cl_later', { consent: 'required' });
    await landing.lead('Sign up');
    const next = await reload('/pricing', { consent: 'required' });
    // No cookie yet, but the held lead knows the click.
    expect(next.clickId()).toBe('cl_later');
    expect(await next.lead('Book a demo')).toMatchObject({
      status: 'queued',
      reason: 'consent pending',
      body: { clickId: 'cl_later' },
    });
    next.consent(true);
    expect(cookie()).toBe('cl_later');
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    const third = await reload('/account', { consent: 'required' });
    third.consent(true);
    expect(await third.lead('Upgrade')).toMatchObject({
      status: 'sent',
      body: { clickId: 'cl_later' },
    });
  });

  it('holds only what it could send: a lead without a click id is skipped, not held', async () => {
    fakeEndpoint();
    const pimms = await load('/', { consent: 'required' });
    expect(await pimms.lead('Sign up')).toMatchObject({ status: 'skipped', reason: 'no click id' });
    expect(Object.keys(localStorage).filter((k) => k.startsWith('pimms_ob_'))).toEqual([]);
  });

  it('discards held leads on consent(false), and skips later ones', async () => {
    const { sent } = fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_no', { consent: 'required' });
    await pimms.lead('Sign up');
    pimms.consent(false);
    await task();
    expect(Object.keys(localStorage).filter((k) => k.startsWith('pimms_ob_'))).toEqual([]);
    expect(await pimms.lead('Book a demo')).toMatchObject({
      status: 'skipped',
      reason: 'consent refused',
    });
    expect(cookie()).toBeUndefined();
    expect(sent).toEqual([]);
  });
});

describe('Global Privacy Control', () => {
  it('sends and writes nothing when the site honours it and the browser signals it', async () => {
    const { sent } = fakeEndpoint();
    const pimms = await load('/?pimms_id=cl_gpc', { gpc: '' }, () =>
      Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, value: true }),
    );
    await task();
    expect(cookie()).toBeUndefined();
    expect(await pimms.lead('Sign up')).toMatchObject({
      ok: false,
      status: 'skipped',
      reason: 'Global Privacy Control',
    });
    expect(sent).toEqual([]);
    delete (navigator as unknown as Record<string, unknown>).globalPrivacyControl;
  });

  it('is ignored when the site has not opted in', async () => {
    fakeEndpoint([200]);
    const pimms = await load('/?pimms_id=cl_gpc2', {}, () =>
      Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, value: true }),
    );
    expect(await pimms.lead('Sign up')).toMatchObject({ status: 'sent' });
    delete (navigator as unknown as Record<string, unknown>).globalPrivacyControl;
  });
});

describe('a secret key in the config', () => {
  it('refuses to run and says why', async () => {
    const { sent } = fakeEndpoint();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pimms = await load('/?pimms_id=cl_key', {
      fields: { metadata: { note: 'pimms_3kZ8q7Lm2Nx9Pw4Rt6Yv' } },
    });
    await task();
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(/^\[pimms\] fields looks like a secret PIMMS key.*Not running/),
    );
    expect(cookie()).toBeUndefined();
    expect(await pimms.lead('Sign up')).toMatchObject({
      ok: false,
      status: 'skipped',
      reason: 'secret key',
    });
    expect(sent).toEqual([]);
  });
});

describe('createPimms', () => {
  it('returns the first instance when called again', async () => {
    const pimms = await load('/');
    const { createPimms } = await import('./create-pimms.ts');
    expect(createPimms({ endpoint: '/other' })).toBe(pimms);
    expect(pimms).toMatchObject({
      loaded: true,
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
  });
});

describe('start-up', () => {
  /** Counts the page's reads and writes of document.cookie and its reads of window.localStorage. */
  function countAccess() {
    const count = { cookie: 0, storage: 0 };
    const cookieProperty = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => (count.cookie++, cookieProperty.get!.call(document)),
      set: (value: string) => (count.cookie++, cookieProperty.set!.call(document, value)),
    });
    const storage = localStorage;
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => (count.storage++, storage));
    return {
      count,
      restore: () => delete (document as unknown as Record<string, unknown>).cookie,
    };
  }

  it.each(['/?pimms_id=cl_lazy', '/pricing'])(
    'touches neither cookies nor storage in the script tag (%s); the task after it does',
    async (path) => {
      fakeEndpoint([200]);
      localStorage.setItem('pimms_ob_e0', 'not json');
      let access!: ReturnType<typeof countAccess>;
      try {
        await load(path, {}, () => (access = countAccess()));
        expect(access.count).toEqual({ cookie: 0, storage: 0 });
        await task();
        // The outbox of earlier pages is read (its unreadable item removed), the landing's cookie written.
        expect(access.count.storage).toBeGreaterThan(0);
        expect(localStorage.getItem('pimms_ob_e0')).toBeNull();
        if (path.includes('pimms_id')) expect(cookie()).toBe('cl_lazy');
      } finally {
        access.restore();
      }
    },
  );

  it("keeps the landing's click id when the site's router rewrites the address before the parts start", async () => {
    const { sent } = fakeEndpoint([200]);
    const pimms = await load('/welcome?pimms_id=cl_router&utm_source=news');
    history.replaceState(null, '', '/welcome');
    await task();
    expect(cookie()).toBe('cl_router');
    expect(await pimms.lead('Sign up')).toMatchObject({ status: 'sent' });
    expect(sent[0].body).toMatchObject({ clickId: 'cl_router' });
  });

  it('starts the parts on the first call when it comes before the task after start-up', async () => {
    const { sent } = fakeEndpoint([200]);
    const pimms = await load('/?pimms_id=cl_first');
    expect(pimms.clickId()).toBe('cl_first');
    expect(await pimms.flush()).toBeUndefined();
    expect(await pimms.lead('Sign up')).toMatchObject({ status: 'sent' });
    await task();
    expect(sent).toHaveLength(1);
    expect(cookie()).toBe('cl_first');
  });
});
