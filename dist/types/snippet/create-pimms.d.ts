import type { PimmsOptions } from './options.ts';
import { type Pimms } from './pimms-api.ts';
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
export declare function createPimms(options?: PimmsOptions): Pimms;
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
export declare function startPimms(readOptions: () => PimmsOptions): Pimms;
