// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAttribution } from './attribution.ts';
import { readConfig } from './config.ts';
import type { PimmsOptions } from './options.ts';
import { fakeEndpoint } from '../../testing/unit/snippet-endpoint.ts';
import { cookieWrites, visit } from '../../testing/unit/snippet-dom.ts';

let site = 0;
/** A landing on a host of its own (own cookie jar): the attribution of that page. */
function land(url: string, options: PimmsOptions = {}) {
  visit(url.replace('SITE', `site${++site}.example`));
  return createAttribution(readConfig({ endpoint: '/api/pimms/lead', ...options }));
}
/** Another page of the same site. */
function next(url: string, options: PimmsOptions = {}) {
  visit(url.replace('SITE', `site${site}.example`));
  return createAttribution(readConfig({ endpoint: '/api/pimms/lead', ...options }));
}
/** Every pimms_id value document.cookie lists, in its order. */
const clickIdCookies = () =>
  document.cookie
    .split('; ')
    .filter((pair) => pair.startsWith('pimms_id='))
    .map((pair) => pair.slice(9));
/** PIMMS' own script's cookie: `.<host without www.>`, path /, 90 days, no Secure. */
const theirCookie = (id: string) => {
  document.cookie = `pimms_id=${id}; domain=.${location.hostname.replace(/^www\./, '')}; path=/; max-age=7776000; samesite=lax`;
};

afterEach(() => vi.unstubAllGlobals());
/** The landing request (and the address bar's cleaning) go in a task after start-up. */
const task = () => new Promise((resolve) => setTimeout(resolve));

describe('the landing request', () => {
  it('is sent once, by beacon, as POST <endpoint>?pimms_id=<id> with an empty body', async () => {
    const { sent, landings } = fakeEndpoint();
    land('https://www.SITE/signup?pimms_id=aB3xQ9kLm2Zp7Wq1&utm_source=x').remember();
    await task();
    expect(landings).toEqual([{ by: 'beacon', url: '/api/pimms/lead?pimms_id=aB3xQ9kLm2Zp7Wq1' }]);
    expect(sent).toEqual([]);
  });

  it('appends to an endpoint that has a query of its own', async () => {
    const { landings } = fakeEndpoint();
    land('https://www.SITE/?pimms_id=cl_q', { endpoint: '/relay?site=a' }).remember();
    await task();
    expect(landings.map((l) => l.url)).toEqual(['/relay?site=a&pimms_id=cl_q']);
  });

  it.each(['missing', false] as const)(
    'goes by fetch, keepalive, credentials included, where the beacon is %s',
    async (beacon) => {
      const { landings, state } = fakeEndpoint();
      state.beacon = beacon;
      land('https://www.SITE/?pimms_id=cl_fetch').remember();
      await task();
      expect(landings).toEqual([
        {
          by: 'fetch',
          url: '/api/pimms/lead?pimms_id=cl_fetch',
          init: { method: 'POST', body: '', keepalive: true, credentials: 'include' },
        },
      ]);
    },
  );

  it('is not sent on a later page, nor for a page without ?pimms_id=', async () => {
    const { landings } = fakeEndpoint();
    land('https://www.SITE/?pimms_id=cl_once').remember();
    await task();
    next('https://www.SITE/pricing').remember();
    await task();
    land('https://www.SITE/').remember();
    await task();
    expect(landings).toHaveLength(1);
  });

  it('costs a page without ?pimms_id= no document.cookie read (synchronous IPC in Chromium)', () => {
    fakeEndpoint();
    const page = land('https://www.SITE/pricing');
    const read = vi.spyOn(document, 'cookie', 'get');
    page.remember();
    expect(read).not.toHaveBeenCalled();
    read.mockRestore();
  });

  it('is not sent under first-click attribution when a cookie holds an id already', async () => {
    const { landings } = fakeEndpoint();
    land('https://www.SITE/?pimms_id=cl_first', { attributionModel: 'first-click' }).remember();
    await task();
    const later = next('https://www.SITE/?pimms_id=cl_second', {
      attributionModel: 'first-click',
    });
    later.remember();
    await task();
    expect(landings.map((l) => l.url)).toEqual(['/api/pimms/lead?pimms_id=cl_first']);
    expect(later.pick()).toBe('cl_first');
  });
});

describe("PIMMS' placeholder and other implausible ids", () => {
  it.each(['1', '{clickId}', 'a', 'x'.repeat(65), 'cl 1', '%3Cscript%3E'])(
    '?pimms_id=%s is ignored: nothing written, nothing sent, the cookie kept',
    async (value) => {
      const { landings } = fakeEndpoint();
      land('https://www.SITE/?pimms_id=cl_real').remember();
      await task();
      const page = next(`https://www.SITE/?pimms_id=${value}`);
      expect(page.urlClickId).toBeUndefined();
      expect(cookieWrites(() => page.remember())).toEqual([]);
      await task();
      expect(page.pick()).toBe('cl_real');
      expect(clickIdCookies()).toEqual(['cl_real']);
      expect(landings).toHaveLength(1);
    },
  );

  it('a cookie holding the placeholder is not read as a click id', async () => {
    fakeEndpoint();
    visit(`https://www.site${++site}.example/`);
    theirCookie('1');
    expect(createAttribution(readConfig({})).pick()).toBeUndefined();
  });
});

describe("two pimms_id cookies (PIMMS' script's and the snippet's)", () => {
  it("uses the newest: a landing's new id is written after theirs, and wins on later pages", async () => {
    fakeEndpoint();
    visit(`https://app.site${++site}.example/`);
    theirCookie('theirOld');
    next('https://app.SITE/?pimms_id=cl_new').remember();
    await task();
    // Theirs is left alone; ours (on the root domain) is the newest.
    expect(clickIdCookies()).toEqual(['theirOld', 'cl_new']);
    expect(next('https://app.SITE/pricing').pick()).toBe('cl_new');
  });

  it('removes its own old cookie before writing a new id, so that the browser lists the new one last', async () => {
    fakeEndpoint();
    land('https://app.SITE/?pimms_id=cl_monday').remember();
    await task();
    theirCookie('cl_monday');
    // Tuesday's landing, on a page without PIMMS' script: only the snippet sees the new id.
    const page = next('https://app.SITE/?pimms_id=cl_tuesday');
    const writes = cookieWrites(() => page.remember());
    await task();
    // An expired write deletes a cookie in browsers (RFC 6265 §5.3), and the new one is created
    // after theirs: document.cookie lists it last. (jsdom's cookie jar keeps the old creation
    // time, so the order itself is asserted in a browser: e2e/attribution*.spec.ts.)
    const root = `domain=site${site}.example`;
    expect(writes[0]).toMatch(new RegExp(`^pimms_id=; path=/; expires=[^;]+; ${root};`));
    expect(Date.parse(/expires=([^;]+)/.exec(writes[0])![1])).toBeLessThan(Date.now());
    expect(writes[1]).toMatch(new RegExp(`^pimms_id=cl_tuesday; path=/; expires=[^;]+; ${root};`));
    // Theirs is never written.
    expect(writes.join()).not.toMatch(/domain=\.?app\./);
  });

  it('reads the newest plausible one: the last document.cookie lists', async () => {
    fakeEndpoint();
    visit(`https://app.site${++site}.example/`);
    const listed = vi.spyOn(document, 'cookie', 'get');
    listed.mockReturnValue('pimms_id=cl_older; theme=dark; pimms_id=cl_newer');
    expect(createAttribution(readConfig({})).pick()).toBe('cl_newer');
    // PIMMS' placeholder is not a click id, wherever it is listed.
    listed.mockReturnValue('pimms_id=cl_older; pimms_id=1');
    expect(createAttribution(readConfig({})).pick()).toBe('cl_older');
  });

  it('writes no second cookie when the newest already holds the landing id, and still tells the relay', async () => {
    const { landings } = fakeEndpoint();
    visit(`https://app.site${++site}.example/`);
    theirCookie('cl_same');
    const page = next('https://app.SITE/?pimms_id=cl_same');
    expect(cookieWrites(() => page.remember())).toEqual([]);
    await task();
    expect(clickIdCookies()).toEqual(['cl_same']);
    expect(landings.map((l) => l.url)).toEqual(['/api/pimms/lead?pimms_id=cl_same']);
  });

  it("takes the landing URL's id over both cookies (last-click)", async () => {
    fakeEndpoint();
    visit(`https://app.site${++site}.example/`);
    theirCookie('cl_theirs');
    const page = next('https://app.SITE/?pimms_id=cl_url');
    expect(page.pick()).toBe('cl_url');
  });
});

describe('data-clean-url', () => {
  it('removes pimms_id from the address bar once kept, keeping every other parameter, the hash and the state', async () => {
    fakeEndpoint();
    visit(`https://www.site${++site}.example/start`);
    history.pushState({ step: 2 }, '', '/signup?utm_source=x&pimms_id=cl_clean&q=a%20b&flag#plans');
    const length = history.length;
    createAttribution(readConfig({ cleanUrl: '' })).remember();
    await task();
    expect(location.href).toBe(
      `https://www.site${site}.example/signup?utm_source=x&q=a%20b&flag#plans`,
    );
    expect(history.state).toEqual({ step: 2 });
    expect(history.length).toBe(length);
    expect(document.cookie).toContain('pimms_id=cl_clean');
  });

  it('leaves no bare ? when pimms_id was the only parameter', async () => {
    fakeEndpoint();
    land('https://www.SITE/signup?pimms_id=cl_only#x', { cleanUrl: true }).remember();
    await task();
    expect(location.pathname + location.search + location.hash).toBe('/signup#x');
  });

  it('is off by default, and leaves a placeholder alone', async () => {
    fakeEndpoint();
    land('https://www.SITE/?pimms_id=cl_kept').remember();
    await task();
    expect(location.search).toBe('?pimms_id=cl_kept');
    land('https://www.SITE/?pimms_id=1', { cleanUrl: true }).remember();
    await task();
    expect(location.search).toBe('?pimms_id=1');
  });
});
