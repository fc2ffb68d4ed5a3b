/**
 * `createPimms`: starts the snippet on a page by wiring its parts together (configuration,
 * storage, outbox, delivery, consent, attribution, the lead call, the listeners). Wiring only:
 * each part is in its own file.
 */
import { createAttribution } from './attribution.ts';
import { readConfig } from './config.ts';
import { createConsent } from './consent.ts';
import { listenForLeads } from './declarative.ts';
import { createDelivery } from './delivery.ts';
import { createLeadCall } from './lead-call.ts';
import { debugLog } from './log.ts';
import type { PimmsOptions } from './options.ts';
import { createOutbox } from './outbox.ts';
import { listenToPage } from './page-listeners.ts';
import { VERSION, type Pimms } from './pimms-api.ts';
import { createStorage } from './storage.ts';
import { visitorId } from './visitor-id.ts';

// The one instance of this page: loading twice doubles nothing.
let instance: Pimms | undefined;

/**
 * Starts the snippet on this page: captures `?pimms_id=`, re-sends what the outbox holds,
 * listens for `data-pimms-lead` forms and elements, and returns the API. A second call returns the
 * first instance unchanged: loading twice doubles nothing.
 *
 * @param options - See {@link PimmsOptions}; all optional.
 * @returns The API.
 * @example
 * import { createPimms } from 'pimms-lead'
 * const pimms = createPimms({ endpoint: '/api/pimms/lead' })
 * await pimms.lead('Sign up', { externalId: user.id })
 */
export function createPimms(options: PimmsOptions = {}): Pimms {
  if (instance) return instance;
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
  const delivery = createDelivery(config.endpoint, outbox, debug);
  const externalId = () => visitorId(storage);
  const consent = createConsent(config.consentRequired, outbox, externalId);
  const attribution = createAttribution(config, debug);
  // Nothing leaves the page before consent, not even leads kept from earlier pages.
  const flush = (force?: boolean, unloading?: boolean) =>
    consent.current() > 0 && !stop ? delivery.flushOutbox(force, unloading) : Promise.resolve();
  // Before consent the click id lives in memory and in the held leads only, not in the cookie:
  // the newest held lead's is the one to use on a later page, and to store once consent comes.
  const clickId = () =>
    attribution.pick() || (consent.current() ? undefined : outbox.heldClickId());
  const lead = createLeadCall(
    {
      config,
      consent,
      outbox,
      delivery,
      pickClickId: clickId,
      anonymousId: externalId,
      flushRest: flush,
    },
    debug,
  );

  const api: Pimms = {
    lead: (eventName, fields) => lead(eventName, fields),
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
      flush(true);
    },
    flush: () => flush(true),
    version: VERSION,
    loaded: true,
  };

  if (!stop) {
    // The landing's click id into the cookie, and what earlier pages left in the outbox, once this
    // script has run: the first document.cookie and localStorage accesses of a page wait on the
    // browser process (synchronous IPC in Chromium), and start-up must stay cheap. A lead() before
    // this task still carries the landing's click id: pick() reads it from the URL.
    setTimeout(() => {
      if (consent.current() > 0) attribution.remember();
      flush();
    });
    listenForLeads(lead, debug);
    listenToPage(flush);
  }
  return (instance = api);
}
