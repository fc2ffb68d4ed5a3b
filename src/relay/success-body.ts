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
export function successBody(sent: TrackLeadBody, value: unknown, eventId?: string): RelayAnswer {
  const got = (value ?? {}) as { click?: { id?: unknown }; customer?: Record<string, unknown> };
  const customer = got.customer ?? {};
  const text = (field: unknown, fallback?: string | null) =>
    typeof field == 'string' || field === null ? field : (fallback ?? null);
  return {
    ok: true,
    ...(eventId ? { eventId } : {}),
    click: { id: text(got.click?.id, sent.clickId) as string },
    customer: {
      name: text(customer.name, sent.customerName),
      email: text(customer.email, sent.customerEmail),
      avatar: text(customer.avatar, sent.customerAvatar),
      externalId: text(customer.externalId, sent.externalId),
    },
  };
}
