/**
 * `pimms-lead/relay`: the server-side half of pimms-lead.
 */
export {
  createLeadRelay,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SERVER_URL,
  DEFAULT_TIMEOUT_MS,
} from './create-lead-relay.ts';
export type { LeadRelay, LeadRelayOptions } from './create-lead-relay.ts';
export { DUPLICATE_HEADER, RETRYABLE_HEADER } from './answers.ts';
export type { RelayAnswer, RelayErrorBody, RelayErrorCode, RelayOutcome } from './answers.ts';
export type { AllowedOrigins } from './cors.ts';
export type { LeadBody, TrackLeadBody } from '../shared/lead.ts';
export { createMemoryEventIdCache } from './event-id-cache.ts';
export type {
  EventIdCache,
  EventIdClaim,
  EventIdClaimBounds,
  MemoryEventIdCacheOptions,
} from './event-id-cache.ts';
export { customerFieldsPresent, deliveryEvent, jsonLines } from './event-reporter.ts';
export type { Delivery } from './delivery.ts';
export type { Forwarder } from './forward-lead.ts';
export type { OnRelayEvent, RelayDecision, RelayEvent, RelayEventType } from './relay-event.ts';
export { toNodeHandler } from './node-adapter.ts';
export { serve } from './serve.ts';
export type { ServedHandler, ServeOptions } from './serve.ts';
