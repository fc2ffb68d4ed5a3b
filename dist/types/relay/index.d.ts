/**
 * `pimms-lead/relay`: the server-side half of pimms-lead, for every runtime with `fetch`,
 * `Request` and `Response` (Node 20+, Cloudflare Workers, Deno, Bun, Next.js, Hono).
 *
 * Nothing here imports `node:*`, so a Worker bundles it with no flag and no `nodejs_compat`; the
 * Node-only helpers (`toNodeHandler`, `serve`) are in `pimms-lead/relay/node` (./node.ts).
 */
export { createLeadRelay, DEFAULT_MAX_BODY_BYTES, DEFAULT_SERVER_URL, DEFAULT_TIMEOUT_MS, } from './create-lead-relay.ts';
export type { LeadRelay, LeadRelayOptions } from './create-lead-relay.ts';
export { DUPLICATE_HEADER, RETRYABLE_HEADER } from './answers.ts';
export type { RelayAnswer, RelayErrorBody, RelayErrorCode, RelayOutcome, RelayQueuedAnswer, } from './answers.ts';
export type { AllowedOrigins } from './cors.ts';
export { clickIdCookie, DEFAULT_COOKIE_DAYS } from './click-cookie.ts';
export type { ClickIdCookieOptions } from './click-cookie.ts';
export type { LeadBody, TrackLeadBody } from '../shared/lead.ts';
export { createMemoryEventIdCache } from './event-id-cache.ts';
export type { EventIdCache, EventIdClaim, EventIdClaimBounds, MemoryEventIdCacheOptions, } from './event-id-cache.ts';
export { customerFieldsPresent, deliveryEvent, jsonLines } from './event-reporter.ts';
export type { Delivery } from './delivery.ts';
export type { Forwarder } from './forward-lead.ts';
export type { OnRelayEvent, RelayDecision, RelayEvent, RelayEventType } from './relay-event.ts';
