/**
 * The burst row of `npm run bench` (issue 9): a launch-day burst of leads, three times the key's
 * per-minute limit, through the relay to the rate-limited sandbox, from concurrent clients that
 * retry as the snippet does. The scenario is testing/scenarios/burst.ts; this file sizes it and
 * turns its counts into table rows. Nothing here asserts a figure.
 */
import { runBurst, type BurstOptions, type BurstResult } from '../testing/scenarios/burst.ts';
import type { Row } from './table.ts';

/** Default burst: 180 leads against 60 a minute, so that the ideal drain is 3 minutes. */
export const BURST_DEFAULTS = { leads: 180, rateLimit: 60 } as const;

/**
 * Runs the burst scenario with the bench's sizes.
 *
 * @param options - Overrides of {@link BURST_DEFAULTS} and the scenario's other settings.
 * @returns The scenario's counts.
 * @example
 * const rows = burstRows(await measureBurst({ onProgress: console.error }));
 */
export function measureBurst(options: BurstOptions = {}): Promise<BurstResult> {
  return runBurst({ ...BURST_DEFAULTS, ...options });
}

const seconds = (ms: number) => `${(ms / 1e3).toFixed(1)} s`;
const percent = (part: number, whole: number) =>
  whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a';

/**
 * The table rows of one burst: leads recorded once, duplicates, time to drain against the ideal,
 * and upstream calls that got a 429.
 *
 * @param result - From {@link measureBurst}.
 * @example
 * console.log(formatTable(burstRows(result)))
 */
export function burstRows(result: BurstResult): Row[] {
  const how = `${result.leads} leads, ${result.clients} clients, sandbox limit ${result.rateLimit}/min`;
  const statuses = Object.entries(result.relayStatuses)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
  return [
    {
      section: 'burst',
      measure: 'leads recorded once',
      pimms: `${result.recordedOnce} / ${result.leads}`,
      instead: '',
      ratio: '',
      note: `goal: all; ${how}; ${result.givenUp} given up (longest Retry-After told: ${result.maxRetryAfterSeconds} s)`,
    },
    {
      section: 'burst',
      measure: 'duplicates recorded',
      pimms: String(result.duplicates),
      instead: '',
      ratio: '',
      note: `goal: 0; ${result.repeatsUpstream} repeat calls reached PIMMS (answered 200, nothing recorded)`,
    },
    {
      section: 'burst',
      measure: 'time to drain',
      pimms:
        result.drainMs === undefined
          ? `not drained in ${seconds(result.elapsedMs)}`
          : seconds(result.drainMs),
      instead: `ideal (burst ÷ limit): ${seconds(result.idealMs)}`,
      ratio: result.drainMs === undefined ? '' : `${(result.drainMs / result.idealMs).toFixed(2)}×`,
      note: `${result.clientRequests} client requests: ${statuses}`,
    },
    {
      section: 'burst',
      measure: 'upstream calls that got 429',
      pimms: `${result.upstream429} of ${result.upstreamCalls} (${percent(result.upstream429, result.upstreamCalls)})`,
      instead: '',
      ratio: '',
      note: 'goal: under 5%; counted at the sandbox',
    },
  ];
}
