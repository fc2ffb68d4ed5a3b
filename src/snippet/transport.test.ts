// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fakeEndpoint } from '../../testing/unit/snippet-endpoint.ts';
import { BEACON, send } from './transport.ts';

const json = JSON.stringify({ eventId: 'e1' });

describe('send', () => {
  it('uses fetch with keepalive and a text/plain string body, and reads the answer', async () => {
    const { sent } = fakeEndpoint([
      [
        429,
        { 'Retry-After': '7' },
        { error: { code: 'rate_limit_exceeded', message: 'Slow down' } },
      ],
    ]);
    expect(await send('/api/pimms/lead', json)).toEqual([429, 7, 'Slow down']);
    expect(sent[0]).toMatchObject({
      by: 'fetch',
      url: '/api/pimms/lead',
      init: { method: 'POST', keepalive: true, body: json },
    });
    // No content-type header: a string body goes as text/plain;charset=UTF-8, with no CORS preflight.
    expect(sent[0].init!.headers).toBeUndefined();
  });

  it('reads a 2xx without an error message', async () => {
    fakeEndpoint([200]);
    expect(await send('/e', json)).toEqual([200, 0, undefined]);
  });

  it('reports a network error as status 0, without a beacon (it would send the lead twice)', async () => {
    const { sent } = fakeEndpoint(['network']);
    expect(await send('/e', json)).toEqual([0]);
    expect(sent.map((s) => s.by)).toEqual(['fetch']);
  });

  it('falls back to a beacon when fetch throws', async () => {
    const { sent } = fakeEndpoint();
    vi.stubGlobal('fetch', () => {
      throw new TypeError('fetch is not a function');
    });
    expect(await send('/e', json)).toEqual([BEACON]);
    expect(sent.map((s) => s.by)).toEqual(['beacon']);
  });

  it('uses a beacon when the page is going away', async () => {
    const { sent } = fakeEndpoint();
    expect(await send('/e', json, true)).toEqual([BEACON]);
    expect(sent).toEqual([{ by: 'beacon', url: '/e', body: { eventId: 'e1' } }]);
  });

  it('falls back to fetch when the beacon is refused or missing', async () => {
    const { sent, state } = fakeEndpoint([202, 202]);
    state.beacon = false;
    expect(await send('/e', json, true)).toEqual([202, 0, undefined]);
    state.beacon = 'missing';
    expect(await send('/e', json, true)).toEqual([202, 0, undefined]);
    expect(sent.map((s) => s.by)).toEqual(['fetch', 'fetch']);
  });
});
