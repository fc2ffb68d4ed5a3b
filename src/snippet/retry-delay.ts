/** The longest wait between two retries while a page stays open: 5 minutes. */
export const MAX_RETRY_DELAY_MS = 300e3;

/**
 * How long to wait before the next try: the endpoint's `Retry-After` when it gave one, else an
 * exponential back-off (2 s, 4 s, 8 s ... up to 5 minutes) with "equal jitter" (a random half of
 * it) so that many pages recovering from one outage do not retry in step:
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 *
 * @param attempts - Sends made so far (1 after the first failure).
 * @param retryAfter - The endpoint's Retry-After, in seconds.
 * @param random - A number in [0, 1); defaults to `Math.random()`.
 * @returns The delay in ms.
 * @example
 * retryDelay(1) // between 1000 and 2000
 * retryDelay(3, 30) // 30000
 */
export function retryDelay(attempts: number, retryAfter?: number, random = Math.random()): number {
  if (retryAfter) return retryAfter * 1e3;
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, 1e3 * 2 ** attempts);
  return (ceiling * (1 + random)) / 2;
}
