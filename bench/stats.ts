/**
 * The few statistics the benchmarks report: medians and ratios, and how to print them.
 */

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @param values - The samples; at least one.
 * @returns Their median, or `NaN` when there are none.
 * @example
 * median([3, 1, 2]) // 2
 */
export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * `a / b` printed as a ratio, e.g. `3.20×`.
 *
 * @param a - What is measured.
 * @param b - What it is compared with.
 * @returns The ratio with two decimals, or `n/a` when `b` is not positive.
 * @example
 * times(4047, 350) // '11.56×'
 */
export function times(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) + '×' : 'n/a';
}

/**
 * A byte count with thousands separators, e.g. `4,047 B`.
 *
 * @param n - Bytes.
 * @returns The printed count.
 * @example
 * bytes(4047) // '4,047 B'
 */
export function bytes(n: number): string {
  return n.toLocaleString('en-US') + ' B';
}

/**
 * Milliseconds with three decimals (the 5 µs resolution of a cross-origin isolated page).
 *
 * @param n - Milliseconds.
 * @returns The printed duration, e.g. `0.415 ms`.
 * @example
 * ms(0.4151) // '0.415 ms'
 */
export function ms(n: number): string {
  return Number.isFinite(n) ? n.toFixed(3) + ' ms' : 'n/a';
}

/**
 * How far the ratio of two medians could move with other samples of the same pages: a bootstrap
 * interval. Both sample sets are drawn again with replacement, `rounds` times, and the ratio of
 * the two drawn medians taken each time; the interval holds the central `level` share of those
 * ratios. The draws are seeded, so the same samples always give the same interval.
 *
 * @param a - Samples of what is measured.
 * @param b - Samples of what it is compared with.
 * @param options - `rounds` (default 2,000), `level` (default 0.95), `seed` (default 1).
 * @returns The interval's low and high ratio, or `[NaN, NaN]` when either set is empty.
 * @example
 * ratioInterval(snippetTimes, baselineTimes) // e.g. [1.38, 1.66]
 */
export function ratioInterval(
  a: readonly number[],
  b: readonly number[],
  options: { rounds?: number; level?: number; seed?: number } = {},
): [low: number, high: number] {
  const { rounds = 2000, level = 0.95, seed = 1 } = options;
  if (!a.length || !b.length) return [NaN, NaN];
  const random = seededRandom(seed);
  const draw = (values: readonly number[]) =>
    median(Array.from(values, () => values[Math.floor(random() * values.length)]!));
  const ratios = Array.from({ length: rounds }, () => draw(a) / draw(b)).sort((x, y) => x - y);
  const tail = ((1 - level) / 2) * (rounds - 1);
  return [ratios[Math.round(tail)]!, ratios[Math.round(rounds - 1 - tail)]!];
}

/** A small seeded generator of numbers in [0, 1) (mulberry32): reproducible draws. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
