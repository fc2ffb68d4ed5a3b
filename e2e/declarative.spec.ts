// Declarative leads (issue 5): `<form data-pimms-lead>` sends a lead on a submit that goes ahead,
// `data-pimms-lead` on any other element on click. What the endpoint received is compared whole;
// what must not be sent is checked on the spy's record (send-spy.ts), which is final as soon as the
// click or submit has returned, so "nothing was sent" needs no waiting.
import type { Page } from '@playwright/test';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { leadsArrived, leadsSent } from './support/lead-checks.ts';
import { sends, spyOnSends } from './support/send-spy.ts';
import type { Endpoint } from '../testing/servers/endpoint.ts';
import type { Site } from '../testing/servers/site.ts';

const PASSWORD = 'Pw-never-leaves-9f3c1a7e';
/** Values of the fixture's inputs that no lead may carry. */
const NEVER_SENT = [
  PASSWORD,
  'csrf-never-leaves',
  'phone-never-leaves',
  '4242424242424242',
  '4000056655665556',
  'otp-never-leaves',
  'trial',
];

/** The lead of declarative-form.html filled by {@link fillSignUp}. */
function signUpLead(clickId: string) {
  return {
    eventId: expect.stringMatching(/^[0-9a-z]{20,}$/),
    clickId,
    eventName: 'Sign up',
    externalId: 'user_42',
    customerEmail: 'ada@example.com',
    customerName: 'Ada Lovelace',
    metadata: {
      path: '/fixtures/declarative-form.html',
      title: 'Sign up',
      source: 'form',
      company: 'Analytical Engines',
      plan: 'pro',
    },
  };
}

/** What the site itself receives from declarative-form.html: the whole form, as without the snippet. */
const SITE_FORM = {
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  account: 'user_42',
  company: 'Analytical Engines',
  plan: 'pro',
  csrf: 'csrf-never-leaves',
  phone: 'phone-never-leaves',
  password: PASSWORD,
  card_number: '4242424242424242',
  cc: '4000056655665556',
  otp: 'otp-never-leaves',
};

async function openSignUp(page: Page, site: Site, endpoint: Endpoint): Promise<string> {
  const clickId = await endpoint.newClick();
  await spyOnSends(page);
  await page.goto(`${site.origin}/fixtures/declarative-form.html?pimms_id=${clickId}`);
  await snippetLoaded(page);
  return clickId;
}

async function fillSignUp(page: Page): Promise<void> {
  await page.fill('[name=email]', 'ada@example.com');
  await page.fill('[name=name]', 'Ada Lovelace');
  await page.fill('[name=password]', PASSWORD);
}

/**
 * Replaces the value of a filled input. Emptied first: Playwright's `fill` over WebDriver BiDi
 * (Firefox ESR) inserts its text with a page script that, on an input without the selection API
 * (`type=email`, whose `selectionStart` is null by the HTML standard), appends to the value
 * instead of replacing the selected text: `ada@example.com` then `not an address` gave
 * `ada@example.comnot an address`. `fill('')` presses a real Delete on the selection instead.
 */
async function refill(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, '');
  await page.fill(selector, value);
  expect(
    await page.evaluate((s) => document.querySelector<HTMLInputElement>(s)!.value, selector),
  ).toBe(value);
}

/** The body of the form submission the site received at /next. */
function siteForm(site: Site): Record<string, string> {
  const posts = site.requests.filter((r) => r.method == 'POST' && r.url == '/next');
  expect(posts).toHaveLength(1);
  return Object.fromEntries(new URLSearchParams(posts[0].body));
}

test.describe('a form with data-pimms-lead', () => {
  test('a submit sends one lead with the e-mail, the name and the marked inputs, no secret, and the site gets its form untouched', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    await page.click('button[name=intent]');
    await page.waitForURL(`${site.origin}/next`);

    // One request, started as the form submitted, and nothing at unload on top of it.
    expect(await sends(page)).toHaveLength(1);
    expect(await leadsSent(page)).toEqual([
      { via: 'fetch', url: endpoint.url, ...signUpLead(clickId) },
    ]);
    expect(await leadsArrived(endpoint, 1)).toEqual([signUpLead(clickId)]);
    for (const secret of NEVER_SENT)
      expect(endpoint.received.map((r) => r.text).join('\n')).not.toContain(secret);
    expect(endpoint.sandbox.leads()).toMatchObject([
      { clickId, eventName: 'Sign up', externalId: 'user_42', customerEmail: 'ada@example.com' },
    ]);

    // The site's own handler ran, and the submission carried every input and the submitter's name and value.
    expect(await page.evaluate(() => sessionStorage.siteSaw)).toBe(
      JSON.stringify({ submitter: 'intent=trial' }),
    );
    expect(siteForm(site)).toEqual({ ...SITE_FORM, intent: 'trial' });
  });

  test("the browser's validation blocks the submit: no lead until the form is valid", async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    await refill(page, '[name=email]', 'not an address');
    await page.click('button[name=intent]');

    expect(await page.locator('[name=email]:invalid').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.siteSaw), 'no submit event').toBeUndefined();
    expect(await sends(page)).toEqual([]);
    expect(page.url()).toContain('/fixtures/declarative-form.html');

    await refill(page, '[name=email]', 'ada@example.com');
    await page.click('button[name=intent]');
    await page.waitForURL(`${site.origin}/next`);
    expect(await leadsArrived(endpoint, 1)).toEqual([signUpLead(clickId)]);
  });

  test('a submit the page cancelled sends nothing', async ({ page, site, endpoint }) => {
    await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    await page.evaluate(() =>
      document.forms[0].addEventListener('submit', (event) => event.preventDefault()),
    );
    await page.click('button[name=intent]');

    expect(await page.evaluate(() => sessionStorage.siteSaw), 'the submit happened').toBeDefined();
    expect(await sends(page)).toEqual([]);
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((key) => key.startsWith('pimms_ob_')),
      ),
    ).toEqual([]);
    expect(endpoint.received).toEqual([]);
    expect(site.requests.filter((r) => r.url == '/next')).toEqual([]);
  });

  test('form.requestSubmit(submitter) sends the lead and submits with the submitter', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    await page.evaluate(() => document.forms[0].requestSubmit(document.querySelector('button')));
    await page.waitForURL(`${site.origin}/next`);

    expect(await leadsSent(page)).toEqual([
      { via: 'fetch', url: endpoint.url, ...signUpLead(clickId) },
    ]);
    expect(await leadsArrived(endpoint, 1)).toEqual([signUpLead(clickId)]);
    expect(siteForm(site)).toEqual({ ...SITE_FORM, intent: 'trial' });
  });

  test('form.submit() fires no submit event: the lead goes by beacon as the page unloads', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    await page.evaluate(() => document.forms[0].submit());
    await page.waitForURL(`${site.origin}/next`);

    expect(await leadsSent(page)).toEqual([
      { via: 'beacon', url: endpoint.url, ...signUpLead(clickId) },
    ]);
    expect(await leadsArrived(endpoint, 1)).toEqual([signUpLead(clickId)]);
    for (const secret of NEVER_SENT)
      expect(endpoint.received.map((r) => r.text).join('\n')).not.toContain(secret);
    // form.submit() sends no submitter, and the site's submit handler never ran.
    expect(siteForm(site)).toEqual(SITE_FORM);
    expect(await page.evaluate(() => sessionStorage.siteSaw)).toBeUndefined();
  });

  test('a site handler that reads new FormData(form) on submit does not double the lead', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    // Common in site code (validation, analytics): read the form, let the submit go on.
    await page.evaluate(() =>
      document.forms[0].addEventListener(
        'submit',
        (event) => new FormData(event.target as HTMLFormElement),
      ),
    );
    await page.click('button[name=intent]');
    await page.waitForURL(`${site.origin}/next`);

    expect(await leadsSent(page)).toEqual([
      { via: 'fetch', url: endpoint.url, ...signUpLead(clickId) },
    ]);
    expect(await leadsArrived(endpoint, 1)).toEqual([signUpLead(clickId)]);
  });

  test('a site handler that cancels the submit and calls form.submit() itself: one lead', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    // Validation libraries do this: take over the submit, check, then submit without the event.
    await page.evaluate(() =>
      document.forms[0].addEventListener('submit', (event) => {
        event.preventDefault();
        (event.target as HTMLFormElement).submit();
      }),
    );
    await page.click('button[name=intent]');
    await page.waitForURL(`${site.origin}/next`);

    expect(await leadsSent(page)).toEqual([
      { via: 'beacon', url: endpoint.url, ...signUpLead(clickId) },
    ]);
    expect(await leadsArrived(endpoint, 1)).toEqual([signUpLead(clickId)]);
    expect(siteForm(site)).toEqual(SITE_FORM);
  });

  test('a site handler that stops the submit from bubbling: still one lead, sent as the page unloads', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await openSignUp(page, site, endpoint);
    await fillSignUp(page);
    // The snippet listens on the window, which this submit event never reaches; the form's
    // submission (its formdata event, captured) still tells it.
    await page.evaluate(() =>
      document.forms[0].addEventListener('submit', (event) => event.stopPropagation()),
    );
    await page.click('button[name=intent]');
    await page.waitForURL(`${site.origin}/next`);

    expect(await leadsSent(page)).toEqual([
      { via: 'beacon', url: endpoint.url, ...signUpLead(clickId) },
    ]);
    expect(await leadsArrived(endpoint, 1)).toEqual([signUpLead(clickId)]);
    expect(siteForm(site)).toEqual({ ...SITE_FORM, intent: 'trial' });
  });

  test('a form and a button rendered after load by a single-page app send their leads', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    await spyOnSends(page);
    await page.goto(`${site.origin}/fixtures/declarative-spa.html?pimms_id=${clickId}`);
    await snippetLoaded(page);
    await page.click('#open');

    await page.click('#demo');
    const demo = {
      eventId: expect.any(String),
      clickId,
      eventName: 'Book a demo',
      externalId: expect.stringMatching(/^anon_/),
      metadata: { path: '/fixtures/declarative-spa.html', title: 'App', plan: 'pro' },
    };
    expect(await leadsArrived(endpoint, 1)).toEqual([demo]);

    await page.getByLabel('E-mail').fill('ada@example.com');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${site.origin}/next`);

    const signUp = {
      ...demo,
      eventName: 'Sign up',
      customerEmail: 'ada@example.com',
      customerName: 'Ada Lovelace',
      metadata: { path: '/fixtures/declarative-spa.html', title: 'App' },
    };
    expect(await leadsSent(page)).toEqual(
      [demo, signUp].map((lead) => ({ via: 'fetch', url: endpoint.url, ...lead })),
    );
    const posts = await leadsArrived(endpoint, 2);
    expect(posts).toEqual([demo, signUp]);
    // The same visitor, so that the API de-duplicates its repeats.
    expect(posts[1].externalId).toBe(posts[0].externalId);
    expect(endpoint.received.map((r) => r.text).join('\n')).not.toContain(PASSWORD);
  });
});

test.describe('any element with data-pimms-lead', () => {
  test('a click sends a lead with the data-pimms-* fields, even when the site stops the click', async ({
    page,
    site,
    endpoint,
  }) => {
    const clickId = await endpoint.newClick();
    await spyOnSends(page);
    await page.goto(
      `${site.origin}/fixtures/declarative-click.html?pimms_id=${clickId}&utm_campaign=spring&ref=private`,
    );
    await snippetLoaded(page);
    await page.click('#other');
    expect(await sends(page)).toEqual([]);

    await page.click('#demo span');
    const lead = {
      eventId: expect.any(String),
      clickId,
      eventName: 'Book a demo',
      externalId: expect.stringMatching(/^anon_/),
      customerName: 'Ada Lovelace',
      metadata: {
        path: '/fixtures/declarative-click.html',
        title: 'Pricing',
        utm_campaign: 'spring',
        plan: 'pro',
      },
    };
    expect(await leadsSent(page)).toEqual([{ via: 'fetch', url: endpoint.url, ...lead }]);
    expect(await leadsArrived(endpoint, 1)).toEqual([lead]);
    expect(endpoint.received.map((r) => r.text).join('\n')).not.toContain('private');
  });

  test('a link that navigates away still delivers its lead', async ({ page, site, endpoint }) => {
    const clickId = await endpoint.newClick();
    await spyOnSends(page);
    await page.goto(`${site.origin}/fixtures/declarative-click.html?pimms_id=${clickId}`);
    await snippetLoaded(page);
    await page.click('#trial');
    await page.waitForURL(`${site.origin}/next`);

    const lead = {
      eventId: expect.any(String),
      clickId,
      eventName: 'Start trial',
      externalId: expect.stringMatching(/^anon_/),
      metadata: { path: '/fixtures/declarative-click.html', title: 'Pricing', plan: 'team' },
    };
    expect(await leadsSent(page)).toEqual([{ via: 'fetch', url: endpoint.url, ...lead }]);
    expect(await leadsArrived(endpoint, 1)).toEqual([lead]);
  });
});
