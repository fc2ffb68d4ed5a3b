// A strict Content-Security-Policy (issue 5): pages served with a real CSP response header that
// allows scripts only from the site (or with a nonce) and connections only to the endpoint, no
// inline code without the nonce, no eval, no Trusted Types policy. The snippet must work there
// (stub replay, pimms.lead(), a declarative button, a form submitted natively and by script) and
// cause no violation, neither as an event in the page nor as a console error.
import { readFileSync } from 'node:fs';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { recordViolations, violations } from './support/csp-violations.ts';
import { leadsArrived, leadsSent } from './support/lead-checks.ts';
import { spyOnSends } from './support/send-spy.ts';

/** The directives both pages share: nothing but what the snippet needs, and no way around it. */
function strictPolicy(scriptSrc: string, endpointOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    `connect-src ${endpointOrigin}`,
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

const FORM = `<form data-pimms-lead="Sign up" action="/next" method="post">
  <input type="email" name="email" value="ada@example.com"><input type="password" name="password" value="Pw-never-leaves">
  <button>Sign up</button>
</form>
<button id="demo" type="button" data-pimms-lead="Book a demo" data-pimms-metadata-plan="pro">Book a demo</button>`;

/** Console lines in which Chromium reports a refused script, connection, eval or form. */
const cspLines = (log: string[]) =>
  log.filter((line) => /Content Security Policy|Refused to|Trusted Type/i.test(line));

test("script-src 'self': the stub, a call, a button and a native form submit all reach the endpoint, no violation", async ({
  page,
  site,
  endpoint,
  browserLog,
}) => {
  const clickId = await endpoint.newClick();
  const policy = strictPolicy("'self'", endpoint.origin);
  site.page('/csp/signup', {
    html: `<!doctype html><title>Sign up</title>
<script src="/dist/stub.js"></script>
<script src="/fixtures/csp-page.js"></script>
<script src="/dist/pimms.js" data-endpoint="%ENDPOINT%" defer></script>
${FORM}`,
    headers: { 'content-security-policy': policy },
  });
  await recordViolations(page);
  await spyOnSends(page);
  const response = await page.goto(`${site.origin}/csp/signup?pimms_id=${clickId}`);
  expect(response!.headers()['content-security-policy']).toBe(policy);
  await snippetLoaded(page);

  await expect(page.locator('html')).toHaveAttribute('data-early', 'sent');
  await page.click('#demo');
  await expect.poll(async () => (await leadsSent(page)).length).toBe(2);
  await page.click('form button');
  await page.waitForURL(`${site.origin}/next`);

  const lead = (eventName: string, extra: object = {}) => ({
    eventId: expect.any(String),
    clickId,
    eventName,
    externalId: expect.stringMatching(/^anon_/),
    metadata: { path: '/csp/signup', title: 'Sign up' },
    ...extra,
  });
  const expected = [
    lead('Newsletter'),
    lead('Book a demo', { metadata: { path: '/csp/signup', title: 'Sign up', plan: 'pro' } }),
    lead('Sign up', { customerEmail: 'ada@example.com' }),
  ];
  expect(await leadsSent(page)).toEqual(
    expected.map((body) => ({ via: 'fetch', url: endpoint.url, ...body })),
  );
  expect(await leadsArrived(endpoint, 3)).toEqual(expected);
  expect(await violations(page)).toEqual([]);
  expect(cspLines(browserLog)).toEqual([]);
});

test('a nonce policy with strict-dynamic: the inline stub, and a form.submit() lead sent by beacon, no violation', async ({
  page,
  site,
  endpoint,
  browserLog,
}) => {
  const clickId = await endpoint.newClick();
  const nonce = 'e2e' + Math.random().toString(36).slice(2);
  const policy = strictPolicy(`'nonce-${nonce}' 'strict-dynamic'`, endpoint.origin);
  // The README's paste-in line, inline with the nonce, read now: dist/ may have been rebuilt.
  const stub = readFileSync('dist/stub.js', 'utf8');
  site.page('/csp/nonce', {
    html: `<!doctype html><title>Sign up</title>
<script nonce="${nonce}">${stub}</script>
<script nonce="${nonce}">pimms.lead('Newsletter').then(function (r) { document.documentElement.setAttribute('data-early', r.status); });</script>
<script nonce="${nonce}" src="/dist/pimms.js" data-endpoint="%ENDPOINT%" async></script>
${FORM}`,
    headers: { 'content-security-policy': policy },
  });
  await recordViolations(page);
  await spyOnSends(page);
  const response = await page.goto(`${site.origin}/csp/nonce?pimms_id=${clickId}`);
  expect(response!.headers()['content-security-policy']).toBe(policy);
  await snippetLoaded(page);
  await expect(page.locator('html')).toHaveAttribute('data-early', 'sent');

  await page.evaluate(() => document.forms[0].submit());
  await page.waitForURL(`${site.origin}/next`);

  const base = {
    eventId: expect.any(String),
    clickId,
    externalId: expect.stringMatching(/^anon_/),
    metadata: { path: '/csp/nonce', title: 'Sign up' },
  };
  const expected = [
    { ...base, eventName: 'Newsletter' },
    { ...base, eventName: 'Sign up', customerEmail: 'ada@example.com' },
  ];
  expect(await leadsSent(page)).toEqual([
    { via: 'fetch', url: endpoint.url, ...expected[0] },
    { via: 'beacon', url: endpoint.url, ...expected[1] },
  ]);
  expect(await leadsArrived(endpoint, 2)).toEqual(expected);
  expect(endpoint.received.map((r) => r.text).join('\n')).not.toContain('Pw-never-leaves');
  expect(await violations(page)).toEqual([]);
  expect(cspLines(browserLog)).toEqual([]);
});
