/**
 * `POST /track/lead`: the PIMMS API's validation, click lookup and de-duplication, in the order
 * the API applies them.
 */
import type { TrackLeadBody } from '../shared/lead.ts';
import { checkLead, missingField } from '../shared/field-rules.ts';
import { apiError } from './api-error.ts';
import { randomId } from './new-id.ts';
import { readJsonObject } from './read-json-object.ts';
import { jsonResponse } from './responses.ts';
import type { SandboxDatabase } from './database.ts';

/**
 * The body fields the API's schema knows. `mode` and `eventQuantity` are accepted by the API but
 * change nothing the sandbox records, so, like any other key, they are left out before checking.
 */
export const TRACK_LEAD_FIELDS = [
  'clickId',
  'eventName',
  'externalId',
  'customerName',
  'customerEmail',
  'customerAvatar',
  'metadata',
] as const;

/**
 * The event name as the PIMMS API compares it when it de-duplicates leads.
 *
 * @param eventName - The (trimmed) event name.
 * @example
 * eventKey('Sign Up') // 'sign-up'
 */
export function eventKey(eventName: string): string {
  return eventName.toLowerCase().replaceAll(' ', '-');
}

/**
 * Handles an authenticated `POST /track/lead`.
 *
 * Statuses: 400 `bad_request` (not JSON; no externalId), 422 `unprocessable_entity` (a field breaks
 * a rule of src/shared/field-rules.ts; no clickId or eventName; body not an object), 404
 * `not_found` (unknown click), 409 `conflict` (a lead with this externalId and event name exists),
 * 200 `{click: {id}, customer: {name, email, avatar, externalId}}`.
 *
 * @param request - The request; its key has been checked already.
 * @param store - Where clicks are looked up and leads stored.
 * @example
 * await trackLead(new Request(url, { method: 'POST', body: JSON.stringify({ clickId, eventName: 'Sign up', externalId: 'u1' }) }), store)
 * // 200 {"click":{"id":"cl_…"},"customer":{"name":null,"email":null,"avatar":null,"externalId":"u1"}}
 */
export async function trackLead(request: Request, store: SandboxDatabase): Promise<Response> {
  const input = await readJsonObject(request);
  if (input instanceof Response) return input;

  // Unknown keys are stripped, as the API's zod object schema does, rather than refused.
  const known: Record<string, unknown> = {};
  for (const field of TRACK_LEAD_FIELDS)
    if (Object.hasOwn(input, field)) known[field] = input[field];

  const { body, problems } = checkLead(known);
  if (problems.length) return apiError(422, problems.join('; '));
  const missing = missingField(body, ['clickId', 'eventName']);
  if (missing) return apiError(422, missing);
  // The API lets externalId through its schema and refuses it later, with a 400 of its own.
  const missingExternalId = missingField(body, ['externalId']);
  if (missingExternalId) return apiError(400, missingExternalId);
  // missingField has just checked that these three are non-empty strings.
  const lead = body as TrackLeadBody & { externalId: string };

  const click = store.getClick(lead.clickId);
  if (!click) return apiError(404, `Click event not found for clickId: ${lead.clickId}`);

  const stored = store.addLead(randomId('ld_'), {
    clickId: click.id,
    linkKey: click.linkKey,
    eventName: lead.eventName,
    eventKey: eventKey(lead.eventName),
    externalId: lead.externalId,
    customerName: lead.customerName ?? null,
    customerEmail: lead.customerEmail ?? null,
    customerAvatar: lead.customerAvatar ?? null,
    metadata: lead.metadata ?? null,
  });
  if (!stored) {
    return apiError(
      409,
      `Customer with externalId ${lead.externalId} and event name ${lead.eventName} has already been recorded.`,
    );
  }
  return jsonResponse({
    click: { id: stored.clickId },
    customer: {
      name: stored.customerName,
      email: stored.customerEmail,
      avatar: stored.customerAvatar,
      externalId: stored.externalId,
    },
  });
}
