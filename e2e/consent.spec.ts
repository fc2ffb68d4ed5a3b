// Consent and Global Privacy Control (issue 5): with data-consent="required" nothing leaves the page
// and no cookie is written until pimms.consent(true); consent(false) discards what was held; with
// data-gpc and the browser's GPC signal nothing is sent or stored at all. "Nothing" is checked on
// the page's own record of requests (send-spy.ts), which is final once the call has returned, and
// on the endpoint, which must have received no request of any kind.
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { kept, leadsArrived, leadsSent } from './support/lead-checks.ts';
import { sends, spyOnSends } from './support/send-spy.ts';

/** Emulates the Global Privacy Control signal (https://privacycg.github.io/gpc-spec/) in every document of the page. */
const GPC_ON = () =>
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
    get: () => true,
    configurable: true,
  });

test.describe('data-consent="required"', () => {
  test('leads are held, unsent and without a cookie, until consent(true) sends them and writes the cookie', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    await spyOnSends(page);
    await page.goto(`${site.origin}/fixtures/consent.html?pimms_id=${clickId}`);
    await snippetLoaded(page);

    const result = await page.evaluate(() =>
      window.pimms!.lead('Sign up', { customerEmail: 'ada@example.com' }),
    );
    const signUp = {
      eventId: expect.any(String),
      clickId,
      eventName: 'Sign up',
      customerEmail: 'ada@example.com',
      metadata: { path: '/fixtures/consent.html', title: 'Sign up' },
    };
    expect(result).toEqual({
      ok: false,
      status: 'queued',
      reason: 'consent pending',
      body: signUp,
    });
    await page.click('#demo');
    await page.evaluate(() => window.pimms!.flush());

    // Nothing sent, nothing asked of the endpoint, no cookie, no visitor id: only the held leads.
    expect(await sends(page)).toEqual([]);
    expect(endpoint.received).toEqual([]);
    const demo = {
      eventId: expect.any(String),
      clickId,
      eventName: 'Book a demo',
      metadata: { path: '/fixtures/consent.html', title: 'Sign up', plan: 'pro' },
    };
    const held = await kept(page);
    expect(held.cookies).toEqual([]);
    expect(held.documentCookie).toBe('');
    expect(Object.values(held.storage)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ b: signUp, h: 1 }),
        expect.objectContaining({ b: demo, h: 1 }),
      ]),
    );
    expect(Object.keys(held.storage)).toHaveLength(2);
    expect(Object.keys(held.storage).every((key) => key.startsWith('pimms_ob_'))).toBe(true);

    await page.evaluate(() => window.pimms!.consent(true));
    const externalId = expect.stringMatching(/^anon_/);
    const arrived = await leadsArrived(endpoint, 2);
    expect(arrived).toEqual(
      expect.arrayContaining([
        { ...signUp, externalId },
        { ...demo, externalId },
      ]),
    );
    expect(arrived[0].externalId).toBe(arrived[1].externalId);
    expect((await kept(page)).cookies).toEqual([{ domain: '127.0.0.1', value: clickId }]);
    await expect
      .poll(async () =>
        Object.keys((await kept(page)).storage).filter((key) => key.startsWith('pimms_ob_')),
      )
      .toEqual([]);

    // Given: later leads go at once.
    expect(await page.evaluate(() => window.pimms!.lead('Start trial'))).toMatchObject({
      ok: true,
      status: 'sent',
    });
  });

  test('a lead held on one page is sent when consent is given on the next', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    await spyOnSends(page);
    await page.goto(`${site.origin}/fixtures/consent.html?pimms_id=${clickId}`);
    await snippetLoaded(page);
    await page.click('#demo');

    await page.goto(`${site.origin}/fixtures/consent.html`);
    await snippetLoaded(page);
    expect(await sends(page)).toEqual([]);
    expect(endpoint.received).toEqual([]);
    expect((await kept(page)).cookies).toEqual([]);

    await page.evaluate(() => window.pimms!.consent(true));
    expect(await leadsArrived(endpoint, 1)).toEqual([
      {
        eventId: expect.any(String),
        clickId,
        eventName: 'Book a demo',
        externalId: expect.stringMatching(/^anon_/),
        metadata: { path: '/fixtures/consent.html', title: 'Sign up', plan: 'pro' },
      },
    ]);
  });

  test('consent(false) discards held leads, and later leads are skipped: nothing sent, no cookie', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    await spyOnSends(page);
    await page.goto(`${site.origin}/fixtures/consent.html?pimms_id=${clickId}`);
    await snippetLoaded(page);
    await page.evaluate(() => window.pimms!.lead('Sign up', { customerEmail: 'ada@example.com' }));
    await page.click('#demo');
    expect(Object.keys((await kept(page)).storage)).toHaveLength(2);

    await page.evaluate(() => window.pimms!.consent(false));
    expect(await kept(page)).toEqual({ cookies: [], documentCookie: '', storage: {} });

    expect(await page.evaluate(() => window.pimms!.lead('Start trial'))).toEqual({
      ok: false,
      status: 'skipped',
      reason: 'consent refused',
      body: expect.objectContaining({ eventName: 'Start trial', clickId }),
    });
    await page.click('#demo');
    await page.evaluate(() => window.pimms!.flush());
    expect(await sends(page)).toEqual([]);
    expect(endpoint.received).toEqual([]);
    expect(await kept(page)).toEqual({ cookies: [], documentCookie: '', storage: {} });
  });
});

test.describe('Global Privacy Control', () => {
  test('with data-gpc and the signal on, nothing is sent or stored, whatever the page calls', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    await page.addInitScript(GPC_ON);
    await spyOnSends(page);
    await page.goto(`${site.origin}/fixtures/gpc.html?pimms_id=${clickId}`);
    await snippetLoaded(page);
    expect(
      await page.evaluate(
        () => (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl,
      ),
    ).toBe(true);

    expect(
      await page.evaluate(() =>
        window.pimms!.lead('Sign up', { customerEmail: 'ada@example.com' }),
      ),
    ).toEqual({
      ok: false,
      status: 'skipped',
      reason: 'Global Privacy Control',
      body: expect.objectContaining({ eventName: 'Sign up' }),
    });
    await page.click('#demo');
    await page.evaluate(() => window.pimms!.consent(true));
    await page.evaluate(() => window.pimms!.flush());

    expect(await sends(page)).toEqual([]);
    expect(endpoint.received).toEqual([]);
    expect(await kept(page)).toEqual({ cookies: [], documentCookie: '', storage: {} });
  });

  test('the signal without data-gpc, or data-gpc without the signal: leads are sent', async ({
    page,
    context,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    // The site did not opt in: the signal alone changes nothing.
    await page.addInitScript(GPC_ON);
    await spyOnSends(page);
    await page.goto(`${site.origin}/fixtures/lead-call.html?pimms_id=${clickId}`);
    await snippetLoaded(page);
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: true,
      status: 'sent',
    });

    // The site opted in, and this browser sends no signal.
    const other = await context.newPage();
    await other.goto(`${site.origin}/fixtures/gpc.html`);
    await snippetLoaded(other);
    expect(
      await other.evaluate(
        () => (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl,
      ),
    ).toBeFalsy();
    await other.click('#demo');

    const externalId = expect.stringMatching(/^anon_/);
    expect(await leadsArrived(endpoint, 2)).toEqual([
      {
        eventId: expect.any(String),
        clickId,
        eventName: 'Sign up',
        externalId,
        metadata: { path: '/fixtures/lead-call.html', title: 'Sign up', source: 'tag' },
      },
      {
        eventId: expect.any(String),
        clickId,
        eventName: 'Book a demo',
        externalId,
        metadata: { path: '/fixtures/gpc.html', title: 'Sign up' },
      },
    ]);
    expect(await leadsSent(page)).toHaveLength(1);
  });
});
