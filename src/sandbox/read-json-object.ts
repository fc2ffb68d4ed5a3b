/**
 * Reading a request body that must be a JSON object.
 */
import { apiError } from './api-error.ts';

/**
 * Parses the request body as a JSON object, or answers as the PIMMS API does when it is not one.
 *
 * @param request - A request whose body has not been read yet.
 * @returns The object, or the error response: 400 `bad_request` when the body is not JSON, 422
 * `unprocessable_entity` when it is JSON but not an object (the API's zod schema refuses it).
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
  if (typeof value != 'object' || value === null || Array.isArray(value)) {
    return apiError(422, 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
