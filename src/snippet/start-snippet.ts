/**
 * `startSnippet`: the snippet's parts wired together (configuration, storage, outbox, delivery,
 * consent, attribution, the lead call). Wiring only: each part is in its own file. `createPimms`
 * calls it on first use, or in the task after start-up, whichever comes first.
 */
import { createAttribution } from './attribution.ts';
import { readConfig } from './config.ts';
import { createConsent } from './consent.ts';
import { createDelivery } from './delivery.ts';
import { createLeadCall } from './lead-call.ts';
import { debugLog, type Debug } from './log.ts';
import type { PimmsOptions } from './options.ts';
import { createOutbox } from './outbox.ts';
import type { LeadCall, Pimms } from './pimms-api.ts';
import { createStorage } from './storage.ts';
import { visitorId } from './visitor-id.ts';

/** The started snippet: what `window.pimms` and the page's listeners hand their calls to. */
export interface SnippetParts extends Pick<Pimms, 'clickId' | 'consent'> {
  /** The lead call of `pimms.lead()` and of the declarative listeners (see {@link LeadCall}). */
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
  const consent = createConsent(config.consentRequired, outbox, externalId);
  // Nothing leaves the page before consent, not even leads kept from earlier pages.
  const delivery = createDelivery(
    config.endpoint,
    outbox,
    () => consent.current() > 0 && !stop,
    debug,
  );
  const { flushOutbox } = delivery;
  const attribution = createAttribution(config, search, debug);
  // Before consent the click id lives in memory and in the held leads only, not in the cookie:
  // the newest held lead's is the one to use on a later page, and to store once consent comes.
  const clickId = () =>
    attribution.pick() || (consent.current() ? undefined : outbox.heldClickId());
  const leadFrom = createLeadCall(
    {
      config,
      consentState: consent,
      outbox,
      delivery,
      pickClickId: clickId,
      anonymousId: externalId,
    },
    debug,
  );
  const parts: SnippetParts = {
    leadFrom,
    flushOutbox,
    clickId,
    consent(granted) {
      if (stop) return;
      const held = consent.answer(granted);
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
      if (consent.current() > 0) attribution.remember();
      flushOutbox();
    },
  };
  if (__DEBUG__) parts.debugLine = debug;
  return parts;
}
