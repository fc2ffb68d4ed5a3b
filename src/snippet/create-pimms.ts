/**
 * The snippet's API: `lead()`, `clickId()`, `consent()`, `flush()`. One instance per page.
 */
import type { LeadFields, LeadResult } from '../shared/lead.ts';
import { buildLead } from './build-lead.ts';
import { clickIdFromUrl, readClickId, writeClickId } from './click-id.ts';
import { listenForLeads } from './declarative.ts';
import { flushOutbox, sendEntry, setEndpoint } from './delivery.ts';
import { debug, setDebug } from './log.ts';
import type { PimmsOptions } from './options.ts';
import { dropEntry, putEntry, readOutbox, type OutboxEntry } from './outbox.ts';
import { findSecretKey } from './secret-key.ts';
import { visitorId } from './visitor-id.ts';

/** The snippet's version, as `pimms.version`. */
export const VERSION = '0.1.0';

/**
 * The `window.pimms` object (and what `createPimms` returns).
 *
 * @example
 * const { status } = await pimms.lead('Sign up', { customerEmail: 'ada@example.com' })
 */
export interface Pimms {
  /**
   * Records a lead. Builds the body (call fields over `data-` attributes over page context),
   * writes it to the outbox and sends it. Never throws, never rejects.
   *
   * @param eventName - What happened, e.g. "Sign up" (1 to 255 characters).
   * @param fields - Customer fields, `externalId`, `metadata`; they win over `data-` attributes.
   * @returns The outcome: sent, queued (kept and retried), skipped or rejected, and why.
   */
  lead(eventName: string, fields?: LeadFields): Promise<LeadResult>;
  /** The click id this page would send (cookie or `?pimms_id=`), or `undefined`. */
  clickId(): string | undefined;
  /**
   * Gives (`true`) or refuses (`false`) consent, e.g. from the site's consent banner. With
   * `data-consent="required"` leads are held until `consent(true)`, which writes the click-id cookie
   * and sends them; `consent(false)` discards what is queued, and later leads are skipped until
   * consent is given. Call it on every page the banner's answer is known.
   */
  consent(granted: boolean): void;
  /** Sends now whatever the outbox holds (back-off aside); resolves when the answers are in. */
  flush(): Promise<unknown>;
  /** The snippet's version. */
  version: string;
  /** Always true on the loaded snippet (the paste-in stub has no such flag). */
  loaded: true;
}

/**
 * `lead()` as the declarative listeners call it.
 *
 * @param eventName - The event name.
 * @param fields - The strongest fields: the call's, or a form's inputs.
 * @param elementFields - The `data-pimms-*` fields of the form or element that triggered it.
 * @param unloading - True when the page is going away (send by beacon).
 */
export type LeadCall = (
  eventName: unknown,
  fields?: LeadFields,
  elementFields?: LeadFields,
  unloading?: boolean,
) => Promise<LeadResult>;

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
  const on = (value: unknown) => value != null && value !== false && value != 'false';
  if (__DEBUG__) setDebug(on(options.debug));
  const firstClick = options.attributionModel == 'first-click';
  const secret = findSecretKey(options);
  // Why nothing may be sent or stored at all, if anything.
  const stop = secret
    ? 'secret key'
    : on(options.gpc) && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
      ? 'Global Privacy Control'
      : '';
  // A key in a page is a leaked key: say so whatever the build and the debug mode.
  if (secret)
    console.error(
      '[pimms] ' + secret + ' looks like a secret PIMMS key: keep it in the relay. Not running.',
    );
  // 1 given, 0 pending, -1 refused.
  let consent = options.consent == 'required' ? 0 : 1;
  const urlClickId = clickIdFromUrl();
  setEndpoint(options.endpoint || '/api/pimms/lead');
  // Nothing leaves the page before consent, not even leads kept from earlier pages.
  const flush = (force?: boolean, unloading?: boolean) =>
    consent > 0 && !stop ? flushOutbox(force, unloading) : Promise.resolve();
  // Before consent the click id lives in memory and in the held leads only, not in the cookie:
  // the newest held lead's is the one to use on a later page, and to store once consent comes.
  const heldClickId = () => {
    let id;
    for (const entry of readOutbox()) if (entry.h) id = entry.b.clickId;
    return id;
  };
  const clickId = () =>
    (firstClick ? readClickId() || urlClickId : urlClickId || readClickId()) ||
    (consent ? undefined : heldClickId());
  const remember = (id = urlClickId) =>
    id &&
    !(firstClick && readClickId()) &&
    writeClickId(id, +options.cookieDays! || 90, options.cookieDomain);

  const lead: LeadCall = (eventName, fields, elementFields, unloading) => {
    try {
      const built = buildLead(eventName, clickId(), [options.fields, elementFields, fields]);
      const body = built.body;
      const entry: OutboxEntry = { b: body as OutboxEntry['b'], t: Date.now(), n: 0, at: 0 };
      const reason =
        stop ||
        (consent < 0
          ? 'consent refused'
          : !body.eventName
            ? 'no eventName'
            : !body.clickId
              ? 'no click id'
              : consent
                ? ''
                : 'consent pending');
      const status =
        reason == 'consent pending' ? 'queued' : reason == 'no eventName' ? 'rejected' : 'skipped';
      if (__DEBUG__) {
        const name = 'lead "' + body.eventName + '": ';
        built.problems.forEach((problem) => debug(name + problem));
        if (reason) debug(name + status + ' (' + reason + ')');
      }
      if (!reason) {
        body.externalId = body.externalId || visitorId();
        const sent = sendEntry(entry, unloading || document.hidden);
        // The rest of the outbox after this task: reading it is not this lead's business.
        setTimeout(flush);
        return sent;
      }
      // Held until consent in the outbox, so that it outlives the navigation of a sign-up.
      if (status == 'queued') putEntry(Object.assign(entry, { h: 1 as const }));
      return Promise.resolve({ ok: false, status, reason, body: entry.b });
    } catch (error) {
      // Never into the host page: a bug here must not break a sign-up.
      return Promise.resolve({ ok: false, status: 'skipped', reason: '' + error });
    }
  };

  const api: Pimms = {
    lead: (eventName, fields) => lead(eventName, fields),
    clickId,
    consent(granted) {
      if (stop) return;
      consent = granted ? 1 : -1;
      // The newest held lead's click id (as heldClickId reads it), found in the same pass.
      let held;
      for (const entry of readOutbox()) {
        if (entry.h) held = entry.b.clickId;
        // Refused: everything queued goes, so that no retry sends it later. Given: held leads are released.
        if (!granted || entry.h) dropEntry(entry.b.eventId);
        if (granted && entry.h) {
          delete entry.h;
          entry.b.externalId = entry.b.externalId || visitorId();
          putEntry(entry);
        }
      }
      if (__DEBUG__)
        debug(
          'consent ' +
            (granted ? 'given: held leads are sent' : 'refused: queued leads are discarded'),
        );
      if (granted) remember(urlClickId || held);
      flush(true);
    },
    flush: () => flush(true),
    version: VERSION,
    loaded: true,
  };

  if (!stop) {
    if (consent) remember();
    // What earlier pages left in the outbox, once this script has run: the first read of
    // localStorage can wait on the browser process, and start-up must stay cheap.
    setTimeout(flush);
    listenForLeads(lead);
    addEventListener('online', () => flush(true));
    // The last moment a page is sure to run code (https://developer.chrome.com/docs/web-platform/page-lifecycle-api):
    // what is still due goes by beacon. (visibilitychange bubbles from the document to the window.)
    addEventListener('visibilitychange', () => document.hidden && flush(true, true));
  }
  return (instance = api);
}
