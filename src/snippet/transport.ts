/**
 * Sending one lead body to the endpoint, as text/plain JSON: a CORS-safelisted content type, so a
 * cross-origin endpoint gets no preflight, which a page that navigates away would not wait for
 * (https://fetch.spec.whatwg.org/#cors-safelisted-request-header). A string body is sent as
 * `text/plain;charset=UTF-8` by both `fetch` and `sendBeacon`.
 */

/** What the endpoint answered: `[status, retryAfterSeconds, errorMessage]`. Status 0: no answer (network error); -1: handed to `sendBeacon`, answer unknown. */
export type Reply = [status: number, retryAfter?: number, message?: string];

/** The status of a {@link Reply} for a lead handed to `navigator.sendBeacon`. */
export const BEACON = -1;

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
export function send(url: string, json: string, unloading?: boolean): Promise<Reply> {
  try {
    return unloading && beacon(url, json)
      ? Promise.resolve([BEACON])
      : fetch(url, { method: 'POST', body: json, keepalive: true }).then(
          (response) =>
            // The relay's error body is {error: {code, message}}. A 2xx body is not read: nothing in
            // it is needed, and digging a message out of it would throw (and build a stack) per lead.
            (response.ok
              ? Promise.resolve()
              : response.json().then((answer) => answer.error.message)
            )
              .catch(() => {})
              .then((message): Reply => [
                response.status,
                +response.headers.get('retry-after')!,
                message,
              ]),
          // A network error, or the page navigated away: Chromium rejects a keepalive fetch's promise
          // when its document unloads, though the request goes on. Either way no beacon here: it
          // would send the lead a second time.
          (): Reply => [0],
        );
  } catch {
    return Promise.resolve([beacon(url, json) ? BEACON : 0]);
  }
}

/**
 * Hands a body to `navigator.sendBeacon`, which may be missing, throw (a URL it refuses) or refuse
 * (over its quota).
 *
 * @returns True when the browser took it.
 */
function beacon(url: string, body: string): boolean {
  try {
    return navigator.sendBeacon(url, body);
  } catch {
    return false;
  }
}

/**
 * The landing request: tells the relay the click id of this landing, `POST <endpoint>?pimms_id=<id>`
 * with an empty body, so that it answers with a `Set-Cookie` of its own (a cookie set by the
 * site's server keeps its lifetime where Safari caps those written by script at 7 days). By
 * `sendBeacon` (credentials included, no preflight, survives a navigation), else `fetch` with
 * `keepalive` and `credentials: 'include'`, so that a relay on another origin of the same site may
 * set the cookie too. Nothing waits for the answer.
 *
 * @param url - The endpoint.
 * @param clickId - A plausible click id (URL-safe: sent as is).
 * @returns True when a request was handed to the browser.
 * @example
 * announceClickId('/api/pimms/lead', 'aB3xQ9kLm2Zp7Wq1') // POST /api/pimms/lead?pimms_id=aB3xQ9kLm2Zp7Wq1
 */
export function announceClickId(url: string, clickId: string): boolean {
  url += (url.indexOf('?') < 0 ? '?' : '&') + 'pimms_id=' + clickId;
  if (beacon(url, '')) return true;
  try {
    fetch(url, { method: 'POST', body: '', keepalive: true, credentials: 'include' }).catch(
      () => {},
    );
    return true;
  } catch {
    return false;
  }
}
