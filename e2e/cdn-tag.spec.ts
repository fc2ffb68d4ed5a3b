// The README's CDN tag as a site pastes it, with the CDN played by a loopback server that serves
// the package's files as jsDelivr does (same path, `Access-Control-Allow-Origin: *`): the
// integrity hash is the one the browser computes for dist/pimms.js, so the snippet loads and
// sends a lead; a file that differs by one byte is refused and no snippet runs. Only the CDN's
// origin and the endpoint are changed in the tag.
import { readFileSync } from 'node:fs';
import { README_TAG_END, README_TAG_START } from '../build/sri.mjs';
import { startSite, type Site } from '../testing/servers/site.ts';
import { expect, snippetLoaded, test } from './support/fixtures.ts';

/** The <script> tag between the README's markers, and its src. */
function readmeTag(): { tag: string; src: URL } {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.slice(readme.indexOf(README_TAG_START), readme.indexOf(README_TAG_END));
  const tag = /<script [^]*?<\/script>/.exec(block)?.[0];
  if (!tag) throw new Error('README.md has no <script> tag between its CDN markers');
  return { tag, src: new URL(/src="([^"]+)"/.exec(tag)![1]!) };
}

let cdn: Site;
test.beforeEach(async ({ endpoint }) => {
  cdn = await startSite(endpoint.url);
});
test.afterEach(async () => {
  await cdn.close();
});

for (const [what, tamper] of [
  ['the published file', (code: string) => code],
  ['a file one byte different', (code: string) => code + ' '],
] as const) {
  test(`README's CDN tag with ${what}`, async ({
    page,
    site,
    endpoint,
    browserLog,
    browserName,
  }) => {
    const { tag, src } = readmeTag();
    cdn.page(src.pathname, {
      html: tamper(readFileSync('dist/pimms.js', 'utf8')),
      headers: {
        'content-type': 'text/javascript; charset=utf-8',
        'access-control-allow-origin': '*',
      },
    });
    const local = tag
      .replace(src.origin, cdn.origin)
      .replace('data-endpoint="/api/pimms/lead"', 'data-endpoint="%ENDPOINT%"');
    expect(local).toContain('data-endpoint="%ENDPOINT%"');
    site.page('/landing', `<!doctype html><title>CDN tag</title>${local}`);
    const clickId = await endpoint.newClick();
    await page.goto(`${site.origin}/landing?pimms_id=${clickId}`, { waitUntil: 'load' });
    expect(cdn.requests.map((request) => request.url)).toEqual([src.pathname]);

    if (what == 'the published file') {
      await snippetLoaded(page);
      expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
        ok: true,
        status: 'sent',
      });
      expect(endpoint.sandbox.leads()).toMatchObject([{ clickId, eventName: 'Sign up' }]);
    } else {
      // Served (the request above), then refused by the integrity check: nothing ran.
      expect(await page.evaluate(() => typeof window.pimms)).toBe('undefined');
      // The browser's own word for it is a console line, which classic WebDriver (WebKitGTK)
      // does not deliver; that nothing ran is checked in every engine above.
      if (browserName != 'webkit') expect(browserLog.join('\n')).toMatch(/integrity/i);
    }
  });
}
