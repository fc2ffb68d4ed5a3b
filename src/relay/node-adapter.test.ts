import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLeadRelay } from './create-lead-relay.ts';
import { serve, type ServedHandler } from './serve.ts';

let servers: ServedHandler[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function start(handler: (request: Request) => Promise<Response>): Promise<ServedHandler> {
  const server = await serve(handler);
  servers.push(server);
  return server;
}

describe('serve and toNodeHandler', () => {
  it('listens on 127.0.0.1, on a free port each time', async () => {
    const a = await start(async () => new Response('a'));
    const b = await start(async () => new Response('b'));
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url).not.toBe(b.url);
    expect(await (await fetch(a.url)).text()).toBe('a');
  });

  it('hands the handler a Request with the method, URL, headers and text/plain body', async () => {
    let seen:
      | { method: string; url: string; type: string | null; origin: string | null; body: string }
      | undefined;
    const server = await start(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        type: request.headers.get('content-type'),
        origin: request.headers.get('origin'),
        body: await request.text(),
      };
      const headers = new Headers({ 'X-One': '1' });
      headers.append('Set-Cookie', 'a=1; Path=/');
      headers.append('Set-Cookie', 'b=2; Path=/');
      return new Response('{"ok":true}', { status: 201, headers });
    });
    const response = await fetch(`${server.url}/api/pimms?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://shop.example' },
      body: '{"eventName":"Sign up ✓"}',
    });
    expect(seen).toEqual({
      method: 'POST',
      url: `${server.url}/api/pimms?x=1`,
      type: 'text/plain;charset=UTF-8',
      origin: 'https://shop.example',
      body: '{"eventName":"Sign up ✓"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-one')).toBe('1');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('answers a relay preflight and 405 over HTTP', async () => {
    const server = await start(createLeadRelay({ apiKey: 'k', log: () => {} }));
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: server.url },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(server.url);
    const get = await fetch(server.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('delivers the relay’s 413 for an oversized streamed body, and closes the connection', async () => {
    const server = await start(createLeadRelay({ apiKey: 'k', maxBodyBytes: 1024, log: () => {} }));
    const { status, headers, body } = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
      body: string;
    }>((resolve, reject) => {
      // Chunked, no Content-Length: the bound is enforced while reading.
      const req = httpRequest(
        `${server.url}/`,
        { method: 'POST', headers: { 'content-type': 'text/plain' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: text }),
          );
        },
      );
      req.on('error', reject);
      req.write('{"metadata":{"pad":"');
      req.write('x'.repeat(8 * 1024));
      // Never ends the body: the relay must answer without waiting for the rest.
    });
    expect(status).toBe(413);
    expect(headers.connection).toBe('close');
    expect(JSON.parse(body).error.code).toBe('payload_too_large');
  });

  it('aborts the request signal when the client goes away', async () => {
    let aborted!: Promise<boolean>;
    let called!: () => void;
    const reached = new Promise<void>((resolve) => (called = resolve));
    const server = await start(async (request) => {
      aborted = new Promise((resolve) =>
        request.signal.addEventListener('abort', () => resolve(true)),
      );
      called();
      await aborted;
      return new Response(null);
    });
    const client = new AbortController();
    const pending = fetch(server.url, { signal: client.signal }).catch(() => 'aborted');
    // Once the handler runs (not after a fixed 50 ms, which a loaded machine overshoots).
    await reached;
    client.abort();
    expect(await pending).toBe('aborted');
    expect(await aborted).toBe(true);
  });

  it('answers a bare 500 when the handler throws', async () => {
    const server = await start(async () => {
      throw new Error('bug');
    });
    const response = await fetch(server.url);
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
