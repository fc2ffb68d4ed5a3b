/**
 * The relay's 200 body, from what PIMMS answered and what was sent.
 */
import type { TrackLeadBody } from '../shared/lead.ts';
import type { RelayAnswer } from './answers.ts';
/**
 * The {@link RelayAnswer} of a 2xx. A 2xx means PIMMS recorded the lead (or ignored a repeat),
 * even when its body does not match the SDK's schema; what the answer lacks is filled from what
 * was sent.
 *
 * @param sent - The body forwarded.
 * @param value - PIMMS' parsed body (or the raw one the SDK refused).
 * @param eventId - The request's eventId, echoed.
 * @example
 * successBody(lead, { click: { id: 'c1' }, customer: { name: 'Ada', ... } }, 'ev1')
 */
export declare function successBody(sent: TrackLeadBody, value: unknown, eventId?: string): RelayAnswer;
