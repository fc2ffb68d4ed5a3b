/**
 * What an upstream error body said, dug out of the `pimms` SDK's error objects.
 */

/** The `{code, message}` an upstream error body carried, as far as it can be found. */
export interface UpstreamError {
  code?: string;
  message?: string;
}

/**
 * The code and message of the upstream error body behind an SDK error.
 *
 * The SDK keeps that body in a different place per error class: typed errors (`NotFound`, ...) in
 * `data$`, a schema mismatch (e.g. a code outside the SDK's enum) in `rawValue`, and an unexpected
 * status or content type as text in `body`.
 *
 * @param error - The `error` of the SDK's result.
 * @returns What was found; empty when nothing was.
 * @example
 * upstreamErrorOf(result.error) // { code: 'not_found', message: 'Click event not found for clickId: x' }
 */
export function upstreamErrorOf(error: unknown): UpstreamError {
  const holder = error as { data$?: unknown; rawValue?: unknown; body?: unknown } | undefined;
  let data = holder?.data$ ?? holder?.rawValue;
  if (data === undefined && typeof holder?.body == 'string') {
    try {
      data = JSON.parse(holder.body);
    } catch {
      data = undefined;
    }
  }
  const inner = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof inner?.code == 'string' ? inner.code : undefined,
    message: typeof inner?.message == 'string' ? inner.message : undefined,
  };
}

/**
 * The parsed body of a 2xx the SDK's schema refused (`SDKValidationError.rawValue`).
 *
 * @param error - The `error` of the SDK's result.
 * @example
 * rawValueOf(result.error) // { click: { id: 'c1' }, customer: {...} }
 */
export function rawValueOf(error: unknown): unknown {
  return (error as { rawValue?: unknown } | undefined)?.rawValue;
}
