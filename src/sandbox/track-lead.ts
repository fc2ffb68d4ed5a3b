/**
 * `POST /track/lead`, step by step in the order PIMMS checks (/work/shared/PIMMS-API.md): key,
 * rate limit, permission, JSON, schema, externalId, de-duplication, click lookup, write.
 */
import { isJsonObject } from '../shared/is-json-object.ts';
import { apiError } from './api-error.ts';
import type { AuthResult } from './bearer-auth.ts';
import type { SandboxDatabase } from './database.ts';
import { randomId } from './new-id.ts';
import { randomName } from './random-name.ts';
import { WINDOW_MS, type RateLimiter } from './rate-limit.ts';
import { jsonResponse } from './responses.ts';
import { formatIssue, trackLeadSchema } from './track-lead-schema.ts';

/** The one workspace every key of a sandbox belongs to: the first part of the de-dup key. */
export const SANDBOX_WORKSPACE = 'ws_sandbox';

/** What {@link trackLead} needs from its sandbox. */
export interface TrackLeadContext {
  /** The key check. */
  auth: (request: Request) => AuthResult;
  /** The per-key rate limit. */
  rateLimit: RateLimiter;
  /** Where clicks are looked up, de-dup keys taken and leads stored. */
  store: SandboxDatabase;
  /** Where a failed write after an `async` answer is reported. */
  log: (line: string) => void;
}

/**
 * The event name as PIMMS puts it in its de-duplication key: lower case, and only the **first**
 * space replaced by `-` (`String.replace` with a string pattern), as PIMMS does.
 *
 * @param eventName - The trimmed event name.
 * @example
 * eventKey('Sign Up') // 'sign-up'
 * eventKey('Start free trial') // 'start-free trial'
 */
export function eventKey(eventName: string): string {
  return eventName.toLowerCase().replace(' ', '-');
}

/**
 * The de-duplication key PIMMS takes at step 7: `workspace:externalId:eventKey(eventName)`.
 *
 * @param externalId - The customer's id (`customerId` when sent, else `externalId`), trimmed.
 * @param eventName - The trimmed event name.
 * @example
 * leadKey('u1', 'Sign up') // 'ws_sandbox:u1:sign-up'
 */
export function leadKey(externalId: string, eventName: string): string {
  return `${SANDBOX_WORKSPACE}:${externalId}:${eventKey(eventName)}`;
}

/**
 * Handles `POST /track/lead` as PIMMS does. Every answer carries `Retry-After` as a Unix time in
 * ms (the rate limit window's reset); answers past the key check also carry `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` and `X-RateLimit-Reset`.
 *
 * Statuses: 401/400 (key), 429 `rate_limit_exceeded`, 403 `forbidden` (a read-only key), 400
 * (not a JSON object; no externalId), 422 (the first schema issue as `code: path: message`), 200
 * for a repeat (nothing recorded), 404 (unknown click), 200 (recorded). Never 409.
 *
 * `mode: "async"` (the default) answers 200 whatever the write then does: a failed write is logged,
 * not answered, as PIMMS' deferred write would be. `mode: "wait"` writes first and answers 500 when
 * the write fails.
 *
 * @param request - The request, unread.
 * @param context - Key check, rate limit, store and log of the sandbox.
 * @example
 * await trackLead(new Request(url, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: JSON.stringify({ clickId, eventName: 'Sign up', externalId: 'u1' }) }), context)
 * // 200 {"click":{"id":"…"},"customer":{"name":"Amber Otter","email":null,"avatar":null,"externalId":"u1"},"clickId":"…","customerName":"Amber Otter","customerEmail":null,"customerAvatar":null}
 */
export async function trackLead(request: Request, context: TrackLeadContext): Promise<Response> {
  const found = context.auth(request);
  if (found instanceof Response) {
    // No key, so no window counted: the reset of the current window is what PIMMS' header holds.
    const reset = (Math.floor(Date.now() / WINDOW_MS) + 1) * WINDOW_MS;
    found.headers.set('Retry-After', String(reset));
    return found;
  }

  const limit = context.rateLimit(found.key);
  const headers = {
    'Retry-After': String(limit.reset),
    'X-RateLimit-Limit': String(limit.limit),
    'X-RateLimit-Remaining': String(limit.remaining),
    'X-RateLimit-Reset': String(limit.reset),
  };
  if (!limit.success) return apiError(429, 'Too many requests.', headers);

  if (!found.canWriteLeads)
    return apiError(
      403,
      "The provided key does not have the required permissions for this endpoint on the workspace. Having the 'leads.write' permission is required.",
      headers,
    );

  let input: unknown;
  try {
    input = JSON.parse(await request.text());
  } catch {
    input = undefined;
  }
  if (!isJsonObject(input))
    return apiError(
      400,
      'Invalid JSON format in request body. Please ensure the request body is a valid JSON object.',
      headers,
    );

  const parsed = trackLeadSchema.safeParse(input);
  if (!parsed.success) return apiError(422, formatIssue(parsed.error.issues[0]!), headers);
  const lead = parsed.data;

  const externalId = lead.customerId || lead.externalId;
  if (!externalId) return apiError(400, 'externalId is required', headers);

  const name = lead.customerName || lead.customerEmail || randomName();
  const success = jsonResponse(
    {
      click: { id: lead.clickId },
      customer: {
        name,
        email: lead.customerEmail,
        avatar: lead.customerAvatar,
        externalId,
      },
      clickId: lead.clickId,
      customerName: name,
      customerEmail: lead.customerEmail,
      customerAvatar: lead.customerAvatar,
    },
    200,
    headers,
  );

  // Taken before the click lookup and never released: a first try that got 404 blocks the rest.
  if (!context.store.claimLeadKey(leadKey(externalId, lead.eventName))) return success;

  const click = context.store.getClick(lead.clickId);
  if (!click) return apiError(404, `Click event not found for clickId: ${lead.clickId}`, headers);

  const write = () =>
    context.store.addLead(randomId('ld_'), {
      clickId: click.id,
      linkKey: click.linkKey,
      eventName: lead.eventName,
      eventKey: eventKey(lead.eventName),
      externalId,
      customerName: lead.customerName,
      customerEmail: lead.customerEmail,
      customerAvatar: lead.customerAvatar,
      metadata: lead.metadata,
    });
  try {
    write();
  } catch (error) {
    if (lead.mode == 'wait') {
      context.log(`[pimms] sandbox: could not record a lead: ${String(error)}`);
      return apiError(500, 'Internal server error', headers);
    }
    // The answer of an async call does not wait for the write, so it cannot report it either.
    context.log(
      `[pimms] sandbox: a lead answered 200 (mode async) was not recorded: ${String(error)}`,
    );
  }
  return success;
}
