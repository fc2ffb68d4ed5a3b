/**
 * Ids for clicks and leads.
 */
import { randomBytes } from 'node:crypto';

// nanoid's URL-safe symbols: 64 of them, so a random byte's low 6 bits pick one without bias.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A 16-character id in nanoid's URL-safe alphabet (96 bits from the system's CSPRNG), the shape of
 * PIMMS' click ids: no prefix, safe to put in a query string as is.
 *
 * @param prefix - Put in front of the random part; default none (click ids). E.g. `ld_` for a
 *   lead row, which PIMMS never shows.
 * @example
 * randomId() // 'Zq3x0Vb-9kLw_T2a'
 * randomId('ld_') // 'ld_Zq3x0Vb-9kLw_T2a'
 */
export function randomId(prefix = ''): string {
  let id = prefix;
  for (const byte of randomBytes(16)) id += ALPHABET[byte & 63];
  return id;
}
