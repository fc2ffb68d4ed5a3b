import { type RelayOutcome } from './answers.ts';
/** The body as a JSON object, or the error answer explaining why it is not one. */
export type BodyRead = {
    ok: true;
    value: Record<string, unknown>;
} | {
    ok: false;
    outcome: RelayOutcome;
};
/**
 * Reads the body of a POST as a JSON object of at most `maxBytes` bytes.
 *
 * Accepts `text/plain` (what the snippet and `navigator.sendBeacon` of a string send: a
 * CORS-safelisted type, so no preflight) and `application/json`, any parameters; else 415. A
 * `Content-Length` over the bound is refused before reading; the stream is counted as it is read
 * and cancelled as soon as it passes the bound, so a missing or lying length cannot make the
 * relay buffer more than `maxBytes` (+ one chunk). The text must be UTF-8.
 *
 * @param request - The incoming request.
 * @param maxBytes - The largest body accepted, in bytes.
 * @returns The object, or a 400, 413 or 415 outcome.
 * @example
 * const read = await readJsonBody(request, 16384);
 * if (!read.ok) return toResponse(read.outcome);
 */
export declare function readJsonBody(request: Request, maxBytes: number): Promise<BodyRead>;
