/**
 * How the playground fills the delivery log: it runs each relay request in a context of its own
 * (AsyncLocalStorage), so that the relay's events (`onEvent`) and the upstream call made on their
 * behalf are tied to the request that caused them, and it watches that call (the relay's `fetch`)
 * to learn what the sandbox answered and whether it stored a lead row.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RelayEvent } from '../relay/relay-event.ts';
import type { SandboxLead } from '../sandbox/index.ts';
import type { DeliveryLog, UpstreamCall } from './delivery-log.ts';
import type { Handler } from './router.ts';
import { OUTAGE_HEADER } from './simulated-outage.ts';

/** The three hooks, from {@link createDeliveryTrace}. */
export interface DeliveryTrace {
  /** Wraps the relay's handler: one numbered context per request. */
  wrapRelay(relay: Handler): Handler;
  /** For `createLeadRelay({ onEvent })`: logs the event under its request. */
  onEvent(event: RelayEvent): void;
  /** For `createLeadRelay({ fetch })`: `globalThis.fetch`, logging each `POST /track/lead` answer. */
  fetch: typeof fetch;
}

/** Settings of {@link createDeliveryTrace}. */
export interface DeliveryTraceOptions {
  /**
   * The sandbox's leads, newest first, when the relay forwards to it: a 2xx is then checked
   * against its rows (recorded, or a repeat it answered 200 and ignored). Absent for the real
   * PIMMS API, whose 2xx says neither.
   */
  leads?: () => SandboxLead[];
}

/**
 * Makes the hooks that fill a delivery log.
 *
 * @param log - Where entries go.
 * @param options - See {@link DeliveryTraceOptions}.
 * @example
 * const trace = createDeliveryTrace(log, { leads: () => sandbox.leads() });
 * const relay = trace.wrapRelay(createLeadRelay({ onEvent: trace.onEvent, fetch: trace.fetch }));
 */
export function createDeliveryTrace(
  log: DeliveryLog,
  options: DeliveryTraceOptions = {},
): DeliveryTrace {
  const requests = new AsyncLocalStorage<number>();
  let counter = 0;
  return {
    wrapRelay: (relay) => (request) => requests.run(++counter, () => relay(request)),
    onEvent(event) {
      log.add({ source: 'relay', event, request: requests.getStore() });
    },
    async fetch(input, init) {
      // The call goes out exactly as the relay made it (its Request and the signal of its own
      // timeout): only a copy of the body is read, for the three fields the view shows.
      const request = input instanceof Request ? input : undefined;
      const url = request ? request.url : String(input);
      const method = init?.method ?? request?.method ?? 'GET';
      if (method != 'POST' || !new URL(url).pathname.endsWith('/track/lead'))
        return globalThis.fetch(input, init);
      const body =
        typeof init?.body == 'string'
          ? init.body
          : request && !init?.body
            ? await request.clone().text()
            : '';
      const sent = readSent(body);
      // Before the call: a row created at or after this instant was created by it.
      const started = new Date().toISOString();
      const requestNumber = requests.getStore();
      let response: Response;
      try {
        response = await globalThis.fetch(input, init);
      } catch (error) {
        log.add({ source: 'upstream', request: requestNumber, call: { status: 0, ...sent } });
        throw error;
      }
      const call: UpstreamCall = { status: response.status, ...sent };
      if (response.headers.get(OUTAGE_HEADER)) call.simulated = true;
      else if (options.leads && response.ok)
        Object.assign(call, checkRecorded(options.leads(), sent, started));
      log.add({ source: 'upstream', request: requestNumber, call });
      return response;
    },
  };
}

type Sent = Pick<UpstreamCall, 'clickId' | 'eventName' | 'externalId'>;

// Only the three fields the view shows: the customer's e-mail and name stay out of the log.
function readSent(text: string): Sent {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: nothing to show.
  }
  const sent: Sent = {};
  for (const name of ['clickId', 'eventName', 'externalId'] as const) {
    const value = body?.[name];
    if (typeof value == 'string') sent[name] = value.slice(0, 255);
  }
  return sent;
}

/**
 * Whether a 2xx of the sandbox stored a lead row: a row of this click, externalId and event name
 * created since the call began. Otherwise the sandbox ignored a repeat (PIMMS answers a repeat of
 * (externalId, event name) with its usual 200); the row that blocks it is found by PIMMS' own
 * de-dup key (event name lower-cased, its first space made a dash).
 *
 * @param leads - The sandbox's rows, newest first.
 * @param sent - What the relay sent.
 * @param since - When the call began, ISO 8601.
 * @example
 * checkRecorded(sandbox.leads(), { clickId, eventName: 'Sign up', externalId: 'u1' }, started) // { recorded: true }
 */
export function checkRecorded(
  leads: SandboxLead[],
  sent: Sent,
  since: string,
): Pick<UpstreamCall, 'recorded' | 'earlierAt'> {
  const mine = leads.find(
    (lead) =>
      lead.createdAt >= since &&
      lead.clickId == sent.clickId &&
      lead.externalId == sent.externalId &&
      lead.eventName == sent.eventName,
  );
  if (mine) return { recorded: true };
  const key = dedupKey(sent.eventName ?? '');
  const earlier = leads.find(
    (lead) => lead.externalId == sent.externalId && dedupKey(lead.eventName) == key,
  );
  return earlier ? { recorded: false, earlierAt: earlier.createdAt } : { recorded: false };
}

function dedupKey(eventName: string): string {
  return eventName.toLowerCase().replace(' ', '-');
}
