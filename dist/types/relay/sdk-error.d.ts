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
export declare function upstreamErrorOf(error: unknown): UpstreamError;
/**
 * The parsed body of a 2xx the SDK's schema refused (`SDKValidationError.rawValue`).
 *
 * @param error - The `error` of the SDK's result.
 * @example
 * rawValueOf(result.error) // { click: { id: 'c1' }, customer: {...} }
 */
export declare function rawValueOf(error: unknown): unknown;
