/**
 * The delivery view's memory: a bounded ring of what happened to recent leads, as the relay
 * reported it (`onEvent`), as the sandbox answered it, and as the page's `pimms.lead()` resolved.
 * In the playground's process only; nothing is written to disk.
 */
import type { RelayEvent } from '../relay/relay-event.ts';

/** Default of {@link DeliveryLogOptions.capacity}. */
export const DEFAULT_LOG_CAPACITY = 1000;

/**
 * What the PIMMS API (the sandbox, or the real one) answered one forwarded lead, seen by the
 * playground around the relay's upstream call.
 */
export interface UpstreamCall {
  /** The HTTP status PIMMS answered, or 0 when it could not be reached. */
  status: number;
  /** The click id, event name and externalId of the body the relay sent (no customer field). */
  clickId?: string;
  eventName?: string;
  externalId?: string;
  /**
   * Whether the sandbox stored a lead row for this call: `false` for a 2xx that recorded nothing
   * (a repeat of the same externalId and event name). `undefined` when unknown: not the sandbox,
   * or not a 2xx.
   */
  recorded?: boolean;
  /** For a repeat, when the lead that blocks it was recorded (ISO 8601), if the sandbox has it. */
  earlierAt?: string;
  /** The playground's simulated outage answered, not the sandbox. */
  simulated?: boolean;
}

/**
 * What the page reported of a `pimms.lead()` call (the sign-up page's scripted form posts it):
 * the only trace of a lead the snippet did not send, e.g. one without a click id.
 */
export interface PageReport {
  /** The status the call resolved with. */
  status: 'sent' | 'queued' | 'skipped' | 'rejected';
  /** Its reason, e.g. `no click id`. */
  reason?: string;
  /** The lead's eventId, event name and click id, when the snippet built a body. */
  eventId?: string;
  eventName?: string;
  clickId?: string;
  /** The page's path, e.g. `/signup`. */
  page?: string;
}

/** One thing that happened, in the order the log heard it. */
export type DeliveryEntry = {
  /** Position in the log since it started, 1 for the first: orders entries with equal times. */
  seq: number;
  /** When, ISO 8601. */
  at: string;
  /**
   * The relay request it belongs to (a number per request the playground passed to the relay),
   * when it happened inside one: ties a `received` to its decision even without an eventId.
   */
  request?: number;
} & (
  | { source: 'relay'; event: RelayEvent }
  | { source: 'upstream'; call: UpstreamCall }
  | { source: 'page'; report: PageReport }
);

/** What {@link DeliveryLog.add} takes: an entry without its `seq`, `at` defaulting to now. */
export type NewDeliveryEntry = DeliveryEntry extends infer E
  ? E extends DeliveryEntry
    ? Omit<E, 'seq' | 'at'> & { at?: string }
    : never
  : never;

/** Settings of {@link createDeliveryLog}. */
export interface DeliveryLogOptions {
  /** How many entries are kept; the oldest go first. Default 1000. */
  capacity?: number;
}

/** The ring, from {@link createDeliveryLog}. */
export interface DeliveryLog {
  /** Appends an entry (dropping the oldest when full) and returns it. */
  add(entry: NewDeliveryEntry): DeliveryEntry;
  /** The entries kept, oldest first. */
  entries(): DeliveryEntry[];
  /** The `seq` of the newest entry, 0 when none: changes whenever the log does. */
  version(): number;
}

/**
 * Makes an empty delivery log.
 *
 * @param options - See {@link DeliveryLogOptions}.
 * @example
 * const log = createDeliveryLog({ capacity: 500 });
 * log.add({ source: 'relay', event }); // from createLeadRelay({ onEvent })
 */
export function createDeliveryLog(options: DeliveryLogOptions = {}): DeliveryLog {
  const capacity = Math.max(1, Math.floor(options.capacity ?? DEFAULT_LOG_CAPACITY));
  // A fixed array used as a ring: adding never copies the kept entries.
  const ring: DeliveryEntry[] = [];
  let seq = 0;
  return {
    add(entry) {
      const added = { ...entry, seq: ++seq, at: entry.at ?? new Date().toISOString() };
      ring[(seq - 1) % capacity] = added as DeliveryEntry;
      return added as DeliveryEntry;
    },
    entries() {
      if (seq <= capacity) return ring.slice(0, seq);
      const start = seq % capacity;
      return [...ring.slice(start), ...ring.slice(0, start)];
    },
    version: () => seq,
  };
}
