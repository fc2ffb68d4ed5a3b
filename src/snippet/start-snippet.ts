/**
 * `startSnippet`: the snippet's parts wired together (configuration, storage, outbox, delivery,
 * attribution), with the two things that run between them: where consent stands, and a lead's way
 * from the call to its result (its body built, the policy of `lead-outcome.ts`, then sent, held or
 * refused). Each part is in its own file. `createPimms` calls it on first use, or in the task
 * after start-up, whichever comes first.
 */
import type { LeadBody } from '../shared/lead.ts';
import { createAttribution } from './attribution.ts';
import { leadBody } from './build-lead.ts';
import { readConfig } from './config.ts';
import { createDelivery } from './delivery.ts';
import { leadOutcome, type ConsentState } from './lead-outcome.ts';
import { leadResult } from './lead-result.ts';
import { debugLog, type Debug } from './log.ts';
import type { PimmsOptions } from './options.ts';
import { createOutbox, type OutboxEntry } from './outbox.ts';
import type { LeadCall, Pimms } from './pimms-api.ts';
import { createStorage } from './storage.ts';
import { visitorId } from './visitor-id.ts';

/** The started snippet: what `window.pimms` and the page's listeners hand their calls to. */
export interface SnippetParts extends Pick<Pimms, 'clickId' | 'consent'> {
  /**
   * The lead call of `pimms.lead()` and of the declarative listeners (see {@link LeadCall}). It
   * never throws and its promise never rejects: a bug here must not break a sign-up.
   */
  leadFrom: LeadCall;
  /**
   * Sends what the outbox holds (`pimms.flush()` forces it); nothing before consent, nor with a
   * stop reason.
   *
   * @param force - Ignore this page's back-off.
   * @param unloading - The page is going away: send by beacon.
   */
  flushOutbox(force?: boolean, unloading?: boolean): Promise<unknown>;
  /** Prints a debug line (debug build only). */
  debugLine?: Debug;
  /** What start-up leaves to the task after it: the landing's click id kept, the outbox sent. */
  resume(): void;
}

/**
 * Starts the snippet's parts on this page.
 *
 * @param options - See {@link PimmsOptions}.
 * @param search - The landing URL's query as the page had it when the snippet loaded (a site's
 *   router may rewrite the address before this runs).
 * @returns The started parts.
 * @example
 * const parts = startSnippet({ endpoint: '/api/pimms/lead' }, location.search);
 * parts.leadFrom('Sign up', { externalId: 'u_1' });
 */
export function startSnippet(options: PimmsOptions, search: string): SnippetParts {
  const config = readConfig(options);
  const { stop } = config;
  const debug = __DEBUG__ ? debugLog(!!config.debug) : undefined;
  // A key in a page is a leaked key: say so whatever the build and the debug mode.
  if (config.secretKey)
    console.error(
      '[pimms] ' +
        config.secretKey +
        ' looks like a secret PIMMS key: keep it in the relay. Not running.',
    );
  const storage = createStorage();
  const outbox = createOutbox(storage, debug);
  const externalId = () => visitorId(storage);
  // With data-consent="required", leads wait in the outbox and no cookie is written until the
  // visitor's answer; consent(true) releases the held leads, consent(false) discards the queue.
  let consentState: ConsentState = config.consentRequired ? 0 : 1;
  // Nothing leaves the page before consent, not even leads kept from earlier pages.
  const delivery = createDelivery(config.endpoint, outbox, () => consentState > 0 && !stop, debug);
  const { flushOutbox } = delivery;
  const attribution = createAttribution(config, search, debug);
  // Before consent the click id lives in memory and in the held leads only, not in the cookie:
  // the newest held lead's is the one to use on a later page, and to store once consent comes.
  const clickId = () => attribution.pick() || (consentState ? undefined : outbox.heldClickId());
  const parts: SnippetParts = {
    leadFrom(eventName, fields, elementFields, unloading) {
      try {
        // What was left out or cut, for the debug build's lines.
        const problems: string[] | undefined = __DEBUG__ ? [] : undefined;
        // (Typed as complete: one that lacks a required field is refused below, never stored or
        // sent.)
        const body = leadBody(
          eventName,
          clickId(),
          [config.fields, elementFields, fields],
          problems,
        ) as LeadBody;
        const entry: OutboxEntry = { b: body, t: Date.now(), n: 0 };
        const [status, reason] = leadOutcome(stop, consentState, body);
        if (__DEBUG__ && debug) {
          const name = 'lead "' + body.eventName + '": ';
          problems!.forEach((problem) => debug(name + problem));
          if (reason) debug(name + status + ' (' + reason + ')');
        }
        if (!reason) {
          body.externalId = body.externalId || externalId();
          return delivery.sendEntry(entry, unloading || document.hidden);
        }
        // Held until consent in the outbox, so that it outlives the navigation of a sign-up.
        if (status == 'queued') outbox.holdEntry(entry);
        return Promise.resolve(leadResult(status!, reason, body));
      } catch (error) {
        return Promise.resolve(leadResult('skipped', '' + error));
      }
    },
    flushOutbox,
    clickId,
    consent(granted) {
      if (stop) return;
      consentState = granted ? 1 : -1;
      // The held leads settled: released with an externalId (none is made, or stored, before
      // consent), or discarded with the rest of the queue.
      const held = outbox.settleHeld(granted, externalId);
      if (__DEBUG__ && debug)
        debug(
          'consent ' +
            (granted ? 'given: held leads are sent' : 'refused: queued leads are discarded'),
        );
      if (granted) attribution.remember(attribution.urlClickId || held);
      flushOutbox(true);
    },
    resume() {
      // The landing's click id into the cookie, and what earlier pages left in the outbox.
      if (stop) return;
      if (consentState > 0) attribution.remember();
      flushOutbox();
    },
  };
  if (__DEBUG__) parts.debugLine = debug;
  return parts;
}
