/**
 * A fake endpoint for snippet unit tests: stubs `fetch` and `navigator.sendBeacon`, records what
 * they were given, and answers with the statuses a test queues.
 */
import { vi } from 'vitest';

/** One recorded request. */
export interface Sent {
  /** `fetch` or `beacon`. */
  by: 'fetch' | 'beacon';
  url: string;
  /** The JSON body, parsed. */
  body: Record<string, unknown>;
  /** The fetch options (method, keepalive). */
  init?: RequestInit;
}

/** One landing request (`POST <endpoint>?pimms_id=<id>`, empty body): kept apart from the leads. */
export interface Landing {
  by: 'fetch' | 'beacon';
  url: string;
  /** The fetch options (method, keepalive, credentials). */
  init?: RequestInit;
}

/**
 * Installs the fake endpoint. A request with an empty body is a landing request: it is recorded
 * in `landings` (not in `sent`) and answered 204, without taking one of `answers`.
 *
 * @param answers - Answers for successive fetches: a status, `[status, headers, body]`, or
 *   `'network'` for a network error. After the last, 200.
 * @returns The recorded leads and landing requests, and a switch for the beacon's answer.
 * @example
 * const endpoint = fakeEndpoint([503, 200])
 */
export function fakeEndpoint(
  answers: (number | 'network' | [number, Record<string, string>, unknown])[] = [],
) {
  const sent: Sent[] = [];
  const landings: Landing[] = [];
  const state = { beacon: true as boolean | 'missing' };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      if (init.body === '') {
        landings.push({ by: 'fetch', url, init });
        return new Response(null, { status: 204 });
      }
      sent.push({ by: 'fetch', url, body: JSON.parse(init.body as string), init });
      const answer = answers.shift() ?? 200;
      if (answer == 'network') throw new TypeError('Failed to fetch');
      const [status, headers, body] =
        typeof answer == 'number'
          ? [
              answer,
              {},
              status2xx(answer)
                ? { ok: true }
                : { error: { code: 'x', message: 'HTTP ' + answer + ' says no' } },
            ]
          : answer;
      return new Response(JSON.stringify(body), { status, headers });
    }),
  );
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    get: () =>
      state.beacon == 'missing'
        ? undefined
        : (url: string, data: string) => {
            if (!state.beacon) return false;
            if (data === '') return !!landings.push({ by: 'beacon', url });
            sent.push({ by: 'beacon', url, body: JSON.parse(data) });
            return true;
          },
  });
  return { sent, landings, state };
}

function status2xx(status: number): boolean {
  return status > 199 && status < 300;
}
