/**
 * `/`: the demo site's landing page, where the short link sends visitors with `?pimms_id=`.
 */
import { escapeHtml } from '../shared/escape-html.ts';
import { readCookie } from './demo-session.ts';
import type { Handler } from './router.ts';
import { sitePage, wantsDebug, whereLeadsGo, type SiteSettings } from './site-page.ts';

/** The demo short link, served by the sandbox. */
export const DEMO_LINK_PATH = '/go/demo';

/**
 * The landing page. It says, from the request, how the visitor's click id is known: from the
 * address (`?pimms_id=`, which the snippet is storing in the cookie), from an earlier cookie, or not
 * at all (then it points to the short link).
 *
 * @param settings - Where leads go.
 * @returns The page's handler.
 * @example
 * { path: '/', handler: only(['GET'], landingPage({})) }
 */
export function landingPage(settings: SiteSettings): Handler {
  return async (request) => {
    const fromUrl = new URL(request.url).searchParams.get('pimms_id')?.trim();
    const fromCookie = readCookie(request.headers.get('cookie'), 'pimms_id');
    const realApi = settings.pimmsApi
      ? ' With the real PIMMS API, the sandbox short link’s clicks are unknown there: make a PIMMS short link to this page and follow it instead.'
      : '';
    const click = fromUrl
      ? `You came from a PIMMS short link: this address carries <code>?pimms_id=${escapeHtml(fromUrl)}</code>, the id of your click.
The snippet has stored it in the first-party cookie <code>pimms_id</code>, so a sign-up on any page of this site is attributed to that click.`
      : fromCookie
        ? `Your <code>pimms_id</code> cookie holds <code>${escapeHtml(fromCookie)}</code> from an earlier click: a sign-up is attributed to it.`
        : `You came here directly, so there is no click to attribute a sign-up to. Follow the
<a href="${DEMO_LINK_PATH}">demo short link</a> first: it records a click and brings you back here with <code>?pimms_id=</code>.`;
    return sitePage({
      title: 'Notes that write themselves',
      debug: wantsDebug(request),
      body: `<p class="note">${click}${realApi}</p>
<p>Acme Notes turns your meetings into tidy notes. Try it free for 14 days.</p>
<p><a class="button" href="/signup">Sign up</a></p>
<p>${whereLeadsGo(settings)}</p>`,
    });
  };
}
