/**
 * Sending one lead body to the endpoint, as text/plain JSON: a CORS-safelisted content type, so a
 * cross-origin endpoint gets no preflight, which a page that navigates away would not wait for
 * (https://fetch.spec.whatwg.org/#cors-safelisted-request-header). A string body is sent as
 * `text/plain;charset=UTF-8` by both `fetch` and `sendBeacon`.
 */
/** What the endpoint answered: `[status, retryAfterSeconds, errorMessage]`. Status 0: no answer (network error); -1: handed to `sendBeacon`, answer unknown. */
export type Reply = [status: number, retryAfter?: number, message?: string];
/** The status of a {@link Reply} for a lead handed to `navigator.sendBeacon`. */
export declare const BEACON = -1;
/**
 * Sends a JSON string. When the page is going away it goes by `navigator.sendBeacon` (the browser
 * delivers it after the page is gone, but its answer cannot be read); otherwise by `fetch` with
 * `keepalive` (it survives a navigation too, and its answer says whether to retry). When one is
 * missing or refuses (`sendBeacon` returns false, `fetch` throws), the other is tried.
 *
 * @param url - The endpoint.
 * @param json - The body.
 * @param unloading - True when the page is going away.
 * @returns The endpoint's answer; never rejects.
 * @example
 * const [status, retryAfter, message] = await send('/api/pimms/lead', JSON.stringify(body))
 */
export declare function send(url: string, json: string, unloading?: boolean): Promise<Reply>;
