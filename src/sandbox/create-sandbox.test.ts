import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandbox } from './index.ts';
import { API_KEY, startSandbox, type TestSandbox } from '../../testing/unit/sandbox-fixture.ts';

let sandbox: TestSandbox;
afterEach(() => sandbox?.close());

describe('routing', () => {
  it.each(['/', '/track', '/track/lead/extra', '/api/leads/1', '/go', '/leads.json'])(
    'answers 404 not_found JSON for %s',
    async (path) => {
      sandbox = startSandbox();
      const response = await sandbox.fetch(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('Content-Type')).toBe('application/json');
      expect((await response.json()).error).toEqual({
        code: 'not_found',
        message: expect.stringContaining(path),
      });
    },
  );

  it.each([
    ['GET', '/track/lead', 'POST'],
    ['PUT', '/track/lead', 'POST'],
    ['GET', '/links', 'POST'],
    ['POST', '/api/leads', 'GET'],
    ['DELETE', '/api/clicks', 'GET'],
    ['POST', '/leads', 'GET'],
    ['POST', '/go/demo', 'GET'],
  ])('answers 405 with Allow for %s %s', async (method, path, allow) => {
    sandbox = startSandbox();
    const response = await sandbox.fetch(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe(allow);
    expect((await response.json()).error.code).toBe('method_not_allowed');
    expect(sandbox.clicks()).toEqual([]);
  });

  it('matches on the pathname only, whatever the origin and query', async () => {
    sandbox = startSandbox();
    const response = await sandbox.handler(
      new Request('https://pimms.localhost:9999/api/leads?page=2'),
    );
    expect(response.status).toBe(200);
  });

  it('answers 500 internal_server_error in the API shape when the database is gone', async () => {
    sandbox = startSandbox();
    const clickId = await sandbox.click();
    sandbox.close();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await sandbox.track({ clickId, eventName: 'Sign up', externalId: 'u1' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: 'internal_server_error', message: 'Internal server error' },
    });
    expect(logged).toHaveBeenCalledWith('[pimms] sandbox:', expect.any(Error));
    sandbox = startSandbox(); // afterEach closes this one instead.
  });
});

describe('options', () => {
  it.each([
    ['no key', { apiKeys: [] }, /apiKeys/],
    ['an empty key', { apiKeys: [API_KEY, ''] }, /apiKeys/],
    ['a blank key', { apiKeys: ['  '] }, /apiKeys/],
    [
      'a link to javascript:',
      { links: [{ key: 'x', url: 'javascript:alert(1)' }] },
      /links: url must be an http\(s\) URL/,
    ],
    [
      'a link with a bad key',
      { links: [{ key: 'a b', url: 'https://site.test/' }] },
      /links: key may hold only/,
    ],
  ])('refuses %s', (_, options, message) => {
    expect(() => createSandbox({ file: ':memory:', apiKeys: [API_KEY], ...options })).toThrow(
      message,
    );
  });
});

describe('GET /api/leads and /api/clicks', () => {
  it('list the rows as stored, newest first, as JSON', async () => {
    sandbox = startSandbox();
    const first = await sandbox.click();
    const second = await sandbox.click();
    await sandbox.track({ clickId: first, eventName: 'Sign up', externalId: 'u1' });
    await sandbox.track({
      clickId: second,
      eventName: 'Sign up',
      externalId: 'u2',
      metadata: { plan: 'pro' },
    });

    const leads = await sandbox.fetch('/api/leads');
    expect(leads.headers.get('Content-Type')).toBe('application/json');
    expect(leads.headers.get('Cache-Control')).toBe('no-store');
    const leadRows = await leads.json();
    expect(leadRows.map((lead: { externalId: string }) => lead.externalId)).toEqual(['u2', 'u1']);
    expect(leadRows).toEqual(sandbox.leads());
    expect(leadRows[0].metadata).toEqual({ plan: 'pro' });

    const clickRows = await (await sandbox.fetch('/api/clicks')).json();
    expect(clickRows.map((click: { id: string }) => click.id)).toEqual([second, first]);
    expect(clickRows).toEqual(sandbox.clicks());
  });

  it('answer an empty array before anything happened', async () => {
    sandbox = startSandbox();
    expect(await (await sandbox.fetch('/api/leads')).json()).toEqual([]);
    expect(await (await sandbox.fetch('/api/clicks')).json()).toEqual([]);
  });
});

describe('GET /leads', () => {
  it('lists links, leads and clicks, escaping every value', async () => {
    sandbox = startSandbox();
    const clickId = await sandbox.click();
    const response = await sandbox.track({
      clickId,
      eventName: 'Sign "up" & <b>win</b>',
      externalId: "o'brien",
      customerName: '<script>alert(1)</script>',
      metadata: { '<img src=x onerror=alert(2)>': '</pre><script>alert(3)</script>' },
    });
    expect(response.status).toBe(200);

    const page = await sandbox.fetch('/leads');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).not.toMatch(/<script|<img|<b>win/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Sign &quot;up&quot; &amp; &lt;b&gt;win&lt;/b&gt;');
    expect(html).toContain('o&#39;brien');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain(clickId);
    expect(html).toContain('/go/demo');
    expect(html).toContain('https://site.test/signup?ref=ad');
    expect(html).toMatch(/<meta http-equiv="refresh" content="\d+">/);
  });

  it('says so when there is nothing yet', async () => {
    sandbox = startSandbox({ links: [] });
    const html = await (await sandbox.fetch('/leads')).text();
    expect(html).toContain('No leads yet.');
    expect(html).toContain('No clicks yet.');
    expect(html).toContain('No short links yet');
  });
});

describe('persistence', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pimms-sandbox-'));
    dirs.push(dir);
    return join(dir, 'nested', 'sandbox.db');
  };

  it('keeps links, clicks and leads across a restart on the same file, and keeps de-duplicating', async () => {
    const file = tempFile();
    sandbox = startSandbox({ file });
    expect(existsSync(file)).toBe(true);
    const clickId = await sandbox.click();
    const lead = { clickId, eventName: 'Sign up', externalId: 'u1', metadata: { plan: 'pro' } };
    expect((await sandbox.track(lead)).status).toBe(200);
    const [leads, clicks] = [sandbox.leads(), sandbox.clicks()];
    sandbox.close();

    // The link given at start exists already, so the restart keeps its destination.
    sandbox = startSandbox({ file, links: [{ key: 'demo', url: 'https://changed.test/' }] });
    expect(sandbox.leads()).toEqual(leads);
    expect(sandbox.clicks()).toEqual(clicks);
    // PIMMS answers a repeat 200 and records nothing (never 409): its de-dup key outlives restarts.
    expect((await sandbox.track(lead)).status).toBe(200);
    expect(sandbox.leads()).toHaveLength(1);
    expect((await sandbox.track({ ...lead, externalId: 'u2' })).status).toBe(200);
    expect(sandbox.leads()).toHaveLength(2);
    expect((await sandbox.fetch('/go/demo')).headers.get('Location')).toMatch(
      /^https:\/\/site\.test\/signup\?ref=ad&pimms_id=/,
    );
  });

  it('refuses a repeat sent to another sandbox open on the same file', async () => {
    const file = tempFile();
    sandbox = startSandbox({ file });
    const other = startSandbox({ file });
    try {
      const lead = { clickId: await sandbox.click(), eventName: 'Sign up', externalId: 'u1' };
      expect((await other.track(lead)).status).toBe(200);
      expect((await sandbox.track({ ...lead, eventName: 'SIGN UP' })).status).toBe(200);
      expect(sandbox.leads()).toHaveLength(1);
    } finally {
      other.close();
    }
  });
});
