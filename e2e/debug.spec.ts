// Debug mode (issue 5): dist/pimms.debug.js with data-debug explains every skipped or altered lead
// in the console, one `[pimms]` line each. The lines are compared whole, in order, and nothing else
// may be printed with the prefix; the production build prints none of them.
import type { Page } from '@playwright/test';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { leadsArrived } from './support/lead-checks.ts';

// The lines are read from console events, which classic WebDriver (the WebKitGTK adapter) never
// delivers.
test.skip(
  ({ browserName }) => browserName == 'webkit',
  'WebKitGTK is driven over classic WebDriver, which has no console events',
);

/** The `[pimms]` lines the page printed so far (console.log, as the snippet prints them). */
function pimmsLines(log: string[]): string[] {
  return log.filter((line) => line.includes('[pimms]'));
}

/** Waits for the page's `[pimms]` lines to be exactly these. */
async function printed(log: string[], lines: string[]): Promise<void> {
  await expect
    .poll(() => pimmsLines(log))
    .toEqual(lines.map((line) => 'console.log: [pimms] ' + line));
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await snippetLoaded(page);
}

test('a lead without a click id, and a form submit the page cancelled: one line each', async ({
  page,
  site,
  endpoint,
  browserLog,
}) => {
  await open(page, `${site.origin}/fixtures/debug.html`);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    status: 'skipped',
    reason: 'no click id',
  });
  await page.click('form button');
  await printed(browserLog, [
    'lead "Sign up": skipped (no click id)',
    'form "Sign up": submit cancelled by the page, no lead',
  ]);
  expect(endpoint.received).toEqual([]);
});

test('fields left out, a field replaced by the tag default: one line each, and the lead is sent', async ({
  page,
  site,
  endpoint,
  browserLog,
}) => {
  const clickId = await endpoint.newClick();
  await open(page, `${site.origin}/fixtures/debug.html?pimms_id=${clickId}`);
  const result = await page.evaluate(() =>
    window.pimms!.lead('Sign up', {
      customerEmail: 'not an address',
      customerName: 'x'.repeat(150),
      customerAvatar: 42,
      plan: 'pro',
    } as never),
  );
  expect(result).toMatchObject({ ok: true, status: 'sent' });
  await printed(browserLog, [
    // The call's address is left out; the script tag's data-customer-email is what is sent.
    'lead "Sign up": customerEmail is not a valid e-mail address: left out',
    // PIMMS refuses a customerName over 100 characters: left out, not cut (field-rules.ts).
    'lead "Sign up": customerName is longer than 100 characters: left out',
    'lead "Sign up": customerAvatar must be a string: left out',
    'lead "Sign up": plan is not a lead field: left out',
    'lead "Sign up": sent',
  ]);
  expect(await leadsArrived(endpoint, 1)).toEqual([
    {
      eventId: expect.any(String),
      clickId,
      eventName: 'Sign up',
      externalId: expect.stringMatching(/^anon_/),
      customerEmail: 'tag@example.com',
      metadata: { path: '/fixtures/debug.html', title: 'Sign up' },
    },
  ]);
});

test('a lead held for consent, then sent when consent is given', async ({
  page,
  site,
  endpoint,
  browserLog,
}) => {
  const clickId = await endpoint.newClick();
  await open(page, `${site.origin}/fixtures/debug-consent.html?pimms_id=${clickId}`);
  await page.evaluate(() => window.pimms!.lead('Sign up'));
  await printed(browserLog, ['lead "Sign up": queued (consent pending)']);
  expect(endpoint.received).toEqual([]);

  await page.evaluate(() => window.pimms!.consent(true));
  await printed(browserLog, [
    'lead "Sign up": queued (consent pending)',
    'consent given: held leads are sent',
    'lead "Sign up": sent',
  ]);
  await leadsArrived(endpoint, 1);
});

test('without data-debug, or with the production build, nothing is printed', async ({
  page,
  site,
  endpoint,
  browserLog,
}) => {
  const clickId = await endpoint.newClick();
  const form =
    '<form data-pimms-lead="Sign up" onsubmit="return false"><button>Sign up</button></form>';
  site.page(
    '/quiet-debug-build',
    `<!doctype html><title>Quiet</title><script src="/dist/pimms.debug.js" data-endpoint="%ENDPOINT%"></script>${form}`,
  );
  site.page(
    '/quiet-production',
    `<!doctype html><title>Quiet</title><script src="/dist/pimms.js" data-endpoint="%ENDPOINT%" data-debug></script>${form}`,
  );
  // No click id yet: skipped leads and a cancelled submit.
  for (const path of ['/quiet-debug-build', '/quiet-production']) {
    await open(page, `${site.origin}${path}`);
    expect(
      await page.evaluate(() => window.pimms!.lead('Sign up', { customerName: 'x'.repeat(150) })),
    ).toMatchObject({ status: 'skipped' });
    await page.click('form button');
  }
  // With one: leads sent with a field left out.
  for (const path of ['/quiet-debug-build', '/quiet-production']) {
    await open(page, `${site.origin}${path}?pimms_id=${clickId}`);
    expect(
      await page.evaluate(() =>
        window.pimms!.lead('Sign up ' + location.pathname, { customerEmail: 'nope' }),
      ),
    ).toMatchObject({ status: 'sent' });
  }
  await leadsArrived(endpoint, 2);
  expect(pimmsLines(browserLog)).toEqual([]);
});
