/**
 * The delivery view's logic: the log's entries grouped per lead, each lead's path as a timeline
 * of steps, and its state in a word and a sentence, so that a person sees at a glance why a lead
 * was not recorded.
 */
import type { DeliveryEntry, UpstreamCall } from './delivery-log.ts';

/**
 * Where a lead stands.
 *
 * - `recorded`: the sandbox stored it (or the page was told so after a retry).
 * - `repeat`: PIMMS answered a repeat of the same externalId and event name (200, nothing
 *   recorded; the sandbox before issue 9 answered 409).
 * - `refused`: refused for good, by the relay (origin, size, a field) or by PIMMS (unknown click).
 * - `skipped`: the snippet did not send it (no click id, consent refused): the relay never saw it.
 * - `retrying`: PIMMS was down or rate limited; the snippet keeps it and tries again.
 * - `queued`: in the relay's durable queue, for the worker to forward.
 * - `accepted`: PIMMS answered 2xx; only the sandbox could tell recorded from repeat.
 * - `duplicate`: a resend of an eventId the relay had answered, whose first send the log no
 *   longer holds.
 * - `waiting`: held in the browser's outbox (e.g. until consent), not sent yet.
 * - `pending`: the relay received it and has not decided yet.
 */
export type LeadState =
  | 'recorded'
  | 'repeat'
  | 'refused'
  | 'skipped'
  | 'retrying'
  | 'queued'
  | 'accepted'
  | 'duplicate'
  | 'waiting'
  | 'pending';

/** Who a step is about: the page's script, the snippet's send, the relay, or PIMMS (the sandbox). */
export type StepActor = 'page' | 'snippet' | 'relay' | 'pimms';

/** One step of a lead's path. */
export interface TimelineStep {
  /** When, ISO 8601. */
  at: string;
  actor: StepActor;
  /** `ok` went well, `warn` will be retried, `bad` lost or refused, `info` neither. */
  tone: 'ok' | 'warn' | 'bad' | 'info';
  /** What happened, one sentence. */
  text: string;
}

/** One lead's path, for the view and its JSON. */
export interface LeadTimeline {
  /** The lead's eventId, else an id made for the one request or report it was seen in. */
  key: string;
  eventId?: string;
  eventName?: string;
  clickId?: string;
  /** The externalId PIMMS was sent (the snippet's visitor id, or the signed-in user's). */
  externalId?: string;
  /** First and last entry, ISO 8601. */
  firstAt: string;
  lastAt: string;
  state: LeadState;
  /** The state in a few words, e.g. `Not recorded: a repeat`. */
  label: string;
  /** Why, one or two sentences. */
  why: string;
  /** How many times the relay told the page to try again. */
  retries: number;
  /** How many requests reached the relay for this lead. */
  attempts: number;
  /** How the snippet sent each of them (`beacon`, `fetch`, `unknown`), in order. */
  via: string[];
  /** Every step, oldest first. */
  steps: TimelineStep[];
}

/** Settings of {@link buildTimelines}. */
export interface TimelineOptions {
  /** At most this many leads, the most recently active first. Default 50. */
  limit?: number;
  /** Word for the upstream in sentences: `the sandbox` (default) or `PIMMS`. */
  upstreamName?: string;
}

// States a later step may still change; the others are an answer the lead keeps.
const OPEN: ReadonlySet<LeadState | undefined> = new Set([
  undefined,
  'pending',
  'waiting',
  'duplicate',
  'retrying',
  'queued',
  'accepted',
]);

const LABELS: Record<LeadState, string> = {
  recorded: 'Recorded',
  repeat: 'Not recorded: a repeat',
  refused: 'Not recorded: refused',
  skipped: 'Not sent',
  retrying: 'PIMMS down: retrying',
  queued: 'Queued',
  accepted: 'Accepted by PIMMS',
  duplicate: 'Resent',
  waiting: 'In the browser’s outbox',
  pending: 'In progress',
};

const isOk = (status: number) => status >= 200 && status < 300;
// The relay's own rule (forward-lead.ts): 408, 429 and 5xx are retried, other 4xx are final.
const isFinalRefusal = (status: number) =>
  status >= 400 && status < 500 && status != 408 && status != 429;

/**
 * Groups the log's entries per lead and tells each lead's path.
 *
 * Entries of one relay request (same `request`) belong together even when the body had no
 * readable eventId; requests and page reports with the same eventId are one lead (the snippet
 * resends a lead under its eventId).
 *
 * @param entries - The log, oldest first.
 * @param options - See {@link TimelineOptions}.
 * @returns The leads, the one with the newest entry first.
 * @example
 * buildTimelines(log.entries())[0].state // 'recorded'
 */
export function buildTimelines(
  entries: DeliveryEntry[],
  options: TimelineOptions = {},
): LeadTimeline[] {
  const upstreamName = options.upstreamName ?? 'the sandbox';
  const eventIdOfRequest = new Map<number, string>();
  for (const entry of entries) {
    const eventId = entry.source == 'relay' ? entry.event.eventId : undefined;
    if (entry.request !== undefined && eventId && !eventIdOfRequest.has(entry.request))
      eventIdOfRequest.set(entry.request, eventId);
  }
  const groups = new Map<string, DeliveryEntry[]>();
  for (const entry of entries) {
    const key = keyOf(entry, eventIdOfRequest);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups]
    .map(([key, group]) => timelineOf(key, group, upstreamName))
    .sort((a, b) => b.seq - a.seq)
    .slice(0, options.limit ?? 50)
    .map(({ seq: _seq, ...timeline }) => timeline);
}

function keyOf(entry: DeliveryEntry, eventIdOfRequest: Map<number, string>): string {
  if (entry.request !== undefined)
    return eventIdOfRequest.get(entry.request) ?? `request-${entry.request}`;
  const eventId =
    entry.source == 'relay'
      ? entry.event.eventId
      : entry.source == 'page'
        ? entry.report.eventId
        : undefined;
  return eventId ?? `entry-${entry.seq}`;
}

function timelineOf(
  key: string,
  group: DeliveryEntry[],
  upstreamName: string,
): LeadTimeline & { seq: number } {
  const steps: TimelineStep[] = [];
  let state: LeadState | undefined;
  let why = '';
  let retries = 0;
  let lastUpstream: UpstreamCall | undefined;
  let lastRetryAfter: number | undefined;
  const via: string[] = [];
  const facts: { eventId?: string; eventName?: string; clickId?: string; externalId?: string } = {};
  const learn = (more: typeof facts) => {
    for (const name of ['eventId', 'eventName', 'clickId', 'externalId'] as const)
      facts[name] ??= more[name] || undefined;
  };
  const become = (next: LeadState, reason: string) => {
    // Recorded, repeat, refused and skipped are answers: nothing later in the log undoes them (a
    // 2xx without the sandbox's word, a resend answered from memory).
    if (!OPEN.has(state)) return;
    // A resend answered from memory, or a page's report, says nothing new once the relay decided.
    if (
      (next == 'duplicate' || next == 'pending' || next == 'waiting') &&
      state &&
      state != 'pending'
    )
      return;
    state = next;
    why = reason;
  };
  const step = (at: string, actor: StepActor, tone: TimelineStep['tone'], text: string) =>
    steps.push({ at, actor, tone, text });

  for (const entry of group) {
    const { at } = entry;
    if (entry.source == 'page') {
      const { report } = entry;
      learn(report);
      const name = report.eventName ? JSON.stringify(report.eventName) : '';
      step(
        at,
        'page',
        report.status == 'sent' ? 'ok' : report.status == 'queued' ? 'warn' : 'bad',
        `pimms.lead(${name}) resolved “${report.status}”${report.reason ? `: ${report.reason}` : ''}.`,
      );
      if (report.status == 'skipped')
        become(
          'skipped',
          report.reason == 'no click id'
            ? 'No click id: the page has no pimms_id cookie, so the snippet skipped the lead and the relay never saw it. Follow a short link first.'
            : `The snippet did not send it (${report.reason ?? 'skipped'}): the relay never saw it.`,
        );
      else if (report.status == 'rejected')
        become('refused', `The snippet refused it: ${report.reason ?? 'rejected'}.`);
      else if (report.status == 'queued' && !state)
        become('waiting', `Kept in the browser’s outbox: ${report.reason ?? 'queued'}.`);
      continue;
    }
    if (entry.source == 'upstream') {
      const { call } = entry;
      learn(call);
      lastUpstream = call;
      if (call.simulated) {
        step(
          at,
          'pimms',
          'bad',
          `Down: the playground’s simulated outage answered ${call.status}.`,
        );
        become('retrying', downWhy(call.status));
      } else if (call.recorded === true) {
        step(
          at,
          'pimms',
          'ok',
          `Recorded the lead (externalId ${call.externalId ?? '?'}, “${call.eventName ?? '?'}”).`,
        );
        become(
          'recorded',
          retries
            ? `Recorded by ${upstreamName} after ${retries} ${retries == 1 ? 'retry' : 'retries'}.`
            : `Recorded by ${upstreamName}.`,
        );
      } else if (call.recorded === false || call.status == 409) {
        const since = call.earlierAt ? ` since ${clock(call.earlierAt)}` : '';
        step(
          at,
          'pimms',
          'bad',
          `Answered ${call.status} but recorded nothing: it already has a “${call.eventName ?? '?'}” lead for externalId ${call.externalId ?? '?'}${since}.`,
        );
        become('repeat', repeatWhy(call, upstreamName));
      } else if (call.status == 0) {
        step(at, 'pimms', 'bad', 'Could not be reached.');
        become('retrying', downWhy(0));
      } else if (isFinalRefusal(call.status)) {
        // The relay's `forwarded` step tells the status; this only keeps the state right when the
        // relay's events are missing (pushed out of the ring).
        become('refused', refusalWhy(call.status));
      } else if (!isOk(call.status)) {
        become('retrying', downWhy(call.status));
      }
      continue;
    }
    const { event } = entry;
    learn(event);
    switch (event.type) {
      case 'received':
        via.push(event.via);
        step(
          at,
          'snippet',
          'info',
          `${via.length > 1 ? `Sent again (attempt ${via.length})` : 'Sent to the relay'} by ${
            event.via == 'beacon'
              ? 'sendBeacon'
              : event.via == 'fetch'
                ? 'fetch'
                : 'a client without Fetch Metadata (curl, a server)'
          }.`,
        );
        become('pending', 'The relay received it and has not decided yet.');
        break;
      case 'refused':
        if (event.worker) {
          // The page was answered "queued" long ago: this is the worker giving the lead up.
          step(at, 'relay', 'bad', `The queue's worker dropped it: ${event.reason}.`);
          become('refused', `The queue's worker dropped it (${event.code}): ${event.reason}.`);
          break;
        }
        step(
          at,
          'relay',
          'bad',
          `Refused it without calling PIMMS: ${event.status} ${event.code}: ${event.reason}.`,
        );
        become('refused', `The relay refused it (${event.status} ${event.code}): ${event.reason}.`);
        break;
      case 'duplicate':
        step(
          at,
          'relay',
          'info',
          `Recognised a resend of this eventId: answered ${event.status} as the first time, sent nothing to PIMMS.`,
        );
        become(
          'duplicate',
          `A resend of a lead the relay had already answered ${event.status}; its first send is no longer in this view.`,
        );
        break;
      case 'forwarded': {
        const up = event.upstreamStatus;
        step(
          at,
          'relay',
          isOk(up) ? 'ok' : isFinalRefusal(up) ? 'bad' : 'warn',
          event.worker
            ? `The queue's worker forwarded it to PIMMS, which answered ${up || 'nothing'} in ${event.ms} ms.`
            : `Forwarded it to PIMMS, which answered ${up || 'nothing'} in ${event.ms} ms; the relay answered the page ${event.status}.`,
        );
        if (isOk(up))
          become(
            'accepted',
            `PIMMS answered ${up}: it recorded the lead, or ignored it as a repeat of the same visitor and event (only the sandbox can tell).`,
          );
        else if (up == 409)
          become('repeat', repeatWhy(lastUpstream ?? { status: up }, upstreamName));
        else if (isFinalRefusal(up)) become('refused', refusalWhy(up));
        else become('retrying', downWhy(up, undefined));
        break;
      }
      case 'retry':
        retries++;
        lastRetryAfter = event.retryAfter;
        step(
          at,
          'relay',
          'warn',
          event.worker
            ? event.upstreamStatus !== undefined
              ? `The queue's worker forwarded it to PIMMS, which answered ${event.upstreamStatus}${event.ms !== undefined ? ` in ${event.ms} ms` : ''}: it tries again in ${event.retryAfter} s.`
              : `The queue's worker holds it ${event.retryAfter} s: ${event.reason}.`
            : event.upstreamStatus !== undefined
              ? `Forwarded it to PIMMS, which answered ${event.upstreamStatus}${event.ms !== undefined ? ` in ${event.ms} ms` : ''}: told the page to retry in ${event.retryAfter} s (${event.status}).`
              : `Told the page to retry in ${event.retryAfter} s (${event.status}): ${event.reason}.`,
        );
        become(
          'retrying',
          // The relay's reason only says more when PIMMS was not called (paused, a busy claim).
          downWhy(
            event.upstreamStatus ?? lastUpstream?.status,
            lastRetryAfter,
            event.upstreamStatus !== undefined ? undefined : event.reason,
            event.worker,
          ),
        );
        break;
      case 'queued':
        step(at, 'relay', 'info', `Queued it for the worker (${event.status}).`);
        become('queued', 'Accepted into the relay’s durable queue; the worker forwards it.');
        break;
    }
  }

  const final = state ?? 'pending';
  return {
    seq: group[group.length - 1]!.seq,
    key,
    ...facts,
    firstAt: group[0]!.at,
    lastAt: group[group.length - 1]!.at,
    state: final,
    label: LABELS[final],
    why: why || 'Nothing decided yet.',
    retries,
    attempts: via.length,
    via,
    steps,
  };
}

function repeatWhy(call: UpstreamCall, upstreamName: string): string {
  const lead = call.eventName ? `“${call.eventName}” lead` : 'lead of this event';
  const who = call.externalId ? `externalId ${call.externalId}` : 'this visitor';
  const answer =
    call.status == 409 ? 'refused it (409)' : `answered ${call.status} and recorded nothing`;
  // PIMMS takes the de-dup key before it looks the click up, for good: an earlier try refused for
  // an unknown click blocks the visitor and event without leaving a row.
  const has =
    call.recorded === false && !call.earlierAt
      ? `already took a ${lead} for ${who} (an earlier try holds its de-dup key, even one refused for an unknown click)`
      : `already has a ${lead} for ${who}`;
  return `A repeat of the same visitor and event: ${upstreamName} ${has}, so it ${answer}.`;
}

function refusalWhy(status: number): string {
  if (status == 404)
    return 'PIMMS knows no click with this id (404): the lead cannot be attributed.';
  if (status == 422) return 'PIMMS refused a field of the lead (422).';
  return `PIMMS refused the lead for good (${status}).`;
}

function downWhy(
  status: number | undefined,
  retryAfter?: number,
  reason?: string,
  worker?: boolean,
): string {
  const answered =
    status === undefined ? '' : status == 0 ? ' (no answer)' : ` (it answered ${status})`;
  const when = retryAfter === undefined ? '' : ` in ${retryAfter} s`;
  const keeper = worker
    ? "the relay's queue keeps the lead and its worker"
    : 'the snippet keeps the lead and';
  return `PIMMS is down${answered}: ${keeper} tries again${when}.${reason ? ` The relay said: ${reason}.` : ''}`;
}

/**
 * The time of day of an ISO 8601 instant, `HH:MM:SS`, in the playground's time zone.
 *
 * @param iso - E.g. `2026-12-01T19:55:02.123Z`.
 * @example
 * clock(new Date().toISOString()) // '19:55:02'
 */
export function clock(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}
