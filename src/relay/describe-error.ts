/**
 * One-line descriptions of thrown values, for log lines.
 */

/**
 * Describes an error and its causes on one line, since the useful part of a failed `fetch`
 * (`ECONNREFUSED`, a DNS failure) sits two causes deep.
 *
 * @param error - Anything thrown.
 * @returns e.g. `Unable to make request: TypeError: fetch failed: connect ECONNREFUSED 127.0.0.1:9`.
 * @example
 * log(`PIMMS could not be reached: ${describeError(error)}`);
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let at = error, depth = 0; at !== undefined && depth < 4; depth++) {
    const text = at instanceof Error ? at.message : String(at);
    if (!parts.some((part) => part.includes(text))) parts.push(text);
    at = at instanceof Error ? at.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}
