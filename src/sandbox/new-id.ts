/**
 * Ids for clicks and leads.
 */
import { randomBytes } from 'node:crypto';

/**
 * A prefixed id with 16 URL-safe random characters (96 bits from the system's CSPRNG), safe to
 * put in a query string as is.
 *
 * @param prefix - E.g. `cl_` for a click, `ld_` for a lead.
 * @example
 * randomId('cl_') // 'cl_Zq3x0Vb-9kLw_T2a'
 */
export function randomId(prefix: string): string {
  return prefix + randomBytes(12).toString('base64url');
}
