/**
 * `createPimms`: the snippet's start-up. It does only what cannot wait: the API in place, the
 * listeners that must not miss a sign-up, the landing URL's query kept. The parts
 * (`start-snippet.ts`) start on first use, or in the task after start-up, whichever comes first
 * ("idle until urgent", https://philipwalton.com/articles/idle-until-urgent/): compiling and
 * running them inside the script tag would hold up the page's parser for them.
 */
import { listenForLeads } from './declarative.ts';
import type { PimmsOptions } from './options.ts';
import { listenToPage } from './page-listeners.ts';
import { VERSION, type Pimms } from './pimms-api.ts';
import { startSnippet, type SnippetParts } from './start-snippet.ts';

// The one instance of createPimms on this page: calling it twice doubles nothing. (The script tag
// has installPimms' check instead: each copy of the script has a module scope of its own.)
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
  return instance || (instance = startPimms(() => options));
}

/**
 * {@link createPimms} with its options read when the parts start (the script tag's `data-`
 * attributes are read then, not in the script tag's own time), and no check for an earlier
 * instance.
 *
 * @param readOptions - Gives the options; called once.
 * @returns The API.
 * @example
 * const script = document.currentScript;
 * startPimms(() => readScriptOptions(script));
 */
export function startPimms(readOptions: () => PimmsOptions): Pimms {
  // The query as the page has it now: a site's router may rewrite the address before the parts start.
  const search = location.search;
  let parts: SnippetParts | undefined;
  const start = () => parts || (parts = startSnippet(readOptions(), search));
  const api: Pimms = {
    lead: (eventName, fields) => start().leadFrom(eventName, fields),
    clickId: () => start().clickId(),
    consent: (granted) => start().consent(granted),
    flush: () => start().flushOutbox(true),
    version: VERSION,
    loaded: true,
  };
  listenForLeads(
    (...args) => start().leadFrom(...args),
    __DEBUG__ ? (message) => start().debugLine!(message) : undefined,
  );
  listenToPage((...args) => start().flushOutbox(...args));
  setTimeout(() => start().resume());
  return api;
}
