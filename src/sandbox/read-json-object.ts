/**
 * Reading a request body that must be a JSON object, for the sandbox's own `POST /links`
 * (`POST /track/lead` reads its body the way PIMMS does, in track-lead.ts).
 */
import { isJsonObject } from '../shared/is-json-object.ts';
import { apiError } from './api-error.ts';

/**
 * Parses the request body as a JSON object, or answers the error.
 *
 * @param request - A request whose body has not been read yet.
 * @returns The object, or the error response: 400 `bad_request` when the body is not JSON, 422
 * `unprocessable_entity` when it is JSON but not an object.
 * @example
 * const body = await readJsonObject(request);
 * if (body instanceof Response) return body;
 */
export async function readJsonObject(
  request: Request,
): Promise<Record<string, unknown> | Response> {
  let value: unknown;
  try {
    value = JSON.parse(await request.text());
  } catch {
    return apiError(400, 'Invalid JSON body');
  }
  if (!isJsonObject(value)) return apiError(422, 'The request body must be a JSON object');
  return value;
}
