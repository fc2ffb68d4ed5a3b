/**
 * The snippet's configuration: the options of the script tag or of `createPimms`, read once into
 * typed values with their defaults, and handed to each part that needs one.
 */
import type { LeadFields } from '../shared/lead.ts';
import type { PimmsOptions } from './options.ts';
import { findSecretKey } from './secret-key.ts';

/** The options, read; see {@link PimmsOptions} for what each means. */
export interface SnippetConfig {
  /** Where leads (and the landing request) go. */
  endpoint: string;
  /** Debug lines on (set in the debug build only). */
  debug?: boolean;
  /** First-click attribution: an existing click-id cookie is kept. */
  firstClick: boolean;
  /** Lifetime of the script's `pimms_id` cookie in days. */
  cookieDays: number;
  /** Domain of the `pimms_id` cookie, when the site sets one. */
  cookieDomain?: string;
  /** Leads are held, and no cookie written, until `consent(true)`. */
  consentRequired: boolean;
  /** Remove `pimms_id` from the address bar once the click id is kept. */
  cleanUrl: boolean;
  /** Default lead fields. */
  fields?: LeadFields;
  /** The option that holds a secret PIMMS key, if one does. */
  secretKey?: string;
  /** Why nothing may be sent or stored at all (a secret key, Global Privacy Control), or `''`. */
  stop: string;
}

/**
 * Reads the options, with their defaults. A flag is on when present and not `false` or
 * `"false"` (so `data-debug` and `data-debug=""` are on).
 *
 * @param options - The options; all optional.
 * @returns The configuration.
 * @example
 * readConfig({ endpoint: '/relay', cookieDays: '30' }).cookieDays // 30
 */
export function readConfig(options: PimmsOptions): SnippetConfig {
  const on = (value: unknown) => value != null && value !== false && value != 'false';
  const secretKey = findSecretKey(options);
  const config: SnippetConfig = {
    endpoint: options.endpoint || '/api/pimms/lead',
    firstClick: options.attributionModel == 'first-click',
    cookieDays: +options.cookieDays! || 90,
    cookieDomain: options.cookieDomain,
    consentRequired: options.consent == 'required',
    cleanUrl: on(options.cleanUrl),
    fields: options.fields,
    secretKey,
    stop: secretKey
      ? 'secret key'
      : on(options.gpc) && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
        ? 'Global Privacy Control'
        : '',
  };
  // Read in the debug build only: the production build prints no debug line.
  if (__DEBUG__) config.debug = on(options.debug);
  return config;
}
