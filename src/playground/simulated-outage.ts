/**
 * A PIMMS outage at the flick of a switch: while it is on, the sandbox's `POST /track/lead`
 * answers 503 as a PIMMS in trouble would, so a newcomer (and the browser test) can watch the
 * snippet keep a lead and the relay tell it to retry, then see it recorded once it is off.
 */
import type { Handler } from './router.ts';

/** Header on an answer of the simulated outage, so that the delivery view can say who answered. */
export const OUTAGE_HEADER = 'X-Playground-Outage';
/**
 * The `Retry-After` the outage answers with, in seconds: short, so the retry is soon seen (the
 * relay may tell the page to wait longer: it keeps at least 10 s after a 5xx).
 */
export const OUTAGE_RETRY_AFTER_SECONDS = 2;

/** The switch, from {@link createSimulatedOutage}. */
export interface SimulatedOutage {
  /** Whether `POST /track/lead` answers 503. */
  on: boolean;
  /**
   * Puts the outage in front of the sandbox's handler: lead posts get 503 while `on`; every
   * other request (short links, pages) goes through.
   */
  wrap(sandbox: Handler): Handler;
}

/**
 * Makes the outage switch, off.
 *
 * @example
 * const outage = createSimulatedOutage();
 * { path: '/track/lead', handler: outage.wrap(sandbox.handler) }
 * outage.on = true; // the relay now hears 503 from "PIMMS"
 */
export function createSimulatedOutage(): SimulatedOutage {
  const outage: SimulatedOutage = {
    on: false,
    wrap: (sandbox) => async (request) => {
      if (!outage.on || request.method != 'POST') return sandbox(request);
      // Drained so that the client's connection is reusable after the refusal.
      await request.arrayBuffer().catch(() => undefined);
      return new Response(
        JSON.stringify({
          error: {
            code: 'internal_server_error',
            message: 'PIMMS is down: an outage simulated by the playground',
          },
        }),
        {
          status: 503,
          headers: {
            'Content-Type': 'application/json',
            'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS),
            [OUTAGE_HEADER]: '1',
          },
        },
      );
    },
  };
  return outage;
}
