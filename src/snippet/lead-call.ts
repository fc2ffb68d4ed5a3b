/**
 * One lead, from the call to its result: the body built through the field rules, the policy of
 * what may be sent (a stop reason, consent, the required fields), then sent, held or refused.
 */
import type { LeadBody, LeadResult } from '../shared/lead.ts';
import { buildLead } from './build-lead.ts';
import type { SnippetConfig } from './config.ts';
import type { Consent } from './consent.ts';
import type { Delivery } from './delivery.ts';
import { leadResult } from './lead-result.ts';
import type { Debug } from './log.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';
import type { LeadCall } from './pimms-api.ts';

/** What a lead call needs from the rest of the snippet. */
export interface LeadCallParts {
  config: SnippetConfig;
  /** Where consent stands. */
  consentState: Consent;
  outbox: Outbox;
  delivery: Delivery;
  /** The click id to send (see `Attribution.pick`, and the held one while consent is pending). */
  pickClickId: () => string | undefined;
  /** The anonymous visitor id, for a lead without `externalId`. */
  anonymousId: () => string;
}

/**
 * Makes `lead()`. The call never throws and its promise never rejects: a bug here must not break
 * a sign-up.
 *
 * @param parts - See {@link LeadCallParts}.
 * @param debug - Where debug mode explains the lead (debug build only).
 * @returns The lead call, as the API and the declarative listeners use it.
 * @example
 * const lead = createLeadCall({ config, consentState, outbox, delivery, pickClickId, anonymousId });
 * lead('Sign up', { customerEmail: 'ada@example.com' })
 */
export function createLeadCall(parts: LeadCallParts, debug?: Debug): LeadCall {
  const { config, consentState } = parts;
  return (eventName, fields, elementFields, unloading) => {
    try {
      const built = buildLead(eventName, parts.pickClickId(), [
        config.fields,
        elementFields,
        fields,
      ]);
      // (Typed as complete: one that lacks a required field is refused below, never stored or sent.)
      const body = built.body as LeadBody;
      const entry: OutboxEntry = { b: body, t: Date.now(), n: 0 };
      const state = consentState.current();
      // What may not be sent, and what becomes of it: [status, reason], or none to send it.
      const [status, reason]: [LeadResult['status']?, string?] = config.stop
        ? ['skipped', config.stop]
        : state < 0
          ? ['skipped', 'consent refused']
          : !body.eventName
            ? ['rejected', 'no eventName']
            : !body.clickId
              ? ['skipped', 'no click id']
              : state
                ? []
                : ['queued', 'consent pending'];
      if (__DEBUG__ && debug) {
        const name = 'lead "' + body.eventName + '": ';
        built.problems.forEach((problem) => debug(name + problem));
        if (reason) debug(name + status + ' (' + reason + ')');
      }
      if (!reason) {
        body.externalId = body.externalId || parts.anonymousId();
        return parts.delivery.sendEntry(entry, unloading || document.hidden);
      }
      // Held until consent in the outbox, so that it outlives the navigation of a sign-up.
      if (status == 'queued') parts.outbox.holdEntry(entry);
      return Promise.resolve(leadResult(status!, reason, body));
    } catch (error) {
      return Promise.resolve(leadResult('skipped', '' + error));
    }
  };
}
