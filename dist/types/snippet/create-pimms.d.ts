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
