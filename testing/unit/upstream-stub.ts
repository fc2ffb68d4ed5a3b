/**
 * A stand-in PIMMS API for the relay's tests: a loopback HTTP server that records what it
 * received and answers what the test chooses. Not part of the relay.
 */
import { serve } from '../../src/relay/serve.ts';

/** A request the stub received. */
export interface StubRequest {
  method: string;
  path: string;
  headers: Headers;
  body: string;
}

/** What the stub answers: a status, headers and a JSON body (a string is sent as is); or no answer at all. */
export type StubAnswer =
  { status: number; headers?: Record<string, string>; body?: unknown } | 'hang';

/** A running stub. */
export interface UpstreamStub {
  /** Base URL, for the relay's `serverURL`. */
  url: string;
  /** Every request received, in order. */
  requests: StubRequest[];
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Starts a stub PIMMS API on 127.0.0.1, any free port.
 *
 * @param answer - Chooses the answer to each request (the second argument counts from 0).
 * @returns The stub.
 * @example
 * const stub = await startUpstreamStub(() => ({ status: 429, headers: { 'Retry-After': '7' }, body: { error: { code: 'rate_limit_exceeded', message: 'slow down' } } }));
 */
export async function startUpstreamStub(
  answer: (request: StubRequest, index: number) => StubAnswer | Promise<StubAnswer>,
): Promise<UpstreamStub> {
  const requests: StubRequest[] = [];
  const served = await serve(async (request) => {
    const received: StubRequest = {
      method: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
      body: await request.text(),
    };
    requests.push(received);
    const chosen = await answer(received, requests.length - 1);
    if (chosen == 'hang') {
      // Never answers; the adapter aborts the signal once the client gives up.
      await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
      return new Response(null, { status: 499 });
    }
    const body = typeof chosen.body == 'string' ? chosen.body : JSON.stringify(chosen.body ?? null);
    return new Response(body, {
      status: chosen.status,
      headers: { 'Content-Type': 'application/json', ...chosen.headers },
    });
  });
  return { url: served.url, requests, close: served.close };
}

/** A 200 body as the PIMMS API sends it for a lead. */
export function trackedLead(clickId: string, externalId: string | null = 'user_1') {
  return {
    click: { id: clickId },
    customer: { name: null, email: null, avatar: null, externalId },
  };
}
