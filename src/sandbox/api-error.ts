/**
 * The PIMMS API's error body, `{error: {code, message}}`, with the code the `pimms` SDK expects.
 */
import type { ErrorBody } from '../shared/lead.ts';
import { jsonResponse } from './responses.ts';

/**
 * The `code` that goes with each status. For the statuses of `POST /track/lead` these are exactly
 * the enums of the `pimms` SDK's error classes (node_modules/pimms/src/models/errors): the SDK
 * rejects a body whose code is not its enum, and reports a validation error instead of the API's.
 * 405 has no SDK class; its code follows the same style.
 */
export const ERROR_CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'invite_expired',
  422: 'unprocessable_entity',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
} as const;

/** A status the sandbox can answer with an error body. */
export type ApiErrorStatus = keyof typeof ERROR_CODES;

/**
 * An error response in the PIMMS API's shape.
 *
 * @param status - The HTTP status; picks the `code`.
 * @param message - A human-readable explanation, naming the field at fault where there is one.
 * @param headers - Extra headers, e.g. `Allow` on a 405.
 * @example
 * apiError(400, 'externalId is required')
 * // 400 {"error":{"code":"bad_request","message":"externalId is required"}}
 */
export function apiError(
  status: ApiErrorStatus,
  message: string,
  headers?: Record<string, string>,
): Response {
  const body: ErrorBody = { error: { code: ERROR_CODES[status], message } };
  return jsonResponse(body, status, headers);
}
