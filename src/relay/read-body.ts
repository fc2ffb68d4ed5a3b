/**
 * Reads a lead request's body: accepted content types, a hard size bound, a JSON object.
 */
import { isJsonObject } from '../shared/is-json-object.ts';
import { failure, type RelayOutcome } from './answers.ts';

/** The body as a JSON object, or the error answer explaining why it is not one. */
export type BodyRead =
  { ok: true; value: Record<string, unknown> } | { ok: false; outcome: RelayOutcome };

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
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type != 'text/plain' && type != 'application/json') {
    return refuse(
      415,
      'unsupported_media_type',
      'Content-Type must be text/plain or application/json',
    );
  }
  const tooLarge = () =>
    refuse(413, 'payload_too_large', `the body is larger than ${maxBytes} bytes`);
  if (Number(request.headers.get('content-length')) > maxBytes) return tooLarge();

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          // Not awaited: some sources only settle a cancel once the peer stops sending.
          reader.cancel().catch(() => {});
          return tooLarge();
        }
        chunks.push(value);
      }
    } catch {
      return refuse(400, 'bad_request', 'the body could not be read');
    }
  }

  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refuse(400, 'bad_request', 'the body is not valid UTF-8 JSON');
  }
  if (!isJsonObject(value)) return refuse(400, 'bad_request', 'the body must be a JSON object');
  return { ok: true, value };
}

function refuse(status: number, code: string, message: string): BodyRead {
  return { ok: false, outcome: failure(status, code, message) };
}
