// Attribution that survives Safari and PIMMS' own script (issue 13). The relay is served on the
// site's own origin (site.mount), as a site deploys it, so the pimms_id cookie it sets in answer
// to the snippet's landing request is first-party. Host names map to the site on 127.0.0.1
// (see playwright.config.ts); pages are plain http, so no cookie is Secure.
//
// Safari's ITP caps a cookie written by script at 7 days (24 h after a decorated link from a
// tracker domain) and deletes script-writable storage after 7 days without a visit; a cookie the
// site's own server set keeps its lifetime (../shared/PIMMS-API.md, "Browsers"). "Safari after a
// week" is modelled as: every script write to document.cookie is dropped (so the only cookie that
// can exist is one set by Set-Cookie), and localStorage and sessionStorage are emptied between the
// landing and the sign-up. The cookie jar is read from the browser itself (context.cookies()).
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { leadsArrived } from './support/lead-checks.ts';
import { sends, spyOnSends } from './support/send-spy.ts';
import { clickIdCookie } from '../src/relay/click-cookie.ts';
import type { Endpoint } from '../testing/servers/endpoint.ts';
import type { Site } from '../testing/servers/site.ts';

const DAY_MS = 864e5;
const RELAY_PATH = '/api/pimms/lead';

test.beforeEach(({ site, endpoint }) => {
  site.mount(RELAY_PATH, endpoint.handle);
});

/** Makes every script write to document.cookie (and the Cookie Store API) do nothing, in every document. */
async function dropScriptCookieWrites(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    let owner: object | null = document;
    while (owner && !Object.getOwnPropertyDescriptor(owner, 'cookie'))
      owner = Object.getPrototypeOf(owner);
    const cookie = owner && Object.getOwnPropertyDescriptor(owner, 'cookie');
    if (owner && cookie?.get)
      Object.defineProperty(owner, 'cookie', { ...cookie, set() {}, configurable: true });
    const store = (
      globalThis as unknown as { CookieStore?: { prototype: Record<string, unknown> } }
    ).CookieStore;
    if (store) store.prototype.set = store.prototype.delete = () => Promise.resolve();
  });
}

/** The `pimms_id` cookies in the browser's jar, whatever their domain, oldest first. */
async function clickIdCookies(page: Page) {
  return (await page.context().cookies()).filter((cookie) => cookie.name == 'pimms_id');
}

/** The landing requests the relay received (`POST ?pimms_id=`), as their query's click id. */
function landingRequests(endpoint: Endpoint): (string | null)[] {
  // The endpoint keeps the landing requests apart from the leads (`landings`).
  return endpoint.landings
    .filter((r) => r.method == 'POST' && r.url?.includes('pimms_id='))
    .map((r) => new URL(r.url!, 'http://relay').searchParams.get('pimms_id'));
}

/** The Cookie header of the last lead POST the relay received. */
function lastLeadCookie(endpoint: Endpoint): string | undefined {
  return endpoint.received.filter((r) => r.method == 'POST' && r.json).at(-1)?.headers.cookie;
}

async function land(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await snippetLoaded(page);
}

const at = (site: Site, host: string, path = '/fixtures/attribution.html') =>
  `http://${host}:${site.port}${path}`;

test.describe('behaves like Safari after a week', () => {
  test.beforeEach(async ({ context }) => {
    await dropScriptCookieWrites(context);
  });

  test('the snippet’s landing request: the relay’s 90-day cookie outlives the week, and the sign-up is recorded with the landing’s click id', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    const before = Date.now();
    await land(page, at(site, 'www.shop.test') + `?pimms_id=${clickId}&utm_source=newsletter`);
    // The model holds: a script's cookie write leaves nothing.
    expect(
      await page.evaluate(() => {
        document.cookie = 'probe=1; path=/';
        return document.cookie.includes('probe');
      }),
    ).toBe(false);
    await expect
      .poll(() => landingRequests(endpoint), { message: 'landing requests' })
      .toEqual([clickId]);
    await expect.poll(async () => (await clickIdCookies(page)).length).toBe(1);
    const [cookie] = await clickIdCookies(page);
    expect(cookie).toMatchObject({
      value: clickId,
      domain: '.shop.test',
      path: '/',
      sameSite: 'Lax',
      secure: false,
      httpOnly: false,
    });
    expect(Math.abs(cookie.expires * 1e3 - (before + 90 * DAY_MS))).toBeLessThan(60e3);

    // A week later: script-writable storage is gone; only what the server set is left.
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    expect((await page.context().cookies()).map(({ name, value }) => ({ name, value }))).toEqual([
      { name: 'pimms_id', value: clickId },
    ]);

    await land(page, at(site, 'app.shop.test', '/fixtures/attribution.html'));
    expect(await page.evaluate(() => window.pimms!.clickId())).toBe(clickId);
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: true,
      status: 'sent',
      body: { clickId },
    });
    await leadsArrived(endpoint, 1);
    expect(endpoint.sandbox.leads()).toMatchObject([{ clickId, eventName: 'Sign up' }]);
    // No landing request from the later page, and the cookie is still the server's, unchanged.
    expect(landingRequests(endpoint)).toEqual([clickId]);
    expect(await clickIdCookies(page)).toMatchObject([
      { value: clickId, domain: '.shop.test', expires: cookie.expires },
    ]);
  });

  test('a site’s own middleware (clickIdCookie) sets the cookie at landing: the sign-up a week later is recorded with that click id', async ({
    page,
    site,
    endpoint,
  }) => {
    const html = readFileSync(join(import.meta.dirname, 'fixtures', 'attribution.html'), 'utf8');
    site.mount('/welcome', async (request) => {
      const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' });
      const setCookie = clickIdCookie(request);
      if (setCookie) headers.append('set-cookie', setCookie);
      return new Response(html, { headers });
    });
    const clickId = await endpoint.newClick();
    const before = Date.now();
    await land(page, at(site, 'www.shop.test', '/welcome') + `?pimms_id=${clickId}`);
    const [cookie, ...others] = await clickIdCookies(page);
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ value: clickId, domain: '.shop.test', httpOnly: false });
    expect(Math.abs(cookie.expires * 1e3 - (before + 90 * DAY_MS))).toBeLessThan(60e3);

    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    await land(page, at(site, 'app.shop.test'));
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: true,
      status: 'sent',
      body: { clickId },
    });
    await leadsArrived(endpoint, 1);
    expect(endpoint.sandbox.leads()).toMatchObject([{ clickId, eventName: 'Sign up' }]);
    expect(lastLeadCookie(endpoint)).toBe(`pimms_id=${clickId}`);
  });
});

test('where the page’s script can neither read nor write the cookie, a lead sent without a clickId is attributed by the relay from the server-set cookie', async ({
  page,
  site,
  endpoint,
}) => {
  // The cookie as the page's script sees it: nothing (an HttpOnly-like cookie, a script jail).
  await page.context().addInitScript(() => {
    let owner: object | null = document;
    while (owner && !Object.getOwnPropertyDescriptor(owner, 'cookie'))
      owner = Object.getPrototypeOf(owner);
    if (owner)
      Object.defineProperty(owner, 'cookie', { get: () => '', set() {}, configurable: true });
  });
  const clickId = await endpoint.newClick();
  await land(page, at(site, 'www.shop.test') + `?pimms_id=${clickId}`);
  await expect.poll(() => landingRequests(endpoint)).toEqual([clickId]);
  expect(await page.evaluate(() => [document.cookie, window.pimms!.clickId()])).toEqual([
    '',
    clickId, // the landing URL's, on the landing page itself
  ]);

  // A later page posts its lead itself, with no click id in the body.
  await page.goto(at(site, 'app.shop.test', '/next'));
  const status = await page.evaluate(
    (path) =>
      fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ eventName: 'Sign up', externalId: 'user_42' }),
      }).then((response) => response.status),
    RELAY_PATH,
  );
  expect(status).toBe(200);
  expect(lastLeadCookie(endpoint)).toBe(`pimms_id=${clickId}`);
  expect(endpoint.forwarded).toMatchObject([{ json: { clickId, eventName: 'Sign up' } }]);
  expect(endpoint.sandbox.leads()).toMatchObject([{ clickId, externalId: 'user_42' }]);
});

test.describe('PIMMS’ placeholder pimms_id=1', () => {
  test('on a later page it never replaces the real click id: cookie unchanged, no landing request, the lead carries the real id', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    await land(page, at(site, 'www.shop.test') + `?pimms_id=${clickId}`);
    await expect.poll(() => landingRequests(endpoint)).toEqual([clickId]);
    const [before] = await clickIdCookies(page);
    expect(before).toMatchObject({ value: clickId, domain: '.shop.test' });

    await spyOnSends(page);
    await land(page, at(site, 'www.shop.test') + '?pimms_id=1&utm_source=x');
    // The snippet starts its landing request while it loads: the record is final by now.
    expect(await sends(page)).toEqual([]);
    expect(await page.evaluate(() => window.pimms!.clickId())).toBe(clickId);
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: true,
      status: 'sent',
      body: { clickId },
    });
    await leadsArrived(endpoint, 1);
    expect(endpoint.sandbox.leads()).toMatchObject([{ clickId }]);
    expect(landingRequests(endpoint)).toEqual([clickId]);
    expect(await clickIdCookies(page)).toMatchObject([
      { value: clickId, domain: '.shop.test', expires: before.expires },
    ]);
  });

  test('on a first visit it is no click id: nothing written, nothing sent, a lead is skipped', async ({
    page,
    site,
    endpoint,
  }) => {
    await spyOnSends(page);
    await land(page, at(site, 'www.shop.test') + '?pimms_id=1');
    expect(await sends(page)).toEqual([]);
    expect(await clickIdCookies(page)).toEqual([]);
    // `?? null`: WebDriver (WebKitGTK) returns an undefined array item as null.
    expect(await page.evaluate(() => [window.pimms!.clickId() ?? null, document.cookie])).toEqual([
      null,
      '',
    ]);
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: false,
      status: 'skipped',
    });
    expect(endpoint.received).toEqual([]);
    expect(endpoint.landings).toEqual([]);
  });
});

test.describe('two pimms_id cookies, ours and the one PIMMS’ script writes on .<host without www.>', () => {
  /** What PIMMS' script.js does: its own cookie on .<host without www.>, 90 days, Lax, from script. */
  const pimmsScriptWrites = (page: Page, value: string) =>
    page.evaluate((value) => {
      document.cookie = 'pimms_id=; domain=.app.shop.test; path=/; max-age=0';
      document.cookie = `pimms_id=${value}; domain=.app.shop.test; path=/; max-age=7776000; samesite=lax`;
    }, value);
  const jar = async (page: Page) =>
    (await clickIdCookies(page)).map(({ domain, value }) => ({ domain, value }));

  /** PIMMS' cookie from an earlier visit (a page without our snippet), then a landing with ours. */
  async function theirsThenOurLanding(page: Page, site: Site, endpoint: Endpoint) {
    const [theirs, ours] = [await endpoint.newClick(), await endpoint.newClick()];
    await page.goto(at(site, 'app.shop.test', '/next'));
    await pimmsScriptWrites(page, theirs);
    await land(page, at(site, 'app.shop.test') + `?pimms_id=${ours}`);
    return { theirs, ours };
  }

  test('the landing URL’s is used, and our write leaves theirs as it was', async ({
    page,
    site,
    endpoint,
  }) => {
    const { theirs, ours } = await theirsThenOurLanding(page, site, endpoint);
    expect(await page.evaluate(() => window.pimms!.clickId())).toBe(ours);
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: true,
      status: 'sent',
      body: { clickId: ours },
    });
    await expect.poll(() => landingRequests(endpoint)).toEqual([ours]);
    await expect
      .poll(() => jar(page))
      .toEqual(
        expect.arrayContaining([
          { domain: '.app.shop.test', value: theirs },
          { domain: '.shop.test', value: ours },
        ]),
      );
    expect(await jar(page)).toHaveLength(2);

    // A later page without the parameter: both cookies arrive, ours is the newer one; nothing is
    // rewritten and no landing request sent.
    await land(page, at(site, 'app.shop.test'));
    expect(await page.evaluate(() => window.pimms!.clickId())).toBe(ours);
    expect(await page.evaluate(() => window.pimms!.lead('Start trial'))).toMatchObject({
      ok: true,
      body: { clickId: ours },
    });
    await leadsArrived(endpoint, 2);
    expect(lastLeadCookie(endpoint)?.split('; ').sort()).toEqual(
      [`pimms_id=${theirs}`, `pimms_id=${ours}`].sort(),
    );
    expect(await jar(page)).toHaveLength(2);
    expect(await jar(page)).toEqual(
      expect.arrayContaining([{ domain: '.app.shop.test', value: theirs }]),
    );
    expect(landingRequests(endpoint)).toEqual([ours]);
    expect(endpoint.sandbox.leads().map(({ clickId }) => clickId)).toEqual([ours, ours]);
  });

  test('then the newest: a cookie PIMMS’ script writes after ours is the one used, and ours does not fight back', async ({
    page,
    site,
    endpoint,
    browserName,
  }) => {
    test.skip(
      browserName == 'webkit',
      'WebKitGTK (libsoup) lists cookies by domain, the most specific first, not by creation time ' +
        '(RFC 6265 5.4 leaves the order a SHOULD): which of two cookies is newer cannot be read there',
    );
    const { ours } = await theirsThenOurLanding(page, site, endpoint);
    await expect.poll(() => landingRequests(endpoint)).toEqual([ours]);
    // PIMMS' script writes a new cookie after ours (its own had expired; a later click it saw).
    const newer = await endpoint.newClick();
    await pimmsScriptWrites(page, newer);
    await land(page, at(site, 'app.shop.test'));
    expect(await page.evaluate(() => window.pimms!.clickId())).toBe(newer);
    expect(await page.evaluate(() => window.pimms!.lead('Subscribe'))).toMatchObject({
      ok: true,
      body: { clickId: newer },
    });
    await leadsArrived(endpoint, 1);
    expect(lastLeadCookie(endpoint)).toBe(`pimms_id=${ours}; pimms_id=${newer}`);
    expect(endpoint.sandbox.leads()).toMatchObject([{ clickId: newer }]);
    // Our cookie was not rewritten to win, and theirs was left as PIMMS' script wrote it.
    expect(await jar(page)).toEqual(
      expect.arrayContaining([
        { domain: '.app.shop.test', value: newer },
        { domain: '.shop.test', value: ours },
      ]),
    );
    expect(await jar(page)).toHaveLength(2);
    expect(landingRequests(endpoint)).toEqual([ours]);
  });
});

test.describe('data-clean-url', () => {
  test('once the click id is kept, pimms_id leaves the address bar; every other parameter and the hash stay', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    const base = at(site, 'www.shop.test', '/fixtures/attribution-clean-url.html');
    await land(page, `${base}?utm_source=news&pimms_id=${clickId}&ref=a%20b#pricing`);
    // Every other parameter as written (not re-encoded), in order, and the hash; no new history entry.
    await expect.poll(() => page.url()).toBe(`${base}?utm_source=news&ref=a%20b#pricing`);
    expect(await clickIdCookies(page)).toMatchObject([{ value: clickId, domain: '.shop.test' }]);
    expect(await page.evaluate(() => window.pimms!.clickId())).toBe(clickId);
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: true,
      body: { clickId },
    });
    await leadsArrived(endpoint, 1);
  });

  test('is off by default: the URL keeps pimms_id (PIMMS’ own script may still read it)', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    const url = at(site, 'www.shop.test') + `?utm_source=news&pimms_id=${clickId}#pricing`;
    await land(page, url);
    await expect.poll(() => landingRequests(endpoint)).toEqual([clickId]);
    expect(page.url()).toBe(url);
  });
});
