/**
 * The one table `npm run bench` prints: every figure next to what a site would use instead.
 */

/** One line of the table. */
export interface Row {
  /** Which benchmark: `size`, `main thread`, `delivery`, `relay`. */
  section: string;
  /** What is measured, and how. */
  measure: string;
  /** The figure for pimms-lead. */
  pimms: string;
  /** The alternative it is compared with, and its figure (empty when there is none). */
  instead: string;
  /** `pimms / instead`, or empty. */
  ratio: string;
  /** The budget, or what else helps to read the figure. */
  note: string;
}

const COLUMNS: [keyof Row, string][] = [
  ['section', 'section'],
  ['measure', 'measure'],
  ['pimms', 'pimms-lead'],
  ['instead', 'instead'],
  ['ratio', 'ratio'],
  ['note', 'budget / note'],
];

/**
 * Prints rows as one Markdown table, padded so that it also reads well in a terminal and can be
 * pasted into the README as is.
 *
 * @param rows - The rows, in order.
 * @returns The table, one line per row plus the header and its rule.
 * @example
 * console.log(formatTable([{ section: 'size', measure: 'gzip', pimms: '4,047 B', instead: '', ratio: '', note: '' }]))
 */
export function formatTable(rows: readonly Row[]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const widths = COLUMNS.map(([key, title]) =>
    Math.max(title.length, ...rows.map((row) => cell(row[key]).length)),
  );
  const line = (cells: string[]) =>
    '| ' + cells.map((text, i) => text.padEnd(widths[i]!)).join(' | ') + ' |';
  return [
    line(COLUMNS.map(([, title]) => title)),
    '|' + widths.map((width) => '-'.repeat(width + 2)).join('|') + '|',
    ...rows.map((row) => line(COLUMNS.map(([key]) => cell(row[key])))),
  ].join('\n');
}
