/**
 * What the relay benchmarks' child processes (relay-servers.ts, redis-servers.ts) share: the key
 * their relays hold, the page origin the load generators send from, and PIMMS' answer as their
 * stub upstream gives it. A module of its own, without side effects: importing either child module
 * in the parent would start its servers.
 */

/** The PIMMS key the benchmark relays hold (and the sandbox accepts). */
export const BENCH_KEY = 'pimms_bench_key';

/** The page origin the load generators send leads from; allowed, as a site's own pages are. */
export const PAGE_ORIGIN = 'http://127.0.0.1:8080';

/**
 * What PIMMS answers to POST /track/lead (the SDK parses and checks it), read as PIMMS would read
 * the request first (an unread body would leave its stream open).
 *
 * @param input - The SDK's request.
 * @param init - Its options.
 * @returns A 200 with a tracked lead.
 * @example
 * createLeadRelay({ apiKey: BENCH_KEY, fetch: answerTracked, serverURL: 'http://pimms.invalid' })
 */
export async function answerTracked(
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  await new Request(input, init).text();
  return new Response(TRACKED, { status: 200, headers: { 'content-type': 'application/json' } });
}

const TRACKED = JSON.stringify({
  click: { id: 'cl_bench' },
  customer: { name: null, email: 'ada@example.com', avatar: null, externalId: 'visitor' },
});
