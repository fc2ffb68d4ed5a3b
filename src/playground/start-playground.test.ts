// The playground over HTTP on loopback: routing, pages, the demo link, the relay in both modes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startUpstreamStub,
  trackedLead,
  type UpstreamStub,
} from '../../testing/unit/upstream-stub.ts';
import { startPlayground, type Playground } from './start-playground.ts';

const SANDBOX_KEY = 'pimms_sandbox_key_for_tests_7d2f0c9a';

let playground: Playground;

beforeEach(async () => {
  playground = await startPlayground({ port: 0, file: ':memory:', sandboxKey: SANDBOX_KEY });
});

afterEach(async () => {
  await playground.close();
});

/** Follows the demo short link without a browser and returns the click id it lands with. */
async function click(): Promise<string> {
  const response = await fetch(`${playground.url}/go/demo`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(`${playground.url}/`);
  return location.searchParams.get('pimms_id')!;
}

/** A lead as the snippet posts it: text/plain JSON from a page of the site. */
function postLead(body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${playground.url}/api/pimms/lead`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: playground.url, ...headers },
    body: JSON.stringify(body),
  });
}

describe('startPlayground', () => {
  it('serves the demo short link, which records a click and lands on the site with pimms_id', async () => {
    const clickId = await click();
    // PIMMS' click ids: 16-character nanoids, no prefix (PIMMS-API.md).
    expect(clickId).toMatch(/^[\w-]{16}$/);
    expect(playground.sandbox.clicks()).toMatchObject([
      { id: clickId, linkKey: 'demo', url: `${playground.url}/` },
    ]);
  });

  it('points the demo link at the current port when the SQLite file is reused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pimms-playground-'));
    try {
      const file = join(dir, 'sandbox.sqlite');
      const first = await startPlayground({ port: 0, file });
      const firstUrl = first.url;
      await first.close();
      const second = await startPlayground({ port: 0, file });
      try {
        const response = await fetch(`${second.url}/go/demo`, { redirect: 'manual' });
        expect(response.headers.get('location')).toMatch(
          new RegExp(`^${second.url}/\\?pimms_id=[\\w-]{16}$`),
        );
        expect(second.url).not.toBe(firstUrl);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['/', '/signup', '/welcome'])(
    'serves %s with the stub and the snippet under a strict CSP',
    async (path) => {
      const response = await fetch(playground.url + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self';/);
      const html = await response.text();
      expect(html).toContain('<script src="/stub.js"></script>');
      expect(html).toContain(
        '<script src="/pimms.js" data-endpoint="/api/pimms/lead" defer></script>',
      );
      // No inline script or event-handler attribute: the CSP would block them.
      expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|\son[a-z]+=/i);
      expect(html).not.toContain(SANDBOX_KEY);
    },
  );

  it('loads the debug build with ?debug', async () => {
    const html = await (await fetch(`${playground.url}/signup?debug`)).text();
    expect(html).toContain(
      '<script src="/pimms.debug.js" data-endpoint="/api/pimms/lead" data-debug defer></script>',
    );
    expect(html).not.toContain('src="/pimms.js"');
  });

  it('has a declarative form with e-mail, name and password, and a scripted form that is never submitted', async () => {
    const html = await (await fetch(`${playground.url}/signup`)).text();
    expect(html).toContain('<form data-pimms-lead="Sign up" method="post" action="/welcome">');
    expect(html).toMatch(/<input type="password" name="password"/);
    expect(html).toContain('<form id="scripted-signup">');
    expect(html).toContain('<script src="/signup.js" defer></script>');
    const script = await fetch(`${playground.url}/signup.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("window.pimms.lead('Sign up'");
  });

  it('says on the landing page where the click id came from, escaped', async () => {
    const fromUrl = await (
      await fetch(`${playground.url}/?pimms_id=${encodeURIComponent('cl_<b>x</b>')}`)
    ).text();
    expect(fromUrl).toContain('<code>?pimms_id=cl_&lt;b&gt;x&lt;/b&gt;</code>');
    const fromCookie = await (
      await fetch(`${playground.url}/`, { headers: { Cookie: 'pimms_id=cl_abc' } })
    ).text();
    expect(fromCookie).toContain('cookie holds <code>cl_abc</code>');
    const direct = await (await fetch(`${playground.url}/`)).text();
    expect(direct).toContain('<a href="/go/demo">demo short link</a>');
  });

  it('signs nobody in on a plain GET /welcome', async () => {
    const response = await fetch(`${playground.url}/welcome`);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).not.toContain('signed in');
  });

  it('greets a sign-up by name, signs the user in, and does not echo the password', async () => {
    const response = await fetch(`${playground.url}/welcome`, {
      method: 'POST',
      body: new URLSearchParams({
        email: 'ada@example.com',
        name: '<Ada>',
        password: 'hunter2-secret',
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(
      /^playground_user=user_[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const html = await response.text();
    expect(html).toContain('<h1>Welcome, &lt;Ada&gt;</h1>');
    expect(html).not.toContain('hunter2-secret');
  });

  it('relays a lead to the sandbox through the pimms SDK', async () => {
    const clickId = await click();
    const response = await postLead({
      eventId: 'ev_1',
      clickId,
      eventName: 'Sign up',
      externalId: 'anon_1',
      customerEmail: 'ada@example.com',
    });
    expect(response.status).toBe(200);
    expect(playground.sandbox.leads()).toMatchObject([
      { clickId, eventName: 'Sign up', externalId: 'anon_1', customerEmail: 'ada@example.com' },
    ]);
  });

  it('puts the signed-in demo user in externalId (enrich)', async () => {
    const clickId = await click();
    const welcome = await fetch(`${playground.url}/welcome`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'Ada' }),
    });
    const cookie = welcome.headers.get('set-cookie')!.split(';')[0]!;
    const response = await postLead(
      { eventId: 'ev_2', clickId, eventName: 'Sign up', externalId: 'anon_1' },
      { Cookie: cookie },
    );
    expect(response.status).toBe(200);
    expect(playground.sandbox.leads()[0]!.externalId).toBe(cookie.split('=')[1]);
  });

  it('ignores a demo cookie that is not a user id the site made', async () => {
    const clickId = await click();
    await postLead(
      { eventId: 'ev_3', clickId, eventName: 'Sign up', externalId: 'anon_1' },
      { Cookie: 'playground_user=x' },
    );
    expect(playground.sandbox.leads()[0]!.externalId).toBe('anon_1');
  });

  it('refuses leads from another site', async () => {
    const response = await postLead(
      { eventId: 'ev_4', clickId: await click(), eventName: 'Sign up' },
      { Origin: 'http://evil.test' },
    );
    expect(response.status).toBe(403);
    expect(playground.sandbox.leads()).toEqual([]);
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    expect((await fetch(`${playground.url}/nope`)).status).toBe(404);
    const wrong = await fetch(`${playground.url}/signup`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${playground.url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${playground.url}/favicon.ico`)).status).toBe(204);
  });
});

describe('startPlayground with apiKey', () => {
  let upstream: UpstreamStub;
  let real: Playground;

  beforeEach(async () => {
    upstream = await startUpstreamStub((request) => ({
      status: 200,
      body: trackedLead(JSON.parse(request.body).clickId, 'anon_1'),
    }));
    real = await startPlayground({
      port: 0,
      file: ':memory:',
      apiKey: 'pimms_real_key_0123456789abcdef',
      apiUrl: upstream.url,
    });
  });

  afterEach(async () => {
    await real.close();
    await upstream.close();
  });

  it('forwards leads to the PIMMS API with that key, not to the sandbox', async () => {
    expect(real.forwardsTo).toBe(upstream.url);
    const response = await fetch(`${real.url}/api/pimms/lead`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({
        eventId: 'ev_r',
        clickId: 'cl_real',
        eventName: 'Sign up',
        externalId: 'anon_1',
      }),
    });
    expect(response.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.path).toBe('/track/lead');
    expect(upstream.requests[0]!.headers.get('authorization')).toBe(
      'Bearer pimms_real_key_0123456789abcdef',
    );
    expect(real.sandbox.leads()).toEqual([]);
  });

  it('never shows the key in a page', async () => {
    for (const path of ['/', '/signup', '/welcome']) {
      const html = await (await fetch(real.url + path)).text();
      expect(html).not.toContain('pimms_real_key');
      expect(html).toContain(upstream.url);
    }
  });
});
