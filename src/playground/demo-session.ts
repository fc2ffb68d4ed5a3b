/**
 * The demo site's pretend sign-in, and the relay's `enrich` that uses it: a real site would look
 * the signed-in user up from its session; the playground keeps a random user id in a cookie.
 */
import { randomBytes } from 'node:crypto';
import type { TrackLeadBody } from '../shared/lead.ts';

/** The cookie that says who is "signed in" on the demo site. Set by the welcome page. */
export const DEMO_USER_COOKIE = 'playground_user';

// What the welcome page writes; anything else in the cookie (edited by hand) is ignored.
const DEMO_USER_ID = /^user_[\w-]{8,32}$/;

/**
 * A cookie's value from a `Cookie` request header.
 *
 * @param header - The header, or `null` when the request had none.
 * @param name - The cookie's name.
 * @returns The value (URL-decoded where it can be), or `undefined`.
 * @example
 * readCookie('a=1; pimms_id=cl_x', 'pimms_id') // 'cl_x'
 */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() != name) continue;
    const value = pair.slice(at + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * The demo user id in the request's {@link DEMO_USER_COOKIE} cookie, if it holds one.
 *
 * @param request - Any request to the playground.
 * @example
 * signedInUser(request) // 'user_3kZ8q0Vb-9kLw' after a sign-up, else undefined
 */
export function signedInUser(request: Request): string | undefined {
  const id = readCookie(request.headers.get('cookie'), DEMO_USER_COOKIE);
  return id && DEMO_USER_ID.test(id) ? id : undefined;
}

/**
 * A `Set-Cookie` value that "signs in" a new demo user: what a real sign-up would do with a
 * session. HttpOnly, because only the server (the relay's `enrich`) needs it.
 *
 * @returns The header value and the new user id.
 * @example
 * const { id, setCookie } = newDemoUser(); // id 'user_…'
 */
export function newDemoUser(): { id: string; setCookie: string } {
  const id = 'user_' + randomBytes(9).toString('base64url');
  return { id, setCookie: `${DEMO_USER_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` };
}

/**
 * The playground relay's `enrich`: when the visitor is "signed in", the lead carries the user's id
 * as `externalId` instead of the snippet's anonymous visitor id, as a real site would do with its
 * session, so PIMMS ties the lead to the customer record the site knows. Otherwise the body is
 * forwarded as it came.
 *
 * @param request - The request to the relay (its cookies are the page's first-party cookies).
 * @param body - The lead, already checked.
 * @returns The lead to forward.
 * @example
 * createLeadRelay({ enrich: enrichFromDemoSession })
 */
export function enrichFromDemoSession(request: Request, body: TrackLeadBody): TrackLeadBody {
  const user = signedInUser(request);
  return user ? { ...body, externalId: user } : body;
}
