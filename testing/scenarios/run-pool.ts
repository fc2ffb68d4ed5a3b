/**
 * A bounded pool for the delivery scenarios: many independent runs, a few browser contexts at a time,
 * so that 30 runs fit in seconds on a 2-core CI machine without starving the endpoint's timers.
 */

/**
 * Runs `count` tasks, at most `concurrency` at a time, in index order.
 *
 * @param count - How many tasks.
 * @param concurrency - How many at once.
 * @param task - Runs task number `index` (from 0).
 * @returns The results, by index.
 * @example
 * const records = await runPool(30, 4, (index) => oneRun(index));
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}
