// The click-id cookie in a real browser (issue 2): `?pimms_id=` on the landing URL goes into the
// first-party `pimms_id` cookie on the root domain, so that every subdomain sends it; on a public
// suffix (*.vercel.app), where the browser refuses a cookie on the suffix, it falls back to a
// host-only cookie; first-click keeps an existing cookie, last-click replaces it. The host names map
// to the site on 127.0.0.1 (playwright.config.ts); *.test pages are plain http (no Secure flag),
// *.vercel.app ones https (Chromium allows no other), through a local TLS front.
import type { Page } from '@playwright/test';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import type { Site } from '../testing/servers/site.ts';
import { startTlsFront } from '../testing/servers/tls-front.ts';

const DAY_MS = 864e5;

/** The `pimms_id` cookies of the browser context, whatever their domain. */
async function clickIdCookies(page: Page) {
  return (await page.context().cookies()).filter((cookie) => cookie.name == 'pimms_id');
}

async function land(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await snippetLoaded(page);
}

/** The Cookie header the site received with the last request for a host. */
function cookieHeaderAt(site: Site, host: string): string | undefined {
  const hostAndPort = host.includes(':') ? host : `${host}:${site.port}`;
  const requests = site.requests.filter((request) => request.headers.host == hostAndPort);
  expect(requests, `requests for ${hostAndPort}`).not.toEqual([]);
  return requests.at(-1)!.headers.cookie as string | undefined;
}

test('a landing on www.shop.test sets pimms_id on shop.test (SameSite=Lax, 90 days), which app.shop.test sends and uses', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  const before = Date.now();
  await land(page, `http://www.shop.test:${site.port}/fixtures/click-id.html?pimms_id=${clickId}`);

  const [cookie, ...others] = await clickIdCookies(page);
  expect(others).toEqual([]);
  expect(cookie).toMatchObject({
    value: clickId,
    domain: '.shop.test',
    path: '/',
    sameSite: 'Lax',
    secure: false,
    httpOnly: false,
  });
  // js-cookie writes `expires` at a one-second resolution; 90 days from the landing, give or take a minute.
  expect(Math.abs(cookie.expires * 1e3 - (before + 90 * DAY_MS))).toBeLessThan(60e3);

  await land(page, `http://app.shop.test:${site.port}/fixtures/click-id.html`);
  expect(cookieHeaderAt(site, 'app.shop.test')).toBe(`pimms_id=${clickId}`);
  expect(await page.evaluate(() => window.pimms!.clickId())).toBe(clickId);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    ok: true,
    status: 'sent',
    body: { clickId },
  });
  // The lead's POST, not the landing request (issue 13) that www.shop.test sent first.
  expect(endpoint.received.find((r) => r.method == 'POST' && r.json)!.headers.origin).toBe(
    `http://app.shop.test:${site.port}`,
  );
  expect(endpoint.sandbox.leads()).toMatchObject([{ clickId, eventName: 'Sign up' }]);
});

test.describe('on a public suffix', () => {
  // *.vercel.app is https-only in Chromium (HSTS preload of .app): served through an https front.
  test.use({ ignoreHTTPSErrors: true });

  test('on my-app.vercel.app the cookie is host-only (and Secure, on https): other.vercel.app neither gets nor uses it', async ({
    page,
    site,
    endpoint,
    browserName,
  }) => {
    test.skip(
      browserName == 'webkit',
      "WebKitGTK's TLS (GnuTLS) refuses the handshake with the test's https front through the WebDriver proxy tunnel ('An unexpected TLS packet was received'); the host-only rule is tested in Chromium and Firefox",
    );
    const front = await startTlsFront(site.port, ['*.vercel.app']);
    try {
      const clickId = await endpoint.newClick();
      await land(
        page,
        `https://my-app.vercel.app:${front.port}/fixtures/click-id.html?pimms_id=${clickId}`,
      );
      // Host-only: Chromium reports the host itself as the domain, without a leading dot.
      expect(await clickIdCookies(page)).toMatchObject([
        { value: clickId, domain: 'my-app.vercel.app', path: '/', sameSite: 'Lax', secure: true },
      ]);
      expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
        ok: true,
        status: 'sent',
        body: { clickId },
      });

      await land(page, `https://other.vercel.app:${front.port}/fixtures/click-id.html`);
      expect(cookieHeaderAt(site, `other.vercel.app:${front.port}`)).toBeUndefined();
      expect(await page.evaluate(() => [window.pimms!.clickId(), document.cookie])).toEqual([
        undefined,
        '',
      ]);
      expect(await page.evaluate(() => window.pimms!.lead('Start trial'))).toMatchObject({
        ok: false,
        status: 'skipped',
        reason: 'no click id',
      });
      expect(endpoint.posts().map((body) => body.eventName)).toEqual(['Sign up']);
    } finally {
      await front.close();
    }
  });
});

test('first-click keeps the cookie an earlier click set, and sends that click', async ({
  page,
  site,
  endpoint,
}) => {
  const [first, second] = [await endpoint.newClick(), await endpoint.newClick()];
  await land(
    page,
    `http://www.shop.test:${site.port}/fixtures/click-id-first-click.html?pimms_id=${first}`,
  );
  await land(
    page,
    `http://www.shop.test:${site.port}/fixtures/click-id-first-click.html?pimms_id=${second}`,
  );

  expect(await clickIdCookies(page)).toMatchObject([{ value: first, domain: '.shop.test' }]);
  expect(await page.evaluate(() => window.pimms!.clickId())).toBe(first);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    ok: true,
    status: 'sent',
    body: { clickId: first },
  });
});

test('last-click (the default) replaces the cookie with the newer click: still one cookie, and that click is sent', async ({
  page,
  site,
  endpoint,
}) => {
  const [first, second] = [await endpoint.newClick(), await endpoint.newClick()];
  await land(page, `http://www.shop.test:${site.port}/fixtures/click-id.html?pimms_id=${first}`);
  // The second click lands on another subdomain: it must replace the root-domain cookie, not shadow it.
  await land(page, `http://app.shop.test:${site.port}/fixtures/click-id.html?pimms_id=${second}`);

  expect(await clickIdCookies(page)).toMatchObject([{ value: second, domain: '.shop.test' }]);
  await land(page, `http://www.shop.test:${site.port}/fixtures/click-id.html`);
  expect(cookieHeaderAt(site, 'www.shop.test')).toBe(`pimms_id=${second}`);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    ok: true,
    status: 'sent',
    body: { clickId: second },
  });
});
