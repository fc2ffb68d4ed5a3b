import { type Debug } from './log.ts';
import type { PimmsOptions } from './options.ts';
import type { LeadCall, Pimms } from './pimms-api.ts';
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
export declare function startSnippet(options: PimmsOptions, search: string): SnippetParts;
