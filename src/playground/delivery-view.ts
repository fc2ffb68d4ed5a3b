/**
 * The delivery view's routes: the page, the list it polls, the same leads as JSON, the page's
 * reports of `pimms.lead()` results, and the outage switch.
 */
import type { DeliveryLog, PageReport } from './delivery-log.ts';
import { DELIVERY_CSS, DELIVERY_SCRIPT } from './delivery-assets.ts';
import { deliveryList, deliveryPage, type DeliveryListFacts } from './delivery-page.ts';
import { buildTimelines, type LeadTimeline } from './delivery-timeline.ts';
import { only, type Route } from './router.ts';
import type { SimulatedOutage } from './simulated-outage.ts';
import { textFile } from './static-files.ts';

/** The largest report body read; a real one is a few hundred bytes. */
const MAX_REPORT_BYTES = 4096;
const REPORT_STATUSES: ReadonlySet<string> = new Set(['sent', 'queued', 'skipped', 'rejected']);

/** What {@link deliveryRoutes} serves from. */
export interface DeliveryViewOptions {
  /** The log the relay and the sandbox fill. */
  log: DeliveryLog;
  /** The outage switch; absent when the relay forwards to the real PIMMS API. */
  outage?: SimulatedOutage;
}

/**
 * The routes of the delivery view:
 *
 * - `GET /delivery`: the page; `/delivery.css` and `/delivery.js` (it polls the list every second);
 * - `GET /delivery/list?since=<version>`: the list as HTML, or 204 while the log is unchanged;
 * - `GET /delivery/leads`: `{outage, leads}` as JSON, filtered by `eventId`, `clickId` and `since`
 *   (ISO 8601: leads active since then);
 * - `POST /delivery/report`: a page's `pimms.lead()` result, as JSON (same origin only);
 * - `POST /delivery/outage`: the outage switch, a form field `on=1|0` (same origin only).
 *
 * @param options - See {@link DeliveryViewOptions}.
 * @example
 * createRouter([...siteRoutes, ...deliveryRoutes({ log, outage })], notFoundPage)
 */
export function deliveryRoutes(options: DeliveryViewOptions): Route[] {
  const { log, outage } = options;
  const version = () => `${log.version()}${outage?.on ? '-down' : ''}`;
  const facts = (): DeliveryListFacts => ({
    leads: buildTimelines(log.entries(), { upstreamName: outage ? 'the sandbox' : 'PIMMS' }),
    outage: !!outage?.on,
    sandbox: !!outage,
    version: version(),
  });
  return [
    { path: '/delivery', handler: only(['GET'], async () => deliveryPage(facts())) },
    { path: '/delivery.css', handler: only(['GET'], textFile('delivery.css', DELIVERY_CSS)) },
    { path: '/delivery.js', handler: only(['GET'], textFile('delivery.js', DELIVERY_SCRIPT)) },
    {
      path: '/delivery/list',
      handler: only(['GET'], async (request) => {
        const now = version();
        if (new URL(request.url).searchParams.get('since') == now)
          return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
        return new Response(deliveryList(facts()), {
          headers: {
            'Content-Type': 'text/html; charset=utf-8',
            'Cache-Control': 'no-store',
            'X-Delivery-Version': now,
          },
        });
      }),
    },
    {
      path: '/delivery/leads',
      handler: only(['GET'], async (request) => {
        const query = new URL(request.url).searchParams;
        const leads = filterLeads(
          buildTimelines(log.entries(), { limit: Infinity }),
          query.get('eventId'),
          query.get('clickId'),
          query.get('since'),
        );
        return json(200, { outage: !!outage?.on, leads });
      }),
    },
    {
      path: '/delivery/report',
      handler: only(['POST'], async (request) => {
        if (!sameOrigin(request)) return json(403, { error: 'reports come from the site’s pages' });
        const report = await readReport(request);
        if (typeof report == 'string') return json(400, { error: report });
        log.add({ source: 'page', report });
        return new Response(null, { status: 204 });
      }),
    },
    {
      path: '/delivery/outage',
      handler: only(['POST'], async (request) => {
        if (!outage) return json(409, { error: 'the relay forwards to the real PIMMS API' });
        if (!sameOrigin(request)) return json(403, { error: 'use the button on /delivery' });
        const form = await request.formData().catch(() => undefined);
        outage.on = form?.get('on') == '1';
        return new Response(null, {
          status: 303,
          headers: { Location: '/delivery', 'Cache-Control': 'no-store' },
        });
      }),
    },
  ];
}

/**
 * The leads that match every filter given.
 *
 * @param leads - From `buildTimelines`.
 * @param eventId - Only this lead.
 * @param clickId - Only leads of this click.
 * @param since - ISO 8601: only leads with an entry at or after it.
 * @example
 * filterLeads(leads, null, 'cl_1', '2026-12-01T19:00:00.000Z')
 */
export function filterLeads(
  leads: LeadTimeline[],
  eventId: string | null,
  clickId: string | null,
  since: string | null,
): LeadTimeline[] {
  return leads.filter(
    (lead) =>
      (!eventId || lead.eventId == eventId) &&
      (!clickId || lead.clickId == clickId) &&
      (!since || lead.lastAt >= since),
  );
}

// A page of another site must not write to the log or flip the switch; a request without Origin
// (curl) is the developer at the terminal.
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  return origin === null || origin == new URL(request.url).origin;
}

async function readReport(request: Request): Promise<PageReport | string> {
  const length = Number(request.headers.get('content-length'));
  if (!(length > 0 && length <= MAX_REPORT_BYTES))
    return `a report is a JSON object of at most ${MAX_REPORT_BYTES} bytes, with Content-Length`;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return 'a report must be JSON';
  }
  const input = (typeof body == 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof input.status != 'string' || !REPORT_STATUSES.has(input.status))
    return 'status must be sent, queued, skipped or rejected';
  const report: PageReport = { status: input.status as PageReport['status'] };
  for (const name of ['reason', 'eventId', 'eventName', 'clickId', 'page'] as const) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (typeof value != 'string') return `${name} must be a string`;
    report[name] = value.slice(0, 255);
  }
  return report;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
