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
