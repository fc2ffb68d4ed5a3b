import type { LeadBody, LeadResult } from '../shared/lead.ts';
/**
 * A lead's outcome, as `lead()` resolves it: `ok` exactly when there is no reason, which only a
 * plain `sent` has (every other outcome says why).
 *
 * @param status - `sent`, `queued`, `skipped` or `rejected`.
 * @param reason - Why, for every status but a plain `sent`.
 * @param body - The body as sent or queued, when one was built.
 * @returns The result.
 * @example
 * leadResult('skipped', 'no click id', body) // { ok: false, status: 'skipped', reason: 'no click id', body }
 */
export declare function leadResult(status: LeadResult['status'], reason?: string, body?: LeadBody): LeadResult;
