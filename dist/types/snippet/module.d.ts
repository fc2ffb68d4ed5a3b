/**
 * Entry of dist/pimms.mjs, the ES module for bundlers. Importing it touches no global; call
 * `createPimms()` in the browser to start the snippet. Re-exports only.
 *
 * @example
 * import { createPimms } from 'pimms-lead'
 * const pimms = createPimms({ endpoint: '/api/pimms/lead' })
 */
import type { Pimms } from './pimms-api.ts';
export { createPimms } from './create-pimms.ts';
export { VERSION } from './pimms-api.ts';
export type { Pimms } from './pimms-api.ts';
export type { PimmsOptions } from './options.ts';
export type { ErrorBody, LeadBody, LeadFields, LeadResult, TrackLeadBody } from '../shared/lead.ts';
declare global {
    interface Window {
        /** The snippet's API once dist/pimms.js has loaded (or the paste-in stub before that). */
        pimms?: Pimms;
    }
}
