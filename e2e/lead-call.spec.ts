// The snippet as a page uses it: dist/pimms.js from a script tag, pimms.lead() from the page; the
// assertions are on what the endpoint (relay, then sandbox) actually received.
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { SANDBOX_KEY } from '../testing/servers/endpoint.ts';

test('pimms.lead() sends the exact body to the endpoint, and the lead is recorded', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(
    `${site.origin}/fixtures/lead-call.html?pimms_id=${clickId}&utm_source=newsletter&token=s3cret#access_token=x`,
  );
  await snippetLoaded(page);
  expect((await page.context().cookies()).find((c) => c.name == 'pimms_id')).toMatchObject({
    value: clickId,
    sameSite: 'Lax',
    path: '/',
  });

  const result = await page.evaluate(() =>
    window.pimms!.lead('Sign up', {
      customerEmail: 'ada@example.com',
      customerName: 'Ada Lovelace',
      metadata: { plan: 'pro' },
    }),
  );

  const posts = endpoint.posts();
  expect(posts).toHaveLength(1);
  expect(posts[0]).toEqual({
    eventId: expect.stringMatching(/^[0-9a-z]{20,}$/),
    clickId,
    eventName: 'Sign up',
    externalId: expect.stringMatching(/^anon_[0-9a-z]{20,}$/),
    customerEmail: 'ada@example.com',
    customerName: 'Ada Lovelace',
    metadata: {
      path: '/fixtures/lead-call.html',
      title: 'Sign up',
      utm_source: 'newsletter',
      source: 'tag',
      plan: 'pro',
    },
  });
  // text/plain: a CORS-safelisted type, so no preflight went first.
  // The lead's POST, not the landing request (issue 13) sent before it.
  const post = endpoint.received.find((r) => r.method == 'POST' && r.json)!;
  expect(post.headers['content-type']).toBe('text/plain;charset=UTF-8');
  expect(post.headers.origin).toBe(site.origin);
  expect(endpoint.received.filter((r) => r.method == 'OPTIONS')).toEqual([]);
  // Nothing else of the URL, and never the relay's key.
  expect(post.text).not.toMatch(/s3cret|access_token|token=/);
  expect(JSON.stringify(await page.evaluate(() => ({ ...localStorage })))).not.toContain(
    SANDBOX_KEY,
  );

  expect(result).toEqual({ ok: true, status: 'sent', body: posts[0] });
  expect(endpoint.sandbox.leads()).toMatchObject([
    {
      clickId,
      eventName: 'Sign up',
      externalId: posts[0].externalId,
      customerEmail: 'ada@example.com',
      customerName: 'Ada Lovelace',
      metadata: posts[0].metadata,
    },
  ]);
  // Confirmed, so nothing is left in the outbox.
  expect(
    await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.startsWith('pimms_ob_')),
    ),
  ).toEqual([]);
});

test('a lead without a click id is not sent, and the call says so', async ({
  page,
  site,
  endpoint,
}) => {
  await page.goto(`${site.origin}/fixtures/lead-call.html`);
  await snippetLoaded(page);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toEqual({
    ok: false,
    status: 'skipped',
    reason: 'no click id',
    body: expect.objectContaining({ eventName: 'Sign up' }),
  });
  expect(endpoint.received).toEqual([]);
});

test('a field that breaks a rule is left out, and the rest is sent', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}/fixtures/lead-call.html?pimms_id=${clickId}`);
  await snippetLoaded(page);
  const result = await page.evaluate(() =>
    window.pimms!.lead('Sign up', {
      customerEmail: 'not an address',
      customerName: 'x'.repeat(150),
      // A number where PIMMS wants a string: left out, not converted (PIMMS answers 422).
      externalId: 42 as never,
    }),
  );
  expect(result.status).toBe('sent');
  // PIMMS refuses a customerName over 100 characters: left out, not cut (field-rules.ts).
  expect(endpoint.posts()[0]).not.toHaveProperty('customerName');
  expect(endpoint.posts()[0]).not.toHaveProperty('customerEmail');
  expect(endpoint.posts()[0]).toMatchObject({ externalId: expect.stringMatching(/^anon_/) });
  expect(endpoint.sandbox.leads()).toHaveLength(1);
});

test('an unknown click comes back rejected for good, and leaves the outbox', async ({
  page,
  site,
}) => {
  await page.goto(`${site.origin}/fixtures/lead-call.html?pimms_id=cl_unknown`);
  await snippetLoaded(page);
  const result = await page.evaluate(() => window.pimms!.lead('Sign up'));
  expect(result).toMatchObject({
    ok: false,
    status: 'rejected',
    reason: expect.stringMatching(/^HTTP 404: .*cl_unknown/),
  });
  expect(
    await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.startsWith('pimms_ob_')),
    ),
  ).toEqual([]);
});
