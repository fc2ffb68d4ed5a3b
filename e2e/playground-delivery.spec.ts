// The playground's delivery view in a real browser: a lead sent from the sign-up page while PIMMS
// (the sandbox) is down shows "retried" on /delivery, live, then "Recorded" once the outage ends,
// and the sandbox holds it once. Then the other ways a lead is not recorded, side by side: a repeat
// of the same visitor and event (which the sign-up page no longer calls "sent"), and a lead the
// snippet skipped for want of a click id. One playground for the file, each test its own context.
// DELIVERY_SCREENSHOT=<path> also writes the view's screenshot there (it is always attached).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { startPlayground, type Playground } from '../src/playground/start-playground.ts';

let playground: Playground;
let dir: string | undefined;
/** Console lines and page errors of the current test, printed when it fails. */
let browserLog: string[] = [];

// Generous: the snippet's retry waits for the relay's Retry-After (10 s for a 5xx) on a busy CI machine.
test.describe.configure({ mode: 'serial', timeout: 150_000 });
test.skip(
  ({ browserName }) => browserName == 'webkit',
  'the WebKitGTK adapter (classic WebDriver) has no console events, class assertions, viewport or screenshot yet',
);

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pimms-playground-delivery-'));
  playground = await startPlayground({ port: 0, file: join(dir, 'sandbox.sqlite') });
});

test.afterAll(async () => {
  await playground?.close();
  // Skipped in an engine, beforeAll never ran and there is no folder.
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(({ context }) => {
  browserLog = [];
  context.on('console', (message) =>
    browserLog.push(`console.${message.type()}: ${message.text()}`),
  );
  context.on('weberror', (error) => browserLog.push(`pageerror: ${error.error().message}`));
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status == testInfo.expectedStatus) return;
  console.log('sandbox leads:', JSON.stringify(playground.sandbox.leads(), null, 2));
  console.log('delivery log:', JSON.stringify(playground.deliveryLog.entries(), null, 2));
  console.log('browser:\n' + browserLog.join('\n'));
});

/**
 * Script errors and refusals of the strict CSP: there must be none. Firefox also reports the
 * favicon it asks for on the sandbox's /leads page, whose CSP (`default-src 'none'`) refuses it:
 * not the playground's doing, and harmless.
 */
function pageProblems(): string[] {
  return browserLog.filter(
    (line) =>
      (line.startsWith('pageerror') || /Content Security Policy|CSP|page’s settings/i.test(line)) &&
      !/favicon\.ico/.test(line),
  );
}

/** Follows the demo short link and waits for the snippet to hold the click id in its cookie. */
async function followDemoLink(page: Page): Promise<string> {
  await page.goto(`${playground.url}/go/demo`);
  const clickId = new URL(page.url()).searchParams.get('pimms_id');
  expect(clickId, 'the landing page has ?pimms_id=').toBeTruthy();
  await expect
    .poll(
      async () => (await page.context().cookies()).find(({ name }) => name == 'pimms_id')?.value,
    )
    .toBe(clickId);
  return clickId!;
}

/** Sends the scripted form of /signup (the page stays) and returns its result box. */
async function sendScripted(page: Page, email: string) {
  // Emptied first: over WebDriver BiDi (Firefox ESR), fill() on a filled input appends to it.
  await page.locator('#scripted-email').clear();
  await page.locator('#scripted-email').fill(email);
  await page.getByRole('button', { name: 'Send the lead' }).click();
  return page.locator('#scripted-result');
}

const leadsOf = (clickId: string) =>
  playground.sandbox.leads().filter((lead) => lead.clickId == clickId);

test('a lead sent during an outage shows "retried" on the delivery view, then "Recorded" after recovery', async ({
  context,
}) => {
  const site = await context.newPage();
  const clickId = await followDemoLink(site);

  // The view, in its own tab, from the sign-up page's link.
  await site.goto(`${playground.url}/signup`);
  const link = site.getByRole('link', { name: 'delivery view' });
  await expect(link).toHaveAttribute('href', '/delivery');
  const view = await context.newPage();
  await view.goto(`${playground.url}/delivery`);
  await view.getByRole('button', { name: 'Simulate an outage' }).click();
  await expect(view.locator('.outage')).toContainText('PIMMS is down');
  expect(playground.outage.on).toBe(true);

  const result = await sendScripted(site, 'ada.outage@example.com');
  await expect(result).toContainText('status: queued');
  const eventId = await site.evaluate(
    () =>
      JSON.parse(
        document.getElementById('scripted-result')!.textContent!.split('\n').slice(1).join('\n'),
      ).body.eventId as string,
  );
  // The sign-up page says what is going on, not "sent".
  await expect(site.locator('#scripted-verdict')).toContainText('PIMMS down: retrying');

  // The view updates by itself: no reload from here on.
  const card = view.locator(`article[data-event-id="${eventId}"]`);
  await expect(card.locator('.state')).toHaveText('PIMMS down: retrying', { timeout: 15_000 });
  await expect(card.locator('.chip', { hasText: /^retried ×\d+$/ })).toBeVisible();
  await expect(card.locator('.steps')).toContainText(
    'Down: the playground’s simulated outage answered 503.',
  );
  await expect(card.locator('.steps')).toContainText(/told the page to retry in \d+ s \(502\)/);
  expect(leadsOf(clickId)).toEqual([]);

  await view.getByRole('button', { name: 'End the outage' }).click();
  expect(playground.outage.on).toBe(false);
  // The snippet's next try (after the relay's Retry-After, up to 10 s) goes through.
  await expect(card.locator('.state')).toHaveText('Recorded', { timeout: 45_000 });
  await expect(card.locator('.chip', { hasText: /^retried ×\d+$/ })).toBeVisible();
  await expect(card.locator('.why')).toHaveText(
    /^Recorded by the sandbox after \d+ retr(y|ies)\.$/,
  );
  await expect(card.locator('.steps')).toContainText('Recorded the lead');
  await expect(site.locator('#scripted-verdict')).toContainText('Recorded', { timeout: 15_000 });

  // What the sandbox actually holds: the lead, once.
  expect(leadsOf(clickId)).toMatchObject([
    { clickId, eventName: 'Sign up', customerEmail: 'ada.outage@example.com' },
  ]);
  expect(pageProblems()).toEqual([]);
});

test('a repeat of the same visitor and event is not called "sent", and a lead without a click id shows why', async ({
  context,
  browser,
}, testInfo) => {
  const site = await context.newPage();
  const clickId = await followDemoLink(site);
  await site.goto(`${playground.url}/signup`);

  const result = await sendScripted(site, 'grace@example.com');
  await expect(site.locator('#scripted-verdict')).toHaveText(/^Recorded\./);
  await expect(result).toContainText('status: sent');
  expect(leadsOf(clickId)).toHaveLength(1);

  // The same visitor (the snippet's anonymous id) and event again: PIMMS answers 200, records nothing.
  await sendScripted(site, 'grace@example.com');
  const verdict = site.locator('#scripted-verdict');
  await expect(verdict).toHaveText(
    /^Not recorded: a repeat\. A repeat of the same visitor and event: the sandbox already has a “Sign up” lead for externalId /,
  );
  await expect(verdict).toHaveClass(/state-repeat/);
  // The first line is what the snippet resolved with, and now says what PIMMS did with it.
  const firstLine = ((await result.textContent()) ?? '').split('\n')[0];
  expect(firstLine).not.toBe('status: sent');
  expect(firstLine).toMatch(/a repeat of the same visitor and event|status: rejected/);
  expect(leadsOf(clickId)).toHaveLength(1);

  // A visitor who never followed a short link: the snippet skips the lead; only the page's report shows it.
  const stranger = await browser.newContext();
  try {
    const page = await stranger.newPage();
    await page.goto(`${playground.url}/signup`);
    const skipped = await sendScripted(page, 'stranger@example.com');
    await expect(skipped).toContainText('status: skipped');
    await expect(page.locator('#scripted-verdict')).toHaveText(/^Not sent\. No click id:/);
  } finally {
    await stranger.close();
  }

  const view = await context.newPage();
  await view.goto(`${playground.url}/leads`);
  await view.getByRole('link', { name: 'What happened to each lead' }).click();
  await view.waitForURL(`${playground.url}/delivery`);
  const states = view.locator('article.lead .state');
  await expect(states.first()).toHaveText('Not sent');
  await expect(view.locator('article.state-repeat .why')).toContainText(
    'A repeat of the same visitor and event',
  );
  await expect(view.locator('article.state-skipped .why')).toContainText('the relay never saw it');
  // Nothing of a customer's e-mail is in the view.
  expect(await view.content()).not.toContain('grace@example.com');

  // Checked before the screenshot, whose caret-hiding style the page's CSP rightly refuses.
  expect(pageProblems()).toEqual([]);
  await view.setViewportSize({ width: 1100, height: 1300 });
  const shot = await view.screenshot({
    fullPage: true,
    ...(process.env.DELIVERY_SCREENSHOT ? { path: process.env.DELIVERY_SCREENSHOT } : {}),
  });
  await testInfo.attach('delivery-view', { body: shot, contentType: 'image/png' });
});
