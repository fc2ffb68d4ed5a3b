// The playground's whole loop in Chromium: demo short link → landing with ?pimms_id= → pimms_id
// cookie → sign-up → relay → pimms SDK over loopback → sandbox. One playground per worker, on a
// free port with its own SQLite file; each test has its own browser context and click.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import type { SandboxLead } from '../src/sandbox/index.ts';
import { startPlayground, type Playground } from '../src/playground/start-playground.ts';

const EMAIL = 'ada@example.com';
const NAME = 'Ada Lovelace';
// Distinctive, so that finding it anywhere (rows, database file, localStorage) is a real leak.
const PASSWORD = 'Pw-never-leaves-9f3c1a7e';

let playground: Playground;
let dir: string;
let file: string;
/** Console lines and page errors of the current test, printed when it fails. */
let browserLog: string[] = [];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pimms-playground-'));
  file = join(dir, 'sandbox.sqlite');
  playground = await startPlayground({ port: 0, file });
});

test.afterAll(async () => {
  await playground?.close();
  rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(({ page }) => {
  browserLog = [];
  page.on('console', (message) => browserLog.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => browserLog.push(`pageerror: ${error.message}`));
});

test.afterEach(({}, testInfo) => {
  if (testInfo.status == testInfo.expectedStatus) return;
  // Everything the sandbox received, and what the page said, to see where the lead stopped.
  console.log('sandbox clicks:', JSON.stringify(playground.sandbox.clicks(), null, 2));
  console.log('sandbox leads:', JSON.stringify(playground.sandbox.leads(), null, 2));
  console.log('browser:\n' + browserLog.join('\n'));
});

/** What the pages must never log: a script error, or a resource the page's CSP refused. */
function pageProblems(): string[] {
  return browserLog.filter(
    (line) => line.startsWith('pageerror') || /Content Security Policy/i.test(line),
  );
}

/**
 * Follows the demo short link as a visitor would and checks the landing: `?pimms_id=` is a click
 * the sandbox recorded, and the snippet copied it into the `pimms_id` cookie.
 *
 * @returns The click id.
 */
async function followDemoLink(page: Page): Promise<string> {
  await page.goto(`${playground.url}/go/demo`);
  const landed = new URL(page.url());
  expect(landed.origin + landed.pathname).toBe(`${playground.url}/`);
  const clickId = landed.searchParams.get('pimms_id');
  // PIMMS' click ids: 16-character nanoids, no prefix (PIMMS-API.md).
  expect(clickId).toMatch(/^[\w-]{16}$/);
  const click = playground.sandbox.clicks().find(({ id }) => id == clickId);
  expect(click, 'the click the sandbox issued').toMatchObject({
    linkKey: 'demo',
    url: `${playground.url}/`,
  });

  await page.waitForFunction(
    () => (window as { pimms?: { loaded?: boolean } }).pimms?.loaded === true,
  );
  await expect
    .poll(
      async () => (await page.context().cookies()).find(({ name }) => name == 'pimms_id')?.value,
    )
    .toBe(clickId);
  return clickId!;
}

/** Waits for the sandbox to hold the lead of a click, and returns it (there must be exactly one). */
async function leadOf(clickId: string): Promise<SandboxLead> {
  const leads = () => playground.sandbox.leads().filter((lead) => lead.clickId == clickId);
  await expect
    .poll(() => leads().length, {
      message: `a lead for ${clickId} in the sandbox`,
      timeout: 15_000,
    })
    .toBe(1);
  return leads()[0]!;
}

test('declarative form: short link → cookie → sign-up → lead in the sandbox, password never sent', async ({
  page,
}) => {
  const clickId = await followDemoLink(page);

  await page.locator('main').getByRole('link', { name: 'Sign up' }).click();
  await page.waitForURL(`${playground.url}/signup`);
  const form = page.locator('form[data-pimms-lead="Sign up"]');
  await form.getByLabel('E-mail').fill(EMAIL);
  await form.getByLabel('Name').fill(NAME);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create my account' }).click();

  await page.waitForURL(`${playground.url}/welcome`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${NAME}`);
  // The welcome page says what became of the lead (from the delivery view), not just "sent".
  await expect(page.locator('#lead-verdict')).toHaveText(/^Recorded\. Recorded by the sandbox/, {
    timeout: 15_000,
  });

  const lead = await leadOf(clickId);
  expect(lead).toMatchObject({
    clickId,
    linkKey: 'demo',
    eventName: 'Sign up',
    customerEmail: EMAIL,
    customerName: NAME,
  });
  // The snippet's anonymous visitor id, or the demo user's id if the welcome page's cookie won the race.
  expect(lead.externalId).toBeTruthy();

  // The password went to the site's own /welcome (as a sign-up form's does), and nowhere else.
  const stored = JSON.stringify({
    leads: playground.sandbox.leads(),
    clicks: playground.sandbox.clicks(),
  });
  expect(stored).not.toContain(PASSWORD);
  for (const path of [file, `${file}-wal`]) {
    if (existsSync(path))
      expect(readFileSync(path).includes(PASSWORD), `${path} holds the password`).toBe(false);
  }
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(PASSWORD);
  expect(pageProblems()).toEqual([]);
});

test('scripted form: pimms.lead() resolves "sent" and the lead lands', async ({ page }) => {
  const clickId = await followDemoLink(page);

  await page.goto(`${playground.url}/signup`);
  await page.locator('#scripted-email').fill(EMAIL);
  await page.locator('#scripted-name').fill(NAME);
  await page.getByRole('button', { name: 'Send the lead' }).click();

  const result = page.locator('#scripted-result');
  await expect(result).toContainText('status: sent');
  const shown = JSON.parse((await result.textContent())!.split('\n').slice(1).join('\n')) as {
    ok: boolean;
    body: { clickId: string; eventName: string };
  };
  expect(shown).toMatchObject({
    ok: true,
    status: 'sent',
    body: { clickId, eventName: 'Sign up' },
  });

  const lead = await leadOf(clickId);
  expect(lead).toMatchObject({
    clickId,
    eventName: 'Sign up',
    customerEmail: EMAIL,
    customerName: NAME,
  });
  expect(pageProblems()).toEqual([]);
});

test('?debug loads the debug build, which explains the lead in the console', async ({
  page,
  browserName,
}) => {
  test.skip(
    browserName == 'webkit',
    'WebKitGTK is driven over classic WebDriver, which has no console events',
  );
  const clickId = await followDemoLink(page);

  await page.goto(`${playground.url}/signup?debug`);
  await expect(page.locator('script[src="/pimms.debug.js"][data-debug]')).toHaveCount(1);
  await expect(page.locator('script[src="/pimms.js"]')).toHaveCount(0);
  await page.locator('#scripted-email').fill(EMAIL);
  await page.getByRole('button', { name: 'Send the lead' }).click();
  await expect(page.locator('#scripted-result')).toContainText('status: sent');

  await leadOf(clickId);
  expect(browserLog.filter((line) => line.includes('[pimms]'))).not.toEqual([]);
  expect(pageProblems()).toEqual([]);
});
