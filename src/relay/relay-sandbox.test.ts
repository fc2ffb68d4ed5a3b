// The whole server path over loopback: relay → real `pimms` SDK → sandbox served on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../sandbox/index.ts';
import type { RelayAnswer, RelayErrorBody } from './answers.ts';
import { createLeadRelay, type LeadRelay } from './create-lead-relay.ts';
import { serve, type ServedHandler } from './serve.ts';

const KEY = 'pimms_test_key_relay_4d1e9a';
const SHOP = 'http://shop.test';

let sandbox: Sandbox;
let api: ServedHandler;
let relay: LeadRelay;
let lines: string[];

beforeEach(async () => {
  sandbox = createSandbox({
    file: ':memory:',
    apiKeys: [KEY],
    links: [{ key: 'demo', url: `${SHOP}/signup` }],
  });
  api = await serve(sandbox.handler);
  lines = [];
  relay = createLeadRelay({ apiKey: KEY, serverURL: api.url, log: (line) => lines.push(line) });
});

afterEach(async () => {
  await api.close();
  sandbox.close();
});

/** Follows the short link as a visitor would and returns the `pimms_id` it lands with. */
async function click(): Promise<string> {
  const response = await fetch(`${api.url}/go/demo`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!).searchParams.get('pimms_id')!;
}

function post(body: object): Request {
  return new Request(`${SHOP}/api/pimms`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: SHOP },
    body: JSON.stringify(body),
  });
}

describe('relay → pimms SDK → sandbox', () => {
  it('records a valid lead with the fields sent', async () => {
    const clickId = await click();
    const response = await relay(
      post({
        eventId: 'ev_sandbox_1',
        clickId,
        eventName: 'Sign up',
        externalId: 'user_42',
        customerName: 'Ada Lovelace',
        customerEmail: 'ada@example.com',
        customerAvatar: 'https://example.com/ada.png',
        metadata: { path: '/signup', utm_source: 'newsletter' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect((await response.json()) as RelayAnswer).toEqual({
      ok: true,
      eventId: 'ev_sandbox_1',
      click: { id: clickId },
      customer: {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        avatar: 'https://example.com/ada.png',
        externalId: 'user_42',
      },
    });
    expect(sandbox.leads()).toEqual([
      expect.objectContaining({
        clickId,
        linkKey: 'demo',
        eventName: 'Sign up',
        externalId: 'user_42',
        customerName: 'Ada Lovelace',
        customerEmail: 'ada@example.com',
        customerAvatar: 'https://example.com/ada.png',
        metadata: { path: '/signup', utm_source: 'newsletter' },
      }),
    ]);
    expect(lines).toEqual([]);
  });

  it("takes PIMMS' deprecated customerId as the externalId (the SDK would not send it)", async () => {
    const clickId = await click();
    const alone = await relay(post({ clickId, eventName: 'Sign up', customerId: ' c_1 ' }));
    expect(alone.status).toBe(200);
    const both = { clickId, eventName: 'Trial', externalId: 'e_2', customerId: 'c_2' };
    expect((await relay(post(both))).status).toBe(200);
    expect(
      sandbox
        .leads()
        .map((lead) => [lead.eventName, lead.externalId])
        .sort(),
    ).toEqual([
      ['Sign up', 'c_1'],
      ['Trial', 'c_2'],
    ]);
  });

  it('forwards a repeated eventId once, sequential or concurrent', async () => {
    const lead = {
      eventId: 'ev_repeat',
      clickId: await click(),
      eventName: 'Sign up',
      externalId: 'user_7',
    };
    const concurrent = await Promise.all([relay(post(lead)), relay(post(lead))]);
    const later = await relay(post(lead));
    expect([...concurrent, later].map((r) => r.status)).toEqual([200, 200, 200]);
    expect([...concurrent, later].map((r) => r.headers.get('x-pimms-duplicate'))).toEqual([
      null,
      '1',
      '1',
    ]);
    expect(sandbox.leads()).toHaveLength(1);
  });

  it('answers 200 for a repeat of the same externalId and event under another eventId, as PIMMS does (no 409), and the sandbox records it once', async () => {
    const lead = { clickId: await click(), eventName: 'Sign up', externalId: 'user_7' };
    expect((await relay(post({ ...lead, eventId: 'ev_a' }))).status).toBe(200);
    const repeat = await relay(post({ ...lead, eventId: 'ev_b' }));
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('x-pimms-duplicate')).toBeNull();
    expect(sandbox.leads()).toHaveLength(1);
  });

  it('answers 404 not_found, final and remembered, for an unknown click', async () => {
    const lead = {
      eventId: 'ev_unknown',
      clickId: 'cl_doesnotexist',
      eventName: 'Sign up',
      externalId: 'user_1',
    };
    const response = await relay(post(lead));
    expect(response.status).toBe(404);
    expect(response.headers.get('x-pimms-retryable')).toBe('0');
    const { error } = (await response.json()) as RelayErrorBody;
    expect(error).toMatchObject({ code: 'not_found', retryable: false });
    expect(error.message).toContain('cl_doesnotexist');
    expect((await relay(post(lead))).headers.get('x-pimms-duplicate')).toBe('1');
    expect(sandbox.leads()).toEqual([]);
  });

  it('keeps the lead retryable when the sandbox refuses the relay’s key', async () => {
    const wrongKey = createLeadRelay({
      apiKey: 'pimms_wrong_key_123',
      serverURL: api.url,
      log: (line) => lines.push(line),
    });
    const lead = {
      eventId: 'ev_key',
      clickId: await click(),
      eventName: 'Sign up',
      externalId: 'user_1',
    };
    const refused = await wrongKey(post(lead));
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as RelayErrorBody).error).toMatchObject({
      code: 'upstream_auth',
      retryable: true,
    });
    expect(lines.join('\n')).not.toContain('pimms_wrong_key_123');
    // Once the site's key is fixed, the same lead goes through.
    expect((await relay(post(lead))).status).toBe(200);
    expect(sandbox.leads()).toHaveLength(1);
  });

  it('carries a text/plain lead from an HTTP client through the Node adapter to the sandbox', async () => {
    const served = await serve(relay);
    try {
      const clickId = await click();
      const response = await fetch(`${served.url}/api/pimms`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: served.url },
        body: JSON.stringify({
          eventId: 'ev_http',
          clickId,
          eventName: 'Demo request',
          externalId: 'user_9',
        }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(served.url);
      expect(await response.json()).toMatchObject({
        ok: true,
        eventId: 'ev_http',
        click: { id: clickId },
      });
      expect(sandbox.leads()).toEqual([
        expect.objectContaining({ clickId, eventName: 'Demo request', externalId: 'user_9' }),
      ]);
    } finally {
      await served.close();
    }
  });
});
