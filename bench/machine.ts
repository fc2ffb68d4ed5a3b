/**
 * What the benchmark ran on, printed above the table: figures mean little without it.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * Describes this machine and run.
 *
 * @param chromium - The version of the Chromium used (`browser.version()`), if one was launched.
 * @param load - The load average when the run started (`os.loadavg()`); default now.
 * @returns Lines: date, Node, CPU model and count, Chromium, load average.
 * @example
 * console.log(describeMachine(browser.version(), loadavg()).join('\n'));
 */
export function describeMachine(chromium?: string, load: number[] = loadavg()): string[] {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {}
  // The one-minute load average: on a shared machine, other processes' load is the main source of
  // spread, and the figures are only comparable between quiet runs.
  return [
    `date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `node: ${process.version}`,
    `cpu: ${cpu} × ${cpus().length}`,
    ...(chromium ? [`chromium: ${chromium}`] : []),
    `load average at start (1, 5, 15 min): ${load.map((n) => n.toFixed(2)).join(' ')}`,
  ];
}
