import type { LeadFields } from '../shared/lead.ts';
/**
 * How the snippet behaves. On the `<script>` tag each option is a `data-` attribute
 * (`endpoint` is `data-endpoint`, `attributionModel` is `data-attribution-model`, and so on);
 * the ES module takes them as an object.
 *
 * @example
 * createPimms({ endpoint: 'https://example.com/api/pimms/lead', attributionModel: 'first-click' })
 */
export interface PimmsOptions {
    /** Where leads are sent: the relay. Default `/api/pimms/lead` (same origin). */
    endpoint?: string;
    /** `last-click` (default): a new `?pimms_id=` replaces the cookie. `first-click`: an existing cookie is kept. */
    attributionModel?: 'first-click' | 'last-click';
    /** Domain of the `pimms_id` cookie. Default: the root domain (e.g. `example.com` on `www.example.com`), host-only where the browser refuses it. */
    cookieDomain?: string;
    /** Lifetime of the `pimms_id` cookie in days. Default 90. */
    cookieDays?: number | string;
    /** Explain every lead, skipped lead and changed field in the console, one `[pimms]` line each (debug build only). Default off. */
    debug?: boolean | string;
    /** `required`: hold leads (nothing sent, no cookie written) until `pimms.consent(true)`. Default: not required. */
    consent?: 'required';
    /** Honour Global Privacy Control: with `navigator.globalPrivacyControl` on, send nothing and write nothing. Default off. */
    gpc?: boolean | string;
    /**
     * Remove `pimms_id` from the address bar (`history.replaceState`, every other parameter and the
     * hash kept) once the click id is kept, so that a shared or bookmarked link does not carry the
     * visitor's click id. Default off: PIMMS' own script may still need to read the parameter.
     */
    cleanUrl?: boolean | string;
    /** Default lead fields a server-rendered page knows (e.g. the signed-in user's `externalId`). A call's fields win. */
    fields?: LeadFields;
}
/**
 * Lead fields from `data-` attributes: `data-<prefix>-customer-email` is `customerEmail`,
 * `data-<prefix>-metadata-plan` is `metadata.plan`. Other attributes are left for the field rules
 * to ignore (`endpoint` and the like are not lead fields).
 *
 * @param dataset - An element's `dataset`.
 * @param prefix - `''` on the script tag, `'pimms'` on forms and buttons (`data-pimms-...`).
 * @returns The fields found (possibly none).
 * @example
 * // <button data-pimms-lead="Book a demo" data-pimms-metadata-plan="pro">
 * fieldsFromData(button.dataset, 'pimms') // { metadata: { plan: 'pro' } }
 */
export declare function fieldsFromData(dataset: DOMStringMap, prefix: string): LeadFields;
/**
 * Reads the options from the snippet's own `<script>` tag.
 *
 * @param script - The tag (`document.currentScript`), or null when unknown.
 * @returns The options (strings, as attributes are); absent ones are left to their defaults.
 * @example
 * // <script src="/pimms.js" data-endpoint="/relay" data-external-id="u_42"></script>
 * readScriptOptions(document.currentScript) // { endpoint: '/relay', fields: { externalId: 'u_42' }, ... }
 */
export declare function readScriptOptions(script: HTMLOrSVGScriptElement | null): PimmsOptions;
