/**
 * Polling on server or page state, for code that runs outside a Playwright test too (the delivery
 * scenarios, which the benchmark imports): `expect.poll` needs a test, and throws where a scenario
 * must count a lead as lost and go on.
 */

/**
 * Polls a condition until it holds or the time is up.
 *
 * @param condition - Checked at once, then every `intervalMs`; may be async.
 * @param timeoutMs - When to give up.
 * @param intervalMs - Between checks; default 50.
 * @returns True when the condition held, false when the time ran out.
 * @example
 * const delivered = await waitFor(() => endpoint.sandbox.leads().length > 0, 10_000);
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
