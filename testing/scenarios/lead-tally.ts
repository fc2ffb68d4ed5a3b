/**
 * What the endpoint saw of one click's lead: the POSTs that reached it, what the relay forwarded to
 * the sandbox, and what the sandbox recorded. The delivery tests and scenarios count from this.
 */
import type { Endpoint } from '../servers/endpoint.ts';

/** One click's lead, as the endpoint saw it. */
export interface LeadTally {
  /** The click id the lead was made for. */
  clickId: string;
  /** Lead rows the sandbox (PIMMS) recorded for the click: 1 when delivered once. */
  leads: number;
  /** Times the relay forwarded the lead to the sandbox (a 409 there counts: it is a repeat that got through the relay). */
  forwarded: number;
  /**
   * Times the lead reached PIMMS beyond the first: extra rows, plus the repeats PIMMS answered
   * 200 without recording (it never answers 409; a 409 of an older sandbox still counts).
   */
  duplicates: number;
  /** Lead POSTs that reached the endpoint for the click (fetch and beacon, answered or faulted). */
  posts: number;
  /** Of those, how many were answered 2xx (the first, and repeats the relay answered from its eventId cache). */
  postsOk: number;
  /** The distinct eventIds those POSTs carried: 1 for one lead, however often it was resent. */
  eventIds: string[];
  /** CORS preflights the endpoint received (for every click: preflights carry no body). */
  preflights: number;
}

/**
 * Counts what the endpoint saw of a click's lead.
 *
 * @param endpoint - The endpoint the lead went to.
 * @param clickId - The click.
 * @returns The counts; `leads == 1 && duplicates == 0` is a lead delivered once.
 * @example
 * expect(tallyLead(endpoint, clickId)).toMatchObject({ leads: 1, duplicates: 0 });
 */
export function tallyLead(endpoint: Endpoint, clickId: string): LeadTally {
  const posts = endpoint.received.filter((r) => r.method == 'POST' && r.json?.clickId == clickId);
  const forwarded = endpoint.forwarded.filter((f) => f.json.clickId == clickId);
  const leads = endpoint.sandbox.leads().filter((lead) => lead.clickId == clickId).length;
  return {
    clickId,
    leads,
    forwarded: forwarded.length,
    duplicates:
      Math.max(0, leads - 1) +
      Math.max(0, forwarded.filter((f) => f.status == 200).length - leads) +
      forwarded.filter((f) => f.status == 409).length,
    posts: posts.length,
    postsOk: posts.filter((r) => r.status! > 199 && r.status! < 300).length,
    eventIds: [...new Set(posts.map((r) => r.json!.eventId as string).filter(Boolean))],
    preflights: endpoint.received.filter((r) => r.method == 'OPTIONS').length,
  };
}

/**
 * Every request an endpoint received, one line each, for a failure message.
 *
 * @param endpoint - The endpoint.
 * @returns e.g. `"  12ms POST -> 503: {...}"` lines.
 * @example
 * console.log(describeReceived(endpoint));
 */
export function describeReceived(endpoint: Endpoint): string {
  const lines = endpoint.received.map(
    (r) => `  ${r.at}ms ${r.method} -> ${r.status ?? 'no answer yet'}: ${r.text}`,
  );
  const forwarded = endpoint.forwarded.map(
    (f) => `  ${f.at}ms forwarded -> ${f.status}: ${JSON.stringify(f.json)}`,
  );
  return [...lines, ...forwarded].join('\n');
}
