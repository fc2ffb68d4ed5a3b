// The shipped dist/pimms.js in hostile embeddings, as js-cookie tests its own file (STYLE): glued
// after someone else's code, next to the site's globals, where there is no document, loaded twice,
// and behind the paste-in stub with an async tag. The files are read when a test runs, not when
// this module loads: dist/ may be rebuilt between runs.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { leadsArrived } from './support/lead-checks.ts';
import { sends, spyOnSends } from './support/send-spy.ts';

const dist = (file: string) => readFileSync(`dist/${file}`, 'utf8');

for (const [what, before] of [
  ['code with no final semicolon', 'var a = window.foo\n'],
  ['a line comment with no final newline', 'var a = 1; // the end'],
] as const) {
  test(`concatenated after ${what}, in one file: no error, the snippet runs, the code before is intact`, async ({
    page,
    site,
    endpoint,
    browserLog,
  }) => {
    site.page('/bundle.js', {
      html: before + dist('pimms.js'),
      headers: { 'content-type': 'text/javascript; charset=utf-8' },
    });
    site.page(
      '/bundled',
      '<!doctype html><title>Bundled</title><script>window.foo = function () { throw new Error("called foo") }</script><script src="/bundle.js" data-endpoint="%ENDPOINT%"></script>',
    );
    const clickId = await endpoint.newClick();
    await page.goto(`${site.origin}/bundled?pimms_id=${clickId}`);
    await snippetLoaded(page);

    // `a` is window.foo itself (not foo called with the snippet as its argument), or 1.
    expect(await page.evaluate(() => typeof (window as { a?: unknown }).a)).toBe(
      before.startsWith('var a = window.foo') ? 'function' : 'number',
    );
    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      ok: true,
      status: 'sent',
      body: { clickId },
    });
    expect(browserLog.filter((line) => line.startsWith('pageerror'))).toEqual([]);
  });
}

test("next to the site's globals: window.Cookies is left alone and pimms is the only new global", async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}/fixtures/existing-globals.html?pimms_id=${clickId}`);
  await snippetLoaded(page);

  const { cookies, added } = await page.evaluate(() => {
    const w = window as unknown as { Cookies: unknown; keysBefore: string[] };
    const before = new Set(w.keysBefore.concat('keysBefore'));
    return {
      cookies: w.Cookies,
      // Playwright's Firefox (WebDriver BiDi) path puts its own `__pw_*` helpers on the page.
      added: Object.getOwnPropertyNames(window).filter(
        (key) => !before.has(key) && !key.startsWith('__pw'),
      ),
    };
  });
  expect(cookies).toBe('theirs');
  expect(added).toEqual(['pimms']);
  // And it still works, with its own bundled js-cookie.
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    ok: true,
    status: 'sent',
    body: { clickId },
  });
});

test('with no document (a Web Worker, and a bare JavaScript realm): it does not throw and defines nothing', async ({
  page,
  site,
  endpoint,
}) => {
  await page.goto(`${site.origin}/next`);
  const result = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const worker = new Worker('/fixtures/no-document-worker.js');
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => resolve({ workerError: event.message });
      }),
  );
  expect(result).toEqual({ threw: null, pimms: 'undefined' });

  // Server-side rendering and the like: no window either.
  const realm: Record<string, unknown> = {};
  expect(() => runInNewContext(dist('pimms.js'), realm)).not.toThrow();
  expect(Object.keys(realm)).toEqual([]);
  expect(endpoint.received).toEqual([]);
});

test('loaded twice: one instance, the first config, one lead per call and per click', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await spyOnSends(page);
  await page.goto(`${site.origin}/fixtures/loaded-twice.html?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(
    await page.evaluate(
      () => window.pimms === (window as unknown as { firstPimms: unknown }).firstPimms,
    ),
  ).toBe(true);

  // The second tag asked for consent: had it won, this would be held.
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    ok: true,
    status: 'sent',
  });
  await page.click('#demo');

  const lead = (eventName: string) => ({
    eventId: expect.any(String),
    clickId,
    eventName,
    externalId: expect.stringMatching(/^anon_/),
    metadata: { path: '/fixtures/loaded-twice.html', title: 'Twice', source: 'first' },
  });
  expect((await sends(page)).map((send) => [send.via, send.url, send.json])).toEqual([
    ['fetch', endpoint.url, lead('Sign up')],
    ['fetch', endpoint.url, lead('Book a demo')],
  ]);
  expect(await leadsArrived(endpoint, 2)).toEqual([lead('Sign up'), lead('Book a demo')]);
  expect(endpoint.posts()).toHaveLength(2);
  expect(site.requests.filter((request) => request.url.startsWith('/second-endpoint'))).toEqual([]);
});

test('the paste-in stub before an async tag: calls made before load are replayed in order, each with its result', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  site.page(
    '/stubbed',
    `<!doctype html><title>Stubbed</title>
<script>${dist('stub.js')}</script>
<script>
  // Before the snippet exists: each call's result is kept at its index.
  window.results = [];
  window.calls = [
    pimms.lead('Before consent', { customerName: 'Ada' }),
    pimms.consent(true),
    pimms.lead('After consent'),
    pimms.lead(''),
  ];
  window.calls.forEach(function (call, i) { call.then(function (result) { window.results[i] = result === undefined ? 'undefined' : result; }); });
  window.loadedAtCalls = !!pimms.loaded;
</script>
<script async src="/dist/pimms.js" data-endpoint="%ENDPOINT%" data-consent="required"></script>`,
  );
  await page.goto(`${site.origin}/stubbed?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(
    await page.evaluate(() => (window as unknown as { loadedAtCalls: boolean }).loadedAtCalls),
  ).toBe(false);

  await expect
    .poll(() =>
      page.evaluate(
        () => (window as unknown as { results: unknown[] }).results.filter(Boolean).length,
      ),
    )
    .toBe(4);
  const results = await page.evaluate(() => (window as unknown as { results: unknown[] }).results);
  // In order: the first lead came before consent, so it was held; the second came after.
  expect(results).toEqual([
    {
      ok: false,
      status: 'queued',
      reason: 'consent pending',
      body: expect.objectContaining({ eventName: 'Before consent', clickId }),
    },
    'undefined',
    {
      ok: true,
      status: 'sent',
      body: expect.objectContaining({ eventName: 'After consent', clickId }),
    },
    {
      ok: false,
      status: 'rejected',
      reason: 'no eventName',
      body: expect.not.objectContaining({ eventName: expect.anything() }),
    },
  ]);
  expect((await leadsArrived(endpoint, 2)).map((body) => body.eventName).sort()).toEqual([
    'After consent',
    'Before consent',
  ]);
  expect(await page.evaluate(() => [window.pimms!.loaded, 'q' in window.pimms!])).toEqual([
    true,
    false,
  ]);
});

test('the stub pasted after the snippet has loaded changes nothing', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  site.page(
    '/stub-after',
    `<!doctype html><title>Late stub</title><script src="/dist/pimms.js" data-endpoint="%ENDPOINT%"></script><script>window.before = window.pimms;</script><script>${dist('stub.js')}</script>`,
  );
  await page.goto(`${site.origin}/stub-after?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(
    await page.evaluate(
      () =>
        window.pimms === (window as unknown as { before: unknown }).before &&
        !('q' in window.pimms!),
    ),
  ).toBe(true);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    ok: true,
    status: 'sent',
  });
});
