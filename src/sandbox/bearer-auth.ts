/**
 * The workspace-key check of the PIMMS API: `Authorization: Bearer <key>`, read the way PIMMS
 * reads it (step 1 of PIMMS-API.md).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiError } from './api-error.ts';

// Comparing fixed-size digests lets timingSafeEqual work on keys of any length.
const digest = (key: string) => createHash('sha256').update(key).digest();

/** What {@link bearerAuth} found: the accepted key, or the answer that refuses the request. */
export type AuthResult = { key: string; canWriteLeads: boolean } | Response;

/**
 * Makes the key check for a set of accepted workspace keys.
 *
 * As PIMMS: no header is 401 "Missing Authorization header."; a header without `Bearer `
 * (case-sensitive, anywhere in it) is 400; the key is what is left once the first `Bearer ` is
 * removed, not trimmed, and an unknown one is 401. The 401 answers never repeat the key presented:
 * error bodies end up in logs and debug panels.
 *
 * @param apiKeys - The accepted keys; at least one, none empty.
 * @param readOnlyKeys - Keys that are accepted but lack the lead-write permission (403 later);
 *   default none.
 * @returns A function that answers the key (and whether it may write leads), else the error response.
 * @throws TypeError when `apiKeys` is empty or holds an empty key (which would accept a bare `Bearer `).
 * @example
 * const auth = bearerAuth(['pimms_test_key']);
 * const found = auth(request);
 * if (found instanceof Response) return found;
 */
export function bearerAuth(
  apiKeys: string[],
  readOnlyKeys: string[] = [],
): (request: Request) => AuthResult {
  if (
    !apiKeys.length ||
    [...apiKeys, ...readOnlyKeys].some((key) => typeof key != 'string' || !key.trim())
  ) {
    throw new TypeError('[pimms] sandbox: apiKeys must hold at least one non-empty key');
  }
  const accepted = [
    ...apiKeys.map((key) => ({ key, canWriteLeads: true, hash: digest(key) })),
    ...readOnlyKeys.map((key) => ({ key, canWriteLeads: false, hash: digest(key) })),
  ];
  return (request) => {
    const header = request.headers.get('Authorization');
    if (!header) return apiError(401, 'Missing Authorization header.');
    if (!header.includes('Bearer '))
      return apiError(400, "Misconfigured authorization header. Did you forget to add 'Bearer '?");
    const presented = digest(header.replace('Bearer ', ''));
    // No early exit, so the answer time does not tell which key came close.
    let found: (typeof accepted)[number] | undefined;
    for (const entry of accepted) if (timingSafeEqual(entry.hash, presented)) found ??= entry;
    return found
      ? { key: found.key, canWriteLeads: found.canWriteLeads }
      : apiError(401, 'Unauthorized: Invalid API key.');
  };
}
