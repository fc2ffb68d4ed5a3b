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
export declare function describeError(error: unknown): string;
