/**
 * The workspace-key check of the PIMMS API: `Authorization: Bearer <key>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiError } from './api-error.ts';

// Comparing fixed-size digests lets timingSafeEqual work on keys of any length.
const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * Makes the key check for a set of accepted workspace keys.
 *
 * The 401 answers never repeat the key presented: error bodies end up in logs and debug panels.
 *
 * @param apiKeys - The accepted keys; at least one, none empty.
 * @returns A function that answers `undefined` when the request carries an accepted key, else the 401 response.
 * @throws TypeError when `apiKeys` is empty or holds an empty key (which would accept a bare `Bearer `).
 * @example
 * const auth = bearerAuth(['pimms_test_key']);
 * auth(request) ?? handle(request)
 */
export function bearerAuth(apiKeys: string[]): (request: Request) => Response | undefined {
  if (!apiKeys.length || apiKeys.some((key) => typeof key != 'string' || !key.trim())) {
    throw new TypeError('[pimms] sandbox: apiKeys must hold at least one non-empty key');
  }
  const accepted = apiKeys.map((key) => digest(key.trim()));
  return (request) => {
    const header = request.headers.get('Authorization');
    if (!header) return apiError(401, 'Missing Authorization header.');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match)
      return apiError(401, "Misconfigured Authorization header. Did you forget to add 'Bearer '?");
    const presented = digest(match[1]!);
    // No early exit, so the answer time does not tell which key came close.
    let ok = false;
    for (const key of accepted) ok = timingSafeEqual(key, presented) || ok;
    return ok ? undefined : apiError(401, 'Unauthorized: Invalid API key.');
  };
}
